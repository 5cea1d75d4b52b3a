"""Altair charts for Step 1: the Pareto view of the ranked features, and what waiting for the full scope
costs against launching the core now."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from sprint.charts import INK, MARK_TEXT_SIZE, STATUS_COLOURS
from sprint.steps.scope.rules import VOLUME_RULE, Ranked
from sprint.values import format_value

CORE_COLOUR = "#1f4e79"
PHASE2_COLOUR = "#b9c3d1"
VALUE_LINE = STATUS_COLOURS["on track"]
VOLUME_LINE = "#d99a00"
NAMED_AXIS_LIMIT = 25  # up to this many features the axis shows their names; beyond, their rank
CHARTED_MAX = 200  # a longer list is charted by its top 200 (the lines still say how much of the whole they carry)


def charted_note(total: int) -> str | None:
    """The caption under a chart that shows only the top of a long list; None when it shows them all."""
    if total <= CHARTED_MAX:
        return None
    return (f"The chart shows the top {CHARTED_MAX} of {total:,} features (the lines: their share of the whole "
            "list's value and volume); the table lists every one.")


def pareto_chart(ranked: Sequence[Ranked], core: set[int], rule_set: set[int], *, scale: float = 1.0) -> alt.LayerChart:
    """Bars of impact in rank order (the core dark, Phase 2 pale), the cumulative share of value and of volume
    as lines on a 0-100% axis, the cut line, and a marker over the features of the 80%-of-volume set."""
    ranked = list(ranked)[:CHARTED_MAX]  # thousands of bars are no picture (and Altair refuses 5,000 rows)
    rows = [{"rank": r.rank, "feature": r.candidate.name, "impact": r.impact,
             "impact_text": format_value(r.impact, "$/month"),
             "phase": "core" if r.candidate.key in core else "phase 2",
             "value_pct": r.cumulative_value_pct, "volume_pct": r.cumulative_volume_pct,
             "in_rule": r.candidate.key in rule_set} for r in ranked]
    data = pd.DataFrame(rows)
    named = len(rows) <= NAMED_AXIS_LIMIT
    # Every layer shares one rank axis (merging name-sorted layers falls back to alphabetical order); with
    # few features the labels show their names instead of their ranks.
    if named:
        names = " : ".join(f"datum.value == {r['rank']} ? {_js_string(r['feature'])}" for r in rows) + " : ''"
        axis = alt.Axis(labelExpr=names, labelAngle=-35, labelLimit=220 * scale, title=None)
    else:
        axis = alt.Axis(values=[k for k in range(1, len(rows) + 1) if k == 1 or k % 10 == 0], labelAngle=0,
                        title="Rank by impact (hover a bar for its name)")
    x = alt.X("rank:O", axis=axis)
    bars = alt.Chart(data).mark_bar().encode(
        x=x, y=alt.Y("impact:Q", title="Impact ($ per month)", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("phase:N", title=None, scale=alt.Scale(domain=["core", "phase 2"],
                                                               range=[CORE_COLOUR, PHASE2_COLOUR])),
        tooltip=[alt.Tooltip("rank:O", title="Rank"), alt.Tooltip("feature:N", title="Feature"),
                 alt.Tooltip("impact_text:N", title="Impact"), alt.Tooltip("phase:N", title="Phase")])
    marker = alt.Chart(data[data["in_rule"]]).mark_point(shape="triangle-down", filled=True, size=60 * scale,
                                                          color=VOLUME_LINE, yOffset=-10 * scale).encode(
        x=x, y=alt.Y("impact:Q"), tooltip=[alt.Tooltip("feature:N", title="In the 80%-of-volume set")])
    lines = data.melt(id_vars=["rank", "feature"], value_vars=["value_pct", "volume_pct"], var_name="series",
                      value_name="pct")
    lines["series"] = lines["series"].map({"value_pct": "cumulative value", "volume_pct": "cumulative volume"})
    cumulative = alt.Chart(lines).mark_line(strokeWidth=3 * scale).encode(
        x=x, y=alt.Y("pct:Q", title="Cumulative share", scale=alt.Scale(domain=[0, 100]),
                     axis=alt.Axis(labelExpr="datum.value + '%'", orient="right")),
        color=alt.Color("series:N", title=None, scale=alt.Scale(range=[VALUE_LINE, VOLUME_LINE])))
    reference = pd.DataFrame({"pct": [VOLUME_RULE], "label": [f"{VOLUME_RULE:.0f}% of volume"]})
    eighty = alt.Chart(reference).mark_rule(color=VOLUME_LINE, strokeDash=[4, 4]).encode(y="pct:Q")
    eighty_label = alt.Chart(reference).mark_text(align="right", dy=-7 * scale, fontSize=MARK_TEXT_SIZE * 0.9 * scale,
                                                  color=VOLUME_LINE, fontWeight=600).encode(
        y="pct:Q", x=alt.value("width"), text="label:N")
    layers = [alt.layer(bars, marker), alt.layer(cumulative, eighty, eighty_label)]
    core_count = sum(1 for r in rows if r["phase"] == "core")
    chart = alt.layer(*layers).resolve_scale(y="independent", color="independent")
    if 0 < core_count < len(rows) and all(r["phase"] == "core" for r in rows[:core_count]):
        # A clean cut: draw the line between the last core feature and the first Phase 2 one.
        cut = alt.Chart(pd.DataFrame({"rank": [core_count], "label": [f"cut line: top {core_count}"]}))
        rule_x = alt.X("rank:O", bandPosition=1)
        chart = alt.layer(*layers, cut.mark_rule(color=INK, strokeWidth=2.5 * scale, strokeDash=[8, 4]).encode(
            x=rule_x), cut.mark_text(align="left", dx=6, dy=-8 * scale, fontSize=MARK_TEXT_SIZE * scale,
                                     fontWeight=600, color=INK).encode(x=rule_x, y=alt.value(0), text="label:N")
        ).resolve_scale(y="independent", color="independent")
    return chart.properties(height=360 * scale, width="container")


def _js_string(text: str) -> str:
    """A Vega expression string literal (user text is data here, never code)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", " ") + "'"


def launch_chart(paths: Sequence[dict], *, scale: float = 1.0) -> alt.LayerChart:
    """Cumulative value delivered, month by month, on the two paths."""
    data = pd.DataFrame(paths)
    data["text"] = [format_value(v, "$") for v in data["value"]]
    order = ["Launch the core now", "Wait for the full scope"]
    colours = alt.Scale(domain=order, range=[VALUE_LINE, "#c43c24"])
    line = alt.Chart(data).mark_line(strokeWidth=3.5 * scale, interpolate="step-after").encode(
        x=alt.X("month:Q", title="Months from today", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("value:Q", title="Value delivered so far", axis=alt.Axis(format="$,.0f")),
        color=alt.Color("path:N", title=None, scale=colours, sort=order),
        tooltip=["path:N", "month:Q", alt.Tooltip("text:N", title="Value so far")])
    last = data[data["month"] == data["month"].max()]
    labels = alt.Chart(last).mark_text(align="right", dy=-10 * scale, fontSize=MARK_TEXT_SIZE * scale,
                                       fontWeight=600).encode(
        x="month:Q", y="value:Q", text="text:N", color=alt.Color("path:N", scale=colours, legend=None))
    return alt.layer(line, labels).properties(height=280 * scale, width="container")
