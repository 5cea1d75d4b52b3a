"""The store: migrations, one transaction per change, audit in the same transaction, conflicts retried."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from sprint import initiatives, postgres
from sprint.errors import DatabaseError, PermissionDenied
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Action, Actor, Role
from sprint.schema import migrations
from sprint.schema.migrations import LATEST_VERSION, MIGRATIONS
from sprint.schema.step import Migration
from sprint.store import Store
from tests import raw
from tests.conftest import ROOT, TODAY

BOTH_STORES = True  # each test on DuckDB and on PostgreSQL (tests/conftest.py)


def _tables(path) -> set[str]:
    con = raw.connect(path)
    try:
        return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    finally:
        con.close()


def _draft(name: str = "Support ticket assistant") -> InitiativeDraft:
    return InitiativeDraft(name=name, start_date=TODAY)


def test_new_database_gets_every_step_recorded(db_file):
    with Store(db_file) as store:
        assert store.schema_version == LATEST_VERSION
        steps = store.fetch_all("SELECT version, name FROM schema_migrations ORDER BY version")
    assert steps == [(m.version, m.name) for m in MIGRATIONS]
    assert {"audit_log", "initiatives", "schema_migrations"} <= _tables(db_file)


@pytest.mark.parametrize("older", range(0, LATEST_VERSION))
def test_an_older_file_is_upgraded_and_keeps_its_data(db_file, older):
    con = raw.connect(db_file)
    migrations.upgrade(con, target=older, postgres=postgres.is_address(db_file))
    if older >= 1:
        con.execute("INSERT INTO audit_log (seq, occurred_at, actor, actor_role, action, entity, entity_id, "
                    "initiative_id, summary, before_json, after_json, prev_hash, hash) VALUES (1, now(), 'a', "
                    "'facilitator', 'create', 'x', NULL, NULL, 'kept', NULL, NULL, 'p', 'h')")
    con.close()
    with Store(db_file) as store:
        assert store.schema_version_found == older
        assert store.schema_version == LATEST_VERSION
        if older >= 1:
            assert store.fetch_one("SELECT summary FROM audit_log")[0] == "kept"


def test_a_file_from_a_newer_version_is_refused_and_left_alone(db_file):
    with Store(db_file):
        pass
    con = raw.connect(db_file)
    con.execute("INSERT INTO schema_migrations VALUES (?, 'from the future', now())", [LATEST_VERSION + 1])
    con.close()
    before = _tables(db_file)
    with pytest.raises(DatabaseError, match="newer version of Production Sprint"):
        Store(db_file)
    assert _tables(db_file) == before


def test_a_failed_step_leaves_the_file_at_the_previous_step(db_file):
    broken = (*MIGRATIONS, Migration(LATEST_VERSION + 1, "broken", ("CREATE TABLE half (x INT)", "NOT SQL")))
    with pytest.MonkeyPatch.context() as steps:  # only the steps: the fixture's own settings stay
        steps.setattr(migrations, "MIGRATIONS", broken)
        steps.setattr(migrations, "LATEST_VERSION", LATEST_VERSION + 1)
        with pytest.raises(DatabaseError, match="failed at schema step .* 'broken'"):
            Store(db_file)
    assert "half" not in _tables(db_file)
    with Store(db_file) as store:
        assert store.schema_version == LATEST_VERSION


def test_a_failed_change_leaves_nothing(store, facilitator):
    def work(tx):
        initiatives.insert(tx, _draft(), today=TODAY)
        raise RuntimeError("power cut halfway")

    with pytest.raises(RuntimeError):
        store.write(facilitator, Action.MANAGE_INITIATIVES, work)
    assert store.fetch_one("SELECT count(*) FROM initiatives")[0] == 0
    assert store.fetch_one("SELECT count(*) FROM audit_log")[0] == 0


def test_a_change_without_its_audit_entry_is_refused(store, facilitator):
    def work(tx):
        tx.execute("INSERT INTO initiatives (name, start_date, stage, created_by, created_at, updated_by, "
                   "updated_at) VALUES ('sneaky', current_date, 'pilot', 'x', now(), 'x', now())")

    with pytest.raises(RuntimeError, match="audit entry"):
        store.write(facilitator, Action.MANAGE_INITIATIVES, work)
    assert store.fetch_one("SELECT count(*) FROM initiatives")[0] == 0


def test_a_write_conflict_is_retried_until_it_lands(store, facilitator):
    attempts = []

    def work(tx):
        attempts.append(1)
        if len(attempts) < 3:
            raise duckdb.TransactionException("TransactionContext Error: Conflict on update!")
        return initiatives.insert(tx, _draft(), today=TODAY)

    store.write(facilitator, Action.MANAGE_INITIATIVES, work)
    assert len(attempts) == 3
    assert [i.name for i in initiatives.list_all(store)] == ["Support ticket assistant"]
    assert store.fetch_one("SELECT count(*) FROM audit_log")[0] == 1


def test_endless_conflicts_end_in_a_readable_message_and_nothing_saved(store, facilitator):
    def work(tx):
        initiatives.insert(tx, _draft(), today=TODAY)
        raise duckdb.TransactionException("Conflict on update!")

    with pytest.raises(DatabaseError, match="Nothing was saved; please try again"):
        store.write(facilitator, Action.MANAGE_INITIATIVES, work)
    assert store.fetch_one("SELECT count(*) FROM initiatives")[0] == 0


def test_a_full_disk_is_said_as_a_full_disk_not_as_a_clash(store, facilitator):
    """#32 defect 9: a full disk was reported as 'the same records were being changed at the same moment, several
    times over' (and retried six times). The error is DuckDB's own, as a 3 MB tmpfs gave it on commit."""
    attempts = []

    def work(tx):
        attempts.append(1)
        initiatives.insert(tx, _draft(), today=TODAY)
        raise duckdb.TransactionException('TransactionContext Error: Failed to commit: Could not write file '
                                          '"/tmp/small/s.duckdb.wal": No space left on device')

    with pytest.raises(DatabaseError) as caught:
        store.write(facilitator, Action.MANAGE_INITIATIVES, work)
    assert "is full, so the change could not be saved. Nothing was saved" in str(caught.value)
    assert "at the same moment" not in str(caught.value) and len(attempts) == 1
    assert store.fetch_one("SELECT count(*) FROM initiatives")[0] == 0


def test_database_errors_are_rephrased_and_roll_back(store, facilitator):
    def work(tx):
        tx.audit(action="x", entity="x", entity_id=1, summary="x")
        tx.execute("INSERT INTO initiatives (id, name, start_date, stage, created_by, created_at, updated_by, "
                   "updated_at) VALUES (1, 'a', current_date, 'pilot', 'x', now(), 'x', now()), "
                   "(1, 'b', current_date, 'pilot', 'x', now(), 'x', now())")

    with pytest.raises(DatabaseError, match="Nothing was saved"):
        store.write(facilitator, Action.MANAGE_INITIATIVES, work)
    assert store.fetch_one("SELECT count(*) FROM audit_log")[0] == 0


def test_the_role_is_checked_before_anything_is_written(store):
    viewer = Actor("Vic Viewer", Role.VIEWER)
    with pytest.raises(PermissionDenied, match="view-only"):
        initiatives.create(store, viewer, _draft(), today=TODAY)
    assert store.fetch_one("SELECT count(*) FROM audit_log")[0] == 0


@pytest.mark.duckdb_only("a DuckDB file opens for writing in one process; PostgreSQL takes many")
def test_a_second_process_gets_a_clear_in_use_message(store):
    result = subprocess.run([sys.executable, "-m", "sprint", "init", "--db", str(store.path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert "in use by another program" in result.stderr
    assert "SPRINT_DATABASE_URL" in result.stderr  # and the way out: PostgreSQL, which many processes share
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_file_that_is_not_a_database_is_named(tmp_path):
    bogus = tmp_path / "notes.duckdb"
    bogus.write_text("Agenda: scope cut, compliance, check-ins\n")
    with pytest.raises(DatabaseError, match="is not a Production Sprint database"):
        Store(bogus)


def test_last_change_moves_with_every_write(store, facilitator):
    assert store.last_change() == 0
    initiatives.create(store, facilitator, _draft(), today=TODAY)
    assert store.last_change() == 1


def test_a_rolled_back_change_leaves_no_gap_in_the_audit_chain(store, facilitator):
    initiatives.create(store, facilitator, _draft("First"), today=TODAY)

    def work(tx):
        initiatives.insert(tx, _draft("Doomed"), today=TODAY)
        raise RuntimeError("rolled back after its audit entry was written")

    with pytest.raises(RuntimeError):
        store.write(facilitator, Action.MANAGE_INITIATIVES, work)
    initiatives.create(store, facilitator, _draft("Second"), today=TODAY)
    assert store.fetch_all("SELECT seq FROM audit_log ORDER BY seq") == [(1,), (2,)]
    assert store.last_change() == 2
    from sprint import audit

    assert audit.verify(store).ok


@pytest.mark.duckdb_only("on PostgreSQL other processes write too, so any change counts (Store.changed)")
def test_changed_moves_only_for_the_tables_a_write_touched(store, facilitator):
    from sprint.permissions import Action

    before_initiatives, before_codes = store.changed("initiatives"), store.changed("access_codes")

    def touch_initiatives(tx):
        tx.execute("INSERT INTO org_figures VALUES ('pilots_total', 3, 'x', now()::TIMESTAMP)")
        tx.audit(action="update", entity="setting", entity_id="x", summary="test")

    store.write(facilitator, Action.MANAGE_INITIATIVES, touch_initiatives)
    assert store.changed("org_figures") > 0
    assert (store.changed("initiatives"), store.changed("access_codes")) == (before_initiatives, before_codes)

    def unplaceable(tx):
        tx.execute("WITH x AS (SELECT 1) UPDATE org_figures SET value = 4")
        tx.audit(action="update", entity="setting", entity_id="x", summary="test")

    store.write(facilitator, Action.MANAGE_INITIATIVES, unplaceable)
    assert store.changed("initiatives") > before_initiatives  # a write it can't place counts for every table


def test_listeners_hear_of_each_committed_write_and_never_of_a_refused_one(store, facilitator):
    """The screens that follow the data are told after a commit (outside the write lock); a write that fails
    tells nobody; a listener that fails doesn't undo or fail the save."""
    heard = []
    store.on_change(lambda: heard.append(store.last_change()))
    store.on_change(lambda: 1 / 0)  # a broken listener
    made = initiatives.create(store, facilitator, _draft(), today=TODAY)
    assert len(heard) == 1 and heard[0] == store.last_change()
    with pytest.raises(PermissionDenied):
        initiatives.create(store, Actor("Vic", Role.VIEWER), _draft("Other"), today=TODAY)
    with pytest.raises(DatabaseError):
        store.write(facilitator, Action.MANAGE_INITIATIVES, lambda tx: tx.execute("SELECT * FROM no_such_table"))
    assert len(heard) == 1
    assert initiatives.get(store, made).name == "Support ticket assistant"


def test_a_change_made_by_another_process_reaches_this_ones_listeners(postgres_url, facilitator, tmp_path,
                                                                      monkeypatch):
    """PostgreSQL: two stores on one database (as two app processes behind a load balancer hold them). A save
    through one wakes the other's presenter (its change listeners, sprint.ui.live) within seconds, and the
    other's change value moves, so its caches are fresh; the chain stays one sequence."""
    import threading

    from sprint import audit
    from tests import postgres as cluster

    monkeypatch.setattr("sprint.config.SIDE_FILES_DIR", tmp_path)
    url = cluster.new_database(postgres_url)
    with Store(url) as here, Store(url) as there:
        told = threading.Event()
        here.on_change(told.set)
        before = here.last_change()
        initiatives.create(there, facilitator, _draft("Saved on the other replica"), today=TODAY)
        assert told.wait(15), "the other process's save never reached this one"
        assert here.last_change() == before + 1 and here.changed("initiatives") == before + 1
        initiatives.create(here, facilitator, _draft("Saved here"), today=TODAY)
        assert [i.name for i in initiatives.list_all(there)] == ["Saved here", "Saved on the other replica"]
        assert audit.verify(there).ok and audit.verify(there).entries == before + 2


def test_the_command_line_works_while_the_app_holds_a_postgresql_database(postgres_url, tmp_path, monkeypatch):
    """On DuckDB the command line is refused while the app runs (test above); on PostgreSQL (SPRINT_DATABASE_URL)
    a scheduled import, an export and verify-audit run beside the open app, which is told of the import."""
    import os
    import threading

    from tests import postgres as cluster

    monkeypatch.setattr("sprint.config.SIDE_FILES_DIR", tmp_path)
    url = cluster.new_database(postgres_url)
    env = {**os.environ, "SPRINT_DATABASE_URL": url, "SPRINT_AUDIT_KEY_FILE": str(tmp_path / "shared.audit-key")}
    monkeypatch.setenv("SPRINT_AUDIT_KEY_FILE", env["SPRINT_AUDIT_KEY_FILE"])  # the same key for the app here

    def cli(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "sprint", *args], cwd=ROOT, capture_output=True, text=True,
                              timeout=180, env=env)

    with Store(url) as app:  # the app, open
        told = threading.Event()
        app.on_change(told.set)
        imported = cli("import", str(ROOT / "tests" / "files" / "kpi_dashboard.xlsx"), "--initiative",
                       "Customer operations")
        assert imported.returncode == 0, imported.stderr
        assert told.wait(15) and [i.name for i in initiatives.list_all(app)] == ["Customer operations"]
        exported = cli("export", str(tmp_path / "out.xlsx"))
        assert exported.returncode == 0 and (tmp_path / "out.xlsx").stat().st_size > 10_000, exported.stderr
        checked = cli("verify-audit")
        assert checked.returncode == 0 and "intact" in checked.stdout, checked.stdout + checked.stderr
