"""Step 5's page views: the success dashboard, monthly entry and setting up metrics."""
