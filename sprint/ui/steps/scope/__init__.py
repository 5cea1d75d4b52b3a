"""Step 1's page views: rank and cut, edit the list, ROI and the cost of waiting."""
