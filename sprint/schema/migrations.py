"""Named, ordered schema steps, recorded in the database itself.

Opening a database applies the steps it lacks, each in its own transaction with its record, so a crash
mid-upgrade leaves the file at the last complete step. A file that records a step this code doesn't know
(written by a newer version) is refused rather than guessed at.

The steps themselves live in sprint/schema/, one file each; sprint.schema.steps has the rules for adding one.
"""

from __future__ import annotations

import duckdb

from sprint import sql
from sprint.dates import now_utc
from sprint.errors import DatabaseError
from sprint.schema.steps import MIGRATIONS

LATEST_VERSION = MIGRATIONS[-1].version


def _ensure_ledger(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    INTEGER PRIMARY KEY,
            name       VARCHAR NOT NULL,
            applied_at TIMESTAMP NOT NULL
        )
        """
    )


def applied(con: duckdb.DuckDBPyConnection) -> list[tuple[int, str]]:
    _ensure_ledger(con)
    return [(int(v), str(n)) for v, n in con.execute(
        "SELECT version, name FROM schema_migrations ORDER BY version").fetchall()]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    steps = applied(con)
    return steps[-1][0] if steps else 0


def upgrade(con: duckdb.DuckDBPyConnection, target: int | None = None, *, where: str = "the database",
            postgres: bool = False) -> int:
    """Bring the schema up to `target` (default: the latest this code knows). Returns the new version.
    `postgres`: `con` is a PostgreSQL cursor (sprint.postgres), which reads each step as sql.postgres_ddl spells it."""
    target = LATEST_VERSION if target is None else target
    done = applied(con)
    known = {m.version: m.name for m in MIGRATIONS}
    newest = done[-1][0] if done else 0
    if newest > LATEST_VERSION:
        raise DatabaseError(
            f"{where} was written by a newer version of Production Sprint (schema step {newest}; "
            f"this version knows up to {LATEST_VERSION}). Upgrade the app, or point SPRINT_DB / --db at "
            "another file. Nothing was changed."
        )
    for version, name in done:
        if known.get(version) != name:
            raise DatabaseError(
                f"{where} has schema step {version} '{name}', which this version calls "
                f"'{known.get(version)}'. It was made by a different build; nothing was changed."
            )
    for migration in MIGRATIONS:
        if migration.version <= newest or migration.version > target:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            for statement in migration.statements:
                con.execute(sql.postgres_ddl(statement) if postgres else statement)
            con.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                [migration.version, migration.name, now_utc()],
            )
            con.execute("COMMIT")
        except Exception as exc:  # DuckDB's or PostgreSQL's refusal of a statement
            con.execute("ROLLBACK")
            raise DatabaseError(
                f"Upgrading {where} failed at schema step {migration.version} '{migration.name}': {exc}. "
                "The file was left at the previous step."
            ) from exc
        newest = migration.version
    return newest
