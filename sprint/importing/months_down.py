"""A monthly table kept the other way round: one row per month, one column per metric (Month | MRR ($) | Active
customers | ...). Read turned into the wide layout (one row per metric, months as columns), with every problem
still naming the cell the person typed."""

from __future__ import annotations

import datetime as dt

from sprint.importing.layout import Table, column_letter, find_table
from sprint.importing.months import parse_month
from sprint.importing.reading import Grid

MIN_MONTHS = 3
MAX_MONTHS = 600  # fifty years of months: a longer table is a log, not a monthly tracker (and isn't parsed)
SHARE = 0.8


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    if isinstance(value, str):
        from sprint.values import NotANumber, parse_value

        try:
            return parse_value(value) is not None
        except NotANumber:
            return False
    return False


def _month_text(value: object) -> str:
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%b %Y")
    return " ".join(str(value).split())


def turn(table: Table) -> tuple[Table, list[str]] | None:
    """The table turned into one row per metric, when its first column holds months down the rows (at least
    three, distinct) and other columns hold figures; None otherwise. Columns of words are named, not read."""
    if table.transposed or table.origins is not None or not MIN_MONTHS <= len(table.rows) <= MAX_MONTHS:
        return None
    months = [r.cells[0] if r.cells else None for r in table.rows]
    refs = [parse_month(v) if v is not None else None for v in months]
    filled = [r for r, v in zip(refs, months, strict=True) if v is not None]
    found = [r for r in filled if r is not None]
    if len(found) < MIN_MONTHS or len(found) < SHARE * len(filled) or len(set(found)) < len(found):
        return None
    rows = [r for r, ref in zip(table.rows, refs, strict=True) if ref is not None]
    figures, words = [], []
    for c in range(1, len(table.columns)):
        values = [r.cells[c] for r in rows if c < len(r.cells) and r.cells[c] is not None
                  and str(r.cells[c]).strip()]
        if not values:
            continue
        (figures if sum(_is_number(v) for v in values) >= SHARE * len(values) else words).append(c)
    if not figures:
        return None
    header = ["Metric", *[_month_text(r.cells[0]) for r in rows]]
    grid_rows: list[list[object]] = [header]
    origins: dict[tuple[int, int], tuple[str, int, str]] = {}
    for k, c in enumerate(figures, start=1):
        grid_rows.append([table.columns[c], *[r.cells[c] if c < len(r.cells) else None for r in rows]])
        origins[(k + 1, 0)] = (table.sheet, table.header_row, column_letter(c))
        for m, r in enumerate(rows, start=1):
            origins[(k + 1, m)] = (table.sheet, r.number, column_letter(c))
    turned = find_table(Grid(table.sheet, grid_rows), (), header_row=1)
    turned.origins = origins
    notes = [f"Sheet '{table.sheet}' holds one row per month and one column per metric: read turned, each column "
             f"a metric with its {len(rows)} monthly values."]
    if words:
        shown = ", ".join(f"'{table.columns[c]}'" for c in words[:6])
        notes.append(f"Not metrics (they hold words, not figures): {shown}.")
    return turned, notes
