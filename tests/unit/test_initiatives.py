"""Initiatives: validation with messages per field, unique names, stale edits refused, archive/restore."""

from __future__ import annotations

import datetime as dt

import pytest

from sprint import audit, initiatives
from sprint.errors import StaleEdit, ValidationError
from sprint.initiatives import InitiativeDraft
from tests.conftest import TODAY


def test_create_cleans_whitespace_and_starts_at_version_one(store, facilitator):
    new_id = initiatives.create(store, facilitator,
                                InitiativeDraft("  Support   ticket assistant ", TODAY, stage=" Pilot ",
                                                department=" Customer   Support"), today=TODAY)
    item = initiatives.get(store, new_id)
    assert (item.name, item.stage, item.department, item.version) == (
        "Support ticket assistant", "pilot", "Customer Support", 1)
    assert item.created_by == "Fran Facilitator"


@pytest.mark.parametrize(
    ("draft", "field", "words"),
    [
        (InitiativeDraft("", TODAY), "name", "give the initiative a name"),
        (InitiativeDraft("x" * 121, TODAY), "name", "under 120 characters"),
        (InitiativeDraft("Bell\x07", TODAY), "name", "control characters"),
        (InitiativeDraft("Routing", TODAY, stage="done"), "stage", "not a stage"),
        (InitiativeDraft("Routing", dt.date(2016, 3, 10)), "start_date", "check the year"),
        (InitiativeDraft("Routing", TODAY, owner="o" * 201), "owner", "under 200"),
        (InitiativeDraft("Routing", TODAY, roi_statement="r" * 601), "roi_statement", "one sentence"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(store, facilitator, draft, field, words):
    with pytest.raises(ValidationError) as caught:
        initiatives.create(store, facilitator, draft, today=TODAY)
    problems = caught.value.for_field(field)
    assert problems and words in problems[0].message
    assert str(caught.value).startswith("Nothing was saved.")
    assert initiatives.count(store) == 0 and store.last_change() == 0


def test_names_are_unique_ignoring_case(store, facilitator):
    initiatives.create(store, facilitator, InitiativeDraft("Routing", TODAY), today=TODAY)
    with pytest.raises(ValidationError, match="already exists"):
        initiatives.create(store, facilitator, InitiativeDraft("ROUTING", TODAY), today=TODAY)
    other = initiatives.create(store, facilitator, InitiativeDraft("Invoices", TODAY), today=TODAY)
    with pytest.raises(ValidationError, match="already exists"):
        initiatives.update(store, facilitator, other, InitiativeDraft("routing", TODAY),
                           expected_version=1, today=TODAY)


def test_an_edit_based_on_an_old_version_is_refused_and_names_who_changed_it(store, facilitator):
    new_id = initiatives.create(store, facilitator, InitiativeDraft("Routing", TODAY), today=TODAY)
    initiatives.update(store, facilitator, new_id, InitiativeDraft("Routing", TODAY, owner="Marcus"),
                       expected_version=1, today=TODAY)
    with pytest.raises(StaleEdit, match="changed by Fran Facilitator"):
        initiatives.update(store, facilitator, new_id, InitiativeDraft("Routing", TODAY, owner="Dana"),
                           expected_version=1, today=TODAY)
    assert initiatives.get(store, new_id).owner == "Marcus"


def test_saving_without_changes_writes_nothing(store, facilitator):
    new_id = initiatives.create(store, facilitator, InitiativeDraft("Routing", TODAY), today=TODAY)
    same = initiatives.update(store, facilitator, new_id, InitiativeDraft("Routing ", TODAY),
                              expected_version=1, today=TODAY)
    assert same.version == 1 and store.last_change() == 1


def test_archive_hides_and_restore_brings_back(store, facilitator):
    new_id = initiatives.create(store, facilitator, InitiativeDraft("Routing", TODAY), today=TODAY)
    archived = initiatives.set_archived(store, facilitator, new_id, True, expected_version=1)
    assert initiatives.list_all(store) == []
    assert [i.name for i in initiatives.list_all(store, include_archived=True)] == ["Routing"]
    with pytest.raises(ValidationError, match="already archived"):
        initiatives.set_archived(store, facilitator, new_id, True, expected_version=archived.version)
    initiatives.set_archived(store, facilitator, new_id, False, expected_version=archived.version)
    assert [i.name for i in initiatives.list_all(store)] == ["Routing"]
    assert audit.entries(store)["action"].tolist() == ["restore", "archive", "create"]


def test_sprint_day_and_progress(store, facilitator):
    new_id = initiatives.create(store, facilitator, InitiativeDraft("Routing", TODAY), today=TODAY)
    item = initiatives.get(store, new_id)
    assert item.day(TODAY) == 1 and item.day_text(TODAY) == "Day 1 of 90"
    assert initiatives.sprint_progress(item, TODAY + dt.timedelta(days=44)) == pytest.approx(0.5)
    assert initiatives.sprint_progress(item, TODAY - dt.timedelta(days=3)) == 0
    assert initiatives.sprint_progress(item, TODAY + dt.timedelta(days=200)) == 1
