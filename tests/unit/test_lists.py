"""Which table rows count as typed in: a row left blank (or at its column defaults) is ignored on save."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from sprint.errors import ValidationError
from sprint.lists import is_blank, ticked, typed_rows
from sprint.steps.governance import store as governance_store
from sprint.steps.scope import store as features
from sprint.steps.scope.store import RowInput


@pytest.mark.parametrize("row", [
    {}, {"a": None, "b": ""}, {"a": "   ", "b": math.nan}, {"a": pd.NA, "b": False},
    {"official": True, "ai_touch": "none"},
])
def test_blank_rows(row):
    assert is_blank(row, {"official": True, "ai_touch": "none"})


@pytest.mark.parametrize("row", [{"a": "x"}, {"a": 0}, {"a": True}, {"ai_touch": "automates"}, {"official": "yes"}])
def test_rows_with_something_typed(row):
    assert not is_blank(row, {"official": True, "ai_touch": "none"})


def test_typed_rows_keep_the_row_numbers_shown():
    rows = [{"a": "x"}, {"a": None}, {"a": "y"}]
    assert typed_rows(rows) == [(1, {"a": "x"}), (3, {"a": "y"})]


def test_a_checkbox_never_touched_is_its_default():
    assert ticked(pd.NA, True) and not ticked(None) and not ticked(False, True) and ticked(True)


def test_blank_feature_and_governance_rows_are_ignored(store, facilitator, pilot):
    blank = {"name": None, "dollars_per_month": None, "hours_per_week": None, "volume_share": None,
             "effort": None, "notes": None}
    counts = features.save_features(store, facilitator, pilot.id,
                                     [RowInput(None, {**blank, "name": "Auto-route claims"}), RowInput(None, blank)], {})
    assert counts["added"] == 1
    with pytest.raises(ValidationError) as caught:
        governance_store.save_levels(store, facilitator, pilot.id,
                                     [{"who": None, "contact": None, "trigger": None},
                                      {"who": "Team lead", "contact": None, "trigger": None}], [])
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "How to reach them")]
    saved = governance_store.save_rules(store, facilitator, pilot.id,
                                        [{"rule": None, "trigger": None}, {"rule": "No PII in prompts", "trigger": ""}],
                                        [])
    assert saved == [("No PII in prompts", "")]
