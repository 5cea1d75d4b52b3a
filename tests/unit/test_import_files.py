"""Every messy fixture in tests/files imports as expected.json says (written by hand), and importing it a second
time changes nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sprint import importing, initiatives
from sprint.filecheck import FileRefused
from sprint.importing import committing
from sprint.importing.layout import NoHeader
from sprint.importing.reading import UnreadableFile
from tests.conftest import ROOT

FILES = ROOT / "tests" / "files"
EXPECTED = json.loads((FILES / "expected.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 27)
GOOD = [name for name, spec in EXPECTED.items() if isinstance(spec, dict) and "target" in spec]


def plan_for(store, name, **options):
    source = importing.open_source((FILES / name).read_bytes(), name)
    return importing.make_plan(store, source, today=TODAY, **options)


def stored_metrics(store, initiative_id):
    rows = store.fetch_all("SELECT id, department, name, unit, direction, baseline, target FROM metrics "
                           "WHERE initiative_id = ?", [initiative_id])
    values = {}
    for metric_id, month, value in store.fetch_all("SELECT metric_id, month_index, value FROM metric_actuals"):
        values.setdefault(metric_id, {})[str(month)] = value
    return {f"{d}/{n}": {"unit": u, "direction": di, "baseline": b, "target": t, "values": values.get(i, {})}
            for i, d, n, u, di, b, t in rows}


@pytest.mark.parametrize("name", GOOD)
def test_fixture_imports_as_expected(store, facilitator, name):
    spec = EXPECTED[name]
    plan = plan_for(store, name, **spec["options"])
    assert plan.problems == []
    assert plan.target.key == spec["target"]
    if "header_row" in spec:
        assert plan.table.header_row == spec["header_row"]
    if "skipped" in spec:
        assert [list(s) for s in plan.table.skipped] == spec["skipped"]
    assert {k: [c.new, c.updated, c.unchanged] for k, c in plan.counts.items()} == spec["counts"]
    result = importing.commit(store, facilitator, plan, today=TODAY)
    if "start" in spec:
        assert initiatives.get(store, result.initiative_id).start_date.isoformat() == spec["start"]
    if "metrics" in spec:
        stored = stored_metrics(store, result.initiative_id)
        assert set(stored) == set(spec["metrics"])
        for key, want in spec["metrics"].items():
            got = stored[key]
            for field in ("unit", "direction"):
                assert got[field] == want[field], (key, field)
            assert got["baseline"] == pytest.approx(want["baseline"]) and got["target"] == pytest.approx(want["target"])
            assert got["values"] == pytest.approx(want["values"]), key
    if "rows" in spec:
        rows = spec["rows"]
        found = {str(r[0]): list(r[1:]) for r in store.fetch_all(
            f"SELECT {rows['key']}, {', '.join(rows['columns'])} FROM {rows['table']}")}  # noqa: S608 - test data
        for key, want in rows["expect"].items():
            got = [v.isoformat() if isinstance(v, dt.date) else v for v in found[key]]
            assert got == pytest.approx(want) if all(isinstance(w, int | float) for w in want) else got == want, key
    # The same file again: nothing new, nothing updated, nothing written.
    seq = store.last_change()
    options = dict(spec["options"])
    if options.pop("new_initiative", None):
        options["initiative_id"] = result.initiative_id
    again = plan_for(store, name, **options)
    assert again.problems == []
    assert all(c.new == 0 and c.updated == 0 for c in again.counts.values()), again.counts
    importing.commit(store, facilitator, again, today=TODAY)
    assert store.last_change() == seq


def test_bad_cells_are_each_pinned_and_nothing_is_written(store, facilitator):
    spec = EXPECTED["bad_cells.xlsx"]
    plan = plan_for(store, "bad_cells.xlsx", **spec["options"], strict=True)
    pinned = [(p.sheet, p.row, p.column) for p in plan.problems]
    for sheet, row, column, words in spec["problems"]:
        assert (sheet, row, column) in pinned
        assert any(words in p.message for p in plan.problems if (p.row, p.column) == (row, column))
    before = store.last_change()
    with pytest.raises(committing.ImportHasProblems, match="Nothing was imported"):
        importing.commit(store, facilitator, plan, today=TODAY)
    assert store.last_change() == before and initiatives.count(store) == 0


@pytest.mark.parametrize(("name", "message"), sorted(EXPECTED["refused"].items()))
def test_hostile_or_empty_files_are_refused_with_their_name(name, message):
    with pytest.raises((UnreadableFile, FileRefused, NoHeader), match=message) as caught:
        source = importing.open_source((FILES / name).read_bytes(), name)
        importing.make_plan(None, source, today=TODAY)  # only reached when the file itself reads
    assert name.rsplit(".", 1)[0] in str(caught.value)
