"""Without sign-in, the person at the computer types their name once: changes are recorded under it (not the
computer's login), and their browser remembers it in a new tab."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sprint.store import Store
from tests.browser.conftest import act, assert_no_exception, open_example, wait_for_app

pytestmark = pytest.mark.browser


def test_the_name_typed_once_is_recorded_and_remembered(start_app, page, tmp_path):
    server = open_example(start_app, page, tmp_path)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Changes are recorded as the facilitator at this computer")).to_be_visible()
    sidebar.get_by_role("button", name="Set your name").click()
    field = page.get_by_role("textbox", name="Your name")
    field.press_sequentially("Fran Okafor", delay=60)
    act(page, lambda: page.get_by_role("button", name="Save my name").click())
    expect(sidebar.get_by_text("Changes are recorded as Fran Okafor")).to_be_visible()

    page.goto(server.url + "/scope?initiative=invoice-processing&view=rank-cut")
    wait_for_app(page)
    rate = page.get_by_role("spinbutton", name="Loaded hourly rate ($)")
    rate.fill("61")
    act(page, lambda: page.get_by_role("button", name="Save the rate").click())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Saved the hourly rate.")).to_be_visible()
    assert_no_exception(page, server, "Step 1")

    other_tab = page.context.new_page()
    other_tab.goto(server.url + "/plan")
    wait_for_app(other_tab)
    expect(other_tab.get_by_test_id("stSidebar").get_by_text("Changes are recorded as Fran Okafor")).to_be_visible()

    server.stop()  # the server holds the database file: read the audit log once it has let go
    with Store(server.db) as store:
        actor, summary = store.fetch_one("SELECT actor, summary FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert actor == "Fran Okafor", summary


def test_another_laptop_says_who_it_is_in_a_dialog_and_its_save_goes_through(start_app, browser, tmp_path):
    """A laptop reaching the app over the network (here through a proxy this machine trusts, which passes its
    address on) saves before giving a name: a dialog asks who is saving, then makes that same save, recorded
    under the name and team typed."""
    from tests.browser.conftest import load_example_db, new_page

    db = tmp_path / "example.duckdb"
    load_example_db(db)
    server = start_app(db, env={"SPRINT_TRUSTED_PROXIES": "127.0.0.1"})
    laptop = new_page(browser, viewport={"width": 1440, "height": 900},
                      extra_http_headers={"X-Forwarded-For": "10.20.30.41"})
    try:
        laptop.goto(server.url + "/scope?initiative=invoice-processing&view=rank-cut")
        wait_for_app(laptop)
        expect(laptop.get_by_test_id("stSidebar").get_by_text(
            "Changes are recorded as someone on another computer (no name given)")).to_be_visible()
        rate = laptop.get_by_role("spinbutton", name="Loaded hourly rate ($)")
        rate.fill("63")
        act(laptop, lambda: laptop.get_by_role("button", name="Save the rate").click())
        dialog = laptop.get_by_role("dialog")
        expect(dialog.get_by_text("Who is saving?")).to_be_visible()
        dialog.get_by_role("textbox", name="Your name").press_sequentially("Sam Lee", delay=50)
        dialog.get_by_role("textbox", name="Your team (optional)").press_sequentially("Finance", delay=50)
        act(laptop, lambda: dialog.get_by_role("button", name="Save my name and the change").click())
        expect(laptop.get_by_test_id("stAlertContentSuccess").get_by_text("Saved the hourly rate.")).to_be_visible()
        expect(laptop.get_by_role("dialog")).to_have_count(0)
        expect(laptop.get_by_test_id("stSidebar").get_by_text(
            "Changes are recorded as Sam Lee (Finance, on another computer)")).to_be_visible()
        assert_no_exception(laptop, server, "the first save from another laptop")
    finally:
        laptop.context.close()
        server.stop()
    with Store(db) as store:
        actor, summary = store.fetch_one("SELECT actor, summary FROM audit_log ORDER BY seq DESC LIMIT 1")
    assert actor == "Sam Lee (Finance, on another computer)" and "hourly rate" in summary.lower()
