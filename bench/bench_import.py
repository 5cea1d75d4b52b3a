"""Import speed: a 120,000-row long-layout workbook against pandas.read_excel(engine="calamine") of the same file.

The workbook is 20 departments x 250 metrics x 24 months, one row per metric and month (Department, Metric,
Month as 2025-01..2026-12, Value, Unit, Baseline, Target). Ours is the whole import: read + find the table +
map + parse + validate + preview + commit into a fresh database (one transaction). The baseline is reading the
same bytes into a DataFrame with pandas and nothing else, measured in the same run. Target: ratio <= 2.
Peak Python memory of each is printed (tracemalloc, in a separate run). Also printed: how long refusing a
1 GiB zip bomb takes, and its peak memory (the issue's bound: under a second and ~100 MB).

Also printed: the memory a 20 MB CSV preview takes (reading + checking every row, as the import page does
before anyone presses Import), as the process's peak resident memory over its idle size, each measured in a
fresh process; and pandas.read_csv of the same bytes beside it. Goal: under 300 MB over idle. Then the same
file dropped on the import page of a running server (bench/bench_upload_memory.py): the server's peak, and
what it still holds once the file is removed and once the tab has closed.

Run: python bench/bench_import.py
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pandas as pd  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from sprint import importing, initiatives  # noqa: E402
from sprint.filecheck import FileRefused  # noqa: E402
from sprint.permissions import Actor  # noqa: E402
from sprint.store import Store  # noqa: E402

DEPARTMENTS, METRICS_EACH, MONTHS = 20, 250, 24
TODAY = dt.date(2026, 12, 15)



RUNS = 3


def measure(fn):
    """Median time of RUNS plain runs, then one more run under tracemalloc for the peak (tracemalloc slows
    Python several-fold, so it never runs while timing)."""
    import statistics

    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak, result

def long_workbook() -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("KPI log")
    ws.append(["Department", "Metric", "Month", "Value", "Unit", "Baseline", "Target"])
    for d in range(DEPARTMENTS):
        for m in range(METRICS_EACH):
            for k in range(MONTHS):
                ws.append([f"Department {d + 1}", f"Metric {m + 1}", f"{2025 + k // 12}-{k % 12 + 1:02d}",
                           round(100.0 - k - m * 0.01, 2), "$", 120.0, 50.0])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zip_bomb() -> bytes:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(1024):
                member.write(chunk)
    return out.getvalue()


def main() -> None:
    print("Building the 120,000-row workbook...", flush=True)
    data = long_workbook()
    folder = Path(tempfile.mkdtemp(prefix="sprint-bench-import-"))
    runs = iter(range(100))

    def ours():
        with Store(folder / f"import-{next(runs)}.duckdb") as store:
            actor = Actor.system("bench")
            initiative_id = initiatives.create(store, actor, initiatives.InitiativeDraft("Big sprint",
                                                                                         dt.date(2025, 1, 1)),
                                               today=TODAY)
            source = importing.open_source(data, "kpi-log.xlsx")
            plan = importing.make_plan(store, source, initiative_id=initiative_id, today=TODAY)
            assert plan.ok, plan.problems[:3]
            return importing.commit(store, actor, plan, today=TODAY)

    base, base_peak, frame = measure(lambda: pd.read_excel(io.BytesIO(data), engine="calamine"))
    mine, mine_peak, result = measure(ours)
    values = result.counts["monthly values"]
    print(f"workbook: {len(data) / 1e6:.1f} MB, {len(frame):,} rows")
    print(f"pandas.read_excel(calamine): {base * 1000:7.0f} ms   peak {base_peak / 1e6:6.0f} MB")
    print(f"import (read..commit):        {mine * 1000:7.0f} ms   peak {mine_peak / 1e6:6.0f} MB   "
          f"({result.counts['metrics'].new:,} metrics, {values.new:,} values written)")
    print(f"ratio: {mine / base:.2f}x  (target <= 2x)")

    bomb = zip_bomb()
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        importing.open_source(bomb, "bomb.xlsx")
        refused = "NOT refused"
    except FileRefused:
        refused = "refused"
    took = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"zip bomb ({len(bomb) / 1e6:.1f} MB inflating to 1 GiB): {refused} in {took * 1000:.0f} ms, "
          f"peak {peak / 1e6:.1f} MB  (bound: < 1 s, < 100 MB)")


CSV_PREVIEW_CHILD = r"""
import datetime as dt, io, sys
sys.path.insert(0, sys.argv[1])
def status(key):
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) / 1024 for line in f if line.startswith(key))
import pandas as pd
from sprint import importing, initiatives
from sprint.permissions import Actor
from sprint.store import Store
rows, k = ["Department,Metric,Month,Value,Unit,Baseline,Target"], 0
size = len(rows[0])
while size < 19_900_000:
    d, m, mo = k // 6000, (k // 24) % 250, k % 24
    line = f"Department {d + 1},Metric {m + 1},{2025 + mo // 12}-{mo % 12 + 1:02d},{100.0 - mo - m * 0.01:.2f},$,120.0,50.0"
    rows.append(line)
    size += len(line) + 1
    k += 1
data = "\n".join(rows).encode()
del rows
store = Store(":memory:")
actor = Actor.system("bench")
iid = initiatives.create(store, actor, initiatives.InitiativeDraft("Big", dt.date(2025, 1, 1)), today=dt.date(2026, 12, 15))
import gc; gc.collect()
idle = status("VmRSS")
with open("/proc/self/clear_refs", "w") as f:
    f.write("5")  # reset the peak (VmHWM) to the current size
if sys.argv[2] == "ours":
    plan = importing.make_plan(store, importing.open_source(data, "big.csv"), initiative_id=iid, today=dt.date(2026, 12, 15))
    assert plan.ok
else:
    frame = pd.read_csv(io.BytesIO(data))
print(f"{len(data) / 1e6:.1f} {k} {status('VmHWM') - idle:.0f}")
"""


def csv_preview_memory() -> None:
    import subprocess

    for who, label in (("pandas", "pandas.read_csv"), ("ours", "preview (read + check every row)")):
        out = subprocess.run([sys.executable, "-c", CSV_PREVIEW_CHILD, str(ROOT), who], capture_output=True,
                             text=True, timeout=600)
        if out.returncode:
            print(f"{label}: failed: {out.stderr.strip().splitlines()[-1:]}")
            continue
        mb, rows, peak = out.stdout.split()
        print(f"20 MB CSV ({mb} MB, {int(rows):,} rows), {label}: peak {peak} MB over idle"
              + ("  (goal: < 300 MB)" if who == "ours" else ""))


if __name__ == "__main__":
    main()
    csv_preview_memory()
    import bench_upload_memory  # the same preview in a running server, through a browser: peak and retained

    bench_upload_memory.main()
