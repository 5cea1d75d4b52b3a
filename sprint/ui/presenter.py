"""Presenter mode: the sprint as a story for the room. Read-only screens in the roadmap's order, large type,
Previous / Next, and figures that refresh on their own when someone saves."""

from __future__ import annotations

import datetime as dt
import io

import segno
import streamlit as st

from sprint import portfolio
from sprint.access import join_link
from sprint.initiatives import Initiative
from sprint.plan import charts as plan_charts
from sprint.plan import rules as plan
from sprint.plan import store as plan_store
from sprint.steps import OUTCOMES, STEPS
from sprint.steps.compliance import charts as compliance_charts
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance import store as compliance_store
from sprint.steps.governance import rules as governance
from sprint.steps.outcomes import actuals, dashboard
from sprint.steps.scope import charts as scope_charts
from sprint.steps.scope import rules as scope
from sprint.steps.scope import store as features
from sprint.steps.workflow import charts as workflow_charts
from sprint.steps.workflow import rules as workflow
from sprint.store import Store
from sprint.ui import state, widgets
from sprint.ui.steps.outcomes.dashboard import dashboard_bundle
from sprint.ui.text import md
from sprint.values import format_value

SCALE = 1.4  # charts' type and marks, for the back of the room
POLL_SECONDS = 5  # 20 rooms' screens polling every 3 s cost the server 0.64 cores; every 5 s stays under half
SCREENS = ("Overview", "90-day plan", *(step.label for step in STEPS))
# Each screen's name in the address (`?present=1&screen=outcomes`), the same as its page's address, so the
# page a facilitator was on decides the first screen when they start presenting.
SCREEN_SLUGS = ("overview", "plan", *(step.slug for step in STEPS))
PRESENTING, SCREEN, SEEN = "presenting", "present_screen", "present_seen"
PRESENT_PARAM, SCREEN_PARAM = "present", "screen"
QR_SCREENS = (0, SCREEN_SLUGS.index(OUTCOMES.slug))  # where the room is asked to type numbers: the Overview and Step 5


def presenting() -> bool:
    if st.query_params.get(PRESENT_PARAM) == "1":
        st.session_state[PRESENTING] = True
    return bool(st.session_state.get(PRESENTING))


def start(page_path: str) -> None:
    st.session_state[PRESENTING] = True
    screen = SCREEN_SLUGS.index(page_path) if page_path in SCREEN_SLUGS else 0
    st.session_state[SCREEN] = screen
    st.query_params[PRESENT_PARAM] = "1"
    st.query_params[SCREEN_PARAM] = SCREEN_SLUGS[screen]
    for name in ("view", "department"):  # a page's own state; the presenter has screens instead
        st.query_params.pop(name, None)


def stop() -> None:
    st.session_state[PRESENTING] = False
    st.query_params.pop(PRESENT_PARAM, None)
    st.query_params.pop(SCREEN_PARAM, None)


def _live() -> None:
    """Polls the store's last-change value (held in memory: no query) and redraws the page only if it moved."""
    change = state.store().last_change()
    if st.session_state.get(SEEN) not in (None, change):
        st.session_state[SEEN] = change
        st.rerun(scope="app")
    st.session_state[SEEN] = change


def current_screen() -> int:
    """The screen the address names (a reload or a second screen shows the same), else this session's."""
    asked = st.query_params.get(SCREEN_PARAM)
    if asked in SCREEN_SLUGS:
        st.session_state[SCREEN] = SCREEN_SLUGS.index(asked)
    index = st.session_state.setdefault(SCREEN, 0)
    if asked != SCREEN_SLUGS[index]:
        st.query_params[SCREEN_PARAM] = SCREEN_SLUGS[index]
    return index


def _go(index: int) -> None:
    st.session_state[SCREEN] = index
    st.query_params[SCREEN_PARAM] = SCREEN_SLUGS[index]


def _switch_initiative() -> None:
    chosen = st.session_state.get("present_initiative")
    if chosen is not None:
        state.set_current_initiative(chosen)


def frame(initiative: Initiative | None) -> int:
    """The header (Previous, the screen and its initiative, the initiative switcher, Next, Stop) and the live
    poller; returns the screen."""
    index = current_screen()
    back, middle, switch, ahead, end = st.columns([0.7, 5, 3.2, 0.7, 1.1], vertical_alignment="center")
    back.button("", icon=":material/arrow_back:", key="present_prev", disabled=index == 0, width="stretch",
                help=f"Previous: {SCREENS[index - 1]}" if index else None, on_click=_go, args=(index - 1,))
    ahead.button("", icon=":material/arrow_forward:", key="present_next", disabled=index == len(SCREENS) - 1,
                 width="stretch", help=f"Next: {SCREENS[index + 1]}" if index < len(SCREENS) - 1 else None,
                 on_click=_go, args=(index + 1,))
    if end.button("Stop", icon=":material/close:", key="present_stop", width="stretch", help="Stop presenting"):
        stop()
        st.rerun()
    middle.title(SCREENS[index], anchor=False)
    middle.caption(f"Screen {index + 1} of {len(SCREENS)} · :material/sensors: live",
                   help="Figures update on their own within seconds of someone saving.")
    active = state.active_initiatives()
    if initiative is not None:
        names = {i.id: i.name for i in active}
        st.session_state["present_initiative"] = initiative.id
        switch.selectbox("Initiative on screen", list(names), format_func=names.get, key="present_initiative",
                         on_change=_switch_initiative, label_visibility="collapsed",
                         help="The initiative these screens show, and where the room's QR code leads.")
    st.fragment(_live, run_every=POLL_SECONDS)()
    return index


@st.cache_resource(ttl=300, show_spinner=False)
def _network_addresses() -> list[str]:
    # Asked of the OS (a host-name lookup among it) at most every 5 minutes, not on every live refresh.
    return join_link.network_addresses()


@st.cache_resource(max_entries=16, show_spinner=False)
def _qr_png(target: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(target, error="m").save(buffer, kind="png", scale=5, border=2)
    return buffer.getvalue()


def public_address() -> join_link.PublicAddress:
    """Where phones in the room can reach this app (see `sprint.join_link`)."""
    return join_link.public_address(
        configured=join_link.configured_public_url(), browser_url=st.context.url or "",
        listen_address=str(st.get_option("server.address") or ""), port=int(st.get_option("server.port")),
        base_path=str(st.get_option("server.baseUrlPath") or ""), lan_addresses=_network_addresses())


def join_panel(initiative: Initiative | None) -> None:
    """A QR code for phones in the room: the presented initiative's monthly entry form."""
    if initiative is None:
        return
    address = public_address()
    target = join_link.entry_link(address.base, state.slug_of(initiative))
    st.image(_qr_png(target), width=170)
    st.markdown(f"**Scan to enter your numbers** for {md(initiative.name)}")
    with st.container(key="join_target"):
        st.caption(md(target))
    if address.warning:
        st.warning(address.warning, icon=":material/wifi_off:")


def overview_screen(store: Store, today: dt.date, initiative: Initiative | None = None) -> None:
    active = state.active_initiatives()
    pictures = state.pictures(today)
    numbers = portfolio.summary(active, today)
    main, side = st.columns([4, 1.1])
    with main:
        cols = st.columns(4)
        cols[0].metric("Initiatives", numbers.active)
        cols[1].metric("In production", numbers.in_production)
        cols[2].metric("Past day 90, still a pilot", numbers.stuck_in_pilot)
        cols[3].metric("With red flags", sum(1 for p in pictures if p.red_flags))
        if len(pictures) > portfolio.FILTERS_FROM:  # a room reads a few rows: those needing attention first
            urgent = portfolio.attention(pictures, limit=8) or pictures[:8]
            st.markdown(f"**The {len(urgent)} needing attention first, of {len(pictures):,}**")
            st.table(_literal(portfolio.room_table(urgent, today)), hide_index=True, border="horizontal")
        elif active:
            st.table(_literal(portfolio.room_table(pictures, today)), hide_index=True, border="horizontal")
        else:
            st.info("No initiatives yet. Stop presenting, then load the example sprint or create an initiative on "
                    "the Overview: these screens fill in as you go.", icon=":material/rocket_launch:")
    with side:
        join_panel(initiative)


def _literal(frame):
    """st.table renders Markdown in its cells: every text cell escaped, so an initiative named
    '[win](https://x)' or '![](https://x/p.png)' is shown as typed, never as a link or a fetched image."""
    return frame.map(lambda v: md(v) if isinstance(v, str) else v)


def plan_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    day = initiative.day(today)
    timeline, side = st.columns([5, 1])  # the launch figure beside the timeline: both on one projected screen
    with timeline:
        widgets.chart(plan_charts.timeline_chart(day if 1 <= day <= 90 else None, scale=SCALE), scale=SCALE)
    latest = plan.latest(plan_store.launch_volume(store, initiative.id))
    side.metric("Volume in production", "–" if latest is None else f"{latest:g}%",
                help="The limited launch of days 61-90: 10-20% of the volume.")
    side.caption(initiative.day_text(today))


def scope_screen(store: Store, initiative: Initiative) -> None:
    items = features.list_features(store, initiative.id)
    if not items:
        st.info("No features listed yet.")
        return
    ranked = scope.rank([f.candidate() for f in items], initiative.hourly_rate)
    core = features.core_keys(items, ranked)
    st.subheader(md(scope.summarize_cut(ranked, core).sentence), anchor=False)
    rule = {c.key for c in scope.volume_rule_set([f.candidate() for f in items])}
    chart, names = st.columns([3, 2])
    with chart:
        widgets.chart(scope_charts.pareto_chart(ranked, core, rule, scale=SCALE), scale=SCALE)
        if len(ranked) > scope_charts.CHARTED_MAX:
            st.caption(f"The top {scope_charts.CHARTED_MAX} of {len(ranked):,} features.")
    with names:
        kept = [r for r in ranked if r.candidate.key in core]
        st.markdown(f"**The core: {len(kept):,} of {len(ranked):,}**")
        st.markdown("\n".join(f"{r.rank}. {md(r.candidate.name)} · {format_value(r.impact, '$/month')}"
                                for r in kept[:12]) + (f"\n\n…and {len(kept) - 12:,} more" if len(kept) > 12 else ""))
        if len(ranked) > len(kept):
            st.caption(f"Phase 2: the other {len(ranked) - len(kept):,}.")


def compliance_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    profile, _ = compliance_store.profile(store, initiative.id)
    items = compliance_catalog.applicability(compliance_catalog.load(), profile)
    found = compliance_store.statuses(store, initiative.id)
    overdue, soon = compliance_store.deadlines(items, found, today)
    cols = st.columns(3)
    cols[0].metric("Overdue", len(overdue))
    cols[1].metric("Due within 14 days", len(soon))
    standings = compliance_store.standing(items, found, today)
    total = sum(x.applicable for x in standings)
    upcoming = sum(x.upcoming for x in standings)
    cols[2].metric("In force: done", f"{sum(x.done for x in standings) / total:.0%}" if total else "–",
                   help=f"{upcoming} more take effect later" if upcoming else None)
    widgets.chart(compliance_charts.status_matrix(items, found, today, scale=SCALE), scale=SCALE)
    st.caption(md(compliance_catalog.NOT_LEGAL_ADVICE))


def workflow_screen(store: Store, initiative: Initiative) -> None:
    from sprint.steps.workflow import store as workflow_store

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
    from sprint.steps.governance import store as governance_store

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


def outcomes_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    from sprint import config
    from sprint.steps.outcomes import rules as outcomes

    bundle = dashboard_bundle(str(config.db_path()), initiative.id, None, store.last_change(), today, SCALE)
    counts, curve = bundle["counts"], bundle["curve"]
    cols = st.columns(4)
    cols[0].metric("On track", f"{counts[outcomes.ON_TRACK]} of {len(bundle['items'])}")
    cols[1].metric("At risk", counts[outcomes.AT_RISK])
    cols[2].metric("Off track", counts[outcomes.OFF_TRACK])
    cols[3].metric(outcomes.ROI_LABEL, f"{curve[-1].roi_pct:+.0f}%" if curve else "–", help=outcomes.ROI_HOW)
    table, side = st.columns([4, 1.1])
    with table:
        if bundle["items"]:
            widgets.room_status_table(dashboard.room_frame(bundle["table"]), "Status")
        else:
            st.info("No metrics yet: add them on Step 5, under Set up metrics.")
    with side:
        join_panel(initiative)
    if bundle["items"]:
        widgets.chart(bundle["gap_spec"])


def show(index: int, store: Store, initiative: Initiative | None, today: dt.date) -> None:
    if index == 0 or initiative is None:
        overview_screen(store, today, initiative)
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
