"""Cells that are safe and read well: text that can never run as a formula, number formats from units,
sheet names Excel accepts."""

from __future__ import annotations

import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint.values import UnitKind, unit_kind

# OWASP / CWE-1236: a cell starting with one of these may be read as a formula by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="1F4E79")
TITLE_FONT = Font(bold=True, size=16, color="14213D")
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def text(ws: WriteOnlyWorksheet, value: object, *, font: Font | None = None, fill: PatternFill | None = None,
         wrap: bool = False) -> WriteOnlyCell | None:
    """A text cell that stays text: formula-like values are stored as strings with Excel's quote prefix."""
    if value is None:
        return None
    s = str(value).replace("\0", "")
    cell = WriteOnlyCell(ws, s)
    if s.startswith(FORMULA_TRIGGERS):
        cell.data_type = "s"  # never 'f': openpyxl would otherwise write '=...' as a live formula
        cell.quotePrefix = True
    if font:
        cell.font = font
    if fill:
        cell.fill = fill
    if wrap:
        cell.alignment = WRAP
    return cell


def header(ws: WriteOnlyWorksheet, labels: list[str]) -> list[WriteOnlyCell]:
    return [text(ws, label, font=HEADER_FONT, fill=HEADER_FILL) for label in labels]


def number_format(unit: str) -> str:
    """An Excel format that shows the value the way people write it; the cell keeps the plain number
    (8.2 stays 8.2 and shows as 8.2%, unlike Excel's % format which would need 0.082)."""
    u = (unit or "").strip()
    kind = unit_kind(u)
    if kind is UnitKind.MONEY and u.startswith("$"):
        suffix = u[1:].replace('"', "")
        return f'"$"#,##0.##{f"{chr(34)}{suffix}{chr(34)}" if suffix else ""}'
    if kind is UnitKind.PERCENT:
        return '0.0##"%"'
    if not u or u.lower() == "count":
        return "#,##0.##"
    return f'#,##0.##" {u.replace(chr(34), "")}"'


def number(ws: WriteOnlyWorksheet, value: float | None, unit: str) -> WriteOnlyCell | None:
    if value is None:
        return None
    cell = WriteOnlyCell(ws, float(value))
    cell.number_format = number_format(unit)
    return cell


def sheet_name(wanted: str, taken: set[str]) -> str:
    """Excel's rules: at most 31 characters, none of []:*?/\\, not blank, unique ignoring case."""
    base = _SHEET_BAD.sub(" ", wanted).strip().strip("'") or "Sheet"
    base = base[:31]
    name, n = base, 2
    while name.casefold() in {t.casefold() for t in taken}:
        tail = f" ({n})"
        name, n = base[: 31 - len(tail)] + tail, n + 1
    taken.add(name)
    return name
