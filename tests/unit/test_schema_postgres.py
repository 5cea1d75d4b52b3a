"""The schema steps on a real PostgreSQL (#30's first brick): every released step, read through
sprint.sql.postgres_ddl, makes the same tables, columns, keys and defaults there as on DuckDB."""

from __future__ import annotations

import duckdb
import psycopg

from sprint import sql
from sprint.schema import migrations
from sprint.schema.steps import MIGRATIONS

# information_schema's names for the types the steps use, PostgreSQL's -> DuckDB's
SAME_TYPE = {"integer": "INTEGER", "bigint": "BIGINT", "character varying": "VARCHAR", "double precision": "DOUBLE",
             "boolean": "BOOLEAN", "bytea": "BLOB", "date": "DATE", "timestamp without time zone": "TIMESTAMP"}
COLUMNS = ("SELECT table_name, column_name, data_type, is_nullable, column_default IS NOT NULL "
           "FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name <> 'schema_migrations'")
KEYS = ("SELECT c.table_name, k.column_name FROM information_schema.table_constraints c "
        "JOIN information_schema.key_column_usage k ON k.constraint_name = c.constraint_name "
        "AND k.table_name = c.table_name WHERE c.constraint_type = 'PRIMARY KEY' AND c.table_schema = '{schema}' "
        "AND c.table_name <> 'schema_migrations'")


def _postgres(url: str, database: str) -> psycopg.Connection:
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        admin.execute(f'CREATE DATABASE "{database}"')
    return psycopg.connect(url.rsplit("/", 1)[0] + f"/{database}")


def test_every_schema_step_makes_the_same_tables_on_postgresql(postgres_url):
    with _postgres(postgres_url, "schema_steps") as pg:
        for step in MIGRATIONS:  # each step in one transaction, as sprint.schema.migrations runs them
            with pg.transaction():
                for statement in step.statements:
                    pg.execute(sql.postgres_ddl(statement))
        pg_columns = {(t, c, SAME_TYPE.get(ty, ty), n, d) for t, c, ty, n, d in
                      pg.execute(COLUMNS.format(schema="public")).fetchall()}
        pg_keys = set(pg.execute(KEYS.format(schema="public")).fetchall())
        workspace = pg.execute("SELECT count(*) FROM access_settings WHERE name = 'workspace_id'").fetchone()
    duck = duckdb.connect()
    migrations.upgrade(duck)
    duck_columns = set(duck.execute(COLUMNS.format(schema="main")).fetchall())
    duck_keys = set(duck.execute(KEYS.format(schema="main")).fetchall())

    assert len({t for t, *_ in duck_columns}) >= 30  # every table of the app, not an empty comparison
    assert pg_columns == duck_columns
    assert pg_keys == duck_keys
    assert workspace == (1,)  # step 19's row, written once
