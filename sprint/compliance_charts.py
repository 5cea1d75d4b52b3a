"""Step 2 chart: the obligations x status matrix, readable on a projector."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from sprint.charts import STATUS_COLOURS
from sprint.compliance_catalog import Applicability
from sprint.compliance_store import STATUSES, Status

COLOURS = {"not started": STATUS_COLOURS["off track"], "in progress": STATUS_COLOURS["at risk"],
           "done": STATUS_COLOURS["on track"], "not applicable": "#9aa5b8"}


def status_matrix(items: Sequence[Applicability], found: Mapping[str, Status], *, scale: float = 1.0) -> alt.Chart:
    rows = [{"obligation": f"{a.obligation.jurisdiction}: {a.obligation.title}",
             "duty": a.obligation.duty, "status": found.get(a.obligation.id, Status()).status,
             "level": a.obligation.level} for a in items if a.applies]
    data = pd.DataFrame(rows, columns=["obligation", "duty", "status", "level"])
    order = list(dict.fromkeys(data["obligation"]))
    return alt.Chart(data).mark_square(size=420 * scale).encode(
        x=alt.X("status:N", sort=list(STATUSES), scale=alt.Scale(domain=list(STATUSES)), title=None,
                axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("obligation:N", sort=order, title=None, axis=alt.Axis(labelLimit=420 * scale)),
        color=alt.Color("status:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())), legend=None),
        tooltip=["obligation:N", "duty:N", "status:N", "level:N"],
    ).properties(height=max(120, 34 * len(order)) * scale, width="container")
