"""Fixtures shared by every kind of test: a fresh database file per test, and an acting facilitator."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sprint.permissions import Actor, Role
from sprint.store import Store

ROOT = Path(__file__).resolve().parent.parent
TODAY = dt.date(2026, 3, 10)
# The day the app, the command line and every server a test starts treat as today (sprint.dates.today_utc):
# pages depend on it (deadlines, which obligations are in force, the sprint day), so a test must not depend on
# the day it runs. Set SPRINT_TODAY yourself to run the suite as of another day.
PINNED_TODAY = "2026-12-06"
os.environ.setdefault("SPRINT_TODAY", PINNED_TODAY)


# Test modules that set BOTH_STORES = True run each test twice: on a DuckDB file and on a fresh database in a
# throwaway PostgreSQL (tests/postgres.py), through the same `db_file` and `store` fixtures.
def pytest_generate_tests(metafunc):
    if "store_kind" in metafunc.fixturenames:
        both = getattr(metafunc.module, "BOTH_STORES", False) and not metafunc.definition.get_closest_marker(
            "duckdb_only")
        metafunc.parametrize("store_kind", ["duckdb", "postgresql"] if both else ["duckdb"], scope="function")


@pytest.fixture
def db_file(tmp_path: Path, store_kind: str, request, monkeypatch):
    """Where the test's database is: a DuckDB file, or the address of a new PostgreSQL database (its audit key
    among the test's other files)."""
    if store_kind == "duckdb":
        return tmp_path / "sprint.duckdb"
    from tests import postgres

    monkeypatch.setattr("sprint.config.SIDE_FILES_DIR", tmp_path)  # its audit key and join secret (sprint.store.files_path)
    return postgres.new_database(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(db_file: Path):
    with Store(db_file) as s:
        yield s


@pytest.fixture
def facilitator() -> Actor:
    return Actor(name="Fran Facilitator", role=Role.FACILITATOR)


@pytest.fixture
def today() -> dt.date:
    return TODAY


@pytest.fixture
def pilot(store, facilitator):
    """An initiative on day 41 of its sprint (month 2 is open), with no metrics yet."""
    from sprint import initiatives
    from sprint.initiatives import InitiativeDraft

    new_id = initiatives.create(store, facilitator,
                                InitiativeDraft("Invoice processing", TODAY - dt.timedelta(days=40)), today=TODAY)
    return initiatives.get(store, new_id)


def pytest_collection_modifyitems(config, items):
    """The slow tests first (a real browser against a real server, 20-60 s each), the many quick ones after:
    with two workers stealing work from each other, the run then ends on quick tests and both finish together,
    instead of one worker waiting while the other drives a browser through its last minute."""
    items.sort(key=lambda item: 0 if "/browser/" in str(item.path).replace("\\", "/") else 1)


def moved_store(source: Store, path: Path) -> Store:
    """A new database on 'another machine' that has this workspace's audit key copied along (how a sprint moves
    with its history verified): snapshots made by `source` restore there as made here."""
    import shutil

    key = source.seal.path
    shutil.copyfile(key, path.with_name(path.name + ".audit-key"))
    return Store(path)


_EXAMPLE: list[Path] = []  # this process's first example database, copied for every later one


def load_example_db(db: Path) -> None:
    """A fresh copy of the example sprint at `db` (with its audit key). Loaded once per process with
    `python -m sprint demo`, then copied: the app and browser tests need the same starting point (dozens of them)."""
    if not _EXAMPLE:
        template = Path(tempfile.mkdtemp(prefix="sprint-example-")) / "example.duckdb"
        subprocess.run([sys.executable, "-m", "sprint", "demo", "--db", str(template)], cwd=ROOT, check=True,
                       capture_output=True)
        _EXAMPLE.append(template)
    template = _EXAMPLE[0]
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(template, db)
    key = template.with_name(template.name + ".audit-key")
    if key.exists():
        shutil.copyfile(key, db.with_name(db.name + ".audit-key"))
        os.chmod(db.with_name(db.name + ".audit-key"), 0o600)


@pytest.fixture(scope="session")
def postgres_url():
    """A real PostgreSQL for this test worker (tests/postgres.py); without Debian's `postgresql`, see
    tests.servers.unavailable."""
    from tests import postgres
    from tests.servers import unavailable

    if postgres.server_bin() is None:
        unavailable("PostgreSQL's server is not installed (apt-get install -y postgresql)")
    with postgres.cluster() as url:
        yield url
