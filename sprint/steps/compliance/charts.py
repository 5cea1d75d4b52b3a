"""Step 2 chart: the obligations x status matrix with each obligation's applies-from date, readable on a
projector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from sprint.charts import STATUS_COLOURS
from sprint.steps.compliance.rules import Applicability
from sprint.steps.compliance.store import STATUSES, Status

COLOURS = {"not started": STATUS_COLOURS["off track"], "in progress": STATUS_COLOURS["at risk"],
           "done": STATUS_COLOURS["on track"], "not applicable": "#9aa5b8"}
DATE_AT = 3.7  # where the applies-from text starts, in status columns
LATER_COLOUR = "#8a5a00"  # not in force yet: a dark amber that reads on white and on a projector


def status_matrix(items: Sequence[Applicability], found: Mapping[str, Status], today: dt.date, *,
                  scale: float = 1.0) -> alt.Chart:
    rows = [{"obligation": f"{a.obligation.jurisdiction}: {a.obligation.title}",
             "duty": a.obligation.duty, "status": found.get(a.obligation.id, Status()).status,
             "level": a.level, "applies from": a.obligation.applies_from(today),
             "in force": a.obligation.in_force(today), "source": a.obligation.source,
             "checked": f"{a.obligation.as_of:%d %b %Y}", "applies to": a.obligation.applies_to,
             "enforcement": (a.obligation.enforcement or "not stated in the sources read")
             + (" (stayed for now)" if a.obligation.stay else "")} for a in items if a.applies]
    data = pd.DataFrame(rows, columns=["obligation", "duty", "status", "level", "applies from", "in force", "source",
                                       "checked", "applies to", "enforcement"])
    data["date"] = data["applies from"].str.replace(" (good practice)", "", regex=False)
    data["x"] = [STATUSES.index(v) if v in STATUSES else 0 for v in data["status"]]
    order = list(dict.fromkeys(data["obligation"]))
    tooltip = ["obligation:N", "duty:N", "applies to:N", "enforcement:N", "status:N", "level:N", "applies from:N",
               "source:N", "checked:N"]
    y = alt.Y("obligation:N", sort=order, title=None, axis=alt.Axis(labelLimit=420 * scale))
    # Statuses sit at 0-3 and the date column gets the room its text needs (a band per status would crowd it).
    x_scale = alt.Scale(domain=[-0.5, DATE_AT + 2.1], nice=False, zero=False)
    labels = ("datum.value == 0 ? ['not', 'started'] : datum.value == 1 ? ['in', 'progress'] : datum.value == 2 ? "
              "'done' : datum.value == 3 ? ['not', 'applicable'] : ['applies', 'from']")
    x = alt.X("x:Q", scale=x_scale, title=None,
              axis=alt.Axis(orient="top", values=[0, 1, 2, 3, DATE_AT + 0.9], labelExpr=labels, grid=False,
                            ticks=False, domain=False, labelAngle=0, labelFontSize=13 * scale,
                            labelPadding=8 * scale))
    squares = alt.Chart(data).mark_square(size=420 * scale).encode(
        x=x, y=y, color=alt.Color("status:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                                  legend=None),
        tooltip=tooltip)
    dates = alt.Chart(data).mark_text(fontSize=13 * scale, align="left").encode(
        x=alt.X("at:Q", scale=x_scale), y=y, text="date:N", tooltip=tooltip,
        color=alt.condition("datum['in force']", alt.value("#3b4557"), alt.value(LATER_COLOUR)),
    ).transform_calculate(at=str(DATE_AT))
    return alt.layer(squares, dates).properties(height=max(120, 34 * len(order)) * scale, width="container")
