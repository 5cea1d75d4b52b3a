"""The room: a number entered on one laptop appears on the projected screen within 10 seconds, untouched."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    act,
    assert_no_exception,
    enter_a_month_off_track,
    load_example_db,
    new_page,
    off_track_count,
    screenshot,
    wait_for_app,
)

pytestmark = pytest.mark.browser


def test_presenter_shows_a_new_figure_without_a_click(start_app, browser, tmp_path):
    db = tmp_path / "example.duckdb"
    load_example_db(db)
    server = start_app(db)
    room = new_page(browser, viewport={"width": 1920, "height": 1080})
    laptop = new_page(browser, viewport={"width": 1600, "height": 900})
    try:
        room.goto(f"{server.url}/?present=1")
        wait_for_app(room)
        for _ in range(6):  # Overview -> plan -> Step 1 ... Step 5
            act(room, room.locator(".st-key-present_next button").filter(visible=True).click)
        expect(room.get_by_role("heading", name="Step 5 · Outcomes")).to_be_visible()
        expect(off_track_count(room)).to_have_text("0")
        screenshot(room, "presenter-step5-before")

        enter_a_month_off_track(laptop, server.url)

        # Nobody touches the room's screen: it must pick the change up by itself.
        # The screen polls every few seconds; a busy machine may take longer (bench_presenter.py times it).
        expect(off_track_count(room)).to_have_text("1", timeout=60_000)
        assert_no_exception(room, server, "the presenter screen")
        screenshot(room, "presenter-step5-after")
    finally:
        room.context.close()
        laptop.context.close()


def test_the_presenter_is_driven_like_a_presentation(start_app, browser, tmp_path):
    """A clicker's keys move between screens (Right arrow, PageDown, Space forward; Left, PageUp back), the
    buttons are named, no tooltip is left over the screen, and Stop returns to the page of the screen shown."""
    db = tmp_path / "example.duckdb"
    load_example_db(db)
    server = start_app(db)
    room = new_page(browser, viewport={"width": 1280, "height": 720})
    try:
        room.goto(f"{server.url}/?present=1&screen=overview&initiative=invoice-processing")
        wait_for_app(room)
        expect(room.get_by_role("button", name="Next")).to_be_visible()
        expect(room.get_by_role("button", name="Back")).to_be_disabled()
        act(room, lambda: room.keyboard.press("ArrowRight"))
        expect(room.get_by_role("heading", name="90-day plan")).to_be_visible()
        assert "screen=plan" in room.url
        act(room, lambda: room.keyboard.press("PageDown"))
        expect(room.get_by_role("heading", name="Step 1 · Scope")).to_be_visible()
        act(room, lambda: room.keyboard.press("Space"))
        expect(room.get_by_role("heading", name="Step 2 · Compliance")).to_be_visible()
        act(room, lambda: room.keyboard.press("PageUp"))
        expect(room.get_by_role("heading", name="Step 1 · Scope")).to_be_visible()
        act(room, lambda: room.get_by_role("button", name="Next").click())
        expect(room.get_by_role("heading", name="Step 2 · Compliance")).to_be_visible()
        expect(room.get_by_test_id("stTooltipContent")).to_have_count(0)  # nothing left over the screen
        act(room, lambda: room.keyboard.press("ArrowLeft"))
        expect(room.get_by_role("heading", name="Step 1 · Scope")).to_be_visible()
        act(room, lambda: room.get_by_role("button", name="Stop").click())
        expect(room.get_by_role("heading", name="Step 1 · Cut the scope")).to_be_visible()  # the page presented
        assert "/scope" in room.url and "initiative=invoice-processing" in room.url
        assert_no_exception(room, server, "driving the presenter")
    finally:
        room.context.close()
