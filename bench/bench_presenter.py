"""Presenter refresh cost: 20 browser sessions presenting at once; the server should stay under half a core.

Starts `streamlit run` on the example sprint, opens 20 Chromium tabs at ?present=1 (each polls for changes
every few seconds), then reads the server's own CPU time from /proc over a quiet 20-second window, and
again while one change lands. Prints cores used; asserts nothing (the machine is small and noisy).

Run: python bench/bench_presenter.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, AppServer, load_example_db, wait_for_app  # noqa: E402

SESSIONS, WINDOW = 20, 20.0
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def measure(pid: int, seconds: float) -> float:
    start_cpu, start = cpu_seconds(pid), time.perf_counter()
    time.sleep(seconds)
    return (cpu_seconds(pid) - start_cpu) / (time.perf_counter() - start)


def main() -> None:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="sprint-bench-"))
    db = tmp / "example.duckdb"
    load_example_db(db)
    server = AppServer(db, tmp / "server.log")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            pages = []
            for _ in range(SESSIONS):
                page = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
                page.goto(f"{server.url}/?present=1")
                pages.append(page)
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
