"""`python -m sprint import`: the summary on success, nothing written on a dry run or any error, one line and
exit 1 (no traceback) for each kind of bad input."""

from __future__ import annotations

import json

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


def test_a_success_dashboard_without_departments_goes_to_the_initiatives_department_or_general(tmp_path):
    """The article's Success Dashboard names no department: its metrics go to the initiative's department, or
    'General' when the initiative has none, and the output says so (it used to be refused)."""
    db = tmp_path / "s.duckdb"
    run("init", "--db", str(db))
    first = run("import", str(FILES / "success_template.xlsx"), "--initiative", "Invoices", "--db", str(db))
    assert first.returncode == 0, first.stderr
    assert "go to 'General' (the initiative names no department)" in first.stdout
    con = duckdb.connect(str(db))
    assert {d for (d,) in con.execute("SELECT DISTINCT department FROM metrics").fetchall()} == {"General"}
    con.close()
    inventory = tmp_path / "inventory.csv"
    inventory.write_text("Initiative,Department,Stage\nPayables,Accounts payable,pilot\n", encoding="utf-8")
    assert run("import", str(inventory), "--db", str(db)).returncode == 0
    second = run("import", str(FILES / "success_template.xlsx"), "--initiative", "Payables", "--db", str(db))
    assert second.returncode == 0, second.stderr
    assert "go to Accounts payable (the initiative's department)" in second.stdout
    shown = json.loads(run("show", "--initiative", "Payables", "--json", "--db", str(db)).stdout)
    assert {m["department"] for m in shown["metrics"]} == {"Accounts payable"} and len(shown["metrics"]) == 4


@pytest.mark.parametrize(("name", "args", "message"), [
    ("not_a_spreadsheet.xlsx", [], "named like a workbook but is not one"),
    ("picture.xlsx", [], "is a PNG image"),
    ("empty.xlsx", [], "is empty"),
    ("protected.xlsx", [], "protected with a password"),
    ("numbers_only.csv", [], "no header row"),
    ("bad_cells.xlsx", ["--initiative", "Broken", "--strict"], "3 problems in bad_cells.xlsx"),
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
    result = run("import", str(FILES / "bad_cells.xlsx"), "--initiative", "Broken", "--strict",
                 "--db", str(tmp_path / "s.duckdb"))
    assert "problem: sheet 'KPIs', row 2, column D (Month 1): 'twelve' is not a number" in result.stderr


def test_a_snapshot_is_recognised_and_restored(tmp_path):
    source, target = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    run("demo", "--db", str(source))
    snapshot = tmp_path / "snap.xlsx"
    assert run("export", str(snapshot), "--db", str(source)).returncode == 0
    refused = run("import", str(snapshot), "--db", str(target))  # another database, with a key of its own
    assert refused.returncode == 1 and "restore snap.xlsx --not-made-here" in refused.stderr
    assert counts(target)[0] == 0
    target.unlink()
    key = source.with_name(source.name + ".audit-key")  # moved along with its key: made here
    target.with_name(target.name + ".audit-key").write_bytes(key.read_bytes())
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
    first = run("import", str(bad), "--initiative", "Costs", "--db", db, "--strict")
    assert first.returncode == 1 and first.stderr.count("problem: ") == 10
    assert "14 problems" in first.stderr and "--all-problems lists every one" in first.stderr
    every = run("import", str(bad), "--initiative", "Costs", "--db", db, "--all-problems", "--strict")
    assert every.returncode == 1 and every.stderr.count("problem: ") == 14
    assert "first 10" not in every.stderr


LAYOUTS = FILES / "layouts"


def test_the_command_line_chooses_what_the_page_can(tmp_path):
    """--map (by header or letter), --set, --day-first, --delimiter, --encoding and --no-transpose, each
    changing what is stored the way the page's choices do."""
    db = tmp_path / "s.duckdb"
    run("init", "--db", str(db))
    log = tmp_path / "log.txt"
    log.write_bytes("When|Health|Said\n03/04/2026|g|Go\n05/06/2026|r|Stop\n".encode("cp1252"))
    asked = run("import", str(log), "--initiative", "Claims", "--as", "checkins", "--db", str(db))
    assert asked.returncode == 1 and "could be 3 April 2026 or 4 March 2026" in asked.stderr
    done = run("import", str(log), "--initiative", "Claims", "--as", "checkins", "--map", "held_on=When",
               "--map", "status=B", "--map", "decisions=Said", "--day-first", "--delimiter", "pipe",
               "--encoding", "cp1252", "--set", "attendees=The whole team", "--db", str(db))
    assert done.returncode == 0, done.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT held_on::VARCHAR, status, decisions, attendees FROM checkins ORDER BY held_on"
                       ).fetchall() == [("2026-04-03", "green", "Go", "The whole team"),
                                        ("2026-06-05", "red", "Stop", "The whole team")]
    con.close()
    wrong = run("import", str(log), "--initiative", "Claims", "--as", "checkins", "--map", "held_on=Nowhere",
                "--db", str(db))
    assert wrong.returncode == 1 and "there is no column 'Nowhere'" in wrong.stderr
    unknown = run("import", str(log), "--initiative", "Claims", "--as", "checkins", "--set", "colour=blue",
                  "--db", str(db))
    assert unknown.returncode == 1 and "'colour' is not a field of Step 4 check-ins" in unknown.stderr


def test_a_turned_sheet_is_read_turned_unless_told_not_to(tmp_path):
    db = tmp_path / "s.duckdb"
    run("init", "--db", str(db))
    plain = run("import", str(LAYOUTS / "inventory_turned.xlsx"), "--no-transpose", "--dry-run", "--db", str(db))
    assert "read turned" not in plain.stdout
    turned = run("import", str(LAYOUTS / "inventory_turned.xlsx"), "--db", str(db))
    assert turned.returncode == 0 and "read turned" in turned.stdout
    listed = json.loads(run("list", "--json", "--db", str(db)).stdout)["initiatives"]
    assert sorted(i["name"] for i in listed) == ["Chat assistant", "Claims triage", "Invoice matching"]


def test_a_profile_saved_on_the_command_line_reads_next_months_file(tmp_path):
    db = tmp_path / "s.duckdb"
    run("init", "--db", str(db))
    first = tmp_path / "march.txt"
    first.write_text("When|Health|Said\n03/04/2026|g|Go\n05/06/2026|r|Stop\n", encoding="utf-8")
    done = run("import", str(first), "--initiative", "Claims", "--as", "checkins", "--map", "held_on=When",
               "--day-first", "--set", "attendees=The team", "--save-profile", "Weekly log", "--db", str(db))
    assert done.returncode == 0 and "Saved the import profile 'Weekly log'" in done.stdout, done.stderr
    later = tmp_path / "april.txt"
    later.write_text("When|Health|Said\n07/04/2026|a|Wait\n", encoding="utf-8")
    again = run("import", str(later), "--initiative", "Claims", "--db", str(db))  # found by its columns
    assert again.returncode == 0, again.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT held_on::VARCHAR, status, attendees FROM checkins ORDER BY held_on").fetchall() == [
        ("2026-04-03", "green", "The team"), ("2026-04-07", "amber", "The team"), ("2026-06-05", "red", "The team")]
    con.close()
