"""The one parser for numbers people type, and the one way to show a value with its unit.

Parsing accepts what people write in cells and spreadsheets: "45", "$45", "$45/unit", "1,200", "1.200,50"
(decimal comma), "(1,200)" (accounting negative), "-100%", "+12%", "$67k", "4.5 hours", "8.2%".
Formatting writes values the way people do: "$45/unit", "4.5 hours", "8.2%", "$67,000".
"""

from __future__ import annotations

import math
import re
from enum import StrEnum
from typing import NamedTuple


class UnitKind(StrEnum):
    MONEY = "money"
    PERCENT = "percent"
    DURATION = "duration"
    COUNT = "count"
    OTHER = "other"


_DURATIONS = {"hour", "hours", "hr", "hrs", "h", "minute", "minutes", "min", "mins", "day", "days",
              "second", "seconds", "sec", "secs", "week", "weeks"}
_COUNTS = {"count", "#", "number", "incidents", "tickets", "units", "people", "users", "errors", "cases"}
# Units offered when defining a metric; anything else may be typed.
COMMON_UNITS = ("$", "$/unit", "$/month", "%", "hours", "minutes", "days", "count")


def unit_kind(unit: str) -> UnitKind:
    u = (unit or "").strip().lower()
    if u.startswith("$") or u in {"usd", "dollars", "eur", "€", "£"}:
        return UnitKind.MONEY
    if u in {"%", "percent", "pct"}:
        return UnitKind.PERCENT
    if u in _DURATIONS:
        return UnitKind.DURATION
    if u in _COUNTS:
        return UnitKind.COUNT
    return UnitKind.OTHER


def allows_negative(unit: str) -> bool:
    """A count or a duration can't be below zero; money and percentages can (a loss, -100% ROI)."""
    return unit_kind(unit) not in (UnitKind.COUNT, UnitKind.DURATION)


def _number_text(value: float, decimals: int | None = None) -> str:
    if decimals is None:
        magnitude = abs(value)
        decimals = 0 if magnitude >= 1000 or float(value).is_integer() else (1 if magnitude >= 10 else 2)
    text = f"{abs(value):,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("-" if value < 0 and text.strip("0.,") else "") + text


def format_value(value: float | None, unit: str, *, signed: bool = False) -> str:
    """'$45/unit', '4.5 hours', '8.2%', '$67,000', '12 tickets'; '–' for no value."""
    if value is None or (isinstance(value, float) and math.isnan(value)):  # NaN: pandas' "missing"
        return "–"
    if not usable(value):  # a bad stored value (infinity, absurd magnitude): shown as such, never computed with
        return "invalid"
    kind = unit_kind(unit)
    number = _number_text(value)
    sign = "+" if signed and value > 0 else ""
    u = (unit or "").strip()
    if kind is UnitKind.MONEY and u.startswith("$"):
        per = u[1:]
        neg = number.startswith("-")
        return f"{'-' if neg else sign}${number.lstrip('-')}{per}"
    if kind is UnitKind.PERCENT:
        return f"{sign}{number}%"
    if not u or u.lower() == "count":
        return f"{sign}{number}"
    if kind is UnitKind.DURATION and value == 1 and u.endswith("s") and len(u) > 2:
        u = u[:-1]
    return f"{sign}{number} {u}"


def plain(value: float | None) -> str:
    """A value as editable text, without unit or grouping: 67000, 4.2, -43 ('' for no value)."""
    return "" if value is None else f"{value:.10g}"


class Parsed(NamedTuple):
    """A parsed value (a named tuple: the importer makes one per cell, 120,000 at a time)."""

    value: float
    unit: str = ""  # the unit written in the text, if any ("$", "%", "hours", "$/unit")
    bound: str = ""  # "<" or ">" when written as a bound ("<3%")


class NotANumber(ValueError):
    pass


_SUFFIX_MULTIPLIERS = {"k": 1e3, "m": 1e6, "mm": 1e6, "bn": 1e9, "b": 1e9}


def _to_float(digits: str, decimal: str | None = None) -> float:
    """'1,200' -> 1200; '1.200,50' -> 1200.5; '8,2' -> 8.2; '1 200' -> 1200. With `decimal` known for the
    whole file ("," in much of Europe), '1,200' is 1.2 and '1.200' is 1200."""
    s = digits.replace(" ", "").replace("'", "").replace("\u00a0", "")
    if decimal == ",":
        return float(s.replace(".", "").replace(",", "."))
    if decimal == ".":
        return float(s.replace(",", ""))
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.200,50
            s = s.replace(".", "").replace(",", ".")
        else:  # 1,200.50
            s = s.replace(",", "")
    elif "," in s:
        groups = s.split(",")
        # '1,200' and '12,345,678' group thousands ('1,234' is read as 1234, not 1.234);
        # '8,2' and '1,25' are decimal commas.
        if groups[0].isdigit() and all(len(g) == 3 and g.isdigit() for g in groups[1:]):
            s = s.replace(",", "")
        elif len(groups) == 2:
            s = f"{groups[0]}.{groups[1]}"
        else:
            raise ValueError(digits)
    elif s.count(".") > 1:  # 1.200.000
        s = s.replace(".", "")
    return float(s)


MAGNITUDE_MAX = 1e15  # a quadrillion: above any business figure; beyond it a number is a typo or an attack


def usable(value: object) -> bool:
    """A stored number fit to compute and show: finite and within MAGNITUDE_MAX. A row written before the parser
    refused infinity (or edited outside the app) can still hold one; readers show it as invalid, never crash."""
    if type(value) is float:  # the common case, checked first (a large export asks this half a million times)
        return -MAGNITUDE_MAX <= value <= MAGNITUDE_MAX  # False for NaN and infinity too
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) \
        and abs(value) <= MAGNITUDE_MAX


def _bounded(value: float, raw: object) -> float:
    """No infinity, no NaN, nothing larger than MAGNITUDE_MAX: one such value stored would break every chart,
    table and snapshot that shows it, for everyone in the room."""
    typed_infinity = isinstance(raw, float) or str(raw).strip().lstrip("+-").lower() in ("inf", "infinity")
    if math.isinf(value) and not typed_infinity:  # 310 digits overflow to infinity: it is a number, too large
        value = math.copysign(MAGNITUDE_MAX * 10, value)
    elif not math.isfinite(value):
        raise NotANumber("infinity is not a value we can store" if math.isinf(value) else f"'{raw}' is not a number")
    if abs(value) > MAGNITUDE_MAX:
        raise NotANumber(f"'{str(raw)[:20]}{'...' if len(str(raw)) > 20 else ''}' is too large to be a real figure "
                         f"(the limit is {MAGNITUDE_MAX:,.0f})")
    return value


def parse_value(text: object, decimal: str | None = None) -> Parsed | None:
    """Parse one typed value; None for a blank. Raises NotANumber with a reason people understand.
    `decimal` is the decimal mark when a whole file is known to use one ("," or "."); else it is inferred."""
    if text is None:
        return None
    if isinstance(text, bool):
        raise NotANumber(f"'{text}' is not a number")
    if isinstance(text, int | float):
        if isinstance(text, float) and math.isnan(text):
            return None
        return Parsed(_bounded(float(text), text))
    raw = str(text).strip()
    if raw.isascii() and raw.isdigit():  # the common case, typed month after month: a plain whole number
        return Parsed(_bounded(float(raw), raw))
    if not raw or raw in {"-", "–", "—", "n/a", "N/A", "NA"}:
        return None
    s = raw.replace("\u2212", "-")
    bound = ""
    if s and s[0] in "<>≤≥":
        bound = "<" if s[0] in "<≤" else ">"
        s = s[1:].lstrip("=").strip()
    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    unit = ""
    if s.endswith("%"):
        unit, s = "%", s[:-1].strip()
    sign = ""
    if s and s[0] in "+-":
        sign, s = s[0], s[1:].strip()
    if s and s[0] in "$€£":
        unit, s = ("$" if s[0] == "$" else s[0]) + unit, s[1:].strip()
    if s and s[0] in "+-" and not sign:
        sign, s = s[0], s[1:].strip()
    match = re.match(r"^([\d.,' \u00a0]*\d(?:[.,]\d+)?|[.,]\d+)\s*(.*)$", s)
    if not match:
        raise NotANumber(f"'{raw}' is not a number")
    digits, rest = match.group(1).strip(), match.group(2).strip()
    multiplier = 1.0
    suffix = rest.lower()
    if suffix in _SUFFIX_MULTIPLIERS:
        multiplier, rest = _SUFFIX_MULTIPLIERS[suffix], ""
    if rest.startswith("/") and unit.startswith("$"):
        unit, rest = unit + rest, ""
    elif rest:
        if re.search(r"\d", rest):
            raise NotANumber(f"'{raw}' is not a number")
        unit = unit + (" " if unit else "") + rest if not unit else f"{unit} {rest}"
    try:
        value = _to_float(digits, decimal) * multiplier
    except ValueError as exc:
        raise NotANumber(f"'{raw}' is not a number") from exc
    if sign == "-" or negative:
        value = -value
    return Parsed(_bounded(value, raw), unit.strip(), bound)


def parse_share(text: object, of: str) -> float:
    """A percentage from 0 to 100 that must be given ("62", "62%"); `of` names what it is a share of."""
    parsed = parse_value(text)
    if parsed is None:
        raise NotANumber(f"enter the share of {of}, 0 to 100")
    if not 0 <= parsed.value <= 100:
        raise NotANumber(f"a share of {of} is between 0 and 100%")
    return parsed.value
