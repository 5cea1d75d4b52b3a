"""Step 4's risk register: ratings read from what registers write, levels, saving with problems named by row and
column, the red flag and readiness, the snapshot's Risks sheet and its round trip, and `show --json`."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from sprint import importing, initiatives, readiness
from sprint.errors import StaleEdit, ValidationError
from sprint.initiatives import InitiativeDraft
from sprint.picture import Picture
from sprint.snapshots import export_workbook
from sprint.snapshots import restore as restoring
from sprint.steps.governance import risks
from tests.conftest import ROOT, TODAY, moved_store

LAYOUTS = ROOT / "tests" / "files" / "layouts"
NOW = dt.datetime(2026, 3, 2, 9, 0)


@pytest.mark.parametrize(("written", "scale"), [
    (4, 4), ("4 - Likely", 4), ("Likely", 4), ("almost certain", 5), ("Very low", 1), ("60%", 4), (0.6, 4),
    ("75% to 100%", 5), ("0% to 5%", 1), ("10% - 25%", 2), ("major", 4), ("Moderate", 3), (None, None), ("", None),
])
def test_ratings_are_read_onto_the_1_to_5_scale(written, scale):
    assert risks.read_scale(written) == (scale, None)


@pytest.mark.parametrize("written", [7, 15000.0, "banana", True])
def test_what_is_not_a_rating_is_a_problem_never_a_guess(written):
    value, problem = risks.read_scale(written)
    assert value is None and problem


def test_the_level_follows_the_score_unless_the_register_set_it():
    assert [risks.level_for(s) for s in (25, 15, 12, 5, 4, None)] == ["high", "high", "medium", "medium", "low", None]
    assert risks.Risk(title="x", likelihood=5, impact=3).rated_level == "high"
    assert risks.Risk(title="x", likelihood=5, impact=3, level="low").rated_level == "low"
    assert risks.Risk(title="x", score=9).rated_level == "medium"
    assert risks.Risk(title="x", likelihood=5, impact=5).high_unowned
    assert not risks.Risk(title="x", likelihood=5, impact=5, status="closed").high_unowned


@pytest.fixture
def initiative(store, facilitator):
    new_id = initiatives.create(store, facilitator, InitiativeDraft("Claims triage", TODAY, owner="Dana",
                                                                   department="Claims"), today=TODAY)
    return initiatives.get(store, new_id)


def test_saving_names_each_problem_and_writes_nothing_then_saves_with_its_audit(store, facilitator, initiative):
    bad = [{"title": "", "likelihood": 3, "impact": 9, "status": "open"},
           {"title": "Vendor raises prices", "likelihood": "often", "impact": 4, "status": "maybe"}]
    with pytest.raises(ValidationError) as caught:
        risks.save_risks(store, facilitator, initiative.id, bad, [])
    named = {(p.row, p.field) for p in caught.value.problems}
    assert named == {(1, "Risk"), (1, "Impact (1-5)"), (2, "Likelihood (1-5)"), (2, "Status")}
    assert risks.list_risks(store, initiative.id) == []
    good = [{"title": "Vendor raises prices", "likelihood": "Likely", "impact": 5, "owner": "", "status": "open",
             "review_on": "2026-06-01"}]
    saved = risks.save_risks(store, facilitator, initiative.id, good, [])
    assert saved[0].likelihood == 4 and saved[0].rated_level == "high" and saved[0].review_on == dt.date(2026, 6, 1)
    audit = store.fetch_one("SELECT summary FROM audit_log ORDER BY seq DESC LIMIT 1")[0]
    assert audit == "Saved the risk register: 1 entries"
    with pytest.raises(StaleEdit):  # someone saved meanwhile: this stale table must not overwrite it
        risks.save_risks(store, facilitator, initiative.id, good + good[:0], [])


def test_a_high_open_risk_without_an_owner_is_a_red_flag_and_counts_in_readiness(store, facilitator, initiative):
    before = Picture(store, initiative, TODAY)
    assert len(before.readiness[3].essentials) == 5  # no register: nothing asked of one
    risks.save_risks(store, facilitator, initiative.id,
                     [{"title": "Model drifts", "likelihood": 4, "impact": 4, "owner": "", "status": "open"},
                      {"title": "Labels late", "likelihood": 2, "impact": 2, "owner": "", "status": "open"}], [])
    after = Picture(store, initiative, TODAY)
    assert "1 high open risk without an owner" in after.red_flags
    assert any(f.kind == "unowned risk" and f.view == "risks" for f in after.flags)
    register = after.readiness[3].essentials[-1]
    assert register.label == "every high open risk with an owner and a response" and not register.done
    risks.save_risks(store, facilitator, initiative.id,
                     [{"title": "Model drifts", "likelihood": 4, "impact": 4, "owner": "Priya", "response": "Check",
                       "status": "open"}], risks.list_risks(store, initiative.id))
    fixed = Picture(store, initiative, TODAY)
    assert fixed.readiness[3].essentials[-1].done and not any(f.kind == "unowned risk" for f in fixed.flags)
    assert isinstance(readiness.step4(initiative, None, [], None, 0, [], fixed.risks), readiness.StepReadiness)


def test_an_imported_register_is_in_the_snapshot_and_comes_back_exactly(store, facilitator, tmp_path):
    data = (LAYOUTS / "risks_prince2_style.xlsx").read_bytes()
    plan = importing.make_plan(store, importing.open_source(data, "r.xlsx"), new_initiative="Claims", today=TODAY)
    assert plan.ok and plan.target.key == "risks"
    result = importing.commit(store, facilitator, plan, today=TODAY)
    first = export_workbook(store, result.initiative_id, exported_by="t", today=TODAY, now=NOW)
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert "Risks" in book.sheetnames
    rows = list(book["Risks"].iter_rows(min_row=5, values_only=True))
    assert [r[2] for r in rows] == ["Data access is delayed", "Labels are inconsistent", "New state rule"]
    assert rows[0][9] == "NONE: a high open risk needs an owner" and [r[8] for r in rows] == [25000, 8000, 60000]
    with moved_store(store, tmp_path / "fresh.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(first, "r.xlsx"), on_clash=None, today=TODAY)
        again = export_workbook(fresh, initiatives.list_all(fresh)[0].id, exported_by="t", today=TODAY, now=NOW)
        assert risks.list_risks(fresh, initiatives.list_all(fresh)[0].id) == \
            risks.list_risks(store, result.initiative_id)
    other = openpyxl.load_workbook(io.BytesIO(again))
    assert list(other["Risks"].iter_rows(values_only=True)) == list(book["Risks"].iter_rows(values_only=True))


def test_a_snapshot_without_a_register_has_no_risks_sheet(store, facilitator):
    from sprint.example import build as example

    example.load_example(store, facilitator, today=TODAY)
    book = openpyxl.load_workbook(io.BytesIO(export_workbook(store, None, exported_by="t", today=TODAY, now=NOW)))
    assert "Risks" not in book.sheetnames and "Governance" in book.sheetnames
