"""Altair chart builders. They return charts and never draw them (no Streamlit here).

One theme for every chart: type large enough to read from the back of a room, and colours that mean the
same thing everywhere (the status colours, the stage colours, the three 30-day phases).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from sprint.dates import PHASES, SPRINT_DAYS
from sprint.initiatives import STAGES, Initiative

# Status colours: chosen to stay distinct on a washed-out projector and for red-green colour blindness
# (blue-ish green, amber, vermilion).
STATUS_COLOURS = {"on track": "#1b7f5f", "at risk": "#d99a00", "off track": "#c43c24"}
STAGE_COLOURS = {"pilot": "#7a8ca3", "limited production": "#2f6db5", "production": "#1b7f5f",
                 "paused": "#b0a99f"}
PHASE_COLOURS = ("#e6eef8", "#d3e2f3", "#bfd5ee")
INK = "#14213d"
FONT = "Source Sans Pro, Helvetica, Arial, sans-serif"

# Sizes in pixels for a 1280-1920 px wide projected page.
AXIS_LABEL_SIZE = 16
AXIS_TITLE_SIZE = 17
TITLE_SIZE = 22
MARK_TEXT_SIZE = 16


# Axis numbers as people write them: grouped, no exponent, at most two decimals; millions as 'M'.
_NUMBER = ("(abs(datum.value) >= 1e6 ? format(abs(datum.value) / 1e6, ',.2~f') + 'M' "
           ": format(abs(datum.value), ',.2~f'))")


def unit_axis(unit: str, **axis_args) -> alt.Axis:
    """An axis whose numbers read in the metric's unit: '$40,000', '12%', and for other units the plain
    number with the unit as the axis title ('hours'). Never '4e+4' or '40000'."""
    from sprint.values import UnitKind, unit_kind

    u = (unit or "").strip()
    sign = "(datum.value < 0 ? '-' : '') + "
    kind = unit_kind(u)
    if kind is UnitKind.MONEY and u.startswith("$"):
        expr, title = f"{sign}'$' + {_NUMBER}", (f"$ per {u[2:]}" if u.startswith("$/") and u[2:] else None)
    elif kind is UnitKind.PERCENT:
        expr, title = f"{sign}{_NUMBER} + '%'", None
    else:
        expr, title = f"{sign}{_NUMBER}", (u if u and u.lower() != "count" else None)
    return alt.Axis(labelExpr=expr, title=title, **axis_args)


def themed(chart: alt.TopLevelMixin, *, scale: float = 1.0) -> alt.TopLevelMixin:
    """Apply the product's one chart theme; `scale` enlarges everything for presenter mode.

    Width fits the container while height stays the plot's own (Streamlit's default 'fit' would squeeze
    the plot to make room for axes and legend inside the given height).
    """
    return (
        chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
        .configure(font=FONT)
        .configure_axis(labelFontSize=AXIS_LABEL_SIZE * scale, titleFontSize=AXIS_TITLE_SIZE * scale,
                        titleFontWeight=600,
                        labelColor=INK, titleColor=INK, gridColor="#e3e7ee", domainColor="#9aa5b8",
                        labelLimit=320 * scale)
        .configure_legend(labelFontSize=AXIS_LABEL_SIZE * scale, titleFontSize=AXIS_TITLE_SIZE * scale,
                          labelColor=INK, titleColor=INK, orient="bottom", labelLimit=320 * scale)
        .configure_title(fontSize=TITLE_SIZE * scale, color=INK, anchor="start", fontWeight=600)
        .configure_text(font=FONT)
        .configure_view(strokeWidth=0)
    )


def spec(chart: alt.TopLevelMixin, *, scale: float = 1.0) -> dict:
    """The themed Vega-Lite spec to draw. Validation against the schema is skipped here (it costs tens of
    milliseconds per chart on every rerun); the unit tests validate every builder's spec instead."""
    return themed(chart, scale=scale).to_dict(validate=False)


def sprint_positions(items: Sequence[Initiative], today: dt.date) -> pd.DataFrame:
    rows = []
    for item in items:
        day = item.day(today)
        if day < 1:
            label = f"starts in {1 - day} d"
        elif day > SPRINT_DAYS:
            label = f"day {day}: past day 90"
        else:
            label = f"day {day}"
        rows.append({"initiative": item.name, "stage": item.stage, "day": day,
                     "bar_end": min(max(day, 0), SPRINT_DAYS), "label": label})
    return pd.DataFrame(rows, columns=["initiative", "stage", "day", "bar_end", "label"])


def sprint_position_chart(items: Sequence[Initiative], today: dt.date, *, scale: float = 1.0) -> alt.LayerChart:
    """Where each initiative stands in its 90 days, over the three 30-day phases."""
    data = sprint_positions(items, today)
    order = data["initiative"].tolist()
    height = max(120, 48 * len(order)) * scale
    phases = pd.DataFrame([{"start": p.first_day - 1, "end": p.last_day, "phase": p.name} for p in PHASES])
    x_scale = alt.Scale(domain=[0, SPRINT_DAYS + 25], nice=False)
    bands = alt.Chart(phases).mark_rect(opacity=1).encode(
        x=alt.X("start:Q", scale=x_scale, title="Sprint day",
                axis=alt.Axis(values=[0, 30, 60, 90], labelExpr="datum.value == 0 ? 'start' : 'day ' + datum.value")),
        x2="end:Q",
        color=alt.Color("phase:N", scale=alt.Scale(domain=[p.name for p in PHASES], range=list(PHASE_COLOURS)),
                        legend=None),
    )
    band_labels = alt.Chart(phases).mark_text(baseline="top", dy=-18 * scale, fontSize=MARK_TEXT_SIZE * scale,
                                               color="#4a5a75").encode(
        x=alt.X("mid:Q", scale=x_scale), text="phase:N", y=alt.value(0)
    ).transform_calculate(mid="(datum.start + datum.end) / 2")
    bars = alt.Chart(data).mark_bar(height={"band": 0.55}, cornerRadiusEnd=4).encode(
        y=alt.Y("initiative:N", sort=order, title=None),
        x=alt.X("bar_end:Q", scale=x_scale),
        color=alt.Color("stage:N", title="Stage",
                        scale=alt.Scale(domain=list(STAGES), range=[STAGE_COLOURS[s] for s in STAGES])),
        tooltip=[alt.Tooltip("initiative:N", title="Initiative"), alt.Tooltip("stage:N", title="Stage"),
                 alt.Tooltip("label:N", title="Sprint")],
    )
    labels = alt.Chart(data).mark_text(align="left", dx=6, fontSize=MARK_TEXT_SIZE * scale, color=INK).encode(
        y=alt.Y("initiative:N", sort=order), x=alt.X("bar_end:Q", scale=x_scale), text="label:N"
    )
    return (alt.layer(bands, band_labels, bars, labels)
            .resolve_scale(color="independent")
            .properties(height=height, width="container"))


def count_bars(counts: pd.DataFrame, what: str, *, scale: float = 1.0) -> alt.LayerChart:
    """How many initiatives per stage or per department (from `portfolio.counts_by`): one bar each, the count
    written at its end. Stages keep their colours; departments are one calm colour."""
    order = counts[what].tolist()
    if what == "stage":
        colour = alt.Color("stage:N", legend=None, scale=alt.Scale(domain=list(STAGES),
                                                                 range=[STAGE_COLOURS[s] for s in STAGES]))
    else:
        colour = alt.value("#2f6db5")
    base = alt.Chart(counts).encode(
        y=alt.Y(f"{what}:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("initiatives:Q", title="Initiatives", axis=alt.Axis(tickMinStep=1, format="d")),
    )
    bars = base.mark_bar(height={"band": 0.7}, cornerRadiusEnd=3).encode(
        color=colour, tooltip=[alt.Tooltip(f"{what}:N", title=what.capitalize()),
                               alt.Tooltip("initiatives:Q", title="Initiatives")])
    labels = base.mark_text(align="left", dx=5, fontSize=MARK_TEXT_SIZE * scale, color=INK).encode(
        text="initiatives:Q")
    return alt.layer(bars, labels).properties(height=max(90, 34 * len(order)) * scale, width="container")


def answer_bars(labels: Sequence[str], people: Sequence[int], colours: Sequence[str], *,
                scale: float = 1.0) -> alt.LayerChart:
    """The room's spread of answers (a habit check, a check-in's status): one bar per answer in the order given,
    coloured as given, how many people said it written at its end."""
    data = pd.DataFrame({"answer": list(labels), "people": list(people)})
    base = alt.Chart(data).encode(
        y=alt.Y("answer:N", sort=list(labels), title=None, axis=alt.Axis(labelLimit=260)),
        x=alt.X("people:Q", title="People", axis=alt.Axis(tickMinStep=1, format="d"),
                scale=alt.Scale(domainMin=0, nice=True)),
    )
    bars = base.mark_bar(height={"band": 0.7}, cornerRadiusEnd=3).encode(
        color=alt.Color("answer:N", legend=None, scale=alt.Scale(domain=list(labels), range=list(colours))))
    labels_layer = base.mark_text(align="left", dx=5, fontSize=MARK_TEXT_SIZE * scale, fontWeight="bold",
                                  color=INK).encode(text="people:Q")
    return alt.layer(bars, labels_layer).properties(height=max(90, 44 * len(labels)) * scale, width="container")
