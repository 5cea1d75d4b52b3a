"""Find the table inside a sheet as people keep it: title rows and notes above the header, blank rows,
group labels, total rows and trailing notes around the data.

Row numbers are the sheet's own (1-based, as the spreadsheet shows them) and columns are letters, so every
problem can be pinned to the cell a person would click.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from sprint.errors import SprintError
from sprint.importing.months import parse_month
from sprint.importing.reading import Grid, column_letter

HEADER_SEARCH_ROWS = 30
_TOTAL = re.compile(r"^\s*(grand\s+|sub\s*-?\s*)?totals?\b|^\s*(sum|average|overall|all departments)\s*$", re.I)
_NOTE = re.compile(r"^\s*(notes?|source|sources|prepared|updated|last updated|comments?|nb|n\.b\.|disclaimer|"
                   r"remarks?|confidential)\b|^\s*[*†‡#]", re.I)


class NoHeader(SprintError):
    pass




class DataRow(NamedTuple):
    number: int  # the sheet's row number, 1-based
    cells: list[object]
    section: str | None = None  # the group label row above it, if any ("Customer Service")


@dataclass
class Table:
    sheet: str
    header_row: int  # 1-based
    columns: list[str]
    rows: list[DataRow]
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row number, why)
    transposed: bool = False  # read turned: each record is a column of the sheet, its fields down column A
    # built from other sheets (one metric per sheet): (row number, column index) -> (sheet, row, column letter)
    origins: dict[tuple[int, int], tuple[str, int, str]] | None = None
    named_for: str | None = None  # the target its sheet's name or title names ('Backlog'): evidence for it

    def cell_address(self, row: int, column: int | None) -> tuple[int | None, str | None]:
        """(sheet row, column letter) of a table row number and column index, as the person sees the sheet."""
        if column is None:
            return (None, column_letter(row - 1)) if self.transposed else (row, None)
        if self.transposed:
            return column + 1, column_letter(row - 1)
        return row, column_letter(column)

    def column_values(self, index: int) -> list[object]:
        try:  # find_table gives every row the table's width: the fast way first
            return [r.cells[index] for r in self.rows]
        except IndexError:
            return [r.cells[index] if index < len(r.cells) else None for r in self.rows]

    def with_constant(self, name: str, value: object) -> Table:
        """This table with one more column holding `value` on every row (a value the person set for all rows,
        like the department of a file that names none)."""
        width = len(self.columns)
        rows = [DataRow(r.number, [*r.cells[:width], *([None] * (width - len(r.cells))), value], r.section)
                for r in self.rows]
        return Table(self.sheet, self.header_row, [*self.columns, name], rows, self.skipped, self.transposed,
                     self.origins)


def _is_text_label(value: object) -> bool:
    if not isinstance(value, str):
        return False
    text = value.strip()
    if not text or len(text) > 400:
        return False
    return not re.fullmatch(r"[-+<>(]?\s*[$€£]?\s*[\d.,\s]+\s*%?\)?", text)


def _row_score(row: list[object], known: Iterable[str]) -> float:
    filled = [v for v in row if v is not None and str(v).strip()]
    if len(filled) < 2:
        return 0.0
    labels = [v for v in filled if _is_text_label(v)]
    months = sum(1 for v in filled if parse_month(v) is not None)
    numbers = sum(1 for v in filled if isinstance(v, int | float) and not isinstance(v, bool))
    if numbers >= 3 and _counting(filled):
        months += numbers  # 1 | 2 | 3 | ...: periods or sprints numbered across a header, not figures
        numbers = 0
    dates = sum(1 for v in filled if isinstance(v, dt.date) and not isinstance(v, dt.datetime))
    words = set(known)
    matched = sum(1 for v in labels if normal(str(v)) in words)
    distinct = len({normal(str(v)) for v in labels})
    return distinct + 2 * matched + 0.5 * months - 1.5 * numbers - dates + 0.1 * len(filled)


def _counting(filled: list[object]) -> bool:
    """The row's numbers count up by one from a small start (1, 2, 3 ...): column numbers, not data."""
    numbers = [v for v in filled if isinstance(v, int | float) and not isinstance(v, bool)]
    if not all(float(v).is_integer() for v in numbers) or not 0 <= numbers[0] <= 2:
        return False
    return all(b - a == 1 for a, b in zip(numbers, numbers[1:], strict=False))


def normal(text: str) -> str:
    """A header as compared: lower case, words only ('Cost per unit ($)' -> 'cost per unit')."""
    text = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", text.lower())
    text = text.replace("#", " number ").replace("№", " number ").replace("%", " percent ")
    return " ".join(re.sub(r"[^\w$€£<>↑↓✓-]+", " ", text).replace("_", " ").split()).strip(" -")


def transpose(grid: Grid) -> Grid:
    """The sheet turned: column A becomes row 1."""
    width = grid.width
    rows = [[row[c] if c < len(row) else None for row in grid.rows] for c in range(width)]
    return Grid(grid.sheet, rows)


TRANSPOSED_LABELS = 3  # known field names down column A needed to call a sheet turned


def looks_transposed(grid: Grid, known: Iterable[str]) -> bool:
    """Field names down column A (Initiative, Department, Owner, Stage, ...) with one record per column to the
    right, while no row reads as a header: a form-like sheet, turned."""
    words = set(known)
    first = [row[0] for row in grid.rows[:60] if row and row[0] is not None]
    labels = [v for v in first if _is_text_label(v)]
    matched = sum(1 for v in labels if normal(str(v)) in words)
    if matched < TRANSPOSED_LABELS or matched < 0.5 * len(first):
        return False
    records = sum(1 for c in range(1, grid.width) if sum(1 for row in grid.rows[:60] if c < len(row)
                                                         and row[c] is not None) >= 2)
    if records < 1:
        return False
    index = find_header(grid, words) if grid.rows else 0
    across = sum(1 for v in grid.rows[index] if isinstance(v, str) and normal(v) in words) if grid.rows else 0
    return across < matched - 1


def find_header(grid: Grid, known: Iterable[str] = ()) -> int:
    """0-based index of the header row: the row among the first ones that looks most like labels."""
    known = list(known)
    best, best_score = None, 0.0
    for index, row in enumerate(grid.rows[:HEADER_SEARCH_ROWS]):
        score = _row_score(row, known)
        if score > best_score + 1e-9 and _has_data_below(grid, index):
            best, best_score = index, score
    if best is None or best_score < 1.5:
        raise NoHeader(f"Sheet '{grid.sheet}' has no header row we can recognise in its first "
                       f"{HEADER_SEARCH_ROWS} rows: put the column names (e.g. Metric, Baseline, Target) in one row "
                       "above the data.")
    return best


def _has_data_below(grid: Grid, index: int) -> bool:
    return any(any(v is not None for v in row) for row in grid.rows[index + 1: index + 40])


class Header(str):
    """A column's name as shown (its lines joined), and the other ways it reads: its first line alone (the lines
    after it explain the field: "Risk\nWhat could happen, in a sentence") and the words in parentheses (an
    English name beside another language's: "Beschreibung (description)")."""

    forms: tuple[str, ...] = ()

    def __new__(cls, name: str, forms: tuple[str, ...] = ()):
        header = super().__new__(cls, name)
        header.forms = forms
        return header

    def __reduce__(self):
        return Header, (str(self), self.forms)


def _forms(raw: str) -> tuple[str, ...]:
    lines = [line.strip() for line in raw.replace("\r", "\n").split("\n") if line.strip()]
    forms = [lines[0]] if len(lines) > 1 else []
    forms.extend(m.strip() for m in re.findall(r"\(([^()]{2,60})\)", raw) if re.search(r"[^\W\d_]", m))
    return tuple(dict.fromkeys(forms))


def _column_names(row: list[object], width: int) -> list[str]:
    names: list[str] = []
    seen: dict[str, int] = {}
    for i in range(width):
        value = row[i] if i < len(row) else None
        forms: tuple[str, ...] = ()
        if isinstance(value, dt.date):
            name = value.strftime("%Y-%m-%d") if not isinstance(value, dt.datetime) else value.strftime("%Y-%m-%d")
        elif isinstance(value, float) and value.is_integer():
            name = str(int(value))
        else:
            name = " ".join(str(value).split()) if value is not None else ""
            forms = _forms(str(value)) if isinstance(value, str) else ()
        name = name or f"Column {column_letter(i)}"
        seen[name] = seen.get(name, 0) + 1
        names.append(Header(name if seen[name] == 1 else f"{name} ({seen[name]})", forms))
    return names


def _is_filled(value: object) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def _filled_count(cells) -> int:
    return sum(1 for v in cells if v is not None and (v.__class__ is not str or v.strip()))


def _one_text_across(cells) -> bool:
    filled = {str(v).strip() for v in cells if _is_filled(v)}
    return len(filled) == 1


def header_columns(grid: Grid, known: Iterable[str] = (), header_row: int | None = None) -> list[str]:
    """The table's column names only (what a mapping needs), without reading the rows under them."""
    index = header_row - 1 if header_row else find_header(grid, known)
    if not 0 <= index < len(grid.rows):
        raise NoHeader(f"Sheet '{grid.sheet}' has no row {header_row}.")
    header = grid.rows[index]
    width = max((i for i, v in enumerate(header) if v is not None), default=-1) + 1
    return _column_names(header, max(width, 1))


def find_table(grid: Grid, known: Iterable[str] = (), header_row: int | None = None) -> Table:
    """The table in a sheet. `header_row` (1-based) overrides the detection."""
    index = header_row - 1 if header_row else find_header(grid, known)
    if not 0 <= index < len(grid.rows):
        raise NoHeader(f"Sheet '{grid.sheet}' has no row {header_row}.")
    header = grid.rows[index]
    used = max((i for i, v in enumerate(header) if v is not None), default=-1) + 1
    width = max(used, 1)
    columns = _column_names(header, width)
    rows: list[DataRow] = []
    skipped: list[tuple[int, str]] = []
    section: str | None = None
    body = grid.rows[index + 1:]
    last_data = next((i for i in range(len(body) - 1, -1, -1) if _filled_count(body[i][:width]) >= 2), -1)
    blank = (None,) * width
    totals: dict[str, bool] = {}
    header_key = [normal(str(v)) if v is not None else "" for v in header[:width]]
    for offset, raw in enumerate(body):
        cells = raw if len(raw) == width else raw[:width] if len(raw) > width else [*raw, *blank[len(raw):]]
        count = width - cells.count(None)
        if count <= 2:
            count = _filled_count(cells)  # exact only where it matters: blank, note and label rows
        if not count:
            continue  # a blank row: nothing to say about it
        number = index + 2 + offset
        total = False
        for v in cells[:3]:  # "Total" sits in the first columns; each distinct text is matched once
            if v.__class__ is str:
                hit = totals.get(v)
                if hit is None:
                    hit = totals[v] = _TOTAL.match(v) is not None
                if hit:
                    total = True
                    break
        if total:
            skipped.append((number, "a total row"))
            continue
        if count >= 2 and cells[0].__class__ is str and cells[0] == header[0] and \
                [normal(str(v)) if v is not None else "" for v in cells] == header_key:
            skipped.append((number, "the header repeated"))  # a template's sections each repeat the header
            continue
        if count > 1 and width > 1 and cells[0].__class__ is str and cells[1] == cells[0] and _one_text_across(cells):
            count = 1  # a heading merged across the columns: every cell of it holds the same words
        if count == 1 and width > 1:
            text = str(next(v for v in cells if _is_filled(v))).strip()
            if offset > last_data or _NOTE.match(text) or len(text) > 60:
                skipped.append((number, "a note"))
            else:
                section = text  # a group label ("Customer Service") for the rows under it
                skipped.append((number, f"a group label ('{text}')"))
            continue
        rows.append(DataRow(number, cells, section))
    rows = _without_banners(rows, skipped)
    return Table(grid.sheet, index + 1, columns, rows, sorted(skipped))


_WHOLE_NUMBER = re.compile(r"^\s*#?\d+\s*$")
BANNER_MIN_ROWS = 5
BANNER_SAMPLE = 500  # rows looked at first: a 120,000-row log of departments is passed over at once


def _numbered(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) or \
        (isinstance(value, str) and _WHOLE_NUMBER.match(value) is not None)


def _without_banners(rows: list[DataRow], skipped: list[tuple[int, str]]) -> list[DataRow]:
    """The rows without banners: where the first column numbers the rows (1, 2, 3 ...), a row with a word there
    ('Sprint 1', 'Release 1') that leaves most of the columns the others fill empty closes a group; it is no
    record. Each one left out is added to `skipped`."""
    if len(rows) < BANNER_MIN_ROWS:
        return rows
    sample = [r.cells[0] for r in rows[:BANNER_SAMPLE] if r.cells and r.cells[0] is not None]
    if sum(1 for v in sample if _numbered(v)) < 0.6 * len(sample):
        return rows  # the first column names things (a department, a metric): no numbered rows to close
    firsts = [r.cells[0] for r in rows if r.cells and r.cells[0] is not None]
    numbered = sum(1 for v in firsts if _numbered(v))
    if numbered < BANNER_MIN_ROWS or len(firsts) < 0.5 * len(rows) or numbered < 0.6 * len(firsts):
        return rows
    filled = sorted(_filled_count(r.cells) for r in rows)
    typical = filled[len(filled) // 2]
    numbers = [i for i, r in enumerate(rows) if _numbered(r.cells[0] if r.cells else None)]
    kept = []
    for i, r in enumerate(rows):
        first = r.cells[0] if r.cells else None
        if first is None and not numbers[0] <= i <= numbers[-1]:
            skipped.append((r.number, "above or below the numbered rows, without a number: a summary, not a record"))
            continue
        if isinstance(first, str) and not _WHOLE_NUMBER.match(first) and first.strip() and \
                _filled_count(r.cells) <= max(2, typical // 2) < typical:
            skipped.append((r.number, f"a banner closing a group ('{' '.join(first.split())[:40]}')"))
            continue
        kept.append(r)
    return kept


@dataclass(frozen=True)
class Block:
    """One table of a sheet that holds several stacked one under another: its rows (0-based, end exclusive)
    and its header row (0-based)."""

    first: int
    end: int
    header: int

    def label(self) -> str:
        return f"rows {self.header + 1}-{self.end}"


def _header_like(row: list[object], words: set[str], *, known_at_least: int = 1) -> bool:
    """A row of column names: labels only, and enough of them field words we know. A row of words in the
    middle of a table (after a blank row) must not start a table of its own, so later tables need two."""
    filled = [v for v in row if _is_filled(v)]
    labels = [v for v in filled if _is_text_label(v)]
    return len(labels) >= 2 and len(labels) >= 0.8 * len(filled) and _row_score(row, words) >= 1.5 and \
        sum(1 for v in labels if normal(str(v)) in words) >= known_at_least


def table_blocks(grid: Grid, known: Iterable[str] = ()) -> list[Block]:
    """The tables stacked on a sheet, top to bottom: after a blank row, a row that reads as column names (or a
    one-cell heading and then such a row) starts a new table. A sheet of one table gives one block."""
    words = set(known)
    rows = grid.rows
    starts: list[int] = []
    previous_blank = True
    for i, row in enumerate(rows):
        filled = _filled_count(row)
        if not filled:
            previous_blank = True
            continue
        if previous_blank:
            needed = 2 if starts else 1
            if _header_like(row, words, known_at_least=needed):
                starts.append(i)
            elif filled == 1 and i + 1 < len(rows) and _header_like(rows[i + 1], words, known_at_least=needed):
                starts.append(i + 1)  # a heading over the header
        previous_blank = False
    if len(starts) < 2:
        return [Block(0, len(rows), -1)]
    blocks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(rows)
        while end > start and (not _filled_count(rows[end - 1]) or (
                _filled_count(rows[end - 1]) == 1 and n + 1 < len(starts) and end - 1 == starts[n + 1] - 1)):
            end -= 1  # the blank rows and the next table's heading belong to no table
        if any(_filled_count(r) for r in rows[start + 1:end]):
            blocks.append(Block(start, end, start))
    return blocks or [Block(0, len(rows), -1)]


def masked(grid: Grid, block: Block) -> Grid:
    """The sheet with only this block's rows (row numbers unchanged, so problems still name the real cells)."""
    if block.header < 0:
        return grid
    rows = [row if block.first <= i < block.end else [] for i, row in enumerate(grid.rows)]
    return Grid(grid.sheet, rows, grid.merged)
