"""The layouts of part 2 (tests/files/layouts, built by make_layouts.py with expected results written by hand):
each imports exactly as expected, or is refused with the problem a person must answer; and the pieces behind
them (dates decided per column, delimiters over whole records, turned sheets, values set for every row)."""

from __future__ import annotations

import json

import pytest

from sprint import importing
from sprint.importing import cells
from sprint.importing.layout import find_table, looks_transposed, transpose
from sprint.importing.mapping import Mapping, known_words
from sprint.importing.reading import UnreadableFile, read_book, sniff_delimiter
from tests.conftest import ROOT, TODAY

LAYOUTS = ROOT / "tests" / "files" / "layouts"
EXPECTED = json.loads((LAYOUTS / "expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_each_layout_imports_as_written_by_hand_or_asks(case, store, facilitator):
    want = EXPECTED[case]
    name = case.split(" ")[0]
    source = importing.open_source((LAYOUTS / name).read_bytes(), name)
    plan = importing.make_plan(store, source, new_initiative="Layouts", today=TODAY, **want.get("options", {}))
    assert plan.target.key == want["target"]
    for text in want.get("problems", []):
        assert any(text in p.message for p in plan.problems), [str(p) for p in plan.problems]
    if "problem_count" in want:
        assert len(plan.problems) == want["problem_count"], [str(p) for p in plan.problems]
    if "problems" in want:
        return
    assert plan.ok, [str(p) for p in plan.problems]
    for text in want.get("notes", []):
        assert any(text in n for n in plan.notes), plan.notes
    assert sum(c.new for c in plan.counts.values()) >= want["rows"]
    importing.commit(store, facilitator, plan, today=TODAY)
    stored = want["stored"]
    got = sorted(str(v) for (v,) in store.fetch_all(
        f"SELECT {stored['column']} FROM {stored['table']} WHERE {stored['column']} IS NOT NULL"))  # noqa: S608
    assert got == sorted(stored["values"])


def test_dates_are_decided_per_column_from_the_evidence():
    assert cells.dates(["06-15-2023", "07-01-2023"])[0][1].isoformat() == "2023-07-01"  # never 7 January
    assert cells.dates(["13/04/2026", "03/04/2026"])[0][1].isoformat() == "2026-04-03"  # day first, told by 13
    values, problems = cells.dates(["13/04/2026", "04/13/2026"])
    assert values == [None, None] and len(problems) == 1 and "day first ('13/04/2026')" in problems[0].message
    values, problems = cells.dates(["13/04/2026", "04/13/2026"], "day")
    assert values[0].isoformat() == "2026-04-13" and "'04/13/2026' is not a date written day first" in \
        problems[0].message


@pytest.mark.parametrize(("value", "words"), [
    (45123.0, "as an Excel day number it would be 2023-07-16"),
    ("45123", "is a number, not a date"),
    ("1899-05-01", "outside 1990-2100"),
    ("01/02/2150", "outside 1990-2100"),
    ("31/02/2026", "is not a date we can read"),
])
def test_numbers_and_far_years_in_a_date_column_are_problems_never_dates(value, words):
    values, problems = cells.dates([value])
    assert values == [None] and words in problems[0].message


def test_the_delimiter_is_judged_over_records_not_lines():
    note = "\n".join(["one; two; three"] * 6)
    text = f'Feature,Value,Notes\n"Triage",1200,"{note}"\n"Summaries",800,"{note}"\n'
    assert sniff_delimiter(text) == ","


def test_delimiter_and_encoding_can_be_given():
    data = "Feature|Notes\nRésumé screening|für HR\n".encode("cp1252")
    book = read_book(data, "f.txt", delimiter="|", encoding="cp1252")
    assert book.grid().rows[1] == ["Résumé screening", "für HR"]
    with pytest.raises(UnreadableFile, match="not an encoding"):
        read_book(data, "f.txt", encoding="klingon")


def test_a_turned_sheet_is_detected_and_its_problems_name_the_real_cells(store):
    grid = read_book((LAYOUTS / "inventory_turned.xlsx").read_bytes(), "t.xlsx").grid()
    assert looks_transposed(grid, known_words())
    assert not looks_transposed(transpose(grid), known_words())  # the same table the usual way round
    table = find_table(transpose(grid), known_words())
    assert table.columns[:3] == ["Initiative", "Department", "Owner"] and len(table.rows) == 3
    turned = "Initiative,Invoice matching,Claims triage\nDepartment,Finance,Operations\nStage,pilot,wobbly\n" \
             "Start date,2026-02-02,2026-13-45\n"
    plan = importing.make_plan(store, importing.open_source(turned.encode(), "turned.csv"), today=TODAY)
    assert any("read turned" in n for n in plan.notes)
    # each problem names the cell as the person sees the sheet (the record's column, the field's row) and,
    # optional fields both, is left blank rather than refusing the sheet: the stage takes its default
    assert plan.problems == []
    assert sorted((r.issue.row, r.issue.column, r.issue.header, r.action, r.text) for r in plan.repairs) == [
        (3, "C", "Stage", "blank", "wobbly"), (4, "C", "Start date", "blank", "2026-13-45")]
    claims = next(r for r in plan.payload.records if r.values["name"] == "Claims triage")
    assert claims.values["stage"] == "pilot" and claims.values["start_date"] == TODAY
    strict = importing.make_plan(store, importing.open_source(turned.encode(), "turned.csv"), today=TODAY,
                                 strict=True)
    assert sorted((p.row, p.column, p.header) for p in strict.problems) == [(3, "C", "Stage"), (4, "C", "Start date")]


def test_values_set_for_every_row_and_the_date_order_travel_with_a_profile():
    mapping = Mapping("checkins", {"held_on": "Date", "status": None}, date_order="month",
                      constants={"status": "green"})
    again = Mapping.from_json(mapping.to_json(), ["Date", "Notes"])
    assert again.date_order == "month" and again.constants == {"status": "green"}


def test_a_backlog_ranked_by_its_own_score_is_cut_by_it(store, facilitator):
    """A RICE backlog has scores and no dollar figures: its features keep their scores, the ranking follows them,
    and a cut after the top one keeps the highest-scored feature as the core."""
    from sprint import initiatives
    from sprint.steps.scope import rules as scope
    from sprint.steps.scope import store as features

    data = (LAYOUTS / "backlog_unheaded_names.xlsx").read_bytes()
    plan = importing.make_plan(store, importing.open_source(data, "b.xlsx"), new_initiative="Payables", today=TODAY)
    result = importing.commit(store, facilitator, plan, today=TODAY)
    initiative = initiatives.get(store, result.initiative_id)
    items = features.list_features(store, initiative.id)
    ranked = scope.rank([f.candidate() for f in items], initiative.hourly_rate)
    assert [r.candidate.name for r in ranked] == ["Flag duplicate payments", "Auto-route invoices by supplier",
                                                  "Summarise disputes for agents"]
    assert "ordered by their own score" in ranked[0].tie_note
    features.apply_cut(store, facilitator, initiative, 1)
    core = [f.name for f in features.list_features(store, initiative.id) if f.phase == features.CORE]
    assert core == ["Flag duplicate payments"]


def test_only_a_monthly_table_of_numbers_is_read_as_one_metric_per_sheet(store):
    from sprint.importing import metric_sheets

    def book_of(text: str):
        return importing.open_source(text.encode(), "log.csv").book

    glide = "Month,Current Actuals,YTD\nJan 2026,12,12\nFeb 2026,10,22\nMar 2026,9,31\n"
    assert metric_sheets.detect(book_of(glide)) is not None
    words = "Month,Status,Result\nJan 2026,green,Go live agreed\nFeb 2026,amber,Waiting on data\n"
    assert metric_sheets.detect(book_of(words)) is None  # results in words: a log, not a metric
    repeated = "Month,Value\nJan 2026,3\nJan 2026,4\nJan 2026,5\nFeb 2026,1\nFeb 2026,2\n"
    assert metric_sheets.detect(book_of(repeated)) is None  # several rows a month: events, not a glide path
    named = "Metric,Month,Value\nCost,Jan 2026,3\nCost,Feb 2026,4\n"
    assert metric_sheets.detect(book_of(named)) is None  # metrics named in a column: a long log


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _scrum_backlog(title: str, stories: list[str]) -> list[list[object]]:
    """A Scrum template: a title, a summary row under the header, banner rows closing each sprint, a total."""
    rows: list[list[object]] = [[None, None, title], [], ["Story ID", "Request by", "Description", 1, 2, 3],
                                [None, None, None, 120, 80, 0]]  # the effort left after each sprint, summed
    for n, story in enumerate(stories, start=1):
        rows.append([n, "Product Owner", story, 10 * n, 5, 0])
        if n % 3 == 0:
            rows.append([f"Sprint {n // 3}", None, f"Goal of sprint {n // 3}"])
    rows.append([None, None, "Effort in the whole backlog", 450, 200, 0])
    return rows


STORIES = ["Post an article", "Comment on a post", "Search the archive", "Manage user accounts",
           "Moderate comments", "Export posts to PDF", "Translate the interface"]


def test_a_backlog_known_by_its_title_comes_in_without_its_banners_and_summaries(store, facilitator):
    """Only its Description column is a field we know, but the title over it says 'Product Backlog': the stories
    come in, each sprint's banner row and the summary rows above and below the numbered stories are left out,
    and the notes name every one of them. The template's worked example on the sheet beside it loses."""
    from sprint import initiatives
    from sprint.steps.scope import store as features

    data = _workbook({"Example": _scrum_backlog("Weather app Product Backlog", [f"Example story {i}" for i in range(12)]),
                      "Team PB": _scrum_backlog("Blog Product Backlog", STORIES)})
    plan = importing.make_plan(store, importing.open_source(data, "pb.xlsx"), new_initiative="Blog", today=TODAY)
    assert plan.ok, [str(p) for p in plan.problems]
    assert plan.target.key == "features" and plan.sheet == "Team PB"
    notes = " ".join(plan.notes)
    assert "a banner closing a group ('Sprint 1')" in notes and "a summary, not a record" in notes
    result = importing.commit(store, facilitator, plan, today=TODAY)
    stored = [f.name for f in features.list_features(store, initiatives.get(store, result.initiative_id).id)]
    assert sorted(stored) == sorted(STORIES)


def test_a_list_of_steps_whose_text_column_has_no_header_is_a_workflow(store, facilitator):
    """The first phase's name sits where the header would be ('**Intake**' over the steps), numbered group rows
    carry no role, lettered steps carry who does them: the steps are what happens, the group rows are labels."""
    from sprint import initiatives
    from sprint.steps.workflow import store as workflow_store

    lines = ["**Intake**,User"]
    for g, group in enumerate(["Log the request", "Check the paperwork"], start=1):
        lines.append(f"{g}. {group},")
        lines += [f"{letter}. {group} step {letter} for the customer,{role}"
                  for letter, role in zip("abc", ["Office", "Administration", "Project Manager"], strict=True)]
    lines += ["**Delivery**,", "3. Deliver the work,", "a. Schedule the crew for the job,Field Director"]
    source = importing.open_source("\n".join(lines).encode(), "workflow.csv")
    plan = importing.make_plan(store, source, new_initiative="Jobs", today=TODAY)
    assert plan.ok, [str(p) for p in plan.problems]
    assert plan.target.key == "steps"
    result = importing.commit(store, facilitator, plan, today=TODAY)
    steps = workflow_store.list_steps(store, initiatives.get(store, result.initiative_id).id)
    assert len(steps) == 7 and steps[0].activity == "a. Log the request step a for the customer"
    assert [s.actor for s in steps[:3]] == ["Office", "Administration", "Project Manager"]


MONTHS_DOWN = ("Month,Revenue ($),Active customers,Comment\nJan 2026,1200,40,launch\nFeb 2026,1350,44,\n"
               "Mar 2026,1500,51,price change\nApr 2026,1480,55,\n")


def test_a_tracker_of_one_row_per_month_reads_each_column_as_a_metric(store, facilitator):
    from sprint import initiatives
    from sprint.steps.outcomes import store as metrics

    plan = importing.make_plan(store, importing.open_source(MONTHS_DOWN.encode(), "tracker.csv"),
                               new_initiative="Sales", today=TODAY)
    assert plan.ok and plan.target.key == "metrics_wide", [str(p) for p in plan.problems]
    assert any("one row per month and one column per metric" in n for n in plan.notes)
    result = importing.commit(store, facilitator, plan, today=TODAY)
    stored = metrics.list_metrics(store, initiatives.get(store, result.initiative_id).id)
    assert sorted(m.name for m in stored) == ["Active customers", "Revenue"]  # the comments are no metric


def test_a_metrics_start_and_goal_beside_its_monthly_table_are_read(store, facilitator):
    """The labelled block sits to the right of the table, not over it: its baseline, goal and unit are the
    metric's, and a goal below the start makes lower better."""
    from sprint import initiatives
    from sprint.steps.outcomes import store as metrics

    data = _workbook({"Call wait": [["Month", "Actual", "Target", None, "Baseline", 300],
                                    ["Jan 2026", 290, 280, None, "Goal", 120],
                                    ["Feb 2026", 250, 240, None, "Unit", "seconds"],
                                    ["Mar 2026", 210, 200], ["Apr 2026", 180, 170]]})
    plan = importing.make_plan(store, importing.open_source(data, "wait.xlsx"), new_initiative="Calls", today=TODAY)
    assert plan.ok, [str(p) for p in plan.problems]
    result = importing.commit(store, facilitator, plan, today=TODAY)
    (metric,) = metrics.list_metrics(store, initiatives.get(store, result.initiative_id).id)
    assert (metric.name, metric.unit, metric.baseline, metric.target, metric.direction) == \
        ("Call wait", "seconds", 300.0, 120.0, "lower")
