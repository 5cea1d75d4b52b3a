"""Excel snapshots: what sponsors open, what can't run as a formula, and an exact restore."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sprint import audit, initiatives
from sprint.errors import ValidationError
from sprint.example import build as example
from sprint.filecheck import FileRefused
from sprint.initiatives import InitiativeDraft
from sprint.snapshots import export_workbook, payload, snapshot_filename
from sprint.snapshots import restore as restoring
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.steps.outcomes.store import MetricDraft
from sprint.steps.workflow import store as workflow_store
from sprint.store import Store
from tests.conftest import TODAY, moved_store
from tests.snapshot_files import as_format_1, rewrite

BOTH_STORES = True  # each test on DuckDB and on PostgreSQL (tests/conftest.py)

NOW = dt.datetime(2026, 3, 10, 9, 30)
LATER = dt.datetime(2026, 3, 10, 17, 45)


@pytest.fixture
def sprint_store(store, facilitator):
    example.load_example(store, facilitator, today=TODAY)
    return store


def _invoice(store) -> int:
    return next(i.id for i in initiatives.list_all(store) if i.name == "Invoice processing")


def _book(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def _cells(data: bytes, skip_export_time: bool = True) -> dict:
    """Every cell people see, and every field of the exact copy for restore (decoded from its payload, so that
    one changed record shows as that record, not as a different compressed text)."""
    book = _book(data)
    out = {}
    for ws in book.worksheets:
        if ws.title == payload.SHEET:
            facts = {r[0]: r[1] for r in book["_snapshot"].iter_rows(values_only=True)}
            tables = payload.read((r[0] for r in ws.iter_rows(min_row=2, values_only=True)),
                                  facts["payload_sha256"], facts["payload_size"])
            for sheet, rows in tables.items():
                for n, row in enumerate(rows, start=1):
                    for k, value in enumerate(row):
                        if value is not None:
                            out[(sheet, f"{n}:{k}")] = (value, "General")
            continue
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    out[(ws.title, cell.coordinate)] = (cell.value, cell.number_format)
    # The payload's checksum and size follow its contents, which are compared field by field above; the workspace
    # and the signature describe the database and key a snapshot came from, not its data.
    payload_facts = {k[1].replace("A", "B") for k, v in out.items()
                     if k[0] == "_snapshot" and (str(v[0]).startswith("payload_") or v[0] in ("workspace",
                                                                                               "signature"))}
    out = {k: v for k, v in out.items() if not (k[0] == "_snapshot" and k[1] in payload_facts)}
    if skip_export_time:  # and the audit anchor: it describes the database a snapshot came from, not its data
        out = {k: v for k, v in out.items() if v[0] not in (str(NOW), str(LATER), NOW.isoformat(sep=" "),
                                                            LATER.isoformat(sep=" "))
               and not (k[0] == "_snapshot" and re.fullmatch(r"\d+:[0-9a-f]{64}", str(v[0])))}
    return out


def test_the_workbook_sponsors_open(sprint_store):
    data = export_workbook(sprint_store, _invoice(sprint_store), exported_by="Fran", today=TODAY, now=NOW)
    book = _book(data)
    assert [ws.title for ws in book.worksheets if ws.sheet_state == "visible"] == [
        "Summary", "Scope", "Compliance", "Workflow", "Governance", "Metrics", "Audit log"]
    assert book["Chart data"].sheet_state == "hidden"  # the charts' series: helper data, out of the way
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    # The headline first: what a sponsor reads on page 1, before the details and the checklist.
    labels = [r[0] for r in book["Summary"].iter_rows(values_only=True)]
    assert labels.index("Metrics on track") < labels.index("Computed ROI to date") < labels.index("Payback") \
        < labels.index("Process") < labels.index("Step 1 · Scope")
    assert summary["Metrics on track"] == "4 of 5" and summary["Payback"] == "month 3"
    assert summary["Stage"] == "limited production" and summary["Exported by"] == "Fran"
    assert summary["Exported at (UTC)"] == "2026-03-10 09:30:00" and summary["Production Sprint version"]
    assert summary["Step 5 · Outcomes"] == 1  # all five essentials done for this pilot
    assert summary["Step 1 · Scope"] == 1  # ranked, cut after the top 3, the core carries 82% of the volume
    scope_cells = [c for row in book["Scope"].iter_rows(values_only=True) for c in row]
    assert "Read supplier invoices (PDF and email)" in scope_cells
    assert "done: the pilot's investment entered" in [r[1] for r in book["Summary"].iter_rows(values_only=True)]
    ws = book["Metrics"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["Department", "Metric", "Unit", "Direction", "Baseline"]
    assert header[5].startswith("Month 1\n(") and header[-3:] == ["Target", "Progress", "Status"]
    rows = {r[1].value: r for r in ws.iter_rows(min_row=2)}
    cost = rows["Process cost"]
    assert cost[3].value == "lower is better"
    assert cost[4].value == 45 and cost[4].number_format == '"$"#,##0.0"/unit"'  # a number, shown as $45.0/unit
    # (one decimal for the whole row, because month 2 was $34.5)
    assert cost[7].value == 31 and cost[7].data_type == "n"  # a number, not text
    assert rows["Error rate"][4].number_format == '0.0"%"' and rows["Error rate"][4].value == 8.2
    assert rows["Processing time"][4].number_format == '#,##0.0" hours"'
    assert rows["Monthly savings"][4].number_format == '"$"#,##0"/month"'
    # The print area takes in the charts under the table (two to a row, from row 9): 3 rows of charts.
    assert ws.print_area == "'Metrics'!$A$1:$K$57"
    assert sorted(c.anchor._from.row for c in ws._charts) == [8, 8, 24, 24, 40]  # 0-based rows
    assert ws.page_setup.fitToWidth == 1 and ws.print_title_rows == "$1:$1"
    assert cost[-2].value == pytest.approx(0.7) and cost[-2].number_format == "0%"
    assert cost[-1].value == "on track"
    assert ws.freeze_panes == "C2" and ws.page_setup.orientation == "landscape"
    assert ws[1][0].font.bold
    rules = [r.formula[0] for rng in ws.conditional_formatting for r in rng.rules]
    assert rules == ['"on track"', '"at risk"', '"off track"']
    log = book["Audit log"]
    assert [c.value for c in log[1]][:4] == ["When (UTC)", "Who", "Role", "Action"]
    assert log.max_row > 5


@pytest.mark.parametrize(("values", "decimals"), [([45, 25, 38], 0), ([45, 34.5], 1), ([8.2, 3], 1),
                                                  ([0.25, 1], 2), ([1.234], 2), ([None, 3], 0)])
def test_each_metric_row_gets_the_decimals_its_values_need(values, decimals):
    from sprint.snapshots.cells import decimals_needed

    assert decimals_needed(values) == decimals


def test_charts_reference_the_right_ranges(sprint_store):
    data = export_workbook(sprint_store, _invoice(sprint_store), exported_by="Fran", today=TODAY, now=NOW)
    book = _book(data)
    charts = book["Metrics"]._charts
    assert len(charts) == 5  # every metric of this sprint (at most 12 are drawn)
    chart_data = book["Chart data"]
    first = charts[0]
    refs = [s.val.numRef.f for s in first.series]
    assert refs == ["'Chart data'!$D$2:$F$2", "'Chart data'!$D$3:$F$3", "'Chart data'!$D$4:$F$4"]
    assert first.series[0].cat.numRef.f == "'Chart data'!$D$1:$F$1" or first.series[0].cat.strRef.f == \
        "'Chart data'!$D$1:$F$1"
    at_risk = chart_data["B2"].value  # the metric needing most attention is charted first
    assert at_risk == "Monthly savings"
    assert [chart_data.cell(row=r, column=3).value for r in (2, 3, 4)] == ["Actual", "Baseline", "Target"]
    assert [chart_data.cell(row=3, column=c).value for c in (4, 5, 6)] == [0, 0, 0]  # baseline $0/month
    assert [chart_data.cell(row=2, column=c).value for c in (4, 5, 6)] == [22800, 31000, 35800]


INJECTIONS = ["=HYPERLINK(\"http://evil\",\"x\")", "@SUM(1)", "+1", "-2+3", "=1+1"]


def test_formula_injection_comes_back_as_the_same_text(store, facilitator):
    new_id = initiatives.create(store, facilitator, InitiativeDraft("=HYPERLINK(\"http://evil\",\"x\")", TODAY,
                                                                    owner="@SUM(1)", department="+1"), today=TODAY)
    for n, name in enumerate(INJECTIONS[2:]):
        metrics.create(store, facilitator, new_id, MetricDraft(name, "-2+3", "$", "lower", 10 + n, 5))
    data = export_workbook(store, new_id, exported_by="=cmd|' /C calc'!A0", today=TODAY, now=NOW)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for member in z.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(member), member  # no formula anywhere in the file
    book = _book(data)
    values = {c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in [*INJECTIONS, "=cmd|' /C calc'!A0"]:
        assert text in values
    cell = next(c for row in book["Summary"].iter_rows() for c in row if c.value == "@SUM(1)")
    assert cell.data_type == "s" and cell.quotePrefix
    snap = restoring.read_snapshot(data, "evil.xlsx")
    assert snap.initiatives[0]["name"] == "=HYPERLINK(\"http://evil\",\"x\")"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-2+3", "@SUM(1)", "\tTab", "\rCR", "\nLF"])
def test_every_formula_trigger_is_kept_as_text(value):
    from openpyxl import Workbook

    from sprint.snapshots.cells import text

    book = Workbook(write_only=True)
    ws = book.create_sheet("x")
    cell = text(ws, value)
    assert cell.data_type == "s" and cell.quotePrefix and cell.value == value
    assert text(ws, "Plain words") == "Plain words"  # plain text needs no cell object: openpyxl writes it as text


def test_round_trip_is_exact_cell_by_cell(sprint_store, facilitator, tmp_path):
    invoice = _invoice(sprint_store)
    first = export_workbook(sprint_store, invoice, exported_by="Fran", today=TODAY, now=NOW)
    with moved_store(sprint_store, tmp_path / "restored.duckdb") as fresh:
        result = restoring.restore(fresh, facilitator, restoring.read_snapshot(first, "invoice.xlsx"),
                                   on_clash=None, today=TODAY)
        assert result.initiatives == ["Invoice processing"] and result.metrics == 5 and result.history > 0
        second = export_workbook(fresh, initiatives.list_all(fresh)[0].id, exported_by="Fran", today=TODAY, now=LATER)
        assert audit.verify(fresh).ok
    assert _cells(second) == _cells(first)


def test_whole_workspace_round_trip(sprint_store, facilitator, tmp_path):
    first = export_workbook(sprint_store, None, exported_by="Fran", today=TODAY, now=NOW)
    with moved_store(sprint_store, tmp_path / "restored.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(first, "all.xlsx"), on_clash=None, today=TODAY)
        second = export_workbook(fresh, None, exported_by="Fran", today=TODAY, now=LATER)
    a, b = _cells(first), _cells(second)
    # Identical, except that the second audit log also lists the restore itself, as its last row.
    extra = {k: v for k, v in b.items() if k not in a}
    assert {k[0] for k in extra} <= {"Audit log", "_audit"}
    assert any("Restored snapshot 'all.xlsx'" in str(v[0]) for v in extra.values())
    assert {k: v for k, v in b.items() if k in a} == a


def test_restoring_over_an_existing_initiative_asks_then_replaces_or_keeps_both(sprint_store, facilitator):
    invoice = _invoice(sprint_store)
    data = export_workbook(sprint_store, invoice, exported_by="Fran", today=TODAY, now=NOW)
    snap = restoring.read_snapshot(data, "invoice.xlsx")
    # Someone changes a number after the snapshot was taken.
    cost = next(m for m in metrics.list_metrics(sprint_store, invoice) if m.name == "Process cost")
    initiative = initiatives.get(sprint_store, invoice)
    actuals.save_month(sprint_store, facilitator, initiative, "Finance", 2, {cost.id: "36"}, {cost.id: 34.5},
                       today=TODAY + dt.timedelta(days=70))
    before = sprint_store.last_change()
    with pytest.raises(restoring.ChoiceNeeded, match="already has 'Invoice processing'"):
        restoring.restore(sprint_store, facilitator, snap, on_clash=None, today=TODAY)
    assert sprint_store.last_change() == before  # nothing written
    kept = restoring.restore(sprint_store, facilitator, snap, on_clash=restoring.KEEP_BOTH, today=TODAY)
    assert kept.initiatives == ["Invoice processing (restored 2026-03-10)"]
    names = [i.name for i in initiatives.list_all(sprint_store)]
    assert "Invoice processing" in names and "Invoice processing (restored 2026-03-10)" in names
    replaced = restoring.restore(sprint_store, facilitator, snap, on_clash=restoring.REPLACE, today=TODAY)
    assert replaced.mode == "replace"
    new_id = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Invoice processing")
    new_cost = next(m for m in metrics.list_metrics(sprint_store, new_id) if m.name == "Process cost")
    assert actuals.actuals_by_metric(sprint_store, new_id)[new_cost.id][2] == 34.5  # the snapshot's number
    entry = audit.entries(sprint_store, entity="snapshot").iloc[0]
    assert "Restored snapshot 'invoice.xlsx'" in entry["summary"] and "replace" in entry["summary"]
    assert audit.verify(sprint_store).ok


def test_a_broken_snapshot_names_sheet_row_and_column_and_writes_nothing(sprint_store, store, tmp_path):
    """A crafted file (its checksum made to match) is checked field by field like any other: every bad value is
    named by table, row and column, and nothing is written."""
    data = export_workbook(sprint_store, _invoice(sprint_store), exported_by="Fran", today=TODAY, now=NOW)

    def spoil(tables):
        tables["_actuals"][2][2] = "lots"
        tables["_metrics"][1][5] = "sideways"

    for crafted in (rewrite(data, spoil), as_format_1(data, spoil)):
        with pytest.raises(ValidationError) as caught:
            restoring.read_snapshot(crafted, "edited.xlsx")
        text = str(caught.value)
        assert "sheet '_actuals', row 3, value: 'lots' is not a valid float" in text
        assert "sheet '_metrics', row 2, direction" in text


@pytest.mark.parametrize(("data", "words"), [
    (b"", "is empty"),
    (b"Department,Metric\nFinance,Cost\n", "not an Excel snapshot"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    (b"PK\x03\x04 not really a zip", "damaged"),
])
def test_files_that_are_not_snapshots_are_refused(data, words):
    with pytest.raises((restoring.NotASnapshot, FileRefused), match=words):
        restoring.read_snapshot(data, "file.xlsx")


def test_a_zip_bomb_is_refused_before_parsing():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (300 * 1024 * 1024))
    with pytest.raises(FileRefused, match="zip bomb"):
        restoring.read_snapshot(buffer.getvalue(), "bomb.xlsx")


def test_an_ordinary_workbook_is_not_mistaken_for_a_snapshot(store, tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["KPI", "Baseline"])
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(restoring.NotASnapshot, match="only workbooks downloaded from Production Sprint"):
        restoring.read_snapshot(buffer.getvalue(), "kpis.xlsx")


def test_file_names():
    assert snapshot_filename(None, TODAY) == "all-initiatives-2026-03-10.xlsx"
    item = initiatives.Initiative(1, "Support ticket assistant / v2!", "", "", "", TODAY, "pilot", "", False, 1,
                                  "x", NOW, "x", NOW)
    assert snapshot_filename(item, TODAY) == "support-ticket-assistant-v2-2026-03-10.xlsx"


def test_the_scope_sheet_ranks_and_marks_the_core(sprint_store):
    routing = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Delivery route planner")
    book = _book(export_workbook(sprint_store, routing, exported_by="Fran", today=TODAY, now=NOW))
    ws = book["Scope"]
    assert ws["A1"].value.startswith("The top 12 carry 83% of the value and 83% of the volume.")
    assert [c.value for c in ws[3]][:4] == ["Rank", "Phase", "Feature", "Impact / month"]
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    assert len(rows) == 127
    assert rows[0][:4] == (1, "core", "Standard residential drop, weekday", 10500)
    assert [r[1] for r in rows].count("core") == 12 and rows[12][1] == "phase 2"
    summary = {r[0]: r[1] for r in book["Summary"].iter_rows(values_only=True) if r and r[0]}
    assert summary["Step 1 · Scope"] == 1


def test_round_trip_keeps_the_scope(sprint_store, facilitator, tmp_path):
    routing = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Delivery route planner")
    first = export_workbook(sprint_store, routing, exported_by="Fran", today=TODAY, now=NOW)
    with moved_store(sprint_store, tmp_path / "restored.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(first, "routing.xlsx"), on_clash=None,
                          today=TODAY)
        second = export_workbook(fresh, initiatives.list_all(fresh)[0].id, exported_by="Fran", today=TODAY,
                                 now=LATER)
    assert _cells(second) == _cells(first)


def test_a_snapshot_from_before_what_happens_was_added_still_restores(sprint_store, facilitator, tmp_path):
    """Snapshots written before workflow steps had 'What happens' lack that last column: they restore, the steps
    with nothing in it."""
    routing = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Delivery route planner")
    def drop_activity(tables):
        rows = tables["_workflow_steps"]
        assert rows[0][-1] == "activity"
        tables["_workflow_steps"] = [row[:-1] for row in rows]

    old = as_format_1(export_workbook(sprint_store, routing, exported_by="Fran", today=TODAY, now=NOW),
                      drop_activity)
    with Store(tmp_path / "restored.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(old, "old.xlsx"), on_clash=None, today=TODAY,
                          not_made_here=True)  # made over into format 1 here: no signature
        steps = workflow_store.list_steps(fresh, initiatives.list_all(fresh)[0].id)
    assert len(steps) == 5 and {s.activity for s in steps} == {""}
    assert steps[0].actor == "Transport planner"


def test_a_snapshot_that_cannot_be_made_downloads_a_workbook_saying_why():
    """The download runs after the page has drawn, so a failure can't show on the page: the file says why."""
    from sprint.errors import DatabaseError
    from sprint.snapshots.failure import or_failure

    def refused() -> bytes:
        raise DatabaseError("the database file is locked by another program")

    def broken() -> bytes:
        raise OverflowError("cannot convert float infinity to integer")

    for build, reason in ((refused, "locked by another program"), (broken, "unexpected error")):
        book = _book(or_failure(build)())
        assert book.sheetnames == ["Not exported"]
        sheet = book["Not exported"]
        assert sheet["A1"].value == "This snapshot could not be made." and reason in sheet["A3"].value
    assert or_failure(lambda: b"fine")() == b"fine"


def _compliance_rows(data: bytes) -> tuple[list, dict]:
    ws = _book(data)["Compliance"]
    header = [c.value for c in ws[5]]
    return header, {r[1]: dict(zip(header, r, strict=False)) for r in ws.iter_rows(min_row=6, values_only=True)
                    if r[1] and r[0] != "Register"}


def test_the_compliance_sheet_shows_dates_scope_enforcement_caveats_and_why(sprint_store):
    sched = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Patient scheduling assistant")
    data = export_workbook(sprint_store, sched, exported_by="Fran", today=TODAY, now=NOW)
    ws = _book(data)["Compliance"]
    header, rows = _compliance_rows(data)
    assert header == ["Framework", "Obligation", "Duty (our summary)", "Level", "Applies from", "Status", "Due",
                      "Evidence", "Why it applies", "Applies to (and who is outside)", "Enforcement", "Caveat",
                      "Source", "Source checked", "Citation"]
    hipaa = rows["General notice to patients (HIPAA covered entities)"]  # the clinic is a HIPAA covered entity
    assert hipaa["Applies from"] == "from 1 Jan 2027" and "Stayed for now" in hipaa["Enforcement"]
    assert "$50,000 against an elderly person" in hipaa["Enforcement"]
    assert "Notice before a consequential decision" not in rows  # ...so the deployer notice is not its duty
    assert hipaa["Source checked"] == dt.datetime(2026, 12, 6) and hipaa["Source"].startswith("https://")
    care = rows["Tell patients AI is used in their care"]
    assert care["Applies from"] == "since 1 Jan 2026" and "users in Texas" in care["Why it applies"]
    assert "reading of the statute" in care["Applies to (and who is outside)"]
    assert "§552.106" in care["Enforcement"] and "$80,000-200,000" in care["Enforcement"]  # its own line
    assert rows["Readiness pack for an Attorney General demand"]["Level"] == "good practice"
    assert rows["Risk-management programme"]["Applies from"] == "no date (good practice)"
    assert "contested" in rows["Risk-management programme"]["Caveat"]
    assert "in force done" in ws["A1"].value and "ready for 1 Jan 2027" in ws["A1"].value
    assert ws["A4"].value.startswith("Enforcement stayed: ") and "xAI v. Weiser" in ws["A4"].value
    assert not [r for r in ws.iter_rows(values_only=True) if r[0] and str(r[0]).startswith("Enforcement, ")]


def test_the_compliance_sheet_survives_a_round_trip(sprint_store, facilitator, tmp_path):
    """Restored into an empty workspace and exported again, the Compliance sheet says the same, column by column:
    the profile's December answers travel in the data sheets, and the scope and enforcement follow from them."""
    sched = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Patient scheduling assistant")
    first = export_workbook(sprint_store, sched, exported_by="Fran", today=TODAY, now=NOW)
    with Store(tmp_path / "restored.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(first, "first.xlsx"), on_clash=None,
                          today=TODAY, not_made_here=True)
        again = export_workbook(fresh, initiatives.list_all(fresh)[0].id, exported_by="Fran", today=TODAY, now=NOW)
    header, before = _compliance_rows(first)
    _, after = _compliance_rows(again)
    assert set(after) == set(before) and len(before) > 15
    for column in ("Applies to (and who is outside)", "Enforcement", "Caveat", "Applies from", "Why it applies",
                   "Status", "Evidence"):
        assert {k: r[column] for k, r in after.items()} == {k: r[column] for k, r in before.items()}, column


def test_a_snapshot_from_before_the_profile_questions_still_restores(sprint_store, facilitator, tmp_path):
    """Older snapshots lack the profile's roles and uses columns: they restore as a deployer whose uses were
    never answered (so the use-dependent duties are still counted)."""
    from sprint.steps.compliance import store as compliance_store

    sched = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Patient scheduling assistant")
    def drop_profile_questions(tables):
        rows = tables["_compliance_profiles"]
        assert rows[0][-3:] == ["roles", "uses", "answered"]
        tables["_compliance_profiles"] = [row[:-3] for row in rows]

    old = as_format_1(export_workbook(sprint_store, sched, exported_by="Fran", today=TODAY, now=NOW),
                      drop_profile_questions)
    with Store(tmp_path / "restored.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(old, "old.xlsx"), on_clash=None, today=TODAY,
                          not_made_here=True)  # made over into format 1 here: no signature
        profile, _ = compliance_store.profile(fresh, initiatives.list_all(fresh)[0].id)
    assert profile.roles == ("deployer",) and profile.uses is None and profile.locations == ("Texas", "Colorado")


def test_a_snapshot_from_before_the_december_questions_restores_with_them_unanswered(sprint_store, facilitator,
                                                                                     tmp_path):
    """A snapshot made before the 'answered' column: the four first questions keep their answers and the new ones
    are unanswered, so the duties they decide are counted (and say so) rather than silently dropped."""
    from sprint.steps.compliance import rules as compliance_catalog
    from sprint.steps.compliance import store as compliance_store

    sched = next(i.id for i in initiatives.list_all(sprint_store) if i.name == "Patient scheduling assistant")
    def drop_answered(tables):
        rows = tables["_compliance_profiles"]
        assert rows[0][-1] == "answered"
        tables["_compliance_profiles"] = [row[:-1] for row in rows]

    old = as_format_1(export_workbook(sprint_store, sched, exported_by="Fran", today=TODAY, now=NOW), drop_answered)
    with Store(tmp_path / "restored.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(old, "old.xlsx"), on_clash=None, today=TODAY,
                          not_made_here=True)
        profile, _ = compliance_store.profile(fresh, initiatives.list_all(fresh)[0].id)
    assert profile.asked == compliance_catalog.FIRST_FACTS and "hipaa" in profile.uses
    notice = {a.obligation.id: a for a in compliance_catalog.applicability(compliance_catalog.load(), profile)}[
        "co-26-189-notice"]
    assert notice.applies and "Counted until the profile says whether" in notice.why and "HIPAA" in notice.why


def test_every_snapshot_records_the_audit_anchor(sprint_store):
    from sprint import audit
    from sprint.snapshots import reader as snapshot_reader

    data = export_workbook(sprint_store, None, exported_by="Fran", today=TODAY, now=NOW)
    result = audit.verify(sprint_store)
    assert snapshot_reader.audit_anchor(data, "all.xlsx") == (result.entries, result.head)


def _forged(data: bytes) -> bytes:
    """What was tried (#32 defect 3): other departments' numbers changed and a fake audit entry added, the
    payload's checksum recomputed to match."""
    def change(tables):
        actuals = tables["_actuals"]
        value = actuals[0].index("value")
        for row in actuals[1:]:
            row[value] = "1"
        log = tables["_audit"]
        fake = list(log[-1])
        fake[log[0].index("summary")] = "CFO approved $2.4M"
        fake[log[0].index("actor")] = "Chief Financial Officer"
        log.append(fake)

    return rewrite(data, change)


def test_a_tampered_snapshot_never_restores_as_trusted(sprint_store, facilitator, tmp_path):
    data = export_workbook(sprint_store, None, exported_by="Fran", today=TODAY, now=NOW)
    assert restoring.provenance(sprint_store, restoring.read_snapshot(data, "all.xlsx")) is restoring.Provenance.MADE_HERE
    forged = restoring.read_snapshot(_forged(data), "all.xlsx")  # its checksum adds up...
    assert restoring.provenance(sprint_store, forged) is restoring.Provenance.ANOTHER_KEY  # ...its signature doesn't
    with moved_store(sprint_store, tmp_path / "moved.duckdb") as fresh:  # even with this workspace's key
        with pytest.raises(restoring.NotMadeHere, match="edited after it was exported"):
            restoring.restore(fresh, facilitator, forged, on_clash=None, today=TODAY)
        assert fresh.last_change() == 0  # nothing written
        result = restoring.restore(fresh, facilitator, forged, on_clash=None, today=TODAY, not_made_here=True)
        assert result.provenance is restoring.Provenance.ANOTHER_KEY and result.history > 0
        log = audit.entries(fresh).sort_values("seq")
        fake = log[log["summary"].str.contains("CFO approved", regex=False)].iloc[0]
        assert fake["summary"].startswith("[Imported from 'all.xlsx', unverified] ")
        assert fake["actor"] == "Chief Financial Officer (unverified)"
        history = log.iloc[:-1]
        assert history["summary"].str.startswith("[Imported from 'all.xlsx', unverified] ").all()
        restore_entry = json.loads(log.iloc[-1]["after"])
        assert restore_entry["provenance"] == "signed elsewhere" and restore_entry["confirmed_not_made_here"]
        assert "not verified" in log.iloc[-1]["summary"]


def test_a_snapshot_made_in_another_workspace_or_unsigned_needs_the_facilitators_word(sprint_store, facilitator,
                                                                                      tmp_path):
    data = export_workbook(sprint_store, _invoice(sprint_store), exported_by="Fran", today=TODAY, now=NOW)
    with Store(tmp_path / "elsewhere.duckdb") as other:  # its own audit key
        snap = restoring.read_snapshot(data, "invoice.xlsx")
        assert restoring.provenance(other, snap) is restoring.Provenance.ANOTHER_KEY
        with pytest.raises(restoring.NotMadeHere, match="made in another workspace"):
            restoring.restore(other, facilitator, snap, on_clash=None, today=TODAY)
        old = (Path(__file__).parents[1] / "files" / "snapshots" / "format1-invoice.xlsx").read_bytes()
        unsigned = restoring.read_snapshot(old, "old.xlsx")  # exported before snapshots were signed
        assert restoring.provenance(other, unsigned) is restoring.Provenance.UNSIGNED
        with pytest.raises(restoring.NotMadeHere, match="carries no signature"):
            restoring.restore(other, facilitator, unsigned, on_clash=None, today=TODAY)
        assert other.last_change() == 0


def test_a_restore_meets_the_same_limits_as_every_other_way_in(sprint_store):
    """#32 defect 4: a start date in 9999 (which then crashed the Overview, Steps 4-5 and the presenter for
    everyone), values of 1.7e308 and a text of 3,000,000 characters were stored by a restore."""
    data = export_workbook(sprint_store, _invoice(sprint_store), exported_by="Fran", today=TODAY, now=NOW)

    import random

    noise = random.Random(32)  # text that doesn't compress (a repeated letter would hit the expansion bound)

    def spoil(tables):
        head = tables["_initiatives"][0]
        tables["_initiatives"][1][head.index("start_date")] = "9999-12-31"
        tables["_initiatives"][1][head.index("monthly_cost")] = "1.7e308"
        tables["_initiatives"][1][head.index("roi_statement")] = noise.randbytes(1_500_000).hex()
        tables["_actuals"][1][tables["_actuals"][0].index("entered_at")] = "9999-01-01 00:00:00"
        tables["_audit"][1][tables["_audit"][0].index("after_json")] = '"' + noise.randbytes(600_001).hex() + '"'

    with pytest.raises(ValidationError) as caught:
        restoring.read_snapshot(rewrite(data, spoil), "edited.xlsx")
    text = str(caught.value)
    assert "sheet '_initiatives', row 2, start_date: 9999-12-31 is outside 1990-2100" in text
    assert "monthly_cost: 1.7e+308 is too large to be a real figure" in text
    assert "roi_statement: is 3,000,000 characters long; the most kept is 10,000" in text
    assert "sheet '_actuals', row 2, entered_at: 9999-01-01 is outside 1990-2100" in text
    assert "sheet '_audit', row 2, after_json: is 1,200,004 characters long" in text


@pytest.mark.duckdb_only("the payload is refused as it is read, before any store is written")
def test_a_payload_that_expands_to_gigabytes_is_refused_unread(sprint_store):
    """#32 defect 4: a 59 KB snapshot whose payload expanded to 1.45 GB took the server from 405 MB to 4.5 GB
    while it was merely checked. Now it is inflated a piece at a time and refused past its bound."""
    import base64
    import hashlib
    import tracemalloc
    import zlib

    from tests.snapshot_files import _set_fact

    squeeze = zlib.compressobj(9)
    packed = squeeze.compress(b'["#","_initiatives",["name"]]\n[' + b'["x"],' * 5)
    block = b'["' + b"A" * 1_000_000 + b'"],'
    packed += b"".join(squeeze.compress(block) for _ in range(1_450))  # 1.45 GB once inflated
    packed += squeeze.compress(b'["x"]]\n') + squeeze.flush()
    assert len(packed) < 2_000_000
    book = openpyxl.load_workbook(io.BytesIO(
        export_workbook(sprint_store, _invoice(sprint_store), exported_by="Fran", today=TODAY, now=NOW)))
    sheet = book[payload.SHEET]
    sheet.delete_rows(2, sheet.max_row)
    for start in range(0, len(packed), payload.CHUNK_BYTES):
        sheet.append([payload.PREFIX + base64.b64encode(packed[start:start + payload.CHUNK_BYTES]).decode()])
    _set_fact(book, "payload_sha256", hashlib.sha256(packed).hexdigest())
    _set_fact(book, "payload_size", str(len(packed)))
    _set_fact(book, "payload_expanded", "")
    out = io.BytesIO()
    book.save(out)
    tracemalloc.start()
    try:
        with pytest.raises(restoring.NotASnapshot, match="expands to more than"):
            restoring.read_snapshot(out.getvalue(), "bomb.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150_000_000, f"{peak / 1e6:.0f} MB held while refusing it"


def _room_rows(store) -> list[tuple]:
    return store.fetch_all(
        "SELECT i.name, q.kind, q.subject, q.status, q.opened_by, q.opened_at, q.ended_by, q.ended_at, a.person, "
        "a.answer, a.hidden, a.answered_at FROM room_questions q JOIN initiatives i ON i.id = q.initiative_id "
        "LEFT JOIN room_answers a ON a.question_id = q.id ORDER BY q.opened_at, a.person")


def test_the_rooms_questions_answers_and_habit_checks_survive_a_round_trip(sprint_store, facilitator, tmp_path):
    from sprint import room
    from sprint.permissions import Actor, Role

    invoice = _invoice(sprint_store)
    priya, omar = Actor("Priya (Finance, on a phone)", Role.VIEWER), Actor("Omar (Ops, on a phone)", Role.VIEWER)
    habits = room.open_question(sprint_store, facilitator, invoice, room.HABITS, "Inside the ERP")
    room.answer(sprint_store, priya, habits, {"count": "2", "habit": "=cmd|' /C calc'!A0"})
    room.answer(sprint_store, omar, habits, {"count": "0"})
    room.hide(sprint_store, facilitator, habits, omar.name)
    room.accept(sprint_store, facilitator, habits)
    tools = room.open_question(sprint_store, facilitator, invoice, room.TOOLS)  # left open, nobody answered
    data = export_workbook(sprint_store, invoice, exported_by="Fran", today=TODAY, now=NOW)
    sheet = [[c for c in row if c is not None] for row in _book(data)["Workflow"].iter_rows(values_only=True)]
    row = next(r for r in sheet if r and r[0] == "Inside the ERP")  # the sponsor reads the room's spread
    assert row[1] == "=cmd|' /C calc'!A0"  # a habit named like a formula stays text
    assert re.fullmatch(r"2 in the middle of 1 person \(0: 0 · 1: 0 · 2: 1 · 3\+: 0\), \d{4}-\d\d-\d\d", row[2])
    with moved_store(sprint_store, tmp_path / "restored.duckdb") as fresh:
        restoring.restore(fresh, facilitator, restoring.read_snapshot(data, "invoice.xlsx"), on_clash=None,
                          today=TODAY)
        assert _room_rows(fresh) == _room_rows(sprint_store) and len(_room_rows(fresh)) == 3
        assert room.habit_checks(fresh, initiatives.list_all(fresh)[0].id) == room.habit_checks(sprint_store, invoice)
        assert room.latest(fresh, initiatives.list_all(fresh)[0].id).kind == room.TOOLS
        again = export_workbook(fresh, initiatives.list_all(fresh)[0].id, exported_by="Fran", today=TODAY, now=LATER)
    assert _cells(again) == _cells(data)
    assert tools  # the open question came back open, above


def test_a_snapshot_with_a_forged_room_answer_is_refused_by_row(sprint_store):
    from sprint import room
    from sprint.permissions import Actor, Role

    invoice = _invoice(sprint_store)
    question = room.open_question(sprint_store, Actor("Fran", Role.FACILITATOR), invoice, room.CHECKIN)
    room.answer(sprint_store, Actor("Ana", Role.VIEWER), question, {"status": "at risk"})
    data = export_workbook(sprint_store, invoice, exported_by="Fran", today=TODAY, now=NOW)
    def forge(tables):
        tables["_room"][1][9] = '{"status": "fine", "blocker": ""}'

    forged = rewrite(data, forge)
    with pytest.raises(ValidationError) as caught:
        restoring.read_snapshot(forged, "forged.xlsx")
    assert any(p.field.endswith("answer") or "answer" in p.message for p in caught.value.problems)
