"""A target is guessed only on evidence: headers and values. A RACI matrix is named, never imported as
initiatives; an inventory needs more than a name; a column of letter codes is not a department."""

from __future__ import annotations

import datetime as dt

from sprint import importing, initiatives
from sprint.importing import evidence, sheets
from sprint.importing.layout import find_table
from sprint.importing.mapping import known_words
from sprint.importing.reading import read_book

TODAY = dt.date(2026, 12, 2)


def _csv(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode()


RACI = _csv(["Project Activity,Product Manager,Engineering Lead,Designer,QA,Sponsor",
             *[f"Task {n},R,A,C,I,{'R/A' if n % 2 else 'I'}" for n in range(1, 20)]])


def _table(data: bytes, name: str):
    return find_table(read_book(data, name).grid(), known_words())


def test_a_raci_matrix_is_named_and_refused_with_what_it_could_become(store):
    guessed = evidence.guess(_table(RACI, "raci.csv"))
    assert guessed.mapping is None
    assert "a table of 19 rows with columns Project Activity, Product Manager" in guessed.refusal
    assert "looks like a RACI matrix" in guessed.refusal and "which Production Sprint does not store" in guessed.refusal
    assert "Step 1 features or scenarios (needs Feature)" in guessed.refusal
    plan = importing.make_plan(store, importing.open_source(RACI, "raci.csv"), today=TODAY)
    assert not plan.ok and len(plan.problems) == 1  # one message, no contradictory problems of other targets
    assert initiatives.list_all(store) == []


def test_an_inventory_needs_more_than_a_name_and_codes_are_not_departments(store):
    codes = _csv(["Use case name,Department", *[f"Case {n},{'AB'[n % 2]}" for n in range(12)]])
    guessed = evidence.guess(_table(codes, "codes.csv"))
    assert guessed.mapping is None and "'Department' holds one-letter codes, not a department" in guessed.refusal
    real = _csv(["Use case name,Agency,Stage", *[f"Case {n},{('HR', 'IT', 'VA')[n % 3]},Pilot" for n in range(12)]])
    guessed = evidence.guess(_table(real, "real.csv"))  # two-letter departments are real ones
    assert guessed.mapping is not None and guessed.mapping.target == "initiatives"
    assert guessed.mapping.columns["department"] == "Agency"


def test_the_command_line_refuses_a_raci_matrix_with_exit_1(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    path = tmp_path / "raci.csv"
    path.write_bytes(RACI)
    run = subprocess.run([sys.executable, "-m", "sprint", "import", str(path), "--db", str(tmp_path / "t.duckdb")],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "looks like a RACI matrix" in run.stdout + run.stderr


def _status_workbook() -> bytes:
    """A project-status workbook: a dashboard sheet first (labels scattered around charts), then the table."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    board = wb.active
    board.title = "Dashboard"
    for cell, text in (("B2", "Project status"), ("B4", "Burndown Chart"), ("H4", "Activity"), ("B20", "Owner"),
                       ("H20", "On track")):
        board[cell] = text
    tasks = wb.create_sheet("Tasks")
    tasks.append(["Feature", "$ per month", "Hours per week", "Effort"])
    for n in range(15):
        tasks.append([f"Feature {n}", 1000 + n * 100, 5 + n, "M"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_a_dashboard_sheet_is_skipped_and_the_best_table_wins_saying_why(store):
    data = _status_workbook()
    choice = sheets.pick_sheet(read_book(data, "status.xlsx"))
    assert choice.sheet == "Tasks"
    assert "'Dashboard' (a dashboard: scattered labels around mostly empty cells, not a table)" in " ".join(choice.notes)
    plan = importing.make_plan(store, importing.open_source(data, "status.xlsx"), new_initiative="Pilot", today=TODAY)
    assert plan.ok and plan.sheet == "Tasks" and plan.target.key == "features"
    assert any("Read sheet 'Tasks'" in note for note in plan.notes)
    assert "Burndown Chart" not in {str(v) for r in plan.table.rows for v in r.cells}


def test_a_risk_register_becomes_risks_and_an_inventory_with_an_impact_column_is_still_an_inventory(store):
    register = _csv(["Risk,Probability,Impact,Owner,Status",
                     *[f"Risk {n},High,Medium,Ana,{('Active', 'Closed')[n % 2]}" for n in range(8)]])
    guessed = evidence.guess(_table(register, "risks.csv"))
    assert guessed.mapping is not None and guessed.mapping.target == "risks"
    assert (guessed.mapping.columns["likelihood"], guessed.mapping.columns["impact"]) == ("Probability", "Impact")
    named = _csv(["Risk,Owner,Status", *[f"Risk {n},Ana,Active" for n in range(8)]])  # no rating at all
    guessed = evidence.guess(_table(named, "named.csv"))
    assert guessed.mapping is None and "a risk register says how likely and how bad" in guessed.refusal
    inventory = _csv(["Use Case Name,Agency,Stage of Development,Is the AI use case rights-impacting?",
                      *[f"Case {n},DOE,Pilot,No" for n in range(8)]])
    guessed = evidence.guess(_table(inventory, "inventory.csv"))
    assert guessed.mapping is not None and guessed.mapping.target == "initiatives"


def test_a_choice_column_of_other_words_is_not_a_fit_and_a_cell_gets_one_problem(store):
    statuses = _csv(["Obligation,Status", *[f"{o},Active" for o in ("tx-552-prohibitions", "roadmap-audits")]])
    plan = importing.make_plan(store, importing.open_source(statuses, "s.csv"), target="compliance",
                               new_initiative="P", today=TODAY, strict=True)
    cells = [(p.row, p.column) for p in plan.problems]
    assert len(cells) == len(set(cells)) == 2  # "'Active' is not one of ..." only, never also "Status is blank"
    assert all("is not one of" in p.message for p in plan.problems)
