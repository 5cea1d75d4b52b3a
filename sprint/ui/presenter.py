"""Presenter mode: the sprint as a story for the room. Read-only screens in the roadmap's order, large type,
Previous / Next, and figures that refresh on their own when someone saves."""

from __future__ import annotations

import datetime as dt
import io

import segno
import streamlit as st

from sprint import (
    actuals,
    charts,
    compliance_catalog,
    compliance_charts,
    compliance_store,
    features,
    governance,
    plan,
    plan_charts,
    plan_store,
    portfolio,
    scope,
    scope_charts,
    workflow,
    workflow_charts,
)
from sprint.initiatives import Initiative
from sprint.store import Store
from sprint.ui import state, widgets
from sprint.ui.metric_dashboard import TABLE_COLUMNS, _bundle
from sprint.ui.text import md

SCALE = 1.4  # charts' type and marks, for the back of the room
POLL_SECONDS = 5  # 20 rooms' screens polling every 3 s cost the server 0.64 cores; every 5 s stays under half
SCREENS = ("Overview", "90-day plan", "Step 1 · Scope", "Step 2 · Compliance", "Step 3 · Day in the life",
           "Step 4 · Governance", "Step 5 · Outcomes")
# The page a facilitator was on decides the first screen when they start presenting.
FROM_PAGE = {"": 0, "plan": 1, "scope": 2, "compliance": 3, "workflow": 4, "governance": 5, "outcomes": 6}
PRESENTING, SCREEN, SEEN = "presenting", "present_screen", "present_seen"


def presenting() -> bool:
    if st.query_params.get("present") == "1":
        st.session_state[PRESENTING] = True
    return bool(st.session_state.get(PRESENTING))


def start(page_path: str) -> None:
    st.session_state[PRESENTING] = True
    st.session_state[SCREEN] = FROM_PAGE.get(page_path, 0)
    st.query_params["present"] = "1"


def stop() -> None:
    st.session_state[PRESENTING] = False
    st.query_params.pop("present", None)


def _live() -> None:
    """Polls the store's last-change value (held in memory: no query) and redraws the page only if it moved."""
    change = state.store().last_change()
    if st.session_state.get(SEEN) not in (None, change):
        st.session_state[SEEN] = change
        st.rerun(scope="app")
    st.session_state[SEEN] = change
    st.caption(":material/sensors: Live: figures update on their own when someone saves.")


def frame(initiative: Initiative | None) -> int:
    """The header row (Previous, the screen's name, Next, Stop) and the live poller; returns the screen."""
    index = st.session_state.setdefault(SCREEN, 0)
    left, middle, right, end = st.columns([1, 6, 1, 1.4], vertical_alignment="center")
    if left.button("◀ Previous", key="present_prev", disabled=index == 0, width="stretch"):
        st.session_state[SCREEN] = index - 1
        st.rerun()
    if right.button("Next ▶", key="present_next", disabled=index == len(SCREENS) - 1, width="stretch"):
        st.session_state[SCREEN] = index + 1
        st.rerun()
    if end.button("Stop presenting", key="present_stop", width="stretch"):
        stop()
        st.rerun()
    middle.title(SCREENS[index], anchor=False)
    if initiative and index > 0:
        st.subheader(md(initiative.name), anchor=False)
    st.fragment(_live, run_every=POLL_SECONDS)()
    return index


def join_panel() -> None:
    """A QR code for phones in the room, pointing at the monthly entry page of this app."""
    url = st.context.url or ""
    base = url.split("?")[0].rstrip("/")
    for suffix in ("/outcomes", "/plan", "/scope", "/compliance", "/workflow", "/governance"):
        base = base.removesuffix(suffix)
    target = f"{base}/outcomes" if base else "/outcomes"
    buffer = io.BytesIO()
    segno.make(target, error="m").save(buffer, kind="png", scale=6, border=2)
    st.image(buffer.getvalue(), width=180)
    st.caption(f"Enter your numbers: {md(target)}")


def overview_screen(store: Store, today: dt.date) -> None:
    active = state.active_initiatives()
    pictures = state.pictures(today)
    numbers = portfolio.summary(active, today)
    cols = st.columns([1, 1, 1, 1, 1.3])
    cols[0].metric("Initiatives", numbers.active)
    cols[1].metric("In production", numbers.in_production)
    cols[2].metric("Past day 90, still a pilot", numbers.stuck_in_pilot)
    cols[3].metric("With red flags", sum(1 for p in pictures if p.red_flags))
    with cols[4]:
        join_panel()
    if active:
        widgets.chart(charts.sprint_position_chart(active, today, scale=SCALE), scale=SCALE)
        st.dataframe(portfolio.readiness_table(pictures, today), hide_index=True, width="stretch",
                     column_config={c: st.column_config.ProgressColumn(c, min_value=0, max_value=100, format="%d%%")
                                    for c in portfolio.STEP_COLUMNS})


def plan_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    day = initiative.day(today)
    widgets.chart(plan_charts.timeline_chart(day if 1 <= day <= 90 else None, scale=SCALE), scale=SCALE)
    latest = plan.latest(plan_store.launch_volume(store, initiative.id))
    st.metric("Share of volume in production", "–" if latest is None else f"{latest:g}%",
              help="The limited launch: 10-20%.")


def scope_screen(store: Store, initiative: Initiative) -> None:
    items = features.list_features(store, initiative.id)
    if not items:
        st.info("No features listed yet.")
        return
    ranked = scope.rank([f.candidate() for f in items], initiative.hourly_rate)
    core = features.core_keys(items, ranked)
    st.header(md(scope.summarize_cut(ranked, core).sentence), anchor=False)
    rule = {c.key for c in scope.volume_rule_set([f.candidate() for f in items])}
    widgets.chart(scope_charts.pareto_chart(ranked, core, rule, scale=SCALE), scale=SCALE)


def compliance_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    profile, _ = compliance_store.profile(store, initiative.id)
    items = compliance_catalog.applicability(compliance_catalog.load(), profile)
    found = compliance_store.statuses(store, initiative.id)
    overdue, soon = compliance_store.deadlines(items, found, today)
    cols = st.columns(3)
    cols[0].metric("Overdue", len(overdue))
    cols[1].metric("Due within 14 days", len(soon))
    standings = compliance_store.standing(items, found)
    total = sum(x.applicable for x in standings)
    cols[2].metric("Done", f"{sum(x.done for x in standings) / total:.0%}" if total else "–")
    widgets.chart(compliance_charts.status_matrix(items, found, scale=SCALE), scale=SCALE)
    st.caption(md(compliance_catalog.NOT_LEGAL_ADVICE))


def workflow_screen(store: Store, initiative: Initiative) -> None:
    from sprint import workflow_store

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


def governance_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    from sprint import governance_store

    phase = governance.phase_on(initiative.start_date, today)
    checkins = governance_store.list_checkins(store, initiative.id)
    rhythm = governance.rhythm([(c.held_on, c.minutes) for c in checkins], today)
    cols = st.columns(4)
    cols[0].metric("Phase", (phase or "not started").capitalize())
    cols[1].metric("Weeks in a row with a check-in", rhythm.streak)
    cols[2].metric("Missed weeks", len(rhythm.missed))
    cols[3].metric("Owner can spend", "yes" if initiative.budget_authority else "NO")
    items = [i for i in governance_store.checklist(store, initiative.id) if i.phase == phase]
    for item in items:
        st.markdown(f"### {':green[:material/check_box:]' if item.done else ':red[:material/check_box_outline_blank:]'} "
                    f"{md(item.label)}")


def outcomes_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    from sprint import config, outcomes

    bundle = _bundle(str(config.db_path()), initiative.id, None, store.last_change(), today, SCALE)
    counts, curve = bundle["counts"], bundle["curve"]
    cols = st.columns(4)
    cols[0].metric("On track", f"{counts[outcomes.ON_TRACK]} of {len(bundle['items'])}")
    cols[1].metric("At risk", counts[outcomes.AT_RISK])
    cols[2].metric("Off track", counts[outcomes.OFF_TRACK])
    cols[3].metric("ROI to date", f"{curve[-1].roi_pct:+.0f}%" if curve else "–")
    widgets.status_table(bundle["table"], "Status", hide_index=True, width="stretch", column_config=TABLE_COLUMNS)
    widgets.chart(bundle["gap_spec"])


def show(index: int, store: Store, initiative: Initiative | None, today: dt.date) -> None:
    if index == 0 or initiative is None:
        overview_screen(store, today)
    elif index == 1:
        plan_screen(store, initiative, today)
    elif index == 2:
        scope_screen(store, initiative)
    elif index == 3:
        compliance_screen(store, initiative, today)
    elif index == 4:
        workflow_screen(store, initiative)
    elif index == 5:
        governance_screen(store, initiative, today)
    else:
        outcomes_screen(store, initiative, today)


__all__ = ["PRESENTING", "SCREENS", "frame", "presenting", "show", "start", "stop", "actuals"]
