"""Every page opens in Chromium without an exception box, on an empty and on the example database."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    act,
    assert_no_exception,
    choose,
    load_example_db,
    open_example,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PAGES = [("", "Overview"), ("plan", "The 90-day sprint"), ("scope", "Step 1 · Cut the scope"), ("compliance", "Step 2 · Build compliance in"),
         ("workflow", "Step 3 · A day in the life"),
         ("governance", "Step 4 · Govern lightly"),
         ("outcomes", "Step 5 · Business outcomes"),
         ("import", "Import a spreadsheet"),
         ("snapshots", "Excel snapshots"),
         ("audit-log", "Audit log"),
         ("people", "People and access")]


def test_every_page_renders_on_the_example(start_app, page, tmp_path):
    db = tmp_path / "example.duckdb"
    load_example_db(db)
    server = start_app(db)
    for path, heading in PAGES:
        page.goto(f"{server.url}/{path}")
        wait_for_app(page)
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        assert_no_exception(page, server, heading)
        screenshot(page, f"example-{path or 'overview'}")
    # The portfolio shows the example's initiatives, with where each stands in its sprint.
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_text("Delivery route planner").first).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)


def test_empty_database_welcomes_and_loads_the_example_in_one_click(start_app, page):
    server = start_app()
    page.goto(server.url)
    wait_for_app(page)
    assert_no_exception(page, server, "welcome")
    screenshot(page, "empty-welcome")
    page.goto(f"{server.url}/audit-log")
    wait_for_app(page)
    assert_no_exception(page, server, "empty audit log")
    expect(page.get_by_text("No changes match these filters yet")).to_be_visible()

    page.goto(server.url)
    wait_for_app(page)
    act(page, lambda: page.get_by_role("button", name="Load the example sprint").click())
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Loaded the example sprint: 6 initiatives.")).to_be_visible()
    expect(page.get_by_text("Support ticket assistant").first).to_be_visible()
    assert_no_exception(page, server, "overview after loading the example")
    screenshot(page, "after-loading-example")


def test_the_sidebar_download_delivers_a_workbook_that_opens(start_app, page, tmp_path):
    import datetime as dt
    import io

    import openpyxl

    server = open_example(start_app, page, tmp_path)
    with page.expect_download() as download_info:
        page.get_by_test_id("stSidebar").get_by_test_id("stDownloadButton").locator("button").click()
    download = download_info.value
    assert download.suggested_filename == f"delivery-route-planner-{dt.datetime.now(dt.UTC).date().isoformat()}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert book.sheetnames[:7] == ["Summary", "Scope", "Compliance", "Workflow", "Governance", "Metrics", "Audit log"]
    assert book["Summary"]["A1"].value == "Delivery route planner"
    assert book["Metrics"]["B2"].value == "Deliveries planned automatically"
    assert_no_exception(page, server, "after the download")


def test_the_day_in_the_life_flow_draws(start_app, page, tmp_path):
    server = open_example(start_app, page, tmp_path)
    choose(page, page.get_by_role("combobox", name="Current initiative"), "Sales pipeline assistant")
    act(page, lambda: page.get_by_test_id("stSidebarNav").get_by_text("Step 3 · Day in the life").click())
    flow = page.get_by_test_id("stGraphVizChart")
    expect(flow.locator("svg")).to_be_visible()
    expect(flow.get_by_text("WhatsApp deals group · 15 min")).to_be_visible()
    assert flow.locator("g.node").count() == 6
    assert_no_exception(page, server, "the day-in-the-life flow")
    screenshot(page, "step3-flow")


def test_the_compliance_matrix_draws(start_app, page, tmp_path):
    server = open_example(start_app, page, tmp_path)
    choose(page, page.get_by_role("combobox", name="Current initiative"), "Patient scheduling assistant")
    act(page, lambda: page.get_by_test_id("stSidebarNav").get_by_text("Step 2 · Compliance").click())
    expect(page.get_by_text("Not legal advice.", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("stVegaLiteChart")).to_have_count(1)
    expect(page.get_by_text("60-day cure playbook", exact=False).first).to_be_visible()
    assert_no_exception(page, server, "the compliance matrix")
    screenshot(page, "step2-matrix")


def test_the_laptop_projector_size_shows_what_each_page_is_for(start_app, browser, tmp_path):
    """At 1280 x 720 (a projector): nothing needs sideways scrolling; the Overview shows red flags and headlines
    beside each initiative's name; Step 3's table keeps its AI column in view; Step 5 names its computed ROI.
    The screenshots are kept for a person to look at (artifacts/screenshots/laptop-*.png)."""
    from tests.browser.conftest import new_page

    pg = new_page(browser, viewport={"width": 1280, "height": 720})
    server = open_example(start_app, pg, tmp_path)

    def header(grid, name: str):
        return grid.locator("th", has_text=re.compile(f"^{re.escape(name)}$"))

    def overview() -> None:
        table = pg.get_by_test_id("stDataFrame").first
        expect(header(table, "Red flags")).to_have_count(1)
        names = table.locator("th").evaluate_all("cells => cells.map(c => c.textContent)")
        assert names[:3] == ["Initiative", "Red flags", "Headline"]

    def workflow() -> None:
        grid = pg.get_by_test_id("stDataFrame").nth(1)
        expect(header(grid, "AI")).to_have_count(1)
        names = grid.locator("th").evaluate_all("cells => cells.map(c => c.textContent)")
        widths = {"What happens": 180, "Who does it": 120, "System or tool": 160, "Official": 75, "Minutes": 80,
                  "AI": 100}
        assert names[:6] == list(widths)
        assert 33 + sum(widths.values()) <= grid.bounding_box()["width"]  # the AI column ends inside the table

    checks = {"/": overview, "/workflow?initiative=invoice-processing&view=workflow": workflow,
              "/outcomes?initiative=invoice-processing&view=dashboard":
                  lambda: expect(pg.get_by_text("Computed ROI to date", exact=True)).to_be_visible()}
    for path, check in checks.items():
        pg.goto(server.url + path)
        wait_for_app(pg)
        check()
        assert_no_exception(pg, server, path)
        overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} needs {overflow}px of sideways scrolling at 1280 x 720"
        screenshot(pg, "laptop-" + (path.strip("/").split("?")[0] or "overview"))
    pg.context.close()
