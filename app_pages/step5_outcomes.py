"""Step 5: business outcomes. The live success dashboard, monthly entry by department, and set-up."""

import streamlit as st

from sprint.dates import today_utc
from sprint.permissions import Action, Role, why_not
from sprint.ui import shell, state
from sprint.ui.metric_dashboard import dashboard_view
from sprint.ui.metric_entry import entry_view
from sprint.ui.metric_forms import setup_view
from sprint.ui.text import md

store = state.store()
today = today_utc()
st.title("Step 5 · Business outcomes")
with st.container(key="page_intro"):  # hidden on a phone, where the form needs the room
    st.caption("Weeks 5-6 of the roadmap: measure dollars, hours and errors, not model scores.")
initiative = shell.require_initiative()
actor = state.actor()
views = ["Success dashboard", "Monthly entry", "Set up metrics"] if actor.role is not Role.VIEWER \
    else ["Success dashboard"]
if len(views) == 1:
    st.caption(f":material/visibility: {md(why_not(actor, Action.EDIT_DEPARTMENT_DATA, '') or '')}")
view = shell.view_switch("step5_view", views, {"Success dashboard": "dashboard", "Monthly entry": "entry",
                                                "Set up metrics": "setup"})

if view == "Success dashboard":
    dashboard_view(store, initiative, today)

elif view == "Monthly entry":
    entry_view(store, initiative, actor, today)

else:
    setup_view(store, initiative)
