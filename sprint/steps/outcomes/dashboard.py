"""The success dashboard: each metric's baseline, monthly actuals, target, progress and status.

`summaries` computes the figures once; `display_frame` lays them out as the roadmap's Success Dashboard
Template with values written the way people write them ($45/unit, 4.5 hours, 8.2%).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from sprint.dates import month_label, sprint_month
from sprint.steps.outcomes import rules as outcomes
from sprint.steps.outcomes.store import MAX_MONTHS, Metric
from sprint.values import format_value, usable


@dataclass(frozen=True)
class MetricSummary:
    metric: Metric
    actuals: Mapping[int, float]
    latest_month: int | None
    latest: float | None
    progress: float | None
    expected: float | None
    status: str
    advice: str | None  # set when the name reads like a pilot metric


def summarize(metric: Metric, actuals: Mapping[int, float]) -> MetricSummary:
    # A stored value that is not a usable number (written before the parser refused it) is shown as 'invalid'
    # in the table but left out of progress, status and charts.
    good = actuals if all(map(usable, actuals.values())) else {k: v for k, v in actuals.items() if usable(v)}
    newest = outcomes.latest(good)
    if newest is None:
        return MetricSummary(metric, actuals, None, None, None, None, outcomes.NO_DATA,
                             outcomes.pilot_metric_advice(metric.name))
    month, value = newest
    if metric.needs_definition:  # values without a baseline and target: no progress to measure yet
        return MetricSummary(metric, actuals, month, value, None, None, outcomes.NO_DATA,
                             outcomes.pilot_metric_advice(metric.name))
    done = outcomes.progress(metric.baseline, metric.target, value, metric.direction)
    expected = outcomes.expected_progress(month, metric.baseline, metric.target, metric.milestones.get(month))
    return MetricSummary(metric, actuals, month, value, done, expected, outcomes.status(done, expected),
                         outcomes.pilot_metric_advice(metric.name))


def summaries(metrics: Sequence[Metric], actuals: Mapping[int, Mapping[int, float]]) -> list[MetricSummary]:
    return [summarize(m, actuals.get(m.id, {})) for m in metrics]


def months_to_show(start: dt.date, today: dt.date, items: Sequence[MetricSummary]) -> int:
    """The months so far: up to the current sprint month, or the latest month with data if later."""
    reported = max((s.latest_month or 0 for s in items), default=0)
    return max(1, min(max(sprint_month(start, today), reported), MAX_MONTHS))


NEEDED = "needed"  # a baseline or target not given yet (an imported metric nobody has defined)


def needing_definition(items: Sequence[MetricSummary]) -> list[MetricSummary]:
    """Metrics imported before they were defined: they need a baseline and a target."""
    return [s for s in items if s.metric.needs_definition]


def direction_text(direction: str) -> str:
    return "lower is better" if direction == "lower" else "higher is better"


def display_frame(items: Sequence[MetricSummary], start: dt.date, months: int) -> pd.DataFrame:
    """Department | Metric (with ↓/↑ for the better direction) | Baseline | Month 1 (Jan 2026) ... | Target |
    Progress | Status."""
    month_headers = [month_label(start, k) for k in range(1, months + 1)]
    rows = []
    for s in items:
        m = s.metric
        arrow = "↓" if m.direction == "lower" else "↑"  # which way is better, beside the name
        row = {"Department": m.department, "Metric": f"{m.name} {arrow}",
               "Baseline": NEEDED if m.baseline is None else format_value(m.baseline, m.unit)}
        for k, header in enumerate(month_headers, start=1):
            row[header] = format_value(s.actuals.get(k), m.unit) if k in s.actuals else ""
        row["Target"] = NEEDED if m.target is None else format_value(m.target, m.unit)
        row["Progress"] = None if s.progress is None else round(100 * s.progress)
        row["Status"] = s.status
        rows.append(row)
    columns = ["Department", "Metric", "Baseline", *month_headers, "Target", "Progress", "Status"]
    return pd.DataFrame(rows, columns=columns)


def status_counts(items: Sequence[MetricSummary]) -> dict[str, int]:
    counts = dict.fromkeys(outcomes.STATUSES, 0)
    for s in items:
        counts[s.status] += 1
    return counts


def room_frame(table: pd.DataFrame) -> pd.DataFrame:
    """The success table as a room reads it: the latest month instead of every month, progress as a percentage.
    Takes `display_frame`'s table (its month columns sit between Baseline and Target)."""
    columns = list(table.columns)
    months = columns[columns.index("Baseline") + 1:columns.index("Target")]
    latest, when = [], []
    for _, row in table.iterrows():
        filled = [(header, row[header]) for header in months if row[header]]
        latest.append(filled[-1][1] if filled else "–")
        when.append(filled[-1][0].split(" (")[0] if filled else None)
    if len(set(w for w in when if w)) > 1:  # metrics last reported in different months: say which, per row
        latest = [f"{value} ({w})" if w else value for value, w in zip(latest, when, strict=True)]
    latest_header = f"Latest ({next(w for w in when if w)})" if len(set(w for w in when if w)) == 1 else "Latest"
    room = table[[c for c in ("Department", "Metric", "Baseline") if c in columns]].copy()
    room[latest_header] = latest
    room["Target"] = table["Target"]
    room["Progress"] = [("–" if p is None or p != p else f"{int(p)}%") for p in table["Progress"]]
    room["Status"] = table["Status"]
    return room
