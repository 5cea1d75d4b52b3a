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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sprint.importing.issues import Issue, pin
from sprint.importing.layout import DataRow, Table
from sprint.importing.metric_rows import Located
from sprint.lists import cell_text

if TYPE_CHECKING:
    from sprint.importing.plan import ImportPlan

@dataclass(frozen=True)
class Repair:
    issue: Issue  # where, and what was wrong
    action: str  # BLANK or LEFT_OUT
    text: str  # the cell as the file had it ("" for a row)
    table_row: int  # the table's own row number and column name (what a fix in the preview names)
    column_name: str | None

    def __str__(self) -> str:
        what = "left blank" if self.action == BLANK else "row left out"
        shown = f" ('{self.text[:40]}')" if self.text else ""
        return f"{self.issue.where()}{shown}: {what}, {self.issue.message}"


BLANK, LEFT_OUT = "blank", "left out"


@dataclass
class Fixes:
    """What the person changed in the preview: a cell's new text (by table row number and column name), and rows
    they chose to leave out. A plan made with fixes reads the file as if it said that."""

    cells: dict[tuple[int, str], str] = field(default_factory=dict)
    leave_out: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.cells or self.leave_out)

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


def _shown(row: DataRow | None, column: int | None) -> str:
    """The cell's text as the preview lists it (cleaned as every table reader cleans a cell, cut at 200)."""
    if row is None or column is None or column >= len(row.cells):
        return ""
    return cell_text(row.cells[column])[:200]


def decide(plan: ImportPlan) -> list[Repair]:
    """The repairs for the plan's problems (empty when none can be repaired)."""
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
                out.append(Repair(pin(table, plan.sheet, p), LEFT_OUT, _shown(rows[p.row], p.column), p.row,
                                  table.columns[p.column] if p.column is not None else None))
        elif (p.row, p.column) not in blanked:
            blanked.add((p.row, p.column))
            blanks.append((p, _shown(rows[p.row], p.column)))
    out.extend(Repair(pin(table, plan.sheet, p), BLANK, text, p.row, table.columns[p.column])
               for p, text in blanks if p.row not in gone)
    return out


def _rebuilt(table: Table, drop: set[int], cells: dict[int, dict[int, object]]) -> Table:
    """The table without the rows numbered in `drop`, and with `cells` ({row number: {column: value}}) set."""
    rows = []
    for row in table.rows:
        if row.number in drop:
            continue
        wanted = cells.get(row.number)
        if wanted:
            values = list(row.cells) + [None] * max(0, max(wanted) + 1 - len(row.cells))
            for c, v in wanted.items():
                values[c] = v
            row = DataRow(row.number, values, row.section)
        rows.append(row)
    return Table(table.sheet, table.header_row, table.columns, rows, table.skipped, table.transposed, table.origins)


def apply(table: Table, repairs: list[Repair]) -> Table:
    """The table as the repairs leave it: rows left out, cells blank (matched by the table's own row numbers
    and column names, whatever sheet cell they are pinned to)."""
    index = {name: i for i, name in enumerate(table.columns)}
    blank: dict[int, dict[int, object]] = defaultdict(dict)
    for r in repairs:
        if r.action == BLANK and r.column_name in index:
            blank[r.table_row][index[r.column_name]] = None
    return _rebuilt(table, {r.table_row for r in repairs if r.action == LEFT_OUT}, blank)


def apply_fixes(table: Table, fixes: Fixes, notes: list[str]) -> Table:
    """The person's corrections: a cell's new text, rows left out by choice."""
    index = {name: i for i, name in enumerate(table.columns)}
    typed: dict[int, dict[int, object]] = defaultdict(dict)
    for (number, column), value in fixes.cells.items():
        if column in index:
            typed[number][index[column]] = value if str(value).strip() else None
    fixed = _rebuilt(table, set(fixes.leave_out), typed)
    present = {row.number for row in fixed.rows}
    changed = sum(len(v) for number, v in typed.items() if number in present)
    left = len(table.rows) - len(fixed.rows)
    if changed or left:
        parts = ([f"{changed} cell{'s' if changed != 1 else ''} corrected"] if changed else []) + (
            [f"{left} row{'s' if left != 1 else ''} left out"] if left else [])
        notes.append(f"Your changes in the preview: {', '.join(parts)}.")
    return fixed


def counted(repairs: list[Repair]) -> str:
    blank = sum(r.action == BLANK for r in repairs)
    out = len(repairs) - blank
    parts = ([f"{blank} cell{'s' if blank != 1 else ''} left blank"] if blank else []) + (
        [f"{out} row{'s' if out != 1 else ''} left out"] if out else [])
    return " and ".join(parts)


def summary(repairs: list[Repair]) -> str:
    """'Repaired rather than refused: 7 cells left blank (Start date: rows 4, 9, ...) and 2 rows left out (rows 12,
    30). Each is listed with the text the file had.'"""
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
