"""90-day plan page: the timeline, ticking a checklist item, recording the limited launch (and refusing 140%)."""

from __future__ import annotations

from sprint.plan import store as plan_store
from sprint.ui import state
from tests.app.conftest import open_on, texts

PAGE = "app_pages/plan.py"
ITEM = "Strip the pilot to its core features"


def test_without_an_initiative_it_points_to_the_overview(app):
    at = app()
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "Create an initiative" in texts(at, "info")


def test_ticking_and_unticking_a_plan_item(app, example_db):
    at, sales = open_on(app, PAGE, "Sales pipeline assistant")
    assert len(at.get("vega_lite_chart")) >= 1  # the timeline
    was_done = ("days 1-30", ITEM) in plan_store.ticks(state.store(), sales.id)
    box = next(c for c in at.checkbox if c.label == ITEM)
    box.set_value(not was_done).run()
    assert not at.exception
    assert f"{'Ticked' if not was_done else 'Unticked'} '{ITEM}'." in texts(at, "success")
    assert (("days 1-30", ITEM) in plan_store.ticks(state.store(), sales.id)) is not was_done
    assert next(c for c in at.checkbox if c.label == ITEM).value is not was_done  # redrawn as saved


def test_recording_the_launch_volume_and_refusing_a_share_over_100(app, example_db):
    at, sales = open_on(app, PAGE, "Sales pipeline assistant")
    before = plan_store.launch_volume(state.store(), sales.id)
    at.text_input(key="launch_share").input("140")
    at.button[0].click().run()  # the form's Record button
    assert "a share of volume in production is between 0 and 100%" in texts(at, "error")
    assert plan_store.launch_volume(state.store(), sales.id) == before
    at.text_input(key="launch_share").input("15%")
    at.button[0].click().run()
    assert not at.exception
    assert "Recorded the launch volume." in texts(at, "success")
    assert plan_store.launch_volume(state.store(), sales.id)[-1][1] == 15.0
    figures = {m.label: m.value for m in at.metric}
    assert figures["Share of volume in production"] == "15%"


def test_an_initiative_in_limited_production_without_a_recorded_share_is_not_called_not_launched(app, example_db):
    at, invoice = open_on(app, PAGE, "Support ticket assistant")
    assert invoice.stage == "limited production"
    shown = " ".join(c.value for c in at.caption)
    assert "In limited production; record the share of volume it runs" in shown and "Not launched" not in shown
