"""PostgreSQL under the store (sprint.store): connections from a pool, each handed out as a cursor that speaks
as DuckDB's does, so the store and the step modules keep one spelling of their SQL (sprint.sql).

- `?` parameters become psycopg's `%s` (outside quoted text), and a `%` in the text is doubled;
- `execute` returns the cursor, which fetches rows as tuples, or a DataFrame with `df()`;
- `register(name, frame)` (DuckDB's way to read a DataFrame in SQL) becomes a temporary table filled by COPY.
Every connection runs in autocommit mode: the store opens and ends its transactions itself (BEGIN, COMMIT)."""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import pandas as pd

SCHEMES = ("postgresql://", "postgres://")
CHANGES_CHANNEL = "sprint_changes"  # each committed write NOTIFYs it, naming the store that wrote (its token)
SEEN_FOR = 2.0  # seconds a change value read from the database is trusted without a notice
_log = logging.getLogger(__name__)
_QUOTED_OR_MARK = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|\?|%")


class Address:
    """A PostgreSQL database named where a DuckDB file's path would be (`--db postgresql://...`): it reads as
    its host, port and database (never the password) in messages."""

    def __init__(self, url: str):
        self.url = url

    def exists(self) -> bool:
        return True  # the server says otherwise when the store connects

    def __str__(self) -> str:
        return f"PostgreSQL {label(self.url)}"

    def __repr__(self) -> str:
        return f"Address({str(self)!r})"


def is_address(where: object) -> bool:
    return isinstance(where, Address) or str(where).startswith(SCHEMES)


def url_of(where: object) -> str:
    return where.url if isinstance(where, Address) else str(where)


def label(url: str) -> str:
    """The address without its password, for messages and file names: host-port-database."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}-{parts.port or 5432}-{parts.path.lstrip('/') or 'postgres'}"


def psycopg_sql(sql: str) -> str:
    """`?` -> `%s` and `%` -> `%%`, leaving quoted text's question marks alone."""
    return _QUOTED_OR_MARK.sub(lambda m: "%s" if m[0] == "?" else "%%" if m[0] == "%" else m[0].replace("%", "%%"),
                               sql)


class Cursor:
    """One pooled connection, used as DuckDB's cursor is; `close()` gives the connection back."""

    def __init__(self, pool, connection):
        self._pool, self._connection = pool, connection
        self._cursor = connection.cursor()

    # -- statements --------------------------------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> Cursor:
        if params is None:  # psycopg reads % and placeholders only when given parameters
            self._cursor.execute(sql)
        else:
            self._cursor.execute(psycopg_sql(sql), list(params))
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> Cursor:
        self._cursor.executemany(psycopg_sql(sql), [list(r) for r in rows])
        return self

    def fetchall(self) -> list[tuple]:
        return self._cursor.fetchall() if self._cursor.description else []

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self._cursor.description else None

    def fetchmany(self, size: int) -> list[tuple]:
        return self._cursor.fetchmany(size) if self._cursor.description else []

    @property
    def description(self):
        return self._cursor.description

    def df(self) -> pd.DataFrame:
        import pandas as pd

        columns = [c.name for c in self._cursor.description or []]
        return pd.DataFrame(self.fetchall(), columns=columns)

    def complete(self) -> None:
        """DuckDB wants an open result finished before a registration; psycopg has nothing to finish."""

    # -- DataFrames read in SQL ---------------------------------------------------------------------------
    def register(self, name: str, frame: pd.DataFrame) -> None:
        """`frame` as a temporary table `name` (this connection only), for INSERT ... SELECT in bulk."""
        columns = ", ".join(f'"{c}" {_column_type(frame[c])}' for c in frame.columns)
        self._cursor.execute(f'CREATE TEMPORARY TABLE "{name}" ({columns})')
        with self._cursor.copy(f'COPY "{name}" FROM STDIN') as copy:
            for row in frame.itertuples(index=False, name=None):
                copy.write_row([None if _missing(v) else v for v in row])

    def unregister(self, name: str) -> None:
        self._cursor.execute(f'DROP TABLE IF EXISTS "{name}"')

    def close(self) -> None:
        try:
            self._cursor.close()
        finally:
            self._pool.putconn(self._connection)


def _missing(value: object) -> bool:
    try:
        return value is None or value != value  # NaN, NaT, pd.NA
    except TypeError:  # pd.NA compares to nothing
        return True


def _column_type(column: pd.Series) -> str:
    import pandas as pd

    kind = column.dtype
    if pd.api.types.is_bool_dtype(kind):
        return "BOOLEAN"
    if pd.api.types.is_integer_dtype(kind):
        return "BIGINT"
    if pd.api.types.is_float_dtype(kind):
        return "DOUBLE PRECISION"
    if pd.api.types.is_datetime64_any_dtype(kind):
        return "TIMESTAMP"
    return "VARCHAR"


def open_pool(url: str, size: int = 8):
    """A pool of autocommit connections to `url`, opened and checked (raises psycopg.OperationalError)."""
    from psycopg.types.string import StrDumper
    from psycopg_pool import ConnectionPool

    def configure(connection) -> None:
        # Python text as `text`, not psycopg's default `unknown`: a list parameter is then a text[] that
        # unnest and = ANY can read, as DuckDB reads a list of strings.
        connection.adapters.register_dumper(str, StrDumper)

    pool = ConnectionPool(url, min_size=1, max_size=size, kwargs={"autocommit": True}, configure=configure,
                          open=False, name="sprint")
    pool.open(wait=True, timeout=30)
    return pool


class Changes:
    """What the other processes on one database commit, for one store: each of their writes NOTIFYs, and this
    tells the store's listeners (`tell`) as one of its own commits would, so a presenter here shows a phone's save
    made through another replica within a second or so. It also keeps the store's change value: read from the
    database once, then trusted until a notice (or this store's own commit) says it moved, and at most SEEN_FOR
    seconds should a notice ever go missing, instead of a query each time a page asks."""

    def __init__(self, url: str, token: str, tell: Callable[[], None]):
        self._url, self._token, self._tell = url, token, tell
        self._closed = threading.Event()
        self._seen: tuple[int, float] | None = None  # (value, when read)
        self._generation = 0  # notices so far: a value read across one is not kept
        threading.Thread(target=self._listen, name="sprint-changes", daemon=True).start()

    def value(self, read: Callable[[], int]) -> int:
        generation, seen = self._generation, self._seen
        if seen is not None and time.monotonic() - seen[1] < SEEN_FOR:
            return seen[0]
        found = read()
        if generation == self._generation:  # no change announced while it was read
            self._seen = (found, time.monotonic())
        return found

    def forget(self) -> None:
        self._generation += 1
        self._seen = None

    def close(self) -> None:
        self._closed.set()

    def _listen(self) -> None:
        import psycopg

        while not self._closed.is_set():
            try:
                with psycopg.connect(self._url, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANGES_CHANNEL}")
                    self.forget()  # anything may have happened while nobody listened
                    while not self._closed.is_set():
                        if any(n.payload != self._token for n in connection.notifies(timeout=1.0)):
                            self.forget()  # before the screens rerun and ask for it
                            self._tell()
            except Exception:  # noqa: BLE001 (the database restarted, or the network dropped: connect again)
                if self._closed.is_set():
                    return
                _log.warning("listening for other processes' changes failed; trying again", exc_info=True)
                self._closed.wait(2.0)
