"""The 90-day plan: rules (the three 30-day blocks, the steps' weeks, the checklists, pure), store (ticked items,
the limited launch's volume) and charts."""
