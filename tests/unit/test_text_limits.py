"""Every stored text has a length limit: the fields people name things in have their own (named in the message),
and no write of any kind stores a text longer than TEXT_MAX. Nothing is written when a text is too long."""

from __future__ import annotations

import pytest

from sprint import importing
from sprint.access import sign_on
from sprint.errors import ValidationError
from sprint.importing.plan import open_source
from sprint.permissions import Role
from sprint.steps.compliance import store as compliance_store
from sprint.steps.governance import store as governance_store
from sprint.steps.governance.store import Checkin
from sprint.steps.outcomes import store as metrics
from sprint.steps.outcomes.store import MetricDraft
from sprint.steps.workflow import store as workflow_store
from sprint.steps.workflow.store import Session
from sprint.text_limits import DEPARTMENT_MAX, TEXT_MAX, UNIT_MAX
from tests.conftest import TODAY

HUGE = "x" * 100_000


def _writes(store) -> int:
    return store.fetch_one("SELECT count(*) FROM audit_log")[0]


def test_a_metrics_department_and_unit_have_limits_named_in_the_message(store, facilitator, pilot):
    before = _writes(store)
    with pytest.raises(ValidationError) as caught:
        metrics.create(store, facilitator, pilot.id, MetricDraft("Cost", HUGE, HUGE, "lower", 10, 5))
    found = {p.field: p.message for p in caught.value.problems}
    assert f"under {DEPARTMENT_MAX} characters" in found["department"] and "100,000" in found["department"]
    assert f"under {UNIT_MAX} characters" in found["unit"]
    assert _writes(store) == before
    metrics.create(store, facilitator, pilot.id, MetricDraft("Cost", "D" * DEPARTMENT_MAX, "u" * UNIT_MAX, "lower",
                                                             10, 5))  # at the limit: fine


@pytest.mark.parametrize("write", [
    lambda s, a, p: governance_store.log_checkin(s, a, p, Checkin(TODAY, 15, "", "green", HUGE, "", False),
                                                 today=TODAY),
    lambda s, a, p: workflow_store.add_session(s, a, p, Session(TODAY, "Clerk", "", 4, HUGE), today=TODAY),
    lambda s, a, p: compliance_store.save_notice(s, a, p.id, "web", HUGE),
    lambda s, a, p: governance_store.add_item(s, a, p.id, "crawl", HUGE),
    lambda s, a, p: workflow_store.save_habits(s, a, p.id, [{"design": "Portal", "habit": HUGE}], []),
    lambda s, a, p: sign_on.set_person(s, a, "hal@acme.test", Role.VIEWER, [], HUGE),
], ids=["check-in decisions", "shadow notes", "notice", "checklist item", "habit", "person name"])
def test_no_write_stores_a_text_longer_than_the_limit(store, facilitator, pilot, write):
    before = _writes(store)
    with pytest.raises(ValidationError, match=f"longer than the {TEXT_MAX:,}|characters"):
        write(store, facilitator, pilot)
    assert _writes(store) == before


def test_an_imported_cell_too_long_is_a_problem_at_its_row_and_column(store, facilitator, pilot):
    text = f"Department,Metric,Unit,Baseline,Target,Month 1\n{'D' * 500},Cost,$,10,5,8\nOps,Time,{'u' * 200},4,2,3\n"
    plan = importing.make_plan(store, open_source(text.encode(), "kpis.csv"), initiative_id=pilot.id, today=TODAY,
                               strict=True)
    problems = {(p.row, p.column): p.message for p in plan.problems}
    assert "keep it under 80" in problems[(2, "A")] and "keep it under 30" in problems[(3, "C")]
