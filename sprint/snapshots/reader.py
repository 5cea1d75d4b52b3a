"""Reading a snapshot file: sniff it, find its hidden data sheets, and check every field (sheet, row,
column) before anything is restored. Hostile until proven otherwise."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook

from sprint import bounds, filecheck
from sprint.errors import Problem, SprintError, ValidationError
from sprint.initiatives import NAME_MAX, STAGES
from sprint.permissions import Role
from sprint.snapshots import payload
from sprint.snapshots.data import (
    CHILD_TABLES,
    COLUMNS,
    LATER_CHILD_TABLES,
    MARKER,
    ORG_COLUMNS,
    ORG_SHEET,
    ROOM,
    SHEETS,
)
from sprint.snapshots.workbook import FORMAT_VERSION
from sprint.steps.outcomes.store import MAX_MONTHS, MetricDraft
from sprint.steps.outcomes.store import validate as validate_metric
from sprint.values import allows_negative


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
            for column, message in _CHILD_CHECKS.get(table, lambda r: [])(record):
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
    _check_relations(snap, reader)
    if reader.problems:
        raise ValidationError(reader.problems)
    return snap


def _child_checks() -> dict:
    from sprint.steps.governance.rules import PHASES, STATUSES

    def checks(r, column, allowed):
        return [] if r[column] is None or r[column] in allowed else [(column, f"'{r[column]}' is not one of {allowed}.")]

    def non_negative(r, *columns):
        return [(c, "can't be negative.") for c in columns if r[c] is not None and r[c] < 0]

    from sprint.steps.workflow.rules import AI_TOUCHES

    def share(r):
        return [] if r["share"] is None or 0 <= r["share"] <= 100 else [("share", "must be between 0 and 100.")]

    from sprint import room
    from sprint.steps.compliance.notices import CHANNELS, NOTICE_KINDS
    from sprint.steps.compliance.store import KINDS
    from sprint.steps.compliance.store import STATUSES as OBLIGATION_STATUSES
    from sprint.steps.governance.risks import LEVELS as RISK_LEVELS
    from sprint.steps.governance.risks import STATUSES as RISK_STATUSES

    def room_row(r):
        found = checks(r, "kind", tuple(room.KINDS)) + checks(r, "status", (room.OPEN, room.CLOSED, room.ACCEPTED))
        if not r["person"]:
            return found
        if r["answered_at"] is None:
            found.append(("answered_at", "an answer needs its time."))
        try:
            given = json.loads(r["answer"] or "")
            ok = isinstance(given, dict) and r["kind"] in room.KINDS and room.clean_answer(r["kind"], given) == given
        except (ValueError, TypeError, AttributeError, SprintError):
            ok = False
        return found if ok else [*found, ("answer", "is not an answer this question takes.")]

    return {
        ROOM: room_row,
        "habit_checks": lambda r: checks(r, "habits", (0, 1, 2, 3))
        + non_negative(r, "said_0", "said_1", "said_2", "said_3_plus"),
        "obligation_status": lambda r: checks(r, "status", OBLIGATION_STATUSES),
        "data_register": lambda r: checks(r, "kind", KINDS),
        "notices": lambda r: checks(r, "channel", (*CHANNELS, *NOTICE_KINDS)),
        "workflow_steps": lambda r: checks(r, "ai_touch", AI_TOUCHES) + non_negative(r, "minutes"),
        "shadow_sessions": lambda r: non_negative(r, "hours"),
        "adoption": share,
        "governance_checks": lambda r: checks(r, "phase", PHASES),
        "checkins": lambda r: checks(r, "status", STATUSES) + non_negative(r, "minutes"),
        "vendor_exit": lambda r: non_negative(r, "pilot_price", "production_price", "exit_cost"),
        "risks": lambda r: checks(r, "status", RISK_STATUSES) + non_negative(r, "impact_cost", "score")
        + [(c, "must be 1 to 5.") for c in ("likelihood", "impact", "residual_likelihood", "residual_impact")
           if r[c] is not None and not 1 <= r[c] <= 5]
        + ([("level", f"'{r['level']}' is not a level.")] if r["level"] and r["level"] not in RISK_LEVELS else []),
    }


_CHILD_CHECKS = _child_checks()


def _check_relations(snap: Snapshot, reader: _Reader) -> None:
    names = set()
    for r in snap.initiatives:
        sheet, n = SHEETS["initiatives"], r["_row"]
        if r["name"] and (r["name"].casefold() in names or len(r["name"]) > NAME_MAX):
            reader.bad(sheet, n, "name", "is repeated or too long.")
        names.add((r["name"] or "").casefold())
        if r["stage"] and r["stage"] not in STAGES:
            reader.bad(sheet, n, "stage", f"'{r['stage']}' is not a stage.")
        for cost in ("one_off_cost", "monthly_cost", "hourly_rate"):
            if r[cost] is not None and r[cost] < 0:
                reader.bad(sheet, n, cost, "can't be negative.")
    units = {}
    for r in snap.metrics:
        sheet, n = SHEETS["metrics"], r["_row"]
        if (r["initiative"] or "").casefold() not in names:
            reader.bad(sheet, n, "initiative", f"'{r['initiative']}' is not an initiative of this snapshot.")
        if r["ref"] in units:
            reader.bad(sheet, n, "ref", "is repeated.")
        units[r["ref"]] = r["unit"] or ""
        draft = MetricDraft(r["name"] or "", r["department"] or "", r["unit"] or "", r["direction"] or "",
                            r["baseline"], r["target"], bool(r["is_savings"]))
        undefined = r["baseline"] is None and r["target"] is None  # imported before anyone defined it
        for p in validate_metric(draft):
            if not (undefined and p.field in ("baseline", "target")):
                reader.bad(sheet, n, p.field, p.message)
    for key in ("milestones", "actuals"):
        for r in getattr(snap, key):
            sheet, n = SHEETS[key], r["_row"]
            if r["metric_ref"] not in units:
                reader.bad(sheet, n, "metric_ref", "refers to no metric of this snapshot.")
            if r["month_index"] is not None and not 1 <= r["month_index"] <= MAX_MONTHS:
                reader.bad(sheet, n, "month_index", f"must be between 1 and {MAX_MONTHS}.")
            value = r.get("value", r.get("target"))
            if value is not None and value < 0 and not allows_negative(units.get(r["metric_ref"], "")):
                reader.bad(sheet, n, "value" if key == "actuals" else "target", "can't be negative for this unit.")
    for table, rows in snap.children.items():
        for r in rows:
            if (r["initiative"] or "").casefold() not in names:
                reader.bad(CHILD_TABLES[table][0], r["_row"], "initiative",
                           f"'{r['initiative']}' is not an initiative of this snapshot.")
    seen_features = set()
    for r in snap.features:
        sheet, n = SHEETS["features"], r["_row"]
        if (r["initiative"] or "").casefold() not in names:
            reader.bad(sheet, n, "initiative", f"'{r['initiative']}' is not an initiative of this snapshot.")
        key = ((r["initiative"] or "").casefold(), (r["name"] or "").casefold())
        if key in seen_features:
            reader.bad(sheet, n, "name", "is repeated for this initiative.")
        seen_features.add(key)
        for column in ("dollars_per_month", "hours_per_week", "volume_share"):
            if r[column] is not None and (r[column] < 0 or (column == "volume_share" and r[column] > 100)):
                reader.bad(sheet, n, column, "is out of range.")
        if r["phase"] not in (None, "core", "phase 2"):
            reader.bad(sheet, n, "phase", f"'{r['phase']}' is not a phase.")
    roles = {str(role) for role in Role}
    for r in snap.audit:
        sheet, n = SHEETS["audit"], r["_row"]
        if r["actor_role"] and r["actor_role"] not in roles:
            reader.bad(sheet, n, "actor_role", f"'{r['actor_role']}' is not a role.")
        for column in ("before_json", "after_json"):
            if r[column]:
                try:
                    json.loads(r[column])
                except ValueError:
                    reader.bad(sheet, n, column, "is not valid JSON.")
