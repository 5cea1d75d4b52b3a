"""Where things live. One place decides the database path so the app, CLI and tests agree."""

from __future__ import annotations

import os
from pathlib import Path

from sprint import postgres

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB_PATH = DATA_DIR / "sprint.duckdb"
# Where a PostgreSQL workspace's audit key and join secret files live unless SPRINT_AUDIT_KEY_FILE and
# SPRINT_SECRET say otherwise (a DuckDB file has them beside it): sprint.store.files_path.
SIDE_FILES_DIR = DATA_DIR
DB_ENV_VAR = "SPRINT_DB"
DATABASE_URL_ENV_VAR = "SPRINT_DATABASE_URL"  # postgresql://user@host/db: PostgreSQL as the shared store


def db_path(override: str | os.PathLike[str] | None = None) -> Path | postgres.Address:
    """The database: an explicit override (CLI --db), else $SPRINT_DATABASE_URL, else $SPRINT_DB, else
    data/sprint.duckdb. A postgresql:// address names a PostgreSQL database instead of a file."""
    chosen = str(override) if override else (os.environ.get(DATABASE_URL_ENV_VAR, "").strip()
                                              or os.environ.get(DB_ENV_VAR, "").strip())
    if postgres.is_address(chosen):
        return postgres.Address(chosen)
    return Path(chosen).expanduser() if chosen else DEFAULT_DB_PATH
