"""`python -m sprint`: one line out, exit 0 on success; one line on stderr, exit 1, no traceback on failure."""

from __future__ import annotations

import subprocess
import sys

import duckdb
import pytest

from sprint.schema.migrations import LATEST_VERSION
from tests.conftest import ROOT


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sprint", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=120, env=env)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("init", "demo", "verify-audit"):
        assert command in result.stdout


def test_init_demo_verify(tmp_path):
    db = tmp_path / "new" / "sprint.duckdb"
    first = run("init", "--db", str(db))
    assert first.returncode == 0 and first.stdout.startswith("Created") and db.exists()
    assert run("init", "--db", str(db)).stdout.startswith("Checked")
    demo = run("demo", "--db", str(db))
    assert demo.returncode == 0 and "6 initiatives" in demo.stdout
    again = run("demo", "--db", str(db))
    assert again.returncode == 1 and again.stderr.startswith("error: The example sprint is already here")
    verify = run("verify-audit", "--db", str(db))
    assert verify.returncode == 0 and verify.stdout.startswith("Audit chain intact:")


def test_the_database_can_come_from_the_environment(tmp_path):
    import os

    db = tmp_path / "env.duckdb"
    result = run("init", env={**os.environ, "SPRINT_DB": str(db)})
    assert result.returncode == 0 and db.exists() and str(db) in result.stdout


def test_failures_are_one_line_without_a_traceback(tmp_path):
    newer = tmp_path / "newer.duckdb"
    assert run("init", "--db", str(newer)).returncode == 0
    con = duckdb.connect(str(newer))
    con.execute("INSERT INTO schema_migrations VALUES (?, 'future', now())", [LATEST_VERSION + 1])
    con.close()
    cases = [
        run("init", "--db", str(newer)),
        run("verify-audit", "--db", str(tmp_path / "missing.duckdb")),
        run("init", "--db", str(tmp_path)),  # a folder, not a file
    ]
    for result in cases:
        assert result.returncode == 1, result
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("error: ")
    assert "newer version" in cases[0].stderr
    assert "no database" in cases[1].stderr


def test_an_unknown_command_is_a_usage_error():
    result = run("frobnicate")
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_export_and_restore(tmp_path):
    source, target = tmp_path / "source.duckdb", tmp_path / "target.duckdb"
    assert run("demo", "--db", str(source)).returncode == 0
    out = tmp_path / "all.xlsx"
    exported = run("export", str(out), "--db", str(source))
    assert exported.returncode == 0 and exported.stdout.startswith(f"Wrote {out}: a snapshot of every initiative")
    one = run("export", str(tmp_path / "one.xlsx"), "--initiative", "INVOICE processing", "--db", str(source))
    assert "a snapshot of 'Invoice processing'" in one.stdout
    unsigned_here = run("restore", str(out), "--db", str(target))  # another workspace's key signed it
    assert unsigned_here.returncode == 1 and "restore all.xlsx --not-made-here" in unsigned_here.stderr
    restored = run("restore", str(out), "--not-made-here", "--db", str(target))
    assert restored.returncode == 0 and "history entries, marked as imported and unverified (new)" in restored.stdout
    again = run("restore", str(tmp_path / "one.xlsx"), "--not-made-here", "--db", str(target))
    assert again.returncode == 1 and "Rerun with --replace or --keep-both" in again.stderr
    kept = run("restore", str(tmp_path / "one.xlsx"), "--keep-both", "--not-made-here", "--db", str(target))
    assert "Invoice processing (restored" in kept.stdout
    assert run("verify-audit", "--db", str(target)).returncode == 0


def test_export_and_restore_failures_are_one_line(tmp_path):
    db = tmp_path / "s.duckdb"
    assert run("demo", "--db", str(db)).returncode == 0
    not_a_snapshot = tmp_path / "notes.xlsx"
    not_a_snapshot.write_text("Department,Metric\n")
    cases = [
        (run("export", str(tmp_path / "x.xlsx"), "--initiative", "Nope", "--db", str(db)), "no initiative called"),
        (run("export", str(tmp_path / "missing" / "x.xlsx"), "--db", str(db)), "Can't write"),
        (run("restore", str(tmp_path / "absent.xlsx"), "--db", str(db)), "Can't read"),
        (run("restore", str(not_a_snapshot), "--db", str(db)), "not an Excel snapshot"),
        (run("restore", str(not_a_snapshot), "--replace", "--keep-both", "--db", str(db)), "not allowed with"),
    ]
    for result, words in cases:
        assert result.returncode in (1, 2), result
        assert words in result.stderr and "Traceback" not in result.stderr


HEAVY = ("pandas", "openpyxl", "altair", "duckdb", "numpy", "streamlit")


@pytest.mark.parametrize("argv", [["--help"], ["import", "--help"], ["import", "{pdf}"], ["import", "{missing}"]])
def test_help_and_refusals_answer_without_loading_the_heavy_libraries(argv, tmp_path):
    """`python -m sprint --help` and a refused file must answer at once: nothing heavy is imported for them."""
    pdf = tmp_path / "report.xlsx"
    pdf.write_bytes(b"%PDF-1.4 not a workbook")
    args = [a.format(pdf=pdf, missing=tmp_path / "nope.csv") for a in argv]
    probe = ("import sys\nfrom sprint.cli import main\ntry:\n    main(" + repr(args) + ")\nexcept SystemExit:\n    pass\n"
             "print('LOADED', sorted(m for m in " + repr(HEAVY) + " if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert "LOADED []" in run.stdout, run.stdout + run.stderr
    if argv[0] == "import" and argv[1] != "--help":
        assert run.stderr.startswith("error: ")


def test_the_command_lines_import_targets_are_the_importers():
    from sprint.cli import TARGET_KEYS
    from sprint.importing.targets import BY_KEY

    assert tuple(sorted(BY_KEY)) == TARGET_KEYS


def test_list_and_show_say_what_is_stored_as_text_and_json(tmp_path):
    """Scripts and support see what an import did without opening the app."""
    import json

    db = str(tmp_path / "s.duckdb")
    assert run("list", "--db", db).returncode == 1  # no database there: one line, exit 1
    run("demo", "--db", db)
    listed = json.loads(run("list", "--db", db, "--json").stdout)
    assert len(listed["initiatives"]) == 6
    invoice = next(i for i in listed["initiatives"] if i["name"] == "Invoice processing")
    assert invoice == {"name": "Invoice processing", "department": "Finance", "stage": "limited production",
                       "start": invoice["start"], "owner": "Priya Raman"}
    text = run("list", "--db", db).stdout
    assert text.splitlines()[0].split() == ["Name", "Department", "Stage", "Start", "Owner"]
    assert "Invoice processing" in text and "Priya Raman" in text

    shown = json.loads(run("show", "--db", db, "--initiative", "invoice PROCESSING", "--json").stdout)
    assert set(shown) == {"initiative", "metrics", "features", "risks", "counts"}
    cost = next(m for m in shown["metrics"] if m["name"] == "Process cost")
    assert cost["department"] == "Finance" and cost["unit"] == "$/unit" and cost["direction"] == "lower"
    assert cost["baseline"] == 45 and cost["target"] == 25
    assert cost["values"]["1"] == 38 and cost["values"]["2"] == 34.5 and list(cost["values"]) == ["1", "2", "3"]
    assert any(f["name"] == "Read supplier invoices (PDF and email)" and f["phase"] == "core"
               for f in shown["features"])
    assert shown["counts"]["workflow_steps"] == 5
    text = run("show", "--db", db, "--initiative", "Invoice processing").stdout
    assert "Process cost" in text and "Features (8):" in text and "workflow steps 5" in text
    missing = run("show", "--db", db, "--initiative", "Nope")
    assert missing.returncode == 1 and "There is no initiative called 'Nope'" in missing.stderr
    assert "'list' prints them" in missing.stderr  # six names: the first five and a pointer, not all of them


def test_serve_starts_the_app_with_the_memory_setting_and_passes_streamlit_options_on(tmp_path):
    """The README's first command: `python -m sprint serve` becomes the Streamlit server itself (same process),
    on the port and database given, with Python's objects from the C allocator (sprint.cli.serve says why)."""
    import os

    from tests.servers import free_port, wait_until_up

    port, db = free_port(), tmp_path / "served.duckdb"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONMALLOC", "SPRINT_DB", "SPRINT_DATABASE_URL")}
    proc = subprocess.Popen([sys.executable, "-m", "sprint", "serve", "--db", str(db), "--server.headless", "true",
                             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", proc, "python -m sprint serve")
        environ = dict(item.split("=", 1) for item in
                       open(f"/proc/{proc.pid}/environ").read().split("\0") if "=" in item)  # noqa: SIM115
        assert environ["PYTHONMALLOC"] == "malloc" and environ["SPRINT_DB"] == str(db)
        assert "streamlit" in open(f"/proc/{proc.pid}/cmdline").read()  # noqa: SIM115 (the same process)
    finally:
        proc.terminate()
        proc.wait(30)
