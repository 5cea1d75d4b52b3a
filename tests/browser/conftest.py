"""Browser tests: a real `streamlit run` on a free loopback port, driven by Playwright in Debian's Chromium.

Nothing is downloaded: Playwright launches /usr/bin/chromium (apt-get install -y chromium). Without it the
tests skip on a developer machine but fail under CI=true, where they must run. Screenshots land in
artifacts/screenshots/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT, load_example_db
from tests.servers import free_port, unavailable, wait_until_up

CHROMIUM = Path(os.environ.get("SPRINT_CHROMIUM", "/usr/bin/chromium"))
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class AppServer:
    def __init__(self, db: Path, log: Path, extra_args: tuple[str, ...] = (), port: int | None = None,
                 env: dict[str, str] | None = None):
        self.db, self.log_path = db, log
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "SPRINT_DB": str(db), "PYTHONPATH": str(ROOT), **(env or {})}
        self._log = open(log, "wb")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "sprint", "serve", "--server.headless", "true",  # the README's start
             "--server.port", str(self.port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
             "--global.developmentMode", "false", *extra_args],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT,
        )
        try:
            wait_until_up(self.url, self.proc, "streamlit", lambda: log.read_text(errors="replace"), seconds=60)
        except RuntimeError:
            self.stop()
            raise

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)  # gone, and its lock on the database file with it, before anyone reads it
        self._log.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed (apt-get install -y chromium); browser tests need it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def start_app(tmp_path: Path) -> Iterator[Callable[..., AppServer]]:
    """Start the app on a database prepared by the test (e.g. with `python -m sprint demo`)."""
    servers: list[AppServer] = []

    def start(db: Path | None = None, extra_args: tuple[str, ...] = (), port: int | None = None,
              env: dict[str, str] | None = None) -> AppServer:
        server = AppServer(db or tmp_path / "app.duckdb", tmp_path / f"streamlit-{len(servers)}.log", extra_args,
                           port, env)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


# A phone's browser as the app sees it (a mobile user agent: the app records a save as made "on a phone").
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
            "Mobile Safari/537.36")
TIMEOUT_MS = 60_000  # generous: the suite must stay green on a busy 2-core machine

# Counts the script runs a page has seen: each time Streamlit's script state turns to "running". A test takes
# the count before an action and waits for it to grow and the run to finish, so it waits for the rerun it
# caused (never for a fixed pause, and never accepting the "not running" state from before that rerun).
RUN_COUNTER = """
(() => {
  window.__sprintRuns = 0;
  const watch = () => {
    const app = document.querySelector("[data-testid='stApp']");
    if (!app) { setTimeout(watch, 20); return; }
    if (app.getAttribute('data-test-script-state') === 'running') window.__sprintRuns += 1;
    // A quick run can turn the state to running and back within one batch of mutation records: read every
    // value the attribute held (each record's old value, then the current one), not only the last.
    new MutationObserver((records) => {
      const held = records.map(r => r.oldValue);
      held.push(app.getAttribute('data-test-script-state'));
      for (let i = 1; i < held.length; i++) {
        if (held[i] === 'running' && held[i - 1] !== 'running') window.__sprintRuns += 1;
      }
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state'], attributeOldValue: true});
  };
  watch();
})();
"""


def new_page(browser, **context_args):
    """A page in a fresh browser context (its own cookies), with the run counter and generous timeouts."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    context = browser.new_context(**{"viewport": {"width": 1600, "height": 900}, "accept_downloads": True,
                                     **context_args})
    context.add_init_script(RUN_COUNTER)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def phone_page(browser):
    """A phone in the room: 390 x 844, touch, a mobile browser."""
    return new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                    device_scale_factor=2)


@pytest.fixture
def page(browser):
    pg = new_page(browser)
    yield pg
    pg.context.close()


def runs(page) -> int:
    return int(page.evaluate("window.__sprintRuns || 0"))


def after_rerun(page, before: int) -> None:
    """Wait until a script run started after `before` was counted has finished, and nothing is loading."""
    from playwright.sync_api import expect

    page.wait_for_function(
        "n => (window.__sprintRuns || 0) > n && document.querySelector(\"[data-testid='stApp']\")"
        "?.getAttribute('data-test-script-state') === 'notRunning'", arg=before, timeout=TIMEOUT_MS)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT_MS)


def settle(page) -> None:
    """Wait until no script run is in flight. The counter counts a run when the app turns to 'running'; an action
    taken while a run is still going restarts it without that turn, so its run would never be counted."""
    from playwright.sync_api import expect

    expect(page.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning",
                                                           timeout=TIMEOUT_MS)


def act(page, action) -> None:
    """Do something that reruns the script (a click, a choice, Enter) and wait for that rerun to finish."""
    settle(page)
    before = runs(page)
    action()
    after_rerun(page, before)


def wait_for_app(page) -> None:
    """After a page load: connected, at least one script run finished, no skeletons left. (After an action
    in a loaded page, use `act`, which waits for the rerun that action caused.)"""
    from playwright.sync_api import expect

    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=TIMEOUT_MS)
    after_rerun(page, 0)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT_MS)


def assert_no_exception(page, server: AppServer, where: str) -> None:
    boxes = page.get_by_test_id("stException")
    if boxes.count():
        raise AssertionError(f"Streamlit exception on {where}: {boxes.first.inner_text()}\n"
                             f"server log:\n{server.output()[-3000:]}")


def choose(page, box, option: str, *, reruns: bool = True) -> None:
    """Pick `option` in a select box (a locator), and wait for the rerun (none inside a form: reruns=False).
    The list opens on click; a click that lands while the page is still drawing can be swallowed, so open it
    again until the option shows."""
    from playwright.sync_api import expect

    choice = page.get_by_role("option", name=option, exact=True)
    for attempt in range(3):
        box.click()
        try:
            expect(choice).to_be_visible(timeout=10_000)
            break
        except AssertionError:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    if reruns:
        act(page, choice.click)
    else:
        choice.click()
        expect(choice).to_have_count(0)


def fill_number(page, metric: str, value: str) -> None:
    """Type a number into one metric's field of the monthly entry form, as a person would."""
    import re

    field = page.get_by_role("spinbutton", name=re.compile(re.escape(metric)))
    field.click()
    field.press("Control+A")
    field.press_sequentially(value, delay=60)


def off_track_count(page):
    """The presenter's Step 5 'Off track' figure (the number drawn, not only its heading)."""
    tile = page.get_by_test_id("stMetric").filter(has=page.get_by_text("Off track", exact=True))
    return tile.get_by_test_id("stMetricValue")


def enter_a_month_off_track(page, url: str) -> None:
    """On the example sprint, as a department head would: the route planner's Month 3 entry of 30% for
    deliveries planned automatically (its target is 83%), which makes one more metric off track."""
    from playwright.sync_api import expect

    page.goto(f"{url}/outcomes")
    wait_for_app(page)
    act(page, lambda: page.get_by_test_id("stButtonGroup").get_by_text("Monthly entry").click())
    fill_number(page, "Deliveries planned automatically", "30")
    act(page, lambda: page.get_by_role("button", name="Save Month 3").click())
    expect(page.get_by_text("Saved 1 value for Month 3.")).to_be_visible()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_example(start_app, page, tmp_path: Path) -> AppServer:
    """A server on a fresh copy of the example sprint, with `page` on its first page."""
    db = tmp_path / "example.duckdb"
    load_example_db(db)
    server = start_app(db)
    page.goto(server.url)
    wait_for_app(page)
    return server


def _type_in_cell(page, editor, text: str, delay_ms: int) -> None:
    """Type into a selected Glide cell as a person does: the first key opens the editor showing that key; then
    the rest at `delay_ms` a key. On a machine busy enough to swallow the opening key, the person sees the
    editor open without it and types it again, as anyone would."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    page.keyboard.type(text[0])
    expect(editor).to_be_visible()
    try:
        expect(editor).to_have_value(text[0], timeout=5000)
    except (AssertionError, PlaywrightTimeout):
        editor.fill(text[0])
    page.keyboard.type(text[1:], delay=delay_ms)
    expect(editor).to_have_value(text)


def _into_view(grid) -> None:
    """Scroll a grid into view. A save remounts its table (the table's key follows the last change), so on a busy
    machine the grid found a moment ago can be replaced mid-scroll: find it again, as a person's eyes would."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import expect

    for attempt in range(5):
        expect(grid).to_be_visible()
        try:
            grid.scroll_into_view_if_needed()
            return
        except PlaywrightError as exc:
            if "not attached" not in str(exc) or attempt == 4:
                raise


def type_new_row(page, grid, cells: list[str | None], *, delay_ms: int = 100) -> None:
    """Type a whole new row into an editable table (a Glide canvas) as a person does: click the empty row at
    the bottom, type each cell at `delay_ms` a key (100 ms: ten characters a second) and Tab to the next; None
    skips a cell. Each cell's editor is checked to hold every character before Tab commits it."""
    from playwright.sync_api import expect

    _into_view(grid)
    box = grid.bounding_box()
    table = grid.locator("table[aria-rowcount]")  # Glide's accessible copy of the grid
    rows = int(table.get_attribute("aria-rowcount"))
    page.mouse.click(box["x"] + 90, box["y"] + box["height"] - 18)  # the empty row that adds one
    expect(table).to_have_attribute("aria-rowcount", str(rows + 1))  # a person starts typing once it shows
    new_row = table.locator(f"tr[aria-rowindex='{rows}']")  # after the header and the rows there were
    editor = page.locator("textarea.gdg-input")
    for text in cells:
        if text:
            _type_in_cell(page, editor, text, delay_ms)
        page.keyboard.press("Tab")
        expect(editor).to_have_count(0)
        if text:  # committed: the new row shows it, as the person sees it before reaching for the button
            expect(new_row.locator("td", has_text=re.compile(f"^{re.escape(text)}$")).first).to_be_attached()


def type_into_first_row(page, grid, column: str, text: str, *, delay_ms: int = 100) -> None:
    """Type into the first row's cell under the header `column`, at a human pace, then Tab. The cell is chosen
    by its header, not by counting columns from where a click landed: a click a few pixels off on a busy machine
    (or a column that is wider on another day) once put the typing into the Status choice beside it."""
    from playwright.sync_api import expect

    _into_view(grid)
    header = grid.locator("table[aria-rowcount] th[role='columnheader']")
    expect(header.first).to_be_attached()  # the grid's accessible copy is drawn after the canvas
    headers = header.all_inner_texts()
    names = [h.strip() for h in headers]
    assert column in names, f"no column {column!r} in the table (columns: {names})"
    index = names.index(column)
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 90, box["y"] + 60)  # into the table, as a person does
    grid.get_by_test_id(f"glide-cell-{index}-0").focus()  # Glide selects the cell its accessible copy focuses
    editor = page.locator("textarea.gdg-input")
    _type_in_cell(page, editor, text, delay_ms)
    page.keyboard.press("Tab")
    expect(editor).to_have_count(0)
    expect(grid.get_by_test_id(f"glide-cell-{index}-0")).to_have_text(text)


def table_with(page, header: str):
    """The editable table (a Glide grid) that has a column named `header`."""
    from playwright.sync_api import expect

    grid = page.get_by_test_id("stDataFrame").filter(has=page.locator("th", has_text=header))
    expect(grid).to_have_count(1)
    return grid


def _cell(page, grid, row: int, column: str):
    """Select the cell under `column` in data row `row` (0-based) by its header, as `type_into_first_row` does."""
    from playwright.sync_api import expect

    _into_view(grid)
    header = grid.locator("table[aria-rowcount] th[role='columnheader']")
    expect(header.first).to_be_attached()
    names = [h.strip() for h in header.all_inner_texts()]
    assert column in names, f"no column {column!r} in the table (columns: {names})"
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 40, box["y"] + 60)  # into the table, as a person does: its first cell
    cell = grid.get_by_test_id(f"glide-cell-{names.index(column)}-{row}")
    # Glide selects the cell its accessible copy focuses; it finds that copy by id, and the first table of the
    # page holding that id wins, so this works in the page's first editable table (keep one per page, above
    # any read-only table).
    for attempt in range(3):  # a focus that lands while the grid redraws is lost: look, and focus again
        cell.focus()
        try:
            expect(cell).to_have_attribute("aria-selected", "true", timeout=5_000)
            return cell
        except AssertionError:
            if attempt == 2:
                raise
    return cell


def type_into_cell(page, grid, row: int, column: str, text: str, *, delay_ms: int = 100) -> None:
    """Type into one cell of an editable table at a human pace, then Tab; the cell then shows it."""
    from playwright.sync_api import expect

    cell = _cell(page, grid, row, column)
    editor = page.locator("textarea.gdg-input")
    _type_in_cell(page, editor, text, delay_ms)
    page.keyboard.press("Tab")
    expect(editor).to_have_count(0)
    expect(cell).to_have_text(text)


def choose_in_cell(page, grid, row: int, column: str, option: str) -> None:
    """Open a choice cell's list with Enter and pick `option`; the cell then shows it."""
    from playwright.sync_api import expect

    for attempt in range(2):  # a click that lands while the list redraws on a loaded machine is lost: pick again
        cell = _cell(page, grid, row, column)
        page.keyboard.press("Enter")
        choice = page.get_by_role("option", name=option, exact=True)
        expect(choice).to_be_visible()
        choice.click()
        try:
            expect(cell).to_have_text(option, timeout=15_000)
            return
        except AssertionError:
            if attempt == 1:
                raise
            page.keyboard.press("Escape")  # close whatever is still open before choosing again
