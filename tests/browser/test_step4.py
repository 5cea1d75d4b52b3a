"""The check-in timer ticks in the room without rerunning the page around it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    act,
    assert_no_exception,
    open_example,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_the_timer_ticks_without_rerunning_the_page(start_app, page, tmp_path):
    server = open_example(start_app, page, tmp_path)
    # Straight to the page by its address (sidebar navigation has its own test in test_pages): a click on the
    # navigation while the first page's follow-up run was still settling was once missed on a busy machine.
    page.goto(f"{server.url}/governance")
    wait_for_app(page)
    act(page, lambda: page.get_by_test_id("stButtonGroup").get_by_text("Check-ins").click())
    loaded = page.get_by_text(re.compile(r"^Log loaded at \d\d:\d\d:\d\d\.$"))
    expect(loaded).to_be_visible()
    act(page, lambda: page.get_by_role("button", name="Start the 15-minute timer").click())
    clock = page.get_by_text(re.compile(r"\d+:\d\d left"))
    expect(clock).to_be_visible()
    stamp, first = loaded.inner_text(), clock.inner_text()
    expect(clock).not_to_have_text(first, timeout=60_000)  # the fragment redrew itself (however busy the machine)
    assert loaded.inner_text() == stamp  # ...and the page around it did not rerun
    screenshot(page, "step4-timer")
    page.get_by_role("button", name="Stop the timer").click()
    expect(page.get_by_role("button", name="Start the 15-minute timer")).to_be_visible()
    assert_no_exception(page, server, "the check-in view")
