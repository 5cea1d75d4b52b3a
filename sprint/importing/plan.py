"""An import plan: what a file would change, worked out before anything is written (`committing` then writes
it at once).

    source = open_source(data, "kpis.xlsx")            # checks, sniffs and reads; raises a clear error
    plan = make_plan(store, source, initiative_id=3, today=today)
    plan.problems  -> each pinned to its sheet, row and column; commit refuses while there are any
    plan.counts    -> new / updated / unchanged rows; plan.preview -> the rows as they will be stored
    committing.commit(store, actor, plan, today=today)  # one transaction with one audit entry, or nothing

The mapping comes from, in order: the one given, a saved profile whose headers match, the best suggestion.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from sprint import initiatives
from sprint.importing import (
    cells,
    evidence,
    metric_plan,
    metric_sheets,
    months_down,
    records,
    repairs,
    sheets,
)
from sprint.importing.issues import Issue, pin
from sprint.importing.layout import Table, find_table, looks_transposed, masked, normal
from sprint.importing.layout import transpose as turned_grid
from sprint.importing.mapping import Mapping, checked_value_maps, known_words, suggest
from sprint.importing.metric_commit import Counts
from sprint.importing.metric_rows import Located
from sprint.importing.profiles import find_profile
from sprint.importing.reading import Book, UnreadableFile, read_book
from sprint.importing.repairs import Fixes, Repair
from sprint.importing.targets import BY_KEY, TARGETS, Target
from sprint.store import Store


@dataclass(frozen=True)
class Source:
    book: Book
    sha256: str
    size: int

    @property
    def file_name(self) -> str:
        return self.book.file_name


def open_source(data: bytes, file_name: str, progress: Callable[[float], None] | None = None) -> Source:
    """Read the file (see `read_book`; `progress(share)` as it goes)."""
    book = read_book(data, file_name, progress=progress)
    return Source(book, hashlib.sha256(data).hexdigest(), len(data))


__all__ = ["ImportPlan", "Issue", "Source", "make_plan", "open_source"]


@dataclass
class ImportPlan:
    source: Source
    sheet: str
    table: Table
    target: Target
    mapping: Mapping
    initiative: initiatives.Initiative | None
    new_initiative: str | None
    start: dt.date | None
    preview: pd.DataFrame
    problems: list[Issue]
    notes: list[str]
    counts: dict[str, Counts]
    payload: object
    departments: list[str] = field(default_factory=list)
    profile: str | None = None
    department_default: str | None = None
    left_out: list[tuple[int, str, str]] = field(default_factory=list)  # (row, department, metric) not imported
    # What the plan repaired instead of refusing: each a cell left blank or a row left out, with the problem and
    # the text the file had (the preview shows it, the commit stores exactly that, the audit entry names it).
    repairs: list[Repair] = field(default_factory=list)
    located: list[Located] = field(default_factory=list)  # the problems as found, before pinning to the sheet
    fixes: Fixes | None = None
    others: list = field(default_factory=list)  # sheets.Found: the other tables found, best first
    redefinitions: list[str] = field(default_factory=list)  # stored metrics whose definition the file changes

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def skipped(self) -> int:
        return len(self.table.skipped)

    def summary(self) -> str:
        parts = [f"{label}: {c.new} new, {c.updated} updated, {c.unchanged} unchanged"
                 for label, c in self.counts.items()]
        where = f"'{self.initiative.name}'" if self.initiative else (f"new initiative '{self.new_initiative}'"
                                                                     if self.new_initiative else "")
        into = f" into {where}" if where and self.target.per_initiative else ""
        return (f"{self.source.file_name}, sheet '{self.sheet}' -> {self.target.label}{into}. "
                f"{'; '.join(parts)}; {self.skipped} row{'' if self.skipped == 1 else 's'} skipped.")


def make_plan(store: Store, source: Source, *, sheet: str | None = None, header_row: int | None = None,
              mapping: Mapping | None = None, target: str | None = None, initiative_id: int | None = None,
              new_initiative: str | None = None, department_default: str | None = None,
              direction_default: str | None = None, today: dt.date,
              progress: Callable[[float, str], None] | None = None,
              only_departments: Sequence[str] | None = None, transpose: bool | None = None,
              date_order: str | None = None, constants: dict[str, str] | None = None,
              strict: bool = False, fixes: Fixes | None = None,
              value_maps: dict[str, dict[str, str]] | None = None, skip_sheets: Sequence[str] = (),
              table_number: int | None = None, turn_months: bool = False) -> ImportPlan:
    """`progress(fraction, what)` is told as each stage starts (for a progress bar on large files).
    `only_departments` (a department head importing a file that also holds other departments' metrics): the
    rows of other departments are left out, listed in `plan.left_out` and the notes, and never written.

    Problems in cells are repaired unless `strict`: a cell of an optional field that can't be read is left blank
    (its field's default), a row whose name, key or value can't be read is left out; each is a `Repair` the
    preview lists and the commit records. What can't be repaired (no table, no mapping, a question only the
    person can answer) stays in `problems`, and nothing is imported while any is there. `fixes` are the
    person's corrections from the preview. `turn_months`: the table holds one row per month and one column per
    metric, and `mapping` names the columns of it read turned (Metric, Jan 2026, ...), as the page shows it."""
    say = progress or (lambda fraction, what: None)
    say(0.05, "Finding the table")
    sheet_notes: list[str] = []
    per_sheet = None
    if sheet == metric_sheets.ALL_SHEETS or (sheet is None and mapping is None and target in (None, "metrics_wide")
                                             and not transpose):
        per_sheet = metric_sheets.detect(source.book)  # a KPI glide path: one metric per sheet
        if per_sheet is None and sheet is not None:
            raise UnreadableFile(f"'{source.file_name}' has no sheet holding one metric's monthly table.")
    if per_sheet is not None:
        sheet_notes.extend(per_sheet.notes)
        target = "metrics_wide"
    block = None
    others: list = []
    found_table = None
    if per_sheet is None and (table_number is not None or (header_row is None and mapping is None)):
        # every sheet and every table stacked on a sheet is a candidate: the best wins, the others are named
        picked = sheets.pick_sheet(source.book, skip=skip_sheets, sheet=sheet, number=table_number)
        sheet, block, others, found_table = picked.sheet, picked.block, picked.others or [], picked.table
        sheet_notes.extend(picked.notes)
        header_row = picked.header_row
    grid = per_sheet.grid if per_sheet is not None else source.book.grid(sheet)
    if block is not None and block.header >= 0:
        grid = masked(grid, block)
    turned = transpose if transpose is not None else per_sheet is None and header_row is None and \
        looks_transposed(grid, known_words())
    if turned:
        grid = turned_grid(grid)
        sheet_notes.append(f"Sheet '{grid.sheet}' holds one record per column, the field names down column A: "
                           "read turned (on the command line: --transpose / --no-transpose).")
    if found_table is not None and not turned and found_table.sheet == grid.sheet:
        table = found_table  # found while choosing the sheet: the same grid, the same header row
    else:
        table = find_table(grid, known_words(), None if per_sheet else header_row)
    table.transposed = bool(turned)
    if not table.rows:
        raise UnreadableFile(f"'{grid.sheet}' has column names on row {table.header_row} "
                             f"({', '.join(table.columns[:6])}) but no rows under them"
                             + (f" (only {_kinds(table.skipped)})" if table.skipped else "")
                             + ": it is empty, so there is nothing to import.")
    if per_sheet is not None:
        table.origins = {(r + 1, c): where for (r, c), where in per_sheet.origins.items()}
    say(0.3, f"Reading {len(table.rows):,} rows")
    profile = None
    if mapping is None and target is None:
        found = find_profile(store, table.columns)
        if found:
            profile, mapping = found.name, found.mapping
    refused = None
    if turn_months and mapping is not None:  # the person's mapping names the columns of the table read turned
        turned_months = months_down.turn(table)
        if turned_months is None:
            raise UnreadableFile(f"'{grid.sheet}' does not hold one row per month with a column of figures per "
                                 "metric; read it as it is.")
        table = turned_months[0]
        sheet_notes.extend(turned_months[1])
    if mapping is None:
        if target:
            mapping = suggest(BY_KEY[target], table.columns)
            evidence.unheaded_name(BY_KEY[target], mapping, table)
        else:  # guessed: only on evidence, headers and values both (sprint.importing.evidence)
            guessed = evidence.guess(table if table.named_for else sheets.named(grid, table))
            mapping, refused = guessed.mapping, guessed.refusal
            turned_months = months_down.turn(table) if mapping is None and not turned and \
                evidence.looks_like(table) is None else None
            if turned_months is not None:  # one row per month, one column per metric
                again = evidence.guess(turned_months[0])
                if again.mapping is not None and again.mapping.target == "metrics_wide":
                    table, mapping, refused = turned_months[0], again.mapping, None
                    sheet_notes.extend(turned_months[1])
    problems: list[Issue] = []
    if mapping is None:
        mapping = suggest(TARGETS[0], table.columns)
        problems.append(Issue(grid.sheet, table.header_row, None, None, refused or (
            "we couldn't tell what these rows are. Choose what they become and which column "
            f"holds what (columns found: {', '.join(table.columns[:12])}).")))
    if date_order or constants:
        mapping = replace(mapping, date_order=date_order or mapping.date_order,
                          constants={**mapping.constants, **(constants or {})})
    if value_maps:
        maps, refused_maps = checked_value_maps(BY_KEY[mapping.target], mapping, value_maps)
        mapping = replace(mapping, value_maps=maps)
        problems.extend(Issue(grid.sheet, None, None, None, message) for message in refused_maps)
    chosen = BY_KEY[mapping.target]
    name_key = evidence.NAME_FIELDS.get(chosen.key)
    if name_key and evidence.UNHEADED.match(mapping.columns.get(name_key) or ""):
        sheet_notes.append(f"The names are in column {mapping.columns[name_key].split()[-1]}, which has no header.")
    if mapping.constants:
        table, mapping = _with_constants(table, mapping, problems)
    for f in ([] if refused else chosen.required):  # a refusal says it all: no problems of a target not chosen
        if not mapping.columns.get(f.key):
            problems.append(Issue(grid.sheet, table.header_row, None, None,
                                  f"no column is mapped to {f.label}; choose the column that holds it."))
    if chosen.months_as_columns and not mapping.month_columns and not refused:
        problems.append(Issue(grid.sheet, table.header_row, None, None,
                              "no column header reads as a month (Month 1, Jan 2026, 2026-01, ...)."))
    initiative = initiatives.get(store, initiative_id) if initiative_id is not None else None
    if chosen.per_initiative and initiative is None and not (new_initiative or "").strip() and not refused:
        problems.append(Issue(grid.sheet, None, None, None, "choose the initiative these rows belong to."))
    plan = ImportPlan(source, grid.sheet, table, chosen, mapping, initiative,
                      (new_initiative or "").strip() or None if initiative is None else None, None,
                      pd.DataFrame(), problems, [], {}, None, profile=profile,
                      department_default=(department_default or "").strip() or None)
    plan.notes.extend(sheet_notes)
    plan.fixes = fixes
    plan.others = others
    if problems:
        return plan
    decimal = cells.decimal_mark([v for r in table.rows[:2000] for v in r.cells if isinstance(v, str)])
    if decimal == ",":
        plan.notes.append("Numbers in this file use a decimal comma (1.200,50): read that way throughout.")
    if fixes:
        table = repairs.apply_fixes(table, fixes, plan.notes)
    read_table, notes = table, list(plan.notes)
    for attempt in range(repairs.ROUNDS + 1):
        plan.table, plan.notes, plan.problems, plan.located, plan.left_out = table, list(notes), [], [], []
        plan.redefinitions = []
        with store.reading() as cur:
            say(0.35 + 0.15 * attempt, f"Reading and checking {len(table.rows):,} rows")
            if chosen.key.startswith("metrics"):
                metric_plan.plan_metrics(plan, cur, department_default, direction_default, decimal, today,
                                         only_departments)
            else:
                _plan_records(plan, cur, decimal, today)
        if strict or not plan.problems or attempt == repairs.ROUNDS:
            break
        found = repairs.decide(plan)
        if not found:
            break  # only problems a person must answer are left
        plan.repairs.extend(found)
        table = repairs.apply(read_table, plan.repairs)
    plan.table = table
    if plan.repairs:
        plan.notes.append(repairs.summary(plan.repairs))
        if not plan.problems and not table.rows:
            plan.problems.append(Issue(plan.sheet, table.header_row, None, None,
                                       "every row has a problem, so nothing is left to import; fix the rows listed "
                                       "or choose another sheet or table."))
    say(1.0, "Done")
    if table.skipped:
        shown = ", ".join(f"{n} ({why})" for n, why in table.skipped[:8])
        more = f" and {len(table.skipped) - 8} more" if len(table.skipped) > 8 else ""
        plan.notes.append(f"Rows skipped: {shown}{more}.")
    return plan


def _kinds(skipped: list[tuple[int, str]]) -> str:
    """'6 group labels and 6 repeated headers': what the skipped rows were, counted by kind."""
    kinds: dict[str, int] = {}
    for _, why in skipped:
        kind = why.split(" (")[0]
        kinds[kind] = kinds.get(kind, 0) + 1
    return " and ".join(f"{n} × {kind}" for kind, n in kinds.items())


def _with_constants(table: Table, mapping: Mapping, problems: list[Issue]) -> tuple[Table, Mapping]:
    """Values set for every row (`--set department=Finance`, or a profile that sets them) become columns of
    their own, read and checked like any other; they take the place of a mapped column."""
    target = BY_KEY[mapping.target]
    columns = dict(mapping.columns)
    for key, value in mapping.constants.items():
        f = next((f for f in target.fields if f.key == key or normal(f.label) == normal(key)), None)
        if f is None:
            problems.append(Issue(table.sheet, None, None, None,
                                  f"'{key}' is not a field of {target.label}; the fields are "
                                  f"{', '.join(x.key for x in target.fields)}."))
            continue
        name = f"{f.label} (set to '{value}')"
        table = table.with_constant(name, value)
        columns[f.key] = name
    return table, replace(mapping, columns=columns)


def _plan_records(plan: ImportPlan, cur, decimal, today) -> None:
    rows = records.build(plan.table, plan.mapping, decimal=decimal, today=today)
    plan.payload = rows
    plan.located.extend(rows.problems)
    plan.problems.extend(pin(plan.table, plan.sheet, p) for p in rows.problems)
    plan.notes.extend(rows.notes)
    used = set(plan.mapping.columns.values())
    unused = [c for i, c in enumerate(plan.table.columns) if c not in used
              and any(i < len(r.cells) and r.cells[i] not in (None, "") for r in plan.table.rows[:500])]
    if unused:
        shown = ", ".join(f"'{c[:40]}'" for c in unused[:8]) + (f" and {len(unused) - 8} more" if len(unused) > 8
                                                                else "")
        plan.notes.append(f"Not imported (no field of {plan.target.label} holds them): {shown}.")
    if plan.target.per_initiative and plan.initiative is None:
        plan.start = today
        new, updated, unchanged = rows.records, [], []
    else:
        new, updated, unchanged = records.diff(cur, plan.target.key, rows,
                                               plan.initiative.id if plan.initiative else None)
    plan.counts = {"rows": Counts(len(new), len(updated), len(unchanged))}
    labels = {f.key if f.key != "obligation" else "obligation_id": f.label for f in plan.target.fields}
    preview = [{"Row": r.row, **{labels.get(k, k): v for k, v in r.values.items() if k != "position"}}
               for r in rows.records[:2000]]
    plan.preview = pd.DataFrame(preview)
