"""Step 4: the phase calendar, the check-in rhythm, escalation, the rule count, vendor exit; and storage."""

from __future__ import annotations

import datetime as dt

import pytest

from sprint import audit, initiatives
from sprint.errors import PermissionDenied, StaleEdit, ValidationError
from sprint.permissions import Actor, Role
from sprint.steps.governance import rules as governance
from sprint.steps.governance import store as governance_store
from sprint.steps.governance.rules import Level
from sprint.steps.governance.store import Checkin, SecondMeetingThisWeek
from tests.conftest import TODAY

START = dt.date(2026, 1, 5)


def on(day: int) -> dt.date:
    return START + dt.timedelta(days=day - 1)


@pytest.mark.parametrize(("day", "phase"), [(0, None), (1, "crawl"), (28, "crawl"), (29, "walk"), (90, "walk"),
                                            (91, "run"), (400, "run")])
def test_phase_calendar_boundaries(day, phase):
    assert governance.phase_on(START, on(day)) == phase


def test_phase_start_dates():
    assert governance.phase_starts(START) == {"crawl": START, "walk": on(29), "run": on(91)}


def test_streak_and_missed_weeks():
    today = dt.date(2026, 2, 12)  # a Thursday
    meetings = [(dt.date(2026, 1, 6), 14), (dt.date(2026, 1, 13), 16), (dt.date(2026, 1, 27), 20),
                (dt.date(2026, 2, 3), 15), (dt.date(2026, 2, 10), 12)]
    r = governance.rhythm(meetings, today)
    assert r.streak == 3 and r.missed == [dt.date(2026, 1, 19)]
    assert r.average_minutes == pytest.approx(15.4) and r.over_target
    # This week's meeting not held yet: the streak counts up to last week, and this week isn't missed yet.
    assert governance.rhythm(meetings[:-1], today).streak == 2
    assert governance.rhythm(meetings[:-1], today).missed == [dt.date(2026, 1, 19)]
    assert governance.rhythm(meetings[:-1], today + dt.timedelta(days=7)).missed == [
        dt.date(2026, 1, 19), dt.date(2026, 2, 9)]
    assert governance.rhythm([], today) == governance.Rhythm(0, [], None, False)


LEVELS = [Level(1, "Owner", "ext 1", "red"), Level(2, "COO", "ext 2", "red twice"), Level(3, "CEO", "ext 3", "safety")]


@pytest.mark.parametrize(("statuses", "escalated_to", "expected"), [
    (["green", "amber"], None, None), (["green", "red"], None, 1), (["red", "red"], 1, 2), (["red"] * 5, 3, 3),
    ([], None, None)])
def test_a_red_check_in_suggests_the_next_level(statuses, escalated_to, expected):
    suggestion = governance.suggest_escalation(LEVELS, statuses, escalated_to)
    assert (suggestion.level if suggestion else None) == expected
    assert governance.suggest_escalation([], ["red"]) is None


def test_more_than_seven_rules_is_a_warning_naming_the_lesson():
    assert governance.rules_warning(7) is None
    warning = governance.rules_warning(12)
    assert warning.startswith("12 rules") and "73 governance requirements to 7 core rules" in warning


def test_vendor_warnings():
    warnings = governance.vendor_warnings(4000, 40000, True, True, False)
    assert any("10x the pilot" in w for w in warnings) and any("export all your data" in w for w in warnings)
    assert governance.vendor_warnings(4000, 28000, True, True, True) == []


def test_ticking_and_adding_items_is_audited(store, facilitator, pilot):
    governance_store.tick(store, facilitator, pilot.id, "crawl", "Weekly 15-minute check-ins", True)
    governance_store.add_item(store, facilitator, pilot.id, "walk", "Privacy review before each release")
    items = {(i.phase, i.label): i for i in governance_store.checklist(store, pilot.id)}
    ticked = items[("crawl", "Weekly 15-minute check-ins")]
    assert ticked.done and ticked.done_by == "Fran Facilitator" and ticked.done_at is not None
    assert items[("walk", "Privacy review before each release")].custom
    governance_store.tick(store, facilitator, pilot.id, "crawl", "Weekly 15-minute check-ins", False)
    assert not {(i.phase, i.label): i for i in governance_store.checklist(store, pilot.id)}[
        ("crawl", "Weekly 15-minute check-ins")].done
    assert list(audit.entries(store, entity="governance item")["action"]) == ["untick", "create", "tick"]
    with pytest.raises(ValidationError, match="already on the walk checklist"):
        governance_store.add_item(store, facilitator, pilot.id, "walk", "privacy review before each release")
    with pytest.raises(ValidationError, match="not on the crawl checklist"):
        governance_store.tick(store, facilitator, pilot.id, "crawl", "Made up", True)


def checkin(held_on=TODAY, minutes=15.0, status="green"):
    return Checkin(held_on, minutes, "Fran, Priya", status, "Agreed X", "", False)


@pytest.mark.parametrize(("bad", "field", "words"), [
    (checkin(held_on=TODAY + dt.timedelta(days=1)), "held_on", "future"),
    (checkin(minutes=-5), "minutes", "More than 0"), (checkin(minutes=0), "minutes", "More than 0"),
    (checkin(status="purple"), "status", "green, amber or red")])
def test_bad_check_ins_are_refused_per_field(store, facilitator, pilot, bad, field, words):
    with pytest.raises(ValidationError) as caught:
        governance_store.log_checkin(store, facilitator, pilot, bad, today=TODAY)
    assert words in caught.value.for_field(field)[0].message
    assert governance_store.list_checkins(store, pilot.id) == []


def test_a_second_meeting_in_one_week_needs_confirming(store, facilitator, pilot):
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    governance_store.log_checkin(store, facilitator, pilot, checkin(held_on=monday), today=TODAY)
    with pytest.raises(SecondMeetingThisWeek, match="Was this a second meeting"):
        governance_store.log_checkin(store, facilitator, pilot, checkin(held_on=TODAY, status="red"), today=TODAY)
    assert len(governance_store.list_checkins(store, pilot.id)) == 1
    governance_store.log_checkin(store, facilitator, pilot, checkin(held_on=TODAY, status="red"), today=TODAY,
                                 second_meeting=True)
    assert [c.status for c in governance_store.list_checkins(store, pilot.id)] == ["green", "red"]


def test_escalation_levels_need_a_contact_and_save_as_a_list(store, facilitator, pilot):
    with pytest.raises(ValidationError) as caught:
        governance_store.save_levels(store, facilitator, pilot.id, [{"who": "Owner", "contact": "", "trigger": "red"}],
                                     [])
    assert caught.value.problems[0].field == "How to reach them" and caught.value.problems[0].row == 1
    rows = [{"who": "Owner", "contact": "ext 1", "trigger": "red"}, {"who": "COO", "contact": "ext 2", "trigger": ""},
            {"who": "", "contact": "", "trigger": ""}]  # blank rows are ignored
    saved = governance_store.save_levels(store, facilitator, pilot.id, rows, [])
    assert [(lv.level, lv.who) for lv in saved] == [(1, "Owner"), (2, "COO")]
    assert governance_store.list_levels(store, pilot.id) == saved
    with pytest.raises(StaleEdit):  # someone saved since this person opened the list (they saw none)
        governance_store.save_levels(store, facilitator, pilot.id, rows, [])


def test_rules_and_vendor_exit(store, facilitator, pilot):
    rules = [{"rule": f"Rule {n}", "trigger": f"when {n}"} for n in range(1, 9)]
    governance_store.save_rules(store, facilitator, pilot.id, rules, [])
    assert len(governance_store.list_rules(store, pilot.id)) == 8
    with pytest.raises(ValidationError, match="write the rule"):
        governance_store.save_rules(store, facilitator, pilot.id, [{"rule": "", "trigger": "only a trigger"}],
                                    governance_store.list_rules(store, pilot.id))
    saved = governance_store.save_vendor_exit(store, facilitator, pilot.id, open_standards=True, documented=False,
                                              data_portable=False, pilot_price="$4,000", production_price="40k",
                                              exit_cost="", notes="")
    assert (saved.pilot_price, saved.production_price, saved.exit_cost) == (4000, 40000, None)
    with pytest.raises(ValidationError, match="can't be negative"):
        governance_store.save_vendor_exit(store, facilitator, pilot.id, open_standards=True, documented=False,
                                          data_portable=False, pilot_price="-1", production_price="", exit_cost="",
                                          notes="")


def test_the_owner_and_governance_are_facilitators_only(store, facilitator, pilot):
    head = Actor("Hal", Role.DEPARTMENT_HEAD, frozenset({"Finance"}))
    with pytest.raises(PermissionDenied):
        governance_store.log_checkin(store, head, pilot, checkin(), today=TODAY)
    with pytest.raises(PermissionDenied):
        governance_store.tick(store, head, pilot.id, "crawl", "Weekly 15-minute check-ins", True)
    saved = initiatives.set_owner(store, facilitator, pilot.id, name="Priya Raman", role="Finance lead",
                                  budget_authority=True, budget_amount=150000, expected_version=pilot.version)
    assert (saved.owner, saved.budget_authority, saved.budget_amount) == ("Priya Raman", True, 150000)
    with pytest.raises(ValidationError, match="name the one person"):
        initiatives.set_owner(store, facilitator, pilot.id, name=" ", role="", budget_authority=False, budget_amount=0,
                              expected_version=saved.version)
