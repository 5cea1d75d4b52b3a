"""A department head enters a month in a real browser and the dashboard's figures and chart change."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sprint import actuals, initiatives, metrics
from sprint.store import Store
from tests.browser.conftest import (
    assert_no_exception,
    open_example,
    screenshot,
    type_in_first_row,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def metric_value(page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True))
    return box.get_by_test_id("stMetricValue").inner_text()


def test_entering_a_month_moves_the_dashboard(start_app, page, tmp_path):
    server = open_example(start_app, page, tmp_path)
    page.get_by_test_id("stSidebarNav").get_by_text("Step 5 · Outcomes").click()
    wait_for_app(page)
    assert metric_value(page, "Off track") == "0"
    gap_chart = page.get_by_test_id("stVegaLiteChart").first
    gap_chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    before = gap_chart.screenshot()

    page.get_by_test_id("stButtonGroup").get_by_text("Monthly entry").click()
    wait_for_app(page)
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    screenshot(page, "step5-entry")
    type_in_first_row(page, grid, 3, "30")  # three columns right of the name: "This month"
    expect(page.get_by_text("1 changed cell not saved yet.")).to_be_visible()
    page.get_by_role("button", name="Save Month 3").click()
    wait_for_app(page)
    expect(page.get_by_text("for Operations: 1 value.")).to_be_visible()
    assert_no_exception(page, server, "monthly entry")

    page.get_by_test_id("stButtonGroup").get_by_text("Success dashboard").click()
    wait_for_app(page)
    assert metric_value(page, "Off track") == "1"  # 71% -> 30% of deliveries planned: off track
    gap_chart = page.get_by_test_id("stVegaLiteChart").first
    gap_chart.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    assert gap_chart.screenshot() != before
    screenshot(page, "step5-dashboard-after-entry")

    # What was stored is exactly what was typed (the server must let go of the file first).
    server.stop()
    with Store(server.db) as store:
        routing = next(i for i in initiatives.list_all(store) if i.name == "Delivery route planner")
        planned = next(m for m in metrics.list_metrics(store, routing.id) if m.name == "Deliveries planned automatically")
        assert actuals.actuals_by_metric(store, routing.id)[planned.id][3] == 30.0
