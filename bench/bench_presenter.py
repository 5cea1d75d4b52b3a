"""The room, live: how long a save takes to reach the projector, and what 20 idle presenter screens cost.

Starts `streamlit run` on the example sprint. A projector (1280 x 720) presents Step 5 of the Delivery route
planner; a laptop enters a new value five times. For each save it times, from the click on Save:
  - the baseline: the saver's own screen confirming the save (the plain job a person sees);
  - the projector showing the new value, untouched.
Prints the medians, their ratio, and the target (projector under 2 s). Then 20 screens present at once and the
server's own CPU time is read from /proc over a quiet 20-second window (target: under half a core).
Asserts nothing: the machine is small and noisy.

Run: python bench/bench_presenter.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    RUN_COUNTER,
    AppServer,
    fill_number,
    load_example_db,
    wait_for_app,
)

SESSIONS, WINDOW, SAVES = 20, 20.0, 5
TICKS = os.sysconf("SC_CLK_TCK")
INITIATIVE = "delivery-route-planner"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def measure(pid: int, seconds: float) -> float:
    start_cpu, start = cpu_seconds(pid), time.perf_counter()
    time.sleep(seconds)
    return (cpu_seconds(pid) - start_cpu) / (time.perf_counter() - start)


def new_page(browser, width: int, height: int):
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    page.add_init_script(RUN_COUNTER)
    return page


def save_to_projector(browser, url: str) -> tuple[list[float], list[float]]:
    """(seconds until the saver sees 'Saved', seconds until the projector shows the value), per save."""
    room = new_page(browser, 1280, 720)
    room.goto(f"{url}/?present=1&screen=outcomes&initiative={INITIATIVE}")
    wait_for_app(room)
    laptop = new_page(browser, 1600, 900)
    laptop.goto(f"{url}/outcomes?initiative={INITIATIVE}&view=entry&department=Operations")
    wait_for_app(laptop)
    saver, projector = [], []
    for n in range(SAVES):
        value = str(41 + n)
        fill_number(laptop, "Deliveries planned automatically", value)
        save = laptop.get_by_role("button", name=re.compile("^Save Month"))
        time.sleep(1.0)  # let the screens settle between saves
        start = time.perf_counter()
        save.click()
        laptop.get_by_text("Saved 1 value", exact=False).wait_for(timeout=60_000)
        saver.append(time.perf_counter() - start)
        room.get_by_test_id("stTable").get_by_text(f"{value}%", exact=True).wait_for(timeout=60_000)
        projector.append(time.perf_counter() - start)
    room.context.close()
    laptop.context.close()
    return saver, projector


def main() -> None:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="sprint-bench-"))
    db = tmp / "example.duckdb"
    load_example_db(db)
    server = AppServer(db, tmp / "server.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            saver, projector = save_to_projector(browser, server.url)
            mine, theirs = statistics.median(saver), statistics.median(projector)
            print(f"save seen by the saver (baseline): median {mine:.2f} s  ({', '.join(f'{s:.2f}' for s in saver)})")
            print(f"save seen on the projector:        median {theirs:.2f} s  "
                  f"({', '.join(f'{s:.2f}' for s in projector)})")
            print(f"projector / saver: {theirs / mine:.2f}x; target under 2 s: {'ok' if theirs < 2 else 'OVER'}")
            pages = [new_page(browser, 1280, 720) for _ in range(SESSIONS)]
            for page in pages:
                page.goto(f"{server.url}/?present=1")
            for page in pages:
                wait_for_app(page)
            time.sleep(3)
            idle = measure(server.proc.pid, WINDOW)
            print(f"{SESSIONS} sessions presenting, nothing changing: server at {idle:.2f} cores "
                  f"(target < 0.5) {'ok' if idle < 0.5 else 'OVER'}")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main()
