"""Step 5 on the projector: on track, at risk, off track, ROI, the room's table and the QR code to enter numbers."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprint import config
from sprint.initiatives import Initiative
from sprint.steps.outcomes import dashboard
from sprint.steps.outcomes import rules as outcomes
from sprint.store import Store
from sprint.ui import widgets
from sprint.ui.room import SCALE, join_panel
from sprint.ui.steps.outcomes.dashboard import dashboard_bundle


def screen(store: Store, initiative: Initiative, today: dt.date) -> None:
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
