"""Cells that are safe and read well: text that can never run as a formula, number formats from units,
sheet names Excel accepts."""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint.values import UnitKind, unit_kind, usable

# OWASP / CWE-1236: a cell starting with one of these may be read as a formula by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="1F4E79")
TITLE_FONT = Font(name="Calibri", bold=True, size=16, color="14213D")
BOLD = Font(name="Calibri", bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def text(ws: WriteOnlyWorksheet, value: object, *, font: Font | None = None, fill: PatternFill | None = None,
         wrap: bool = False) -> WriteOnlyCell | str | None:
    """A text cell that stays text: formula-like values are stored as strings with Excel's quote prefix.
    Plain text needs no cell object (openpyxl writes a str as text unless it starts with '='), which keeps
    large exports fast."""
    if value is None:
        return None
    s = str(value).replace("\0", "")
    if not (font or fill or wrap) and not s.startswith(FORMULA_TRIGGERS):
        return s
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


def decimals_needed(values) -> int:
    """0, 1 or 2: the fewest decimals that show every value of a metric as typed (Excel's '0.##' would
    leave a stray dot on whole numbers, so each row gets a fixed count instead)."""
    needed = 0
    for v in values:
        if v is None or not usable(v):
            continue
        if abs(v - round(v)) < 1e-9:
            continue
        needed = max(needed, 1 if abs(v * 10 - round(v * 10)) < 1e-6 else 2)
    return needed


def number_format(unit: str, decimals: int = 0) -> str:
    """An Excel format that shows the value the way people write it; the cell keeps the plain number
    (8.2 stays 8.2 and shows as 8.2%, unlike Excel's % format which would need 0.082)."""
    u = (unit or "").strip().replace('"', "")
    digits = "0" + ("." + "0" * decimals if decimals else "")
    kind = unit_kind(u)
    if kind is UnitKind.MONEY and u.startswith("$"):
        suffix = u[1:]
        return f'"$"#,##{digits}' + (f'"{suffix}"' if suffix else "")
    if kind is UnitKind.PERCENT:
        return f'{digits}"%"'
    if not u or u.lower() == "count":
        return f"#,##{digits}"
    return f'#,##{digits}" {u}"'


def number(ws: WriteOnlyWorksheet, value: float | None, fmt: str) -> WriteOnlyCell | str | None:
    if value is None:
        return None
    if not usable(value):  # a bad stored value: the word, not a number Excel would have to repair
        return "invalid"
    cell = WriteOnlyCell(ws, float(value))
    cell.number_format = fmt
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


def setup_sheet(ws: WriteOnlyWorksheet, widths: Sequence[float], freeze: str | None) -> None:
    """Column widths, frozen header, and print setup (landscape, fit to one page wide) for a sheet."""
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if freeze:
        ws.freeze_panes = freeze
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False
