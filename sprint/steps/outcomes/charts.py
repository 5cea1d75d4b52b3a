"""Altair charts for Step 5: one metric over the months, a department at a glance, and ROI.

Direction-aware: for a lower-is-better metric the value axis is flipped, so improvement always points up
and "better" reads the same way on every chart in the room.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from sprint.charts import INK, MARK_TEXT_SIZE, STATUS_COLOURS, unit_axis
from sprint.dates import month_calendar_name
from sprint.steps.outcomes.dashboard import MetricSummary
from sprint.steps.outcomes.rules import NO_DATA, STATUSES, RoiPoint
from sprint.values import UnitKind, format_value, unit_kind, usable

STATUS_SCALE = alt.Scale(domain=list(STATUSES), range=[*[STATUS_COLOURS[s] for s in STATUSES[:3]], "#9aa5b8"])
ACTUAL_COLOUR = "#1f4e79"
REFERENCE_COLOUR = "#6b7a90"
TARGET_COLOUR = STATUS_COLOURS["on track"]


def _month_axis(start: dt.date, months: int) -> alt.X:
    labels = {0: "Baseline", **{k: f"M{k} {month_calendar_name(start, k)[:3]}" for k in range(1, months + 1)}}
    expr = " : ".join(f"datum.value == {k} ? '{v}'" for k, v in labels.items()) + " : ''"
    return alt.X("month:Q", title=None, scale=alt.Scale(domain=[0, months], nice=False),
                 axis=alt.Axis(values=list(range(0, months + 1)), labelExpr=expr, grid=False))


def metric_chart(summary: MetricSummary, start: dt.date, months: int, *, scale: float = 1.0) -> alt.LayerChart:
    """Actuals as a line with points (starting from the baseline at month 0), the baseline dashed, the
    target as a solid rule, milestone targets as hollow diamonds."""
    m = summary.metric
    points = [] if m.baseline is None else [{"month": 0, "value": m.baseline, "label": format_value(m.baseline, m.unit),
                                             "kind": "baseline"}]
    points += [{"month": k, "value": v, "label": format_value(v, m.unit), "kind": "actual"}
               for k, v in sorted(summary.actuals.items()) if k <= months and usable(v)]
    actual = pd.DataFrame(points, columns=["month", "value", "label", "kind"])
    if m.needs_definition:  # imported before anyone defined it: the values alone, no reference lines yet
        references = pd.DataFrame([{"value": v, "what": f"{w} {format_value(v, m.unit)}", "dy": dy}
                                   for v, w, dy in ((m.baseline, "Baseline", 18), (m.target, "Target", -9))
                                   if v is not None], columns=["value", "what", "dy"])
    elif m.baseline == m.target:  # e.g. keep incidents at 0: one line, one label
        references = pd.DataFrame([{"value": m.target, "what": f"Target {format_value(m.target, m.unit)} (= baseline)",
                                    "dy": -9}])
    else:  # the baseline's label sits under its line, the target's over it, so close values don't collide
        references = pd.DataFrame([
            {"value": m.baseline, "what": f"Baseline {format_value(m.baseline, m.unit)}", "dy": 18},
            {"value": m.target, "what": f"Target {format_value(m.target, m.unit)}", "dy": -9},
        ])
    colours = [REFERENCE_COLOUR, TARGET_COLOUR] if len(references) == 2 else [TARGET_COLOUR]
    dashes = [[6, 5], [1, 0]] if len(references) == 2 else [[1, 0]]
    if m.needs_definition and len(references) == 1 and m.baseline is not None:
        colours, dashes = [REFERENCE_COLOUR], [[6, 5]]
    milestones = pd.DataFrame([{"month": k, "value": v, "label": f"goal {format_value(v, m.unit)}"}
                               for k, v in sorted(m.milestones.items()) if k <= months],
                              columns=["month", "value", "label"])
    values = [v for v in (m.baseline, m.target, *summary.actuals.values(), *m.milestones.values()) if usable(v)]
    values = values or [0.0]
    low, high = min(values), max(values)
    pad = (high - low) * 0.12 or abs(high) * 0.1 or 1
    y = alt.Y("value:Q", title=None, scale=alt.Scale(domain=[low - pad, high + pad], reverse=m.direction == "lower",
                                                      nice=False, zero=False),
              axis=unit_axis(m.unit, tickCount=5,
                             tickMinStep=1 if unit_kind(m.unit) is UnitKind.COUNT else alt.Undefined))
    x = _month_axis(start, months)
    order = references["what"].tolist()
    rules = alt.Chart(references).mark_rule(strokeWidth=2.5 * scale).encode(
        y=alt.Y("value:Q"),
        color=alt.Color("what:N", sort=order, scale=alt.Scale(domain=order, range=colours), legend=None),
        strokeDash=alt.StrokeDash("what:N", sort=order, scale=alt.Scale(domain=order, range=dashes), legend=None),
    )
    rule_labels = [
        alt.Chart(references.iloc[[i]]).mark_text(align="right", dy=float(row.dy) * scale, fontSize=MARK_TEXT_SIZE * scale,
                                                  fontWeight=600, color=colours[i]).encode(
            y="value:Q", x=alt.value("width"), text="what:N")
        for i, row in enumerate(references.itertuples())]
    line = alt.Chart(actual).mark_line(color=ACTUAL_COLOUR, strokeWidth=3.5 * scale,
                                       point=alt.OverlayMarkDef(size=110 * scale, filled=True, color=ACTUAL_COLOUR)
                                       ).encode(x=x, y=y, tooltip=[alt.Tooltip("label:N", title=m.name)])
    value_labels = alt.Chart(actual[actual["kind"] == "actual"]).mark_text(
        dy=-16 * scale, fontSize=MARK_TEXT_SIZE * scale, color=INK, fontWeight=600).encode(x=x, y=y, text="label:N")
    layers = [rules, *rule_labels, line, value_labels]
    if not milestones.empty:
        layers.append(alt.Chart(milestones).mark_point(shape="diamond", size=220 * scale, strokeWidth=2.5 * scale,
                                                       color=TARGET_COLOUR, filled=False).encode(
            x=x, y=y, tooltip=[alt.Tooltip("label:N", title="Milestone")]))
    better = "lower is better (axis flipped: up is better)" if m.direction == "lower" else "higher is better"
    if m.needs_definition:
        better = "needs a baseline and target (Step 5: edit the metric)"
    return alt.layer(*layers).properties(
        title=alt.TitleParams(m.name, subtitle=f"{m.department} · {better}", subtitleFontSize=15 * scale,
                              subtitleColor=REFERENCE_COLOUR),
        height=320 * scale, width="container")


def gap_closed_chart(items: Sequence[MetricSummary], *, scale: float = 1.0) -> alt.LayerChart:
    """A department at a glance: the share of each metric's gap closed, coloured by status, with a tick
    where it should be by now."""
    rows = [{"metric": s.metric.name, "department": s.metric.department,
             "closed": 0.0 if s.progress is None else max(min(s.progress, 1.5), -0.5) * 100,
             "expected": None if s.expected is None else min(s.expected, 1.0) * 100,
             "status": s.status,
             "label": "needs a baseline and target" if s.metric.needs_definition
             else "no data yet" if s.progress is None else f"{round(100 * s.progress)}%"}
            for s in items]
    data = pd.DataFrame(rows, columns=["metric", "department", "closed", "expected", "status", "label"])
    order = data["metric"].tolist()
    y = alt.Y("metric:N", sort=order, title=None, axis=alt.Axis(labelLimit=360 * scale))
    low = min(0, data["closed"].min() if len(data) else 0)
    high = max(100, data["closed"].max() if len(data) else 100)
    low, high = 25 * ((low // 25) - (1 if low < 0 else 0)), 25 * (-(-high // 25)) + 15  # room for labels
    x = alt.X("closed:Q", title="Share of the gap from baseline to target closed",
              scale=alt.Scale(domain=[low, high], nice=False),
              axis=alt.Axis(values=list(range(int(low), int(high) + 1, 25)), labelExpr="datum.value + '%'"))
    bars = alt.Chart(data).mark_bar(height={"band": 0.6}, cornerRadiusEnd=3).encode(
        y=y, x=x, color=alt.Color("status:N", scale=STATUS_SCALE, title="Status"),
        tooltip=["metric:N", "department:N", alt.Tooltip("label:N", title="Gap closed"), "status:N"])
    expected = alt.Chart(data.dropna(subset=["expected"])).mark_tick(
        color=INK, thickness=3 * scale, size=26 * scale).encode(y=y, x=alt.X("expected:Q"))
    done = alt.Chart(pd.DataFrame({"x": [100]})).mark_rule(color=TARGET_COLOUR, strokeDash=[4, 4]).encode(x="x:Q")
    labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=MARK_TEXT_SIZE * scale, color=INK).encode(
        y=y, x=alt.X("closed:Q"), text="label:N")
    return alt.layer(done, bars, expected, labels).properties(height=max(140, 40 * len(data)) * scale,
                                                              width="container")


def roi_chart(curve: Sequence[RoiPoint], *, target_pct: float | None = None, scale: float = 1.0) -> alt.LayerChart:
    """Cumulative ROI by month: -100% at the start, crossing 0% at payback."""
    data = pd.DataFrame([{"month": p.month_index, "roi": p.roi_pct, "label": f"{p.roi_pct:+.0f}%",
                          "invested": format_value(p.invested, "$"), "saved": format_value(p.saved, "$")}
                         for p in curve])
    x = alt.X("month:Q", title="Sprint month", axis=alt.Axis(tickMinStep=1, format="d"))
    y = alt.Y("roi:Q", title="Cumulative ROI", axis=alt.Axis(labelExpr="datum.value + '%'"))
    zero = alt.Chart(pd.DataFrame({"roi": [0]})).mark_rule(color=INK, strokeWidth=1.5).encode(y="roi:Q")
    line = alt.Chart(data).mark_line(color=ACTUAL_COLOUR, strokeWidth=3.5 * scale,
                                     point=alt.OverlayMarkDef(size=110 * scale, filled=True)).encode(
        x=x, y=y, tooltip=["month:Q", alt.Tooltip("label:N", title="ROI"), alt.Tooltip("invested:N", title="Invested"),
                           alt.Tooltip("saved:N", title="Saved")])
    labels = alt.Chart(data).mark_text(dy=-16 * scale, fontSize=MARK_TEXT_SIZE * scale, fontWeight=600,
                                       color=INK).encode(x=x, y=y, text="label:N")
    layers = [zero, line, labels]
    if target_pct is not None:
        layers.insert(0, alt.Chart(pd.DataFrame({"roi": [target_pct], "t": [f"Target {target_pct:+.0f}%"]}))
                      .mark_rule(color=TARGET_COLOUR, strokeWidth=2.5, strokeDash=[1, 0]).encode(y="roi:Q"))
    return alt.layer(*layers).properties(height=300 * scale, width="container")


__all__ = ["NO_DATA", "gap_closed_chart", "metric_chart", "roi_chart"]
