"""The 90-day plan: the three 30-day blocks and the five steps' week windows, the Week 1 and per-block
checklists, and the limited launch at 10-20% of volume."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.dates import PHASES
from sprint.steps import STEPS
from sprint.values import usable

# The roadmap's step windows, in weeks of the sprint.
STEP_WEEKS = tuple((step.label, *step.weeks) for step in STEPS)
WEEK_1 = ("Identify the single highest-impact use case", "Work out what staying in pilot mode costs",
          "Map the compliance requirements to the timeline", "Schedule shadow sessions with three end users",
          "Define success in dollars, not percentages")
BLOCKS = {
    "days 1-30": ("Strip the pilot to its core features", "Write the compliance documentation",
                  "Set up minimal governance"),
    "days 31-60": ("Fit the AI into existing workflows", "Run parallel tests with real users",
                   "Collect reality-based metrics"),
    "days 61-90": ("Launch to 10-20% of volume", "Measure actual ROI", "Plan the expansion on the results"),
}
SECTIONS = {"week 1": WEEK_1, **BLOCKS}
LAUNCH_BAND = (10.0, 20.0)


@dataclass(frozen=True)
class Bar:
    row: str
    first_day: int
    last_day: int
    kind: str  # block or step
    label: str


# Two short lines each, so the labels fit inside their bars on a 1280-pixel screen.
BLOCK_LABELS = ("core features · compliance file\nminimal governance",
                "workflows · parallel tests\nreal metrics",
                "launch 10-20%\nactual ROI · expansion")


def timeline_bars() -> list[Bar]:
    bars = [Bar(p.name, p.first_day, p.last_day, "block", label) for p, label in zip(PHASES, BLOCK_LABELS, strict=True)]
    bars += [Bar(name, 7 * (first - 1) + 1, 7 * last, "step", f"weeks {first}-{last}") for name, first, last in STEP_WEEKS]
    return bars


def launch_share_text(share: float | None) -> str:
    """The latest share as shown: '15%', '–' when none is recorded, 'invalid' for a stored value that is not a
    usable number."""
    if share is None:
        return "–"
    return f"{share:g}%" if usable(share) else "invalid"


def launch_status(share: float | None, stage: str | None = None) -> str:
    """Where the limited launch stands. With no share recorded, an initiative already in (limited) production
    is not called 'not launched': its share is simply not recorded yet."""
    if share is not None and not usable(share):
        return "the last share recorded is not a usable number: record it again"
    if share is None:
        if stage in ("limited production", "production"):
            return f"in {stage}; record the share of volume it runs to check the 10-20% band"
        return "not launched"
    low, high = LAUNCH_BAND
    if share < low:
        return "below the 10-20% band"
    if share <= high:
        return "in the 10-20% band"
    return "past the limited launch"


def latest(entries: Sequence[tuple[dt.date, float]]) -> float | None:
    return entries[-1][1] if entries else None
