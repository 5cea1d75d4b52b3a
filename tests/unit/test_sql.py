"""sprint.sql: statements both stores read, and the rule that no other module spells DuckDB-only SQL."""

from __future__ import annotations

import re

import duckdb

from sprint import sql
from tests.conftest import ROOT


def _table():
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a INTEGER, b VARCHAR, n DOUBLE, place INTEGER NOT NULL, PRIMARY KEY (a, b))")
    return con


def test_upsert_inserts_then_updates_the_row_with_the_same_key_and_keeps_what_it_is_told_to():
    con = _table()
    statement = sql.upsert("t", ("a", "b"), ("a", "b", "n", "place"), keep=("place",))
    con.execute(statement, [1, "x", 2.5, 7])
    con.execute(statement, [1, "y", 1.0, 8])
    con.execute(statement, [1, "x", 3.5, 9])  # same key: n changes, its place stays
    assert con.execute("SELECT * FROM t ORDER BY b").fetchall() == [(1, "x", 3.5, 7), (1, "y", 1.0, 8)]


def test_upsert_from_a_select_and_insert_new_leaves_an_existing_row_alone():
    con = _table()
    con.execute(sql.upsert("t", ("a", "b"), ("a", "b", "n", "place"), "SELECT unnest(?), unnest(?), ?, 0"),
                [[1, 2], ["x", "y"], 4.0])
    con.execute(sql.insert_new("t", ("a", "b"), ("a", "b", "n", "place")), [2, "y", 99.0, 5])
    assert con.execute("SELECT a, b, n, place FROM t ORDER BY a").fetchall() == [(1, "x", 4.0, 0), (2, "y", 4.0, 0)]


# Released schema steps are never edited (sprint.schema.steps), so they keep what they were written with. An
# untyped unnest(?) DuckDB reads, but PostgreSQL can't when its list holds only NULLs: sql.unnest types it.
DUCKDB_ONLY = re.compile(r"INSERT OR (REPLACE|IGNORE)|list_contains\(|unnest\(\?\)", re.IGNORECASE)


def test_no_module_spells_duckdb_only_sql_outside_the_released_schema_steps():
    found = [f"{path.relative_to(ROOT)}:{n}" for path in sorted((ROOT / "sprint").rglob("*.py"))
             if path.parent.name != "schema" and path.name != "sql.py"
             for n, line in enumerate(path.read_text().splitlines(), 1) if DUCKDB_ONLY.search(line)]
    assert found == []
