"""Step 4 rules, pure functions: crawl-walk-run from the calendar, the weekly check-in rhythm, the escalation
path, the core rules, and the vendor exit warnings.

Phases from the sprint start (day 1): crawl is weeks 1-4 (days 1-28), walk is months 2-3 (days 29-90),
run is month 4 on (day 91 onwards).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.dates import sprint_day

CRAWL, WALK, RUN = "crawl", "walk", "run"
PHASES = (CRAWL, WALK, RUN)
PHASE_FIRST_DAY = {CRAWL: 1, WALK: 29, RUN: 91}
# The roadmap's minimum viable governance, per phase.
DEFAULT_CHECKLIST = {
    CRAWL: ("One owner with budget authority", "Weekly 15-minute check-ins", "A single-page performance dashboard",
            "A clear escalation path"),
    WALK: ("A cross-functional steering group", "Monthly performance reviews", "A documented change process",
           "First ROI measurements"),
    RUN: ("Quarterly business reviews", "Formal training", "A governance framework scaled to the use",
          "Continuous improvement cycles"),
}
CHECKIN_TARGET_MINUTES = 15
MAX_CORE_RULES = 7
PRICE_JUMP_WARNING = 10.0  # production price at 10x the pilot's: the roadmap's vendor lock-out
STATUSES = ("green", "amber", "red")


def phase_on(start: dt.date, today: dt.date) -> str | None:
    """The governance phase on `today`, or None before the sprint starts."""
    day = sprint_day(start, today)
    if day < 1:
        return None
    if day < PHASE_FIRST_DAY[WALK]:
        return CRAWL
    if day < PHASE_FIRST_DAY[RUN]:
        return WALK
    return RUN


def phase_starts(start: dt.date) -> dict[str, dt.date]:
    return {p: start + dt.timedelta(days=PHASE_FIRST_DAY[p] - 1) for p in PHASES}


def week_start(day: dt.date) -> dt.date:
    """Monday of the calendar week holding `day`: check-ins are counted per calendar week."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class Rhythm:
    streak: int  # consecutive weeks with a check-in, ending this week (or last week, if this one is still open)
    missed: list[dt.date]  # Mondays of weeks without a check-in, from the first check-in to last week
    average_minutes: float | None
    over_target: bool


def rhythm(dates_and_minutes: Sequence[tuple[dt.date, float]], today: dt.date) -> Rhythm:
    if not dates_and_minutes:
        return Rhythm(0, [], None, False)
    weeks = {week_start(d) for d, _ in dates_and_minutes}
    this_week = week_start(today)
    first = min(weeks)
    missed, week = [], first
    while week < this_week:
        if week not in weeks:
            missed.append(week)
        week += dt.timedelta(weeks=1)
    streak, week = 0, this_week if this_week in weeks else this_week - dt.timedelta(weeks=1)
    while week in weeks:
        streak += 1
        week -= dt.timedelta(weeks=1)
    minutes = [m for _, m in dates_and_minutes]
    average = sum(minutes) / len(minutes)
    return Rhythm(streak, missed, average, average > CHECKIN_TARGET_MINUTES)


@dataclass(frozen=True)
class Level:
    level: int
    who: str
    contact: str
    trigger: str


def suggest_escalation(levels: Sequence[Level], recent_statuses: Sequence[str],
                       already_escalated_to: int | None = None) -> Level | None:
    """After a red check-in, the next level up: the first level, or the one above the last escalation."""
    if not levels or not recent_statuses or recent_statuses[-1] != "red":
        return None
    ordered = sorted(levels, key=lambda lv: lv.level)
    if already_escalated_to is None:
        return ordered[0]
    higher = [lv for lv in ordered if lv.level > already_escalated_to]
    return higher[0] if higher else ordered[-1]


def rules_warning(count: int) -> str | None:
    if count <= MAX_CORE_RULES:
        return None
    return (f"{count} rules: more than anyone remembers. The roadmap's retail client cut 73 governance requirements "
            f"to {MAX_CORE_RULES} core rules, each with a trigger for adding more, and ran 18 months without a "
            "compliance issue. Keep the few that matter; make the rest triggers.")


def vendor_warnings(pilot_price: float | None, production_price: float | None, open_standards: bool,
                    documented: bool, data_portable: bool) -> list[str]:
    out = []
    if pilot_price and production_price and production_price >= PRICE_JUMP_WARNING * pilot_price:
        out.append(f"Production costs {production_price / pilot_price:.0f}x the pilot: the vendor lock-out the "
                   "roadmap warns about. Negotiate now, or plan the exit.")
    if not data_portable:
        out.append("You can't export all your data today: a vendor exit would start with a data rescue.")
    if not open_standards:
        out.append("Built on closed formats: moving away means rebuilding.")
    if not documented:
        out.append("Undocumented: the knowledge leaves with the vendor.")
    return out
