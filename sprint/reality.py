"""The roadmap's reality check: industry average against the top 5%, beside the organisation's own figure,
computed from its data where it can be and typed in where it can't."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sprint.picture import Picture
from sprint.steps import COMPLIANCE
from sprint.steps.outcomes import rules as outcomes


@dataclass(frozen=True)
class Benchmark:
    name: str
    unit: str  # "months" or "%"
    average: str
    top: str
    better: str  # "lower" or "higher"


BENCHMARKS = (
    Benchmark("Time from pilot to production", "months", "14-18", "3-4", "lower"),
    Benchmark("Pilots reaching production", "%", "8.6", "73", "higher"),
    Benchmark("ROI within 6 months", "%", "5", "62", "higher"),
    Benchmark("Employee adoption rate", "%", "22", "81", "higher"),
    Benchmark("Compliance-ready from the start", "%", "11", "94", "higher"),
)


@dataclass(frozen=True)
class Yours:
    benchmark: Benchmark
    value: float | None
    how: str  # where the figure comes from


def _computed(name: str, pictures: Sequence[Picture]) -> tuple[float | None, str]:
    if not pictures:
        return None, ""
    if name == "Pilots reaching production":
        live = sum(p.initiative.stage in ("limited production", "production") for p in pictures)
        return 100 * live / len(pictures), f"{live} of {len(pictures)} initiatives in production"
    if name == "ROI within 6 months":
        with_roi = [p for p in pictures if p.curve]
        if not with_roi:
            return None, ""
        paid = sum(1 for p in with_roi if (m := outcomes.payback_month(p.curve)) is not None and m <= 6)
        return 100 * paid / len(with_roi), f"{paid} of {len(with_roi)} with an investment paid back by month 6"
    if name == "Employee adoption rate":
        latest = [p.adoption[-1][1] for p in pictures if p.adoption]
        if not latest:
            return None, ""
        return sum(latest) / len(latest), f"latest weekly adoption, averaged over {len(latest)} initiative(s)"
    if name == "Compliance-ready from the start":
        tracked = [p for p in pictures if p.statuses]
        if not tracked:
            return None, ""
        ready = sum(1 for p in tracked if next(s for s in p.readiness if s.step == COMPLIANCE.label).score == 1)
        return 100 * ready / len(tracked), f"{ready} of {len(tracked)} with {COMPLIANCE.column} complete"
    return None, ""


def yours(pictures: Sequence[Picture], typed: Mapping[str, float]) -> list[Yours]:
    out = []
    for b in BENCHMARKS:
        value, how = _computed(b.name, pictures)
        if value is None and b.name in typed:
            value, how = typed[b.name], "typed in"
        out.append(Yours(b, value, how or "type it in below"))
    return out
