"""Step 4's page views: phase and checklist, check-ins, escalation and rules, vendor exit (views) and the risk
register (risks)."""
