"""Step 3 on the projector: the workflow as it really runs, and weekly adoption."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprint.initiatives import Initiative
from sprint.steps.workflow import charts as workflow_charts
from sprint.steps.workflow import rules as workflow
from sprint.steps.workflow import store as workflow_store
from sprint.store import Store
from sprint.ui import room_questions, widgets
from sprint.ui.room import SCALE
from sprint.ui.text import md

PER_ROW = 5  # steps side by side across the projected width; a longer workflow continues on the next row


def screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    if room_questions.panel(store, initiative, "workflow", today):
        return  # the room is answering: its tally takes the screen
    steps = workflow_store.list_steps(store, initiative.id)
    if steps:
        _flow(steps)
    else:
        st.info("No workflow mapped yet.")
    weeks = workflow_store.adoption(store, initiative.id)
    if weeks:
        widgets.chart(workflow_charts.adoption_chart(weeks, scale=SCALE, height=120), scale=SCALE)


def _flow(steps) -> None:
    """The workflow across the whole width, one card per step in the room's body type (a drawn graph shrinks its
    type to fit): filled by system, a workaround dashed in red, an AI touchpoint outlined in bold blue."""
    colours = workflow.system_colours(steps)
    css = []
    for start in range(0, len(steps), PER_ROW):
        row = steps[start:start + PER_ROW]
        for k, (column, s) in enumerate(zip(st.columns(PER_ROW), row, strict=False)):
            n = start + k + 1
            ai = s.ai_touch != "none"
            outline = (workflow.AI_OUTLINE if ai else
                       workflow.WORKAROUND_OUTLINE if not s.official else workflow.PLAIN_OUTLINE)
            css.append(f".st-key-flow_step_{n} {{ background: {colours[s.system.strip().casefold()]}; "
                       f"border: {4 if ai else 2}px {'dashed' if not s.official else 'solid'} {outline}; "
                       "border-radius: 0.8rem; padding: 0.6rem 0.8rem; }")
            with column.container(key=f"flow_step_{n}"):
                st.markdown(f"**{n}. {md(s.activity or s.actor)}**  \n{md(s.actor) if s.activity else ''}")
                st.caption(f"{md(s.system)} · {s.minutes:g} min"
                           + ("" if s.official else " · workaround") + (f" · **AI {md(s.ai_touch)}**" if ai else ""))
    # Our own CSS (colours from the palette, numbered keys): no typed text is ever put into it.
    st.html("<style>" + "\n".join(css) + "</style>")
