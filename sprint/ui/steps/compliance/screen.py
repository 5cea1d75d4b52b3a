"""Step 2 on the projector: what is overdue and due, what is done, and the obligations matrix."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprint.initiatives import Initiative
from sprint.steps.compliance import charts as compliance_charts
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance import store as compliance_store
from sprint.store import Store
from sprint.ui import widgets
from sprint.ui.room import SCALE
from sprint.ui.text import md


def screen(store: Store, initiative: Initiative, today: dt.date) -> None:
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
    for covered in compliance_catalog.stays(items).values():
        st.warning(f"**Enforcement stayed for now** by a court order: {md(', '.join(covered))}.",
                   icon=":material/pause_circle:")
    widgets.chart(compliance_charts.status_matrix(items, found, today, scale=SCALE), scale=SCALE)
    st.caption(md(compliance_catalog.NOT_LEGAL_ADVICE))
