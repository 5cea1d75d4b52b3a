"""The 90-day plan (timeline spec, checklists, limited launch) and the reality check."""

from __future__ import annotations

import datetime as dt

import pytest

from sprint import audit, initiatives, reality
from sprint.charts import themed
from sprint.errors import ValidationError
from sprint.example import build as example
from sprint.picture import Picture
from sprint.plan import charts as plan_charts
from sprint.plan import rules as plan
from sprint.plan import store as plan_store
from tests.conftest import TODAY


def test_the_timeline_spec():
    spec = themed(plan_charts.timeline_chart(41)).to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    # Today's line first, behind the bars (it never crosses their words); then bars, their labels, today's label.
    assert marks == ["rule", "bar", "text", "text", "text"]
    block_labels = spec["layer"][2]["mark"]
    assert block_labels["baseline"] == "middle" and block_labels["dy"] < 0  # two lines centred inside the bar
    rows = next(rows for rows in spec["datasets"].values() if rows and "row" in rows[0] and "kind" in rows[0])
    assert [(r["row"], r["start"], r["end"]) for r in rows][:3] == [("Days 1-30", 0, 30), ("Days 31-60", 30, 60),
                                                                     ("Days 61-90", 60, 90)]
    steps = [(r["row"], r["start"] + 1, r["end"]) for r in rows if r["kind"] == "step"]
    assert steps == [("Step 1 · Scope", 1, 14), ("Step 2 · Compliance", 8, 21), ("Step 3 · Day in the life", 15, 28),
                     ("Step 4 · Governance", 22, 35), ("Step 5 · Outcomes", 29, 42)]
    today = next(rows for rows in spec["datasets"].values() if rows and "day" in rows[0])
    assert today[0]["label"] == "today: day 41"
    assert [layer["mark"]["type"] for layer in themed(plan_charts.timeline_chart(None)).to_dict()["layer"]] == [
        "bar", "text", "text"]  # before or after the sprint: no today line


@pytest.mark.parametrize(("share", "status"), [(None, "not launched"), (5, "below the 10-20% band"),
                                               (10, "in the 10-20% band"), (20, "in the 10-20% band"),
                                               (35, "past the limited launch")])
def test_launch_status(share, status):
    assert plan.launch_status(share) == status


def test_an_initiative_in_limited_production_is_never_called_not_launched():
    """#31: the example's Invoice processing is in limited production yet the plan read 'Not launched'."""
    assert plan.launch_status(None, "limited production") == ("in limited production; record the share of volume "
                                                              "it runs to check the 10-20% band")
    assert plan.launch_status(None, "pilot") == "not launched"
    assert plan.launch_status(15, "limited production") == "in the 10-20% band"


def test_checklists_and_launch_volume(store, facilitator, pilot):
    plan_store.tick(store, facilitator, pilot.id, "week 1", plan.WEEK_1[0], True)
    assert ("week 1", plan.WEEK_1[0]) in plan_store.ticks(store, pilot.id)
    plan_store.tick(store, facilitator, pilot.id, "week 1", plan.WEEK_1[0], False)
    assert plan_store.ticks(store, pilot.id) == {}
    with pytest.raises(ValidationError, match="not on the days 1-30 checklist"):
        plan_store.tick(store, facilitator, pilot.id, "days 1-30", "Buy a boat", True)
    plan_store.record_launch(store, facilitator, pilot.id, TODAY, "12%", today=TODAY)
    assert plan_store.launch_volume(store, pilot.id) == [(TODAY, 12.0)]
    for bad, day in (("120", TODAY), ("lots", TODAY), ("5", TODAY + dt.timedelta(days=1))):
        with pytest.raises(ValidationError):
            plan_store.record_launch(store, facilitator, pilot.id, day, bad, today=TODAY)


def test_reality_check_computes_what_it_can_and_takes_the_rest(store, facilitator):
    example.load_example(store, facilitator, today=TODAY)
    pictures = [Picture(store, i, TODAY) for i in initiatives.list_all(store)]
    figures = {y.benchmark.name: y for y in reality.yours(pictures, {"Time from pilot to production": 5})}
    assert figures["Pilots reaching production"].value == pytest.approx(100 * 4 / 6)
    assert figures["Pilots reaching production"].how == "4 of 6 initiatives in production"
    assert figures["ROI within 6 months"].how.endswith("paid back by month 6")
    assert figures["Employee adoption rate"].value == 87.5  # the latest week of the sales AI (87) and the route planner (88)
    assert figures["Employee adoption rate"].how == "latest weekly adoption, averaged over 2 initiative(s)"
    assert figures["Time from pilot to production"].value == 5 and figures["Time from pilot to production"].how == "typed in"
    assert [b.top for b in reality.BENCHMARKS] == ["3-4", "73", "62", "81", "94"]


def test_the_organisations_figures_are_saved_together_or_not_at_all(store, facilitator):
    with pytest.raises(ValidationError, match="isn't negative"):
        plan_store.set_org_figures(store, facilitator, {"Time from pilot to production": 5,
                                                        "Employee adoption rate": -3})
    assert plan_store.org_figures(store) == {}  # the good figure was not saved on its own
    saved = plan_store.set_org_figures(store, facilitator, {"Time from pilot to production": 5,
                                                            "Employee adoption rate": None})  # blank: left alone
    assert saved == 1 and plan_store.org_figures(store) == {"Time from pilot to production": 5.0}
    plan_store.set_org_figures(store, facilitator, {"Time from pilot to production": 4, "ROI within 6 months": 30})
    assert plan_store.org_figures(store) == {"Time from pilot to production": 4.0, "ROI within 6 months": 30.0}
    log = audit.entries(store, entity="reality check")
    assert len(log) == 2  # one record per save, not per figure
    assert "'Time from pilot to production' to 4" in log.iloc[0]["summary"]
