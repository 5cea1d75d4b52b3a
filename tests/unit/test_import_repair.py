"""Repair, not refusal: odd cells leave a field blank or a row out (named, with the file's text); value maps;
every sheet and stacked table a candidate; headers in other languages; never redefining a metric in silence."""

from __future__ import annotations

import io
import json

import openpyxl

from sprint import importing, initiatives
from sprint.importing.repairs import Fixes
from sprint.steps.outcomes import store as metrics
from tests.conftest import TODAY
from tests.unit.test_cli import run

BOTH_STORES = True  # each test on DuckDB and on PostgreSQL (tests/conftest.py)

PORTFOLIO = ("Project,Department,Owner,Stage,Start date\n"
             "Website redesign,Marketing,Sarah Chen,In Progress,2024-01-15\n"
             "Cloud migration,IT,Michelle Clark,Completed,TBC\n"
             "CRM rollout,Sales,Ben Ode,Under review,#N/A\n"
             ",Finance,Nobody,pilot,2024-02-01\n"
             "Data lake,IT,Ana Ruiz,Live,2024-03-01\n")


def _plan(store, data: bytes | str, name: str = "portfolio.csv", **options):
    raw = data.encode() if isinstance(data, str) else data
    return importing.make_plan(store, importing.open_source(raw, name), today=TODAY, **options)


def _book(sheets: dict[str, list[list[object]]], hidden: tuple[str, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
        if title in hidden:
            sheet.sheet_state = "hidden"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_optional_cells_are_left_blank_and_a_nameless_row_is_left_out_each_named_with_its_text(store, facilitator):
    plan = _plan(store, PORTFOLIO)
    assert plan.ok and plan.target.key == "initiatives"
    found = {(r.issue.row, r.issue.column, r.action, r.text) for r in plan.repairs}
    assert (3, "E", "blank", "TBC") in found and (4, "E", "blank", "#N/A") in found
    assert (4, "D", "blank", "Under review") in found  # a stage word we don't know: the default stage
    assert not any(r.issue.row == 5 for r in plan.repairs)  # a row without a name is named after its row
    assert any("Imported what could be read: 3 cells left blank" in n for n in plan.notes)
    importing.commit(store, facilitator, plan, today=TODAY)
    stored = {i.name: (i.stage, i.start_date) for i in initiatives.list_all(store)}
    assert stored["Cloud migration"] == ("production", TODAY)  # 'Completed' read; the blank start is today
    assert stored["CRM rollout"][0] == "pilot"


def test_strict_refuses_on_any_problem_and_writes_nothing(store):
    plan = _plan(store, PORTFOLIO, strict=True)
    assert not plan.ok and {(p.row, p.column) for p in plan.problems} >= {(3, "E"), (4, "E"), (4, "D")}
    assert plan.repairs == []


def test_a_value_map_says_what_a_word_means_and_travels_in_the_mapping(store):
    plan = _plan(store, PORTFOLIO, value_maps={"stage": {"Under review": "limited production"}})
    assert not any(r.issue.column == "D" for r in plan.repairs)
    crm = next(r for r in plan.payload.records if r.values["name"] == "CRM rollout")
    assert crm.values["stage"] == "limited production"
    assert plan.mapping.to_json()["value_maps"] == {"stage": {"under review": "limited production"}}
    wrong = _plan(store, PORTFOLIO, value_maps={"stage": {"Under review": "sideways"}})
    assert any("'sideways' is not a stage" in p.message for p in wrong.problems)


def test_fixes_from_the_preview_are_what_is_stored(store, facilitator):
    plan = _plan(store, PORTFOLIO, fixes=Fixes({(3, "Start date"): "2024-02-20"}, {4}))
    assert any("Your changes in the preview: 1 cell corrected, 1 row left out" in n for n in plan.notes)
    names = [r.values["name"] for r in plan.payload.records]
    assert "CRM rollout" not in names
    cloud = next(r for r in plan.payload.records if r.values["name"] == "Cloud migration")
    assert cloud.values["start_date"].isoformat() == "2024-02-20"
    importing.commit(store, facilitator, plan, today=TODAY)
    entry = json.loads(store.fetch_one("SELECT after_json FROM audit_log WHERE entity = 'import'")[0])
    assert entry["left_out_in_preview"] == [4] and entry["corrected_in_preview"] == ["row 3, Start date: '2024-02-20'"]


def test_the_command_line_imports_what_it_can_and_names_each_repair(tmp_path):
    path = tmp_path / "portfolio.csv"
    path.write_text(PORTFOLIO)
    db = str(tmp_path / "s.duckdb")
    result = run("import", str(path), "--db", db)
    assert result.returncode == 0, result.stderr
    assert "repaired: sheet 'portfolio', row 3, column E (Start date) ('TBC'): left blank" in result.stdout
    strict = run("import", str(path), "--db", str(tmp_path / "t.duckdb"), "--strict")
    assert strict.returncode == 1 and "nothing was imported" in strict.stderr
    mapped = run("import", str(path), "--db", str(tmp_path / "u.duckdb"), "--map-value",
                 "stage:Under review=paused", "--dry-run")
    assert mapped.returncode == 0 and "'Under review'" not in mapped.stdout


def test_a_sheet_named_after_what_it_holds_wins_and_a_hidden_template_loses(store):
    risks_rows = [["Risk", "Likelihood", "Impact", "Owner"], ["Server down", 2, 5, "IT"], ["Key person leaves", 3, 3, "HR"]]
    template = [["Risk", "Likelihood", "Impact", "Owner"], *[["#REF!", "#REF!", "#REF!", "#N/A"]] * 30]
    lookup = [["Level", "Score"], ["low", 1], ["medium", 2], ["high", 3], ["very high", 4]]
    data = _book({"Lookups": lookup, "Template": template, "Risks": risks_rows}, hidden=("Template",))
    plan = _plan(store, data, "register.xlsx", new_initiative="P")
    assert plan.sheet == "Risks" and plan.target.key == "risks" and plan.ok
    assert [r.values["title"] for r in plan.payload.records] == ["Server down", "Key person leaves"]


def test_stacked_tables_are_found_apart_and_one_is_chosen_by_number(store):
    rows = [["Risks"], ["Risk", "Likelihood", "Impact"], ["Server down", 2, 5], ["Vendor late", 4, 2], [],
            ["Features"], ["Feature", "$ per month", "Hours per week"], ["Auto-route", 1200, 3],
            ["Summaries", 800, 2], ["Search", 300, 1]]
    data = _book({"Plan": rows})
    best = _plan(store, data, "plan.xlsx", new_initiative="P")
    assert best.target.key == "features" and len(best.table.rows) == 3  # the better fit, never both as one
    assert any("Also found: sheet 'Plan' (table at rows 2-4) as Step 4 risk register, 2 rows" in n
               for n in best.notes)
    first = _plan(store, data, "plan.xlsx", new_initiative="P", table_number=1)
    assert first.target.key == "risks" and [r.values["title"] for r in first.payload.records] == [
        "Server down", "Vendor late"]


def test_headers_in_other_languages_with_explanations_and_slips(store):
    german = "Nr.;Risikobeschreibung;Eintrittswahrscheinlichkeit;Auswirkung;Verantwortlich;Status\n" \
             "R1;Server fällt aus;20%;90%;IT;offen\nR2;Lieferant zu spät;60%;30%;Einkauf;geschlossen\n"
    plan = _plan(store, german, "risiken.csv", new_initiative="P")
    assert plan.target.key == "risks" and plan.ok
    first = plan.payload.records[0].values
    assert (first["title"], first["owner"], first["status"]) == ("Server fällt aus", "IT", "open")
    assert plan.payload.records[1].values["status"] == "closed"
    explained = _book({"Sheet1": [["Activity\nwhat the person does", "Personnel (who)", "Duration (min)"],
                                  ["Rooming", "Nurse", 28], ["Consult", "Anesthesiologist", 20]]})
    steps = _plan(store, explained, "map.xlsx", new_initiative="P")
    assert steps.target.key == "steps" and steps.mapping.columns["activity"].startswith("Activity")
    slip = _plan(store, "Acitivity,Personnel,Duration (min)\nRooming,Nurse,28\nConsult,Doctor,20\n", "m.csv",
                 new_initiative="P")
    assert slip.target.key == "steps" and slip.mapping.columns["activity"] == "Acitivity"


def test_a_values_file_never_redefines_a_metric_in_silence(store, facilitator, pilot):
    draft = metrics.MetricDraft("Cost", "Support", "$/month", "lower", 50.0, 20.0, True)
    metrics.create(store, facilitator, pilot.id, draft)
    values_only = "Department,Metric,Month 1,Month 2\nSupport,Cost,$45,$40\n"
    plan = _plan(store, values_only, "values.csv", initiative_id=pilot.id, department_default="Support")
    assert plan.ok and plan.redefinitions == []
    stored = plan.payload.metrics[0]
    assert (stored.unit, stored.direction) == ("$/month", "lower")
    retarget = "Department,Metric,Baseline,Target,Month 1\nSupport,Cost,50,15,44\n"
    changed = _plan(store, retarget, "retarget.csv", initiative_id=pilot.id)
    assert changed.redefinitions == ["'Cost' (Support): target 20 -> 15"]
    assert any("changes the definition of 1 stored metric" in n for n in changed.notes)


def test_a_new_metric_whose_target_is_above_its_baseline_is_higher_is_better(store, pilot):
    plan = _plan(store, "Department,Metric,Baseline,Target,Month 1\nSales,Conversion,12,20,13\n", "k.csv",
                 initiative_id=pilot.id)
    assert plan.payload.metrics[0].direction == "higher"


def test_a_blank_row_inside_a_table_of_words_does_not_split_it(store):
    rows = [["Feature", "Notes", "Effort"], ["Auto-route", "From the shadow session", "low"],
            ["Summaries", "Asked by agents", "medium"], [], ["Search history", "Nice to have later", "high"],
            ["Export to PDF", "Sponsors asked", "low"]]
    plan = _plan(store, _book({"Backlog": rows}), "backlog.xlsx", new_initiative="P")
    assert plan.target.key == "features"
    assert [r.values["name"] for r in plan.payload.records] == ["Auto-route", "Summaries", "Search history",
                                                                 "Export to PDF"]
