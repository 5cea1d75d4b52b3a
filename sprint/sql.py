"""SQL spelled so that DuckDB and PostgreSQL both read it, and the few statements whose spelling must be made.

Everything else in `sprint` writes plain SQL both engines share: `x = ANY(?)` for "x is in this list" (never
DuckDB's `list_contains`), `INSERT ... ON CONFLICT` (never DuckDB's `INSERT OR REPLACE` / `OR IGNORE`), `?` for
parameters. The statements that need a table's key and columns to be spelled that way are made here."""

from __future__ import annotations

import re
from collections.abc import Sequence


def _insert(table: str, columns: Sequence[str], source: str | None) -> str:
    return (f"INSERT INTO {table} ({', '.join(columns)}) "
            + (source or f"VALUES ({', '.join('?' for _ in columns)})"))


def upsert(table: str, key: Sequence[str], columns: Sequence[str], source: str | None = None, *,
           keep: Sequence[str] = ()) -> str:
    """Insert a row, or update the row with the same `key`: its other listed columns take the new values, except
    those in `keep` (given for a new row only); columns not listed keep theirs. `source`: the VALUES or SELECT
    clause, when it is not one `?` per column."""
    rest = [c for c in columns if c not in key and c not in keep]
    if not rest:
        return insert_new(table, key, columns, source)
    return (_insert(table, columns, source) + f" ON CONFLICT ({', '.join(key)}) DO UPDATE SET "
            + ", ".join(f"{c} = excluded.{c}" for c in rest))


def insert_new(table: str, key: Sequence[str], columns: Sequence[str], source: str | None = None) -> str:
    """Insert a row unless one with the same `key` is there (then nothing changes)."""
    return _insert(table, columns, source) + f" ON CONFLICT ({', '.join(key)}) DO NOTHING"


# The released schema steps (never edited) are DuckDB's DDL; PostgreSQL reads them with three words changed.
_POSTGRES_DDL = (
    (re.compile(r"\bDOUBLE\b(?!\s+PRECISION)", re.I), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.I), "BYTEA"),
)
_INSERT_OR_IGNORE = re.compile(r"^(\s*)INSERT\s+OR\s+IGNORE\s+INTO\b(.*?)(;?\s*)$", re.I | re.S)


def postgres_ddl(statement: str) -> str:
    """A schema step's statement as PostgreSQL spells it."""
    for pattern, word in _POSTGRES_DDL:
        statement = pattern.sub(word, statement)
    return _INSERT_OR_IGNORE.sub(r"\1INSERT INTO\2 ON CONFLICT DO NOTHING\3", statement)


def json_array(*expressions: str) -> str:
    """SQL for a JSON array of these values as text (NULL as null): DuckDB's json_array and PostgreSQL's
    json_build_array differ in name and spacing; this is one spelling both read and both print alike."""
    items = " || ',' || ".join(f"coalesce(to_json(({e})::VARCHAR)::VARCHAR, 'null')" for e in expressions)
    return f"('[' || {items} || ']')"


def number_text(expression: str) -> str:
    """A DOUBLE as the same text on both stores: the shortest that reads back as the same number, a whole number
    with '.0' (DuckDB prints 22800.0 and 1000000000000000.0; PostgreSQL 22800 and 1e+15)."""
    return (f"CASE WHEN ({expression}) = trunc({expression}) AND abs({expression}) < 1e16 "
            f"THEN trunc({expression})::BIGINT::VARCHAR || '.0' ELSE ({expression})::VARCHAR END")


def unnest(types: Sequence[str]) -> str:
    """`unnest(?)` for each list parameter, typed: PostgreSQL can't tell a list of nothing but NULLs' type, and
    says so (DuckDB reads it either way). `types`: each column's type as the engine names it, or a name both read
    (VARCHAR, INTEGER, BIGINT, DOUBLE PRECISION, BOOLEAN, DATE, TIMESTAMP)."""
    return ", ".join(f"unnest(CAST(? AS {t}[]))" for t in types)


def column_types(cur, table: str) -> dict[str, str]:
    """Each column of `table` -> its type as this engine names it (information_schema: both stores have it)."""
    return dict(cur.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                            [table]).fetchall())
