"""The success dashboard view: the roadmap's table, live, with its charts.

Everything the view shows is computed once per change of the data and reused on reruns: the cache key
holds the store's "last change" value (the newest audit entry), which moves with every write.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from sprint import charts, config, initiatives
from sprint.initiatives import Initiative
from sprint.steps.outcomes import actuals, dashboard
from sprint.steps.outcomes import charts as metric_charts
from sprint.steps.outcomes import rules as outcomes
from sprint.steps.outcomes import store as metrics
from sprint.store import Store
from sprint.ui import state, widgets
from sprint.ui.text import md
from sprint.values import format_value

ALL = "All departments"
TABLE_COLUMNS = {"Department": st.column_config.TextColumn(width=130),
                 "Metric": st.column_config.TextColumn(width=190),
                 "Progress": st.column_config.NumberColumn(width=80, format="%d%%"),
                 "Status": st.column_config.TextColumn(width=110)}


def _on_screen_order(table: pd.DataFrame) -> list[str]:
    """The name, then its status and progress, so they show without scrolling on a 1280-pixel projector and
    on a 390-pixel phone (where the department first left only Department and Metric in view, #31); then the
    department and the months (which scroll sideways when there are many), then the target."""
    first = [c for c in ("Metric", "Status", "Progress", "Department") if c in table.columns]
    return first + [c for c in table.columns if c not in first]


# cache_resource, not cache_data: reruns get the same objects without unpickling them. They are treated as
# read-only (a test checks that drawing them leaves them unchanged).
@st.cache_resource(max_entries=64, show_spinner=False)
def dashboard_bundle(db: str, initiative_id: int, department: str | None, change: int, today: dt.date, scale: float) -> dict:
    store = state.store()
    initiative = initiatives.get(store, initiative_id)
    items = dashboard.summaries(metrics.list_metrics(store, initiative_id, department),
                                actuals.actuals_by_metric(store, initiative_id, department))
    months = dashboard.months_to_show(initiative.start_date, today, items)
    savings = actuals.savings_by_month(store, initiative_id)
    curve = outcomes.roi_curve(initiative.one_off_cost, initiative.monthly_cost, savings, max(savings, default=0))
    table = dashboard.display_frame(items, initiative.start_date, months)
    if table["Department"].nunique() <= 1:
        table = table.drop(columns=["Department"])  # one department: its name adds nothing per row
    return {
        "items": {s.metric.id: s for s in items},
        "months": months,
        "counts": dashboard.status_counts(items),
        "curve": curve,
        "table": table,
        "advice": [s.advice for s in items if s.advice],
        "gap_spec": charts.spec(metric_charts.gap_closed_chart(items, scale=scale), scale=scale),
        "roi_spec": charts.spec(metric_charts.roi_chart(curve, scale=scale), scale=scale) if curve else None,
    }


@st.cache_resource(max_entries=64, show_spinner=False)
def _metric_spec(db: str, initiative_id: int, department: str | None, metric_id: int, change: int,
                 today: dt.date, scale: float) -> dict:
    bundle = dashboard_bundle(db, initiative_id, department, change, today, scale)
    start = initiatives.get(state.store(), initiative_id).start_date
    return charts.spec(metric_charts.metric_chart(bundle["items"][metric_id], start, bundle["months"], scale=scale),
                       scale=scale)


def dashboard_view(store: Store, initiative: Initiative, today: dt.date, *, scale: float = 1.0) -> None:
    departments = metrics.departments(store, initiative.id)
    if not departments:
        st.info("No metrics yet. Add the business outcomes this pilot must move (cost per unit, hours, error "
                "rate, dollars saved) under **Set up metrics**.", icon=":material/add_chart:")
        return
    options = [ALL, *departments]
    state.remembered("dashboard_department", options, ALL)
    department = st.selectbox("Department", options, key="dashboard_department")
    state.keep("dashboard_department", department)
    chosen = None if department == ALL else department
    key = (str(config.db_path()), initiative.id, chosen, store.last_change(), today, scale)
    bundle = dashboard_bundle(*key)
    items, counts, curve = bundle["items"], bundle["counts"], bundle["curve"]

    cols = st.columns(4)
    cols[0].metric("On track", f"{counts[outcomes.ON_TRACK]} of {len(items)}")
    cols[1].metric("At risk", counts[outcomes.AT_RISK])
    cols[2].metric("Off track", counts[outcomes.OFF_TRACK])
    if curve:
        payback = outcomes.payback_month(curve)
        cols[3].metric(outcomes.ROI_LABEL, f"{curve[-1].roi_pct:+.0f}%",
                       help=f"{outcomes.ROI_HOW} Invested {format_value(curve[-1].invested, '$')}, saved "
                            f"{format_value(curve[-1].saved, '$')}"
                            + (f"; paid back in month {payback}." if payback else "; not paid back yet."))
    else:
        cols[3].metric(outcomes.ROI_LABEL, "–", help="Set the investment and mark savings metrics under Set up metrics.")
    undefined = dashboard.needing_definition(list(items.values()))
    if undefined:
        names = ", ".join(s.metric.name for s in undefined[:6]) + (f" and {len(undefined) - 6} more"
                                                                  if len(undefined) > 6 else "")
        st.warning(f"**{len(undefined)} metric{'s need' if len(undefined) != 1 else ' needs'} a baseline and "
                   f"target:** {md(names)}. Their values came in from a monthly log; without where they started and "
                   "where they must get to, there is no progress to show. Add both under **Set up metrics**.",
                   icon=":material/flag:")
    note = outcomes.roi_note([item.metric.name for item in items.values()])
    if note and curve:
        st.caption(f":material/info: {md(note)}")

    table: pd.DataFrame = bundle["table"]
    widgets.status_table(table, "Status", hide_index=True, width="stretch", column_config=TABLE_COLUMNS,
                         column_order=_on_screen_order(table))
    for advice in bundle["advice"]:
        st.caption(f":material/lightbulb: {md(advice)}")

    left, right = st.columns([3, 2])
    with left:
        st.subheader("Share of each gap closed")
        st.caption("The dark tick marks where each metric should be by now.")
        widgets.chart(bundle["gap_spec"])
    with right:
        st.subheader("Return on the investment")
        if bundle["roi_spec"]:
            widgets.chart(bundle["roi_spec"])
        else:
            st.info("Enter the pilot's one-off and monthly cost and mark the dollar-savings metrics under "
                    "**Set up metrics** to see cumulative ROI and the payback month.", icon=":material/savings:")

    st.subheader("One metric over the months")
    ids = list(items)
    state.remembered("metric_focus", ids)
    focus = st.selectbox("Metric", ids, key="metric_focus",
                         format_func=lambda i: f"{items[i].metric.department} · {items[i].metric.name}")
    state.keep("metric_focus", focus)
    widgets.chart(_metric_spec(key[0], initiative.id, chosen, focus, key[3], today, scale))
