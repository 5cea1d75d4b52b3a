"""Step 5: business outcomes. The live success dashboard, monthly entry by department, and set-up."""

import streamlit as st

from sprint.dates import today_utc
from sprint.permissions import Action, Role, why_not
from sprint.steps import OUTCOMES
from sprint.ui import shell, state
from sprint.ui.steps.outcomes.dashboard import dashboard_view
from sprint.ui.steps.outcomes.entry import entry_view
from sprint.ui.steps.outcomes.setup import setup_view
from sprint.ui.text import md

store = state.store()
today = today_utc()
st.title(OUTCOMES.page_title)
with st.container(key="page_intro"):  # hidden on a phone, where the form needs the room
    st.caption(OUTCOMES.caption)
initiative = shell.require_initiative()
actor = state.actor()
views = OUTCOMES.view_titles if actor.role is not Role.VIEWER else OUTCOMES.view_titles[:1]
if len(views) == 1:
    st.caption(f":material/visibility: {md(why_not(actor, Action.EDIT_DEPARTMENT_DATA, '') or '')}")
view = shell.view_switch(OUTCOMES.view_key, views, OUTCOMES.view_slugs)

if view == "Success dashboard":
    dashboard_view(store, initiative, today)

elif view == "Monthly entry":
    entry_view(store, initiative, actor, today)

else:
    setup_view(store, initiative)
