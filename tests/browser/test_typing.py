"""Typing into the editable tables at a person's pace: every character is kept, nothing reruns the page until
the table's button is pressed, and what was typed is what is stored."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sprint import initiatives
from sprint.steps.compliance import store as compliance_store
from sprint.steps.governance import store as governance_store
from sprint.steps.scope import store as features
from sprint.steps.workflow import store as workflow_store
from sprint.store import Store
from tests.browser.conftest import (
    act,
    assert_no_exception,
    load_example_db,
    runs,
    settle,
    type_into_first_row,
    type_new_row,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def _open(start_app, page, tmp_path, path: str):
    db = tmp_path / "example.duckdb"
    load_example_db(db)
    server = start_app(db)
    page.goto(server.url + path)
    wait_for_app(page)
    return server


def _typed_then_saved(page, grid, cells: list[str | None], button: str, answer: str) -> None:
    """Type a new row without causing a single rerun, then save it with the table's button and wait for the
    page's answer (a person reads it) and for the page to settle. The answer, not a count of reruns, says the
    click was heard (on a loaded machine the run counter once missed the save's run: a click taken while a run
    was still going restarts it without a turn to 'running')."""
    before = runs(page)
    type_new_row(page, grid, cells)
    assert runs(page) == before, "typing into the table reran the page"
    settle(page)
    page.get_by_role("button", name=button).click()
    expect(page.get_by_text(answer).first).to_be_visible(timeout=60_000)
    settle(page)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=60_000)


def _stored(server, read):
    server.stop()  # the server holds the database file; read what it stored once it has let go
    with Store(server.db) as store:
        return read(store)


def _initiative(store: Store, name: str) -> int:
    return next(i.id for i in initiatives.list_all(store) if i.name == name)


def test_step_1_feature_list(start_app, page, tmp_path):
    server = _open(start_app, page, tmp_path, "/scope?initiative=invoice-processing&view=edit-list")
    _typed_then_saved(page, page.get_by_test_id("stDataFrame").first,
                      ["Auto-route claims", "$1,250", "3.5", "12", "low", "From the shadow session"], "Save the list",
                      "Saved the list: 1 added, 0 changed, 0 removed.")
    assert_no_exception(page, server, "Step 1")
    added = _stored(server, lambda s: next(f for f in features.list_features(s, _initiative(s, "Invoice processing"))
                                           if f.name == "Auto-route claims"))
    assert (added.dollars_per_month, added.hours_per_week, added.volume_share, added.effort, added.notes) == (
        1250, 3.5, 12, "low", "From the shadow session")


def test_step_3_workflow_habits_and_shadow_it(start_app, page, tmp_path):
    server = _open(start_app, page, tmp_path, "/workflow?initiative=invoice-processing&view=workflow")
    steps_grid = page.get_by_test_id("stDataFrame").nth(1)  # after 'Systems touched'
    _typed_then_saved(page, steps_grid, ["Checks the total", "AP clerk", "ERP invoice screen", None, "7"],
                      "Save the workflow", "Saved the workflow.")
    flow = page.get_by_test_id("stGraphVizChart")
    expect(flow).to_contain_text("6. Checks the total")  # the new step's box leads with what happens
    page.goto(server.url + "/workflow?initiative=invoice-processing&view=habits-shadow")  # the view's address
    wait_for_app(page)
    _typed_then_saved(page, page.get_by_test_id("stDataFrame").first, ["Inside the ERP", "Approve in the ERP"],
                      "Save the habit changes", "Saved the habit changes.")
    _typed_then_saved(page, page.get_by_test_id("stDataFrame").nth(1),
                      ["PO lookup macro", "Excel", "Priya Nair", "Finds the PO number"], "Save the shadow-IT inventory",
                      "Saved the shadow-IT inventory.")
    assert_no_exception(page, server, "Step 3")

    def read(store):
        invoice = _initiative(store, "Invoice processing")
        return (workflow_store.list_steps(store, invoice)[-1], workflow_store.habits(store, invoice),
                workflow_store.shadow_tools(store, invoice))

    step, habits, tools = _stored(server, read)
    assert (step.activity, step.actor, step.system, step.official, step.minutes, step.ai_touch) == (
        "Checks the total", "AP clerk", "ERP invoice screen", True, 7, "none")
    assert habits == [("Inside the ERP", "Approve in the ERP")]
    assert [(t.tool, t.kind, t.builder, t.solves) for t in tools] == [
        ("PO lookup macro", "Excel", "Priya Nair", "Finds the PO number")]


def test_step_4_escalation_path_and_rules(start_app, page, tmp_path):
    server = _open(start_app, page, tmp_path, "/governance?initiative=delivery-route-planner&view=escalation-rules")
    _typed_then_saved(page, page.get_by_test_id("stDataFrame").first,
                      ["Chief operating officer", "coo@example.test", "Two red weeks in a row"],
                      "Save the escalation path", "Saved the escalation path.")
    _typed_then_saved(page, page.get_by_test_id("stDataFrame").nth(1),
                      ["Drivers can override a route", "Overrides above 10% a week"], "Save the rules",
                      "Saved the core rules.")
    assert_no_exception(page, server, "Step 4")

    def read(store):
        routing = _initiative(store, "Delivery route planner")
        return governance_store.list_levels(store, routing)[-1], governance_store.list_rules(store, routing)[-1]

    level, rule = _stored(server, read)
    assert (level.who, level.contact, level.trigger) == (
        "Chief operating officer", "coo@example.test", "Two red weeks in a row")
    assert rule == ("Drivers can override a route", "Overrides above 10% a week")


def test_step_2_register_statuses_and_bias_counts(start_app, page, tmp_path):
    server = _open(start_app, page, tmp_path, "/compliance?initiative=delivery-route-planner&view=data-register")
    # A name without its kind is not enough: the row is kept in the table, with a message naming it.
    _typed_then_saved(page, page.get_by_test_id("stDataFrame").first, ["Depot gate codes"], "Save the register",
                      "choose data source or decision point")
    page.goto(server.url + "/compliance?initiative=delivery-route-planner&view=obligations")
    wait_for_app(page)
    type_into_first_row(page, page.get_by_test_id("stDataFrame").first, "Owner", "Dana Whitfield")
    act(page, lambda: page.get_by_role("button", name="Save the statuses").click())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Saved the statuses.")).to_be_visible()
    page.goto(server.url + "/compliance?initiative=delivery-route-planner&view=bias-screen")
    wait_for_app(page)
    page.get_by_label("Protected attribute").fill("age band")
    before = runs(page)
    type_new_row(page, page.get_by_test_id("stDataFrame").first, ["Under 40", "120", "60"])
    type_new_row(page, page.get_by_test_id("stDataFrame").first, ["40 and over", "100", "20"])
    assert runs(page) == before
    act(page, lambda: page.get_by_role("button", name="Run the screen").click())
    assert_no_exception(page, server, "Step 2")
    refusals = page.get_by_test_id("stAlertContentError")
    assert not refusals.count(), f"the screen was refused: {refusals.first.inner_text()}"
    expect(page.get_by_text("age band:").first).to_be_visible()  # listed under Past screens


    def read(store):
        routing = _initiative(store, "Delivery route planner")
        return compliance_store.statuses(store, routing), compliance_store.bias_history(store, routing)

    found, history = _stored(server, read)
    assert "Dana Whitfield" in {s.owner for s in found.values()}
    _, attribute, groups, _ = history[0]
    assert attribute == "age band"
    assert [(g.group, g.total, g.selected) for g in groups] == [("Under 40", 120, 60), ("40 and over", 100, 20)]
