"""PostgreSQL against DuckDB on the same data, same machine, same run (#30), and the concurrency run.

- Step 5: a rerun of the dashboard for one department (250 metrics x 24 months) and saving one page of the
  monthly entry form (the transaction), on the 120,000-value workspace of bench/workspace.py, each in a DuckDB
  file and in a throwaway PostgreSQL on this machine (tests/postgres.py). Target: PostgreSQL within 2x of DuckDB.
- The 120,000-row import (bench_import.py's workbook: read, plan, commit into a new initiative) into each.
  Target: within 3x.
- The concurrency run: two processes of 12 threads each for 60 s, each thread entering its own metric's month and
  editing one shared initiative (tests/concurrency_worker.py): saves and edits made, conflicts refused by name,
  updates lost (goal 0), and whether the audit chain verifies.

The baseline is the DuckDB store doing the same visible job (what people use today). Nothing is asserted: the
machine is small and noisy. Run: python bench/bench_postgres.py [--seconds 60]
"""

from __future__ import annotations

import datetime as dt
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
from workspace import seed  # noqa: E402

from sprint import importing, initiatives  # noqa: E402
from sprint.permissions import Actor  # noqa: E402
from sprint.steps.outcomes import actuals  # noqa: E402
from sprint.store import Store  # noqa: E402
from tests import postgres  # noqa: E402

RUNS = 9


def step5(where: str) -> tuple[float, float]:
    """Median dashboard rerun and median save transaction, in seconds, for the database at `where`."""
    os.environ["SPRINT_DB"] = where
    st.cache_resource.clear()
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    app.run()
    app.switch_page("app_pages/step5_outcomes.py").run()
    app.selectbox(key="dashboard_department").set_value("Department 07").run()
    reruns = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        app.run()
        reruns.append(time.perf_counter() - t0)
        assert not app.exception, app.exception
    app.segmented_control[0].set_value("Monthly entry").run()
    app.button_group(key="department").set_value("Department 07").run()
    month = app.selectbox(key="entry_month").value
    original, saves = actuals.save_month, []

    def timed(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            saves.append(time.perf_counter() - t0)

    actuals.save_month = timed
    try:
        for n in range(RUNS):
            key = f"entry_1_Department 07_{month}_{app.session_state['entry_nonce']}"
            for row in app.session_state["entry_snapshot"]["rows"][:20]:
                app.number_input(key=f"{key}_{row.metric.id}").set_value(60.0 if n % 2 else 61.0)
            app.button(key="save_month").click().run()
            assert not app.exception, app.exception
    finally:
        actuals.save_month = original
    assert "Saved" in "".join(str(s.value) for s in app.success), "the save did not happen"
    st.cache_resource.clear()
    return statistics.median(reruns), statistics.median(saves)


def import_big(where: str, data: bytes) -> float:
    today = dt.date(2026, 12, 15)
    with Store(where) as store:
        actor = Actor.system("bench")
        t0 = time.perf_counter()
        initiative_id = initiatives.create(store, actor, initiatives.InitiativeDraft("Big sprint", dt.date(2025, 1, 1)),
                                           today=today)
        plan = importing.make_plan(store, importing.open_source(data, "kpi-log.xlsx"), initiative_id=initiative_id,
                                   today=today)
        assert plan.ok, plan.problems[:3]
        importing.commit(store, actor, plan, today=today)
        return time.perf_counter() - t0


def main(seconds: float) -> None:
    from bench_import import long_workbook

    from tests.unit.test_concurrency_processes import check, prepare, run_processes

    folder = Path(tempfile.mkdtemp(prefix="sprint-bench-pg-"))
    os.environ["SPRINT_AUDIT_KEY_FILE"] = str(folder / "shared.audit-key")
    with postgres.cluster() as cluster:
        duck, pg = str(folder / "bench.duckdb"), postgres.new_database(cluster)
        for name, where in (("DuckDB", duck), ("PostgreSQL", pg)):
            t0 = time.perf_counter()
            seed(where)
            print(f"{name}: the 120,000-value workspace loaded in {time.perf_counter() - t0:.1f} s", flush=True)
        (d_rerun, d_save), (p_rerun, p_save) = step5(duck), step5(pg)
        for what, d, p in (("Step 5 dashboard rerun, one department", d_rerun, p_rerun),
                           ("save a page of the month (transaction)", d_save, p_save)):
            print(f"{what:42s} DuckDB {d * 1000:7.1f} ms  PostgreSQL {p * 1000:7.1f} ms  ratio {p / d:4.2f}x  "
                  "(target <= 2x)", flush=True)

        data = long_workbook()
        d_import = import_big(str(folder / "import.duckdb"), data)
        p_import = import_big(postgres.new_database(cluster), data)
        print(f"{'the 120,000-row import':42s} DuckDB {d_import:7.1f} s   PostgreSQL {p_import:7.1f} s   ratio "
              f"{p_import / d_import:4.2f}x  (target <= 3x)", flush=True)

        shared = postgres.new_database(cluster)
        before = prepare(shared, 2, 12)
        found = check(shared, run_processes(shared, 2, 12, seconds, dict(os.environ)), before)
        print(f"concurrency, 2 processes x 12 threads x {seconds:.0f} s: {found['saves']:,} month saves and "
              f"{found['edits']:,} initiative edits made; {found['conflicts']:,} edits refused as stale "
              f"(\"{found['words'][:70]}...\"); {len(found['lost'])} updates lost; {len(found['errors'])} errors; "
              f"audit chain {'verifies' if found['verified'] else 'BROKEN'} ({found['entries']:,} entries)")


if __name__ == "__main__":
    main(float(sys.argv[sys.argv.index("--seconds") + 1]) if "--seconds" in sys.argv else 60.0)
