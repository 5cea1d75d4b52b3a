"""Step 5 speed: a large workspace against a bare page, measured with AppTest in the same run.

Workspace: 20 departments x 250 metrics x 24 months = 120,000 actuals. Measured:
- a rerun of the Step 5 dashboard for one department (250 metrics, 24 months),
- a rerun of the monthly entry table for one department,
- saving one department's month (250 cells typed, validated and written), as the person does it,
each as a ratio to a bare Streamlit page drawing one Altair chart of 100 points. Target: ratio <= 3.

Run: python bench/bench_metrics.py  (prints the figures; it asserts nothing: the machine is noisy)
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import streamlit as st  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402
from workspace import DEPARTMENTS, METRICS_EACH, MONTHS, seed  # noqa: E402

RUNS = 15


def timed_runs(at: AppTest, runs: int = RUNS, before=None) -> list[float]:
    times = []
    for _ in range(runs):
        if before:
            before(at)
        t0 = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t0)
        assert not at.exception, at.exception
    return times


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sprint-bench-"))
    db = tmp / "bench.duckdb"
    t0 = time.perf_counter()
    seed(db)
    print(f"workspace: {DEPARTMENTS} departments x {METRICS_EACH} metrics x {MONTHS} months "
          f"= {DEPARTMENTS * METRICS_EACH * MONTHS:,} actuals, loaded in {time.perf_counter() - t0:.1f} s")
    os.environ["SPRINT_DB"] = str(db)

    bare = AppTest.from_file(str(ROOT / "bench" / "bare_page.py"), default_timeout=60)
    bare.run()
    bare_s = statistics.median(timed_runs(bare))

    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.run()
    app.switch_page("app_pages/step5_metrics.py").run()
    app.selectbox(key="dashboard_department").set_value("Department 07").run()
    dashboard_s = statistics.median(timed_runs(app))

    app.segmented_control[0].set_value("Monthly entry").run()
    app.selectbox(key="department").set_value("Department 07").run()
    entry_s = statistics.median(timed_runs(app))

    month = app.selectbox(key="entry_month").value
    state = {"round": 0}

    def type_the_month(at: AppTest) -> None:
        state["round"] += 1
        key = f"entry_1_Department 07_{month}_{at.session_state['entry_nonce']}"
        value = "60" if state["round"] % 2 else "61"  # alternate so every save really writes 250 cells
        at.session_state[key] = {"edited_rows": {i: {"This month": value} for i in range(METRICS_EACH)},
                                 "added_rows": [], "deleted_rows": []}
        at.run()  # the person's typing reaches the server
        at.button(key="save_month").click()

    # Time the transaction itself too (validate 250 cells, check conflicts and jumps, upsert, audit, commit).
    from sprint import actuals

    original, transaction_times = actuals.save_month, []

    def timed_save(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            transaction_times.append(time.perf_counter() - t0)

    actuals.save_month = timed_save
    save_times = timed_runs(app, runs=9, before=type_the_month)
    actuals.save_month = original
    assert "Saved" in "".join(str(s.value) for s in app.success), "the save did not happen"
    save_s = statistics.median(save_times)
    transaction_s = statistics.median(transaction_times)

    print(f"bare page, one Altair chart of 100 points: {bare_s * 1000:7.1f} ms (median of {RUNS})")
    for name, seconds in [("Step 5 dashboard rerun, one department", dashboard_s),
                          ("monthly entry rerun, one department", entry_s),
                          ("save a month: the transaction (250 cells)", transaction_s),
                          ("save a month: click to redrawn page", save_s)]:
        ratio = seconds / bare_s
        print(f"{name:44s} {seconds * 1000:7.1f} ms  ratio {ratio:4.1f}x  (target <= 3x) "
              f"{'ok' if ratio <= 3 else 'OVER'}")
    st.cache_resource.clear()


if __name__ == "__main__":
    main()
