"""Step 3 chart: weekly adoption against the roadmap's benchmarks (22% on average, 81% for the top 5%)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import altair as alt
import pandas as pd

from sprint.charts import INK, MARK_TEXT_SIZE, STATUS_COLOURS
from sprint.steps.workflow.rules import ADOPTION_AVERAGE, ADOPTION_TOP


def adoption_chart(weeks: Sequence[tuple[dt.date, float]], *, scale: float = 1.0,
                   height: float = 300) -> alt.LayerChart:
    data = pd.DataFrame([{"week": w.isoformat(), "share": s, "label": f"{s:g}%"} for w, s in weeks])
    x = alt.X("week:T", title="Week of", axis=alt.Axis(format="%d %b", tickCount=min(len(data), 8)))
    y = alt.Y("share:Q", title="Target users actively using it", scale=alt.Scale(domain=[0, 100]),
              axis=alt.Axis(labelExpr="datum.value + '%'"))
    line = alt.Chart(data).mark_line(strokeWidth=3.5 * scale, color="#1f4e79",
                                     point=alt.OverlayMarkDef(size=110 * scale, filled=True)).encode(x=x, y=y)
    labels = alt.Chart(data).mark_text(dy=-14 * scale, fontSize=MARK_TEXT_SIZE * scale, fontWeight=600,
                                       color=INK).encode(x=x, y=y, text="label:N")
    marks = pd.DataFrame([{"share": ADOPTION_AVERAGE, "what": f"industry average {ADOPTION_AVERAGE:g}%"},
                          {"share": ADOPTION_TOP, "what": f"top 5% {ADOPTION_TOP:g}%"}])
    colours = alt.Scale(domain=marks["what"].tolist(), range=[STATUS_COLOURS["off track"], STATUS_COLOURS["on track"]])
    rules = alt.Chart(marks).mark_rule(strokeDash=[6, 4], strokeWidth=2).encode(
        y="share:Q", color=alt.Color("what:N", scale=colours, legend=None))
    rule_labels = alt.Chart(marks).mark_text(align="left", dx=4, dy=-8 * scale, fontSize=MARK_TEXT_SIZE * 0.9 * scale,
                                             fontWeight=600).encode(
        y="share:Q", x=alt.value(0), text="what:N", color=alt.Color("what:N", scale=colours, legend=None))
    return alt.layer(rules, rule_labels, line, labels).properties(height=height * scale, width="container")
