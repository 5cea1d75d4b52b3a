"""Saving a department's month: validated per cell, blank is not zero, jumps confirmed, nobody overwritten."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from sprint import audit
from sprint.errors import PermissionDenied, StaleEdit, ValidationError
from sprint.permissions import Actor, Role
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.steps.outcomes.actuals import JumpNeedsConfirmation
from sprint.steps.outcomes.store import MetricDraft
from tests.conftest import TODAY


@pytest.fixture
def finance(store, facilitator, pilot):
    ids = {
        "cost": metrics.create(store, facilitator, pilot.id,
                               MetricDraft("Process cost", "Finance", "$/unit", "lower", 45, 25)),
        "time": metrics.create(store, facilitator, pilot.id,
                               MetricDraft("Processing time", "Finance", "hours", "lower", 4.5, 1.5)),
        "errors": metrics.create(store, facilitator, pilot.id,
                                 MetricDraft("Errors", "Finance", "count", "lower", 40, 10)),
    }
    return ids


def save(store, actor, pilot, month, typed, shown=None, **kw):
    return actuals.save_month(store, actor, pilot, "Finance", month, typed, shown or {}, today=TODAY, **kw)


def test_a_month_is_saved_with_who_and_one_audit_entry(store, facilitator, pilot, finance):
    result = save(store, facilitator, pilot, 1, {finance["cost"]: "$38", finance["time"]: "3.2 hours"})
    assert (result.saved, result.cleared) == (2, 0)
    assert actuals.actuals_by_metric(store, pilot.id) == {finance["cost"]: {1: 38.0}, finance["time"]: {1: 3.2}}
    frame = actuals.entries_frame(store, pilot.id)
    assert set(frame["entered_by"]) == {"Fran Facilitator"}
    entry = audit.entries(store, entity="actuals").iloc[0]
    assert entry["summary"].startswith("Entered Month 1 (") and "for Finance: 2 saved, 0 cleared" in entry["summary"]
    assert json.loads(entry["after"]) == {"Process cost": 38.0, "Processing time": 3.2}


def test_blank_means_not_reported_and_clearing_keeps_history(store, facilitator, pilot, finance):
    save(store, facilitator, pilot, 1, {finance["cost"]: "", finance["time"]: "3.2"})
    assert actuals.actuals_by_metric(store, pilot.id) == {finance["time"]: {1: 3.2}}  # no zero for the blank
    result = save(store, facilitator, pilot, 1, {finance["time"]: ""}, {finance["time"]: 3.2})
    assert (result.saved, result.cleared) == (0, 1)
    assert actuals.actuals_by_metric(store, pilot.id) == {}
    entry = audit.entries(store, entity="actuals").iloc[0]
    assert json.loads(entry["before"]) == {"Processing time": 3.2}
    assert json.loads(entry["after"]) == {"Processing time": None}


def test_unchanged_cells_write_nothing(store, facilitator, pilot, finance):
    save(store, facilitator, pilot, 1, {finance["cost"]: "38"})
    before = store.last_change()
    assert save(store, facilitator, pilot, 1, {finance["cost"]: "$38.00"}, {finance["cost"]: 38.0}).changed == 0
    assert store.last_change() == before


def test_every_bad_cell_is_named_and_nothing_is_written(store, facilitator, pilot, finance):
    with pytest.raises(ValidationError) as caught:
        save(store, facilitator, pilot, 1, {finance["cost"]: "thirty", finance["time"]: "-2",
                                            finance["errors"]: "12%"})
    problems = {p.field: p.message for p in caught.value.problems}
    assert "'thirty' is not a number" in problems["Process cost"] and "$45/unit" in problems["Process cost"]
    assert "a duration can't be negative" in problems["Processing time"]
    assert "'12%' is in % but this metric is in count" in problems["Errors"]
    assert actuals.actuals_by_metric(store, pilot.id) == {}


@pytest.mark.parametrize("month", [0, 3, 25])
def test_months_outside_the_sprint_so_far_are_refused(store, facilitator, pilot, finance, month):
    with pytest.raises(ValidationError, match="outside the sprint so far: you can report months 1-2"):
        save(store, facilitator, pilot, month, {finance["cost"]: "38"})


def test_a_past_month_is_allowed_and_says_so_in_the_audit(store, facilitator, pilot, finance):
    save(store, facilitator, pilot, 1, {finance["cost"]: "40"})
    save(store, facilitator, pilot, 2, {finance["cost"]: "36"})
    save(store, facilitator, pilot, 1, {finance["cost"]: "39"}, {finance["cost"]: 40.0})
    assert actuals.actuals_by_metric(store, pilot.id)[finance["cost"]] == {1: 39.0, 2: 36.0}
    assert "(a past month)" in audit.entries(store, entity="actuals").iloc[0]["summary"]


def test_a_3x_jump_needs_confirmation(store, facilitator, pilot, finance):
    save(store, facilitator, pilot, 1, {finance["errors"]: "30", finance["cost"]: "40"})
    with pytest.raises(JumpNeedsConfirmation) as caught:
        save(store, facilitator, pilot, 2, {finance["errors"]: "3", finance["cost"]: "38"})
    assert [j.metric for j in caught.value.jumps] == ["Errors"]
    assert "Errors: 30 -> 3 (10.0x)" in str(caught.value)
    assert actuals.actuals_by_metric(store, pilot.id)[finance["errors"]] == {1: 30.0}  # nothing saved yet
    save(store, facilitator, pilot, 2, {finance["errors"]: "3", finance["cost"]: "38"}, confirm_jumps=True)
    assert actuals.actuals_by_metric(store, pilot.id)[finance["errors"]] == {1: 30.0, 2: 3.0}
    # A fall to zero is the biggest jump of all.
    with pytest.raises(JumpNeedsConfirmation, match="Process cost: \\$40/unit -> \\$0/unit \\(down to zero\\)"):
        save(store, facilitator, pilot, 2, {finance["cost"]: "0"}, {finance["cost"]: 38.0})


def test_someone_elses_change_to_the_same_cell_is_never_overwritten(store, facilitator, pilot, finance):
    dana = Actor("Dana", Role.FACILITATOR)
    # Both opened month 1 while it was empty; Dana saves first.
    save(store, dana, pilot, 1, {finance["cost"]: "38"}, {finance["cost"]: None})
    with pytest.raises(StaleEdit, match="Process cost changed .* \\(Dana saved first\\)"):
        save(store, facilitator, pilot, 1, {finance["cost"]: "37"}, {finance["cost"]: None})
    assert actuals.actuals_by_metric(store, pilot.id)[finance["cost"]] == {1: 38.0}
    # A different cell of the same month lands fine.
    save(store, facilitator, pilot, 1, {finance["time"]: "3.1"}, {finance["time"]: None})
    assert actuals.actuals_by_metric(store, pilot.id)[finance["time"]] == {1: 3.1}


def test_department_heads_enter_only_their_own_department(store, pilot, finance):
    ops_head = Actor("Olu", Role.DEPARTMENT_HEAD, frozenset({"Operations"}))
    with pytest.raises(PermissionDenied, match="can't edit department data for Finance"):
        save(store, ops_head, pilot, 1, {finance["cost"]: "38"})
    finance_head = Actor("Fay", Role.DEPARTMENT_HEAD, frozenset({"Finance"}))
    save(store, finance_head, pilot, 1, {finance["cost"]: "38"})
    assert audit.entries(store, entity="actuals").iloc[0]["actor"] == "Fay"


def test_department_heads_saving_at_the_same_moment_all_land(store, facilitator, pilot):
    departments = [f"Department {n}" for n in range(8)]
    ids = {d: [metrics.create(store, facilitator, pilot.id, MetricDraft(f"Metric {k}", d, "$", "lower", 10, 5))
               for k in range(5)] for d in departments}
    start = threading.Barrier(len(departments))
    errors = []

    def head(department: str) -> None:
        person = Actor(f"Head of {department}", Role.DEPARTMENT_HEAD, frozenset({department}))
        start.wait()
        try:
            actuals.save_month(store, person, pilot, department, 2, {i: "8" for i in ids[department]}, {},
                               today=TODAY)
        except Exception as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)

    with ThreadPoolExecutor(len(departments)) as pool:
        list(pool.map(head, departments))
    assert errors == []
    saved = actuals.actuals_by_metric(store, pilot.id)
    assert sum(len(v) for v in saved.values()) == 8 * 5
    assert audit.verify(store).ok


def test_savings_by_month_adds_up_the_savings_metrics_only(store, facilitator, pilot, finance):
    saved = metrics.create(store, facilitator, pilot.id,
                           MetricDraft("Monthly savings", "Finance", "$/month", "higher", 0, 40000, is_savings=True))
    other = metrics.create(store, facilitator, pilot.id,
                           MetricDraft("Licence savings", "IT", "$/month", "higher", 0, 5000, is_savings=True))
    save(store, facilitator, pilot, 1, {saved: "22,800", finance["cost"]: "38"})
    save(store, facilitator, pilot, 2, {saved: "31k"})
    actuals.save_month(store, facilitator, pilot, "IT", 2, {other: "1000"}, {}, today=TODAY)
    assert actuals.savings_by_month(store, pilot.id) == {1: 22800.0, 2: 32000.0}
