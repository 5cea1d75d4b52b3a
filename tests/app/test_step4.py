"""Step 4 page: the owner red flag, ticking checklist items, logging check-ins (and a second one in a week)."""

from __future__ import annotations

import datetime as dt

from sprint.steps.governance import store as governance_store
from sprint.ui import state
from tests.app.conftest import open_on as open_page
from tests.app.conftest import texts

PAGE = "app_pages/step4_governance.py"


def open_on(app, name):
    return open_page(app, PAGE, name)


def test_an_owner_without_budget_authority_is_a_red_flag(app, example_db):
    at, _ = open_on(app, "Quality inspection vision")
    assert "Red flag: no owner with budget authority" in texts(at, "error")
    at, _ = open_on(app, "Patient scheduling assistant")
    assert "Red flag" not in texts(at, "error")


def test_ticking_a_checklist_item(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    assert "Still open in the crawl phase: A single-page performance dashboard." in texts(at, "warning")
    box = next(c for c in at.checkbox if c.label == "A single-page performance dashboard")
    box.check().run()
    assert not at.exception
    assert "Ticked 'A single-page performance dashboard'." in texts(at, "success")
    item = next(i for i in governance_store.checklist(state.store(), sched.id)
                if i.label == "A single-page performance dashboard")
    assert item.done and item.done_by
    assert "Still open in the crawl phase" not in texts(at, "warning")


def test_logging_a_check_in_and_confirming_a_second_one(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Check-ins").run()
    assert {m.label: m.value for m in at.metric}["Missed weeks"] == "1"
    before = len(governance_store.list_checkins(state.store(), sched.id))
    latest = governance_store.list_checkins(state.store(), sched.id)[-1].held_on
    at.date_input(key="checkin_date").set_value(latest)  # the same week as the example's latest check-in
    at.number_input(key="checkin_minutes").set_value(12)
    at.radio(key="checkin_status").set_value("red")
    at.text_area(key="checkin_decisions").input("Hold the cardiology rollout")
    next(b for b in at.button if b.label == "Log the check-in").click().run()
    assert not at.exception
    assert "Was this a second meeting?" in texts(at, "warning")
    assert len(governance_store.list_checkins(state.store(), sched.id)) == before  # nothing written yet
    at.button(key="confirm_second").click().run()
    assert "Logged the second check-in." in texts(at, "success")
    assert len(governance_store.list_checkins(state.store(), sched.id)) == before + 1
    assert governance_store.list_checkins(state.store(), sched.id)[-1].decisions == "Hold the cardiology rollout"
    assert "The latest check-in is red: escalate to level 1, Dr. Elena Ortiz" in texts(at, "error")


def test_a_future_check_in_is_refused(app, example_db):
    at, sched = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Check-ins").run()
    at.date_input(key="checkin_date").set_value(dt.date.today() + dt.timedelta(days=3))
    next(b for b in at.button if b.label == "Log the check-in").click().run()
    assert "**Date**: a check-in can't be dated in the future." in texts(at, "error").replace("\\", "")


def test_the_risk_register_starts_empty_then_saves_typed_risks_and_flags_the_unowned_high_one(app, example_db):
    from sprint.steps.governance import risks

    at, sched = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Risks").run()
    assert not at.exception
    assert "No risks recorded yet" in texts(at, "info")
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"title": "No-show model drifts after the holidays", "likelihood": 4, "impact": 4, "status": "open"},
        {"title": "Clinic staff skip the suggestions", "likelihood": 2, "impact": 3, "owner": "Ana",
         "response": "Shadow two shifts", "status": "open"}]}
    at.run()
    at.button(key="save_risks").click().run()
    assert not at.exception
    assert "Saved the risk register of Patient scheduling assistant." in texts(at, "success")
    stored = risks.list_risks(state.store(), sched.id)
    assert [(r.title, r.rated_level) for r in stored] == [("No-show model drifts after the holidays", "high"),
                                                          ("Clinic staff skip the suggestions", "medium")]
    assert "1 high open risk has no owner." in texts(at, "error")
    assert {m.label: m.value for m in at.metric}["Open · high"] == "1"
    assert len(at.get("vega_lite_chart")) >= 1  # the likelihood x impact matrix


def test_a_rating_that_is_not_one_is_named_and_nothing_saved(app, example_db):
    from sprint.steps.governance import risks

    at, sched = open_on(app, "Patient scheduling assistant")
    at.segmented_control[0].set_value("Risks").run()
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"title": "", "likelihood": 3, "impact": 2, "status": "open"}]}
    at.run()
    at.button(key="save_risks").click().run()
    assert "row 1, Risk**: say what the risk is." in texts(at, "error")
    assert risks.list_risks(state.store(), sched.id) == []
