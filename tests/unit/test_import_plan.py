"""Import behaviour a person relies on: updates counted, nothing half-written, permissions, profiles, the audit."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from sprint import importing, initiatives
from sprint.errors import DatabaseError, PermissionDenied
from sprint.importing import committing, profiles
from sprint.importing.mapping import header_signature
from sprint.permissions import Actor, Role
from sprint.steps.outcomes import store as metrics

BOTH_STORES = True  # each test on DuckDB and on PostgreSQL (tests/conftest.py)

TODAY = dt.date(2026, 3, 10)
LONG = ("Department,Metric,Month,Value,Baseline,Target\n"
        "Support,Cost per ticket ($),2026-01,10,12,3\n"
        "Support,Cost per ticket ($),2026-02,9,12,3\n"
        "Finance,Invoice errors (%),2026-01,7,8.2,<3%\n")


def plan(store, text=LONG, name="kpis.csv", **options):
    options.setdefault("new_initiative", "Claims")
    return importing.make_plan(store, importing.open_source(text.encode(), name), today=TODAY, **options)


def imported(store, actor, text=LONG, **options):
    result = importing.commit(store, actor, plan(store, text, **options), today=TODAY)
    return result.initiative_id


def test_a_changed_value_is_an_update_and_history_keeps_the_old_one(store, facilitator):
    initiative_id = imported(store, facilitator)
    changed = LONG.replace("2026-02,9,", "2026-02,8.5,")
    second = plan(store, changed, new_initiative=None, initiative_id=initiative_id)
    assert (second.counts["monthly values"].new, second.counts["monthly values"].updated,
            second.counts["monthly values"].unchanged) == (0, 1, 2)
    importing.commit(store, facilitator, second, today=TODAY)
    entry = store.fetch_one("SELECT after_json FROM audit_log WHERE entity = 'import' ORDER BY seq DESC LIMIT 1")
    after = json.loads(entry[0])
    assert after["value_changes"] == [{"department": "Support", "metric": "Cost per ticket", "month": 2,
                                       "before": 9.0, "after": 8.5}]


def test_the_audit_entry_names_the_file_and_the_hash_of_its_bytes(store, facilitator):
    imported(store, facilitator)
    row = store.fetch_one("SELECT actor, summary, after_json FROM audit_log WHERE entity = 'import'")
    after = json.loads(row[2])
    assert row[0] == facilitator.name and "kpis.csv" in row[1]
    assert after["sha256"] == hashlib.sha256(LONG.encode()).hexdigest()
    assert after["counts"]["monthly values"]["new"] == 3
    assert committing.previously_imported(store, after["sha256"])[1] == facilitator.name


def test_a_failure_inside_the_commit_leaves_nothing_behind(store, facilitator, monkeypatch):
    the_plan = plan(store)

    real = importing.metric_commit._write_values
    calls = []

    def fail_on_values(tx, initiative_id, frame, table, column, **kw):
        calls.append(table)
        if table == "metric_actuals":
            tx.execute("SELECT * FROM no_such_table")  # a database error after metrics were inserted
        return real(tx, initiative_id, frame, table, column, **kw)

    monkeypatch.setattr(importing.metric_commit, "_write_values", fail_on_values)
    with pytest.raises(DatabaseError, match="Nothing was saved"):
        importing.commit(store, facilitator, the_plan, today=TODAY)
    assert calls and initiatives.count(store) == 0
    assert store.fetch_one("SELECT count(*) FROM metrics")[0] == 0
    assert store.fetch_one("SELECT count(*) FROM audit_log")[0] == 0


def test_a_department_head_imports_only_into_their_own_department(store, facilitator):
    initiative_id = imported(store, facilitator)
    head = Actor("Hal", Role.DEPARTMENT_HEAD, frozenset({"Support"}))
    both = plan(store, LONG.replace("9,12,3", "8,12,3"), new_initiative=None, initiative_id=initiative_id)
    with pytest.raises(PermissionDenied, match="Finance"):
        importing.commit(store, head, both, today=TODAY)
    own = "\n".join(line for line in LONG.replace("9,12,3", "8,12,3").splitlines() if "Finance" not in line)
    result = importing.commit(store, head, plan(store, own, new_initiative=None, initiative_id=initiative_id),
                              today=TODAY)
    assert result.counts["monthly values"].updated == 1
    assert store.fetch_one("SELECT actor FROM audit_log ORDER BY seq DESC LIMIT 1")[0] == "Hal"
    viewer = Actor("Vic", Role.VIEWER)
    with pytest.raises(PermissionDenied):
        importing.commit(store, viewer, plan(store, LONG.replace("2026-02,9", "2026-02,7"), new_initiative=None,
                                             initiative_id=initiative_id), today=TODAY)


def test_direction_and_unit_are_inferred_from_the_file(store, facilitator):
    initiative_id = imported(store, facilitator)
    by_name = {m.name: m for m in metrics.list_metrics(store, initiative_id)}
    assert (by_name["Cost per ticket"].unit, by_name["Cost per ticket"].direction) == ("$", "lower")
    assert (by_name["Invoice errors"].unit, by_name["Invoice errors"].direction) == ("%", "lower")


def test_a_target_equal_to_the_baseline_asks_which_way_is_better(store):
    flat = "Department,Metric,Month,Value,Baseline,Target\nSupport,Backlog,2026-01,10,12,12\n"
    asked = plan(store, flat)
    assert any("lower or higher" in p.message for p in asked.problems)
    assert plan(store, flat, direction_default="lower").problems == []


def test_a_month_before_the_sprint_is_refused_with_its_cell(store, facilitator):
    pilot = initiatives.create(store, facilitator, initiatives.InitiativeDraft("Pilot", dt.date(2026, 2, 1)),
                               today=TODAY)
    early = plan(store, new_initiative=None, initiative_id=pilot, strict=True)
    assert any(p.row == 2 and p.column == "C" and "before the sprint" in p.message for p in early.problems)
    repaired = plan(store, new_initiative=None, initiative_id=pilot)  # without --strict: that row is left out
    assert any(r.issue.row == 2 and r.issue.column == "C" and r.action == "left out" and
               "before the sprint" in r.issue.message for r in repaired.repairs)


def test_a_saved_profile_is_offered_for_the_same_headers_next_month(store, facilitator):
    text = "Metric,Baseline,Jan-26,Target,Notes\nCost,12,10,3,x\n"
    first = plan(store, text, department_default="Support")
    # The person maps by hand: Notes is ignored, and the month columns are milestone targets.
    chosen = importing.plan.Mapping("metrics_wide", {**first.mapping.columns}, first.mapping.month_columns,
                                    months_are_targets=True)
    profiles.save_profile(store, facilitator, "Monthly pack", first.table.columns, chosen)
    next_month = "metric,BASELINE,Jan-26,Feb-26,Target,Notes\nCost,12,10,9,3,y\n"
    found = plan(store, next_month, department_default="Support")
    assert found.profile == "Monthly pack" and found.mapping.months_are_targets and found.problems == []
    assert found.mapping.columns["metric"] == "metric" and found.mapping.columns["target"] == "Target"
    assert sorted(found.mapping.month_columns) == ["Feb-26", "Jan-26"]
    assert header_signature(first.table.columns) == header_signature(found.table.columns)
    assert store.fetch_one("SELECT count(*) FROM audit_log WHERE entity = 'import profile'")[0] == 1


def test_a_viewer_cannot_save_a_profile(store):
    first = plan(store)
    with pytest.raises(PermissionDenied):
        profiles.save_profile(store, Actor("Vic", Role.VIEWER), "Mine", first.table.columns, first.mapping)


def test_profiles_belong_to_whoever_made_them(store, facilitator):
    """A department head saves their own profiles and uses everyone's, but cannot overwrite a facilitator's (or
    another head's); a facilitator may update any, and the profile keeps its owner."""
    first = plan(store)
    head = Actor("Hal (joined with the Finance code)", Role.DEPARTMENT_HEAD, frozenset({"Finance"}))
    other = Actor("Ann (joined with the Sales code)", Role.DEPARTMENT_HEAD, frozenset({"Sales"}))
    profiles.save_profile(store, facilitator, "Monthly pack", first.table.columns, first.mapping)
    with pytest.raises(PermissionDenied, match="belongs to"):
        profiles.save_profile(store, head, "monthly PACK", first.table.columns, first.mapping)
    profiles.save_profile(store, head, "Finance pack", first.table.columns, first.mapping)
    profiles.save_profile(store, head, "Finance pack", first.table.columns, first.mapping)  # their own: fine
    with pytest.raises(PermissionDenied, match="belongs to Hal"):
        profiles.save_profile(store, other, "Finance pack", first.table.columns, first.mapping)
    profiles.save_profile(store, facilitator, "Finance pack", first.table.columns, first.mapping)
    owners = dict(store.fetch_all("SELECT name, owner FROM import_profiles"))
    assert owners == {"Monthly pack": facilitator.name, "Finance pack": head.name}


def test_html_in_names_is_stored_as_text(store, facilitator):
    text = "Department,Metric,Month,Value,Baseline,Target\n<b>Ops</b>,<script>x</script>,2026-01,1,2,0\n"
    initiative_id = imported(store, facilitator, text)
    assert metrics.list_metrics(store, initiative_id)[0].name == "<script>x</script>"


def test_progress_is_reported_stage_by_stage_up_to_done(store):
    seen = []
    plan(store, progress=lambda fraction, what: seen.append((fraction, what)))
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(seen) >= 3
    assert any("Reading" in what and "3 rows" in what for _, what in seen)
