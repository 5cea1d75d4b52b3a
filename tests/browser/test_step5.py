"""A department head enters a month in a real browser and the dashboard's figures and chart change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sprint import initiatives
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.store import Store
from tests.browser.conftest import (
    act,
    assert_no_exception,
    fill_number,
    open_example,
    screenshot,
)

pytestmark = pytest.mark.browser


def metric_value(page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return box.get_by_test_id("stMetricValue").inner_text()


def test_entering_a_month_moves_the_dashboard(start_app, page, tmp_path):
    server = open_example(start_app, page, tmp_path)
    act(page, lambda: page.get_by_test_id("stSidebarNav").get_by_text("Step 5 · Outcomes").click())
    assert metric_value(page, "Off track") == "0"
    gap_chart = page.get_by_test_id("stVegaLiteChart").first
    gap_chart.scroll_into_view_if_needed()
    expect(gap_chart.locator("canvas, svg").first).to_be_visible()  # drawn, not only placed
    before = gap_chart.screenshot()

    act(page, lambda: page.get_by_test_id("stButtonGroup").get_by_text("Monthly entry").click())
    screenshot(page, "step5-entry")
    fill_number(page, "Deliveries planned automatically", "30")
    act(page, lambda: page.get_by_role("button", name="Save Month 3").click())
    expect(page.get_by_text("Saved 1 value for Month 3.")).to_be_visible()
    assert_no_exception(page, server, "monthly entry")

    act(page, lambda: page.get_by_test_id("stButtonGroup").get_by_text("Success dashboard").click())
    assert metric_value(page, "Off track") == "1"  # 71% -> 30% of deliveries planned: off track
    gap_chart = page.get_by_test_id("stVegaLiteChart").first
    gap_chart.scroll_into_view_if_needed()
    expect(gap_chart.locator("canvas, svg").first).to_be_visible()  # drawn, not only placed
    assert gap_chart.screenshot() != before
    screenshot(page, "step5-dashboard-after-entry")

    # What was stored is exactly what was typed (the server must let go of the file first).
    server.stop()
    with Store(server.db) as store:
        routing = next(i for i in initiatives.list_all(store) if i.name == "Delivery route planner")
        planned = next(m for m in metrics.list_metrics(store, routing.id) if m.name == "Deliveries planned automatically")
        assert actuals.actuals_by_metric(store, routing.id)[planned.id][3] == 30.0
