"""Where things live. One place decides the database path so the app, CLI and tests agree."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB_PATH = DATA_DIR / "sprint.duckdb"
DB_ENV_VAR = "SPRINT_DB"


def db_path(override: str | os.PathLike[str] | None = None) -> Path:
    """The database file: an explicit override (CLI --db), else $SPRINT_DB, else data/sprint.duckdb."""
    if override:
        return Path(override).expanduser()
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return DEFAULT_DB_PATH
