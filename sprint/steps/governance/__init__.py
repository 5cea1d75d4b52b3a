"""Step 4, govern lightly: rules (crawl, walk, run and the check-in rhythm, pure), store (checklists, check-ins,
the escalation path, rules, vendor exit) and the risk register."""
