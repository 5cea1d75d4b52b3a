"""Rows pasted from a spreadsheet: tab- or comma-separated, matched by header, bounded."""

from __future__ import annotations

import pytest

from sprint.errors import ValidationError
from sprint.pasted import MAX_CHARS, rows_from

FEATURES = {"name": ("Feature", "scenario"), "dollars_per_month": ("$ saved / month", "savings"),
            "volume_share": ("Share of volume %", "volume")}


def test_tab_separated_cells_from_excel():
    text = "Scenario\tSavings ($/mo)\tVolume %\nStandard drop\t$10,500\t18%\nLocker\t6000\t10\n\n"
    assert rows_from(text, FEATURES) == [
        {"name": "Standard drop", "dollars_per_month": "$10,500", "volume_share": "18%"},
        {"name": "Locker", "dollars_per_month": "6000", "volume_share": "10"}]


def test_csv_and_semicolons_and_missing_columns():
    assert rows_from('Feature,Notes\n"Reset, passwords",x\n', FEATURES) == [{"name": "Reset, passwords"}]
    assert rows_from("Feature;$ saved / month\nA;1,5\n", FEATURES) == [{"name": "A", "dollars_per_month": "1,5"}]


@pytest.mark.parametrize(("text", "words"), [("Feature\n", "a header row and at least one row"),
                                             ("Cost\tVolume\n1\t2\n", "no column for 'Feature'"),
                                             ("x" * (MAX_CHARS + 1), "paste at most")])
def test_refusals(text, words):
    with pytest.raises(ValidationError, match=words):
        rows_from(text, FEATURES)
