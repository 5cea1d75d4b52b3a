"""Step 3's page views: the workflow, shadow sessions, habits and shadow IT, adoption."""
