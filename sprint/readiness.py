"""Readiness per step: the share of a step's essentials that are done, each essential named.

Only steps the product has are scored; each later step adds its own essentials here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sprint.dashboard import MetricSummary
from sprint.initiatives import Initiative
from sprint.outcomes import pilot_metric_advice


@dataclass(frozen=True)
class Essential:
    label: str
    done: bool


@dataclass(frozen=True)
class StepReadiness:
    step: str
    essentials: tuple[Essential, ...]

    @property
    def score(self) -> float:
        return sum(e.done for e in self.essentials) / len(self.essentials) if self.essentials else 0.0

    @property
    def explanation(self) -> str:
        return "; ".join(f"{'done' if e.done else 'to do'}: {e.label}" for e in self.essentials)


def step5(initiative: Initiative, items: Sequence[MetricSummary], current_month: int) -> StepReadiness:
    """Step 5 is ready when outcomes are measured in money, time or errors, and reported on time."""
    business = [s for s in items if not pilot_metric_advice(s.metric.name)]
    return StepReadiness("Step 5 · Outcomes", (
        Essential("at least one business-outcome metric", bool(business)),
        Essential("a dollar-savings metric feeding ROI", any(s.metric.is_savings for s in items)),
        Essential("the pilot's investment entered", initiative.one_off_cost + initiative.monthly_cost > 0),
        Essential("every metric reported for the current month",
                  bool(items) and current_month >= 1 and all(current_month in s.actuals for s in items)),
        Essential("no metric off track", bool(items) and all(s.status != "off track" for s in items)),
    ))
