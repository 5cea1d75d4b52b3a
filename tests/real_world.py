"""Run the real public spreadsheets of ../shared/real-world/dev through the command line as a new user would (no
flags) and grade what was stored against dev/expected.json, in the check vocabulary the product is graded with.

    python -m tests.real_world [FILE ...]     # prints a line per file and the figure for the README

A file is *right* when every check holds, *partial* when only checks marked minor fail, *wrong* when it exits 0
with something a check says it must not hold (or without what it must), and *refused* when it exits non-zero
though it should import."""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "real-world" / "dev"


@dataclass
class Outcome:
    file: str
    kind: str
    exit_code: int
    verdict: str  # right, partial, wrong, refused (should import), refused-ok, imported-wrongly
    failures: list[str] = field(default_factory=list)
    output: str = ""


def _cli(args: list[str]) -> tuple[int, str]:
    from sprint.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(args)
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, out.getvalue() + err.getvalue()


def _stored(db: Path) -> dict:
    code, text = _cli(["list", "--json", "--db", str(db)]) if db.exists() else (1, "")
    listed = json.loads(text)["initiatives"] if code == 0 else []
    shown = {"metrics": [], "features": [], "risks": [], "counts": {}}
    if any(i["name"] == "Test" for i in listed):
        code, text = _cli(["show", "--initiative", "Test", "--json", "--db", str(db)])
        if code == 0:
            shown = json.loads(text)
    return {"initiatives": [i for i in listed if i["name"] != "Test"], "metrics": shown["metrics"],
            "features": shown["features"], "risks": shown["risks"], "counts": shown["counts"]}


def _items(stored: dict, of: str) -> list[dict]:
    return stored[of] if of in ("initiatives", "metrics", "features", "risks") else []


def _count(stored: dict, of: str) -> int:
    if of in ("initiatives", "metrics", "features", "risks"):
        return len(stored[of])
    return int(stored["counts"].get(of, 0))


def _name(item: dict) -> str:
    return " ".join(str(item.get(k) or "") for k in ("name", "title", "ref"))


def _equal(found: object, wanted: object) -> bool:
    if isinstance(wanted, list):
        return any(_equal(found, w) for w in wanted)
    if isinstance(wanted, int | float) and isinstance(found, int | float):
        return abs(float(found) - float(wanted)) < 1e-6
    return str(found) == str(wanted)


def check(stored: dict, exit_code: int, c: dict) -> str | None:
    """None when the check holds, else what failed."""
    kind = c["check"]
    if kind == "exit":
        return None if (exit_code == 0) == c["ok"] else f"exit {exit_code}"
    if kind == "nothing_stored":
        total = len(stored["initiatives"]) + sum(_count(stored, k) for k in ("metrics", "features", "risks")) + \
            sum(int(v) for v in stored["counts"].values())
        return None if total == 0 else f"{total} records stored"
    of = c.get("of", "")
    if kind == "count":
        n = _count(stored, of)
        ok = ("eq" not in c or n == c["eq"]) and ("min" not in c or n >= c["min"]) and ("max" not in c or n <= c["max"])
        return None if ok else f"{of}: {n}"
    items = _items(stored, of)
    if "equals" in c:
        matches = [i for i in items if str(i.get("name") or i.get("title") or "").strip() == c["equals"]]
    elif "match" in c:
        matches = [i for i in items if c["match"].casefold() in _name(i).casefold()]
    else:
        matches = items
    if kind == "has":
        for item in matches:
            if all(_equal(item.get(k), v) for k, v in c.get("fields", {}).items()):
                return None
        if not matches:
            return f"no {of} matching {c.get('match')!r}"
        return f"{c['match']!r}: " + json.dumps({k: matches[0].get(k) for k in c.get("fields", {})}, ensure_ascii=False)
    if kind == "none":
        return None if not matches else f"{of} has {_name(matches[0])[:60]!r}"
    if kind == "count_where":
        n = sum(1 for i in items if _equal(i.get(c["field"]), c["value"]))
        return None if n == c["eq"] else f"{c['field']}={c['value']}: {n}"
    if kind == "top":
        ranked = sorted(items, key=lambda i: -(i.get(c["by"]) or 0))
        return None if ranked and c["match"].casefold() in _name(ranked[0]).casefold() else "not on top"
    return f"unknown check {kind}"


def run_one(entry: dict, folder: Path = DEV) -> Outcome:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "x.duckdb"
        code, output = _cli(["import", str(folder / entry["file"]), "--initiative", "Test", "--db", str(db)])
        stored = _stored(db)
    failures, minor = [], []
    for c in entry["checks"]:
        failed = check(stored, code, c)
        if failed:
            (minor if c.get("minor") else failures).append(f"{c['check']} {c.get('match') or c.get('of') or ''}: "
                                                           f"{failed}")
    if entry["kind"] == "refuse":
        verdict = "refused-ok" if not failures else "imported-wrongly"
    elif code != 0:
        verdict = "refused"
    else:
        verdict = "wrong" if failures else "partial" if minor else "right"
    return Outcome(entry["file"], entry["kind"], code, verdict, failures + minor, output)


def expected(folder: Path = DEV) -> list[dict]:
    return json.loads((folder / "expected.json").read_text())


def main(argv: list[str]) -> int:
    outcomes = [run_one(e) for e in expected() if not argv or e["file"] in argv]
    for o in outcomes:
        print(f"{o.verdict:16} exit {o.exit_code}  {o.file} ({o.kind})")
        for f in o.failures:
            print(f"{'':22}{f}")
    importable = [o for o in outcomes if o.kind != "refuse"]
    refusals = [o for o in outcomes if o.kind == "refuse"]
    right = sum(o.verdict == "right" for o in importable)
    partial = sum(o.verdict == "partial" for o in importable)
    wrong = sum(o.verdict == "wrong" for o in importable)
    print(f"\n{right} of {len(importable)} importable files right, {partial} partial, {wrong} wrong, "
          f"{sum(o.verdict == 'refused' for o in importable)} refused; "
          f"{sum(o.verdict == 'refused-ok' for o in refusals)} of {len(refusals)} should-be refusals refused.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
