"""Step 2: compliance built into the foundation. Sourced obligations, evidence, data register, bias, notices."""

import streamlit as st

from sprint.dates import today_utc
from sprint.ui import compliance_views, shell, state

store = state.store()
today = today_utc()
st.title("Step 2 · Build compliance in")
st.caption("Weeks 2-3 of the roadmap: the duties that apply, with evidence, from the start. Upfront testing cost one "
           "healthcare client $8,000; finding bias after the pilot cost $120,000 to rebuild.")
initiative = shell.require_initiative()
view = shell.view_switch("step2_view", ["Obligations", "Data register", "Bias screen", "Notices", "Audit trail"])
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
