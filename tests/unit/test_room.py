"""The room's questions: one answer per person, changed until closed, hidden by the facilitator, accepted into
the step's data in one transaction with every change audited."""

from __future__ import annotations

import pytest

from sprint import audit, room
from sprint.errors import PermissionDenied, ValidationError
from sprint.permissions import Actor, Role
from sprint.steps.governance import store as governance
from sprint.steps.governance.store import Checkin, SecondMeetingThisWeek
from sprint.steps.scope import store as features
from sprint.steps.workflow import store as workflow
from tests.conftest import TODAY

PRIYA = Actor("Priya Shah (Finance, on a phone)", Role.FACILITATOR)
OMAR = Actor("Omar Ali (Operations, on a phone)", Role.FACILITATOR)
VIC = Actor("Vic", Role.VIEWER)


def test_the_room_lists_features_and_the_facilitator_accepts_them(store, facilitator, pilot):
    question = room.open_question(store, facilitator, pilot.id, room.FEATURES)
    room.answer(store, PRIYA, question, {"feature": "Read supplier invoices", "dollars": "14,000", "hours": ""})
    room.answer(store, OMAR, question, {"feature": "read supplier invoices", "dollars": "10000", "hours": "20"})
    room.answer(store, VIC, question, {"feature": "Match to purchase orders", "dollars": "", "hours": "12"})
    room.answer(store, PRIYA, question, {"feature": "Read supplier invoices", "dollars": "12000"})  # changed
    items = room.answers(store, question)
    assert len(items) == 3  # one per person: Priya's second answer replaced her first
    tally = room.tally_features(items)
    assert [(t.name, t.dollars, len(t.people)) for t in tally] == [("Read supplier invoices", 11000.0, 2),
                                                                   ("Match to purchase orders", 0.0, 1)]
    room.hide(store, facilitator, question, "Vic")
    accepted = room.accept(store, facilitator, question)
    assert accepted.added == ("Read supplier invoices",)
    listed = features.list_features(store, pilot.id)
    assert [(f.name, f.dollars_per_month, f.hours_per_week) for f in listed] == [("Read supplier invoices", 11000.0, 10.0)]
    assert "Priya Shah (Finance, on a phone)" in listed[0].notes
    assert room.get(store, question).status == room.ACCEPTED
    with pytest.raises(room.QuestionClosed):
        room.answer(store, OMAR, question, {"feature": "Late", "dollars": "1"})
    log = audit.entries(store, initiative_id=pilot.id)
    assert {"Priya Shah (Finance, on a phone)", "Omar Ali (Operations, on a phone)", "Vic"} <= set(log["actor"])


def test_bad_answers_are_refused_by_field_and_nothing_is_stored(store, facilitator, pilot):
    question = room.open_question(store, facilitator, pilot.id, room.FEATURES)
    with pytest.raises(ValidationError) as caught:
        room.answer(store, PRIYA, question, {"feature": "", "dollars": "lots"})
    fields = {p.field for p in caught.value.problems}
    assert fields == {"feature", "dollars"}
    with pytest.raises(ValidationError, match="say what it saves"):
        room.answer(store, PRIYA, question, {"feature": "Something", "dollars": "", "hours": ""})
    with pytest.raises(ValidationError, match="negative"):
        room.answer(store, PRIYA, question, {"feature": "Something", "hours": "-3"})
    assert room.answers(store, question) == []


def test_hostile_text_is_kept_as_text(store, facilitator, pilot):
    question = room.open_question(store, facilitator, pilot.id, room.FEATURES)
    room.answer(store, PRIYA, question, {"feature": "=HYPERLINK(\"x\")<script>[a](b)", "dollars": "5"})
    assert room.answers(store, question)[0].values["feature"] == "=HYPERLINK(\"x\")<script>[a](b)"


def test_only_the_facilitator_asks_hides_closes_and_accepts_and_a_new_question_closes_the_last(
        store, facilitator, pilot):
    with pytest.raises(PermissionDenied):
        room.open_question(store, VIC, pilot.id, room.FEATURES)
    first = room.open_question(store, facilitator, pilot.id, room.FEATURES)
    room.answer(store, VIC, first, {"feature": "X", "dollars": "1"})  # the room answers, view-only people too
    for act in (lambda: room.hide(store, VIC, first, "Vic"), lambda: room.close(store, VIC, first),
                lambda: room.accept(store, VIC, first)):
        with pytest.raises(PermissionDenied):
            act()
    second = room.open_question(store, facilitator, pilot.id, room.FEATURES)
    assert room.get(store, first).status == room.CLOSED and room.latest(store, pilot.id).id == second
    room.close(store, facilitator, second)
    with pytest.raises(ValidationError, match="nobody has answered"):
        room.accept(store, facilitator, second)


def test_a_feature_already_on_the_list_is_left_out_and_said(store, facilitator, pilot):
    features.save_features(store, facilitator, pilot.id, [features.RowInput(None, {"name": "Read invoices",
                                                                                    "dollars_per_month": 100})], {})
    question = room.open_question(store, facilitator, pilot.id, room.FEATURES)
    room.answer(store, PRIYA, question, {"feature": "READ INVOICES", "dollars": "900"})
    room.answer(store, OMAR, question, {"feature": "Approve", "hours": "2"})
    accepted = room.accept(store, facilitator, question)
    assert (accepted.added, accepted.already_listed) == (("Approve",), ("READ INVOICES",))
    assert accepted.said == "1 added to the feature list, 1 already listed"
    assert [f.name for f in features.list_features(store, pilot.id)] == ["Read invoices", "Approve"]


ANA = Actor("Ana (Sales, on a phone)", Role.VIEWER)


def test_what_the_room_really_uses_joins_the_shadow_it_inventory(store, facilitator, pilot):
    workflow.save_shadow_tools(store, facilitator, pilot.id, [{"tool": "Pipeline macro", "kind": "Excel macro"}], [])
    question = room.open_question(store, facilitator, pilot.id, room.TOOLS)
    room.answer(store, PRIYA, question, {"tool": "Deals WhatsApp group", "kind": "Chat group",
                                         "solves": "Discount approvals in minutes", "built": True})
    room.answer(store, OMAR, question, {"tool": "deals whatsapp group", "kind": "Chat group", "solves": "Approvals"})
    room.answer(store, ANA, question, {"tool": "PIPELINE MACRO", "kind": "Spreadsheet"})
    room.answer(store, VIC, question, {"tool": "Forecast sheet", "kind": "Spreadsheet", "built": True})
    room.hide(store, facilitator, question, "Vic")
    tally = room.tally_tools(room.answers(store, question))
    assert [(t.name, len(t.people), t.builders) for t in tally] == [
        ("Deals WhatsApp group", 2, ("Priya Shah (Finance, on a phone)",)), ("PIPELINE MACRO", 1, ())]
    accepted = room.accept(store, facilitator, question)
    assert (accepted.added, accepted.already_listed) == (("Deals WhatsApp group",), ("PIPELINE MACRO",))
    tools = workflow.shadow_tools(store, pilot.id)
    assert [(t.tool, t.kind, t.builder, t.solves, t.builder_involved) for t in tools] == [
        ("Pipeline macro", "Excel macro", "", "", False),
        ("Deals WhatsApp group", "Chat group", "Priya Shah (Finance, on a phone)",
         "Discount approvals in minutes; Approvals", False)]
    log = audit.entries(store, initiative_id=pilot.id)
    added = log[log["entity"] == "shadow-IT inventory"]
    assert "from the room" in added["summary"].iloc[0]


def test_a_tool_answer_names_what_is_missing(store, facilitator, pilot):
    question = room.open_question(store, facilitator, pilot.id, room.TOOLS)
    with pytest.raises(ValidationError) as caught:
        room.answer(store, PRIYA, question, {"tool": " ", "kind": "Fax machine", "solves": "x" * 301})
    assert {p.field for p in caught.value.problems} == {"tool", "kind", "solves"}


def test_the_habit_check_keeps_the_rooms_spread_and_middle_and_adds_the_habits_named(store, facilitator, pilot):
    workflow.save_habits(store, facilitator, pilot.id, [{"design": "Inside the CRM", "habit": "A new tab"}], [])
    with pytest.raises(ValidationError, match="which design"):
        room.open_question(store, facilitator, pilot.id, room.HABITS)
    question = room.open_question(store, facilitator, pilot.id, room.HABITS, "Inside the CRM")
    assert room.get(store, question).prompt == "How many of your habits would 'Inside the CRM' change?"
    for person, count, habit in ((PRIYA, "0", ""), (OMAR, "2", "Log in twice"), (ANA, "3+", "log in twice"),
                                 (VIC, "2", "A NEW TAB")):
        room.answer(store, person, question, {"count": count, "habit": habit})
    with pytest.raises(ValidationError, match="0, 1, 2 or 3"):
        room.answer(store, PRIYA, question, {"count": "many"})
    tally = room.tally_habits(room.answers(store, question))
    assert tally.said == (1, 0, 2, 1) and tally.middle == 2
    accepted = room.accept(store, facilitator, question)
    assert accepted.added == ("Log in twice",) and accepted.already_listed == ("A NEW TAB",)
    check = room.habit_checks(store, pilot.id)["Inside the CRM"]
    assert (check.habits, check.said, check.spread()) == (2, (1, 0, 2, 1), "0: 1 · 1: 0 · 2: 2 · 3+: 1")
    assert workflow.habits(store, pilot.id) == [("Inside the CRM", "A new tab"), ("Inside the CRM", "Log in twice")]
    log = audit.entries(store, initiative_id=pilot.id)
    assert "'Inside the CRM' changes 2 habits (the middle of 4 answers)" in " ".join(log["summary"])


def test_the_rooms_check_in_becomes_the_weeks_check_in(store, facilitator, pilot):
    question = room.open_question(store, facilitator, pilot.id, room.CHECKIN)
    room.answer(store, PRIYA, question, {"status": "On track"})
    room.answer(store, OMAR, question, {"status": "at risk", "blocker": "No CRM access yet"})
    room.answer(store, ANA, question, {"status": "off track", "blocker": "Vendor contract unsigned"})
    room.answer(store, VIC, question, {"status": "on track"})
    tally = room.tally_checkin(room.answers(store, question))
    assert tally.status == "on track" and tally.said == {"on track": 2, "at risk": 1, "off track": 1}
    room.hide(store, facilitator, question, "Vic")  # now a tie of one each: the worse wins
    assert room.tally_checkin(room.answers(store, question)).status == "off track"
    with pytest.raises(ValidationError, match="More than 0 minutes"):
        room.accept(store, facilitator, question, today=TODAY, minutes=0)
    accepted = room.accept(store, facilitator, question, today=TODAY, minutes=20)
    assert "red (off track" in accepted.said
    [checkin] = governance.list_checkins(store, pilot.id)
    assert (checkin.held_on, checkin.status, checkin.escalated) == (TODAY, "red", False)
    assert checkin.blockers == ("Omar Ali (Operations, on a phone): No CRM access yet\n"
                                "Ana (Sales, on a phone): Vendor contract unsigned")
    assert "Priya Shah (Finance, on a phone)" in checkin.attendees and "Vic" not in checkin.attendees
    assert checkin.minutes == 20.0


def test_a_second_check_in_the_same_week_needs_saying_so(store, facilitator, pilot):
    governance.log_checkin(store, facilitator, pilot, Checkin(TODAY, 15.0, "", "green", "", "", False), today=TODAY)
    question = room.open_question(store, facilitator, pilot.id, room.CHECKIN)
    room.answer(store, PRIYA, question, {"status": "at risk"})
    assert room.would_be_second_checkin(store, pilot.id, TODAY)
    with pytest.raises(SecondMeetingThisWeek):
        room.accept(store, facilitator, question, today=TODAY)
    assert len(governance.list_checkins(store, pilot.id)) == 1 and room.get(store, question).status == room.OPEN
    room.accept(store, facilitator, question, today=TODAY, second_meeting=True)
    assert [c.status for c in governance.list_checkins(store, pilot.id)] == ["green", "amber"]


def test_thirty_phones_answering_at_the_same_moment_are_all_counted(store, facilitator, pilot):
    """Thirty sessions (threads, as the server runs them) send at once: every answer and its audit entry is kept,
    and a tally taken right after counts thirty."""
    import threading

    question = room.open_question(store, facilitator, pilot.id, room.FEATURES)
    start, failures = threading.Barrier(30), []

    def phone(n: int) -> None:
        start.wait()
        try:
            room.answer(store, Actor(f"Person {n} (on a phone)", Role.VIEWER), question,
                        {"feature": f"Feature {n % 7}", "dollars": str(100 * n + 1)})
        except Exception as exc:  # noqa: BLE001 (any failure is the finding)
            failures.append(exc)

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(30)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    items = room.answers(store, question)
    assert len(items) == 30 and sum(len(t.people) for t in room.tally_features(items)) == 30
    log = audit.entries(store, initiative_id=pilot.id)
    assert (log["entity"] == "room answer").sum() == 30


def test_the_rooms_habit_check_counts_for_the_chosen_design(store, facilitator, pilot, today):
    """One habit is listed for the chosen design, but the room says two: Step 3 is not ready and the Overview
    flags it, saying the room said so."""
    from sprint import initiatives
    from sprint.picture import Picture

    workflow.save_habits(store, facilitator, pilot.id, [{"design": "In the ERP", "habit": "A new tab"}], [])
    workflow.choose_design(store, facilitator, initiatives.get(store, pilot.id), "In the ERP")
    before = Picture(store, initiatives.get(store, pilot.id), today)
    assert before.chosen_habit_count() == 1 and not [f for f in before.flags if f.kind == "habits"]
    question = room.open_question(store, facilitator, pilot.id, room.HABITS, "In the ERP")
    for person, count in ((PRIYA, "2"), (OMAR, "3+"), (ANA, "1")):
        room.answer(store, person, question, {"count": count})
    room.accept(store, facilitator, question)
    after = Picture(store, initiatives.get(store, pilot.id), today)
    assert after.chosen_habit_count() == 2
    [flag] = [f for f in after.flags if f.kind == "habits"]
    assert flag.text == "the chosen design changes 2 habits (the room says so)"
