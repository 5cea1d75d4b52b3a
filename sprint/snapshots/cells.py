"""Cells that are safe and read well: text that can never run as a formula, number formats from units,
sheet names Excel accepts; and the lines and print set-up every sheet shares."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache, partial

from openpyxl import LXML
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell._writer import write_cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.page import PageMargins

from sprint.values import MAGNITUDE_MAX, UnitKind, unit_kind, usable

# OWASP / CWE-1236: a cell starting with one of these may be read as a formula by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\0")
HEADER_FONT = Font(name="Calibri", bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", start_color="1F4E79")
TITLE_FONT = Font(name="Calibri", bold=True, size=16, color="14213D")
BOLD = Font(name="Calibri", bold=True)
BIG = Font(name="Calibri", bold=True, size=13, color="14213D")  # a headline figure
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
HEADER_WRAP = Alignment(wrap_text=True, vertical="bottom")
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


def header(ws: WriteOnlyWorksheet, labels: list[str], *, wrap: bool = False) -> list[WriteOnlyCell]:
    cells = [text(ws, label, font=HEADER_FONT, fill=HEADER_FILL) for label in labels]
    if wrap:
        for cell in cells:
            cell.alignment = HEADER_WRAP
    return cells


def decimals_needed(values) -> int:
    """0, 1 or 2: the fewest decimals that show every value of a metric as typed (Excel's '0.##' would
    leave a stray dot on whole numbers, so each row gets a fixed count instead)."""
    needed = 0
    for v in values:
        if v is None or not usable(v) or abs(v - round(v)) < 1e-9:
            continue
        if abs(v * 10 - round(v * 10)) >= 1e-6:
            return 2  # the most there is: no need to look further
        needed = 1
    return needed


@lru_cache(maxsize=1024)
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


def value_width(groups, *, least: float = 11, most: float = 22) -> float:
    """A column width that shows every figure without Excel's '###': the longest as written, plus air.
    `groups`: (values, unit) per metric. Per metric only its largest and most negative value can be the
    longest, so only those are written out (with a fraction if it has decimals)."""
    from sprint.values import format_value

    longest = 0
    for values, unit in groups:
        good = [v for v in values if v is not None and usable(v)]
        if not good:
            continue
        fraction = 0.25 if decimals_needed(good) else 0.0
        longest = max(longest, len(format_value(max(good) + fraction, unit)), len(format_value(min(good) + fraction,
                                                                                                  unit)))
    return max(least, min(most, longest * 1.1 + 3))


def number(ws: WriteOnlyWorksheet, value: float | None, fmt: str) -> WriteOnlyCell | str | None:
    if value is None:
        return None
    if not usable(value):  # a bad stored value: the word, not a number Excel would have to repair
        return "invalid"
    cell = WriteOnlyCell(ws, float(value))
    cell.number_format = fmt
    return cell


class _FormattedCell(Cell):
    """A number cell of a fixed format whose style id is looked up once, not for every row it is written in."""

    __slots__ = ("_sid",)

    @property
    def style_id(self) -> int:
        return self._sid


class _Number(str):
    """A formatted number cell already written out as XML, all but its reference: `" s="3" t="n"><v>12.5</v></c>`.
    `_values_to_row` puts the reference in front once the row is known."""

    __slots__ = ()


class _Xml(str):
    """A whole cell's XML, written to the sheet as it is (see `_write_row`)."""

    __slots__ = ()


class NumberCells:
    """Formatted number cells for a large table. Setting a number format costs a style lookup per cell, and
    openpyxl then builds an XML element per cell: 160,000 of them took seconds. This looks the style up once
    per format and writes each cell's XML as text, the value as Python's shortest exact form (openpyxl's `%.16g`
    turns 0.30000000000000004 into 0.3); text, and any bad value, still goes through openpyxl. Where openpyxl writes with lxml (not
    installed here) the cells are openpyxl cells made once per column and format and reused row after row."""

    def __init__(self, ws: WriteOnlyWorksheet):
        self.ws = ws
        self._cells: dict[tuple[int, str], object] = {}
        self._styles: dict[str, str] = {}
        # only a sheet from new_sheet() knows what to do with a cell already written as XML
        self._raw = not LXML and getattr(ws, "_get_writer", None).__class__ is partial

    def __call__(self, column: int, value: float | None, fmt: str):
        if value is None:
            return None
        if not (type(value) is float and -MAGNITUDE_MAX <= value <= MAGNITUDE_MAX) and not usable(value):
            return "invalid"
        if self._raw:
            tail = self._styles.get(fmt)
            if tail is None:
                cell = WriteOnlyCell(self.ws, value=0.0)
                cell.number_format = fmt
                tail = self._styles[fmt] = f'" s="{cell.style_id}" t="n"><v>'
            return _Number(f"{tail}{float(value)!r}</v></c>")
        cell = self._cells.get((column, fmt))
        if cell is None:
            cell = self._cells[(column, fmt)] = _FormattedCell(self.ws, value=0.0)
            cell.number_format = fmt
            cell._sid = Cell.style_id.fget(cell)
        cell.value = float(value)
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
    ws.page_margins = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.5)  # more of the page for the table
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = False


LINE_HEIGHT = 15.0  # points per line of 11-pt Calibri
MAX_ROW_HEIGHT = 409.0  # Excel's limit


def _lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines a wrapped cell takes: words wrap whole (a word longer than the line breaks where it must),
    as Excel and LibreOffice lay them out. Bold type is about a tenth wider."""
    per_line = max(4, int(width * (1.0 if bold else 1.1)))  # characters a column of this width holds
    total = 0
    for part in text.split("\n"):
        lines, used = 1, 0
        for word in part.split():
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            if len(word) > per_line:  # broken across lines
                lines += (len(word) - 1) // per_line
                used = len(word) % per_line or per_line
            else:
                used = used + (1 if used else 0) + len(word)
        total += lines
    return total


def _values_to_row(ws: WriteOnlyWorksheet, values, row_idx: int):
    """openpyxl 3.1's write-only row conversion, minus its cost for cells made beforehand: it tries each Cell as
    a value first, fails with an exception, and makes a fresh cell after every styled one. A formatted table of
    160,000 numbers spent a third of its time there. Values that are not cells go through openpyxl as before."""
    plain = Cell(ws)
    for col_idx, value in enumerate(values, 1):
        if value is None:
            continue
        kind = type(value)
        if kind is _Number:
            yield _Xml(f'<c r="{get_column_letter(col_idx)}{row_idx}{value}')
            continue
        if kind is Cell or kind is _FormattedCell:
            cell = value
        else:
            plain.value = value
            cell = plain
        cell.column = col_idx
        cell.row = row_idx
        yield cell


def _write_row(writer, xf, row, row_idx: int) -> None:
    """openpyxl 3.1's `WorksheetWriter.write_row`, plus cells already written as XML (`_Xml`), which go to the
    file as they are."""
    attrs = {"r": f"{row_idx}"}
    attrs.update(writer.ws.row_dimensions.get(row_idx, {}))
    with xf.element("row", attrs):
        for cell in row:
            if type(cell) is _Xml:
                xf._file(cell)
                continue
            if cell._value is None and not cell.has_style:
                continue
            write_cell(xf, writer.ws, cell, cell.has_style)


def _get_writer(ws: WriteOnlyWorksheet) -> None:
    if ws._writer is None:
        WriteOnlyWorksheet._get_writer(ws)
        ws._writer.write_row = partial(_write_row, ws._writer)


def new_sheet(wb, wanted: str, taken: set[str], *, fit_rows: bool = True) -> WriteOnlyWorksheet:
    """A sheet whose rows grow to show their wrapped text. Excel and LibreOffice don't size a row from its text
    when they open a file, so a wrapped cell would print one line tall, over its neighbours. (`fit_rows=False`
    for a large table without wrapped cells: it sets its own header's height.)"""
    ws = wb.create_sheet(sheet_name(wanted, taken))
    ws._values_to_row = partial(_values_to_row, ws)
    ws._get_writer = partial(_get_writer, ws)
    if not fit_rows:
        return ws
    append, count = ws.append, [0]

    def fitting_append(row) -> None:
        count[0] += 1
        lines = 1
        for column, cell in enumerate(row, start=1):
            alignment = getattr(cell, "alignment", None)
            if alignment is not None and alignment.wrap_text and isinstance(cell.value, str):
                width = ws.column_dimensions[get_column_letter(column)].width or 8.43
                font = getattr(cell, "font", None)
                lines = max(lines, _lines(cell.value, width, bold=bool(font is not None and font.b)))
        if lines > 1:
            ws.row_dimensions[count[0]].height = min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines + 2)
        append(row)

    ws.append = fitting_append
    return ws


ONE_PAGE_UP_TO = 200
PAGE_WIDTH_UNITS = 180  # what one landscape page holds at about 75% (11-pt type prints near 8 pt); more goes
# to a next page, with the header row (and the name column) repeated


def label_row(ws: WriteOnlyWorksheet, label: str, value: object, fmt: str | None = None, *, bold: bool = False) -> list:
    """A label and its value side by side: a summary sheet's line."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value)
        if fmt:
            cell.number_format = fmt
        if bold:
            cell.font = BIG
    else:
        cell = text(ws, "" if value is None else value, wrap=True, font=BIG if bold else None)
    if hasattr(cell, "alignment"):
        cell.alignment = LEFT  # a figure beside its label, not at the far edge of a wide column
    label_cell = WriteOnlyCell(ws, label)
    label_cell.font, label_cell.alignment = BOLD, TOP  # beside the first line of a wrapped value
    return [label_cell, cell]


def print_setup(ws: WriteOnlyWorksheet, widths: Sequence[float], last_row: int | None = None, *,
                title_rows: str | None = None, title_cols: str | None = None, extra_width: float = 0) -> None:
    """Print in landscape at a readable size: one page wide when it fits, else as many pages wide as keep the
    type near 8 pt, repeating the header row (and the name column) on each page. With `last_row` the print area
    is set to reach it (charts sit below a table, where no cell says they are); without, the used range prints."""
    total = max(sum(widths), extra_width)
    if last_row is not None:
        columns, reach = len(widths), sum(widths)
        while reach < extra_width:  # the charts reach further right than the table
            columns, reach = columns + 1, reach + 8.43
        ws.print_area = f"A1:{get_column_letter(max(columns, 1))}{max(last_row, 1)}"
    # Up to ONE_PAGE_UP_TO units still print one page wide (type near 7.2 pt at worst): splitting a table's
    # columns across pages is worse to read than slightly smaller type.
    ws.page_setup.fitToWidth = 1 if total <= ONE_PAGE_UP_TO else math.ceil(total / PAGE_WIDTH_UNITS)
    if title_rows:
        ws.print_title_rows = title_rows
    if title_cols and ws.page_setup.fitToWidth > 1:
        ws.print_title_cols = title_cols


def meta_rows(ws: WriteOnlyWorksheet, meta: dict[str, str]) -> list[list]:
    return [label_row(ws, "Exported at (UTC)", meta["exported_at"]), label_row(ws, "Exported by", meta["exported_by"]),
            label_row(ws, "Production Sprint version", meta["app_version"]),
            [text(ws, "Monthly columns are sprint months: month 1 is days 1-30 from the sprint start.")]]
