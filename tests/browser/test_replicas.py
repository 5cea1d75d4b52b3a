"""Two app processes on one PostgreSQL (#30), as replicas behind a load balancer run: a save made through one
reaches the presenter of the other with nobody touching it, and the command line imports a file while both run."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from tests import nginx, postgres
from tests.browser.conftest import (
    assert_no_exception,
    enter_a_month_off_track,
    new_page,
    off_track_count,
    screenshot,
    wait_for_app,
)
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture
def proxy():
    """nginx before the replicas, configured as deploy/nginx-sprint.conf says (tests/nginx.py)."""
    from pathlib import Path

    from tests.servers import unavailable

    if not Path(nginx.BINARY).exists():
        unavailable("nginx is not installed (apt-get install -y nginx-light)")
    return nginx.proxy


def test_a_save_on_one_replica_reaches_the_presenter_on_the_other(start_app, browser, postgres_url, tmp_path, proxy):
    url = postgres.new_database(postgres_url)
    # What every replica shares besides the database (README, Beyond one machine): the audit key and the secret.
    shared = {"SPRINT_DATABASE_URL": url, "SPRINT_AUDIT_KEY_FILE": str(tmp_path / "shared.audit-key"),
              "SPRINT_SECRET": "a-secret-every-replica-shares-0123456789"}
    env = {**__import__("os").environ, **shared}
    loaded = subprocess.run([sys.executable, "-m", "sprint", "demo"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert loaded.returncode == 0, loaded.stderr
    first, second = start_app(url, env=shared), start_app(url, env=shared)
    room = new_page(browser, viewport={"width": 1280, "height": 720})
    proxied = new_page(browser, viewport={"width": 1280, "height": 720})
    phone = new_page(browser, viewport={"width": 390, "height": 844})
    front = contextlib.ExitStack()
    try:
        # The same screen through nginx, as people would reach the replicas (WebSocket proxied, sticky).
        proxied.goto(f"{front.enter_context(proxy(first.port, second.port))}/?present=1&screen=outcomes")
        wait_for_app(proxied)
        expect(off_track_count(proxied)).to_have_text("0")
        room.goto(f"{first.url}/?present=1&screen=outcomes")
        wait_for_app(room)
        expect(room.get_by_role("heading", name="Step 5 · Outcomes")).to_be_visible()
        expect(off_track_count(room)).to_have_text("0")

        enter_a_month_off_track(phone, second.url)

        # Saved through the second process; the first one's projector shows it by itself.
        expect(off_track_count(room)).to_have_text("1", timeout=60_000)
        assert_no_exception(room, first, "the presenter on the first replica")
        expect(off_track_count(proxied)).to_have_text("1", timeout=60_000)
        screenshot(room, "replicas-presenter-after-a-save-on-the-other")

        imported = subprocess.run([sys.executable, "-m", "sprint", "import",
                                   str(ROOT / "tests" / "files" / "kpi_dashboard.xlsx"), "--initiative",
                                   "Customer operations"], cwd=ROOT, env=env, capture_output=True, text=True,
                                  timeout=300)
        assert imported.returncode == 0, imported.stderr  # while both replicas hold the database
        phone.goto(f"{second.url}/")
        wait_for_app(phone)
        expect(phone.get_by_text("Customer operations").first).to_be_visible()
        verified = subprocess.run([sys.executable, "-m", "sprint", "verify-audit"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=300)
        assert verified.returncode == 0 and "intact" in verified.stdout, verified.stdout + verified.stderr
    finally:
        room.context.close()
        proxied.context.close()
        phone.context.close()
        front.close()
