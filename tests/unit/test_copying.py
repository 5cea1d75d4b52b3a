"""`python -m sprint copy`: a workspace moved from its DuckDB file into PostgreSQL and back, whole, its audit log
verifying at each end (#30). Run in this process (sprint.cli.main) so PostgreSQL's key files stay in the test's
folder."""

from __future__ import annotations

import pytest

from sprint import audit, initiatives
from sprint.cli import main
from sprint.example import build as example
from sprint.initiatives import InitiativeDraft
from sprint.store import Store
from tests import postgres
from tests.conftest import TODAY

TABLES = ("initiatives", "metrics", "metric_actuals", "metric_milestones", "features", "checkins", "obligation_status",
          "people", "access_settings", "audit_log")


def _counts(store: Store) -> dict[str, int]:
    return {t: store.fetch_one(f"SELECT count(*) FROM {t}")[0] for t in TABLES}  # noqa: S608 (constants)


@pytest.fixture
def keys_here(tmp_path, monkeypatch):
    monkeypatch.setattr("sprint.config.SIDE_FILES_DIR", tmp_path)


def test_a_workspace_moves_into_postgresql_and_back_whole_and_verified(postgres_url, tmp_path, keys_here,
                                                                       facilitator, capsys):
    first, back = tmp_path / "first.duckdb", tmp_path / "back.duckdb"
    with Store(first) as store:
        example.load_example(store, facilitator, today=TODAY)
        before, head = _counts(store), audit.verify(store).head
    shared = postgres.new_database(postgres_url)

    assert main(["copy", "--from", str(first), "--to", shared]) == 0
    said = capsys.readouterr().out
    assert "Audit chain intact" in said and f"{before['audit_log'] + 1} entries verified" in said
    with Store(shared) as moved:
        after = _counts(moved)
        assert after == {**before, "audit_log": before["audit_log"] + 1}  # every row, and the copy's own entry
        log = audit.verify(moved)
        assert log.ok and moved.fetch_one("SELECT hash FROM audit_log WHERE seq = ?", [before["audit_log"]])[0] == head
        assert "Copied the whole workspace" in moved.fetch_one("SELECT summary FROM audit_log ORDER BY seq DESC")[0]
        new_id = initiatives.create(moved, facilitator, InitiativeDraft("Added after the move", TODAY), today=TODAY)
        assert new_id > max(i.id for i in initiatives.list_all(moved) if i.id != new_id)  # ids continue

    assert main(["copy", "--from", shared, "--to", str(back)]) == 0
    with Store(back) as home:
        assert _counts(home)["initiatives"] == before["initiatives"] + 1 and audit.verify(home).ok


def test_a_copy_into_a_database_that_holds_a_sprint_writes_nothing(tmp_path, keys_here, facilitator, capsys):
    first, second = tmp_path / "first.duckdb", tmp_path / "second.duckdb"
    for where, name in ((first, "One"), (second, "Two")):
        with Store(where) as store:
            initiatives.create(store, facilitator, InitiativeDraft(name, TODAY), today=TODAY)
    (second.parent / (second.name + ".audit-key")).unlink()  # not the reason it is refused
    assert main(["copy", "--from", str(first), "--to", str(second)]) == 1
    assert "already holds a sprint" in capsys.readouterr().err
    assert not (second.parent / (second.name + ".audit-key")).exists()  # the key it brought went with it
    with Store(second) as store:
        assert [i.name for i in initiatives.list_all(store)] == ["Two"]
