"""Step 1 rules: rank, cut, 80/20, scope creep, the one-sentence ROI test, the cost of waiting; chart specs."""

from __future__ import annotations

import pytest

from sprint.charts import themed
from sprint.steps.scope import charts as scope_charts
from sprint.steps.scope import roi_sentence
from sprint.steps.scope import rules as scope
from sprint.steps.scope.rules import Candidate


def c(key, name, dollars=0.0, hours=0.0, volume=0.0):
    return Candidate(key, name, dollars, hours, volume)


def test_impact_turns_hours_into_dollars():
    assert scope.impact(c(1, "a", 1000, 10), 60) == pytest.approx(1000 + 10 * 4.33 * 60)


def test_ranking_is_by_impact_with_stable_explained_ties():
    items = [c(1, "Zeta", 1000, volume=5), c(2, "Alpha", 1000, volume=5), c(3, "Big", 5000), c(4, "Wide", 1000, volume=9)]
    ranked = scope.rank(items, 60)
    assert [r.candidate.name for r in ranked] == ["Big", "Wide", "Alpha", "Zeta"]
    assert ranked[0].tie_note == ""
    assert ranked[2].tie_note == "tied on impact with Zeta, Wide; ordered by volume share, then name"
    assert [r.candidate.name for r in scope.rank(list(reversed(items)), 60)] == ["Big", "Wide", "Alpha", "Zeta"]
    assert ranked[-1].cumulative_value_pct == pytest.approx(100)


def test_the_cut_line_says_what_it_buys():
    items = [c(k, f"f{k}", 1000 * (6 - k), volume=[40, 25, 15, 10, 5, 5][k]) for k in range(6)]
    ranked = scope.rank(items, 60)
    assert scope.default_cut(len(items)) == 5 and scope.default_cut(3) == 3
    summary = scope.summarize_cut(ranked, {0, 1, 2})
    assert summary.sentence == "The top 3 carry 71% of the value and 80% of the volume."
    assert summary.core_value == 15000


def test_the_80_percent_volume_set_is_the_smallest():
    items = [c(1, "a", volume=50), c(2, "b", volume=5), c(3, "c", volume=20), c(4, "d", volume=15), c(5, "e", volume=10)]
    assert [x.name for x in scope.volume_rule_set(items)] == ["a", "c", "d"]
    assert scope.volume_rule_set([c(1, "a", volume=30), c(2, "b", volume=30)]) == []  # never reaches 80%


def test_interactions_grow_faster_than_features():
    assert [scope.interactions(n) for n in (0, 1, 2, 4, 5, 12)] == [0, 0, 1, 6, 10, 66]
    rows = scope.creep(5, 2)
    assert rows[0][:3] == (5, 10, 4) and rows[0][3] == pytest.approx(66.67, abs=0.01)  # 4 -> 5 features: +67%
    assert rows[1][:3] == (6, 15, 5) and rows[1][3] == pytest.approx(50)


SENTENCES = [
    ("Resolve 47% of tickets without a person and save $67,000 a month.", True, ""),
    ("Cut invoice processing from 4.5 hours to 1.5 hours.", True, ""),
    ("Save each rep 3 hours a week.", True, ""),
    ("Plan 83% of deliveries with 12 scenarios, saving $47k monthly.", True, ""),
    ("Reduce cost per unit from $45 to $25 by March.", True, ""),
    ("We will optimize the support process.", False, "names a quantity"),
    ("Enhance invoice handling to save $20,000 a month.", False, "plain words"),
    ("Transform scheduling. Save 300 hours a month.", False, "one sentence"),
    ("Leverage AI to streamline routing for 12% lower fuel cost.", False, "plain words"),
    ("Make customers happier.", False, "names a quantity"),
    ("It saves money. It saves time. It is good.", False, "one sentence"),
    ("", False, "one sentence"),
]


@pytest.mark.parametrize(("sentence", "passes", "failing"), SENTENCES)
def test_the_one_sentence_roi_test(sentence, passes, failing):
    rules = roi_sentence.check(sentence)
    assert roi_sentence.passes(sentence) is passes
    if failing:
        rule = next(r for r in rules if r.name == failing)
        assert not rule.passed and rule.why
    if "optimize" in sentence:
        assert "'optimize' says nothing measurable" in next(r.why for r in rules if r.name == "plain words")


def test_cost_of_staying_in_pilot():
    cost = scope.cost_of_delay(47000, 8000, 91, still_pilot=True)
    assert cost.per_month == 55000 and cost.months_in_pilot == pytest.approx(91 / 30)
    assert cost.forgone_to_date == pytest.approx(47000 * 91 / 30)
    assert scope.cost_of_delay(47000, 8000, 91, still_pilot=False).forgone_to_date == 0


def test_launching_the_core_now_beats_waiting_for_the_full_scope():
    paths = scope.launch_paths(core_value=47000, full_value=56000, core_months=1, full_months=4, horizon=6)
    core = {r["month"]: r["value"] for r in paths if r["path"] == "Launch the core now"}
    wait = {r["month"]: r["value"] for r in paths if r["path"] == "Wait for the full scope"}
    assert core[1] == 0 and core[2] == 47000 and core[4] == 3 * 47000 and core[5] == 3 * 47000 + 56000
    assert wait[4] == 0 and wait[5] == 56000
    assert core[6] - wait[6] == 3 * 47000  # three months of the core's value, gained by not waiting


def _ranked(n):
    return scope.rank([c(k, f"Scenario {k}", 1000 - k, volume=100 / n) for k in range(n)], 60)


def test_pareto_spec_names_few_and_ranks_many():
    few = themed(scope_charts.pareto_chart(_ranked(7), {0, 1, 2}, {0, 1})).to_dict()
    x_axis = few["layer"][0]["layer"][0]["encoding"]["x"]
    assert x_axis["field"] == "rank" and "Scenario 0" in x_axis["axis"]["labelExpr"]
    marks = [layer.get("mark", {}).get("type") for layer in few["layer"]]
    assert marks[-2:] == ["rule", "text"]  # the cut line and its label
    cut_label = next(rows for rows in few["datasets"].values() if rows and "label" in rows[0]
                     and str(rows[0]["label"]).startswith("cut line"))
    assert cut_label[0]["label"] == "cut line: top 3"
    many = themed(scope_charts.pareto_chart(_ranked(127), set(range(12)), set(range(10)))).to_dict()
    axis = many["layer"][0]["layer"][0]["encoding"]["x"]["axis"]
    assert "labelExpr" not in axis and axis["values"][:3] == [1, 10, 20]  # thinned rank labels
    bars = many["layer"][0]["layer"][0]
    assert bars["encoding"]["color"]["scale"]["range"] == [scope_charts.CORE_COLOUR, scope_charts.PHASE2_COLOUR]
    assert many["layer"][0]["layer"][1]["mark"]["shape"] == "triangle-down"  # the 80%-of-volume marker


def test_feature_names_are_data_in_the_axis_expression():
    tricky = scope.rank([c(1, "O'Brien's \\\\ route", 10)], 60)
    expr = themed(scope_charts.pareto_chart(tricky, {1}, set())).to_dict()["layer"][0]["layer"][0]["encoding"]["x"]["axis"]["labelExpr"]
    assert expr.startswith("datum.value == 1 ? 'O\\'Brien\\'s ")  # quotes escaped: the name stays a string
