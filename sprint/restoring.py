"""Restore an Excel snapshot: read its hidden data sheets, check every field, then rebuild the sprint in
one audited transaction (all or nothing).

- Into an empty database the snapshot's audit history comes along (re-chained, with its original times
  and people) so moving machines loses nothing.
- If an initiative of the same name exists, the person chooses: replace it, or keep both (the restored
  copy is renamed). Without a choice nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
from dataclasses import dataclass, field

from python_calamine import CalamineError, CalamineWorkbook

from sprint import filecheck
from sprint.errors import Problem, SprintError, ValidationError
from sprint.exporting.data import COLUMNS, MARKER, SHEETS
from sprint.exporting.workbook import FORMAT_VERSION
from sprint.initiatives import NAME_MAX, STAGES
from sprint.metrics import MAX_MONTHS, MetricDraft
from sprint.metrics import validate as validate_metric
from sprint.permissions import Action, Actor, Role
from sprint.store import Store, Transaction
from sprint.values import allows_negative

REPLACE, KEEP_BOTH = "replace", "keep both"


class NotASnapshot(SprintError):
    pass


class ChoiceNeeded(SprintError):
    """Initiatives of the same name exist; the person must choose replace or keep both."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(f"This database already has {', '.join(repr(n) for n in names)}. Choose whether to "
                         "replace them with the snapshot or keep both. Nothing was restored yet.")


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


@dataclass(frozen=True)
class RestoreResult:
    initiatives: list[str]
    metrics: int
    actuals: int
    history: int
    mode: str


def _text(raw: object) -> str | None:
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
        text = _text(raw)
        if text is None:
            if required:
                self.bad(sheet, row, column, "is empty.")
            return None
        try:
            if kind == "text":
                return text
            if kind == "float":
                number = float(text)
                if math.isnan(number) or math.isinf(number):
                    raise ValueError
                return number
            if kind == "int":
                return int(text)
            if kind == "bool":
                if text not in ("true", "false"):
                    raise ValueError
                return text == "true"
            if kind == "date":
                return dt.date.fromisoformat(text)
            if kind == "timestamp":
                return dt.datetime.fromisoformat(text)
        except ValueError:
            self.bad(sheet, row, column, f"'{text[:40]}' is not a valid {kind}.")
            return None
        raise AssertionError(kind)


_TYPES = {
    "initiatives": {"name": "text", "process": "text?", "owner": "text?", "department": "text?", "start_date": "date",
                    "stage": "text", "roi_statement": "text?", "archived": "bool", "one_off_cost": "float",
                    "monthly_cost": "float", "hourly_rate": "float", "version": "int", "created_by": "text", "created_at": "timestamp",
                    "updated_by": "text", "updated_at": "timestamp"},
    "metrics": {"ref": "int", "initiative": "text", "department": "text", "name": "text", "unit": "text?",
                "direction": "text", "baseline": "float", "target": "float", "is_savings": "bool", "position": "int",
                "archived": "bool", "version": "int", "created_by": "text", "created_at": "timestamp",
                "updated_by": "text", "updated_at": "timestamp"},
    "milestones": {"metric_ref": "int", "month_index": "int", "target": "float"},
    "actuals": {"metric_ref": "int", "month_index": "int", "value": "float", "entered_by": "text",
                "entered_at": "timestamp"},
    "features": {"initiative": "text", "name": "text", "dollars_per_month": "float", "hours_per_week": "float",
                 "volume_share": "float", "effort": "text?", "notes": "text?", "phase": "text?", "position": "int",
                 "version": "int", "created_by": "text", "created_at": "timestamp", "updated_by": "text",
                 "updated_at": "timestamp"},
    "audit": {"occurred_at": "timestamp", "actor": "text", "actor_role": "text", "action": "text", "entity": "text",
              "entity_id": "text?", "initiative": "text?", "summary": "text", "before_json": "text?",
              "after_json": "text?"},
}


def read_snapshot(data: bytes, filename: str) -> Snapshot:
    """Check and parse a snapshot; raise with every problem (sheet, row, column) if it can't be restored."""
    sniffed = filecheck.check(data, filename)
    if sniffed.kind != "xlsx":
        raise NotASnapshot(f"'{filename}' is not an Excel snapshot from Production Sprint"
                           + (" (it is password-protected or an old .xls)." if sniffed.kind == "ole" else "."))
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except CalamineError as exc:
        raise NotASnapshot(f"'{filename}' could not be read as a workbook ({exc}).") from exc
    missing = [s for s in SHEETS.values() if s not in book.sheet_names]
    if missing:
        raise NotASnapshot(f"'{filename}' is not a Production Sprint snapshot (it has no {missing[0]} sheet): "
                           "only workbooks downloaded from Production Sprint can be restored.")
    rows = {key: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for key, name in SHEETS.items()}
    meta = {str(r[0]): str(_text(r[1]) or "") for r in rows["snapshot"][1:] if len(r) >= 2 and r[0]}
    if meta.get("format") != MARKER:
        raise NotASnapshot(f"'{filename}' is not a Production Sprint snapshot.")
    if meta.get("version") != FORMAT_VERSION:
        raise NotASnapshot(f"'{filename}' is snapshot format {meta.get('version')}; this version of Production "
                           f"Sprint reads format {FORMAT_VERSION}. Upgrade the app to restore it.")
    snap = Snapshot(filename, hashlib.sha256(data).hexdigest(), meta)
    reader = _Reader()
    for key, types in _TYPES.items():
        sheet, table = SHEETS[key], rows[key]
        header = [str(h) for h in (table[0] if table else [])][:len(COLUMNS[key])]
        if header != COLUMNS[key]:
            raise NotASnapshot(f"Sheet '{sheet}' of '{filename}' has columns {header}; expected {COLUMNS[key]}.")
        for n, raw in enumerate(table[1:], start=2):
            if not any(_text(v) for v in raw):
                continue
            record = {}
            for column, cell in zip(COLUMNS[key], list(raw) + [None] * len(COLUMNS[key]), strict=False):
                kind = types[column]
                optional = kind.endswith("?")
                record[column] = reader.value(sheet, n, column, cell, kind.rstrip("?"), required=not optional)
            record["_row"] = n
            getattr(snap, key).append(record)
    _check_relations(snap, reader)
    if reader.problems:
        raise ValidationError(reader.problems)
    return snap


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
        for p in validate_metric(draft):
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


def clashes(store: Store, snap: Snapshot) -> list[str]:
    existing = {r[0].casefold(): r[0] for r in store.fetch_all("SELECT name FROM initiatives")}
    return [existing[r["name"].casefold()] for r in snap.initiatives if r["name"].casefold() in existing]


def _free_name(tx: Transaction, name: str, today: dt.date) -> str:
    taken = {r[0].casefold() for r in tx.execute("SELECT name FROM initiatives").fetchall()}
    candidate, n = f"{name} (restored {today.isoformat()})", 2
    while candidate.casefold() in taken:
        candidate, n = f"{name} (restored {today.isoformat()}, {n})", n + 1
    return candidate[:NAME_MAX]


def _remove_initiative(tx: Transaction, initiative_id: int) -> dict[str, int]:
    tx.execute("DELETE FROM features WHERE initiative_id = ?", [initiative_id])
    metric_ids = [r[0] for r in tx.execute("SELECT id FROM metrics WHERE initiative_id = ?", [initiative_id]).fetchall()]
    counts = {"metrics": len(metric_ids), "actuals": tx.execute(
        "SELECT count(*) FROM metric_actuals WHERE list_contains(?, metric_id)", [metric_ids]).fetchone()[0]}
    tx.execute("DELETE FROM metric_actuals WHERE list_contains(?, metric_id)", [metric_ids])
    tx.execute("DELETE FROM metric_milestones WHERE list_contains(?, metric_id)", [metric_ids])
    tx.execute("DELETE FROM metrics WHERE initiative_id = ?", [initiative_id])
    tx.execute("DELETE FROM initiatives WHERE id = ?", [initiative_id])
    return counts


def restore(store: Store, actor: Actor, snap: Snapshot, *, on_clash: str | None, today: dt.date) -> RestoreResult:
    clashing = clashes(store, snap)
    if clashing and on_clash not in (REPLACE, KEEP_BOTH):
        raise ChoiceNeeded(clashing)

    def work(tx: Transaction) -> RestoreResult:
        empty_log = tx.audit_head[0] == 0
        replaced: dict[str, dict[str, int]] = {}
        ids: dict[str, int] = {}
        restored_names = []
        for r in snap.initiatives:
            name = r["name"]
            existing = tx.execute("SELECT id, name FROM initiatives WHERE lower(name) = lower(?)", [name]).fetchone()
            if existing and on_clash == REPLACE:
                replaced[existing[1]] = _remove_initiative(tx, existing[0])
            elif existing:
                name = _free_name(tx, name, today)
            ids[r["name"].casefold()] = tx.execute(
                f"INSERT INTO initiatives (name, {', '.join(COLUMNS['initiatives'][1:])}) "  # noqa: S608
                f"VALUES ({', '.join('?' * len(COLUMNS['initiatives']))}) RETURNING id",
                [name, *[r[c] for c in COLUMNS["initiatives"][1:]]]).fetchone()[0]
            restored_names.append(name)
        metric_ids = {}
        for r in snap.metrics:
            metric_ids[r["ref"]] = tx.execute(
                "INSERT INTO metrics (initiative_id, department, name, unit, direction, baseline, target, is_savings, "
                "position, archived, version, created_by, created_at, updated_by, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [ids[r["initiative"].casefold()], r["department"], r["name"], r["unit"] or "", r["direction"],
                 r["baseline"], r["target"], r["is_savings"], r["position"], r["archived"], r["version"],
                 r["created_by"], r["created_at"], r["updated_by"], r["updated_at"]]).fetchone()[0]
        if snap.milestones:
            tx.execute("INSERT INTO metric_milestones SELECT unnest(?), unnest(?), unnest(?)",
                       [[metric_ids[r["metric_ref"]] for r in snap.milestones],
                        [r["month_index"] for r in snap.milestones], [r["target"] for r in snap.milestones]])
        if snap.actuals:
            tx.execute("INSERT INTO metric_actuals SELECT unnest(?), unnest(?), unnest(?), unnest(?), unnest(?)",
                       [[metric_ids[r["metric_ref"]] for r in snap.actuals], [r["month_index"] for r in snap.actuals],
                        [r["value"] for r in snap.actuals], [r["entered_by"] for r in snap.actuals],
                        [r["entered_at"] for r in snap.actuals]])
        for r in snap.features:
            tx.execute(f"INSERT INTO features (initiative_id, {', '.join(COLUMNS['features'][1:])}) "  # noqa: S608
                       f"VALUES (?, {', '.join('?' * (len(COLUMNS['features']) - 1))})",
                       [ids[r["initiative"].casefold()], *[r[c] if r[c] is not None or c not in ("effort", "notes")
                                                          else "" for c in COLUMNS["features"][1:]]])
        history = 0
        if empty_log:  # a fresh database: bring the history along, re-chained in this file
            for r in snap.audit:
                tx.audit(action=r["action"], entity=r["entity"], entity_id=r["entity_id"], summary=r["summary"],
                         before=json.loads(r["before_json"]) if r["before_json"] else None,
                         after=json.loads(r["after_json"]) if r["after_json"] else None,
                         initiative_id=ids.get((r["initiative"] or "").casefold()),
                         history=(r["occurred_at"], Actor(r["actor"], Role(r["actor_role"]))))
                history += 1
        mode = REPLACE if replaced else (KEEP_BOTH if clashing else "new")
        tx.audit(action="restore", entity="snapshot", entity_id=snap.sha256[:16], initiative_id=None,
                 summary=f"Restored snapshot '{snap.filename}' ({len(restored_names)} initiatives, {mode})",
                 before={"replaced": replaced} if replaced else None,
                 after={"file": snap.filename, "sha256": snap.sha256, "exported_at": snap.meta.get("exported_at"),
                        "exported_by": snap.meta.get("exported_by"), "initiatives": restored_names,
                        "history_entries": history})
        return RestoreResult(restored_names, len(snap.metrics), len(snap.actuals), history, mode)

    return store.write(actor, Action.RESTORE_SNAPSHOT, work)
