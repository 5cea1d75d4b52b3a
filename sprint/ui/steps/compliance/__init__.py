"""Step 2's page views: obligations, the data register, the bias screen, notices and the audit trail."""
