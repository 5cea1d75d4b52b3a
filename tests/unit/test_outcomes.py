"""Progress, status, ROI and payback: the rules behind every number on the Step 5 dashboard."""

from __future__ import annotations

import math

import pytest

from sprint.steps.outcomes import rules as outcomes
from sprint.steps.outcomes.rules import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK


@pytest.mark.parametrize(
    ("baseline", "target", "latest", "direction", "expected"),
    [
        (45, 25, 35, "lower", 0.5),  # cost halfway down
        (45, 25, 25, "lower", 1.0),
        (45, 25, 20, "lower", 1.25),  # beat the target
        (45, 25, 50, "lower", -0.25),  # got worse
        (0, 47, 23.5, "higher", 0.5),  # share halfway up
        (-100, 40, 12, "higher", 0.8),  # the roadmap's ROI row at month 3
        (0, 0, 0, "lower", 1.0),  # target equals baseline, held
        (0, 0, 1, "lower", 0.0),  # target equals baseline, missed
        (5, 5, 6, "higher", 1.0),
        (45, 25, None, "lower", None),  # nothing reported
    ],
)
def test_progress_both_directions(baseline, target, latest, direction, expected):
    result = outcomes.progress(baseline, target, latest, direction)
    assert result == (None if expected is None else pytest.approx(expected))


@pytest.mark.parametrize(
    ("progress", "expected", "status"),
    [(None, 0.5, NO_DATA), (0.7, 0.667, ON_TRACK), (0.58, 0.667, ON_TRACK), (0.5, 0.667, AT_RISK),
     (0.37, 0.667, AT_RISK), (0.3, 0.667, OFF_TRACK), (-0.2, 0.333, OFF_TRACK), (1.2, 1.0, ON_TRACK)],
)
def test_status_against_what_is_due(progress, expected, status):
    assert outcomes.status(progress, expected) == status


def test_expected_progress_follows_the_calendar_or_the_milestone():
    assert outcomes.elapsed_share(1) == pytest.approx(1 / 3)
    assert outcomes.elapsed_share(3) == 1.0 and outcomes.elapsed_share(7) == 1.0
    assert outcomes.expected_progress(2, 45, 25) == pytest.approx(2 / 3)
    # A milestone of $38 in month 1 on the way from $45 to $25 means 35% should be done.
    assert outcomes.expected_progress(1, 45, 25, milestone=38) == pytest.approx(0.35)


def test_latest_skips_missing_months():
    assert outcomes.latest({1: 38.0, 3: 31.0}) == (3, 31.0)
    assert outcomes.latest({}) is None


def test_roi_reproduces_the_roadmaps_curve():
    curve = outcomes.roi_curve(20000, 20000, {1: 22800, 2: 31000, 3: 35800}, 3)
    assert [round(p.roi_pct) for p in curve] == [-100, -43, -10, 12]
    assert outcomes.payback_month(curve) == 3
    assert curve[-1].invested == 80000 and curve[-1].saved == 89600


def test_roi_counts_a_month_without_savings_as_nothing_saved():
    curve = outcomes.roi_curve(10000, 1000, {2: 5000}, 2)
    assert [p.saved for p in curve] == [0, 0, 5000]
    assert outcomes.payback_month(curve) is None


def test_roi_is_undefined_without_an_investment():
    assert outcomes.roi_curve(0, 0, {1: 5000}, 3) == []
    running_only = outcomes.roi_curve(0, 1000, {1: 3000}, 1)
    assert [p.month_index for p in running_only] == [1] and running_only[0].roi_pct == 200


@pytest.mark.parametrize(("previous", "new", "ratio"),
                         [(10, 31, 3.1), (30, 9, 30 / 9), (10, 20, 2), (None, 5, None), (0, 5, None),
                          (5, 0, math.inf), (-10, 5, None), (-10, -40, 4)])
def test_jump_ratio(previous, new, ratio):
    result = outcomes.jump_ratio(previous, new)
    assert result == (None if ratio is None else pytest.approx(ratio))


@pytest.mark.parametrize(("name", "flagged"), [
    ("Model accuracy", True), ("F1 score", True), ("Uptime", True), ("API latency (ms)", True),
    ("User satisfaction score", True), ("Processing speed", True),
    ("Cost per resolved ticket", False), ("Hours saved per week", False), ("Error rate", False),
    ("Inaccuracy cost", False),  # whole words only
])
def test_pilot_metric_advice_reads_the_shipped_list(name, flagged):
    advice = outcomes.pilot_metric_advice(name)
    assert (advice is not None) is flagged
    if flagged:
        assert name in advice and "Pair it with" in advice


def test_the_pilot_word_list_is_data(tmp_path):
    custom = tmp_path / "words.toml"
    custom.write_text('[[pilot_metric]]\nwords = ["bleep"]\npair_with = "dollars"\n')
    rules = outcomes.pilot_metric_rules(custom)
    assert outcomes.pilot_metric_advice("Bleep rate", rules).endswith("Pair it with dollars.")
    assert outcomes.pilot_metric_advice("Model accuracy", rules) is None
