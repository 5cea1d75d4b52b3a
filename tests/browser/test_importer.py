"""A person uploads the spreadsheet they keep, names the new initiative, checks the preview and imports it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import act, assert_no_exception, runs, screenshot, wait_for_app
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
FILES = ROOT / "tests" / "files"


def upload(start_app, page, name: str):
    """A fresh app on an empty database, the import page, and the fixture `name` dropped on it."""
    server = start_app()
    page.goto(f"{server.url}/import")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(FILES / name))
    return server


def test_upload_preview_and_import_a_kpi_workbook(start_app, page):
    server = upload(start_app, page, "kpi_dashboard.xlsx")
    expect(page.get_by_text("Which column holds what")).to_be_visible(timeout=30_000)
    page.get_by_label("Name of the new initiative").fill("Customer operations")
    act(page, lambda: page.get_by_label("Name of the new initiative").press("Enter"))
    expect(page.get_by_text("5 new")).to_be_visible()
    expect(page.get_by_text("The rows as they will be stored")).to_be_visible()
    assert_no_exception(page, server, "import preview")
    screenshot(page, "import-preview")
    act(page, lambda: page.get_by_role("button", name="Import 19 changes").click())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Imported kpi_dashboard.xlsx")).to_be_visible(timeout=30_000)
    assert_no_exception(page, server, "after import")
    # The imported metrics are on Step 5, for the initiative the import created.
    page.goto(f"{server.url}/outcomes")
    wait_for_app(page)
    expect(page.get_by_role("combobox", name="Current initiative")).to_have_value("Customer operations")
    expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible(timeout=15_000)  # its metrics, charted
    assert_no_exception(page, server, "Step 5 after import")


def test_a_password_protected_workbook_is_named_as_such(start_app, page):
    server = upload(start_app, page, "protected.xlsx")
    expect(page.get_by_text("is protected with a password")).to_be_visible(timeout=30_000)
    assert_no_exception(page, server, "protected upload")


def test_a_file_over_the_limit_is_refused_in_words_on_a_phone(start_app, browser):
    """The upload widget alone shows only a red mark for a file that is too large; the page says why."""
    from tests.browser.conftest import phone_page

    phone = phone_page(browser)
    server = start_app()
    phone.goto(f"{server.url}/import")
    wait_for_app(phone)
    expect(phone.get_by_text("up to 20 MB", exact=False)).to_be_visible()
    phone.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[{
        "name": "tracker.csv", "mimeType": "text/csv", "buffer": b"Metric,Value\n" + b"Calls,12\n" * 2_400_000}])
    expect(phone.get_by_text("tracker.csv can't be imported.", exact=False)).to_be_visible(timeout=60_000)
    expect(phone.get_by_text("the limit is 20 MB", exact=False)).to_be_visible()
    assert_no_exception(phone, server, "oversized upload")
    screenshot(phone, "import-too-large-phone")
    phone.context.close()


def test_dates_that_read_two_ways_are_asked_about_and_answered_on_the_page(start_app, page):
    """A check-in log whose dates (03/04/2026) read two ways: the page asks, the person answers day first,
    and the import goes through with 3 April."""
    server = upload(start_app, page, "layouts/checkins_ambiguous.csv")
    expect(page.get_by_text("Which column holds what")).to_be_visible(timeout=30_000)
    page.get_by_label("Name of the new initiative").fill("Claims")
    act(page, lambda: page.get_by_label("Name of the new initiative").press("Enter"))
    # the problem itself is a row of the problems table (a canvas grid); its count is in words above it
    expect(page.get_by_text("1 problem to fix before anything is imported")).to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Import")).to_be_disabled()
    expect(page.get_by_role("radiogroup", name="All-number dates (03/04/2026)")).to_be_visible()
    act(page, lambda: page.get_by_text("day first (3 April)").click())
    expect(page.get_by_role("button", name="Import 2 changes")).to_be_enabled(timeout=30_000)
    assert_no_exception(page, server, "date order chosen")
    act(page, lambda: page.get_by_role("button", name="Import 2 changes").click())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Imported checkins_ambiguous.csv")).to_be_visible(timeout=30_000)
    assert_no_exception(page, server, "after import")


def test_a_kpi_workbook_of_one_metric_per_sheet_imports_from_the_page(start_app, page):
    """The sheets of a glide-path workbook are read together: the page says so, and the import creates one
    metric per sheet."""
    server = upload(start_app, page, "layouts/kpi_glide_path.xlsx")
    expect(page.get_by_text("Which column holds what")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("One metric per sheet: 'Cost per invoice', 'Processing time'").first).to_be_visible()
    page.get_by_label("Name of the new initiative").fill("Invoices")
    act(page, lambda: page.get_by_label("Name of the new initiative").press("Enter"))
    expect(page.get_by_role("button", name="Import 17 changes")).to_be_enabled(timeout=30_000)
    assert_no_exception(page, server, "glide path preview")
    screenshot(page, "import-glide-path")
    act(page, lambda: page.get_by_role("button", name="Import 17 changes").click())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Imported kpi_glide_path.xlsx")).to_be_visible(timeout=30_000)
    assert_no_exception(page, server, "after import")


def test_a_file_with_problems_is_repaired_in_the_preview_and_stored_exactly_so(start_app, page):
    """An inventory with an unreadable start date, a stage word we don't know and a row nobody wants: the
    person corrects the date, says what the word means, leaves the row out, and imports; the database holds
    exactly that, and the audit entry names what was corrected and left out. On the projector (1280 x 720)."""
    import json

    from sprint import audit, initiatives
    from sprint.store import Store
    from tests.browser.conftest import choose, choose_in_cell, table_with, type_into_cell

    page.set_viewport_size({"width": 1280, "height": 720})
    server = upload(start_app, page, "repair/inventory_with_problems.csv")
    expect(page.get_by_text("inventory_with_problems.csv can be imported, with 4 cells left blank")).to_be_visible(
        timeout=30_000)
    assert_no_exception(page, server, "repairs listed")
    screenshot(page, "import-repairs-projector")
    fixes = table_with(page, "Correct to")
    rows = fixes.locator("table[aria-rowcount] tbody tr")
    expect(rows).to_have_count(4)
    texts = rows.all_inner_texts()
    tbc = next(i for i, t in enumerate(texts) if "TBC" in t)
    someday = next(i for i, t in enumerate(texts) if "someday" in t)
    before = runs(page)
    type_into_cell(page, fixes, tbc, "Correct to", "2026-04-06")
    choose_in_cell(page, fixes, someday, "Then", "leave the row out")
    choose(page, page.get_by_label("'Scoping' (2 rows) means"), "limited production", reruns=False)
    assert runs(page) == before, "editing the grid reran the page before Apply"
    act(page, lambda: page.get_by_role("button", name="Apply").click())
    expect(page.get_by_text("Your changes in the preview: 1 cell corrected, 1 row left out")).to_be_visible()
    expect(page.get_by_text("can be imported, with")).to_have_count(0)  # nothing left to repair
    assert_no_exception(page, server, "after Apply")
    act(page, lambda: page.get_by_role("button", name="Import 4 changes").click())
    expect(page.get_by_test_id("stAlertContentSuccess").get_by_text("Imported inventory_with_problems.csv")).to_be_visible(timeout=30_000)
    assert_no_exception(page, server, "after import")
    server.stop()
    with Store(server.db) as store:
        stored = {i.name: (i.stage, i.start_date.isoformat()) for i in initiatives.list_all(store)}
        log = audit.entries(store, entity="import")
    assert stored == {"Invoice matching": ("pilot", "2026-02-02"),
                      "Claims triage": ("limited production", "2026-03-01"),
                      "Chat assistant": ("production", "2026-04-06"),
                      "Route planner": ("production", "2026-05-04")}
    after = json.loads(log["after"].iloc[0])
    assert after["left_out_in_preview"] == [5]
    assert after["corrected_in_preview"] == ["row 4, Start date: '2026-04-06'"]
    assert after["mapping"]["value_maps"] == {"stage": {"Scoping": "limited production"}}
