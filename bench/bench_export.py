"""Snapshot export speed against the plain tool doing the visible job.

The workspace: one initiative with 5,000 metrics x 24 months = 120,000 monthly values (bench/workspace.py).

- Ours: `python -m sprint export` as a whole process: the full snapshot (Summary, step sheets, the Metrics
  table with its formats and charts, the audit log, the exact copy for restore).
- Baseline: a whole process that loads pandas and openpyxl, reads the same visible Metrics table as a ready
  DataFrame (metric rows x month columns, pickled beforehand) and writes it with openpyxl in write-only mode.
  That is what a person would otherwise do to hand a sponsor the table; anything more that the snapshot does
  (formats, charts, the copy for restore) is our overhead and is counted.

The two alternate, RUNS times each, in one run; medians and the ratio are printed (target <= 1.5x).
Nothing is asserted: the machine is small and noisy.

Run: python bench/bench_export.py
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from workspace import DEPARTMENTS, METRICS_EACH, MONTHS, seed  # noqa: E402

RUNS = 5
PLAIN = """
import pickle, sys
import pandas as pd
from openpyxl import Workbook
frame = pd.read_pickle(sys.argv[1])
wb = Workbook(write_only=True)
ws = wb.create_sheet("Metrics")
ws.append(list(frame.columns))
for row in frame.itertuples(index=False):
    ws.append(list(row))
wb.save(sys.argv[2])
"""


def visible_table(db: Path, initiative_id: int):
    """The Metrics sheet's table as a DataFrame, the way the snapshot shows it (values, not formats)."""
    from sprint import initiatives
    from sprint.picture import Picture
    from sprint.steps.outcomes import dashboard
    from sprint.store import Store

    today = dt.datetime.now(dt.UTC).date()
    with Store(db) as store:
        ctx = Picture(store, initiatives.get(store, initiative_id), today)
    import pandas as pd

    rows = [{"Department": s.metric.department, "Metric": s.metric.name, "Unit": s.metric.unit,
             "Direction": dashboard.direction_text(s.metric.direction), "Baseline": s.metric.baseline,
             **{f"Month {k}": s.actuals.get(k) for k in range(1, ctx.months + 1)}, "Target": s.metric.target,
             "Progress": s.progress, "Status": s.status} for s in ctx.items]
    return pd.DataFrame(rows)


def timed(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - start


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="sprint-bench-"))
    db = tmp / "bench.duckdb"
    initiative_id = seed(db)
    frame = visible_table(db, initiative_id)
    frame.to_pickle(tmp / "table.pkl")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ours_cmd = [sys.executable, "-m", "sprint", "export", str(tmp / "ours.xlsx"), "--db", str(db),
                "--initiative", "Benchmark initiative"]
    plain_cmd = [sys.executable, "-c", PLAIN, str(tmp / "table.pkl"), str(tmp / "plain.xlsx")]
    ours, plain = [], []
    for _ in range(RUNS):  # alternated, so a noisy moment hurts both
        ours.append(timed(ours_cmd, env))
        plain.append(timed(plain_cmd, env))
    o, p = statistics.median(ours), statistics.median(plain)
    print(f"workspace: {DEPARTMENTS} departments x {METRICS_EACH} metrics x {MONTHS} months "
          f"({len(frame):,} rows x {len(frame.columns)} columns visible)")
    print(f"plain openpyxl write-only, the visible Metrics table from a DataFrame (whole process): {p:6.2f} s")
    print(f"python -m sprint export, the whole snapshot (whole process):                         {o:6.2f} s   "
          f"ratio {o / p:.2f}x (target <= 1.5x) {'ok' if o / p <= 1.5 else 'OVER'}")
    print(f"sizes: snapshot {(tmp / 'ours.xlsx').stat().st_size / 1e6:.1f} MB, plain table "
          f"{(tmp / 'plain.xlsx').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
