"""Browser tests: a real `streamlit run` on a free loopback port, driven by Playwright in Debian's Chromium.

Nothing is downloaded: Playwright launches /usr/bin/chromium (apt-get install -y chromium). Without it the
tests skip on a developer machine but fail under CI=true, where they must run. Screenshots land in
artifacts/screenshots/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

CHROMIUM = Path(os.environ.get("SPRINT_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    return _free_port()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    def __init__(self, db: Path, log: Path, extra_args: tuple[str, ...] = (), port: int | None = None):
        self.db, self.log_path = db, log
        self.port = port or _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "SPRINT_DB": str(db), "PYTHONPATH": str(ROOT)}
        self._log = open(log, "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
             "--global.developmentMode", "false", *extra_args],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        deadline = time.time() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.time() > deadline:
                self.stop()
                raise RuntimeError(f"streamlit did not start; log:\n{log.read_text(errors='replace')}")
            time.sleep(0.2)

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian's chromium (apt-get install -y chromium)")
        pytest.skip(f"{CHROMIUM} not installed (apt-get install -y chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def start_app(tmp_path: Path) -> Iterator[Callable[..., AppServer]]:
    """Start the app on a database prepared by the test (e.g. with `python -m sprint demo`)."""
    servers: list[AppServer] = []

    def start(db: Path | None = None, extra_args: tuple[str, ...] = (), port: int | None = None) -> AppServer:
        server = AppServer(db or tmp_path / "app.duckdb", tmp_path / f"streamlit-{len(servers)}.log", extra_args,
                           port)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 900}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    yield pg
    context.close()


def wait_for_app(page) -> None:
    """Streamlit's own readiness signal: connected, the script finished, no skeletons left."""
    from playwright.sync_api import expect

    page.wait_for_timeout(250)  # widget debounce before the rerun starts
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(state="attached")
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(state="attached")
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def assert_no_exception(page, server: AppServer, where: str) -> None:
    boxes = page.get_by_test_id("stException")
    if boxes.count():
        raise AssertionError(f"Streamlit exception on {where}: {boxes.first.inner_text()}\n"
                             f"server log:\n{server.output()[-3000:]}")


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def load_example_db(db: Path) -> None:
    subprocess.run([sys.executable, "-m", "sprint", "demo", "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True)


def open_example(start_app, page, tmp_path: Path) -> AppServer:
    """A server on a fresh copy of the example sprint, with `page` on its first page."""
    db = tmp_path / "example.duckdb"
    load_example_db(db)
    server = start_app(db)
    page.goto(server.url)
    wait_for_app(page)
    return server


def type_in_first_row(page, grid, columns_right: int, text: str) -> None:
    """Glide's grid is a canvas: click the first row's first cell, move right, open the cell editor (a DOM
    textarea Glide opens asynchronously, so wait for it rather than for a time), type, commit."""
    from playwright.sync_api import expect

    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 60)
    page.wait_for_timeout(300)
    for _ in range(columns_right):
        page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    page.keyboard.press("Enter")
    editor = page.locator("textarea.gdg-input")
    expect(editor).to_be_visible()
    editor.fill(text)
    editor.press("Enter")
    wait_for_app(page)
