"""The database schema: the steps that make it (steps, one file per step) and applying them (migrations)."""
