"""Reading a column of cells as one kind of value. Each distinct cell text is parsed once (a 120,000-row
column of months has 24 distinct values), numbers that arrive as numbers skip the parser entirely, and
every cell that can't be read is reported, never silently zeroed."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.bounds import YEARS
from sprint.importing.months import MonthRef, parse_month
from sprint.text_limits import INVISIBLE
from sprint.values import NotANumber, Parsed, parse_value

TEXT_MAX = 2000
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f" + "".join(sorted(INVISIBLE)) + "]")  # and what can't be seen
_TRUE = {"yes", "y", "true", "x", "1", "✓", "✔", "ja", "oui", "si", "done"}
_FALSE = {"no", "n", "false", "0", "", "-", "nein", "non"}
_DATE_SHAPES = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%d %b %Y", "%d %B %Y",
                "%b %d, %Y", "%B %d, %Y", "%b %d %Y", "%B %d %Y", "%d-%b-%Y", "%d-%b-%y")
_COMMA_DECIMAL = re.compile(r"^[-+(<>]?\s*[$€£]?\s*\d{1,3}(?:\.\d{3})+,\d+|^[-+(<>]?\s*[$€£]?\s*\d+,(?:\d{1,2}|\d{4,})\D*$")
_DOT_DECIMAL = re.compile(r"^[-+(<>]?\s*[$€£]?\s*\d{1,3}(?:,\d{3})+\.\d+|^[-+(<>]?\s*[$€£]?\s*\d+\.(?:\d{1,2}|\d{4,})\D*$")


def decimal_mark(values: Sequence[object]) -> str | None:
    """',' when the file's numbers are written with a decimal comma (1.200,50; 8,2), '.' when with a point,
    None when nothing tells. Decides how an ambiguous '1,200' reads for the whole file."""
    comma = dot = 0
    for v in values:
        if isinstance(v, str) and any(ch.isdigit() for ch in v):
            s = v.strip()
            comma += bool(_COMMA_DECIMAL.match(s))
            dot += bool(_DOT_DECIMAL.match(s))
    if comma > dot:
        return ","
    if dot > comma:
        return "."
    return None


@dataclass(frozen=True)
class CellProblem:
    index: int  # position in the column (the table's data row)
    message: str


def text_cell(value: object) -> str:
    """A cell as text to store: formulas or '=...' text stay text (we never evaluate), control characters go,
    floats that are whole numbers lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time() else value
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    text = _CONTROL.sub("", " ".join(str(value).split()) if "\n" in str(value) else str(value)).strip()
    return text[:TEXT_MAX]


def texts(column: Sequence[object]) -> list[str]:
    """`text_cell` over a column, each distinct cell converted once (departments and names repeat)."""
    cache: dict[object, str] = {}
    out = []
    for value in column:
        try:
            text = cache.get(value)
        except TypeError:  # an unhashable cell
            text = None
        if text is None:
            text = text_cell(value)
            with contextlib.suppress(TypeError):
                cache[value] = text
        out.append(text)
    return out


@dataclass
class Numbers:
    """A column read as numbers: `values` (None where blank or unreadable), and the unit or bound written in
    a cell where there was one ("$45/unit" -> unit "$/unit"; "<3%" -> bound "<"), by position."""

    values: list[float | None]
    units: dict[int, str]
    bounds: dict[int, str]

    def parsed(self, i: int) -> Parsed | None:
        value = self.values[i]
        return None if value is None else Parsed(value, self.units.get(i, ""), self.bounds.get(i, ""))


def number_values(column: Sequence[object], decimal: str | None) -> tuple[Numbers, list[CellProblem]]:
    """Numbers that arrive as numbers pass straight through (the common case, and the fast one); each distinct
    text is parsed once."""
    values: list = list(column)
    units: dict[int, str] = {}
    bounds: dict[int, str] = {}
    problems: list[CellProblem] = []
    cache: dict[str, Parsed | None | str] = {}
    for i, value in enumerate(values):
        cls = value.__class__
        if cls is float or value is None:
            continue
        if cls is int:
            values[i] = float(value)
            continue
        if isinstance(value, dt.date | dt.time | dt.timedelta):
            if isinstance(value, dt.timedelta):  # [h]:mm durations: hours
                values[i], units[i] = value.total_seconds() / 3600, "hours"
                continue
            problems.append(CellProblem(i, f"'{text_cell(value)}' is a date, not a number"))
            values[i] = None
            continue
        key = str(value)
        hit = cache.get(key)
        if hit is None and key not in cache:
            try:
                hit = parse_value(key, decimal)
            except NotANumber as exc:
                hit = str(exc)
            cache[key] = hit
        if isinstance(hit, str):
            problems.append(CellProblem(i, f"{hit}: type a number such as 45, $45/unit, 8.2% or 1,200"))
            values[i] = None
        elif hit is None:
            values[i] = None
        else:
            values[i] = hit.value
            if hit.unit:
                units[i] = hit.unit
            if hit.bound:
                bounds[i] = hit.bound
    return Numbers(values, units, bounds), problems


def numbers(column: Sequence[object], decimal: str | None) -> tuple[list[Parsed | None], list[CellProblem]]:
    read, problems = number_values(column, decimal)
    return [read.parsed(i) for i in range(len(read.values))], problems


DAY_FIRST, MONTH_FIRST = "day", "month"
ORDER_WORDS = {DAY_FIRST: "day first (15/06/2026)", MONTH_FIRST: "month first (06/15/2026)"}
# 15/06/2026, 06-15-2026, 15.06.26, with a time of day after it as exports write them ("07/25/2024 12:00:00 AM")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([/.\-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp][Mm])?)?$")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


@dataclass(frozen=True)
class DateOrder:
    """What a column's all-number dates (03/04/2026) tell about their order: a first part above 12 is a day
    (day first), a second part above 12 is a day (month first). `ambiguous` is the first date either way."""

    order: str | None  # DAY_FIRST, MONTH_FIRST, None (nothing tells), or "both" (the column holds both)
    ambiguous: str | None
    day_first_example: str | None
    month_first_example: str | None


def date_order(column: Sequence[object]) -> DateOrder:
    day = month = ambiguous = None
    for value in dict.fromkeys(v.strip() for v in column if isinstance(v, str)):
        m = _NUMERIC_DATE.match(value)
        if not m:
            continue
        first, second = int(m.group(1)), int(m.group(3))
        if first > 12 >= second:
            day = day or value
        elif second > 12 >= first:
            month = month or value
        elif first != second and first <= 12 and second <= 12:
            ambiguous = ambiguous or value
    order = "both" if day and month else DAY_FIRST if day else MONTH_FIRST if month else None
    return DateOrder(order, ambiguous, day, month)


def _spelled(d: dt.date) -> str:
    return f"{d.day} {_MONTH_NAMES[d.month - 1]} {d.year}"


def dates(column: Sequence[object], order: str | None = None) -> tuple[list[dt.date | None], list[CellProblem]]:
    """Dates, with the order of all-number dates (03/04/2026) decided for the whole column: `order` when the
    person chose it, else the column's own evidence (a part above 12). When nothing tells and a date reads
    two ways, or the column holds both orders, one problem asks for the order rather than guessing."""
    out: list[dt.date | None] = []
    problems: list[CellProblem] = []
    evidence = date_order(column)
    mixed = evidence.order == "both" and not order
    decided = order or (None if mixed else evidence.order)
    asked = False
    for i, value in enumerate(column):
        numeric = isinstance(value, str) and _NUMERIC_DATE.match(value.strip()) is not None
        if numeric and mixed:
            parsed, problem = None, None
            if not asked:
                problem = (f"this column has dates written day first ('{evidence.day_first_example}') and month "
                           f"first ('{evidence.month_first_example}'); choose the order, or make them one way")
                asked = True
        else:
            parsed, problem = _date(value, decided)
            if numeric and parsed is None and problem is None and not asked:  # reads two ways, nothing tells
                text = value.strip()
                a, b = _numeric_date(text, DAY_FIRST), _numeric_date(text, MONTH_FIRST)
                problem = (f"'{text}' could be {_spelled(a)} or {_spelled(b)}, and no date in this column has a "
                           "day above 12 to tell; choose whether the dates are day first or month first "
                           "(--day-first or --month-first on the command line)")
                asked = True
        out.append(parsed)
        if problem:
            problems.append(CellProblem(i, problem))
    return out, problems


def _numeric_date(text: str, order: str | None) -> dt.date | None:
    """15/06/2026, 06-15-2026, 15.06.26 in the given order; None when the order is not known or it doesn't fit."""
    m = _NUMERIC_DATE.match(text)
    if not m or order is None:
        return None
    first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
    if len(m.group(4)) == 2:
        year += 2000
    day, month = (first, second) if order == DAY_FIRST else (second, first)
    if first == second:
        day = month = first
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _date(value: object, order: str | None = None) -> tuple[dt.date | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return _in_years(value, str(value))
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1990 <= value <= 2100 and float(value).is_integer():
            return dt.date(int(value), 1, 1), None  # a year alone: its first day
        return None, _number_not_date(value)
    text = " ".join(str(value).split())
    if re.fullmatch(r"(19|20)\d\d", text):
        return _in_years(dt.date(int(text), 1, 1), text)
    if not text:
        return None, None
    m = _NUMERIC_DATE.match(text)
    if m:
        first, second = int(m.group(1)), int(m.group(3))
        year = int(m.group(4)) + (2000 if len(m.group(4)) == 2 else 0)
        if not YEARS[0] <= year <= YEARS[1]:
            return None, f"'{text}' is in the year {year}, outside {YEARS[0]}-{YEARS[1]}: check the year"
        own = DAY_FIRST if first > 12 >= second or first == second else MONTH_FIRST if second > 12 >= first else None
        if own and order and own != order and first != second:
            return None, f"'{text}' is not a date written {ORDER_WORDS[order]}"
        use = own or order
        if use is None:
            return None, None if first <= 12 and second <= 12 else f"'{text}' is not a date we can read; write it " \
                                                                     "as 2026-03-15"
        found = _numeric_date(text, use)
        if found is None:
            return None, f"'{text}' is not a date we can read; write it as 2026-03-15"
        return _in_years(found, text)
    with contextlib.suppress(ValueError):
        if re.fullmatch(r"\d{4,}(\.\d+)?|\d{1,2}\.\d{5,}", text):
            return None, _number_not_date(float(text))
    for shape in _DATE_SHAPES:
        try:
            return _in_years(dt.datetime.strptime(text, shape).date(), text)
        except ValueError:
            continue
    ref = parse_month(text)
    if ref and ref.year:
        return _in_years(dt.date(ref.year, ref.month, 1), text)
    return None, f"'{text}' is not a date we can read; write it as 2026-03-15"


def _in_years(d: dt.date, text: str) -> tuple[dt.date | None, str | None]:
    if YEARS[0] <= d.year <= YEARS[1]:
        return d, None
    return None, f"'{text}' is in the year {d.year}, outside {YEARS[0]}-{YEARS[1]}: check the year"


def _number_not_date(value: float) -> str:
    """A number where a date belongs: most often a date a spreadsheet stored as its day number (45123) or a
    date typed in another locale that became a decimal (15.062023). Flagged, never turned into a date."""
    shown = f"{value:g}" if not float(value).is_integer() else f"{int(value)}"
    if 32874 <= value <= 73051 and float(value).is_integer():  # 1990-01-01 .. 2100-01-01 as Excel day numbers
        as_day = dt.date(1899, 12, 30) + dt.timedelta(days=int(value))
        return (f"{shown} is a number, not a date (as an Excel day number it would be {as_day.isoformat()}); "
                "format the column as dates in the spreadsheet and save it again")
    return (f"{shown} is a number, not a date: a date typed in another locale may have become a number; "
            "write it as 2026-03-15")


def months(column: Sequence[object]) -> tuple[list[MonthRef | None], list[CellProblem]]:
    out: list[MonthRef | None] = []
    problems: list[CellProblem] = []
    cache: dict[object, MonthRef | None] = {}
    for i, value in enumerate(column):
        if value is None:
            out.append(None)
            problems.append(CellProblem(i, "the month is blank"))
            continue
        if isinstance(value, float) and value.is_integer():
            value = f"Month {int(value)}"  # a bare 3 in a Month column is sprint month 3
        key = value if isinstance(value, str | dt.date) else str(value)
        if key not in cache:
            cache[key] = parse_month(value)
        ref = cache[key]
        if ref is None:
            problems.append(CellProblem(i, f"'{text_cell(value)}' is not a month; write Month 3, Mar 2026 or "
                                           "2026-03"))
        out.append(ref)
    return out, problems


def booleans(column: Sequence[object], default: bool | None) -> tuple[list[bool], list[CellProblem]]:
    out: list[bool] = []
    problems: list[CellProblem] = []
    for i, value in enumerate(column):
        if value is None:
            out.append(bool(default))
            continue
        if isinstance(value, bool):
            out.append(value)
            continue
        word = text_cell(value).lower().rstrip(".")
        if word in _TRUE or word.startswith("yes"):
            out.append(True)
        elif word in _FALSE or word.startswith("no"):
            out.append(False)
        else:
            problems.append(CellProblem(i, f"'{text_cell(value)}' is not yes or no"))
            out.append(bool(default))
    return out, problems


def choices(column: Sequence[object], words: dict[str, str], default: object,
            allowed: Sequence[str]) -> tuple[list[object], list[CellProblem]]:
    from sprint.importing.layout import normal

    out: list[object] = []
    problems: list[CellProblem] = []
    for i, value in enumerate(column):
        if value is None:
            out.append(default)
            continue
        text = text_cell(value)
        # "a) Pre-deployment – The use case is ...": the lettered option's first words
        short = re.sub(r"^\s*[a-z0-9][).]\s+", "", text, flags=re.I)
        short = re.split(r"\s[–—-]\s|:|\(", short)[0]
        hit = words.get(normal(text)) or words.get(normal(short))
        if hit is None:
            problems.append(CellProblem(i, f"'{text[:60]}' is not one of: {', '.join(allowed)}"))
        out.append(hit if hit is not None else default)
    return out, problems
