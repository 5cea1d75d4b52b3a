"""The monthly entry table for department heads: type this month's numbers beside last month's, save once."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import streamlit as st

from sprint import actuals
from sprint.actuals import JumpNeedsConfirmation
from sprint.dates import month_label
from sprint.errors import SprintError, StaleEdit
from sprint.initiatives import Initiative
from sprint.store import Store
from sprint.ui import shell, state
from sprint.ui.text import md
from sprint.values import format_value, plain

VALUE = "This month"


def _snapshot(store: Store, initiative: Initiative, department: str, month: int) -> dict:
    """What the person sees when they start: kept for the whole edit so the table and the conflict check
    refer to the same numbers even if someone else saves meanwhile."""
    entries = actuals.entry_rows(store, initiative.id, department, month)
    rows = [{"id": r.metric.id, "Metric": r.metric.name, "Unit": r.metric.unit,
             "Last month": format_value(r.last_month, r.metric.unit) if month > 1 else "",
             VALUE: plain(r.this_month), "Target": format_value(r.metric.target, r.metric.unit)}
            for r in entries]
    return {"rows": rows, "shown": {r.metric.id: r.this_month for r in entries}}


def entry_table(store: Store, initiative: Initiative, department: str, month: int, today: dt.date) -> None:
    nonce = st.session_state.setdefault("entry_nonce", 0)
    key = f"entry_{initiative.id}_{department}_{month}_{nonce}"
    if st.session_state.get("entry_snapshot_key") != key:
        st.session_state["entry_snapshot"] = _snapshot(store, initiative, department, month)
        st.session_state["entry_snapshot_key"] = key
        st.session_state.pop("pending_jumps", None)
        st.session_state.pop("entry_error", None)
    snap = st.session_state["entry_snapshot"]
    error = st.session_state.get("entry_error")
    if error and error[0] == key:
        st.error(error[1], icon=":material/error:")
        if error[2] and st.button("Reload the latest numbers", key="reload_entry"):
            st.session_state["entry_nonce"] += 1
            st.rerun()
    if not snap["rows"]:
        st.info(f"{md(department)} has no metrics yet. Add them under *Set up metrics*.", icon=":material/add_chart:")
        return
    if "frame" not in snap:  # built once per snapshot, not on every rerun
        snap["frame"] = pd.DataFrame(snap["rows"]).set_index("id")
    frame = snap["frame"]
    edited = st.data_editor(
        frame, key=key, hide_index=True, num_rows="fixed", width="stretch",
        disabled=["Metric", "Unit", "Last month", "Target"],
        column_config={
            "Metric": st.column_config.TextColumn(width="medium"),  # all five columns fit at 1280 px; wider screens stretch
            "Unit": st.column_config.TextColumn(width="small"),
            VALUE: st.column_config.TextColumn(f"{month_label(initiative.start_date, month)}",
                                               help="Type the number as you'd say it: 4.2, $38, 6.1%. "
                                                    "Leave blank if not reported."),
        },
    )
    typed = _typed(snap["rows"], edited[VALUE].tolist())
    label = month_label(initiative.start_date, month)
    args = (store, initiative, department, month, today, key)
    pending = st.session_state.get("pending_jumps")
    if pending and pending[0] == key:
        st.warning(md(pending[1]), icon=":material/warning:")
        st.button("Yes, these numbers are right: save them", key="confirm_jumps", type="primary",
                  on_click=_save, args=(*args, True))
    st.button(f"Save {label} for {department}", key="save_month", type="primary", disabled=not typed,
              help=None if typed else "Type at least one number first.", on_click=_save, args=(*args, False))
    st.caption(f"{len(typed)} changed cell{'s' if len(typed) != 1 else ''} not saved yet." if typed
               else "Blank means not reported, never zero.")


def _carry_forward(store: Store, initiative: Initiative, department: str, month: int) -> None:
    """After a save the table shows this month as stored now (everyone's values, not only ours), without
    reading the metrics again: names, units, targets and last month are as they were a moment ago."""
    snap = st.session_state["entry_snapshot"]
    now = actuals.month_values(store, list(snap["shown"]), month)
    for row in snap["rows"]:
        row[VALUE] = plain(now.get(row["id"]))
    snap["shown"] = {metric_id: now.get(metric_id) for metric_id in snap["shown"]}
    snap.pop("frame", None)
    st.session_state["entry_snapshot_key"] = (f"entry_{initiative.id}_{department}_{month}_"
                                              f"{st.session_state['entry_nonce']}")


def _typed(rows: list[dict], values: list) -> dict[int, object]:
    """The cells the person changed: {metric id: what they typed}."""
    def text(value: object) -> str:
        return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)

    return {row["id"]: value for row, value in zip(rows, values, strict=True) if text(value) != row[VALUE]}


def _save(store, initiative, department, month, today, key, confirm: bool) -> None:
    """The Save button's callback: runs before the script, so the page draws once, with the result."""
    rows = st.session_state["entry_snapshot"]["rows"]
    edits = st.session_state[key]["edited_rows"]
    typed = _typed(rows, [edits.get(i, {}).get(VALUE, row[VALUE]) for i, row in enumerate(rows)])
    shown = st.session_state["entry_snapshot"]["shown"]
    label = month_label(initiative.start_date, month)
    try:
        result = actuals.save_month(store, state.actor(), initiative, department, month, typed, shown,
                                    today=today, confirm_jumps=confirm)
    except JumpNeedsConfirmation as exc:
        st.session_state["pending_jumps"] = (key, str(exc))
        return
    except SprintError as exc:
        # Kept in the session so the message (and its Reload button) stay until acted on.
        st.session_state["entry_error"] = (key, shell.error_markdown(exc), isinstance(exc, StaleEdit))
        st.session_state.pop("pending_jumps", None)
        return
    st.session_state["entry_nonce"] += 1
    st.session_state.pop("pending_jumps", None)
    st.session_state.pop("entry_error", None)
    _carry_forward(store, initiative, department, month)
    state.flash(f"Saved {md(label)} for {md(department)}: {result.saved} value{'s' if result.saved != 1 else ''}"
                + (f", {result.cleared} cleared" if result.cleared else "") + ".")
