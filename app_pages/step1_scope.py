"""Step 1: kill the perfect pilot. Rank features by dollars, draw the line, everything below is Phase 2."""

import streamlit as st

from sprint.dates import today_utc
from sprint.ui import scope_views, shell, state

store = state.store()
st.title("Step 1 · Cut the scope")
st.caption("Weeks 1-2 of the roadmap: rank every feature by the dollars and hours it saves, keep the top few, "
           "and move the rest to Phase 2.")
initiative = shell.require_initiative()
view = shell.view_switch("step1_view", ["Rank and cut", "Edit the list", "ROI and the cost of waiting"])
if view == "Rank and cut":
    scope_views.rank_view(store, initiative)
elif view == "Edit the list":
    scope_views.edit_view(store, initiative)
else:
    scope_views.roi_view(store, initiative, today_utc())
