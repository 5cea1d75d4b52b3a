"""Monthly entry for department heads, made for a phone as much as a laptop: the department in one tap, this
month already chosen, one number field per metric (a numeric keyboard on a phone) with last month's value and
the target beside it, and the Save button with its confirmation right under the fields.

Nothing reruns while someone types (the fields are in a form); the numbers go in on Save, in one transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import streamlit as st

from sprint.dates import month_label
from sprint.errors import SprintError, StaleEdit
from sprint.initiatives import Initiative
from sprint.permissions import Action, Actor, Role, allowed, clean_person_name
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.steps.outcomes.actuals import JumpNeedsConfirmation
from sprint.store import Store
from sprint.ui import access_view, messages, state
from sprint.ui.text import md
from sprint.values import format_value

DEPARTMENT_PARAM = "department"
FIELDS_PER_PAGE = 20  # a phone scrolls through 20 fields comfortably; 250 fields would cost every rerun 0.25 s


def entry_view(store: Store, initiative: Initiative, actor: Actor, today: dt.date) -> None:
    """Choose department and month, then the form."""
    departments = [d for d in metrics.departments(store, initiative.id)
                   if allowed(actor, Action.EDIT_DEPARTMENT_DATA, d)]
    months = actuals.open_months(initiative, today)
    if not departments:
        st.info("No metrics yet: add them under **Set up metrics** first." if actor.role is Role.FACILITATOR else
                f"None of this initiative's metrics belong to {md(', '.join(sorted(actor.departments)))}: ask the "
                "facilitator to add them.", icon=":material/add_chart:")
        return
    if not months:
        st.info(f"The sprint of '{md(initiative.name)}' starts on {initiative.start_date:%d %b %Y}; month 1 opens "
                "then.", icon=":material/event:")
        return
    department = _department_choice(departments)
    month = st.selectbox("Month", list(reversed(months)), key="entry_month", label_visibility="collapsed",
                         format_func=lambda k: month_label(initiative.start_date, k)
                         + (" (this month)" if k == months[-1] else " (a past month)"))
    if department is None:
        st.info("Tap your department to see its numbers.", icon=":material/touch_app:")
        return
    entry_form(store, initiative, department, month, today)


def _department_choice(departments: list[str]) -> str | None:
    """One tap: the departments as buttons. The address carries the choice (`?department=Finance`), so a
    bookmark opens straight on it."""
    wanted = st.query_params.get(DEPARTMENT_PARAM)
    if wanted in departments:
        st.session_state["department"] = wanted
    elif len(departments) == 1:
        st.session_state["department"] = departments[0]
    elif st.session_state.get("department") not in departments:
        st.session_state.pop("department", None)

    def clicked() -> None:
        chosen = st.session_state.get("department")
        if chosen:
            st.query_params[DEPARTMENT_PARAM] = chosen
        else:
            st.query_params.pop(DEPARTMENT_PARAM, None)

    department = st.pills("Your department", departments, key="department", on_change=clicked,
                          label_visibility="collapsed")
    if department and st.query_params.get(DEPARTMENT_PARAM) != department:
        st.query_params[DEPARTMENT_PARAM] = department
    return department


def _snapshot(store: Store, initiative: Initiative, department: str, month: int) -> dict:
    """What the person sees when they start, kept until they save, so the conflict check compares with the
    numbers on their screen even if someone else saves meanwhile."""
    rows = actuals.entry_rows(store, initiative.id, department, month)
    return {"rows": rows, "shown": {r.metric.id: r.this_month for r in rows}}


def _decimals(*values: float | None) -> int:
    """How many decimals the field shows: as many as the metric's own figures use (at most 3)."""
    most = 0
    for value in values:
        if value is None or not math.isfinite(value):
            continue
        text = f"{value:.6f}".rstrip("0").rstrip(".")
        most = max(most, len(text.split(".")[1]) if "." in text else 0)
    return min(most, 3)


def entry_form(store: Store, initiative: Initiative, department: str, month: int, today: dt.date) -> None:
    nonce = st.session_state.setdefault("entry_nonce", 0)
    key = f"entry_{initiative.id}_{department}_{month}_{nonce}"
    if st.session_state.get("entry_snapshot_key") != key:
        st.session_state["entry_snapshot"] = _snapshot(store, initiative, department, month)
        st.session_state["entry_snapshot_key"] = key
        st.session_state.pop("pending_jumps", None)
        st.session_state.pop("entry_error", None)
    snap = st.session_state["entry_snapshot"]
    if not snap["rows"]:
        st.info(f"{md(department)} has no metrics yet. Add them under *Set up metrics*.", icon=":material/add_chart:")
        return
    label = month_label(initiative.start_date, month)
    rows = _page_of(snap["rows"], key)
    args = (store, initiative, department, month, today, key, rows)
    with st.form(f"form_{key}", border=False, enter_to_submit=False), st.container(key="entry_fields"):
        columns = st.columns(min(3, len(rows)))
        for n, row in enumerate(rows):
            metric = row.metric
            with columns[n % len(columns)]:
                decimals = _decimals(metric.baseline, metric.target, row.last_month, row.this_month)
                last = format_value(row.last_month, metric.unit) if month > 1 else "–"
                st.number_input(f"**{md(metric.name)}** {md(f'({metric.unit})' if metric.unit else '')}  \n"
                                f":gray[last month {md(last)} · target {md(format_value(metric.target, metric.unit))}]",
                                value=row.this_month, key=f"{key}_{metric.id}", format=f"%.{decimals}f",
                                step=10.0 ** -decimals, placeholder="not reported")
        if access_view.needs_name():  # a phone's first save: who it is goes in the audit log with the numbers
            st.session_state.setdefault("entry_name_team", department)
            a, b = st.columns(2)
            a.text_input("Your name", key="entry_name_input", max_chars=60, placeholder="e.g. Priya Shah",
                         help="Saved with your numbers in the audit log. This phone remembers it.")
            b.text_input("Your team", key="entry_name_team", max_chars=60)
        st.form_submit_button(f"Save {label} for {department}", type="primary", icon=":material/save:",
                              on_click=_save, args=(*args, False), width="stretch", key="save_month")
    _after_save_messages(key, args)


def _page_of(rows: list, key: str) -> list:
    """The metrics shown in the form: all of them, or one page of FIELDS_PER_PAGE for a large department."""
    if len(rows) <= FIELDS_PER_PAGE:
        return rows
    starts = list(range(0, len(rows), FIELDS_PER_PAGE))
    start = st.selectbox("Metrics", starts, key=f"entry_page_{key.rsplit('_', 1)[0]}",
                         format_func=lambda k: f"Metrics {k + 1}-{min(k + FIELDS_PER_PAGE, len(rows))} of {len(rows)}",
                         help="Save each page before moving to the next: the form saves the metrics it shows.")
    return rows[start:start + FIELDS_PER_PAGE]


def _after_save_messages(key: str, args: tuple) -> None:
    """What the last Save did, right under the button (a phone shows it without scrolling)."""
    pending = st.session_state.get("pending_jumps")
    if pending and pending[0] == key:
        st.warning(md(pending[1]), icon=":material/warning:")
        st.button("Yes, these numbers are right: save them", key="confirm_jumps", type="primary",
                  on_click=_save, args=(*args, True))
    error = st.session_state.get("entry_error")
    if error and error[0] == key:
        st.error(error[1], icon=":material/error:")
        if error[2] and st.button("Reload the latest numbers", key="reload_entry"):
            st.session_state["entry_nonce"] += 1
            st.rerun()
    saved = st.session_state.get("entry_saved")
    if saved and saved[0] == key:
        st.success(saved[1], icon=":material/check_circle:")
    elif not pending and not error:
        st.caption("Blank means not reported, never zero. Every change is logged.")


def _carry_forward(store: Store, month: int, new_key: str) -> None:
    """After a save the form shows this month as stored now (a colleague's values too), without reading the
    metrics again: names, units, targets and last month are as they were a moment ago."""
    snap = st.session_state["entry_snapshot"]
    now = actuals.month_values(store, list(snap["shown"]), month)
    snap["rows"] = [dataclasses.replace(row, this_month=now.get(row.metric.id)) for row in snap["rows"]]
    snap["shown"] = {row.metric.id: row.this_month for row in snap["rows"]}
    st.session_state["entry_snapshot_key"] = new_key


def _typed(rows: list, key: str) -> dict[int, object]:
    """The fields whose value differs from what was on screen: {metric id: the new value, or None to clear}."""
    typed = {}
    for row in rows:
        value = st.session_state.get(f"{key}_{row.metric.id}")
        if value != row.this_month:
            typed[row.metric.id] = value
    return typed


def _save(store, initiative, department, month, today, key, rows, confirm: bool) -> None:
    """The Save button's callback: runs before the script, so the page draws once, with the result. `rows` are
    the metrics the form showed (only their fields hold what the person typed)."""
    snap = st.session_state["entry_snapshot"]
    typed = _typed(rows, key)
    label = month_label(initiative.start_date, month)
    st.session_state.pop("entry_saved", None)  # a new save's result replaces the last one's
    if not typed:
        st.session_state["entry_error"] = (key, "Nothing to save: no number was changed.", False)
        return
    if access_view.needs_name():
        if not clean_person_name(st.session_state.get("entry_name_input", "")):
            st.session_state["entry_error"] = (key, "Type your name above Save first: it goes in the audit log with "
                                                    "your numbers.", False)
            return
        access_view.set_local_name(st.session_state["entry_name_input"], st.session_state.get("entry_name_team", ""))
    try:
        result = actuals.save_month(store, state.actor(), initiative, department, month, typed, snap["shown"],
                                    today=today, confirm_jumps=confirm)
    except JumpNeedsConfirmation as exc:
        st.session_state["pending_jumps"] = (key, str(exc))
        st.session_state.pop("entry_error", None)
        return
    except SprintError as exc:
        # Kept in the session so the message (and its Reload button) stay until acted on.
        st.session_state["entry_error"] = (key, messages.error_markdown(exc), isinstance(exc, StaleEdit))
        st.session_state.pop("pending_jumps", None)
        return
    st.session_state["entry_nonce"] += 1
    st.session_state.pop("pending_jumps", None)
    st.session_state.pop("entry_error", None)
    new_key = f"entry_{initiative.id}_{department}_{month}_{st.session_state['entry_nonce']}"
    _carry_forward(store, month, new_key)
    st.session_state["entry_saved"] = (  # short: on a phone it sits under the button, one line
        new_key, f"Saved {result.saved} value{'s' if result.saved != 1 else ''}"
        + (f", cleared {result.cleared}" if result.cleared else "") + f" for {md(label.split(' (')[0])}.")
