"""A plain connection to a test's database, beside the store: to tamper with it as an attacker with access to
the database would, or to look at what was stored. DuckDB's file or PostgreSQL's address alike."""

from __future__ import annotations

from pathlib import Path

import duckdb

from sprint import postgres


class _Postgres:
    def __init__(self, url: str):
        import psycopg

        self._con = psycopg.connect(url, autocommit=True)

    def execute(self, sql: str, params=None):
        return self._con.execute(sql if params is None else postgres.psycopg_sql(sql), params)

    def close(self) -> None:
        self._con.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def connect(where: str | Path):
    return _Postgres(str(where)) if postgres.is_address(where) else duckdb.connect(str(where))
