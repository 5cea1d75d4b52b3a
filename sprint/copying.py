"""Moving a workspace between stores (`python -m sprint copy --from A --to B`): a DuckDB file into PostgreSQL
when a sprint outgrows one machine, or back. Every row of every table comes along as it is, the audit log with
its numbers, hashes and seals, and the audit key with it (the key file is copied where the destination looks for
it), so the destination's log verifies as the source's did; the copy itself is the destination's next entry.

The destination must be empty (no initiative and no history); it is written in one transaction, so a failure
leaves it empty. The source is only read."""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sprint import audit, audit_key, sql
from sprint.errors import DatabaseError
from sprint.permissions import Action, Actor
from sprint.store import Store, Transaction, files_path

BATCH = 20_000  # rows per INSERT: a 120,000-value sprint in six statements
# Rows that opening a database writes by itself (the schema's ledger, the workspace's own id): the source's
# replace them, so that join tokens made for the source's workspace still open the copy.
OWN_ROWS = {"access_settings": "name = 'workspace_id'"}
SKIPPED_TABLES = {"schema_migrations"}


@dataclass(frozen=True)
class Copied:
    tables: int
    rows: int
    entries: int  # the audit log's entries, the copy's own included


def copy_workspace(source: Store, target: Store, actor: Actor, *, source_name: str) -> Copied:
    """Copy everything in `source` into the empty `target` (whose audit key must be `source`'s: see
    `share_key`); returns what was copied. Raises DatabaseError, writing nothing, when `target` holds anything."""
    if source.schema_version != target.schema_version:
        raise DatabaseError("The two databases are at different schema steps; open both with this version first.")
    if target.last_change() or target.fetch_one("SELECT count(*) FROM initiatives")[0]:
        raise DatabaseError(f"{target.path} already holds a sprint; copy into an empty database. Nothing was "
                            "written.")
    tables = [t for (t,) in source.fetch_all(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_type = 'BASE TABLE' ORDER BY table_name") if t not in SKIPPED_TABLES]
    with source.reading() as cur:
        head = audit.read_head(cur)

    def work(tx: Transaction) -> int:
        total = 0
        for table in tables:
            total += _copy_table(source, tx, table)
        _advance_sequences(tx)
        tx.continue_chain(head)  # the copied log's head: the copy's own entry follows it
        tx.audit(action="copy", entity="workspace", entity_id=None,
                 summary=f"Copied the whole workspace from {source_name}: {len(tables)} tables, {total:,} rows, "
                         f"audit entries #1-#{head[0]} as they were",
                 after={"from": source_name, "tables": len(tables), "rows": total, "entries": head[0]})
        return total

    rows = target.write(actor, Action.RESTORE_SNAPSHOT, work)
    return Copied(len(tables), rows, head[0] + 1)


def _copy_table(source: Store, tx: Transaction, table: str) -> int:
    types = sql.column_types(tx, table)
    with source.reading() as cur:
        columns = [c for c in sql.column_types(cur, table) if c in types]
        cur.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608 (names from the schema itself)
        if table in OWN_ROWS:
            tx.execute(f"DELETE FROM {table} WHERE {OWN_ROWS[table]}")  # noqa: S608 (constants)
        copied = 0
        while rows := cur.fetchmany(BATCH):
            tx.copy_rows(table, columns, [types[c] for c in columns], [list(c) for c in zip(*rows, strict=True)])
            copied += len(rows)
    return copied


_NEXTVAL = re.compile(r"nextval\('([a-z_]+)'")


def _advance_sequences(tx: Transaction) -> None:
    """Each id sequence past the largest id copied (a fresh database's start at 1), so new rows get new ids."""
    for table, column, default in tx.execute(
            "SELECT table_name, column_name, column_default FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND column_default LIKE 'nextval%'").fetchall():
        sequence = _NEXTVAL.search(default)
        largest = tx.execute(f"SELECT coalesce(max({column}), 0) FROM {table}").fetchone()[0]  # noqa: S608
        if sequence and largest:
            tx.execute(f"SELECT count(nextval('{sequence[1]}')) FROM generate_series(1, ?)",  # noqa: S608
                       [largest]).fetchall()


def share_key(source: Store, target_where: str | Path) -> tuple[Path | None, bool]:
    """Put the source's audit key where the destination will look for it, before the destination is opened
    (a new database would otherwise make a key of its own). Returns where it is (None when the source has none)
    and whether it was put there now (to take back if the copy fails). Refuses a destination that already has
    another key."""
    key = source.seal.path
    there = audit_key.key_path(files_path(target_where))
    if key is None or not key.exists() or there is None:
        return None, False
    if there.exists():
        if there.read_bytes() != key.read_bytes():
            raise DatabaseError(f"{there} holds another audit key: the copied log could not be verified with it. "
                                "Move it away (or copy into a new database). Nothing was written.")
        return there, False
    there.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(key, there)
    there.chmod(0o600)
    return there, True
