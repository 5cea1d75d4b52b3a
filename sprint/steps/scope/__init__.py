"""Step 1, cut the scope: rules (ranking and the cut, pure), store (the feature list), charts, and the one-sentence
ROI test."""
