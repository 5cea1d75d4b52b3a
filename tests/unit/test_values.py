"""The one value parser and formatter: what people type, and how values are written back."""

from __future__ import annotations

import math

import pytest

from sprint.values import (
    NotANumber,
    Parsed,
    UnitKind,
    allows_negative,
    format_value,
    parse_share,
    parse_value,
    plain,
    unit_kind,
)

PARSES = [
    ("45", Parsed(45.0)),
    ("  45  ", Parsed(45.0)),
    ("$45", Parsed(45.0, "$")),
    ("$45/unit", Parsed(45.0, "$/unit")),
    ("$ 45/ticket", Parsed(45.0, "$/ticket")),
    ("4.5 hours", Parsed(4.5, "hours")),
    ("8 minutes", Parsed(8.0, "minutes")),
    ("8.2%", Parsed(8.2, "%")),
    ("8.2 %", Parsed(8.2, "%")),
    ("<3%", Parsed(3.0, "%", "<")),
    ("> 40%", Parsed(40.0, "%", ">")),
    ("≤3%", Parsed(3.0, "%", "<")),
    ("-100%", Parsed(-100.0, "%")),
    ("+12%", Parsed(12.0, "%")),
    ("−43%", Parsed(-43.0, "%")),  # a typographic minus
    ("1,200", Parsed(1200.0)),
    ("12,345,678", Parsed(12345678.0)),
    ("1.200,50", Parsed(1200.5)),
    ("1,200.50", Parsed(1200.5)),
    ("1.200.000", Parsed(1200000.0)),
    ("8,2", Parsed(8.2)),
    ("0,5", Parsed(0.5)),
    ("1 200", Parsed(1200.0)),
    ("(1,200)", Parsed(-1200.0)),
    ("($45)", Parsed(-45.0, "$")),
    ("$67k", Parsed(67000.0, "$")),
    ("$67K", Parsed(67000.0, "$")),
    ("2.3m", Parsed(2300000.0)),
    ("$1.5bn", Parsed(1.5e9, "$")),
    ("-$5", Parsed(-5.0, "$")),
    ("$-5", Parsed(-5.0, "$")),
    (".5", Parsed(0.5)),
    ("0", Parsed(0.0)),
    ("€38", Parsed(38.0, "€")),
    ("12 tickets", Parsed(12.0, "tickets")),
    (3, Parsed(3.0)),
    (4.25, Parsed(4.25)),
]
BLANKS = ["", "   ", None, "-", "–", "n/a", "N/A", float("nan")]
REFUSED = ["abc", "1,2,3", "12abc34", "3 hours 2", "$", "%", "--5", True, float("inf"), "1.2.3,4,5"]


@pytest.mark.parametrize(("text", "expected"), PARSES)
def test_parses(text, expected):
    assert parse_value(text) == expected


@pytest.mark.parametrize("text", BLANKS)
def test_blank_is_no_value_never_zero(text):
    assert parse_value(text) is None


@pytest.mark.parametrize("text", REFUSED)
def test_refused_with_the_text_named(text):
    with pytest.raises(NotANumber, match="not a number|infinity"):
        parse_value(text)


def test_the_table_is_big_enough():
    assert len(PARSES) + len(BLANKS) + len(REFUSED) >= 40


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(45, "$/unit", "$45/unit"), (67000, "$", "$67,000"), (67000, "$/month", "$67,000/month"),
     (4.5, "hours", "4.5 hours"), (1, "hours", "1 hour"), (8.2, "%", "8.2%"), (-100, "%", "-100%"),
     (12.5, "$/ticket", "$12.5/ticket"), (-1200, "$", "-$1,200"), (0, "count", "0"), (3.14159, "", "3.14"),
     (120, "tickets", "120 tickets"), (None, "%", "–"), (math.nan, "%", "–")],
)
def test_formats_like_people_write(value, unit, text):
    assert format_value(value, unit) == text


def test_signed_format_and_plain_text():
    assert format_value(12, "%", signed=True) == "+12%"
    assert format_value(-43, "%", signed=True) == "-43%"
    assert plain(67000.0) == "67000" and plain(4.2) == "4.2" and plain(None) == ""
    assert parse_value(plain(1234567.891)).value == pytest.approx(1234567.891)


def test_unit_kinds_and_negatives():
    assert unit_kind("$/unit") is UnitKind.MONEY and unit_kind("%") is UnitKind.PERCENT
    assert unit_kind("minutes") is UnitKind.DURATION and unit_kind("count") is UnitKind.COUNT
    assert unit_kind("widgets") is UnitKind.OTHER
    assert allows_negative("%") and allows_negative("$") and allows_negative("widgets")
    assert not allows_negative("hours") and not allows_negative("count")


def test_a_share_is_a_given_percentage_from_0_to_100():
    assert parse_share("62%", "target users") == 62.0
    assert parse_share(0, "target users") == 0.0
    with pytest.raises(NotANumber, match="enter the share of target users, 0 to 100"):
        parse_share("  ", "target users")
    with pytest.raises(NotANumber, match="a share of target users is between 0 and 100%"):
        parse_share("140", "target users")
    with pytest.raises(NotANumber, match="lots"):
        parse_share("lots", "target users")


def test_infinite_and_absurd_magnitudes_are_refused_in_the_one_parser():
    import math

    from sprint.values import MAGNITUDE_MAX, NotANumber, parse_value

    for hostile in ("9" * 310, "1" * 20, "1e400", float("inf"), -math.inf, 1e300, "$999,999,999,999,999,999"):
        with pytest.raises(NotANumber):
            parse_value(hostile)
    assert parse_value(str(int(MAGNITUDE_MAX))).value == MAGNITUDE_MAX  # the limit itself is allowed
