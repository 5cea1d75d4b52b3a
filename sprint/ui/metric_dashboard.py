"""The success dashboard view: the roadmap's table, live, with its charts."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from sprint import actuals, dashboard, metric_charts, metrics, outcomes
from sprint.charts import STATUS_COLOURS
from sprint.initiatives import Initiative
from sprint.store import Store
from sprint.ui import state, widgets
from sprint.ui.text import md
from sprint.values import format_value

ALL = "All departments"


def _status_style(value: object) -> str:
    colour = STATUS_COLOURS.get(str(value))
    return f"background-color: {colour}; color: white; font-weight: 600" if colour else "color: #6b7a90"


def _styled(frame: pd.DataFrame):
    return frame.style.map(_status_style, subset=["Status"]).format(
        {"Progress": lambda v: "" if pd.isna(v) else f"{v:.0f}%"})


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
    items = dashboard.summaries(metrics.list_metrics(store, initiative.id, chosen),
                                actuals.actuals_by_metric(store, initiative.id, chosen))
    months = dashboard.months_to_show(initiative.start_date, today, items)
    everything = items if chosen is None else dashboard.summaries(
        metrics.list_metrics(store, initiative.id), actuals.actuals_by_metric(store, initiative.id))
    savings = dashboard.savings_by_month(everything)
    curve = outcomes.roi_curve(initiative.one_off_cost, initiative.monthly_cost, savings, max(savings, default=0))

    counts = dashboard.status_counts(items)
    cols = st.columns(4)
    cols[0].metric("On track", f"{counts[outcomes.ON_TRACK]} of {len(items)}")
    cols[1].metric("At risk", counts[outcomes.AT_RISK])
    cols[2].metric("Off track", counts[outcomes.OFF_TRACK])
    if curve:
        payback = outcomes.payback_month(curve)
        cols[3].metric("ROI to date", f"{curve[-1].roi_pct:+.0f}%",
                       help=f"Invested {format_value(curve[-1].invested, '$')}, saved {format_value(curve[-1].saved, '$')}"
                            + (f"; paid back in month {payback}" if payback else "; not paid back yet"))
    else:
        cols[3].metric("ROI to date", "–", help="Set the investment and mark savings metrics under Set up metrics.")

    table = dashboard.display_frame(items, initiative.start_date, months)
    if table["Department"].nunique() <= 1:
        table = table.drop(columns=["Department"])  # one department: its name adds nothing per row
    st.dataframe(_styled(table), hide_index=True, width="stretch",
                 column_config={"Department": st.column_config.TextColumn(width=130),
                                "Metric": st.column_config.TextColumn(width=230),
                                "Progress": st.column_config.TextColumn(width=80),
                                "Status": st.column_config.TextColumn(width=90)})
    for s in items:
        if s.advice:
            st.caption(f":material/lightbulb: {md(s.advice)}")

    left, right = st.columns([3, 2])
    with left:
        st.subheader("Share of each gap closed")
        st.caption("The dark tick marks where each metric should be by now.")
        widgets.chart(metric_charts.gap_closed_chart(items, scale=scale), scale=scale)
    with right:
        st.subheader("Return on the investment")
        if curve:
            widgets.chart(metric_charts.roi_chart(curve, scale=scale), scale=scale)
        else:
            st.info("Enter the pilot's one-off and monthly cost and mark the dollar-savings metrics under "
                    "**Set up metrics** to see cumulative ROI and the payback month.", icon=":material/savings:")

    st.subheader("One metric over the months")
    by_id = {s.metric.id: s for s in items}
    state.remembered("metric_focus", list(by_id))
    focus = st.selectbox("Metric", list(by_id), key="metric_focus",
                         format_func=lambda i: f"{by_id[i].metric.department} · {by_id[i].metric.name}")
    state.keep("metric_focus", focus)
    widgets.chart(metric_charts.metric_chart(by_id[focus], initiative.start_date, months, scale=scale), scale=scale)
