"""Step 2: compliance built into the foundation. Sourced obligations, evidence, data register, bias, notices."""

import streamlit as st

from sprint.dates import today_utc
from sprint.steps import COMPLIANCE
from sprint.ui import shell, state
from sprint.ui.steps.compliance import views as compliance_views

store = state.store()
today = today_utc()
st.title(COMPLIANCE.page_title)
st.caption(COMPLIANCE.caption)
initiative = shell.require_initiative()
view = shell.view_switch(COMPLIANCE.view_key, COMPLIANCE.view_titles, COMPLIANCE.view_slugs)
if view == "Obligations":
    compliance_views.obligations_view(store, initiative, today)
elif view == "Data register":
    compliance_views.register_view(store, initiative)
elif view == "Bias screen":
    compliance_views.bias_view(store, initiative)
elif view == "Notices":
    compliance_views.notices_view(store, initiative)
else:
    compliance_views.trail_view(store, initiative)
