"""Month headers and month cells in the shapes people write them, mapped onto sprint months.

Sprint months as such: "Month 1", "M1", "Mo 3", "Month 3 actual". Calendar months: "Jan", "January",
"Jan-26", "Jan 2026", "January 2026", "2026-01", "01/2026", "2026/1", a real date cell, a month-end date.
A calendar month maps onto the sprint month labelled with it (see `sprint.dates.month_calendar_name`):
the sprint month whose middle falls in it, counting on from the initiative's first month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_MONTHS = {name: i for i, names in enumerate(
    (("jan", "january", "janv", "januar", "enero"), ("feb", "february", "fév", "fev", "februar", "febrero"),
     ("mar", "march", "mars", "märz", "marz", "marzo"), ("apr", "april", "avr", "abril"),
     ("may", "mai", "mayo"), ("jun", "june", "juin", "juni", "junio"), ("jul", "july", "juil", "juli", "julio"),
     ("aug", "august", "août", "aout", "agosto"), ("sep", "sept", "september", "septembre", "septiembre"),
     ("oct", "october", "octobre", "oktober", "octubre"), ("nov", "november", "novembre", "noviembre"),
     ("dec", "december", "décembre", "decembre", "dezember", "diciembre")), start=1) for name in names}

_SPRINT = re.compile(r"^(?:sprint\s+)?(?:month|mo|mth|m)\.?\s*#?\s*(\d{1,2})\b(.*)$", re.I)
_NAMED = re.compile(r"^([a-zéûä]{3,9})\.?(?:[\s\-/'’]+(\d{4}|\d{2})\b)?(.*)$", re.I)
_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T].*)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})[-/.](\d{4})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TRAILING_OK = re.compile(r"^\s*(?:\(.*\)|actuals?|values?|results?|target|goal)?\s*$", re.I)


@dataclass(frozen=True)
class MonthRef:
    """A sprint month ("Month 3": sprint=3) or a calendar month (2026, 1); `year` None when not written."""

    sprint: int | None = None
    year: int | None = None
    month: int | None = None
    is_target: bool = False  # "Month 3 target": a milestone target, not an actual

    @property
    def is_calendar(self) -> bool:
        return self.sprint is None


def parse_month(value: object) -> MonthRef | None:
    """The month a header or cell names, or None when it names none."""
    if isinstance(value, dt.datetime | dt.date):
        return MonthRef(year=value.year, month=value.month)
    if value is None or isinstance(value, bool | float | int):
        return None
    text = " ".join(str(value).split()).strip()
    if not text or len(text) > 40:
        return None
    match = _SPRINT.match(text)
    if match and 1 <= int(match.group(1)) <= 99:
        rest = match.group(2)
        if _TRAILING_OK.match(rest):
            return MonthRef(sprint=int(match.group(1)), is_target=bool(re.search(r"target|goal", rest, re.I)))
        return None
    match = _ISO.match(text)
    if match and 1 <= int(match.group(2)) <= 12 and 1990 <= int(match.group(1)) <= 2100:
        return MonthRef(year=int(match.group(1)), month=int(match.group(2)))
    match = _MONTH_YEAR.match(text)
    if match and 1 <= int(match.group(1)) <= 12:
        return MonthRef(year=int(match.group(2)), month=int(match.group(1)))
    match = _DMY.match(text)
    if match:
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        if month > 12 and day <= 12:  # 01/31/2026: month first
            day, month = month, day
        if 1 <= month <= 12:
            return MonthRef(year=year, month=month)
    match = _NAMED.match(text)
    if match and match.group(1).lower() in _MONTHS:
        rest = match.group(3)
        if not _TRAILING_OK.match(rest):
            return None
        year_text = match.group(2)
        year = None if year_text is None else (int(year_text) + 2000 if len(year_text) == 2 else int(year_text))
        return MonthRef(year=year, month=_MONTHS[match.group(1).lower()],
                        is_target=bool(re.search(r"target|goal", rest, re.I)))
    return None


def anchor(start: dt.date) -> tuple[int, int]:
    """(year, month) of sprint month 1: the calendar month its middle (day 15) falls in."""
    middle = start + dt.timedelta(days=14)
    return middle.year, middle.month


def sprint_month_of(ref: MonthRef, start: dt.date) -> int:
    """The sprint month a reference maps to for an initiative starting on `start` (may be < 1: before it)."""
    if ref.sprint is not None:
        return ref.sprint
    year0, month0 = anchor(start)
    year = ref.year
    if year is None:  # "Jan": the first January from the sprint's first month on
        year = year0 if ref.month >= month0 else year0 + 1
    return (year * 12 + ref.month) - (year0 * 12 + month0) + 1


def earliest_start(refs: list[MonthRef]) -> dt.date | None:
    """The first day of the earliest calendar month named (for a new initiative's sprint start)."""
    dated = [(r.year, r.month) for r in refs if r.is_calendar and r.year is not None]
    if not dated:
        return None
    year, month = min(dated)
    return dt.date(year, month, 1)
