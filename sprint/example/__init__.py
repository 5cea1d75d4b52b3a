"""The example sprint: build (the portfolio from the roadmap's own cases), story (the initiatives a visitor meets
first, step by step) and rows (one helper per table)."""
