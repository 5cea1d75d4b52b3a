"""Reading a column of cells as one kind of value. Each distinct cell text is parsed once (a 120,000-row
column of months has 24 distinct values), numbers that arrive as numbers skip the parser entirely, and
every cell that can't be read is reported, never silently zeroed."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.importing.months import MonthRef, parse_month
from sprint.values import NotANumber, Parsed, parse_value

TEXT_MAX = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_TRUE = {"yes", "y", "true", "x", "1", "✓", "✔", "ja", "oui", "si", "done"}
_FALSE = {"no", "n", "false", "0", "", "-", "nein", "non"}
_DATE_SHAPES = ("%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y/%m/%d", "%d %b %Y", "%d %B %Y",
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


def dates(column: Sequence[object]) -> tuple[list[dt.date | None], list[CellProblem]]:
    out: list[dt.date | None] = []
    problems: list[CellProblem] = []
    for i, value in enumerate(column):
        parsed, problem = _date(value)
        out.append(parsed)
        if problem:
            problems.append(CellProblem(i, problem))
    return out, problems


def _date(value: object) -> tuple[dt.date | None, str | None]:
    if value is None:
        return None, None
    if isinstance(value, dt.datetime):
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool) and 1990 <= value <= 2100 \
            and float(value).is_integer():
        return dt.date(int(value), 1, 1), None  # a year alone: its first day
    text = " ".join(str(value).split())
    if re.fullmatch(r"(19|20)\d\d", text):
        return dt.date(int(text), 1, 1), None
    if not text:
        return None, None
    for shape in _DATE_SHAPES:
        try:
            return dt.datetime.strptime(text, shape).date(), None
        except ValueError:
            continue
    ref = parse_month(text)
    if ref and ref.year:
        return dt.date(ref.year, ref.month, 1), None
    return None, f"'{text}' is not a date we can read; write it as 2026-03-15"


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
