"""The import page: upload -> mapping -> preview -> commit, problems pinned to cells, refusals, profiles."""

from __future__ import annotations

from sprint import initiatives, metrics
from sprint.ui import state
from tests.app.conftest import texts
from tests.conftest import ROOT

FILES = ROOT / "tests" / "files"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def open_importer(app):
    at = app()
    at.run()
    at.switch_page("app_pages/importer.py").run()
    assert not at.exception
    return at


def upload(at, name, data=None, nonce=0):
    at.file_uploader(key=f"import_upload_{nonce}").upload(name, data or (FILES / name).read_bytes(), XLSX).run()
    assert not at.exception
    return at


def by_suffix(elements, suffix):
    return next(e for e in elements if e.key and e.key.endswith(suffix))


def test_empty_page_explains_what_a_file_can_become(app):
    at = open_importer(app)
    shown = texts(at, "markdown")
    assert "Bring in the tracker you already keep" in shown
    kinds = list(at.dataframe[0].value["Rows become"])
    assert "Step 5 metrics: one row per metric, months as columns" in kinds and len(kinds) == 9


def test_upload_map_preview_commit(app):
    at = upload(open_importer(app), "kpi_dashboard.xlsx")
    assert by_suffix(at.selectbox, "_target").value == "metrics_wide"
    assert by_suffix(at.selectbox, "_map_metric").value == "KPI"
    by_suffix(at.text_input, "_new_name").input("Customer operations").run()
    tiles = {m.label: m.value for m in at.metric}
    assert tiles["Metrics"] == "5 new" and tiles["Monthly values"] == "14 new" and tiles["Rows skipped"] == "3"
    preview = at.dataframe[-1].value
    assert list(preview["Metric"])[:2] == ["Cost per resolved ticket", "Resolution time"]
    commit = by_suffix(at.button, "_commit")
    assert commit.label == "Import 19 changes" and not commit.disabled
    commit.click().run()
    assert not at.exception
    assert "Imported kpi_dashboard.xlsx" in texts(at, "success")
    created = next(i for i in initiatives.list_all(state.store()) if i.name == "Customer operations")
    assert len(metrics.list_metrics(state.store(), created.id)) == 5
    assert at.file_uploader(key="import_upload_1") is not None  # a fresh uploader for the next file


def test_bad_cells_are_listed_and_the_import_button_stays_off(app):
    at = upload(open_importer(app), "bad_cells.xlsx")
    by_suffix(at.text_input, "_new_name").input("Broken").run()
    assert "3 problems to fix before anything is imported" in texts(at, "error")
    problems = at.dataframe[0].value
    assert ("KPIs", 2, "D") in set(zip(problems["Sheet"], problems["Row"], problems["Column"], strict=True))
    assert by_suffix(at.button, "_commit").disabled
    assert initiatives.count(state.store()) == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused_by_name(app):
    at = upload(open_importer(app), "picture.xlsx")
    assert "picture.xlsx can't be imported" in texts(at, "error") and "PNG image" in texts(at, "error")


def test_changing_the_mapping_changes_the_preview(app):
    at = open_importer(app)
    text = b"Department,Metric,Month,Value,Baseline,Target,Comment\nSupport,Cost,2026-01,10,12,3,7\n"
    upload(at, "log.csv", text)
    by_suffix(at.text_input, "_new_name").input("Log").run()
    assert at.dataframe[-1].value["Month 1"].iloc[0] == 10
    by_suffix(at.selectbox, "_map_value").set_value("Comment").run()
    assert at.dataframe[-1].value["Month 1"].iloc[0] == 7


def test_a_saved_profile_is_used_for_the_next_file_with_those_columns(app):
    at = upload(open_importer(app), "kpi_log_semicolon_bom.csv")
    by_suffix(at.text_input, "_new_name").input("Claims").run()
    by_suffix(at.text_input, "_profile_name").input("Claims log").run()
    by_suffix(at.button, "_profile_save").click().run()
    assert "Saved the import profile" in texts(at, "success")
    later = b"\xef\xbb\xbfDepartment;Indicator;Period;Value;Unit;Baseline;Target\r\nClaims;Cost per claim;2026-03;999;$;1450;900\r\n"
    upload(at, "march.csv", later)
    assert "Using your saved profile" in texts(at, "success")
