"""The store: a DuckDB file (one connection per process, a cursor per unit of work), or a PostgreSQL database
(sprint.postgres: pooled connections behaving as those cursors). One write path for both.

Every change goes through `Store.write(actor, action, work)`, which
1. checks the actor may perform the action (permissions live here, not in the screens),
2. runs `work(tx)` in one transaction, serialised with the other writes (in this process by a lock; on
   PostgreSQL across processes by an advisory lock, after which the audit chain's head is read afresh),
3. requires `work` to record at least one audit entry in that same transaction,
4. retries a write conflict a few times, and turns any database error into a message a person can act on
   (sprint.store_errors). If anything fails, nothing of the change is kept.

Reads run concurrently on their own cursors. DuckDB lets one process open a file for writing; a second
process (the CLI while the app runs) gets a clear "in use" message. PostgreSQL takes any number of processes,
each told of the others' commits (LISTEN/NOTIFY).
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import duckdb

from sprint import audit, audit_key, config, postgres, sql, store_errors, text_limits
from sprint.dates import now_utc
from sprint.errors import DatabaseError
from sprint.permissions import Action, Actor, require
from sprint.schema import migrations

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

T = TypeVar("T")
_log = logging.getLogger(__name__)
MAX_ATTEMPTS = 6
_WRITES = re.compile(r"^\s*(?:INSERT(?:\s+OR\s+\w+)?\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.I)
_OTHER_WRITES = re.compile(r"^\s*(?:INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|COPY|TRUNCATE|MERGE|WITH)\b", re.I)
EVERYTHING = "*"


class Transaction:
    """What a unit of work sees: parameterised SQL on its own cursor, and the audit record."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, actor: Actor, now: dt.datetime,
                 audit_head: tuple[int, str], seal: audit_key.Seal | None = None):
        self._cursor = cursor
        self._seal = seal
        self.actor = actor
        self.now = now
        self.audit_head = audit_head
        self.audit_entries: list[int] = []
        self.declared_unchanged = False
        self.tables_written: set[str] = set()  # for caches that only care about some tables

    def nothing_changed(self) -> None:
        """Declare that this unit of work wrote nothing (so it needs no audit entry)."""
        self.declared_unchanged = True

    def execute(self, sql: str, params: Sequence[Any] | dict[str, Any] | None = None):
        self._note_write(sql)
        text_limits.check_parameters(params)
        return self._cursor.execute(sql, params) if params is not None else self._cursor.execute(sql)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]):
        self._note_write(sql)
        for row in rows:
            text_limits.check_parameters(row)
        return self._cursor.executemany(sql, rows)

    def _note_write(self, sql: str) -> None:
        match = _WRITES.match(sql)
        if match:
            self.tables_written.add(match.group(1).lower())
        elif _OTHER_WRITES.match(sql):
            self.tables_written.add(EVERYTHING)  # a statement we can't place: every table counts as changed

    def complete(self) -> None:
        """Finish reading the last statement's result (DuckDB 2.0 wants that before a registration)."""
        self._cursor.complete()

    def register(self, name: str, frame: pd.DataFrame) -> None:
        """Expose a DataFrame to SQL for bulk INSERT ... SELECT (DuckDB's fast path). DuckDB 2.0 refuses a
        registration while an earlier statement's result is still open, so that result is completed first."""
        self._cursor.complete()
        self._cursor.register(name, frame)

    def unregister(self, name: str) -> None:
        self._cursor.complete()
        self._cursor.unregister(name)

    def copy_rows(self, table: str, columns: Sequence[str], types: Sequence[str], values: list[list]) -> None:
        """Rows copied as they are from another store of this workspace (sprint.copying), each column's values
        as one list: their texts were checked when first written, and an audit record may be longer than a
        field. `table`, `columns` and `types` come from the schema itself."""
        self._note_write(f"INSERT INTO {table}")
        self._cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608
                             f"SELECT {sql.unnest(types)}", values)

    def continue_chain(self, head: tuple[int, str]) -> None:
        """The audit log's rows were copied in (sprint.copying): the next entry follows their head."""
        self.audit_head = head

    def audit_many(self, entries: Sequence[dict[str, Any]]) -> None:
        """Record many entries (each the keyword arguments of `audit`) in one statement: a restore brings
        thousands of history entries along."""
        if not entries:
            return
        self.audit_head, seqs = audit.append_many(self._cursor, head=self.audit_head, entries=[
            {**e, "at": e["history"][0] if e.get("history") else self.now,
             "actor": e["history"][1] if e.get("history") else self.actor} for e in entries], seal=self._seal)
        self.audit_entries.extend(seqs)

    def audit(self, *, action: str, entity: str, entity_id: str | int | None, summary: str,
              before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
              initiative_id: int | None = None, history: tuple[dt.datetime, Actor] | None = None) -> int:
        """Record an entry in this transaction. `history` (when, who) is only for restoring the entries of a
        snapshot, which keep their original time and person."""
        at, actor = history if history else (self.now, self.actor)
        self.audit_head = audit.append(self._cursor, head=self.audit_head, at=at, actor=actor,
                                       action=action, entity=entity, entity_id=entity_id,
                                       initiative_id=initiative_id, summary=summary, before=before, after=after,
                                       seal=self._seal)
        self.audit_entries.append(self.audit_head[0])
        return self.audit_head[0]


def files_path(where: str | Path) -> Path:
    """The path beside which a database's audit key and join secret live (unless configured elsewhere): the
    DuckDB file itself, or for PostgreSQL a name in data/ made of its host, port and database."""
    if postgres.is_address(where):
        return config.SIDE_FILES_DIR / f"postgresql-{postgres.label(postgres.url_of(where))}"
    return Path(where)


# All writers to one PostgreSQL database take this transaction-scoped advisory lock first: the audit chain stays
# one unbroken sequence across processes (DuckDB needs none: one process writes its file).
WRITE_LOCK_KEY = 7_357_001


class Store:
    def __init__(self, path: str | Path):
        self._pool = None
        if postgres.is_address(path):
            self._open_postgres(postgres.url_of(path))
            return
        self.path = Path(path) if str(path) != ":memory:" else Path(":memory:")
        if str(self.path) != ":memory:":
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"Can't create the folder for the database {self.path}: {exc}") from exc
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.Error as exc:
            raise DatabaseError(store_errors.describe_open_error(self.path, exc)) from exc
        self._start()

    def _open_postgres(self, url: str) -> None:
        """PostgreSQL at `url` (sprint.postgres). The audit key and join secret files live in data/ under the
        database's name (or where SPRINT_AUDIT_KEY_FILE and SPRINT_SECRET say: every replica needs the same)."""
        self.url = url
        self.path = files_path(url)
        try:
            self._pool = postgres.open_pool(url)
        except Exception as exc:  # noqa: BLE001 (psycopg's errors and the pool's timeout alike)
            detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise DatabaseError(f"Could not reach the PostgreSQL database {postgres.label(url)}: {detail}") from exc
        self._con = None
        self._start()
        self._changes = postgres.Changes(url, self._token, self._tell_listeners)

    @property
    def on_postgres(self) -> bool:
        return self._pool is not None

    def _start(self) -> None:
        self._token = secrets.token_hex(8)  # this store object's name in change notices (PostgreSQL)
        self._write_lock = threading.Lock()
        # The audit chain's newest (seq, hash), known to this process: only this process can write the file
        # (DuckDB's lock), and it changes only on commit, under the write lock.
        self._audit_head: tuple[int, str] | None = None
        self._commits = 0
        self._table_change: dict[str, int] = {}  # table -> the number of the last commit that wrote it
        self._listeners: list[Callable[[], None]] = []  # told after each commit (outside the write lock)
        try:
            with self.reading() as cur:
                if self.on_postgres:  # two processes starting at once upgrade one after the other
                    cur.execute("SELECT pg_advisory_lock(?)", [WRITE_LOCK_KEY])
                self.schema_version_found = migrations.current_version(cur)
                self.schema_version = migrations.upgrade(cur, where=str(self.path), postgres=self.on_postgres)
                if self.on_postgres:
                    cur.execute("SELECT pg_advisory_unlock(?)", [WRITE_LOCK_KEY])
                self.seal = audit_key.load_or_create(audit_key.key_path(self.path), audit.read_head(cur)[0] + 1,
                                                     sealed_entries=audit.has_sealed_entries(cur))
        except Exception:
            self.close()
            raise

    # -- lifecycle -------------------------------------------------------------------------------------
    def close(self) -> None:
        if self._pool is not None:
            if hasattr(self, "_changes"):
                self._changes.close()
            self._pool.close()
        else:
            self._con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reads -----------------------------------------------------------------------------------------
    @contextmanager
    def reading(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor of its own for one unit of read work (cursors are safe across threads; on PostgreSQL, a
        connection of the pool's)."""
        cur = postgres.Cursor(self._pool, self._pool.getconn()) if self._pool is not None else self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def fetch_all(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        with self.reading() as cur:
            return cur.execute(sql, params or []).fetchall()

    def fetch_one(self, sql: str, params: Sequence[Any] | None = None) -> tuple | None:
        with self.reading() as cur:
            return cur.execute(sql, params or []).fetchone()

    def fetch_df(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        with self.reading() as cur:
            return cur.execute(sql, params or []).df()

    def last_change(self) -> int:
        """A cheap value that changes whenever anything is written (the newest audit entry). On PostgreSQL other
        processes write too: read from the database, and kept until a commit here or a notice from another
        process says it moved (postgres.Changes)."""
        if self.on_postgres:
            return self._changes.value(self._read_last_change)
        if self._audit_head is not None:
            return self._audit_head[0]
        return self._read_last_change()

    def _read_last_change(self) -> int:
        row = self.fetch_one("SELECT coalesce(max(seq), 0) FROM audit_log")
        return int(row[0]) if row else 0

    def changed(self, table: str) -> int:
        """A cheap value that changes whenever `table` is written (in this process, the only writer): for
        caches of one table's rows, which other writes need not throw away. On PostgreSQL, where other processes
        write too, any change counts (last_change)."""
        if self.on_postgres:
            return self.last_change()
        return max(self._table_change.get(table, 0), self._table_change.get(EVERYTHING, 0))

    def current_seal(self) -> audit_key.Seal:
        """The audit key as it is on disk now (a running app notices a key file removed or replaced since it
        opened the database); a `missing` seal when it is gone and the log has sealed entries."""
        if self.seal.path is None:
            return self.seal
        found = audit_key.load(self.seal.path)
        if found is not None:
            return found
        with self.reading() as cur:
            sealed = audit.has_sealed_entries(cur)
        return self.seal if not sealed and not self.seal.missing else audit_key.Seal(
            b"", self.seal.sealed_from, self.seal.path, missing=True)

    def _check_seal(self) -> None:
        """Refuse a change that couldn't be sealed: the key file is gone (put back, the next change goes
        through without a restart)."""
        if self.seal.path is None:
            return
        if self.seal.missing or not self.seal.path.exists():
            now = self.current_seal()
            if now.missing:
                raise audit_key.KeyMissing(audit_key.missing_message(self.seal.path))
            self.seal = now

    def declare_key_lost(self, actor: Actor) -> int:
        """Start a new audit key for a log whose key is lost for good (`new-audit-key`), and record it in the log
        (the first entry the new key seals). Returns the entry's number."""
        if self.seal.path is None or not self.seal.missing:
            raise DatabaseError("The audit key is here; there is nothing to replace. Nothing was changed.")
        with self.reading() as cur:
            head = audit.read_head(cur)[0]
        self.seal = audit_key.replace_lost(self.seal.path, head + 1)

        def work(tx: Transaction) -> int:
            return tx.audit(action="replace key", entity="audit key", entity_id=str(self.seal.path),
                            summary=f"The audit key was declared lost: entries #1-#{head} were sealed with it and "
                                    "can now be checked by hash only; a new key seals from this entry on",
                            after={"sealed_until": head, "key_file": str(self.seal.path)})

        return self.write(actor, Action.MANAGE_PEOPLE, work)

    # -- the one write path ------------------------------------------------------------------------------
    def write(self, actor: Actor, action: Action, work: Callable[[Transaction], T], *,
              department: str | None = None, departments: Sequence[str] = ()) -> T:
        """`department` names the one department a scoped action touches; `departments` every one of them
        when a change spans several (an import), each checked."""
        if department is not None or not departments:
            require(actor, action, department)
        for other in departments:
            require(actor, action, other)
        self._check_seal()
        for attempt in range(1, MAX_ATTEMPTS + 1):
            with self._write_lock, self.reading() as cur:
                cur.execute("BEGIN TRANSACTION")
                if self.on_postgres:  # other processes append too: wait for the chain, then read its head
                    cur.execute("SELECT pg_advisory_xact_lock(?)", [WRITE_LOCK_KEY])
                    self._audit_head = audit.read_head(cur)
                elif self._audit_head is None:
                    self._audit_head = audit.read_head(cur)
                tx = Transaction(cur, actor, now_utc(), self._audit_head, self.seal)
                try:
                    result = work(tx)
                    if not tx.audit_entries and not tx.declared_unchanged:
                        raise RuntimeError("a write must record its audit entry in the same transaction")
                    if self.on_postgres and tx.audit_entries:  # delivered to the other processes on commit
                        cur.execute("SELECT pg_notify(?, ?)", [postgres.CHANGES_CHANNEL, self._token])
                    cur.execute("COMMIT")
                    self._audit_head = tx.audit_head
                    if self.on_postgres:
                        self._changes.forget()
                    self._commits += 1
                    for table in tx.tables_written:
                        self._table_change[table] = self._commits
                    break
                except store_errors.DATABASE_ERRORS as exc:
                    store_errors.rollback(cur)
                    kind = store_errors.kind(exc)
                    if kind == "disk":
                        raise DatabaseError(store_errors.disk_message(self.path, exc)) from exc
                    if kind == "constraint":
                        what = ("clashes with a record that already exists" if "duplicate key" in str(exc).lower()
                                else "breaks a rule of the database")
                        raise DatabaseError(f"The change {what} ({exc}). Nothing was saved.") from exc
                    if kind != "conflict":
                        raise DatabaseError(f"The database refused the change: {exc}. Nothing was saved.") from exc
                    if attempt == MAX_ATTEMPTS:  # a clash: the whole unit is tried again, a few times
                        raise DatabaseError(
                            "The change could not be saved because the same records were being changed "
                            "at the same moment, several times over. Nothing was saved; please try again."
                        ) from exc
                except BaseException:
                    store_errors.rollback(cur)
                    raise
            time.sleep(0.005 * attempt)  # back off outside the lock, then try the whole unit again
        else:
            raise AssertionError("unreachable")
        self._tell_listeners()
        return result

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener()` after every committed write in this process (e.g. to wake the screens that show
        the data). Called outside the write lock; a listener that fails is left out of the write's outcome."""
        self._listeners.append(listener)

    def _tell_listeners(self) -> None:
        for listener in list(self._listeners):
            try:
                listener()
            except Exception:  # the change is saved: a screen that can't be woken polls on its own
                _log.exception("a change listener failed")
