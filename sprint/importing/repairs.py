"""Repair, not refusal: what an import does with the cells it can't read.

A problem in an optional field (a start date that says "TBC", a stage word we don't know) leaves that cell blank,
so the field takes its default; a problem that makes the record meaningless (no name, a key that repeats, a value
that can't be read, most of a row unreadable) leaves the row out. Each is a `Repair` naming the sheet, row and
column and the text the file had, so nothing disappears without a line saying so. The plan is then made again
from the repaired table: what the preview shows is what the commit stores.

What can't be repaired stays a problem and stops the import: a question only the person can answer (which way
round the all-number dates are), a problem with a whole metric, or a table nobody can read.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING

from sprint.importing.issues import pin
from sprint.importing.layout import DataRow, Table
from sprint.importing.metric_rows import Located

if TYPE_CHECKING:
    from sprint.importing.plan import Fixes, ImportPlan, Repair

ROUNDS = 3  # a repaired table is planned again; a blank can make a required field blank, and that row goes next
_QUESTIONS = ("--day-first", "choose the order")  # problems only the person can answer
# The fields whose cell is the record: without them the row means nothing.
_KEYS = {"metric", "month", "value", "name", "title", "obligation", "held_on", "person_role", "activity", "actor",
         "status_checkin"}


def _is_question(message: str) -> bool:
    return any(q in message for q in _QUESTIONS)


def _key_fields(plan: ImportPlan) -> set[str]:
    from sprint.importing.records import SPECS

    keys = {f.key for f in plan.target.required} | {k for k in _KEYS if plan.target.key != "steps" or k != "name"}
    spec = SPECS.get(plan.target.key)
    if spec:
        keys |= {"obligation" if k == "obligation_id" else k for k in spec.key}
    if plan.target.key == "checkins":
        keys.add("status")
    if plan.target.key.startswith("metrics"):
        keys.add("department")  # a metric is known by its department and name: never moved to another one
    return keys


def _text(row: DataRow | None, column: int | None) -> str:
    if row is None or column is None or column >= len(row.cells) or row.cells[column] is None:
        return ""
    return " ".join(str(row.cells[column]).split())[:200]


def decide(plan: ImportPlan) -> list[Repair]:
    """The repairs for the plan's problems (empty when none can be repaired)."""
    from sprint.importing.plan import BLANK, LEFT_OUT, Repair

    table = plan.table
    field_of = {table.columns.index(c): key for key, c in plan.mapping.columns.items() if c and c in table.columns}
    months = {table.columns.index(h) for h in plan.mapping.month_columns if h in table.columns}
    keys = _key_fields(plan)
    metrics = plan.target.key.startswith("metrics")
    rows = {r.number: r for r in table.rows}
    per_row = Counter(p.row for p in plan.located if p.row is not None and p.column is not None)
    mapped = len(field_of) + len(months)
    out: list[Repair] = []
    gone: set[int] = set()
    blanked: set[tuple[int, int]] = set()
    blanks: list[tuple[Located, str]] = []
    for p in plan.located:
        if p.row is None or _is_question(p.message) or p.row not in rows:
            continue
        if p.column is None:
            if metrics:
                continue  # a whole metric's problem (mixed units, a definition that differs): the person decides
            action = LEFT_OUT
        elif p.column in months:
            action = BLANK
        else:
            key = field_of.get(p.column)
            action = LEFT_OUT if key is None or key in keys else BLANK
        if action == BLANK and per_row[p.row] >= 2 and 2 * per_row[p.row] > mapped:
            action = LEFT_OUT  # most of the row can't be read: it is not a record ("Quarter" among metrics)
        if action == LEFT_OUT:
            if p.row not in gone:
                gone.add(p.row)
                out.append(Repair(pin(table, plan.sheet, p), LEFT_OUT, _text(rows[p.row], p.column), p.row,
                                  table.columns[p.column] if p.column is not None else None))
        elif (p.row, p.column) not in blanked:
            blanked.add((p.row, p.column))
            blanks.append((p, _text(rows[p.row], p.column)))
    out.extend(Repair(pin(table, plan.sheet, p), BLANK, text, p.row, table.columns[p.column])
               for p, text in blanks if p.row not in gone)
    return out


def apply(table: Table, repairs: list[Repair]) -> Table:
    """The table as the repairs leave it: rows left out, cells blank. Repairs are pinned to the sheet, so they
    are matched back by the table's own row numbers and column letters."""
    from sprint.importing.plan import LEFT_OUT

    out_rows: set[int] = set()
    blank: dict[int, set[int]] = defaultdict(set)
    letters = {table.cell_address(table.rows[0].number if table.rows else 1, c)[1]: c
               for c in range(len(table.columns))} if not table.transposed else {}
    index = {name: i for i, name in enumerate(table.columns)}
    for r in repairs:
        number = r.table_row if r.table_row is not None else _table_row(table, r)
        if number is None:
            continue
        if r.action == LEFT_OUT:
            out_rows.add(number)
        else:
            column = index.get(r.column_name) if r.column_name is not None else _table_column(table, r, letters)
            if column is not None:
                blank[number].add(column)
    rows = []
    for row in table.rows:
        if row.number in out_rows:
            continue
        if row.number in blank:
            cells = list(row.cells)
            for c in blank[row.number]:
                if c < len(cells):
                    cells[c] = None
            row = DataRow(row.number, cells, row.section)
        rows.append(row)
    return Table(table.sheet, table.header_row, table.columns, rows, table.skipped, table.transposed, table.origins)


def _table_row(table: Table, repair: Repair) -> int | None:
    """The table's row number of a repair pinned to the sheet."""
    return getattr(repair, "table_row", None) or _by_issue(table, repair)


def _by_issue(table: Table, repair: Repair) -> int | None:
    issue = repair.issue
    if table.origins is not None or table.transposed:
        for row in table.rows:  # built from several sheets, or turned: find the row whose address is this one
            for c in [*range(len(table.columns)), None]:
                if pin(table, issue.sheet, Located(row.number, c, "")).row == issue.row and (
                        issue.column is None or pin(table, issue.sheet, Located(row.number, c, "")).column
                        == issue.column):
                    return row.number
        return None
    return issue.row


def _table_column(table: Table, repair: Repair, letters: dict[str, int]) -> int | None:
    issue = repair.issue
    if issue.header is not None and issue.header in table.columns:
        return table.columns.index(issue.header)
    if letters and issue.column in letters:
        return letters[issue.column]
    for c in range(len(table.columns)):
        if pin(table, issue.sheet, Located(_table_row(table, repair) or 0, c, "")).column == issue.column:
            return c
    return None


def apply_fixes(table: Table, fixes: Fixes, notes: list[str]) -> Table:
    """The person's corrections: a cell's new text, rows left out by choice."""
    rows = []
    changed = 0
    index = {name: i for i, name in enumerate(table.columns)}
    for row in table.rows:
        if row.number in fixes.leave_out:
            continue
        wanted = {index[c]: v for (r, c), v in fixes.cells.items() if r == row.number and c in index}
        if wanted:
            cells = list(row.cells) + [None] * max(0, max(wanted) + 1 - len(row.cells))
            for c, v in wanted.items():
                cells[c] = v if str(v).strip() else None
                changed += 1
            row = DataRow(row.number, cells, row.section)
        rows.append(row)
    left = len(table.rows) - len(rows)
    if changed or left:
        parts = ([f"{changed} cell{'s' if changed != 1 else ''} corrected"] if changed else []) + (
            [f"{left} row{'s' if left != 1 else ''} left out"] if left else [])
        notes.append(f"Your changes in the preview: {', '.join(parts)}.")
    return Table(table.sheet, table.header_row, table.columns, rows, table.skipped, table.transposed, table.origins)


def counted(repairs: list[Repair]) -> str:
    from sprint.importing.plan import BLANK

    blank = sum(r.action == BLANK for r in repairs)
    out = len(repairs) - blank
    parts = ([f"{blank} cell{'s' if blank != 1 else ''} left blank"] if blank else []) + (
        [f"{out} row{'s' if out != 1 else ''} left out"] if out else [])
    return " and ".join(parts)


def summary(repairs: list[Repair]) -> str:
    """'Repaired rather than refused: 7 cells left blank (Start date: rows 4, 9, ...) and 2 rows left out (rows 12,
    30). Each is listed with the text the file had.'"""
    from sprint.importing.plan import BLANK

    by_header: dict[str, list[int]] = defaultdict(list)
    out_rows = []
    for r in repairs:
        if r.action == BLANK:
            by_header[r.issue.header or r.issue.column or "?"].append(r.issue.row or 0)
        else:
            out_rows.append(r.issue.row or 0)

    def rows(numbers: list[int]) -> str:
        shown = ", ".join(str(n) for n in numbers[:6])
        return f"row{'s' if len(numbers) != 1 else ''} {shown}{' ...' if len(numbers) > 6 else ''}"

    parts = []
    if by_header:
        total = sum(len(v) for v in by_header.values())
        parts.append(f"{total} cell{'s' if total != 1 else ''} left blank ("
                     + "; ".join(f"{h}: {rows(v)}" for h, v in by_header.items()) + ")")
    if out_rows:
        parts.append(f"{len(out_rows)} row{'s' if len(out_rows) != 1 else ''} left out ({rows(out_rows)})")
    return ("Imported what could be read: " + " and ".join(parts) + ". Each is listed with the text the file had "
            "and why; fix them in the file or the preview to bring them in.")
