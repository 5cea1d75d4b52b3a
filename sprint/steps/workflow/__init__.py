"""Step 3, a day in the life: rules (what the real workflow tells, pure), store (shadow sessions, steps, habits,
shadow IT, adoption) and charts."""
