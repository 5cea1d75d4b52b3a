"""`python -m sprint import`: the summary on success, nothing written on a dry run or any error, one line and
exit 1 (no traceback) for each kind of bad input."""

from __future__ import annotations

import duckdb
import pytest

from tests.conftest import ROOT
from tests.unit.test_cli import run

FILES = ROOT / "tests" / "files"


def counts(db) -> tuple[int, int, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608 - fixed names
                     for t in ("initiatives", "metric_actuals", "audit_log"))
    finally:
        con.close()


def test_import_creates_the_initiative_from_the_files_first_month(tmp_path):
    db = tmp_path / "s.duckdb"
    done = run("import", str(FILES / "kpi_dashboard.xlsx"), "--initiative", "Customer operations", "--db", str(db))
    assert done.returncode == 0, done.stderr
    assert "metrics 5 new" in done.stdout and "monthly values 14 new" in done.stdout
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT name, start_date::VARCHAR FROM initiatives").fetchall() == [
        ("Customer operations", "2026-01-01")]
    con.close()
    again = run("import", str(FILES / "kpi_dashboard.xlsx"), "--initiative", "customer operations", "--db", str(db))
    assert again.returncode == 0 and "nothing changed" in again.stdout


def test_dry_run_prints_the_preview_and_writes_nothing(tmp_path):
    db = tmp_path / "s.duckdb"
    run("init", "--db", str(db))
    dry = run("import", str(FILES / "success_template.xlsx"), "--initiative", "Invoices", "--department", "Finance",
              "--dry-run", "--db", str(db))
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.strip().splitlines()[-1].startswith("Dry run, nothing written.")
    assert "metrics: 4 new" in dry.stdout
    assert counts(db) == (0, 0, 0)


@pytest.mark.parametrize(("name", "args", "message"), [
    ("not_a_spreadsheet.xlsx", [], "named like a workbook but is not one"),
    ("picture.xlsx", [], "is a PNG image"),
    ("empty.xlsx", [], "is empty"),
    ("protected.xlsx", [], "protected with a password"),
    ("numbers_only.csv", [], "no header row"),
    ("bad_cells.xlsx", ["--initiative", "Broken"], "3 problems in bad_cells.xlsx"),
    ("success_template.xlsx", ["--initiative", "Invoices"], "4 problems"),  # no department given
    ("kpi_dashboard.xlsx", ["--sheet", "Nope"], "has no sheet called 'Nope'"),
    ("kpi_dashboard.xlsx", ["--profile", "Nope"], "no import profile called 'Nope'"),
    ("missing.xlsx", [], "Can't read"),
])
def test_each_bad_input_is_one_line_and_nothing_written(tmp_path, name, args, message):
    db = tmp_path / "s.duckdb"
    run("init", "--db", str(db))
    result = run("import", str(FILES / name), *args, "--db", str(db))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and message in last, result.stderr
    assert counts(db) == (0, 0, 0)


def test_problems_are_listed_with_sheet_row_and_column(tmp_path):
    result = run("import", str(FILES / "bad_cells.xlsx"), "--initiative", "Broken", "--db", str(tmp_path / "s.duckdb"))
    assert "problem: sheet 'KPIs', row 2, column D (Month 1): 'twelve' is not a number" in result.stderr


def test_a_snapshot_is_recognised_and_restored(tmp_path):
    source, target = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    run("demo", "--db", str(source))
    snapshot = tmp_path / "snap.xlsx"
    assert run("export", str(snapshot), "--db", str(source)).returncode == 0
    result = run("import", str(snapshot), "--db", str(target))
    assert result.returncode == 0, result.stderr
    assert "is a Production Sprint snapshot" in result.stdout and "Restored" in result.stdout
    assert counts(target)[0] == 6


def test_all_problems_lists_every_one_not_just_the_first_ten(tmp_path):
    """411 problems used to be 10 lines and a count; --all-problems prints each."""
    rows = "\n".join(f"Finance,Cost {n},$/unit,45,25,lots" for n in range(14))
    bad = tmp_path / "bad.csv"
    bad.write_text("Department,Metric,Unit,Baseline,Target,Month 1\n" + rows + "\n")
    db = str(tmp_path / "s.duckdb")
    first = run("import", str(bad), "--initiative", "Costs", "--db", db)
    assert first.returncode == 1 and first.stderr.count("problem: ") == 10
    assert "14 problems" in first.stderr and "--all-problems lists every one" in first.stderr
    every = run("import", str(bad), "--initiative", "Costs", "--db", db, "--all-problems")
    assert every.returncode == 1 and every.stderr.count("problem: ") == 14
    assert "first 10" not in every.stderr
