"""Step 3: the day in the life. How work really happens, and whether the AI fits it."""

import streamlit as st

from sprint.dates import today_utc
from sprint.steps import WORKFLOW
from sprint.ui import shell, state
from sprint.ui.steps.workflow import views as workflow_views

store = state.store()
today = today_utc()
st.title(WORKFLOW.page_title)
st.caption(WORKFLOW.caption)
initiative = shell.require_initiative()
view = shell.view_switch(WORKFLOW.view_key, WORKFLOW.view_titles, WORKFLOW.view_slugs)
if view == "The workflow":
    workflow_views.workflow_view(store, initiative)
elif view == "Shadow sessions":
    workflow_views.sessions_view(store, initiative, today)
elif view == "Habits and shadow IT":
    workflow_views.habits_view(store, initiative)
else:
    workflow_views.adoption_view(store, initiative, today)
