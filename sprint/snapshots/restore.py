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

from sprint import sql
from sprint.errors import SprintError
from sprint.initiatives import NAME_MAX
from sprint.permissions import Action, Actor, Role
from sprint.snapshots.data import CHILD_TABLES, COLUMNS, ROOM
from sprint.snapshots.reader import KINDS, NotASnapshot, Snapshot, read_snapshot
from sprint.snapshots.signature import Provenance
from sprint.snapshots.signature import provenance as signature_provenance
from sprint.store import Store, Transaction

__all__ = ["KEEP_BOTH", "REPLACE", "ChoiceNeeded", "NotASnapshot", "NotMadeHere", "Provenance", "provenance", "RestoreResult", "Snapshot", "clashes",
           "read_snapshot", "restore"]

REPLACE, KEEP_BOTH = "replace", "keep both"


class NotMadeHere(SprintError):
    """The snapshot's signature is not this workspace's: it restores only once the facilitator confirms it."""

    def __init__(self, filename: str, found: Provenance):
        self.provenance = found
        why = ("it carries no signature (exported before snapshots were signed, or not by Production Sprint)"
               if found is Provenance.UNSIGNED else
               "its signature is not this workspace's: it was made in another workspace, or edited after it was "
               "exported")
        super().__init__(f"'{filename}' can't be shown to be made here: {why}. Anything in it may have been "
                         "changed. Restore it only if you trust where it came from: confirm that it was not made "
                         "here, and its history comes in marked as imported and unverified.")


class ChoiceNeeded(SprintError):
    """Initiatives of the same name exist; the person must choose replace or keep both."""

    def __init__(self, names: list[str]):
        self.names = names
        named = ", ".join(repr(n) for n in names[:5]) + (f" and {len(names) - 5:,} more" if len(names) > 5 else "")
        super().__init__(f"This database already has {named}. Choose whether to "
                         "replace them with the snapshot or keep both. Nothing was restored yet.")


@dataclass(frozen=True)
class RestoreResult:
    initiatives: list[str]
    metrics: int
    actuals: int
    history: int
    mode: str
    provenance: Provenance = Provenance.MADE_HERE

    def names(self, shown: int = 5) -> str:
        """The restored initiatives for a message: all of a few, the first few of many ('and 3,606 more')."""
        listed = ", ".join(repr(n) for n in self.initiatives[:shown])
        rest = len(self.initiatives) - shown
        return f"{len(self.initiatives):,} initiatives: {listed} and {rest:,} more" if rest > 0 else listed


def clashes(store: Store, snap: Snapshot) -> list[str]:
    existing = {r[0].casefold(): r[0] for r in store.fetch_all("SELECT name FROM initiatives")}
    return [existing[r["name"].casefold()] for r in snap.initiatives if r["name"].casefold() in existing]


def _free_name(tx: Transaction, name: str, today: dt.date, also_taken: set[str] = frozenset()) -> str:
    taken = {r[0].casefold() for r in tx.execute("SELECT name FROM initiatives").fetchall()} | also_taken
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
        if table == ROOM:
            tx.execute("DELETE FROM room_answers WHERE question_id IN "
                       "(SELECT id FROM room_questions WHERE initiative_id = ?)", [initiative_id])
            tx.execute("DELETE FROM room_questions WHERE initiative_id = ?", [initiative_id])
            continue
        tx.execute(f"DELETE FROM {table} WHERE initiative_id = ?", [initiative_id])  # noqa: S608 (constants)
    metric_ids = [r[0] for r in tx.execute("SELECT id FROM metrics WHERE initiative_id = ?", [initiative_id]).fetchall()]
    counts = {"metrics": len(metric_ids), "actuals": tx.execute(
        "SELECT count(*) FROM metric_actuals WHERE metric_id = ANY(?)", [metric_ids]).fetchone()[0]}
    tx.execute("DELETE FROM metric_actuals WHERE metric_id = ANY(?)", [metric_ids])
    tx.execute("DELETE FROM metric_milestones WHERE metric_id = ANY(?)", [metric_ids])
    tx.execute("DELETE FROM metrics WHERE initiative_id = ?", [initiative_id])
    tx.execute("DELETE FROM initiatives WHERE id = ?", [initiative_id])
    return counts


def _allocate(tx: Transaction, sequence: str, count: int) -> list[int]:
    """`count` new ids from a table's own sequence, in order (as one insert at a time would have taken them)."""
    if not count:
        return []
    return [r[0] for r in tx.execute(f"SELECT nextval('{sequence}') FROM generate_series(1, ?) ORDER BY 1",  # noqa: S608
                                      [count]).fetchall()]


def _insert_columns(tx: Transaction, table: str, columns: list[str], values: list[list]) -> None:
    """One INSERT for a whole table: each column's values as one list parameter, unnested side by side.
    (`table` and `columns` are this module's constants; every value is a parameter.)"""
    if not values or not values[0]:
        return
    types = sql.column_types(tx, table)
    tx.execute(f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
               f"SELECT {sql.unnest([types[c] for c in columns])}", values)


def _restore_room(tx: Transaction, rows: list[dict], ids: dict[str, int]) -> None:
    """The room's questions (one per distinct question in the rows, each a new id) and their answers."""
    keys = [(r["initiative"].casefold(), r["kind"], r["subject"] or "", r["opened_at"], r["opened_by"]) for r in rows]
    questions: dict[tuple, dict] = {}  # the first row of each question holds its fields
    for key, r in zip(keys, rows, strict=True):
        questions.setdefault(key, r)
    new_ids = dict(zip(questions, _allocate(tx, "room_question_id_seq", len(questions)), strict=True))
    firsts = list(questions.values())
    _insert_columns(tx, "room_questions", ["id", "initiative_id", "kind", "status", "opened_by", "opened_at",
                                           "ended_by", "ended_at", "subject"], [
        list(new_ids.values()), [ids[k[0]] for k in questions],
        *[[r[c] for r in firsts] for c in ("kind", "status", "opened_by", "opened_at", "ended_by", "ended_at")],
        [r["subject"] or "" for r in firsts]])
    answered = [(new_ids[k], r) for k, r in zip(keys, rows, strict=True) if r["person"]]
    _insert_columns(tx, "room_answers", ["question_id", "person", "answer", "hidden", "answered_at"], [
        [q for q, _ in answered], *[[r[c] for _, r in answered] for c in ("person", "answer")],
        [bool(r["hidden"]) for _, r in answered], [r["answered_at"] for _, r in answered]])


def provenance(store: Store, snap: Snapshot) -> Provenance:
    """Whether this workspace's key signed the snapshot (made here, unaltered), or not."""
    return signature_provenance(store.current_seal(), snap.meta)


UNVERIFIED = "unverified"


def _history_entry(r: dict, ids: dict[str, int], trusted: bool, filename: str) -> dict:
    """One entry of the snapshot's history, as the log here records it: as it was (a snapshot made here), or
    marked as imported and unverified (its person and its words are the file's claim, not this log's)."""
    summary, who = r["summary"], r["actor"]
    if not trusted:
        summary = f"[Imported from '{filename}', unverified] {summary}"
        who = f"{who} ({UNVERIFIED})"
    return dict(action=r["action"], entity=r["entity"], entity_id=r["entity_id"], summary=summary,
                before=json.loads(r["before_json"]) if r["before_json"] else None,
                after=json.loads(r["after_json"]) if r["after_json"] else None,
                initiative_id=ids.get((r["initiative"] or "").casefold()),
                history=(r["occurred_at"], Actor(who, Role(r["actor_role"]))))


def restore(store: Store, actor: Actor, snap: Snapshot, *, on_clash: str | None, today: dt.date,
            not_made_here: bool = False) -> RestoreResult:
    """`not_made_here`: the facilitator confirmed restoring a snapshot whose signature is not this
    workspace's (without it such a snapshot raises NotMadeHere and nothing is written)."""
    origin = provenance(store, snap)
    trusted = origin is Provenance.MADE_HERE
    if not trusted and not not_made_here:
        raise NotMadeHere(snap.filename, origin)
    clashing = clashes(store, snap)
    if clashing and on_clash not in (REPLACE, KEEP_BOTH):
        raise ChoiceNeeded(clashing)

    def work(tx: Transaction) -> RestoreResult:
        # Everything is written a table at a time (a 3,600-initiative portfolio is a few dozen statements, not
        # 11,000); only clashing names, which need a choice each, are handled one by one.
        empty_log = tx.audit_head[0] == 0
        replaced: dict[str, dict[str, int]] = {}
        existing = {name.casefold(): (i, name) for i, name in tx.execute("SELECT id, name FROM initiatives").fetchall()}
        restored_names = []
        in_snapshot = {r["name"].casefold() for r in snap.initiatives}
        for r in snap.initiatives:
            name, found = r["name"], existing.get(r["name"].casefold())
            if found and on_clash == REPLACE:
                replaced[found[1]] = _remove_initiative(tx, found[0])
            elif found:  # a name free in the database and among the snapshot's own names
                name = _free_name(tx, name, today, in_snapshot | {n.casefold() for n in restored_names})
            restored_names.append(name)
        new_ids = _allocate(tx, "initiative_id_seq", len(snap.initiatives))
        ids = {r["name"].casefold(): i for r, i in zip(snap.initiatives, new_ids, strict=True)}
        columns = COLUMNS["initiatives"][1:]
        _insert_columns(tx, "initiatives", ["id", "name", *columns], [
            new_ids, restored_names, *[[_stored(r[c], KINDS["initiatives"][c]) for r in snap.initiatives]
                                       for c in columns]])
        metric_ids = dict(zip([r["ref"] for r in snap.metrics], _allocate(tx, "metric_id_seq", len(snap.metrics)),
                              strict=True))
        metric_columns = ["department", "name", "unit", "direction", "baseline", "target", "is_savings", "position",
                          "archived", "version", "created_by", "created_at", "updated_by", "updated_at"]
        _insert_columns(tx, "metrics", ["id", "initiative_id", *metric_columns], [
            [metric_ids[r["ref"]] for r in snap.metrics], [ids[r["initiative"].casefold()] for r in snap.metrics],
            *[[(r[c] or "") if c == "unit" else r[c] for r in snap.metrics] for c in metric_columns]])
        _insert_columns(tx, "metric_milestones", ["metric_id", "month_index", "target"], [
            [metric_ids[r["metric_ref"]] for r in snap.milestones], [r["month_index"] for r in snap.milestones],
            [r["target"] for r in snap.milestones]])
        _insert_columns(tx, "metric_actuals", ["metric_id", "month_index", "value", "entered_by", "entered_at"], [
            [metric_ids[r["metric_ref"]] for r in snap.actuals], [r["month_index"] for r in snap.actuals],
            [r["value"] for r in snap.actuals], [r["entered_by"] for r in snap.actuals],
            [r["entered_at"] for r in snap.actuals]])
        feature_columns = COLUMNS["features"][1:]
        _insert_columns(tx, "features", ["initiative_id", *feature_columns], [
            [ids[r["initiative"].casefold()] for r in snap.features],
            *[[r[c] if r[c] is not None or c not in ("effort", "notes") else "" for r in snap.features]
              for c in feature_columns]])
        for table, rows in snap.children.items():
            if table == ROOM:
                _restore_room(tx, rows, ids)
                continue
            spec = CHILD_TABLES[table][1]
            _insert_columns(tx, table, ["initiative_id", *(c for c, _ in spec)], [
                [ids[r["initiative"].casefold()] for r in rows], *[[_stored(r[c], kind) for r in rows]
                                                                   for c, kind in spec]])
        for r in snap.org_figures:  # the organisation's own figures: kept where this database already has one
            tx.execute(sql.insert_new("org_figures", ("name",), ("name", "value", "updated_by", "updated_at")),
                       [r["name"], r["value"], r["updated_by"], r["updated_at"]])
        history = 0
        if empty_log:  # a fresh database: bring the history along, re-chained in this file
            tx.audit_many([_history_entry(r, ids, trusted, snap.filename) for r in snap.audit])
            history = len(snap.audit)
        mode = REPLACE if replaced else (KEEP_BOTH if clashing else "new")
        unverified = "" if trusted else f"; {origin}, restored on the facilitator's word: not verified"
        tx.audit(action="restore", entity="snapshot", entity_id=snap.sha256[:16], initiative_id=None,
                 summary=f"Restored snapshot '{snap.filename}' ({len(restored_names)} initiatives, {mode}"
                         f"{unverified})",
                 before={"replaced": replaced} if replaced else None,
                 after={"file": snap.filename, "sha256": snap.sha256, "exported_at": snap.meta.get("exported_at"),
                        "exported_by": snap.meta.get("exported_by"), "initiatives": restored_names,
                        "history_entries": history, "audit_anchor": snap.meta.get("audit_anchor", ""),
                        "workspace": snap.meta.get("workspace", ""), "provenance": str(origin),
                        **({"confirmed_not_made_here": True} if not trusted else {})})
        return RestoreResult(restored_names, len(snap.metrics), len(snap.actuals), history, mode, origin)

    return store.write(actor, Action.RESTORE_SNAPSHOT, work)
