"""The audit trail records every change with who/when/before/after, and the hash chain catches tampering."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from sprint import audit, initiatives
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Actor, Role
from sprint.store import Store
from tests.conftest import ROOT, TODAY


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


def _tamper(path, sql: str) -> None:
    con = duckdb.connect(str(path))
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


def test_an_entry_rehashed_in_place_breaks_the_next_link(db_file, history, store):
    store.close()
    # A careful forger recomputes entry 2's own hash after editing it; entry 3 still points at the old one.
    con = duckdb.connect(str(db_file))
    row = con.execute("SELECT seq, occurred_at, actor, actor_role, action, entity, entity_id, initiative_id, "
                      "summary, before_json, after_json, prev_hash FROM audit_log WHERE seq = 2").fetchone()
    forged = audit.entry_hash(row[11], row[0], row[1], "Nobody", *row[3:11])
    con.execute("UPDATE audit_log SET actor = 'Nobody', hash = ? WHERE seq = 2", [forged])
    con.close()
    with Store(db_file) as reopened:
        result = audit.verify(reopened)
    assert not result.ok and result.broken_seq == 3


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
    ok = subprocess.run([sys.executable, "-m", "sprint", "verify-audit", "--db", str(db_file)],
                        cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0 and "4 entries verified" in ok.stdout
    _tamper(db_file, "UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 3")
    bad = subprocess.run([sys.executable, "-m", "sprint", "verify-audit", "--db", str(db_file)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1
    assert "broken at entry #3" in bad.stdout
