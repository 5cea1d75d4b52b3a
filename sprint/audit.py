"""The audit trail: an append-only, hash-chained record of every change.

Each entry's hash covers its own fields and the previous entry's hash, so editing, deleting or reordering
an entry breaks the chain from that point on, and `verify` names the first broken link. Entries are
written by `store.Transaction.audit`, inside the same transaction as the change they describe.

Two things the chain alone can't show are covered outside the table it protects:
- an entry rewritten with a fresh hash, or forged and appended, by someone who can write the file: each entry
  also carries a seal, a keyed MAC made with a secret kept outside the database (sprint.audit_key);
- the newest entries cut off the end: every snapshot records the log's length and newest hash (its anchor),
  and `verify(..., expect=(count, head))` fails when the log no longer holds that hash at that position.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import duckdb

from sprint import sql

if TYPE_CHECKING:
    import pandas as pd

    from sprint.audit_key import Seal
    from sprint.permissions import Actor
    from sprint.store import Store

GENESIS_HASH = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def canonical_json(record: dict[str, Any] | None) -> str | None:
    """The stored (and hashed) form of a before/after record: sorted keys, no spaces, dates as ISO."""
    if record is None:
        return None
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_plain)


def entry_hash(prev_hash: str, seq: int, at: dt.datetime, actor: str, actor_role: str, action: str,
               entity: str, entity_id: str | None, initiative_id: int | None, summary: str,
               before_json: str | None, after_json: str | None) -> str:
    payload = json.dumps(
        [prev_hash, seq, at.isoformat(timespec="microseconds"), actor, actor_role, action, entity,
         entity_id, initiative_id, summary, before_json, after_json],
        separators=(",", ":"), ensure_ascii=False,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def read_head(cur: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """The newest entry's (seq, hash), or (0, GENESIS_HASH) for an empty log."""
    head = cur.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return (int(head[0]), str(head[1])) if head else (0, GENESIS_HASH)


def has_sealed_entries(cur: duckdb.DuckDBPyConnection) -> bool:
    return bool(cur.execute("SELECT EXISTS (SELECT 1 FROM audit_log WHERE mac IS NOT NULL)").fetchone()[0])


def append(cur: duckdb.DuckDBPyConnection, *, head: tuple[int, str], at: dt.datetime, actor: Actor, action: str,
           entity: str, entity_id: str | int | None, initiative_id: int | None, summary: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None, seal: Seal | None = None) -> tuple[int, str]:
    """Add one entry after `head` (the store keeps it, so no write has to scan the log to find it). Must run
    inside the caller's write transaction. Returns the new head."""
    seq, prev_hash = head[0] + 1, head[1]
    entity_key = None if entity_id is None else str(entity_id)
    before_json, after_json = canonical_json(before), canonical_json(after)
    digest = entry_hash(prev_hash, seq, at, actor.name, str(actor.role), action, entity, entity_key,
                        initiative_id, summary, before_json, after_json)
    cur.execute(
        """INSERT INTO audit_log (seq, occurred_at, actor, actor_role, action, entity, entity_id, initiative_id,
                                  summary, before_json, after_json, prev_hash, hash, mac)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
        [seq, at, actor.name, str(actor.role), action, entity, entity_key, initiative_id, summary,
         before_json, after_json, prev_hash, digest, seal.of(digest) if seal else None],
    )
    return seq, digest


# audit_log's columns as append_many fills them (sprint.sql.unnest)
_TYPES = ("BIGINT", "TIMESTAMP", *["VARCHAR"] * 5, "INTEGER", *["VARCHAR"] * 6)


def append_many(cur: duckdb.DuckDBPyConnection, *, head: tuple[int, str], entries: list[dict[str, Any]],
                seal: Seal | None = None) -> tuple[tuple[int, str], list[int]]:
    """Add entries after `head` in one statement, chained exactly as `append` one by one would chain them.
    Each entry: at, actor, action, entity, entity_id, initiative_id, summary, before, after. Returns the new head
    and the entries' numbers."""
    columns: list[list] = [[] for _ in range(14)]
    seq, prev_hash = head
    for e in entries:
        seq += 1
        entity_key = None if e["entity_id"] is None else str(e["entity_id"])
        before_json, after_json = canonical_json(e["before"]), canonical_json(e["after"])
        actor: Actor = e["actor"]
        digest = entry_hash(prev_hash, seq, e["at"], actor.name, str(actor.role), e["action"], e["entity"],
                            entity_key, e["initiative_id"], e["summary"], before_json, after_json)
        for column, value in zip(columns, [seq, e["at"], actor.name, str(actor.role), e["action"], e["entity"],
                                           entity_key, e["initiative_id"], e["summary"], before_json, after_json,
                                           prev_hash, digest, seal.of(digest) if seal else None], strict=True):
            column.append(value)
        prev_hash = digest
    cur.execute("INSERT INTO audit_log (seq, occurred_at, actor, actor_role, action, entity, entity_id, "
                "initiative_id, summary, before_json, after_json, prev_hash, hash, mac) "
                f"SELECT {sql.unnest(_TYPES)}", columns)
    return (seq, prev_hash), columns[0]


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    broken_seq: int | None = None
    reason: str = ""
    head: str = GENESIS_HASH  # the newest entry's hash (when intact)
    unsealed: int = 0  # entries checked by hash only: written before the log was sealed
    lost: int = 0  # entries checked by hash only: sealed with a key declared lost (new-audit-key)
    lost_on: str = ""

    @property
    def anchor(self) -> str:
        """'COUNT:HEAD', to keep and check later with --expect."""
        return f"{self.entries}:{self.head}"

    @property
    def message(self) -> str:
        if not self.ok and self.broken_seq is None:
            return f"Audit chain can't be checked: {self.reason}"
        if not self.ok:
            return f"Audit chain broken at entry #{self.broken_seq}: {self.reason}"
        if self.lost:
            return (f"Audit chain links and hashes correctly ({self.entries} entries), but {self.lost} of them were "
                    f"sealed with a key declared lost on {self.lost_on[:10] or 'an unknown day'}: those are checked "
                    "by hash only, so a rewrite of them before that day would not show. Entries after it are "
                    "sealed and verified.")
        text = f"Audit chain intact: {self.entries} entries verified."
        if self.unsealed:
            text = (f"Audit chain intact: {self.entries} entries verified; {self.unsealed} of them by hash only "
                    "(written before the log was sealed).")
        return text


def parse_anchor(text: str) -> tuple[int, str]:
    """'COUNT:HEAD' as printed by verify-audit (or recorded in a snapshot)."""
    count, _, head = str(text or "").strip().partition(":")
    if not count.isdigit() or len(head) != 64 or any(c not in "0123456789abcdef" for c in head):
        raise ValueError(f"'{text}' is not an audit anchor: expected the entry count, a colon and the 64-character "
                         "hash, as verify-audit prints them (e.g. 120:3f5a...).")
    return int(count), head


_COLUMNS = ("seq, occurred_at, actor, actor_role, action, entity, entity_id, initiative_id, summary, "
            "before_json, after_json, prev_hash, hash, mac")


def verify(store: Store, batch: int = 5000, expect: tuple[int, str] | None = None,
           seal: Seal | None = None) -> Verification:
    """Walk the chain from the first entry; report the first entry that doesn't link, hash or carry its seal.
    `expect` (count, head): an anchor kept outside the database; the log must still hold that head there.
    Seals are checked with the key as it is on disk now (`seal` overrides it): a log with sealed entries and no
    key fails, it is never 'intact'."""
    seal = seal or store.current_seal()
    if seal.missing:
        with store.reading() as cur:
            count = cur.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        return Verification(False, int(count), None, audit_key_missing(seal))
    expected_seq, prev_hash, count, unsealed, lost = 1, GENESIS_HASH, 0, 0, 0
    anchored = None
    with store.reading() as cur:
        cur.execute(f"SELECT {_COLUMNS} FROM audit_log ORDER BY seq")  # noqa: S608 (constant columns)
        while rows := cur.fetchmany(batch):
            for (seq, at, actor, role, action, entity, entity_id, initiative_id, summary,
                 before_json, after_json, stored_prev, stored_hash, mac) in rows:
                if seq != expected_seq:
                    missing = expected_seq if seq > expected_seq else seq
                    return Verification(False, count, missing,
                                        f"entry #{expected_seq} is missing (the next entry is #{seq}).")
                if stored_prev != prev_hash:
                    return Verification(False, count, seq,
                                        "it does not link to the entry before it (reordered or replaced).")
                digest = entry_hash(stored_prev, seq, at, actor, role, action, entity, entity_id,
                                    initiative_id, summary, before_json, after_json)
                if digest != stored_hash:
                    return Verification(False, count, seq,
                                        "its contents were changed after it was written.")
                if seq >= seal.sealed_from:
                    if not seal.matches(stored_hash, mac):
                        return Verification(False, count, seq, "its seal does not match: it was written or rewritten "
                                                               "by something other than this app (or under another "
                                                               "audit key).")
                elif mac is not None and seq <= seal.lost_until:
                    lost += 1
                elif mac is not None:
                    return Verification(False, count, seq, "it carries a seal, but the audit key here seals only from "
                                                           f"entry #{seal.sealed_from}: it was sealed with another "
                                                           "key, which is not here. Put that key back.")
                else:
                    unsealed += 1
                if expect and seq == expect[0]:
                    anchored = stored_hash
                prev_hash, expected_seq, count = stored_hash, seq + 1, count + 1
    if expect:
        want, head = expect
        if count < want:
            cut = want - count
            return Verification(False, count, count + 1,
                                f"the log ends at entry #{count}, but the anchor says it had {want}: the newest "
                                f"{cut} entr{'y was' if cut == 1 else 'ies were'} removed.")
        if anchored != head:
            return Verification(False, count, want, "it is not the entry the anchor recorded: the log was rewritten "
                                                    "from there on.")
    return Verification(True, count, head=prev_hash, unsealed=unsealed, lost=lost, lost_on=seal.lost_on)


def restored_from(store: Store, anchor: tuple[int, str], sha256: str) -> tuple[int, dt.datetime] | None:
    """The entry (number, time) that restored this very snapshot into this database with its history (a move
    to another machine), if there is one: its anchor describes the log it came from, not this one."""
    rows = store.fetch_all("SELECT seq, occurred_at, after_json FROM audit_log WHERE entity = 'snapshot' AND "
                           "action = 'restore' ORDER BY seq")
    for seq, at, after_json in rows:
        try:
            after = json.loads(after_json or "{}")
        except ValueError:
            continue
        if not after.get("history_entries"):
            continue
        if after.get("audit_anchor") == f"{anchor[0]}:{anchor[1]}" or after.get("sha256") == sha256:
            return int(seq), at
    return None


def audit_key_missing(seal: Seal) -> str:
    from sprint.audit_key import missing_message

    return missing_message(seal.path)


def entries(store: Store, *, initiative_id: int | None = None, entity: str | None = None,
            actor: str | None = None, since: dt.date | None = None, until: dt.date | None = None,
            limit: int = 2000) -> pd.DataFrame:
    """Newest first, filtered. Dates are inclusive calendar days (UTC)."""
    clauses, params = [], []
    if initiative_id is not None:
        clauses.append("initiative_id = ?")
        params.append(initiative_id)
    if entity:
        clauses.append("entity = ?")
        params.append(entity)
    if actor:
        clauses.append("actor = ?")
        params.append(actor)
    if since:
        clauses.append("occurred_at >= ?")
        params.append(dt.datetime.combine(since, dt.time.min))
    if until:
        clauses.append("occurred_at < ?")
        params.append(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    params.append(int(limit))
    return store.fetch_df(
        f"""SELECT seq, occurred_at, actor, actor_role, action, entity, entity_id, initiative_id, summary,
                   before_json AS before, after_json AS after
            FROM audit_log {where} ORDER BY seq DESC LIMIT ?""",  # noqa: S608 (clauses are constants)
        params,
    )


def slice_for(cur: duckdb.DuckDBPyConnection, initiative_ids: list[int], *, sprint_wide: bool):
    """The entries of some initiatives, oldest first, with the initiative's name (and, when `sprint_wide`,
    the entries that concern no one initiative). Columns: occurred_at, actor, actor_role, action, entity,
    entity_id, initiative, summary, before_json, after_json. Returns the cursor, to stream with fetchmany."""
    return cur.execute(
        "SELECT a.occurred_at, a.actor, a.actor_role, a.action, a.entity, a.entity_id, i.name, a.summary, "
        "a.before_json, a.after_json FROM audit_log a LEFT JOIN initiatives i ON i.id = a.initiative_id "
        "WHERE a.initiative_id = ANY(?) OR (? AND a.initiative_id IS NULL) ORDER BY a.seq",
        [initiative_ids, sprint_wide])


def distinct_values(store: Store) -> dict[str, list[str]]:
    """The entities and people that appear in the log, for filter menus."""
    return {
        "entity": [r[0] for r in store.fetch_all("SELECT DISTINCT entity FROM audit_log ORDER BY 1")],
        "actor": [r[0] for r in store.fetch_all("SELECT DISTINCT actor FROM audit_log ORDER BY 1")],
    }
