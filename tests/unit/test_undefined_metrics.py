"""A monthly log of metrics nobody has defined yet imports: the metrics are created without baseline or target,
flagged as needing them (Step 5, the Overview), carried by snapshots, and defined later like any metric."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from sprint import importing, initiatives
from sprint.picture import Picture
from sprint.snapshots import export_workbook
from sprint.snapshots import restore as restoring
from sprint.steps.outcomes import store as metrics
from tests.conftest import ROOT, TODAY, moved_store

LOG = ROOT / "tests" / "files" / "layouts" / "kpi_log_undefined.csv"
NOW = dt.datetime(2026, 3, 2, 9, 0)


def _imported(store, facilitator):
    plan = importing.make_plan(store, importing.open_source(LOG.read_bytes(), LOG.name), new_initiative="Invoices",
                               today=TODAY)
    assert plan.ok, [str(p) for p in plan.problems]
    return initiatives.get(store, importing.commit(store, facilitator, plan, today=TODAY).initiative_id)


def test_the_metrics_come_in_without_baseline_or_target_and_are_flagged(store, facilitator):
    initiative = _imported(store, facilitator)
    stored = metrics.list_metrics(store, initiative.id)
    assert [(m.name, m.baseline, m.target, m.needs_definition) for m in stored] == [
        ("Cost per invoice", None, None, True), ("Processing time", None, None, True)]
    picture = Picture(store, initiative, TODAY)
    assert "2 metrics need a baseline and target" in picture.red_flags
    assert all(s.progress is None for s in picture.items)
    # defined later on Step 5, like any metric: the flag goes
    first = stored[0]
    draft = first.draft()
    metrics.update(store, facilitator, first.id, type(draft)(draft.name, draft.department, "$", "lower", 15.0, 5.0),
                   expected_version=first.version)
    again = Picture(store, initiative, TODAY)
    assert "1 metric needs a baseline and target" in again.red_flags
    assert next(s for s in again.items if s.metric.name == "Cost per invoice").progress is not None


def test_a_snapshot_carries_them_and_restores_them_exactly(store, facilitator, tmp_path):
    initiative = _imported(store, facilitator)
    data = export_workbook(store, initiative.id, exported_by="t", today=TODAY, now=NOW)
    sheet = openpyxl.load_workbook(io.BytesIO(data))["Metrics"]
    header = [c.value for c in sheet[1]]
    row = {h: c.value for h, c in zip(header, sheet[2], strict=False)}
    assert row["Baseline"] is None and row["Target"] is None and row["Metric"] == "Cost per invoice"
    with moved_store(store, tmp_path / "fresh.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(data, "s.xlsx"), on_clash=None, today=TODAY)
        restored = initiatives.list_all(fresh)[0]
        assert [(m.name, m.baseline, m.target) for m in metrics.list_metrics(fresh, restored.id)] == [
            ("Cost per invoice", None, None), ("Processing time", None, None)]
