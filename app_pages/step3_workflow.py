"""Step 3: the day in the life. How work really happens, and whether the AI fits it."""

import streamlit as st

from sprint.dates import today_utc
from sprint.ui import shell, state, workflow_views

store = state.store()
today = today_utc()
st.title("Step 3 · A day in the life")
st.caption("Weeks 3-4 of the roadmap: shadow three real users, map the work as it really runs, and fit the AI "
           "into it instead of asking people to change their day.")
initiative = shell.require_initiative()
view = shell.view_switch("step3_view", ["The workflow", "Shadow sessions", "Habits and shadow IT", "Adoption"])
if view == "The workflow":
    workflow_views.workflow_view(store, initiative)
elif view == "Shadow sessions":
    workflow_views.sessions_view(store, initiative, today)
elif view == "Habits and shadow IT":
    workflow_views.habits_view(store, initiative)
else:
    workflow_views.adoption_view(store, initiative, today)
