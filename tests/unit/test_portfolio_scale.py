"""A portfolio of hundreds of initiatives: read in one pass, filtered, ranked worst first, grouped, paged."""

from __future__ import annotations

import dataclasses

import pytest

from sprint import charts, initiatives, portfolio
from sprint.example import build as example
from sprint.picture import Inputs, Picture, pictures_for
from sprint.store import Store
from tests.conftest import TODAY
from tests.portfolio_data import WORKED_ON_EVERY, seed_portfolio


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """One generated portfolio for the module's read-only tests (generating it takes a few seconds)."""
    with Store(tmp_path_factory.mktemp("portfolio") / "big.duckdb") as store:
        seed_portfolio(store, 240, TODAY)
        yield store


def test_reading_many_at_once_gives_what_reading_each_gives(store, facilitator):
    """The bulk read behind the Overview and a portfolio snapshot must not drift from each step's own reads:
    every field, for every initiative of the example (which fills every step)."""
    example.load_example(store, facilitator, today=TODAY)
    items = initiatives.list_all(store)
    many = Inputs.read_many(store, [i.id for i in items])
    for item in items:
        one = Inputs.read(store, item.id)
        for field in dataclasses.fields(Inputs):
            assert getattr(many[item.id], field.name) == getattr(one, field.name), (item.name, field.name)
        assert any(getattr(one, f.name) for f in dataclasses.fields(Inputs))  # not equal by being empty
    bulk = pictures_for(store, items, TODAY)
    assert [(p.readiness, p.red_flags, p.headline) for p in bulk] == [
        (p.readiness, p.red_flags, p.headline) for p in (Picture(store, i, TODAY) for i in items)]


def test_the_portfolio_is_read_with_a_fixed_number_of_queries(big, monkeypatch):
    """240 initiatives cost the same handful of queries as 2 (one per table), not 20 per initiative."""
    import contextlib

    items = initiatives.list_all(big)
    calls = []
    real = big._con

    class Counting:
        def __init__(self, cur):
            self.cur = cur

        def execute(self, *args, **kwargs):
            calls.append(args[0])
            return self.cur.execute(*args, **kwargs)

    @contextlib.contextmanager
    def reading():
        cur = real.cursor()
        try:
            yield Counting(cur)
        finally:
            cur.close()

    monkeypatch.setattr(big, "reading", reading)
    pictures_for(big, items[:2], TODAY)
    few, calls[:] = len(calls), []
    pictures_for(big, items, TODAY)
    assert len(calls) == few and few < 30


def test_filters_by_department_stage_flag_and_name(big):
    pictures = pictures_for(big, initiatives.list_all(big), TODAY)
    energy = portfolio.apply(pictures, portfolio.Filters(departments=("Energy",)))
    assert energy and {p.initiative.department for p in energy} == {"Energy"}
    assert len(energy) == 20  # 240 spread over 12 departments
    paused = portfolio.apply(pictures, portfolio.Filters(stages=("paused",)))
    assert paused and {p.initiative.stage for p in paused} == {"paused"}
    owned = portfolio.apply(pictures, portfolio.Filters(flag="no owner"))
    assert len(owned) == 240 - 240 // WORKED_ON_EVERY  # the worked-on ones have an owner who can spend
    clean = portfolio.apply(pictures, portfolio.Filters(flag=portfolio.NO_FLAG))
    assert all(not p.flags for p in clean)
    assert len(clean) + len(portfolio.apply(pictures, portfolio.Filters(flag=portfolio.ANY_FLAG))) == 240
    named = portfolio.apply(pictures, portfolio.Filters(text="USE CASE 0017"))
    assert [p.initiative.name for p in named] == ["Use case 0017: energy case triage"]
    both = portfolio.apply(pictures, portfolio.Filters(departments=("Energy",), flag="off track"))
    assert both and all(p.initiative.department == "Energy" and any(f.kind == "off track" for f in p.flags)
                        for p in both)


def test_what_needs_attention_comes_worst_first(big):
    pictures = pictures_for(big, initiatives.list_all(big), TODAY)
    ranked = portfolio.attention(pictures, limit=10)
    assert len(ranked) == 10
    severities = [p.severity for p in ranked]
    assert severities == sorted(severities, reverse=True)
    assert severities[0] > max(p.severity for p in pictures if p not in ranked) - 1
    # An overdue obligation and metrics off track outrank a missing owner, however many lack one.
    assert all(any(f.kind in ("overdue", "off track") for f in p.flags) for p in ranked)


def test_red_flags_are_grouped_by_kind_worst_kind_first(big):
    pictures = pictures_for(big, initiatives.list_all(big), TODAY)
    groups = portfolio.flag_groups(pictures)
    kinds = [g.kind for g in groups]
    assert kinds == [k for k in ("overdue", "off track", "habits", "no owner") if k in kinds]
    no_owner = next(g for g in groups if g.kind == "no owner")
    assert len(no_owner.pictures) == 210 and no_owner.step == 4 and no_owner.view == "phase-checklist"


def test_counts_by_stage_and_department_fold_the_long_tail():
    def item(n, department):
        return initiatives.Initiative(id=n, name=f"I{n}", process="", owner="", department=department,
                                      start_date=TODAY, stage="pilot", roi_statement="", archived=False,
                                      version=1, created_by="x", created_at=None, updated_by="x", updated_at=None)

    items = [item(n, f"Dept {n % 20:02d}" if n % 7 else "") for n in range(200)]
    counts = portfolio.counts_by(items, "department", top=12)
    assert len(counts) == 12 and counts["initiatives"].sum() == 200
    assert counts.iloc[-1]["department"].endswith("other departments")
    assert portfolio.NO_DEPARTMENT in counts["department"].tolist()  # the largest: no department yet
    spec = charts.themed(charts.count_bars(counts, "department")).to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == counts["department"].tolist()


def test_pages_are_clamped():
    import pandas as pd

    rows = pd.DataFrame({"n": range(53)})
    first, pages = portfolio.page_of(rows, 1, 25)
    assert pages == 3 and first["n"].tolist() == list(range(25))
    last, _ = portfolio.page_of(rows, 9, 25)
    assert last["n"].tolist() == [50, 51, 52]
    assert portfolio.page_of(rows.iloc[:0], 1, 25)[1] == 1
