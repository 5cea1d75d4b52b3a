"""Step 1: kill the perfect pilot. Rank features by dollars, draw the line, everything below is Phase 2."""

import streamlit as st

from sprint.dates import today_utc
from sprint.steps import SCOPE
from sprint.ui import shell, state
from sprint.ui.steps.scope import views as scope_views

store = state.store()
st.title(SCOPE.page_title)
st.caption(SCOPE.caption)
initiative = shell.require_initiative()
view = shell.view_switch(SCOPE.view_key, SCOPE.view_titles, SCOPE.view_slugs)
if view == "Rank and cut":
    scope_views.rank_view(store, initiative)
elif view == "Edit the list":
    scope_views.edit_view(store, initiative)
else:
    scope_views.roi_view(store, initiative, today_utc())
