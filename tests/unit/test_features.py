"""Step 1 storage: the feature list saved as a table, the cut line, one-click moves, all audited."""

from __future__ import annotations

import pytest

from sprint import audit, initiatives
from sprint.errors import PermissionDenied, StaleEdit, ValidationError
from sprint.permissions import Actor, Role
from sprint.steps.scope import rules as scope
from sprint.steps.scope import store as features
from sprint.steps.scope.store import CORE, PHASE_2, RowInput


def rows(*specs):
    return [RowInput(None, {"name": name, "dollars_per_month": dollars, "hours_per_week": hours,
                            "volume_share": volume, "effort": "", "notes": ""})
            for name, dollars, hours, volume in specs]


LIST = rows(("Answer order status", "$21,000", "40", "34"), ("Reset passwords", "9000", "25", "18"),
            ("Route tickets", "6k", "30", "17"), ("Draft refunds", "8000", "10", "12"),
            ("Summarise threads", "2000", "20", "9"), ("Detect anger", "1500", "5", "6"))


@pytest.fixture
def listed(store, facilitator, pilot):
    features.save_features(store, facilitator, pilot.id, LIST, {})
    return features.list_features(store, pilot.id)


def test_saving_the_list_parses_what_people_type(listed):
    assert [(f.name, f.dollars_per_month, f.hours_per_week, f.volume_share) for f in listed][:3] == [
        ("Answer order status", 21000, 40, 34), ("Reset passwords", 9000, 25, 18), ("Route tickets", 6000, 30, 17)]
    assert all(f.phase is None for f in listed)  # no cut yet: the default line sits after the top five


def test_every_bad_cell_is_named_and_nothing_is_written(store, facilitator, pilot):
    bad = rows(("Answer", "-5", "2", "10"), ("", "100", "1", "5"), ("Refunds", "lots", "1", "150"),
               ("answer", "1", "1", "1"))
    with pytest.raises(ValidationError) as caught:
        features.save_features(store, facilitator, pilot.id, bad, {})
    found = {(p.row, p.field): p.message for p in caught.value.problems}
    assert found[(1, "$ saved / month")] == "can't be negative."
    assert found[(2, "Feature")] == "give the feature a name."
    assert found[(3, "$ saved / month")] == "'lots' is not a number."
    assert found[(3, "Share of volume %")] == "is a share of the volume: at most 100."
    assert found[(4, "Feature")] == "'answer' is also row 1."
    assert features.list_features(store, pilot.id) == []


def test_volume_over_100_percent_is_shown_not_refused():
    assert features.volume_total([{"volume_share": 60}, {"volume_share": 55.5}]) == 115.5


def test_changes_and_removals_are_diffed_and_audited(store, facilitator, pilot, listed):
    shown = {f.id: f for f in listed}
    keep = [RowInput(f.id, {"name": f.name, "dollars_per_month": f.dollars_per_month,
                            "hours_per_week": f.hours_per_week, "volume_share": f.volume_share,
                            "effort": "", "notes": ""}) for f in listed[:5]]
    keep[1] = RowInput(listed[1].id, {**keep[1].values, "dollars_per_month": "9500", "effort": "2 weeks"})
    counts = features.save_features(store, facilitator, pilot.id, [*keep, *rows(("Translate", "1200", "4", "4"))],
                                    shown)
    assert counts == {"added": 1, "changed": 1, "removed": 1}
    log = audit.entries(store, entity="feature")
    assert set(log["action"]) == {"create", "update", "delete"}
    assert "Edited feature 'Reset passwords': dollars_per_month, effort" in set(log["summary"])
    assert "Removed feature 'Detect anger'" in set(log["summary"])


def test_a_row_someone_else_changed_stops_the_save(store, facilitator, pilot, listed):
    shown = {f.id: f for f in listed}
    other = Actor("Olga", Role.FACILITATOR)
    features.move(store, other, listed[0].id, PHASE_2)  # bumps versions (the first move fixes the default cut)
    edit = [RowInput(f.id, {"name": f.name + " v2", "dollars_per_month": 1, "hours_per_week": 1, "volume_share": 1,
                            "effort": "", "notes": ""}) for f in listed[:1]]
    with pytest.raises(StaleEdit, match="changed since you opened the list"):
        features.save_features(store, facilitator, pilot.id, edit, shown)


def test_the_cut_line_and_one_click_moves(store, facilitator, pilot, listed):
    ranked = scope.rank([f.candidate() for f in listed], pilot.hourly_rate)
    assert len(features.core_keys(listed, ranked)) == 5  # the default: top five
    features.apply_cut(store, facilitator, initiatives.get(store, pilot.id), 3)
    now = features.list_features(store, pilot.id)
    core = {f.name for f in now if f.phase == CORE}
    assert core == {"Answer order status", "Reset passwords", "Route tickets"}
    moved = features.move(store, facilitator, next(f.id for f in now if f.name == "Detect anger"), CORE)
    assert moved.phase == CORE
    entry = audit.entries(store, entity="feature").iloc[0]
    assert entry["summary"] == "Moved 'Detect anger' to the core" and entry["action"] == "move"
    # A feature added after a cut starts below the line.
    features.save_features(store, facilitator, pilot.id,
                           [*[RowInput(f.id, {k: getattr(f, k) for k in features.COLUMNS}) for f in now],
                            *rows(("Translate", "1200", "4", "4"))], {f.id: f for f in now})
    assert next(f for f in features.list_features(store, pilot.id) if f.name == "Translate").phase == PHASE_2


def test_the_first_move_keeps_everyone_elses_default_place(store, facilitator, pilot, listed):
    features.move(store, facilitator, listed[5].id, CORE)  # 'Detect anger' was sixth: below the default line
    core = {f.name for f in features.list_features(store, pilot.id) if f.phase == CORE}
    assert len(core) == 6 and "Detect anger" in core


def test_bad_cut_lines_and_phases_are_refused(store, facilitator, pilot, listed):
    with pytest.raises(ValidationError, match="between 0 and 6"):
        features.apply_cut(store, facilitator, initiatives.get(store, pilot.id), 9)
    with pytest.raises(ValidationError, match="not a phase"):
        features.move(store, facilitator, listed[0].id, "someday")


def test_only_facilitators_change_the_scope(store, pilot, listed):
    head = Actor("Hal", Role.DEPARTMENT_HEAD, frozenset({"Finance"}))
    with pytest.raises(PermissionDenied):
        features.move(store, head, listed[0].id, PHASE_2)
    with pytest.raises(PermissionDenied):
        features.save_features(store, head, pilot.id, LIST, {})


def test_the_hourly_rate_is_set_on_the_initiative(store, facilitator, pilot):
    assert pilot.hourly_rate == scope.DEFAULT_HOURLY_RATE
    saved = initiatives.set_figures(store, facilitator, pilot.id, hourly_rate=45, expected_version=pilot.version)
    assert saved.hourly_rate == 45
    with pytest.raises(ValidationError):
        initiatives.set_figures(store, facilitator, pilot.id, hourly_rate=-1, expected_version=saved.version)
