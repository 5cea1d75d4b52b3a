"""Step 1: kill the perfect pilot. Rank features by dollars, draw the line, everything below is Phase 2."""

import streamlit as st

from sprint.dates import today_utc
from sprint.ui import scope_views, state

store = state.store()
initiative = state.current_initiative(state.active_initiatives())
st.title("Step 1 · Cut the scope")
st.caption("Weeks 1-2 of the roadmap: rank every feature by the dollars and hours it saves, keep the top few, "
           "and move the rest to Phase 2.")
if initiative is None:
    st.info("Create an initiative (or load the example sprint) on the Overview first.", icon=":material/info:")
    st.page_link("app_pages/overview.py", label="Go to the Overview", icon=":material/dashboard:")
    st.stop()

VIEWS = ["Rank and cut", "Edit the list", "ROI and the cost of waiting"]
state.remembered("step1_view", VIEWS, VIEWS[0])
view = st.segmented_control("View", VIEWS, key="step1_view", label_visibility="collapsed") or VIEWS[0]
state.keep("step1_view", view)
if view == VIEWS[0]:
    scope_views.rank_view(store, initiative)
elif view == VIEWS[1]:
    scope_views.edit_view(store, initiative)
else:
    scope_views.roi_view(store, initiative, today_utc())
