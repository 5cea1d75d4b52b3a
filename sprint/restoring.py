"""Restore an Excel snapshot: read its hidden data sheets, check every field, then rebuild the sprint in
one audited transaction (all or nothing).

- Into an empty database the snapshot's audit history comes along (re-chained, with its original times
  and people) so moving machines loses nothing.
- If an initiative of the same name exists, the person chooses: replace it, or keep both (the restored
  copy is renamed). Without a choice nothing is written.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sprint.errors import SprintError
from sprint.exporting.data import CHILD_TABLES, COLUMNS
from sprint.initiatives import NAME_MAX
from sprint.permissions import Action, Actor, Role
from sprint.snapshot_reader import KINDS, NotASnapshot, Snapshot, read_snapshot
from sprint.store import Store, Transaction

__all__ = ["KEEP_BOTH", "REPLACE", "ChoiceNeeded", "NotASnapshot", "RestoreResult", "Snapshot", "clashes",
           "read_snapshot", "restore"]

REPLACE, KEEP_BOTH = "replace", "keep both"


class ChoiceNeeded(SprintError):
    """Initiatives of the same name exist; the person must choose replace or keep both."""

    def __init__(self, names: list[str]):
        self.names = names
        super().__init__(f"This database already has {', '.join(repr(n) for n in names)}. Choose whether to "
                         "replace them with the snapshot or keep both. Nothing was restored yet.")


@dataclass(frozen=True)
class RestoreResult:
    initiatives: list[str]
    metrics: int
    actuals: int
    history: int
    mode: str


def clashes(store: Store, snap: Snapshot) -> list[str]:
    existing = {r[0].casefold(): r[0] for r in store.fetch_all("SELECT name FROM initiatives")}
    return [existing[r["name"].casefold()] for r in snap.initiatives if r["name"].casefold() in existing]


def _free_name(tx: Transaction, name: str, today: dt.date) -> str:
    taken = {r[0].casefold() for r in tx.execute("SELECT name FROM initiatives").fetchall()}
    candidate, n = f"{name} (restored {today.isoformat()})", 2
    while candidate.casefold() in taken:
        candidate, n = f"{name} (restored {today.isoformat()}, {n})", n + 1
    return candidate[:NAME_MAX]


def _stored(value: object, kind: str) -> object:
    """Optional text comes back as '' (the tables' default), other missing values as NULL."""
    return "" if value is None and kind == "text?" else value


def _remove_initiative(tx: Transaction, initiative_id: int) -> dict[str, int]:
    tx.execute("DELETE FROM features WHERE initiative_id = ?", [initiative_id])
    for table in CHILD_TABLES:
        tx.execute(f"DELETE FROM {table} WHERE initiative_id = ?", [initiative_id])  # noqa: S608 (constants)
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
                [name, *[_stored(r[c], KINDS["initiatives"][c]) for c in COLUMNS["initiatives"][1:]]]).fetchone()[0]
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
        for table, rows in snap.children.items():
            columns = [c for c, _ in CHILD_TABLES[table][1]]
            for r in rows:
                tx.execute(f"INSERT INTO {table} (initiative_id, {', '.join(columns)}) "  # noqa: S608 (constants)
                           f"VALUES (?, {', '.join('?' * len(columns))})",
                           [ids[r["initiative"].casefold()], *[_stored(r[c], kind) for c, kind in
                                                               CHILD_TABLES[table][1]]])
        for r in snap.org_figures:  # the organisation's own figures: kept where this database already has one
            tx.execute("INSERT OR IGNORE INTO org_figures VALUES (?, ?, ?, ?)",
                       [r["name"], r["value"], r["updated_by"], r["updated_at"]])
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
