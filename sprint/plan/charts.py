"""Altair charts for the 90-day plan: one timeline with today marked, and the limited launch's volume."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from sprint.charts import INK, MARK_TEXT_SIZE, PHASE_COLOURS, STATUS_COLOURS
from sprint.dates import SPRINT_DAYS
from sprint.plan.rules import LAUNCH_BAND, timeline_bars
from sprint.values import usable

STEP_COLOUR = "#1f4e79"


def timeline_chart(today_day: int | None, *, scale: float = 1.0) -> alt.LayerChart:
    """Days 1-90: the three blocks (with what each is for), the five steps' week windows, and today."""
    bars = pd.DataFrame([{"row": b.row, "start": b.first_day - 1, "end": b.last_day, "kind": b.kind,
                          "label": b.label} for b in timeline_bars()])
    order = bars["row"].tolist()
    x = alt.X("start:Q", title="Sprint day", scale=alt.Scale(domain=[0, SPRINT_DAYS], nice=False),
              axis=alt.Axis(values=[0, 14, 30, 42, 60, 90], labelExpr="datum.value == 0 ? 'start' : 'day ' + datum.value"))
    y = alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=260 * scale))
    colour = alt.Color("row:N", legend=None, scale=alt.Scale(
        domain=order, range=[*PHASE_COLOURS, *[STEP_COLOUR] * (len(order) - 3)]))
    rects = alt.Chart(bars).mark_bar(height={"band": 0.86}, cornerRadius=4).encode(
        x=x, x2="end:Q", y=y, color=colour, tooltip=["row:N", "label:N"])
    # A block's label is two lines, centred on its bar as a whole (Vega places the first line at y), so both
    # lines stay inside the bar.
    line_height = MARK_TEXT_SIZE * 0.8 * scale * 1.15
    blocks = alt.Chart(bars[bars["kind"] == "block"]).mark_text(
        align="left", baseline="middle", dx=8, dy=-line_height / 2, lineHeight=line_height,
        fontSize=MARK_TEXT_SIZE * 0.8 * scale, color=INK, lineBreak="\n").encode(x=x, y=y, text="label:N")
    steps = alt.Chart(bars[bars["kind"] == "step"]).mark_text(align="left", dx=6, fontSize=MARK_TEXT_SIZE * 0.85 * scale,
                                                                color="white", fontWeight=600).encode(
        x=x, y=y, text="label:N")
    layers = [rects, blocks, steps]
    if today_day is not None and 1 <= today_day <= SPRINT_DAYS:
        today = pd.DataFrame({"day": [today_day - 0.5], "label": [f"today: day {today_day}"]})
        # The line runs behind the bars, so it never crosses their words; it shows between the rows.
        layers.insert(0, alt.Chart(today).mark_rule(color=STATUS_COLOURS["off track"], strokeWidth=3 * scale).encode(
            x=alt.X("day:Q", scale=alt.Scale(domain=[0, SPRINT_DAYS], nice=False))))
        layers += [alt.Chart(today).mark_text(align="left" if today_day <= 60 else "right",
                                              dx=6 if today_day <= 60 else -6, dy=-6 * scale, fontWeight=600,
                                              fontSize=MARK_TEXT_SIZE * scale, color=STATUS_COLOURS["off track"]).encode(
                       x=alt.X("day:Q", scale=alt.Scale(domain=[0, SPRINT_DAYS], nice=False)), y=alt.value(0),
                       text="label:N")]
    return alt.layer(*layers).properties(height=46 * len(order) * scale, width="container")


def launch_chart(entries: Sequence[tuple[dt.date, float]], *, scale: float = 1.0) -> alt.LayerChart:
    """The share of volume in production over time against the 10-20% band (a stored value that is not a usable
    number is left out: the page says 'invalid' for it)."""
    data = pd.DataFrame([{"date": d.isoformat(), "share": s, "label": f"{s:g}%"} for d, s in entries if usable(s)],
                        columns=["date", "share", "label"])
    band = pd.DataFrame({"low": [LAUNCH_BAND[0]], "high": [LAUNCH_BAND[1]], "label": ["limited launch: 10-20%"]})
    top = max(30, data["share"].max() + 5) if len(data) else 30
    y = alt.Y("share:Q", title="Share of volume in production", scale=alt.Scale(domain=[0, top]),
              axis=alt.Axis(labelExpr="datum.value + '%'"))
    area = alt.Chart(band).mark_rect(color=STATUS_COLOURS["on track"], opacity=0.15).encode(
        y=alt.Y("low:Q", scale=alt.Scale(domain=[0, top])), y2="high:Q")
    band_label = alt.Chart(band).mark_text(align="left", dx=4, dy=-8, color=STATUS_COLOURS["on track"],
                                           fontSize=MARK_TEXT_SIZE * 0.9 * scale, fontWeight=600).encode(
        y="high:Q", x=alt.value(0), text="label:N")
    line = alt.Chart(data).mark_line(strokeWidth=3.5 * scale, color=STEP_COLOUR,
                                     point=alt.OverlayMarkDef(size=100 * scale, filled=True)).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(format="%d %b")), y=y)
    labels = alt.Chart(data).mark_text(dy=-14 * scale, fontSize=MARK_TEXT_SIZE * scale, fontWeight=600,
                                       color=INK).encode(x="date:T", y="share:Q", text="label:N")
    return alt.layer(area, band_label, line, labels).properties(height=260 * scale, width="container")
