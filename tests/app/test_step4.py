"""Step 4 page: the owner red flag, ticking checklist items, logging check-ins (and a second one in a week)."""

from __future__ import annotations

import datetime as dt

from sprint import governance_store
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
