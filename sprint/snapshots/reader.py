"""Reading a snapshot file: sniff it, find its hidden data sheets, and check every field (sheet, row,
column) before anything is restored. Hostile until proven otherwise."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import math
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook

from sprint import bounds, filecheck
from sprint.errors import Problem, SprintError, ValidationError
from sprint.snapshots import payload, record_checks
from sprint.snapshots.data import (
    CHILD_TABLES,
    COLUMNS,
    LATER_CHILD_TABLES,
    MARKER,
    ORG_COLUMNS,
    ORG_SHEET,
    SHEETS,
)
from sprint.snapshots.workbook import FORMAT_VERSION


class NotASnapshot(SprintError):
    pass


@dataclass
class Snapshot:
    filename: str
    sha256: str
    meta: dict[str, str]
    initiatives: list[dict] = field(default_factory=list)
    metrics: list[dict] = field(default_factory=list)
    milestones: list[dict] = field(default_factory=list)
    actuals: list[dict] = field(default_factory=list)
    features: list[dict] = field(default_factory=list)
    audit: list[dict] = field(default_factory=list)
    children: dict[str, list[dict]] = field(default_factory=dict)  # CHILD_TABLES rows, by table
    org_figures: list[dict] = field(default_factory=list)


def _restored_text(raw: object) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


class _Reader:
    """Turns cells into typed values, collecting a problem (sheet, row, column) for each bad one."""

    def __init__(self):
        self.problems: list[Problem] = []

    def bad(self, sheet: str, row: int, column: str, message: str) -> None:
        if len(self.problems) < 50:
            self.problems.append(Problem(column, message, row=row, sheet=sheet))

    def value(self, sheet, row, column, raw, kind, *, required=True):
        text = _restored_text(raw)
        if text is None:
            if required:
                self.bad(sheet, row, column, "is empty.")
            return None
        try:
            value = self._typed(text, kind)
        except (ValueError, OverflowError):
            self.bad(sheet, row, column, f"'{text[:40]}' is not a valid {kind}.")
            return None
        problem = self._out_of_bounds(value, kind, column)
        if problem:  # the same limits as every other way in (sprint.bounds)
            self.bad(sheet, row, column, problem)
            return None
        return value

    @staticmethod
    def _typed(text: str, kind: str) -> object:
        if kind == "text":
            return text
        if kind == "float":
            number = float(text)
            if math.isnan(number) or math.isinf(number):
                raise ValueError
            return number
        if kind == "int":
            return int(text[:20])
        if kind == "bool":
            if text not in ("true", "false"):
                raise ValueError
            return text == "true"
        if kind == "date":
            return dt.date.fromisoformat(text)
        if kind == "timestamp":
            return dt.datetime.fromisoformat(text)
        raise AssertionError(kind)

    @staticmethod
    def _out_of_bounds(value: object, kind: str, column: str) -> str | None:
        if kind == "text":
            most = bounds.AUDIT_TEXT_MAX if column in ("before_json", "after_json") else bounds.TEXT_MAX
            return None if len(value) <= most else f"is {len(value):,} characters long; the most kept is {most:,}."
        if kind == "float":
            return bounds.number_problem(value)
        if kind == "int":
            return None if abs(value) <= bounds.INT_MAX else f"{value} is too large."
        if kind in ("date", "timestamp"):
            return bounds.date_problem(value)
        return None


_TYPES = {
    "initiatives": {"name": "text", "process": "text?", "owner": "text?", "department": "text?", "start_date": "date",
                    "stage": "text", "roi_statement": "text?", "archived": "bool", "one_off_cost": "float",
                    "monthly_cost": "float", "hourly_rate": "float", "owner_role": "text?",
                    "budget_authority": "bool", "budget_amount": "float", "chosen_design": "text?", "version": "int", "created_by": "text", "created_at": "timestamp",
                    "updated_by": "text", "updated_at": "timestamp"},
    "metrics": {"ref": "int", "initiative": "text", "department": "text", "name": "text", "unit": "text?",
                "direction": "text", "baseline": "float?", "target": "float?", "is_savings": "bool", "position": "int",
                "archived": "bool", "version": "int", "created_by": "text", "created_at": "timestamp",
                "updated_by": "text", "updated_at": "timestamp"},
    "milestones": {"metric_ref": "int", "month_index": "int", "target": "float"},
    "actuals": {"metric_ref": "int", "month_index": "int", "value": "float", "entered_by": "text",
                "entered_at": "timestamp"},
    "features": {"initiative": "text", "name": "text", "dollars_per_month": "float", "hours_per_week": "float",
                 "volume_share": "float", "effort": "text?", "notes": "text?", "phase": "text?", "position": "int",
                 "version": "int", "created_by": "text", "created_at": "timestamp", "updated_by": "text",
                 "updated_at": "timestamp", "score": "float?"},
    "audit": {"occurred_at": "timestamp", "actor": "text", "actor_role": "text", "action": "text", "entity": "text",
              "entity_id": "text?", "initiative": "text?", "summary": "text", "before_json": "text?",
              "after_json": "text?"},
}


KINDS = {table: dict(kinds) for table, kinds in _TYPES.items()}


def is_snapshot(book) -> bool:
    """Whether a workbook read by the importer is one of our snapshots (it has the snapshot sheet)."""
    return book.kind == "xlsx" and SHEETS["snapshot"] in book.sheet_names


def _opened(data: bytes, filename: str):
    """The workbook and its Snapshot sheet's facts, once the file is known to be a Production Sprint snapshot
    (its content checked first: size, zip bomb, kind)."""
    sniffed = filecheck.check(data, filename)
    if sniffed.kind != "xlsx":
        raise NotASnapshot(f"'{filename}' is not an Excel snapshot from Production Sprint"
                           + (" (it is password-protected or an old .xls)." if sniffed.kind == "ole" else "."))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as exc:
        raise NotASnapshot(f"'{filename}' could not be read as a workbook ({exc}).") from exc
    if SHEETS["snapshot"] not in book.sheet_names:
        raise NotASnapshot(f"'{filename}' is not a Production Sprint snapshot (it has no {SHEETS['snapshot']} "
                           "sheet): only workbooks downloaded from Production Sprint can be restored.")
    facts = book.get_sheet_by_name(SHEETS["snapshot"]).to_python(skip_empty_area=False)
    meta = {str(r[0]): str(_restored_text(r[1]) or "") for r in facts[1:] if len(r) >= 2 and r[0]}
    if meta.get("format") != MARKER:
        raise NotASnapshot(f"'{filename}' is not a Production Sprint snapshot.")
    return book, meta


def audit_anchor(data: bytes, filename: str) -> tuple[int, str]:
    """The audit anchor (entry count, newest hash) a snapshot recorded when it was exported."""
    from sprint import audit

    _, meta = _opened(data, filename)
    if not meta.get("audit_anchor"):
        raise NotASnapshot(f"'{filename}' was exported before snapshots recorded the audit log's anchor; use a "
                           "newer snapshot, or --expect COUNT:HEAD.")
    try:
        return audit.parse_anchor(meta["audit_anchor"])
    except ValueError as exc:
        raise NotASnapshot(f"'{filename}': its audit anchor is damaged ({exc}).") from exc


READS = ("1", FORMAT_VERSION)  # format 1: a hidden sheet per table; format 2: one compressed payload


def _tables(book, meta: dict[str, str], filename: str) -> dict[str, list[list]]:
    """{format-1 sheet name: its rows, header first}, from either format."""
    needed = [*(name for key, name in SHEETS.items() if key != "snapshot"),
              *(spec[0] for table, spec in CHILD_TABLES.items() if table not in LATER_CHILD_TABLES)]
    if meta["version"] == "1":
        missing = [s for s in needed if s not in book.sheet_names]
        if missing:
            raise NotASnapshot(f"'{filename}' is not a whole Production Sprint snapshot (it has no {missing[0]} "
                               "sheet): only workbooks downloaded from Production Sprint can be restored.")
        later = [CHILD_TABLES[t][0] for t in LATER_CHILD_TABLES if CHILD_TABLES[t][0] in book.sheet_names]
        names = [*needed, *later, *([ORG_SHEET] if ORG_SHEET in book.sheet_names else [])]
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in names}
    if payload.SHEET not in book.sheet_names:
        raise NotASnapshot(f"'{filename}' has lost its {payload.SHEET} sheet, which holds the records to restore.")
    cells = (row[0] if row else None for row in
             book.get_sheet_by_name(payload.SHEET).to_python(skip_empty_area=False)[1:])
    try:
        tables = payload.read(cells, meta.get("payload_sha256", ""), meta.get("payload_size", ""),
                              meta.get("payload_expanded"))
    except (payload.DamagedPayload, ValueError) as exc:
        raise NotASnapshot(f"'{filename}' can't be restored: {exc}. Download the snapshot again.") from exc
    missing = [s for s in needed if s not in tables]
    if missing:
        raise NotASnapshot(f"'{filename}' is missing the table {missing[0]}: it can't be restored.")
    return tables


def read_snapshot(data: bytes, filename: str) -> Snapshot:
    """Check and parse a snapshot; raise with every problem (sheet, row, column) if it can't be restored."""
    book, meta = _opened(data, filename)
    if meta.get("version") not in READS:
        raise NotASnapshot(f"'{filename}' is snapshot format {meta.get('version')}; this version of Production "
                           f"Sprint reads formats {', '.join(READS)}. Upgrade the app to restore it.")
    tables = _tables(book, meta, filename)
    records = sum(max(len(t) - 1, 0) for t in tables.values())
    if records > bounds.ROWS_MAX:
        raise NotASnapshot(f"'{filename}' holds {records:,} records; a snapshot this app restores holds at most "
                           f"{bounds.ROWS_MAX:,}.")
    rows = {key: tables[name] for key, name in SHEETS.items() if key != "snapshot"}
    snap = Snapshot(filename, hashlib.sha256(data).hexdigest(), meta)
    reader = _Reader()
    for key, types in _TYPES.items():
        sheet, table = SHEETS[key], rows[key]
        header = [str(h) for h in (table[0] if table else []) if h not in (None, "")][:len(COLUMNS[key])]
        # A snapshot written before a column was added lacks it at the end: optional columns read as empty.
        later = [types[c] for c in COLUMNS[key][len(header):]]
        if header != COLUMNS[key][:len(header)] or not all(kind.endswith("?") for kind in later):
            raise NotASnapshot(f"Sheet '{sheet}' of '{filename}' has columns {header}; expected {COLUMNS[key]}.")
        for n, raw in enumerate(table[1:], start=2):
            if not any(_restored_text(v) for v in raw):
                continue
            record = {}
            for column, cell in zip(COLUMNS[key], list(raw) + [None] * len(COLUMNS[key]), strict=False):
                kind = types[column]
                optional = kind.endswith("?")
                record[column] = reader.value(sheet, n, column, cell, kind.rstrip("?"), required=not optional)
            record["_row"] = n
            getattr(snap, key).append(record)
    for table, (sheet, columns, _) in CHILD_TABLES.items():
        if sheet not in tables and table in LATER_CHILD_TABLES:
            continue  # written before the table existed: nothing of it to restore
        rows_of = tables[sheet]
        expected = ["initiative", *(c for c, _ in columns)]
        header = [str(h) for h in (rows_of[0] if rows_of else []) if h not in (None, "")][:len(expected)]
        # A snapshot written before a column was added lacks it at the end: optional columns read as empty.
        later = [kind for _, kind in columns[max(len(header) - 1, 0):]]
        if not header or header != expected[:len(header)] or not all(kind.endswith("?") for kind in later):
            raise NotASnapshot(f"Sheet '{sheet}' of '{filename}' does not have the expected columns.")
        records = snap.children.setdefault(table, [])
        kinds = [("initiative", "text"), *columns]
        for n, raw in enumerate(rows_of[1:], start=2):
            if not any(_restored_text(v) for v in raw):
                continue
            cells = list(raw) + [None] * len(kinds)
            record = {c: reader.value(sheet, n, c, cells[k], kind.rstrip("?"), required=not kind.endswith("?"))
                      for k, (c, kind) in enumerate(kinds)}
            record["_row"] = n
            records.append(record)
            for column, message in record_checks.child_row(table, record):
                reader.bad(sheet, n, column, message)
    if ORG_SHEET in tables:
        rows_of = tables[ORG_SHEET]
        for n, raw in enumerate(rows_of[1:], start=2):
            if not any(_restored_text(v) for v in raw):
                continue
            cells = list(raw) + [None] * 4
            record = {c: reader.value(ORG_SHEET, n, c, cells[k], kind)
                      for k, (c, kind) in enumerate(zip(ORG_COLUMNS, ("text", "float", "text", "timestamp"), strict=True))}
            snap.org_figures.append(record)
    record_checks.relations(snap, reader.bad)
    if reader.problems:
        raise ValidationError(reader.problems)
    return snap
