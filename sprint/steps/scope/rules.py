"""Step 1 rules, pure functions: rank features by business impact, cut after the few that pay, and show
what the cut buys, what creeps in with each extra feature, and what waiting costs.

Impact in dollars per month = dollars saved + hours saved per week x 4.33 weeks x the loaded hourly rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

WEEKS_PER_MONTH = 4.33
DEFAULT_HOURLY_RATE = 60.0  # a loaded cost per hour (salary, benefits, overhead) when none is set
DEFAULT_CUT = 5  # the roadmap: draw the line after the top 3-5
VOLUME_RULE = 80.0  # the 80/20 rule: the few cases that carry 80% of the volume


@dataclass(frozen=True)
class Candidate:
    """What ranking needs to know about one feature."""

    key: int
    name: str
    dollars_per_month: float
    hours_per_week: float
    volume_share: float  # percent of the process's volume it covers
    score: float | None = None  # the backlog's own score (RICE, ICE): orders features of equal impact


def impact(c: Candidate, hourly_rate: float) -> float:
    return c.dollars_per_month + c.hours_per_week * WEEKS_PER_MONTH * hourly_rate


@dataclass(frozen=True)
class Ranked:
    rank: int
    candidate: Candidate
    impact: float
    cumulative_value_pct: float
    cumulative_volume_pct: float
    tie_note: str  # why it sits where it does when its impact ties with a neighbour's


def rank(candidates: Sequence[Candidate], hourly_rate: float) -> list[Ranked]:
    """Highest impact first. Ties are broken by the backlog's own score (a RICE or ICE score, higher first: a
    backlog imported with scores and no dollar figures is ranked by them), then by volume share (more first),
    then by name, then by the order they were entered, so the ranking never shuffles between reruns."""
    scored = [(impact(c, hourly_rate), c) for c in candidates]
    ordered = sorted(scored, key=lambda t: (-round(t[0], 6), -(t[1].score or 0.0), -t[1].volume_share,
                                            t[1].name.casefold(), t[1].key))
    total_value = sum(v for v, _ in scored) or 1.0
    total_volume = sum(c.volume_share for c in candidates)
    volume_base = max(total_volume, 100.0)  # shares are of the whole process; more than 100% is flagged elsewhere
    out, value_sum, volume_sum = [], 0.0, 0.0
    for position, (value, c) in enumerate(ordered, start=1):
        value_sum += value
        volume_sum += c.volume_share
        tie_with = [other for v, other in scored if other is not c and math.isclose(v, value, abs_tol=1e-6)]
        note = ""
        if tie_with:
            note = (f"tied on impact with {', '.join(o.name for o in tie_with[:3])}"
                    f"{'...' if len(tie_with) > 3 else ''}; ordered by "
                    f"{'their own score, then ' if c.score is not None else ''}volume share, then name")
        out.append(Ranked(position, c, value, 100 * value_sum / total_value, 100 * volume_sum / volume_base, note))
    return out


@dataclass(frozen=True)
class CutSummary:
    core_count: int
    value_pct: float
    volume_pct: float
    core_value: float  # dollars per month the core carries
    total_value: float

    @property
    def sentence(self) -> str:
        return (f"The top {self.core_count} carry {self.value_pct:.0f}% of the value and "
                f"{self.volume_pct:.0f}% of the volume.")


def default_cut(count: int) -> int:
    return min(DEFAULT_CUT, count)


def summarize_cut(ranked: Sequence[Ranked], core_keys: set[int]) -> CutSummary:
    total_value = sum(r.impact for r in ranked)
    total_volume = max(sum(r.candidate.volume_share for r in ranked), 100.0)
    core = [r for r in ranked if r.candidate.key in core_keys]
    core_value = sum(r.impact for r in core)
    return CutSummary(len(core), 100 * core_value / total_value if total_value else 0.0,
                      100 * sum(r.candidate.volume_share for r in core) / total_volume, core_value, total_value)


def volume_rule_set(candidates: Sequence[Candidate], threshold: float = VOLUME_RULE) -> list[Candidate]:
    """The smallest set of features covering `threshold`% of volume: the largest shares first. Empty when
    even all of them together don't reach it."""
    chosen, covered = [], 0.0
    for c in sorted(candidates, key=lambda c: (-c.volume_share, c.name.casefold(), c.key)):
        if covered >= threshold:
            break
        chosen.append(c)
        covered += c.volume_share
    return chosen if covered >= threshold else []


def interactions(n: int) -> int:
    """Pairs of features that can interact: n(n-1)/2."""
    return n * (n - 1) // 2 if n > 1 else 0


def creep(n: int, further: int = 5) -> list[tuple[int, int, int, float]]:
    """For each further feature: (features, interactions, added interactions, added % over the one before).
    Going from 4 to 5 features adds 4 pairs, 67% more: the roadmap's '50-70% more complex'."""
    rows = []
    for k in range(max(n, 1), max(n, 1) + further + 1):
        before, now = interactions(k - 1), interactions(k)
        rows.append((k, now, now - before, 100 * (now - before) / before if before else math.inf))
    return rows


@dataclass(frozen=True)
class DelayCost:
    monthly_value_forgone: float  # the core's value per month, not delivered while in pilot
    monthly_running_cost: float
    per_month: float  # what each further month in pilot costs
    months_in_pilot: float
    forgone_to_date: float


def cost_of_delay(core_value: float, monthly_running_cost: float, days_since_start: int,
                  still_pilot: bool) -> DelayCost:
    months = max(days_since_start, 0) / 30 if still_pilot else 0.0
    per_month = core_value + monthly_running_cost
    return DelayCost(core_value, monthly_running_cost, per_month, months, core_value * months)


def launch_paths(core_value: float, full_value: float, core_months: float = 1.0, full_months: float = 4.0,
                 horizon: int = 12) -> list[dict]:
    """Cumulative value by month for 'launch the core now' (the core pays from `core_months`, the rest
    joins when the full scope would have shipped) and 'wait for the full scope' (nothing until
    `full_months`). The roadmap's logistics case: 4 weeks against 4 months."""
    rows = []
    core_total = wait_total = 0.0
    for month in range(0, horizon + 1):
        if month > 0:
            core_total += (core_value if month > core_months else 0.0) + \
                          (full_value - core_value if month > full_months else 0.0)
            wait_total += full_value if month > full_months else 0.0
        rows.append({"month": month, "path": "Launch the core now", "value": core_total})
        rows.append({"month": month, "path": "Wait for the full scope", "value": wait_total})
    return rows
