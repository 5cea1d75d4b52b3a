"""The one set of limits every way in goes through: the forms, a paste, an import, a restore and the command
line. Beyond them a value is a typing slip or an attack, and one such value stored would break a page, a chart
or a snapshot for everyone (a start date in 9999 overflowed every date sum; 1.7e308 every total).

Each reader checks against these with a message that names the field; `Transaction.execute` refuses any text
over `TEXT_MAX` whatever path it came by."""

from __future__ import annotations

import datetime as dt

from sprint.text_limits import TEXT_MAX
from sprint.values import MAGNITUDE_MAX

YEARS = (1990, 2100)  # a date outside these years is a typing slip, or a number read as a date
DATE_MIN, DATE_MAX = dt.date(YEARS[0], 1, 1), dt.date(YEARS[1], 12, 31)
INT_MAX = 2**31 - 1  # ids, positions, versions
AUDIT_TEXT_MAX = 1_000_000  # an audit entry's before/after record (an import lists up to 500 repairs)
ROWS_MAX = 1_000_000  # records in one snapshot (120,000 monthly values is a large sprint)

__all__ = ["AUDIT_TEXT_MAX", "DATE_MAX", "DATE_MIN", "INT_MAX", "MAGNITUDE_MAX", "ROWS_MAX", "TEXT_MAX", "YEARS",
           "date_problem", "number_problem"]


def date_problem(value: dt.date | dt.datetime) -> str | None:
    """Why a date can't be kept (outside YEARS), or None."""
    if YEARS[0] <= value.year <= YEARS[1]:
        return None
    return f"{value.isoformat()[:10]} is outside {YEARS[0]}-{YEARS[1]}: check the year."


def number_problem(value: float) -> str | None:
    if -MAGNITUDE_MAX <= value <= MAGNITUDE_MAX:
        return None
    return f"{value:g} is too large to be a real figure (the limit is {MAGNITUDE_MAX:,.0f})."
