"""The one sprint calendar: day 1 is the start date, month k is days 30(k-1)+1 .. 30k."""

from __future__ import annotations

import datetime as dt

import pytest

from sprint import dates

START = dt.date(2026, 1, 5)


def on(day: int) -> dt.date:
    return START + dt.timedelta(days=day - 1)


@pytest.mark.parametrize(("day", "month"), [(0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4)])
def test_sprint_month_boundaries(day, month):
    assert dates.sprint_day(START, on(day)) == day
    assert dates.sprint_month(START, on(day)) == month


def test_month_windows_and_labels():
    assert dates.month_window(START, 1) == (dt.date(2026, 1, 5), dt.date(2026, 2, 3))
    assert dates.month_window(START, 2) == (dt.date(2026, 2, 4), dt.date(2026, 3, 5))
    assert dates.month_label(START, 1) == "Month 1 (Jan 2026)"
    assert dates.month_label(START, 2) == "Month 2 (Feb 2026)"
    # A sprint starting late in a month is labelled by where most of its days fall.
    assert dates.month_label(dt.date(2026, 1, 25), 1) == "Month 1 (Feb 2026)"
    with pytest.raises(ValueError):
        dates.month_window(START, 0)


@pytest.mark.parametrize(
    ("day", "text", "phase"),
    [(-4, "Starts in 5 days", "Starts in 5 days"), (0, "Starts in 1 day", "Starts in 1 day"),
     (1, "Day 1 of 90", "Days 1-30"), (30, "Day 30 of 90", "Days 1-30"), (31, "Day 31 of 90", "Days 31-60"),
     (90, "Day 90 of 90", "Days 61-90"), (120, "Day 120 (30 past the sprint)", "After the sprint")],
)
def test_day_descriptions(day, text, phase):
    assert dates.describe_day(day) == text
    assert dates.phase_for_day(day) == phase


def test_today_follows_sprint_today_so_a_rehearsal_or_a_test_can_pin_the_day(monkeypatch):
    from sprint.dates import TODAY_ENV, today_utc

    monkeypatch.setenv(TODAY_ENV, "2027-01-02")
    assert today_utc() == dt.date(2027, 1, 2)
    monkeypatch.setenv(TODAY_ENV, "next tuesday")
    with pytest.raises(ValueError, match="SPRINT_TODAY='next tuesday' is not a date: write it as YYYY-MM-DD"):
        today_utc()
    monkeypatch.delenv(TODAY_ENV)
    assert today_utc() == dt.datetime.now(dt.UTC).date()
