"""What a database error means to a person, on either store: a disk that refused the write, a clash worth trying
again, a broken rule, or something else; and why a DuckDB file could not be opened (sprint.store uses these)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import duckdb


def describe_open_error(path: Path, exc: duckdb.Error) -> str:
    text = str(exc)
    if "lock" in text.lower():
        return (f"The database {path} is in use by another program (is the app or another command "
                "running on it?). Close that first, or point SPRINT_DB / --db at another file. A DuckDB file "
                "opens for writing in one process only; to use the command line while the app runs (a scheduled "
                "import, say), keep the sprint in PostgreSQL (SPRINT_DATABASE_URL, README: Beyond one machine).")
    if "not a valid duckdb" in text.lower():
        return f"{path} is not a Production Sprint database (DuckDB could not read it). Choose another file."
    if "version" in text.lower():
        return f"{path} was written by a newer DuckDB than this app uses. Upgrade the app to open it."
    return f"Could not open the database {path}: {text}"


_DISK = re.compile(r"no space left|disk (is )?full|disk quota|read-only file system|input/output error|"
                   r"could not (write|sync|fsync)", re.I)


def disk_trouble(exc: BaseException) -> bool:
    """A write the disk refused (full, read-only, failing), as DuckDB reports it, often inside a commit error."""
    return isinstance(exc, duckdb.IOException) or bool(_DISK.search(str(exc)))


def _postgres_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:  # a DuckDB-only install
        return ()
    return (psycopg.Error,)


DATABASE_ERRORS = (duckdb.Error, *_postgres_errors())


def kind(exc: BaseException) -> str:
    """What a database error means for a write: disk, conflict (try again), constraint, or other."""
    if disk_trouble(exc):
        return "disk"
    if isinstance(exc, duckdb.TransactionException):
        return "conflict"
    if isinstance(exc, duckdb.ConstraintException):
        return "constraint"
    if isinstance(exc, duckdb.Error):
        return "other"
    from psycopg import errors

    if isinstance(exc, errors.DiskFull):
        return "disk"
    if isinstance(exc, errors.SerializationFailure | errors.DeadlockDetected | errors.LockNotAvailable):
        return "conflict"
    if isinstance(exc, errors.IntegrityError):
        return "constraint"
    return "other"


def disk_message(path: Path, exc: BaseException) -> str:
    full = re.search(r"no space left|disk (is )?full|disk quota", str(exc), re.I)
    what = "is full" if full else "refused the write"
    return (f"The disk holding the database ({path}) {what}, so the change could not be saved. Nothing was "
            f"saved; free some space (or ask whoever runs the app) and try again. ({str(exc).splitlines()[0][:160]})")


def rollback(cur: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(*DATABASE_ERRORS):  # a failed COMMIT has already ended the transaction
        cur.execute("ROLLBACK")
