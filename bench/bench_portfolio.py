"""A portfolio of thousands: the Overview, the whole-portfolio snapshot and its restore.

- Overview: a real `streamlit run` and Chromium, the time from opening the address to the Overview drawn
  (connected, the script run finished, no skeletons left), on a freshly started server (nothing cached), for
  the 6-initiative example, 1,000 and 3,611 generated initiatives; alternated, RUNS times each. Target: the
  large portfolios within 3x of the example.
- Snapshot: `python -m sprint export` of all 3,611 (target under 30 s), then `python -m sprint restore` of
  that file into an empty database (target within 2x of the export), each a whole process.

Prints the figures; asserts nothing (the machine is small and noisy).

Run: python bench/bench_portfolio.py   (needs /usr/bin/chromium; generating 3,611 initiatives takes ~30 s)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sprint.dates import today_utc  # noqa: E402
from sprint.store import Store  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS, AppServer, load_example_db, new_page, wait_for_app  # noqa: E402
from tests.portfolio_data import seed_portfolio  # noqa: E402

RUNS = 3


def overview_seconds(db: Path, log: Path, browser) -> float:
    server = AppServer(db, log)
    try:
        page = new_page(browser, viewport={"width": 1280, "height": 720})  # with the script-run counter
        start = time.perf_counter()
        page.goto(server.url)
        wait_for_app(page)
        page.get_by_role("heading", name="Overview").wait_for(timeout=120_000)
        took = time.perf_counter() - start
        page.context.close()
        return took
    finally:
        server.stop()


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return time.perf_counter() - start


def main() -> None:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="sprint-bench-"))
    dbs = {"6 (example)": tmp / "example.duckdb", "1,000": tmp / "p1000.duckdb", "3,611": tmp / "p3611.duckdb"}
    load_example_db(dbs["6 (example)"])
    for label, count in (("1,000", 1000), ("3,611", 3611)):
        with Store(dbs[label]) as store:
            seed_portfolio(store, count, today_utc())
    times: dict[str, list[float]] = {label: [] for label in dbs}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        for _ in range(RUNS):
            for label, db in dbs.items():
                times[label].append(overview_seconds(db, tmp / "server.log", browser))
        browser.close()
    base = statistics.median(times["6 (example)"])
    print(f"Overview, first load on a fresh server (median of {RUNS}):")
    for label, values in times.items():
        took = statistics.median(values)
        verdict = "" if label.startswith("6") else (f"  ratio {took / base:.2f}x (target <= 3x) "
                                                   f"{'ok' if took / base <= 3 else 'OVER'}")
        print(f"  {label:>12} initiatives: {took:6.2f} s{verdict}")
    export = tmp / "p3611.xlsx"
    export_s = timed([sys.executable, "-m", "sprint", "export", str(export), "--db", str(dbs["3,611"])])
    restore_s = timed([sys.executable, "-m", "sprint", "restore", str(export), "--db", str(tmp / "restored.duckdb")])
    print(f"Snapshot of all 3,611 initiatives: {export_s:6.2f} s (target < 30 s) {'ok' if export_s < 30 else 'OVER'}; "
          f"{export.stat().st_size / 1e6:.1f} MB")
    print(f"Its restore into an empty database: {restore_s:6.2f} s, ratio {restore_s / export_s:.2f}x of the export "
          f"(target <= 2x) {'ok' if restore_s / export_s <= 2 else 'OVER'}")


if __name__ == "__main__":
    main()
