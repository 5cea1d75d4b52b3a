"""The snapshot page: upload, preview, choose replace or keep both, restore; the sidebar download."""

from __future__ import annotations

import datetime as dt

from sprint import initiatives
from sprint.snapshots import export_workbook
from sprint.ui import state
from tests.app.conftest import texts

MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _snapshot() -> bytes:
    store = state.store()
    invoice = next(i.id for i in initiatives.list_all(store) if i.name == "Invoice processing")
    return export_workbook(store, invoice, exported_by="Fran", today=dt.date.today(), now=dt.datetime.now())


def test_restoring_over_an_existing_initiative_needs_a_choice(app, example_db):
    at = app()
    at.run()
    at.switch_page("app_pages/snapshots.py").run()
    assert not at.exception
    at.file_uploader(key="restore_upload_0").upload("invoice.xlsx", _snapshot(), MIME).run()
    assert not at.exception
    assert "was exported" in texts(at, "success") and "1 initiative(s), 5 metrics" in texts(at, "success")
    assert "already has 'Invoice processing'" in texts(at, "warning")
    assert at.button(key="restore_go").disabled
    at.radio(key="restore_choice").set_value("keep both").run()
    at.button(key="restore_go").click().run()
    assert not at.exception
    assert "Restored 'Invoice processing (restored" in texts(at, "success")
    assert len(initiatives.list_all(state.store())) == 7


def test_a_file_that_is_not_a_snapshot_is_explained(app, example_db):
    at = app()
    at.run()
    at.switch_page("app_pages/snapshots.py").run()
    at.file_uploader(key="restore_upload_0").upload("budget.xlsx", b"just,some,text\n", MIME).run()
    assert not at.exception
    assert "'budget.xlsx' is not an Excel snapshot" in texts(at, "error")


def test_every_page_offers_the_snapshot_download(app, example_db):
    at = app()
    at.run()
    assert at.sidebar.radio(key="snapshot_scope").value == "this initiative"
    assert at.get("download_button")


def test_a_large_portfolio_snapshot_is_prepared_with_progress_then_downloads(app, db_file):
    """Past 50 initiatives the sidebar prepares the workbook (with a progress bar) before the download: a large
    export no longer runs unseen behind a download button."""
    from sprint.snapshots import restore as restoring
    from sprint.store import Store
    from tests.conftest import TODAY
    from tests.portfolio_data import seed_portfolio

    with Store(db_file) as store:
        seed_portfolio(store, 60, TODAY)
    at = app()
    at.run()
    at.sidebar.radio(key="snapshot_scope").set_value("all initiatives").run()
    assert not at.get("download_button")
    at.sidebar.button(key="prepare_snapshot").click().run()
    assert not at.exception
    assert at.get("download_button")  # ready: one click downloads it
    data = at.session_state["prepared_snapshot"][1]
    snap = restoring.read_snapshot(data, "all.xlsx")
    assert len(snap.initiatives) == 60
    initiatives.create(state.store(), state.actor(), initiatives.InitiativeDraft("One more", TODAY), today=TODAY)
    at.run()
    assert not at.get("download_button")  # the data changed: the prepared workbook is not offered stale


def test_a_snapshot_not_made_here_restores_only_once_the_facilitator_says_so(app, example_db):
    from pathlib import Path

    old = (Path(__file__).parents[1] / "files" / "snapshots" / "format1-invoice.xlsx").read_bytes()
    at = app()
    at.run()
    at.switch_page("app_pages/snapshots.py").run()
    at.file_uploader(key="restore_upload_0").upload("old.xlsx", old, MIME).run()
    assert not at.exception
    assert "can't be shown to be made here" in texts(at, "warning")
    assert "says it was exported 2026-03-10" in texts(at, "info")  # the file's claim, not a fact
    at.radio(key="restore_choice").set_value("keep both").run()
    assert at.button(key="restore_go").disabled  # not without the facilitator's word
    at.checkbox(key="restore_not_made_here").check().run()
    assert not at.button(key="restore_go").disabled
    at.button(key="restore_go").click().run()
    assert not at.exception
    assert "Restored 'Invoice processing (restored" in texts(at, "success")


def test_a_snapshot_made_here_says_so(app, example_db):
    at = app()
    at.run()
    at.switch_page("app_pages/snapshots.py").run()
    at.file_uploader(key="restore_upload_0").upload("invoice.xlsx", _snapshot(), MIME).run()
    assert "Signed by this workspace" in " ".join(c.value for c in at.caption)
    assert not at.checkbox  # nothing to confirm
