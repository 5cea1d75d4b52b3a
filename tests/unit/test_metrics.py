"""Metric definitions: validated, unique per department, department-scoped rights, history kept."""

from __future__ import annotations

import pytest

from sprint import audit
from sprint.errors import PermissionDenied, StaleEdit, ValidationError
from sprint.permissions import Actor, Role
from sprint.steps.outcomes import store as metrics
from sprint.steps.outcomes.store import MetricDraft

COST = MetricDraft("Process cost", "Finance", "$/unit", "lower", 45, 25, milestones={1: 38, 3: 31})


def test_create_with_milestones(store, facilitator, pilot):
    metric_id = metrics.create(store, facilitator, pilot.id, COST)
    [metric] = metrics.list_metrics(store, pilot.id)
    assert (metric.id, metric.name, metric.baseline, metric.target) == (metric_id, "Process cost", 45, 25)
    assert dict(metric.milestones) == {1: 38, 3: 31}
    assert metrics.departments(store, pilot.id) == ["Finance"]
    entry = audit.entries(store, entity="metric")
    assert entry.iloc[0]["summary"] == "Added metric 'Process cost' (Finance)"


@pytest.mark.parametrize(
    ("draft", "field", "words"),
    [
        (MetricDraft("", "Finance", "$", "lower", 1, 0), "name", "give the metric a name"),
        (MetricDraft("Cost", "", "$", "lower", 1, 0), "department", "which department"),
        (MetricDraft("Cost", "Finance", "$", "sideways", 1, 0), "direction", "lower or higher"),
        (MetricDraft("Cost", "Finance", "$", "lower", None, 0), "baseline", "enter a number"),
        (MetricDraft("Cost", "Finance", "$", "lower", 1, float("nan")), "target", "enter a number"),
        (MetricDraft("Time", "Ops", "hours", "lower", -2, 1), "baseline", "can't be negative"),
        (MetricDraft("Tickets", "Ops", "count", "lower", 5, 1, milestones={30: 2}), "milestones", "outside"),
        (MetricDraft("Tickets", "Ops", "count", "lower", 5, 1, milestones={1: -1}), "milestones", "negative"),
        (MetricDraft("Share", "Ops", "%", "higher", 0, 50, is_savings=True), "is_savings", "dollar amount"),
    ],
)
def test_bad_definitions_are_refused_per_field(store, facilitator, pilot, draft, field, words):
    with pytest.raises(ValidationError) as caught:
        metrics.create(store, facilitator, pilot.id, draft)
    assert words in caught.value.for_field(field)[0].message
    assert metrics.list_metrics(store, pilot.id) == []


def test_a_rename_to_an_existing_name_is_refused(store, facilitator, pilot):
    metrics.create(store, facilitator, pilot.id, COST)
    other = metrics.create(store, facilitator, pilot.id, MetricDraft("ROI", "Finance", "%", "higher", -100, 40))
    with pytest.raises(ValidationError, match="already has a metric called 'process cost'"):
        metrics.update(store, facilitator, other, MetricDraft("process cost", "Finance", "%", "higher", -100, 40),
                       expected_version=1)
    # The same name in another department is a different metric.
    metrics.create(store, facilitator, pilot.id, MetricDraft("Process cost", "Operations", "$/unit", "lower", 9, 5))


def test_edit_records_what_changed_and_refuses_stale_versions(store, facilitator, pilot):
    metric_id = metrics.create(store, facilitator, pilot.id, COST)
    changed = metrics.update(store, facilitator, metric_id,
                             MetricDraft("Process cost", "Finance", "$/unit", "lower", 45, 22, milestones={1: 38}),
                             expected_version=1)
    assert changed.target == 22 and dict(changed.milestones) == {1: 38}
    log = audit.entries(store, entity="metric").iloc[0]
    assert "milestones, target" in log["summary"]
    with pytest.raises(StaleEdit):
        metrics.update(store, facilitator, metric_id, COST, expected_version=1)


def test_department_heads_define_only_their_own_metrics(store, pilot):
    head = Actor("Hal", Role.DEPARTMENT_HEAD, frozenset({"Finance"}))
    metric_id = metrics.create(store, head, pilot.id, COST)
    with pytest.raises(PermissionDenied, match="department head for Finance"):
        metrics.create(store, head, pilot.id, MetricDraft("Scrap", "Operations", "$", "lower", 9, 5))
    with pytest.raises(PermissionDenied):  # moving it away needs rights on the new department too
        metrics.update(store, head, metric_id, MetricDraft("Process cost", "Operations", "$/unit", "lower", 45, 25),
                       expected_version=1)
    with pytest.raises(PermissionDenied):
        metrics.create(store, Actor("Vic", Role.VIEWER), pilot.id, COST)


def test_retired_metrics_leave_the_lists_but_keep_history(store, facilitator, pilot):
    metric_id = metrics.create(store, facilitator, pilot.id, COST)
    metrics.archive(store, facilitator, metric_id, expected_version=1)
    assert metrics.list_metrics(store, pilot.id) == []
    assert len(metrics.list_metrics(store, pilot.id, include_archived=True)) == 1
    assert metrics.departments(store, pilot.id) == []
    # Its name is free again for a new metric.
    metrics.create(store, facilitator, pilot.id, COST)


def test_only_the_facilitator_decides_which_metrics_count_as_savings(store):
    """#32: a Finance head added a savings metric to another department's initiative, which moved its computed
    ROI from -100% to +971%. Savings feed the ROI, so counting a metric as savings (and its baseline, target and
    retirement while it counts) is the facilitator's; department heads still define and fill in their own
    department's other metrics."""
    from sprint import initiatives
    from sprint.steps.outcomes import actuals
    from tests.conftest import TODAY

    fran = Actor("Fran", Role.FACILITATOR)
    head = Actor("Hal (joined with the Finance code)", Role.DEPARTMENT_HEAD, frozenset({"Finance"}))
    other = initiatives.create(store, fran, initiatives.InitiativeDraft("Fleet routing", TODAY, department="Logistics"),
                               today=TODAY)
    before = store.last_change()
    with pytest.raises(PermissionDenied, match="Only a facilitator can count a metric as savings"):
        metrics.create(store, head, other, MetricDraft("Money saved", "Finance", "$/month", "higher", 0, 90_000,
                                                       is_savings=True))
    assert store.last_change() == before and metrics.list_metrics(store, other) == []
    own = metrics.create(store, head, other, MetricDraft("Late fees", "Finance", "$/month", "lower", 400, 100))
    made = metrics.list_metrics(store, other)[0]
    with pytest.raises(PermissionDenied):
        metrics.update(store, head, own, MetricDraft("Late fees", "Finance", "$/month", "lower", 400, 100,
                                                     is_savings=True), expected_version=made.version)
    saved = metrics.create(store, fran, other, MetricDraft("Cost saved", "Finance", "$/month", "higher", 0, 9_000,
                                                           is_savings=True))
    kept = next(m for m in metrics.list_metrics(store, other) if m.id == saved)
    with pytest.raises(PermissionDenied):
        metrics.update(store, head, saved, MetricDraft("Cost saved", "Finance", "$/month", "higher", 0, 900_000,
                                                       is_savings=True), expected_version=kept.version)
    with pytest.raises(PermissionDenied):
        metrics.archive(store, head, saved, expected_version=kept.version)
    renamed = metrics.update(store, head, saved, MetricDraft("Cost saved (AP)", "Finance", "$/month", "higher", 0,
                                                             9_000, is_savings=True), expected_version=kept.version)
    assert renamed.name == "Cost saved (AP)"  # a name is not money
    actuals.save_month(store, head, initiatives.get(store, other), "Finance", 1, {saved: "1200"}, {},
                       today=TODAY)  # and entering the month's value is theirs
