"""Step 4: crawl-walk-run governance. One owner, 15-minute check-ins, a clear escalation path, seven rules."""

import streamlit as st

from sprint.dates import today_utc
from sprint.ui import governance_views, risk_views, shell, state

store = state.store()
today = today_utc()
st.title("Step 4 · Govern lightly")
st.caption("Weeks 4-5 of the roadmap: minimum viable governance that grows with use, crawl, walk, run.")
initiative = shell.require_initiative()
governance_views.owner_flag(initiative)
view = shell.view_switch("step4_view", ["Phase and checklist", "Check-ins", "Escalation and rules", "Risks",
                                        "Vendor exit"])
if view == "Phase and checklist":
    governance_views.phase_view(store, initiative, today)
elif view == "Check-ins":
    governance_views.checkin_view(store, initiative, today)
elif view == "Escalation and rules":
    governance_views.paths_view(store, initiative)
elif view == "Risks":
    risk_views.risk_view(store, initiative)
else:
    governance_views.vendor_view(store, initiative)
