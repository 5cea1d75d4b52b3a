"""A number stored before the parser refused infinity (or written by another tool) can't take the room down:
every page and presenter screen draws, the value reads 'invalid' where it is shown, and charts leave it out
(a chart spec holding Infinity is not JSON a browser can read)."""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.app.conftest import texts

PAGES = ["app_pages/overview.py", "app_pages/plan.py", "app_pages/step1_scope.py", "app_pages/step2_compliance.py",
         "app_pages/step3_workflow.py", "app_pages/step4_governance.py", "app_pages/step5_outcomes.py",
         "app_pages/snapshots.py", "app_pages/audit_log.py"]


@pytest.fixture
def poisoned(example_db):
    con = duckdb.connect(str(example_db))
    con.execute("UPDATE metric_actuals SET value = 'inf'::DOUBLE WHERE month_index = 2 AND metric_id = "
                "(SELECT m.id FROM metrics m JOIN initiatives i ON i.id = m.initiative_id "
                "WHERE i.name = 'Invoice processing' AND m.name = 'Process cost')")
    con.execute("UPDATE metrics SET target = '-inf'::DOUBLE WHERE name = 'Error rate'")
    con.execute("UPDATE features SET dollars_per_month = 'inf'::DOUBLE WHERE name = 'Forecast cash out'")
    for table, column in (("initiatives", "one_off_cost"), ("initiatives", "hourly_rate"),
                          ("workflow_steps", "minutes"), ("adoption", "share"), ("launch_volume", "share"),
                          ("vendor_exit", "pilot_price"), ("checkins", "minutes"), ("shadow_sessions", "hours")):
        con.execute(f"UPDATE {table} SET {column} = 'inf'::DOUBLE")  # every row of it: the worst case
    con.close()
    return example_db


def _strict(spec: str) -> dict:
    def refuse(constant):
        raise ValueError(f"{constant} in a chart spec")
    return json.loads(spec, parse_constant=refuse)


def test_every_page_and_screen_draws_and_says_invalid(app, poisoned):
    at = app()
    at.query_params["initiative"] = "invoice-processing"
    at.run()
    for page in PAGES:
        at.switch_page(page).run()
        assert not at.exception, page
        for chart in at.get("vega_lite_chart"):
            _strict(chart.proto.spec)
    at.switch_page("app_pages/plan.py").run()  # the limited launch's share, stored as infinity
    assert {m.label: m.value for m in at.metric}["Share of volume in production"] == "invalid"
    at.switch_page("app_pages/step1_scope.py").run()
    assert "'Forecast cash out' has a stored value that is not a usable number ($ saved / month)" in texts(
        at, "warning")
    at.switch_page("app_pages/step5_outcomes.py").run()
    table = at.dataframe[0].value
    cost = table[table["Metric"].str.startswith("Process cost")].iloc[0]
    assert "invalid" in set(cost.astype(str))
    for screen in ("overview", "scope", "outcomes"):
        room = app()
        room.query_params.update({"present": "1", "screen": screen, "initiative": "invoice-processing"})
        room.run()
        assert not room.exception, screen
        for chart in room.get("vega_lite_chart"):
            _strict(chart.proto.spec)


def test_the_snapshot_writes_the_word_not_a_number_excel_would_repair(poisoned):
    import datetime as dt
    import io
    import re
    import zipfile

    from sprint.snapshots import export_workbook
    from sprint.store import Store

    with Store(poisoned) as store:
        data = export_workbook(store, None, exported_by="Fran", today=dt.date(2026, 12, 2),
                               now=dt.datetime(2026, 12, 2, 9))
    package = zipfile.ZipFile(io.BytesIO(data))
    sheets = [package.read(n) for n in package.namelist() if n.startswith("xl/worksheets/")]
    assert not any(re.search(rb"<v>[^<]*(inf|nan)[^<]*</v>", xml, re.IGNORECASE) for xml in sheets)
    shared = package.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in package.namelist() else b""
    assert b">invalid<" in shared or any(b">invalid<" in xml for xml in sheets)
