"""Step 3 on the projector: the workflow as it really runs, and weekly adoption."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprint.initiatives import Initiative
from sprint.steps.workflow import charts as workflow_charts
from sprint.steps.workflow import rules as workflow
from sprint.steps.workflow import store as workflow_store
from sprint.store import Store
from sprint.ui import widgets
from sprint.ui.room import SCALE


def screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    steps = workflow_store.list_steps(store, initiative.id)
    left, right = st.columns([2, 3])
    with left:
        if steps:
            st.graphviz_chart(workflow.flow_dot(steps, font_size=20), width="content")
        else:
            st.info("No workflow mapped yet.")
    with right:
        weeks = workflow_store.adoption(store, initiative.id)
        if weeks:
            widgets.chart(workflow_charts.adoption_chart(weeks, scale=SCALE), scale=SCALE)
