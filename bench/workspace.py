"""The large workspace the benchmarks share: 20 departments x 250 metrics x 24 months = 120,000 actuals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from sprint import initiatives
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Action, Actor
from sprint.store import Store

DEPARTMENTS, METRICS_EACH, MONTHS = 20, 250, 24


def seed(path: Path) -> int:
    """Bulk-load the workspace in one audited transaction (DuckDB's bulk path, not row by row)."""
    today = dt.datetime.now(dt.UTC).date()
    actor = Actor.system("benchmark")
    with Store(path) as store:
        initiative_id = initiatives.create(store, actor, InitiativeDraft(
            "Benchmark initiative", today - dt.timedelta(days=MONTHS * 30 - 1)), today=today)
        rows = [(d, k) for d in range(DEPARTMENTS) for k in range(METRICS_EACH)]
        metrics = pd.DataFrame({
            "id": range(1, len(rows) + 1),
            "department": [f"Department {d:02d}" for d, _ in rows],
            "name": [f"Metric {k:03d}" for _, k in rows],
            "baseline": [100.0] * len(rows), "target": [50.0] * len(rows),
        })
        values = pd.DataFrame({
            "metric_id": [m for m in metrics["id"] for _ in range(MONTHS)],
            "month_index": [k for _ in metrics["id"] for k in range(1, MONTHS + 1)],
        })
        values["value"] = 100.0 - values["month_index"] * 1.5 - (values["metric_id"] % 7)

        def work(tx):
            tx.register("bench_metrics", metrics)
            tx.execute("""INSERT INTO metrics (id, initiative_id, department, name, unit, direction, baseline, target,
                                               position, created_by, created_at, updated_by, updated_at)
                          SELECT id, ?, department, name, '$/unit', 'lower', baseline, target, id, 'benchmark',
                                 now(), 'benchmark', now() FROM bench_metrics""", [initiative_id])
            tx.register("bench_values", values)
            tx.execute("INSERT INTO metric_actuals SELECT metric_id, month_index, value, 'benchmark', now() "
                       "FROM bench_values")
            tx.audit(action="load", entity="benchmark", entity_id=None, summary="Benchmark workspace")

        store.write(actor, Action.MANAGE_INITIATIVES, work)
        return initiative_id


