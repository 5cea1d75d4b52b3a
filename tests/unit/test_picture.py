"""Readiness per step and red flags, read from every step of the example sprint."""

from __future__ import annotations

import pytest

from sprint import initiatives, portfolio
from sprint.example import build as example
from sprint.picture import Picture
from tests.conftest import TODAY


@pytest.fixture
def pictures(store, facilitator):
    example.load_example(store, facilitator, today=TODAY)
    return {i.name: Picture(store, i, TODAY) for i in initiatives.list_all(store)}


def scores(picture):
    return {step.step: round(step.score, 2) for step in picture.readiness}


def test_readiness_per_step_names_what_is_done(pictures):
    routing = scores(pictures["Delivery route planner"])
    assert routing["Step 1 · Scope"] == 1.0  # ranked, cut, the core covers 83% of volume, one-sentence ROI
    sales = pictures["Sales pipeline assistant"]
    step3 = next(s for s in sales.readiness if s.step.startswith("Step 3"))
    done = {e.label: e.done for e in step3.essentials}
    assert done == {"3 users shadowed": True, "the workflow mapped as it really runs": True,
                    "a chosen design that changes at most one habit": True,
                    "shadow IT inventoried, every builder involved": False, "adoption measured weekly": True}
    assert step3.score == 0.8 and "to do: shadow IT inventoried, every builder involved" in step3.explanation
    sched = scores(pictures["Patient scheduling assistant"])
    assert 0 < sched["Step 2 · Compliance"] < 1 and 0 < sched["Step 4 · Governance"] < 1
    assert scores(pictures["Quality inspection vision"])["Step 5 · Outcomes"] == 0
    # Nothing recorded is not compliance: an initiative with no Step 2 data scores nothing there.
    assert scores(pictures["Quality inspection vision"])["Step 2 · Compliance"] == 0
    # The example's first initiative walks a whole sprint: every step well under way, two items still open.
    assert scores(pictures["Delivery route planner"]) == {
        "Step 1 · Scope": 1.0, "Step 2 · Compliance": 0.8, "Step 3 · Day in the life": 1.0,
        "Step 4 · Governance": 0.8, "Step 5 · Outcomes": 1.0}


def test_red_flags(pictures):
    assert pictures["Quality inspection vision"].red_flags == ["no owner with budget authority"]
    assert "1 overdue obligation" in pictures["Patient scheduling assistant"].red_flags
    assert "1 metric off track" in pictures["Support ticket assistant"].red_flags
    assert pictures["Delivery route planner"].red_flags == []
    assert not any("habits" in f for f in pictures["Sales pipeline assistant"].red_flags)  # CRM design: none


def test_a_design_changing_two_habits_is_flagged(store, facilitator, pictures):
    from sprint.steps.workflow import store as workflow_store

    sales = pictures["Sales pipeline assistant"].initiative
    workflow_store.choose_design(store, facilitator, sales, "Separate sales AI platform")
    again = Picture(store, initiatives.get(store, sales.id), TODAY)
    assert "the chosen design changes 2 habits" in again.red_flags


def test_the_headline_and_the_table(pictures):
    assert pictures["Support ticket assistant"].headline.startswith("Monthly cost savings: 78% of the way")
    assert pictures["Quality inspection vision"].headline == "no metrics reported yet"
    table = portfolio.readiness_table(list(pictures.values()), TODAY)
    assert list(table.columns) == ["Initiative", "Sprint", *portfolio.STEP_COLUMNS, "Red flags", "Headline"]
    quality = table.set_index("Initiative").loc["Quality inspection vision"]
    assert quality["Red flags"] == "no owner with budget authority"
