"""The example sprint: the roadmap's cases, deterministic, loaded all or nothing, never twice."""

from __future__ import annotations

import pytest

from sprint import audit, initiatives
from sprint.errors import SprintError
from sprint.example import build as example
from sprint.store import Store
from tests.conftest import TODAY


def _snapshot(store: Store) -> list[tuple]:
    return [(i.name, i.process, i.owner, i.department, i.start_date, i.stage, i.roi_statement)
            for i in initiatives.list_all(store)]


def test_it_loads_six_pilots_at_different_points_of_their_sprint(store, facilitator):
    ids = example.load_example(store, facilitator, today=TODAY)
    assert len(ids) == 6
    items = initiatives.list_all(store)
    days = sorted(i.day(TODAY) for i in items)
    assert days[0] < 1 and days[-1] > 60  # one not started yet, one in its last 30 days
    assert {i.stage for i in items} == {"pilot", "limited production", "production"}
    support = next(i for i in items if i.name == "Support ticket assistant")
    assert "$12 to $3" in support.roi_statement and "$67,000" in support.roi_statement
    routing = next(i for i in items if i.name == "Delivery route planner")
    assert "83%" in routing.roi_statement and "$47,000" in routing.roi_statement
    assert audit.verify(store).ok


def test_it_is_deterministic_for_a_given_day(tmp_path, facilitator):
    with Store(tmp_path / "a.duckdb") as a, Store(tmp_path / "b.duckdb") as b:
        example.load_example(a, facilitator, today=TODAY)
        example.load_example(b, facilitator, today=TODAY)
        assert _snapshot(a) == _snapshot(b)


def test_a_second_load_is_refused_and_changes_nothing(store, facilitator):
    example.load_example(store, facilitator, today=TODAY)
    before = store.last_change()
    with pytest.raises(SprintError, match="already here"):
        example.load_example(store, facilitator, today=TODAY)
    assert store.last_change() == before


def test_it_is_all_or_nothing(store, facilitator, monkeypatch):
    def failing_part(tx, today, ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(example, "_PARTS", [*example._PARTS, failing_part])
    with pytest.raises(RuntimeError):
        example.load_example(store, facilitator, today=TODAY)
    assert initiatives.count(store) == 0 and store.last_change() == 0
