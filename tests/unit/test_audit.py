"""The audit trail records every change with who/when/before/after, and the hash chain catches tampering."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sprint import audit, audit_key, initiatives, postgres
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Actor, Role
from sprint.store import Store, files_path
from tests import raw
from tests.conftest import ROOT, TODAY

BOTH_STORES = True  # each test on DuckDB and on PostgreSQL (tests/conftest.py)


@pytest.fixture
def history(store, facilitator):
    """Create, edit, archive and restore one initiative: four changes."""
    new_id = initiatives.create(store, facilitator, InitiativeDraft("Invoice processing", TODAY), today=TODAY)
    other = Actor("Olga Other", Role.FACILITATOR)
    edited = initiatives.update(store, other, new_id,
                                InitiativeDraft("Invoice processing", TODAY, stage="limited production",
                                                owner="Priya Raman"),
                                expected_version=1, today=TODAY)
    archived = initiatives.set_archived(store, facilitator, new_id, True, expected_version=edited.version)
    initiatives.set_archived(store, facilitator, new_id, False, expected_version=archived.version)
    return new_id


def _key_file(db_file) -> Path:
    """The audit key's file: beside a DuckDB file, or in data/ under a PostgreSQL database's name."""
    return audit_key.key_path(files_path(db_file))


def _tamper(path, sql: str) -> None:
    con = raw.connect(path)
    con.execute(sql)
    con.close()


def test_every_change_has_its_entry_with_who_what_before_and_after(store, history):
    log = audit.entries(store).sort_values("seq")
    assert log["action"].tolist() == ["create", "update", "archive", "restore"]
    assert log["actor"].tolist() == ["Fran Facilitator", "Olga Other", "Fran Facilitator", "Fran Facilitator"]
    assert set(log["initiative_id"]) == {history}
    created = json.loads(log.iloc[0]["after"])
    assert created["name"] == "Invoice processing" and created["stage"] == "pilot"
    assert pd.isna(log.iloc[0]["before"])  # a creation has no "before"
    before, after = json.loads(log.iloc[1]["before"]), json.loads(log.iloc[1]["after"])
    assert before == {"owner": "", "stage": "pilot"}
    assert after == {"owner": "Priya Raman", "stage": "limited production"}
    assert "owner, stage" in log.iloc[1]["summary"]


def test_the_chain_verifies(store, history):
    result = audit.verify(store)
    assert result.ok and result.entries == 4
    assert result.message == "Audit chain intact: 4 entries verified."


def test_an_edited_entry_is_detected(db_file, history, store):
    store.close()
    _tamper(db_file, "UPDATE audit_log SET after_json = '{\"owner\":\"Someone else\"}' WHERE seq = 2")
    with Store(db_file) as reopened:
        result = audit.verify(reopened)
    assert not result.ok and result.broken_seq == 2
    assert "changed after it was written" in result.message


def test_a_deleted_entry_is_detected(db_file, history, store):
    store.close()
    _tamper(db_file, "DELETE FROM audit_log WHERE seq = 2")
    with Store(db_file) as reopened:
        result = audit.verify(reopened)
    assert not result.ok and result.broken_seq == 2
    assert "missing" in result.message


def test_an_entry_rehashed_in_place_breaks_its_seal(db_file, history, store):
    store.close()
    # A careful forger recomputes entry 2's own hash after editing it: its seal (a keyed MAC) no longer matches,
    # and entry 3 still points at the old hash.
    con = raw.connect(db_file)
    row = con.execute("SELECT seq, occurred_at, actor, actor_role, action, entity, entity_id, initiative_id, "
                      "summary, before_json, after_json, prev_hash FROM audit_log WHERE seq = 2").fetchone()
    forged = audit.entry_hash(row[11], row[0], row[1], "Nobody", *row[3:11])
    con.execute("UPDATE audit_log SET actor = 'Nobody', hash = ? WHERE seq = 2", [forged])
    con.close()
    with Store(db_file) as reopened:
        result = audit.verify(reopened)
    assert not result.ok and result.broken_seq == 2 and "seal does not match" in result.message


def test_filters_narrow_the_log(store, facilitator, history):
    other_id = initiatives.create(store, facilitator, InitiativeDraft("Routing", TODAY), today=TODAY)
    assert set(audit.entries(store, initiative_id=other_id)["action"]) == {"create"}
    assert len(audit.entries(store, actor="Olga Other")) == 1
    assert len(audit.entries(store, entity="initiative")) == 5
    assert len(audit.entries(store, entity="nothing")) == 0
    today = dt.datetime.now(dt.UTC).date()
    assert len(audit.entries(store, since=today, until=today)) == 5
    assert len(audit.entries(store, until=today - dt.timedelta(days=1))) == 0
    assert audit.distinct_values(store)["actor"] == ["Fran Facilitator", "Olga Other"]


def test_cli_verify_audit_fails_on_a_tampered_log(db_file, history, store):
    store.close()
    ok = _verify_cli(db_file)
    assert ok.returncode == 0 and "4 entries verified" in ok.stdout
    _tamper(db_file, "UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 3")
    bad = _verify_cli(db_file)
    assert bad.returncode == 1
    assert "broken at entry #3" in bad.stdout


def _verify_cli(db_file, *extra, env=None):
    import os

    return subprocess.run([sys.executable, "-m", "sprint", "verify-audit", "--db", str(db_file), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=120,
                          env={**os.environ, **_key_env(db_file), **(env or {})})


def _key_env(db_file) -> dict[str, str]:
    """The command line's process finds a PostgreSQL database's key where this test keeps it (the test's folder,
    set as config.SIDE_FILES_DIR in this process only)."""
    return {"SPRINT_AUDIT_KEY_FILE": str(_key_file(db_file))} if postgres.is_address(db_file) else {}


def _tamper_in(store, sql: str) -> None:
    with store.reading() as cur:
        cur.execute(sql)


def _cli(db_file, command, *extra):
    import os

    return subprocess.run([sys.executable, "-m", "sprint", command, "--db", str(db_file), *extra],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, **_key_env(db_file)})


def _anchor_of(store) -> tuple[int, str]:
    result = audit.verify(store)
    assert result.ok
    return result.entries, result.head


def _rehash_last(path, actor: str = "Nobody") -> None:
    """Edit the newest entry and recompute its hash, as a careful forger would: the chain still links."""
    con = raw.connect(path)
    row = con.execute("SELECT seq, occurred_at, actor, actor_role, action, entity, entity_id, initiative_id, "
                      "summary, before_json, after_json, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    forged = audit.entry_hash(row[11], row[0], row[1], actor, *row[3:11])
    con.execute("UPDATE audit_log SET actor = ?, hash = ? WHERE seq = ?", [actor, forged, row[0]])
    con.close()


def _append_forged(path) -> None:
    con = raw.connect(path)
    seq, prev = con.execute("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    at = dt.datetime(2026, 3, 1, 9, 0)
    digest = audit.entry_hash(prev, seq + 1, at, "Fran Facilitator", "facilitator", "update", "initiative", "1", 1,
                              "Approved the budget", None, None)
    con.execute("INSERT INTO audit_log (seq, occurred_at, actor, actor_role, action, entity, entity_id, initiative_id, "
                "summary, before_json, after_json, prev_hash, hash) VALUES (?, ?, 'Fran Facilitator', 'facilitator', "
                "'update', 'initiative', '1', 1, 'Approved the budget', NULL, NULL, ?, ?)", [seq + 1, at, prev, digest])
    con.close()


def test_a_rehashed_last_entry_and_a_forged_append_break_the_seal(db_file, history, store):
    store.close()
    _rehash_last(db_file)
    with Store(db_file) as reopened:
        result = audit.verify(reopened)
    assert not result.ok and result.broken_seq == 4 and "seal does not match" in result.message
    _tamper(db_file, "DELETE FROM audit_log WHERE seq = 4")
    _append_forged(db_file)  # a whole new entry, hashed and linked properly, but without the key
    with Store(db_file) as reopened:
        result = audit.verify(reopened)
    assert not result.ok and result.broken_seq == 4 and "seal does not match" in result.message


@pytest.mark.parametrize("cut", [1, 5, 100, "all"])
def test_cutting_the_end_of_the_log_is_detected_against_an_anchor(db_file, store, facilitator, cut):
    for n in range(120):
        initiatives.create(store, facilitator, InitiativeDraft(f"Initiative {n}", TODAY), today=TODAY)
    anchor = _anchor_of(store)
    store.close()
    _tamper(db_file, "DELETE FROM audit_log" + ("" if cut == "all" else f" WHERE seq > {120 - cut}"))
    with Store(db_file) as reopened:
        assert audit.verify(reopened).ok  # the chain alone can't tell...
        result = audit.verify(reopened, expect=anchor)  # ...the anchor kept elsewhere can
    removed = 120 if cut == "all" else cut
    assert not result.ok and f"the newest {removed} entr" in result.message


def test_a_rewritten_tail_with_new_hashes_does_not_hold_the_anchored_head(db_file, store, facilitator, history):
    anchor = _anchor_of(store)
    store.close()
    _tamper(db_file, "DELETE FROM audit_log WHERE seq = 4")
    _append_forged(db_file)
    with Store(db_file) as reopened:
        result = audit.verify(reopened, expect=anchor)
    assert not result.ok  # the seal catches it first; with no seal, the anchor would
    with Store(db_file) as reopened:
        unsealed = type(reopened.seal)(reopened.seal.key, 10_000, None)  # as if no entry were sealed
        _tamper_in(reopened, "UPDATE audit_log SET mac = NULL")
        result = audit.verify(reopened, expect=anchor, seal=unsealed)
    assert not result.ok and "is not the entry the anchor recorded" in result.message


def test_the_command_line_checks_against_a_snapshot_or_an_anchor(db_file, store, facilitator, history, tmp_path):
    from sprint.snapshots import export_workbook

    snapshot = tmp_path / "sprint.xlsx"
    snapshot.write_bytes(export_workbook(store, None, exported_by="Fran", today=TODAY, now=dt.datetime(2026, 3, 1)))
    store.close()
    ok = _verify_cli(db_file, "--against", str(snapshot))
    assert ok.returncode == 0, ok.stderr
    printed = next(line for line in ok.stdout.splitlines() if line.startswith("Anchor"))
    anchor = printed.rsplit(" ", 1)[-1]
    assert anchor.startswith("4:") and len(anchor) == 66
    assert _verify_cli(db_file, "--expect", anchor).returncode == 0
    _tamper(db_file, "DELETE FROM audit_log WHERE seq = 4")
    for extra in (("--against", str(snapshot)), ("--expect", anchor)):
        bad = _verify_cli(db_file, *extra)
        assert bad.returncode == 1 and "the newest 1 entry was removed" in bad.stdout, bad.stdout
    nonsense = _verify_cli(db_file, "--expect", "4:abc")
    assert nonsense.returncode == 1 and nonsense.stderr.startswith("error: '4:abc' is not an audit anchor")


def test_the_key_lives_outside_the_database_file(db_file, store, history, tmp_path):
    key = _key_file(db_file)
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600
    assert store.seal.path == key and store.seal.sealed_from == 1
    store.close()
    moved = tmp_path / "secrets" / "audit.key"
    moved.parent.mkdir()
    key.rename(moved)
    ok = _verify_cli(db_file, env={"SPRINT_AUDIT_KEY_FILE": str(moved)})
    assert ok.returncode == 0 and "4 entries verified." in ok.stdout
    # Without its key, the sealed entries can't be checked: a failure, and no key is made in its place.
    other = _verify_cli(db_file, env={"SPRINT_AUDIT_KEY_FILE": str(tmp_path / "new.key")})
    assert other.returncode == 1 and "is missing" in other.stdout and "intact" not in other.stdout
    assert not (tmp_path / "new.key").exists()


def test_deleting_the_key_does_not_launder_a_rewritten_log(db_file, store, facilitator, history):
    """Defect 5 of #32: with the key deleted, a rewritten log verified as 'intact ... by hash only', exit 0, and
    a new key was quietly written. Now: a failure on the command line and in the running app, no new key, and
    changes refused until the key is back (or declared lost, which the log records)."""
    key = _key_file(db_file)
    saved = key.read_bytes()
    key.unlink()  # while the app runs: its Verify reads the key as it is on disk
    running = audit.verify(store)
    assert not running.ok and "is missing" in running.message and "intact" not in running.message
    with pytest.raises(audit_key.KeyMissing, match="nothing is changed until it is back"):
        initiatives.create(store, facilitator, InitiativeDraft("While the key is gone", TODAY), today=TODAY)
    store.close()
    _tamper(db_file, "UPDATE audit_log SET summary = 'CFO approved $2.4M' WHERE seq = 2")
    run = _verify_cli(db_file)
    assert run.returncode == 1 and "is missing" in run.stdout and "intact" not in run.stdout
    assert not key.exists()  # no key made in its place
    key.write_bytes(saved)  # put back: the rewrite shows, and changes go through again
    run = _verify_cli(db_file)
    assert run.returncode == 1 and "broken at entry #2" in run.stdout


def test_a_key_lost_for_good_is_replaced_only_on_purpose_and_the_log_says_so(db_file, store, facilitator, history):
    store.close()
    _key_file(db_file).unlink()
    refused = _cli(db_file, "new-audit-key")
    assert refused.returncode == 1 and "--key-is-lost" in refused.stderr
    done = _cli(db_file, "new-audit-key", "--key-is-lost")
    assert done.returncode == 0, done.stderr
    assert "entry #5 records that entries #1-#4" in done.stdout
    run = _verify_cli(db_file)
    assert run.returncode == 0 and "4 of them were sealed with a key declared lost" in run.stdout
    assert "intact" not in run.stdout
    with Store(db_file) as reopened:
        initiatives.create(reopened, facilitator, InitiativeDraft("After the new key", TODAY), today=TODAY)
        result = audit.verify(reopened)
        assert result.ok and result.lost == 4 and result.entries == 6
        assert audit.entries(reopened).iloc[1]["action"] == "replace key"
    again = _cli(db_file, "new-audit-key", "--key-is-lost")
    assert again.returncode == 1 and "nothing to replace" in again.stderr


def test_an_older_log_is_sealed_from_the_next_entry(db_file, facilitator):
    with Store(db_file) as store:
        initiatives.create(store, facilitator, InitiativeDraft("Before the seal", TODAY), today=TODAY)
    _key_file(db_file).unlink()
    _tamper(db_file, "UPDATE audit_log SET mac = NULL")  # as written by a version without seals
    with Store(db_file) as store:
        assert store.seal.sealed_from == 2
        initiatives.create(store, facilitator, InitiativeDraft("After the seal", TODAY), today=TODAY)
        result = audit.verify(store)
    assert result.ok and result.unsealed == 1 and "1 of them by hash only" in result.message


def test_a_damaged_database_gives_one_error_line(tmp_path):
    bad = tmp_path / "damaged.duckdb"
    bad.write_bytes(b"DUCK" + bytes(range(256)) * 64)
    run = _verify_cli(bad)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1 and run.stderr.startswith("error: ")
    key = tmp_path / "x.duckdb.audit-key"
    key.write_text("{not json")
    with Store(tmp_path / "ok.duckdb"):
        pass
    damaged_key = _verify_cli(tmp_path / "ok.duckdb", env={"SPRINT_AUDIT_KEY_FILE": str(key)})
    assert damaged_key.returncode == 1 and "The audit key" in damaged_key.stderr and "can't be read" in damaged_key.stderr


def test_against_a_snapshot_tells_a_moved_database_from_a_rewritten_one(store, facilitator, history, tmp_path):
    """Defect 5 of #32, its second half: a database moved to another machine by restoring a snapshot (history
    re-chained there) was reported as rewritten when checked against that snapshot."""
    from sprint.snapshots import export_workbook
    from sprint.snapshots import restore as restoring
    from tests.conftest import moved_store

    other = initiatives.create(store, facilitator, InitiativeDraft("The one that moves", TODAY), today=TODAY)
    snapshot = tmp_path / "moving.xlsx"  # one initiative's entries: the log there is not this log
    snapshot.write_bytes(export_workbook(store, other, exported_by="Fran", today=TODAY, now=dt.datetime(2026, 3, 1)))
    target = tmp_path / "new-machine.duckdb"
    with moved_store(store, target) as there:
        restoring.restore(there, facilitator, restoring.read_snapshot(snapshot.read_bytes(), "moving.xlsx"),
                          on_clash=None, today=TODAY)
        initiatives.create(there, facilitator, InitiativeDraft("Started on the new machine", TODAY), today=TODAY)
    moved = _verify_cli(target, "--against", str(snapshot))
    assert moved.returncode == 0, moved.stdout
    assert "was moved here by restoring moving.xlsx" in moved.stdout and "3 entries verified" in moved.stdout
    _tamper(target, "UPDATE audit_log SET summary = 'rewritten' WHERE seq = 1")
    rewritten = _verify_cli(target, "--against", str(snapshot))
    assert rewritten.returncode == 1 and "broken at entry #1" in rewritten.stdout
