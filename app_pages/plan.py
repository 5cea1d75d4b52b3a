"""The 90-day plan: one timeline with today marked, the Week 1 and per-block checklists, the limited launch."""

from functools import partial

import streamlit as st

from sprint.dates import today_utc
from sprint.plan import charts as plan_charts
from sprint.plan import rules as plan
from sprint.plan import store as plan_store
from sprint.ui import shell, state, widgets
from sprint.ui.text import md

store = state.store()
today = today_utc()
st.title("The 90-day sprint")
st.caption("Days 1-30 strip and secure, days 31-60 fit and test, days 61-90 launch to 10-20% of volume and measure.")
initiative = shell.require_initiative()
day = initiative.day(today)
widgets.chart(plan_charts.timeline_chart(day if 1 <= day <= 90 else None))
st.caption(f"'{md(initiative.name)}': {initiative.day_text(today)}.")

ticked = plan_store.ticks(store, initiative.id)
columns = st.columns(len(plan.SECTIONS))
change = store.last_change()
for column, (section, items) in zip(columns, plan.SECTIONS.items(), strict=True):
    with column:
        st.markdown(f"**{section.capitalize()}**")
        for n, label in enumerate(items):
            done = (section, label) in ticked
            value = st.checkbox(label, value=done, key=f"plan_{section}_{n}_{change}",
                                help=f"Ticked by {ticked[(section, label)][0]} on {ticked[(section, label)][1]:%d %b}"
                                if done else None)
            if value != done:
                shell.save_then_rerun(
                    partial(plan_store.tick, store, state.actor(), initiative.id, section, label, value),
                    f"{'Ticked' if value else 'Unticked'} '{md(label)}'.")

st.subheader("The limited launch")
entries = plan_store.launch_volume(store, initiative.id)
latest = plan.latest(entries)
st.metric("Share of volume in production", plan.launch_share_text(latest), help="The roadmap: 10-20%.")
st.caption(plan.launch_status(latest, initiative.stage).capitalize() + ".")
if entries:
    widgets.chart(plan_charts.launch_chart(entries))
with st.form(f"launch_{initiative.id}", border=True):
    a, b = st.columns(2)
    on_date = a.date_input("On", value=today, format="YYYY-MM-DD", key="launch_date")
    share = b.text_input("Share of volume running in production (%)", key="launch_share", placeholder="e.g. 12")
    if st.form_submit_button("Record", type="primary"):
        shell.save_then_rerun(
            lambda: plan_store.record_launch(store, state.actor(), initiative.id, on_date, share, today=today),
            "Recorded the launch volume.")
