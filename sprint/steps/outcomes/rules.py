"""Business-outcome rules, pure functions over plain numbers: progress, status, ROI and payback.

Progress = (latest - baseline) / (target - baseline). The same formula is right for both directions: a
cost falling from $45 toward $25 and a share rising from 0% toward 47% both give 0.5 halfway there.

Status compares progress with what should be done by now: the metric's milestone target for that month
when one is set, else the share of the 90 days elapsed at the end of that month.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sprint.config import DATA_DIR
from sprint.dates import MONTH_DAYS, SPRINT_DAYS

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on track", "at risk", "off track", "no data"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
# How far behind what is expected by now a metric may be: within 10 points of the gap is on track,
# within 30 points is at risk, further behind is off track.
ON_TRACK_SLACK = 0.10
AT_RISK_SLACK = 0.30
DIRECTIONS = ("lower", "higher")


def progress(baseline: float, target: float, latest: float | None, direction: str) -> float | None:
    """Share of the gap from baseline to target closed by `latest` (may be below 0 or above 1)."""
    if latest is None:
        return None
    if target == baseline:
        # Nothing to close (e.g. keep compliance incidents at 0): done while the target holds.
        held = latest <= target if direction == "lower" else latest >= target
        return 1.0 if held else 0.0
    return (latest - baseline) / (target - baseline)


def elapsed_share(month_index: int) -> float:
    """Share of the 90-day sprint elapsed at the end of sprint month `month_index` (capped at 1)."""
    return min(max(month_index, 0) * MONTH_DAYS, SPRINT_DAYS) / SPRINT_DAYS


def expected_progress(month_index: int, baseline: float, target: float, milestone: float | None = None) -> float:
    if milestone is not None and target != baseline:
        return (milestone - baseline) / (target - baseline)
    return elapsed_share(month_index)


def status(progress_now: float | None, expected: float) -> str:
    if progress_now is None:
        return NO_DATA
    behind = expected - progress_now
    if behind <= ON_TRACK_SLACK:
        return ON_TRACK
    if behind <= AT_RISK_SLACK:
        return AT_RISK
    return OFF_TRACK


def latest(actuals: Mapping[int, float]) -> tuple[int, float] | None:
    """The newest (month, value) reported, or None when nothing is."""
    if not actuals:
        return None
    month = max(actuals)
    return month, actuals[month]


def jump_ratio(previous: float | None, new: float) -> float | None:
    """How many times bigger or smaller `new` is than `previous` (>= 1); infinite for a drop to zero;
    None when not comparable (no previous value, a rise from zero, or a change of sign)."""
    if previous is None or previous == 0:
        return None
    if new == 0:
        return math.inf
    if (previous < 0) != (new < 0):
        return None
    ratio = abs(new) / abs(previous)
    return ratio if ratio >= 1 else 1 / ratio


JUMP_LIMIT = 3.0


@dataclass(frozen=True)
class RoiPoint:
    month_index: int
    invested: float  # one-off cost + running cost to date
    saved: float  # savings to date
    roi_pct: float  # (saved - invested) / invested, in percent


def roi_curve(one_off_cost: float, monthly_cost: float, savings_by_month: Mapping[int, float],
              months: int) -> list[RoiPoint]:
    """Cumulative ROI from month 0 (all cost, -100%) to `months`. A month with no savings reported
    counts as nothing saved. Empty when nothing has been invested (ROI is undefined)."""
    if one_off_cost + monthly_cost <= 0:
        return []
    points, saved = [RoiPoint(0, one_off_cost, 0.0, -100.0)] if one_off_cost > 0 else [], 0.0
    for month in range(1, months + 1):
        saved += savings_by_month.get(month, 0.0)
        invested = one_off_cost + monthly_cost * month
        points.append(RoiPoint(month, invested, saved, (saved - invested) / invested * 100))
    return points


# The ROI this app works out, named apart from any ROI metric a team types in itself.
ROI_LABEL = "Computed ROI to date"
ROI_HOW = ("Worked out here, not typed: (savings to date - cost to date) / cost to date, where savings are the "
           "metrics marked as savings and cost is the pilot's one-off cost plus its monthly cost so far.")
_TYPED_ROI = re.compile(r"\broi\b|return on (the )?investment", re.IGNORECASE)


def typed_roi_metrics(names: Sequence[str]) -> list[str]:
    """The metrics a team tracks as its own ROI figure (typed each month), which can differ from ROI_LABEL."""
    return [n for n in names if _TYPED_ROI.search(n)]


def roi_note(names: Sequence[str]) -> str | None:
    """One sentence telling the two ROI figures apart, when the team also types one."""
    typed = typed_roi_metrics(names)
    if not typed:
        return None
    quoted = ", ".join(f"'{n}'" for n in typed)
    return (f"{quoted} {'is a figure' if len(typed) == 1 else 'are figures'} your team types each month; "
            f"'{ROI_LABEL}' is worked out here from the savings metrics and the pilot's cost. They are measured "
            "differently and can disagree.")


def payback_month(curve: list[RoiPoint]) -> int | None:
    """The first month in which savings to date cover everything invested to date."""
    return next((p.month_index for p in curve if p.month_index > 0 and p.saved >= p.invested), None)


@dataclass(frozen=True)
class PilotMetricRule:
    words: tuple[str, ...]
    pair_with: str


@lru_cache(maxsize=4)
def pilot_metric_rules(path: Path = DATA_DIR / "pilot_metrics.toml") -> tuple[PilotMetricRule, ...]:
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return tuple(PilotMetricRule(tuple(w.lower() for w in r["words"]), r["pair_with"])
                 for r in data.get("pilot_metric", []))


def pilot_metric_advice(name: str, rules: tuple[PilotMetricRule, ...] | None = None) -> str | None:
    """A suggestion when a metric's name reads like a pilot metric, else None."""
    return _advice(name, rules if rules is not None else pilot_metric_rules())


@lru_cache(maxsize=8192)  # names repeat across departments and initiatives; each is read once
def _advice(name: str, rules: tuple[PilotMetricRule, ...]) -> str | None:
    text = name.lower()
    for rule in rules:
        for word in rule.words:
            if re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", text):
                return (f"'{name}' measures the model, not the business. Pair it with {rule.pair_with}.")
    return None
