"""Snapshot export speed: the large workspace against plain openpyxl writing the same cells.

Exports the 120,000-actual workspace with `export_workbook`, then writes exactly the same cell values
(every sheet, read back from that export) with plain openpyxl in write-only mode, in the same run.
Target: ratio <= 1.5. Peak Python memory of each is printed (tracemalloc).

Run: python bench/bench_export.py
"""

from __future__ import annotations

import datetime as dt
import io
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from openpyxl import Workbook  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402
from workspace import DEPARTMENTS, METRICS_EACH, MONTHS, seed  # noqa: E402

from sprint.exporting import export_workbook  # noqa: E402
from sprint.store import Store  # noqa: E402

RUNS = 3


def measure(fn):
    """Median time of RUNS plain runs, then one more run under tracemalloc for the peak (tracemalloc slows
    Python several-fold, so it never runs while timing)."""
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


def main() -> None:
    db = Path(tempfile.mkdtemp(prefix="sprint-bench-")) / "bench.duckdb"
    initiative_id = seed(db)
    today, now = dt.datetime.now(dt.UTC).date(), dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with Store(db) as store:
        ours, ours_peak, data = measure(lambda: export_workbook(store, initiative_id, exported_by="bench",
                                                                today=today, now=now))
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}
    cells = sum(len(row) for rows in sheets.values() for row in rows)

    def plain() -> bytes:
        wb = Workbook(write_only=True)
        for name, rows in sheets.items():
            ws = wb.create_sheet(name)
            for row in rows:
                ws.append(row)
        out = io.BytesIO()
        wb.save(out)
        return out.getvalue()

    base, base_peak, _ = measure(plain)
    print(f"workspace: {DEPARTMENTS} departments x {METRICS_EACH} metrics x {MONTHS} months; "
          f"snapshot {len(data) / 1e6:.1f} MB, {cells:,} cells in {len(sheets)} sheets")
    print(f"plain openpyxl write-only, same cells: {base:6.2f} s   peak {base_peak / 1e6:6.0f} MB")
    print(f"export_workbook (styles, charts, data): {ours:6.2f} s   peak {ours_peak / 1e6:6.0f} MB   "
          f"ratio {ours / base:.2f}x (target <= 1.5x) {'ok' if ours / base <= 1.5 else 'OVER'}")


if __name__ == "__main__":
    main()
