"""PostgreSQL under the store (sprint.store): connections from a pool, each handed out as a cursor that speaks
as DuckDB's does, so the store and the step modules keep one spelling of their SQL (sprint.sql).

- `?` parameters become psycopg's `%s` (outside quoted text), and a `%` in the text is doubled;
- `execute` returns the cursor, which fetches rows as tuples, or a DataFrame with `df()`;
- `register(name, frame)` (DuckDB's way to read a DataFrame in SQL) becomes a temporary table filled by COPY.
Every connection runs in autocommit mode: the store opens and ends its transactions itself (BEGIN, COMMIT)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    import pandas as pd

SCHEMES = ("postgresql://", "postgres://")
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
