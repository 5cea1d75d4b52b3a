"""House rules that keep the code livable, checked mechanically."""

from __future__ import annotations

import pkgutil
import re
import subprocess
import sys

import pytest

import sprint
from tests.conftest import ROOT


def _domain_modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages(sprint.__path__, "sprint.")]
    return sorted(m for m in found if not m.startswith("sprint.ui") and m != "sprint.__main__")


def test_the_domain_package_never_imports_streamlit():
    modules = _domain_modules()
    assert "sprint.store" in modules and "sprint.charts" in modules
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = sorted(k for k in sys.modules if k == 'streamlit' or k.startswith('streamlit.'))\n"
            "print(','.join(bad))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"streamlit imported by the domain package: {result.stdout}"


def test_there_is_no_legacy_pages_folder():
    # A `pages/` folder beside app.py puts Streamlit in its legacy multipage mode until the first
    # st.navigation call of the process: a bookmarked page URL then shows "Page not found" after a restart.
    assert not (ROOT / "pages").exists()


def test_page_scripts_hand_streamlit_no_functions_of_their_own():
    """A function defined in a page script (a format_func lambda) keeps the page's globals alive as long as its
    widget lives: an uploaded 20 MB file and its preview stayed in memory after the file was removed (#32
    defect 6). Pages pass a dict's lookup, or a function from sprint.ui, instead."""
    import ast

    kept = ("format_func", "on_change", "on_click")
    found = []
    for page in sorted((ROOT / "app_pages").glob("*.py")):
        tree = ast.parse(page.read_text(encoding="utf-8"))
        own = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.Lambda) and hasattr(n, "name")}
        for node in ast.walk(tree):
            if isinstance(node, ast.keyword) and node.arg in kept and (
                    isinstance(node.value, ast.Lambda) or isinstance(node.value, ast.Name) and node.value.id in own):
                found.append(f"{page.name}:{node.lineno} {node.arg}")
    assert found == []


def test_pages_hold_no_sql():
    sql = re.compile(r"\.execute\(|\.sql\(|duckdb\.connect|\b(SELECT|INSERT INTO|DELETE FROM)\b")
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py"))]:
        assert not sql.search(path.read_text()), f"{path.name} talks to the database; move it into sprint/"


def test_no_html_is_rendered_from_code():
    for path in [ROOT / "app.py", *(ROOT / "app_pages").glob("*.py"), *(ROOT / "sprint").rglob("*.py")]:
        assert "unsafe_allow_html=True" not in path.read_text(), path


def test_the_code_passes_the_linter():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_310_digit_value_is_refused_at_every_way_in(store, facilitator):
    """Monthly entry, a metric's baseline, Step 1's list and an imported file: one parser, one bound, named."""
    import datetime as dt

    from sprint import importing, initiatives
    from sprint.errors import ValidationError
    from sprint.example import build as example
    from sprint.importing.plan import open_source
    from sprint.steps.outcomes import actuals
    from sprint.steps.outcomes import store as metrics
    from sprint.steps.outcomes.store import MetricDraft
    from sprint.steps.scope import store as features
    from sprint.steps.scope.store import RowInput

    huge = "9" * 310
    today = dt.date(2026, 12, 2)
    example.load_example(store, facilitator, today=today)
    invoice = next(i for i in initiatives.list_all(store) if i.name == "Invoice processing")
    cost = next(m for m in metrics.list_metrics(store, invoice.id) if m.name == "Process cost")
    before = store.fetch_one("SELECT count(*) FROM audit_log")[0]
    with pytest.raises(ValidationError, match="too large to be a real figure"):
        actuals.save_month(store, facilitator, invoice, "Finance", 3, {cost.id: huge}, {cost.id: 31.0},
                           today=today)
    with pytest.raises(ValidationError, match="too large to be a real figure"):
        metrics.create(store, facilitator, invoice.id, MetricDraft("Huge", "Finance", "$", "lower", 1e300, 1))
    with pytest.raises(ValidationError, match="baseline"):
        metrics.create(store, facilitator, invoice.id, MetricDraft("Huge", "Finance", "$", "lower", float(huge), 1))
    with pytest.raises(ValidationError, match="too large to be a real figure"):
        features.save_features(store, facilitator, invoice.id, [RowInput(None, {"name": "Huge",
                                                                               "dollars_per_month": huge})], {})
    text = f"Department,Metric,Baseline,Target,Month 1\nFinance,Process cost,45,25,{huge}\n"
    plan = importing.make_plan(store, open_source(text.encode(), "kpis.csv"), initiative_id=invoice.id, today=today,
                               strict=True)
    assert [(p.row, p.column) for p in plan.problems] == [(2, "E")]
    assert "too large to be a real figure" in plan.problems[0].message
    repaired = importing.make_plan(store, open_source(text.encode(), "kpis.csv"), initiative_id=invoice.id,
                                   today=today)  # the value left out of the import, never stored
    assert [(r.issue.row, r.issue.column, r.action) for r in repaired.repairs] == [(2, "E", "blank")]
    assert repaired.payload.actuals.empty
    assert store.fetch_one("SELECT count(*) FROM audit_log")[0] == before  # nothing written anywhere


def _app_scripts() -> list:
    return [*sorted((ROOT / "app_pages").glob("*.py")), ROOT / "app.py"]


def test_no_two_modules_import_each_other_even_through_a_deferred_import():
    """An import moved into a function hides a cycle from Python, not from a reader: every import counts."""
    from tests import import_graph

    assert import_graph.cycles(import_graph.edges(ROOT)) == []


def test_no_private_name_is_used_outside_its_module():
    from tests import import_graph

    uses = import_graph.private_uses(ROOT, extra=_app_scripts())
    assert not uses, [f"{u.module} line {u.line} uses {u.target}.{u.name}" for u in uses]


def test_the_guards_catch_a_planted_cycle_and_a_planted_private_import(tmp_path):
    """The two rules above, tried on a small package with one of each."""
    from tests import import_graph

    package = tmp_path / "sprint"
    (package / "inner").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "inner" / "__init__.py").write_text("")
    (package / "a.py").write_text("from sprint.inner import b\n_SECRET = 1\n")
    (package / "inner" / "b.py").write_text("def later():\n    from sprint import a\n    return a._SECRET\n")
    (package / "c.py").write_text("from sprint.a import _SECRET\nfrom typing import TYPE_CHECKING\n"
                                  "if TYPE_CHECKING:\n    from sprint import d\n")
    (package / "d.py").write_text("from sprint import c\n")  # c imports d only for type checking: no cycle
    assert import_graph.cycles(import_graph.edges(tmp_path)) == [["sprint.a", "sprint.inner.b"]]
    found = {(u.module, u.target, u.name) for u in import_graph.private_uses(tmp_path)}
    assert found == {("sprint.inner.b", "sprint.a", "_SECRET"), ("sprint.c", "sprint.a", "_SECRET")}


def test_every_table_reader_cleans_a_cell_the_same_way():
    """One cleaner (sprint.lists.cell_text) for the Step 1, 3 and 4 tables and the import's sheets: a zero stays
    '0', a cell never filled in is '', spaces and line breaks collapse. No module keeps a `_text` of its own."""
    import ast

    import pandas as pd

    from sprint.lists import cell_text

    assert [cell_text(v) for v in (None, float("nan"), pd.NA, "", "  ", 0, 0.5, "  two\n words ", "Ops")] == \
        ["", "", "", "", "", "0", "0.5", "two words", "Ops"]
    own = [f"{p.relative_to(ROOT)}:{n.lineno}" for p in sorted((ROOT / "sprint").rglob("*.py"))
           for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
           if isinstance(n, ast.FunctionDef) and n.name == "_text"]
    assert not own, own
