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
