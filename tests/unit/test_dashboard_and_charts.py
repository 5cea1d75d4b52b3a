"""The success dashboard's layout and the Step 5 chart specs (checked through to_dict())."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sprint.charts import STATUS_COLOURS, themed
from sprint.steps.outcomes import charts as metric_charts
from sprint.steps.outcomes import dashboard
from sprint.steps.outcomes import rules as outcomes
from sprint.steps.outcomes.store import Metric

START = dt.date(2026, 1, 5)


def metric(mid, name, unit, direction, baseline, target, milestones=None, savings=False, department="Finance"):
    return Metric(mid, 1, department, name, unit, direction, baseline, target, savings, mid, False, 1, "x",
                  milestones or {})


COST = metric(1, "Process cost", "$/unit", "lower", 45, 25, {1: 38, 3: 31})
ROI = metric(2, "ROI", "%", "higher", -100, 40)
SAVED = metric(3, "Monthly savings", "$/month", "higher", 0, 40000, savings=True)
NEW = metric(4, "Error rate", "%", "lower", 8.2, 3)


def items():
    return dashboard.summaries([COST, ROI, SAVED, NEW], {1: {1: 38, 2: 34.5, 3: 31}, 2: {1: -43, 3: 12},
                                                         3: {1: 22800, 2: 31000}})


def test_the_table_reads_like_the_roadmaps_template():
    frame = dashboard.display_frame(items(), START, 3)
    assert list(frame.columns) == ["Department", "Metric", "Baseline", "Month 1 (Jan 2026)", "Month 2 (Feb 2026)",
                                   "Month 3 (Mar 2026)", "Target", "Progress", "Status"]
    cost = frame.iloc[0]
    assert (cost["Metric"], cost["Baseline"], cost["Month 1 (Jan 2026)"], cost["Month 3 (Mar 2026)"],
            cost["Target"], cost["Progress"], cost["Status"]) == (
        "Process cost ↓", "$45/unit", "$38/unit", "$31/unit", "$25/unit", 70, "on track")
    roi = frame.iloc[1]
    assert (roi["Baseline"], roi["Month 2 (Feb 2026)"], roi["Month 3 (Mar 2026)"]) == ("-100%", "", "12%")
    new = frame.iloc[3]
    assert pd.isna(new["Progress"]) and new["Status"] == "no data"


def test_status_uses_the_milestone_when_there_is_one():
    # Month 1 $40 against a $38 milestone: 25% done where 35% was due -> on track within 10 points.
    s = dashboard.summarize(COST, {1: 40})
    assert s.expected == 0.35 and s.status == outcomes.ON_TRACK
    s = dashboard.summarize(COST, {1: 44})
    assert s.status == outcomes.AT_RISK


def test_months_to_show_and_savings():
    assert dashboard.months_to_show(START, START + dt.timedelta(days=40), items()) == 3  # data reaches month 3
    assert dashboard.months_to_show(START, START, []) == 1
    assert dashboard.status_counts(items()) == {"on track": 2, "at risk": 1, "off track": 0, "no data": 1}


def test_metric_chart_layers_and_direction():
    summary = items()[0]
    spec = themed(metric_charts.metric_chart(summary, START, 3)).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "text", "text", "line", "text", "point"]  # refs, 2 labels, actuals, values, milestones
    line = spec["layer"][3]
    assert line["encoding"]["y"]["scale"]["reverse"] is True  # lower is better: up is better
    assert spec["title"]["text"] == "Process cost" and "lower is better" in spec["title"]["subtitle"]
    assert spec["config"]["axis"]["labelFontSize"] >= 16
    data = {name: rows for name, rows in spec["datasets"].items()}
    labels = {r["label"] for rows in data.values() for r in rows if "label" in r and "kind" in r}
    assert labels == {"$31/unit", "$34.5/unit", "$38/unit", "$45/unit"}
    higher = themed(metric_charts.metric_chart(items()[1], START, 3)).to_dict()
    assert higher["layer"][3]["encoding"]["y"]["scale"]["reverse"] is False
    assert [layer["mark"]["type"] for layer in higher["layer"]][-1] == "text"  # no milestones, no diamonds


def test_gap_chart_colours_by_status_with_a_due_tick():
    spec = themed(metric_charts.gap_closed_chart(items())).to_dict()
    bars = spec["layer"][1]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["color"]["scale"]["range"][:3] == [STATUS_COLOURS[s] for s in outcomes.STATUSES[:3]]
    assert spec["layer"][2]["mark"]["type"] == "tick"
    assert bars["encoding"]["y"]["sort"] == ["Process cost", "ROI", "Monthly savings", "Error rate"]


def test_roi_chart():
    curve = outcomes.roi_curve(20000, 20000, {1: 22800, 2: 31000, 3: 35800}, 3)
    spec = themed(metric_charts.roi_chart(curve)).to_dict()
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["rule", "line", "text"]
    rows = next(rows for rows in spec["datasets"].values() if rows and "roi" in rows[0] and "label" in rows[0])
    assert [r["label"] for r in rows] == ["-100%", "-43%", "-10%", "+12%"]


def test_value_axes_read_in_the_metrics_unit_never_in_exponents():
    """'$40,000' and '12%', not '4e+4' or '40000': the value axis formats its numbers in the metric's unit."""
    def axis(summary):
        return themed(metric_charts.metric_chart(summary, START, 3)).to_dict()["layer"][3]["encoding"]["y"]["axis"]

    cost, roi, saved, error = (axis(s) for s in items())
    assert "format" not in saved and "'$' + " in saved["labelExpr"] and "',.2~f'" in saved["labelExpr"]
    assert saved["title"] == "$ per month" and cost["title"] == "$ per unit"
    assert roi["labelExpr"].endswith("+ '%'") and "title" not in roi or roi["title"] is None
    hours = dashboard.summarize(metric(5, "Processing time", "hours", "lower", 400, 100), {1: 250})
    assert axis(hours)["title"] == "hours" and "format" not in axis(hours)
