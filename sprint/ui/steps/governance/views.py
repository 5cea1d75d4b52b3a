"""Step 4 views: the phase and its checklists, weekly check-ins with a live timer, escalation and rules, and
the vendor exit checklist."""

from __future__ import annotations

import datetime as dt
import time

import pandas as pd
import streamlit as st

from sprint import initiatives
from sprint.errors import SprintError
from sprint.initiatives import Initiative
from sprint.steps.governance import rules as governance
from sprint.steps.governance import store as governance_store
from sprint.steps.governance.rules import CHECKIN_TARGET_MINUTES, PHASES
from sprint.steps.governance.store import Checkin, SecondMeetingThisWeek
from sprint.store import Store
from sprint.ui import shell, state, widgets
from sprint.ui.text import md
from sprint.values import format_value, plain


def owner_flag(initiative: Initiative) -> None:
    if not (initiative.owner and initiative.budget_authority):
        st.error("**Red flag: no owner with budget authority.** The roadmap's first crawl-phase rule is one owner "
                 "who can spend. Name them under *Phase and checklist*.", icon=":material/flag:")


def phase_view(store: Store, initiative: Initiative, today: dt.date) -> None:
    phase = governance.phase_on(initiative.start_date, today)
    starts = governance.phase_starts(initiative.start_date)
    cols = st.columns(3)
    for col, p in zip(cols, PHASES, strict=True):
        col.metric(p.capitalize() + (" (now)" if p == phase else ""), f"from {starts[p]:%d %b}",
                   help={"crawl": "Weeks 1-4", "walk": "Months 2-3", "run": "Month 4 on"}[p])
    items = governance_store.checklist(store, initiative.id)
    still_open = [i for i in items if i.phase == phase and not i.done]
    if still_open:
        st.warning(f"Still open in the {phase} phase: " + "; ".join(md(i.label) for i in still_open) + ".",
                   icon=":material/pending_actions:")
    with st.form(f"owner_{initiative.id}_v{initiative.version}", border=True):
        st.markdown("**The owner** (one person, with budget authority)")
        a, b, c, d = st.columns([3, 3, 2, 2])
        name = a.text_input("Name", value=initiative.owner, key=f"owner_name_{initiative.id}")
        role = b.text_input("Role", value=initiative.owner_role, key=f"owner_role_{initiative.id}")
        authority = c.checkbox("Has budget authority", value=initiative.budget_authority,
                               key=f"owner_authority_{initiative.id}")
        amount = d.number_input("Up to ($)", min_value=0.0, value=float(initiative.budget_amount), step=10000.0,
                                format="%.0f",
                                key=f"owner_amount_{initiative.id}")
        if st.form_submit_button("Save the owner"):
            shell.save_then_rerun(lambda: initiatives.set_owner(store, state.actor(), initiative.id, name=name, role=role,
                                                budget_authority=authority, budget_amount=amount,
                                                expected_version=initiative.version), "Saved the owner.")
    change = store.last_change()
    for p in PHASES:
        st.markdown(f"**{p.capitalize()}**" + (" · the current phase" if p == phase else ""))
        for n, item in enumerate(i for i in items if i.phase == p):
            ticked = st.checkbox(item.label, value=item.done, key=f"gov_{p}_{n}_{change}",
                                 help=f"Ticked by {item.done_by} on {item.done_at:%d %b %Y}" if item.done else None)
            if ticked != item.done:
                shell.save_then_rerun(lambda i=item, t=ticked: governance_store.tick(store, state.actor(), initiative.id, i.phase,
                                                                       i.label, t),
                      f"{'Ticked' if ticked else 'Unticked'} '{md(item.label)}'.")
    with st.form(f"add_item_{initiative.id}", clear_on_submit=True, border=False):
        a, b, c = st.columns([2, 6, 2], vertical_alignment="bottom")
        p = a.selectbox("Phase", PHASES, index=PHASES.index(phase) if phase else 0)
        label = b.text_input("Add an item of your own", placeholder="e.g. Privacy review before each release")
        if c.form_submit_button("Add"):
            shell.save_then_rerun(lambda: governance_store.add_item(store, state.actor(), initiative.id, p, label),
                  f"Added '{md(label)}' to the {p} checklist.")


def _clock() -> None:
    """The running clock: a fragment that redraws only itself, once a second."""
    started = st.session_state.get("checkin_timer")
    if started is None:
        return
    left = CHECKIN_TARGET_MINUTES * 60 - (time.time() - started)
    shown = f"{int(abs(left)) // 60}:{int(abs(left)) % 60:02d}"
    if left >= 0:
        st.header(f":material/timer: {shown} left", anchor=False)
    else:
        st.header(f":red[:material/timer_off: {shown} over the 15 minutes]", anchor=False)


def checkin_view(store: Store, initiative: Initiative, today: dt.date) -> None:
    # Start and Stop rerun the page once; while running, only the clock fragment redraws, every second.
    if st.session_state.get("checkin_timer") is None:
        st.button("Start the 15-minute timer", key="timer_start", icon=":material/timer:",
                  on_click=lambda: st.session_state.update(checkin_timer=time.time()))
    else:
        st.fragment(_clock, run_every=1)()
        st.button("Stop the timer", key="timer_stop", on_click=lambda: st.session_state.pop("checkin_timer", None))
    checkins = governance_store.list_checkins(store, initiative.id)
    rhythm = governance.rhythm([(c.held_on, c.minutes) for c in checkins], today)
    cols = st.columns(3)
    cols[0].metric("Weeks in a row with a check-in", rhythm.streak)
    cols[1].metric("Missed weeks", len(rhythm.missed))
    cols[2].metric("Average length", "–" if rhythm.average_minutes is None else f"{rhythm.average_minutes:.0f} min",
                   delta=None if rhythm.average_minutes is None else
                   f"{rhythm.average_minutes - CHECKIN_TARGET_MINUTES:+.0f} min against 15", delta_color="inverse")
    if rhythm.missed:
        st.warning("No check-in in the weeks of " + ", ".join(f"{w:%d %b}" for w in rhythm.missed) + ".",
                   icon=":material/event_busy:")
    levels = governance_store.list_levels(store, initiative.id)
    reds = 0
    for c in reversed(checkins):
        if c.status != "red":
            break
        reds += 1
    suggestion = governance.suggest_escalation(levels, [c.status for c in checkins],
                                               reds - 1 if reds > 1 else None)
    if suggestion:
        st.error(f"The latest check-in is red: escalate to level {suggestion.level}, {md(suggestion.who)} "
                 f"({md(suggestion.contact)}).", icon=":material/priority_high:")
    _checkin_form(store, initiative, today)
    if checkins:
        widgets.status_table(pd.DataFrame([{"Date": c.held_on, "Status": c.status,
                                    "Minutes": f"{c.minutes:g}", "Decisions": c.decisions, "Blockers": c.blockers,
                                    "Escalated": "yes" if c.escalated else "", "Attendees": c.attendees}
                                           for c in reversed(checkins)]), "Status", hide_index=True, width="stretch")
    st.caption(f"Log loaded at {dt.datetime.now():%H:%M:%S}.")


def _checkin_form(store: Store, initiative: Initiative, today: dt.date) -> None:
    pending = st.session_state.get("pending_checkin")
    if pending and pending[0] == initiative.id:
        st.warning(md(pending[2]), icon=":material/help:")
        if st.button("Yes, log a second meeting this week", key="confirm_second", type="primary"):
            st.session_state.pop("pending_checkin")
            shell.save_then_rerun(lambda: governance_store.log_checkin(store, state.actor(), initiative, pending[1], today=today,
                                                       second_meeting=True), "Logged the second check-in.")
    with st.form(f"checkin_{initiative.id}", border=True):
        st.markdown("**Log a check-in**")
        a, b, c = st.columns(3)
        held_on = a.date_input("Date", value=today, format="YYYY-MM-DD", key="checkin_date")
        minutes = b.number_input("Minutes", min_value=0, value=CHECKIN_TARGET_MINUTES, step=1, key="checkin_minutes")
        status = c.radio("Status", ["green", "amber", "red"], horizontal=True, key="checkin_status")
        attendees = st.text_input("Attendees", key="checkin_attendees")
        decisions = st.text_area("Decisions", height=70, key="checkin_decisions")
        blockers = st.text_area("Blockers", height=70, key="checkin_blockers")
        escalated = st.checkbox("Escalated", key="checkin_escalated")
        if st.form_submit_button("Log the check-in", type="primary"):
            checkin = Checkin(held_on, float(minutes), attendees, status, decisions, blockers, escalated)
            try:
                governance_store.log_checkin(store, state.actor(), initiative, checkin, today=today)
            except SecondMeetingThisWeek as exc:
                st.session_state["pending_checkin"] = (initiative.id, checkin, str(exc))
                st.rerun()
            except SprintError as exc:
                shell.show_error(exc, {"held_on": "Date", "minutes": "Minutes", "status": "Status"})
            else:
                state.flash(f"Logged the {held_on:%d %b} check-in ({status}).")
                st.rerun()


def _list_editor(key: str, frame: pd.DataFrame, columns: dict[str, str], submit: str, submit_key: str):
    return widgets.table_form(key, frame, submit=submit, submit_key=submit_key, primary=False,
                              column_config={c: st.column_config.TextColumn(label, width="large" if n else "medium")
                                             for n, (c, label) in enumerate(columns.items())})


def paths_view(store: Store, initiative: Initiative) -> None:
    change = store.last_change()
    st.subheader("Escalation path")
    st.caption("Level 1 first. Who, how to reach them, and what sends an issue to them.")
    levels = governance_store.list_levels(store, initiative.id)
    level_cols = {"who": "Who", "contact": "How to reach them", "trigger": "When to escalate"}
    edited = _list_editor(f"levels_{initiative.id}_{change}",
                          pd.DataFrame([{"who": lv.who, "contact": lv.contact, "trigger": lv.trigger} for lv in levels],
                                       columns=list(level_cols), dtype=str), level_cols,
                          "Save the escalation path", "save_levels")
    if edited is not None:
        shell.save_then_rerun(lambda: governance_store.save_levels(store, state.actor(), initiative.id,
                                                   edited.to_dict("records"), levels), "Saved the escalation path.")
    st.subheader("Core rules")
    st.caption("The rules the team lives by, each with the trigger that would justify adding more.")
    rules = governance_store.list_rules(store, initiative.id)
    warning = governance.rules_warning(len(rules))
    if warning:
        st.warning(md(warning), icon=":material/rule:")
    untriggered = [r for r, t in rules if not t]
    if untriggered:
        st.caption(f"{len(untriggered)} rule{'s' if len(untriggered) != 1 else ''} without a trigger yet.")
    rule_cols = {"rule": "Rule", "trigger": "Trigger for adding more"}
    edited_rules = _list_editor(f"rules_{initiative.id}_{change}",
                                pd.DataFrame([{"rule": r, "trigger": t} for r, t in rules], columns=list(rule_cols),
                                             dtype=str), rule_cols, "Save the rules", "save_rules")
    if edited_rules is not None:
        shell.save_then_rerun(lambda: governance_store.save_rules(store, state.actor(), initiative.id,
                                                  edited_rules.to_dict("records"), rules), "Saved the core rules.")


def vendor_view(store: Store, initiative: Initiative) -> None:
    exit_ = governance_store.vendor_exit(store, initiative.id)
    for warning in governance.vendor_warnings(exit_.pilot_price, exit_.production_price, exit_.open_standards,
                                              exit_.documented, exit_.data_portable):
        st.warning(md(warning), icon=":material/lock:")
    with st.form(f"vendor_{initiative.id}", border=True):
        a, b, c = st.columns(3)
        open_standards = a.checkbox("Built on open standards", value=exit_.open_standards, key="vendor_open")
        documented = b.checkbox("Documented well enough to hand over", value=exit_.documented, key="vendor_docs")
        portable = c.checkbox("We can export all our data today", value=exit_.data_portable, key="vendor_portable")
        d, e, f = st.columns(3)
        pilot = d.text_input("Pilot price per month ($)", value=plain(exit_.pilot_price), key="vendor_pilot")
        production = e.text_input("Production price per month ($)", value=plain(exit_.production_price),
                                  key="vendor_production")
        exit_cost = f.text_input("Cost to leave ($)", value=plain(exit_.exit_cost), key="vendor_exit_cost")
        notes = st.text_area("Notes", value=exit_.notes, height=70, key="vendor_notes")
        if st.form_submit_button("Save the vendor checklist"):
            shell.save_then_rerun(lambda: governance_store.save_vendor_exit(store, state.actor(), initiative.id,
                                                            open_standards=open_standards, documented=documented,
                                                            data_portable=portable, pilot_price=pilot,
                                                            production_price=production, exit_cost=exit_cost,
                                                            notes=notes), "Saved the vendor checklist.")
    if exit_.pilot_price and exit_.production_price:
        st.caption(f"Production at {format_value(exit_.production_price, '$')} a month is "
                   f"{exit_.production_price / exit_.pilot_price:.1f}x the pilot's {format_value(exit_.pilot_price, '$')}.")
