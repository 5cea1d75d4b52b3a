"""Chart specs (checked through to_dict) and the portfolio figures behind the Overview."""

from __future__ import annotations

import datetime as dt

from sprint import charts, initiatives, portfolio
from sprint.initiatives import InitiativeDraft
from tests.conftest import TODAY


def _items(store, facilitator, spec):
    for name, days_in, stage in spec:
        initiatives.create(store, facilitator,
                           InitiativeDraft(name, TODAY - dt.timedelta(days=days_in), stage=stage), today=TODAY)
    return initiatives.list_all(store)


def test_sprint_position_chart(store, facilitator):
    items = _items(store, facilitator, [("A pilot", 10, "pilot"), ("B late", 119, "pilot"),
                                        ("C soon", -3, "production")])
    spec = charts.themed(charts.sprint_position_chart(items, TODAY)).to_dict()
    assert len(spec["layer"]) == 4  # phase bands, their names, the bars, the day labels
    bars = spec["layer"][2]
    assert bars["mark"]["type"] == "bar"
    assert bars["encoding"]["y"]["sort"] == ["A pilot", "B late", "C soon"]
    assert bars["encoding"]["color"]["scale"]["range"] == [charts.STAGE_COLOURS[s] for s in initiatives.STAGES]
    data = charts.sprint_positions(items, TODAY).set_index("initiative")
    assert data.loc["A pilot", "label"] == "day 11"
    assert data.loc["B late", "bar_end"] == 90 and data.loc["B late", "label"] == "day 120: past day 90"
    assert data.loc["C soon", "bar_end"] == 0 and data.loc["C soon", "label"] == "starts in 3 d"
    # Projector-sized type and one autosize rule for every chart.
    assert spec["config"]["axis"]["labelFontSize"] == charts.AXIS_LABEL_SIZE
    assert spec["autosize"]["type"] == "fit-x"
    big = charts.themed(charts.sprint_position_chart(items, TODAY), scale=1.5).to_dict()
    assert big["config"]["axis"]["labelFontSize"] == charts.AXIS_LABEL_SIZE * 1.5


def test_portfolio_summary_counts_purgatory(store, facilitator):
    items = _items(store, facilitator, [("A", 10, "pilot"), ("B", 119, "pilot"), ("C", 40, "production"),
                                        ("D", 5, "limited production"), ("E", -2, "pilot")])
    numbers = portfolio.summary(items, TODAY)
    assert (numbers.active, numbers.in_production, numbers.in_sprint, numbers.stuck_in_pilot) == (5, 2, 3, 1)
