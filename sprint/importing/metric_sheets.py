"""Workbooks that keep one metric per sheet (a KPI glide path): the metric's name is the sheet's name, its
baseline and goal sit in a small input block at the top, and under a caption runs a monthly table such as
Month | Current Actuals | Monthly targets | YTD.

Such a workbook is turned into the wide metrics layout, one row per sheet (Metric | Unit | Baseline | Target |
Jan 2026 | Jan 2026 target | ...), and every cell of it remembers where it came from, so a problem still names
the real sheet, row and column. A year-to-date or cumulative column is recognised and never read as the
month's actual; sheets that are not glide paths (a dashboard, notes) are named and left out.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from sprint.importing import vocabulary
from sprint.importing.layout import column_letter, normal
from sprint.importing.months import MonthRef, parse_month
from sprint.importing.reading import Book, Grid
from sprint.lists import cell_text

_NUMBERISH = re.compile(r"^[-+(<>]?\s*[$€£]?\s*[\d.,\s]+\s*(%|[a-z]{0,6})\)?$", re.I)
_GENERIC_SHEET = re.compile(r"^(sheet|tabelle|feuil|hoja|foglio)\s*\d*$", re.I)
HEADER_SEARCH = 40
ALL_SHEETS = "All sheets: one metric per sheet"  # the sheet choice that reads the workbook this way


@dataclass
class GlidePath:
    sheet: str
    name: str
    values: dict[str, tuple[object, tuple[str, int, str]]]  # baseline/target/unit/department -> (value, where)
    months: list[tuple[object, tuple[str, int, str]]]  # the month cells
    actuals: list[tuple[object, tuple[str, int, str]]]
    targets: list[tuple[object, tuple[str, int, str]]]  # empty when the sheet has no monthly targets
    ignored: list[str] = field(default_factory=list)  # YTD / cumulative headers


def _header(grid: Grid) -> tuple[int, int, int, int | None, list[str]] | None:
    """(row, month column, actual column, target column or None, cumulative headers) of a glide-path table."""
    for r, row in enumerate(grid.rows[:HEADER_SEARCH]):
        names = [normal(cell_text(v)) if isinstance(v, str) else "" for v in row]
        month = next((c for c, n in enumerate(names) if n in _month_headers()), None)
        if month is None or any(n in _labels()["metric"] for n in names):
            continue  # a table naming its metrics in a column is a log of many metrics, not one metric's sheet
        cumulative = [c for c, n in enumerate(names) if n and _glide("cumulative").search(n)]
        actual = next((c for c, n in enumerate(names) if n and c != month and c not in cumulative
                       and _glide("actual").search(n) and not _glide("target").search(n)), None)
        target = next((c for c, n in enumerate(names) if n and c not in (month, actual) and c not in cumulative
                       and _glide("target").search(n)), None)
        if actual is None:
            continue
        body = [grid.rows[i] for i in range(r + 1, min(len(grid.rows), r + 40))]
        below = [row[month] for row in body if month < len(row) and row[month] is not None]
        refs = [ref for v in below if (ref := parse_month(v)) is not None]
        numbers = [row[actual] for row in body if actual < len(row) and row[actual] is not None]
        # one row per month, and numbers in the actuals: a log of dated events is no glide path
        if below and len(refs) >= 0.6 * len(below) and len(set(refs)) >= 0.8 * len(refs) and \
                sum(1 for v in numbers if isinstance(v, int | float) or _NUMBERISH.match(cell_text(v))) >= \
                0.6 * max(len(numbers), 1):
            return r, month, actual, target, [cell_text(row[c]) for c in cumulative]
    return None


@functools.cache
def _labels() -> dict[str, frozenset[str]]:
    """The labels of an input block, in every language we ship (data/import_words, [block])."""
    return {key: frozenset(normal(w) for w in words) for key, words in vocabulary.load().block.items()}


@functools.cache
def _all_labels() -> frozenset[str]:
    return frozenset().union(*_labels().values())


@functools.cache
def _month_headers() -> frozenset[str]:
    """The month column's headers of a glide-path table (data/import_words, [glide] month), matched exactly."""
    return frozenset(normal(w) for w in vocabulary.load().glide.get("month", ()))


@functools.cache
def _glide(key: str) -> re.Pattern:
    """The actual, target or cumulative column's header words (data/import_words, [glide]), matched as words."""
    words = sorted({normal(w) for w in vocabulary.load().glide.get(key, ())}, key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(re.escape(w) for w in words) + r")\b")


def _table_columns(grid: Grid, header: int, month: int) -> range:
    """The columns of the monthly table: the run of filled header cells around its month column."""
    row = grid.rows[header]
    start = month
    while start > 0 and row[start - 1] is not None and cell_text(row[start - 1]):
        start -= 1
    end = month
    while end + 1 < len(row) and row[end + 1] is not None and cell_text(row[end + 1]):
        end += 1
    return range(start, end + 1)


def _block(grid: Grid, above: int, table: range | None = None) -> dict[str, tuple[object, int, int]]:
    """The input block of the table, wherever it sits: over it (rows above its header), or beside it (cells
    left or right of its columns, from its header down): a label cell, then its value in the next filled cell to
    the right."""
    found: dict[str, tuple[object, int, int]] = {}
    labels = _labels()
    for r in range(len(grid.rows) if table is not None else above):
        row = grid.rows[r]
        for c, v in enumerate(row):
            beside = r >= above and table is not None
            if not isinstance(v, str) or (beside and c in table):
                continue
            label = normal(v.rstrip(":"))
            key = next((k for k, words in labels.items() if label in words), None)
            if key is None or key in found:
                continue
            # beside the table, a label left of it finds its value before the table starts, never in it
            stop = table.start if beside and c < table.start else len(row)
            value_col = next((i for i in range(c + 1, stop) if row[i] is not None and cell_text(row[i])), None)
            if value_col is not None:
                found[key] = (row[value_col], r, value_col)
    return found


def read_glide_path(grid: Grid) -> GlidePath | None:
    head = _header(grid)
    if head is None:
        return None
    r, month, actual, target, cumulative = head
    block = _block(grid, r, _table_columns(grid, r, month))
    name = cell_text(block.pop("metric")[0]) if "metric" in block else grid.sheet.strip()
    if _GENERIC_SHEET.match(name):  # "Sheet1": the title over the table names it, when there is one
        title = next((cell_text(v) for row in grid.rows[:r] for v in row if isinstance(v, str) and cell_text(v)
                      and normal(v.rstrip(":")) not in _all_labels()), None)
        name = title or name
    where = {k: (v, (grid.sheet, rr + 1, column_letter(cc))) for k, (v, rr, cc) in block.items()}
    months, actuals, targets = [], [], []
    for i in range(r + 1, len(grid.rows)):
        row = grid.rows[i]
        cell = row[month] if month < len(row) else None
        if cell is None or parse_month(cell) is None:
            if cell is not None and cell_text(cell) and months:
                break  # a total or a note under the table ends it
            continue
        months.append((cell, (grid.sheet, i + 1, column_letter(month))))
        actuals.append((row[actual] if actual < len(row) else None, (grid.sheet, i + 1, column_letter(actual))))
        if target is not None:
            targets.append((row[target] if target < len(row) else None, (grid.sheet, i + 1, column_letter(target))))
    if not months:
        return None
    return GlidePath(grid.sheet, name, where, months, actuals, targets, cumulative)


@dataclass
class PerSheet:
    grid: Grid  # the wide table built from the sheets
    origins: dict[tuple[int, int], tuple[str, int, str]]  # (grid row, column) -> (sheet, row, column letter)
    notes: list[str]


def _label(ref: MonthRef) -> str:
    names = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    if ref.sprint is not None:
        return f"Month {ref.sprint}"
    return f"{names[ref.month - 1]} {ref.year}" if ref.year else names[ref.month - 1]


def detect(book: Book) -> PerSheet | None:
    """The workbook as one wide metrics table when its sheets are glide paths (at least one; others may be
    dashboards or notes, and are named), else None."""
    paths, skipped = [], []
    for name in book.sheet_names:
        grid = book.grids[name]
        path = read_glide_path(grid)
        if path is None:
            if any(v is not None and cell_text(v) for row in grid.rows for v in row):
                skipped.append(name)
            continue
        paths.append(path)
    if not paths:
        return None
    month_refs: list[MonthRef] = []
    for path in paths:
        for cell, _ in path.months:
            ref = parse_month(cell)
            ref = MonthRef(ref.sprint, ref.year, ref.month)
            if ref not in month_refs:
                month_refs.append(ref)
    month_refs.sort(key=lambda m: (m.sprint or 0, m.year or 0, m.month or 0))
    with_targets = any(p.targets for p in paths)
    header = ["Metric", "Department", "Unit", "Baseline", "Target",
              *[_label(m) for m in month_refs],
              *([f"{_label(m)} target" for m in month_refs] if with_targets else [])]
    rows: list[list[object]] = [header]
    origins: dict[tuple[int, int], tuple[str, int, str]] = {}
    for path in paths:
        r = len(rows)
        row: list[object] = [path.name, None, None, None, None] + [None] * (len(header) - 5)
        origins[(r, 0)] = (path.sheet, 1, "A")
        for column, key in ((1, "department"), (2, "unit"), (3, "baseline"), (4, "target")):
            if key in path.values:
                row[column], origins[(r, column)] = path.values[key]
        for (cell, _where), (value, value_at) in zip(path.months, path.actuals, strict=True):
            ref = parse_month(cell)
            column = 5 + month_refs.index(MonthRef(ref.sprint, ref.year, ref.month))
            row[column], origins[(r, column)] = value, value_at
        for (cell, _where), (value, value_at) in zip(path.months, path.targets, strict=False):
            ref = parse_month(cell)
            column = 5 + len(month_refs) + month_refs.index(MonthRef(ref.sprint, ref.year, ref.month))
            row[column], origins[(r, column)] = value, value_at
        rows.append(row)
    names = ", ".join(f"'{p.sheet}'" for p in paths[:6]) + (f" and {len(paths) - 6} more" if len(paths) > 6 else "")
    notes = [f"One metric per sheet: {names}, each named after its sheet, with its baseline and goal from the "
             "labelled block over or beside its monthly table" + (" and its monthly targets as milestones" if with_targets else "")
             + "."]
    cumulative = sorted({h for p in paths for h in p.ignored})
    if cumulative:
        notes.append(f"Year-to-date columns ({', '.join(repr(h) for h in cumulative)}) are running totals: not read "
                     "as the month's actual.")
    missing = [p.sheet for p in paths if "baseline" not in p.values or "target" not in p.values]
    if missing:
        notes.append(f"No baseline or goal found over or beside the table on: {', '.join(repr(s) for s in missing[:5])}.")
    if skipped:
        notes.append(f"Not read: {', '.join(repr(s) for s in skipped[:6])} (no monthly table of actuals: a "
                     "dashboard or notes).")
    return PerSheet(Grid(ALL_SHEETS, rows), origins, notes)
