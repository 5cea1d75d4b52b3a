"""Step 5, business outcomes: rules (progress, status, ROI and payback, pure), store (the metric definitions),
actuals (the monthly values), the success dashboard and its charts."""
