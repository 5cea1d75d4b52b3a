"""Step 4: crawl-walk-run governance. One owner, 15-minute check-ins, a clear escalation path, seven rules."""

import streamlit as st

from sprint.dates import today_utc
from sprint.steps import GOVERNANCE
from sprint.ui import shell, state
from sprint.ui.steps.governance import risks as risk_views
from sprint.ui.steps.governance import views as governance_views

store = state.store()
today = today_utc()
st.title(GOVERNANCE.page_title)
st.caption(GOVERNANCE.caption)
initiative = shell.require_initiative()
governance_views.owner_flag(initiative)
view = shell.view_switch(GOVERNANCE.view_key, GOVERNANCE.view_titles, GOVERNANCE.view_slugs)
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
