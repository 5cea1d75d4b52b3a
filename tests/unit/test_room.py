"""The room's questions: one answer per person, changed until closed, hidden by the facilitator, accepted into
the step's data in one transaction with every change audited."""

from __future__ import annotations

import pytest

from sprint import audit, room
from sprint.errors import PermissionDenied, ValidationError
from sprint.permissions import Actor, Role
from sprint.steps.scope import store as features

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
    assert accepted == room.Accepted(("Approve",), ("READ INVOICES",))
    assert [f.name for f in features.list_features(store, pilot.id)] == ["Read invoices", "Approve"]
