"""The one date convention of the product: the 90-day sprint calendar.

Day 1 is the initiative's sprint start date. Sprint month k covers days 30(k-1)+1 .. 30k, so month 1 is
days 1-30, month 2 days 31-60, month 3 days 61-90, and the months go on after the sprint (month 4 is days
91-120). A sprint month is labelled with the calendar month most of its 30 days fall in.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

SPRINT_DAYS = 90
MONTH_DAYS = 30


TODAY_ENV = "SPRINT_TODAY"  # run the app as of a given day: a workshop rehearsed ahead, and tests that pin dates


def today_utc() -> dt.date:
    """Today in UTC, or the day $SPRINT_TODAY names (YYYY-MM-DD). The sprint calendar, deadlines and which
    obligations are in force all follow it, so a rehearsal shows the room what it will see on the day and a test
    sees the same page whatever day it runs."""
    pinned = os.environ.get(TODAY_ENV, "").strip()
    if pinned:
        try:
            return dt.date.fromisoformat(pinned)
        except ValueError:
            raise ValueError(f"{TODAY_ENV}={pinned!r} is not a date: write it as YYYY-MM-DD, "
                             f"or unset it to use today's date") from None
    return dt.datetime.now(dt.UTC).date()


def now_utc() -> dt.datetime:
    """Naive UTC timestamp (DuckDB TIMESTAMP), to the microsecond."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def sprint_day(start: dt.date, on: dt.date) -> int:
    """Day number of `on` in the sprint: 1 on the start date, 0 the day before, 91 the day after day 90."""
    return (on - start).days + 1


def sprint_month(start: dt.date, on: dt.date) -> int:
    """Sprint month of a date: 1 for days 1-30, 2 for 31-60, ...; 0 before the sprint starts."""
    day = sprint_day(start, on)
    if day < 1:
        return 0
    return (day - 1) // MONTH_DAYS + 1


def month_window(start: dt.date, month_index: int) -> tuple[dt.date, dt.date]:
    """First and last calendar date of sprint month `month_index` (1-based)."""
    if month_index < 1:
        raise ValueError(f"sprint months start at 1, not {month_index}")
    first = start + dt.timedelta(days=MONTH_DAYS * (month_index - 1))
    return first, first + dt.timedelta(days=MONTH_DAYS - 1)


def month_calendar_name(start: dt.date, month_index: int) -> str:
    """'Feb 2026': the calendar month holding the middle (day 15) of the sprint month."""
    first, _ = month_window(start, month_index)
    middle = first + dt.timedelta(days=14)
    return middle.strftime("%b %Y")


def month_label(start: dt.date, month_index: int) -> str:
    """'Month 2 (Feb 2026)', the header used on screen and in exported workbooks."""
    return f"Month {month_index} ({month_calendar_name(start, month_index)})"


@dataclass(frozen=True)
class Phase:
    first_day: int
    last_day: int
    name: str
    focus: str


# The roadmap's three 30-day blocks.
PHASES: tuple[Phase, ...] = (
    Phase(1, 30, "Days 1-30", "Strip the pilot to its core, write the compliance file, set up minimal governance"),
    Phase(31, 60, "Days 31-60", "Fit real workflows, run parallel tests with real users, collect business metrics"),
    Phase(61, 90, "Days 61-90", "Launch to 10-20% of volume, measure actual ROI, plan the expansion"),
)


def phase_for_day(day: int) -> str:
    """A short description of where a sprint day sits: before, in one of the three blocks, or after."""
    if day < 1:
        return f"Starts in {1 - day} day{'s' if 1 - day != 1 else ''}"
    for phase in PHASES:
        if phase.first_day <= day <= phase.last_day:
            return phase.name
    return "After the sprint"


def describe_day(day: int) -> str:
    """'Day 41 of 90', 'Starts in 5 days', 'Day 120 (30 days past the sprint)'."""
    if day < 1:
        return phase_for_day(day)
    if day <= SPRINT_DAYS:
        return f"Day {day} of {SPRINT_DAYS}"
    return f"Day {day} ({day - SPRINT_DAYS} past the sprint)"
