"""Step 4 on the projector: the phase, the check-in rhythm, this phase's checklist and the core rules."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprint.initiatives import Initiative
from sprint.steps.governance import rules as governance
from sprint.steps.governance import store as governance_store
from sprint.store import Store
from sprint.ui import room_questions
from sprint.ui.text import md


def screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    if room_questions.panel(store, initiative, "governance", today):
        return  # the room is answering: its tally takes the screen
    phase = governance.phase_on(initiative.start_date, today)
    checkins = governance_store.list_checkins(store, initiative.id)
    rhythm = governance.rhythm([(c.held_on, c.minutes) for c in checkins], today)
    cols = st.columns(4)
    cols[0].metric("Phase", (phase or "not started").capitalize())
    cols[1].metric("Weeks in a row with a check-in", rhythm.streak)
    cols[2].metric("Missed weeks", len(rhythm.missed))
    cols[3].metric("Owner can spend", "yes" if initiative.budget_authority else "NO")
    items = [i for i in governance_store.checklist(store, initiative.id) if i.phase == phase]
    left, right = st.columns([1, 1])
    with left:
        st.markdown(f"**This phase's checklist** · owner: {md(initiative.owner or 'nobody yet')}"
                    + (f", {md(initiative.owner_role)}" if initiative.owner_role else ""))
        for item in items:
            st.markdown(f"### {':green[:material/check_box:]' if item.done else ':red[:material/check_box_outline_blank:]'} "
                        f"{md(item.label)}")
    with right:
        rules = governance_store.list_rules(store, initiative.id)
        st.markdown(f"**The core rules: {len(rules)}**" + (" (more than 7: too many to remember)"
                                                           if len(rules) > governance.MAX_CORE_RULES else ""))
        if rules:
            st.markdown("\n".join(f"{n}. {md(rule)}" for n, (rule, _) in enumerate(rules, start=1)))
        else:
            st.caption("No rules written yet.")
