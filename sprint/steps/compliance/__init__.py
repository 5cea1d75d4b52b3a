"""Step 2, build compliance in: the obligation catalog and what applies to an initiative (rules), statuses, evidence and the
register (store), the obligations chart (charts), the bias screen and the notices."""
