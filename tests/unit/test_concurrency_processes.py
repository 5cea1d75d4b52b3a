"""Two app processes writing to one PostgreSQL at once (#30): every save lands or is refused by name, none is
lost, and the audit chain stays one unbroken sequence (bench/bench_postgres.py runs it longer, 24 threads)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

from sprint import audit, initiatives
from sprint.permissions import Actor, Role
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.store import Store
from tests import postgres
from tests.concurrency_worker import MONTH, TODAY
from tests.conftest import ROOT


def prepare(url: str, processes: int, threads: int) -> int:
    """The shared initiative (month 2 open) with one metric per thread, each in its own department."""
    with Store(url) as store:
        boss = Actor("Fran Facilitator", Role.FACILITATOR)
        shared = initiatives.create(store, boss, initiatives.InitiativeDraft("Shared pilot", TODAY - dt.timedelta(40)),
                                    today=TODAY)
        for p in range(processes):
            for t in range(threads):
                metrics.create(store, boss, shared, metrics.MetricDraft(
                    f"Tickets handled {p}-{t}", f"Department {p}-{t}", "count", "higher", 0.0, 100.0))
        return store.last_change()


def run_processes(url: str, processes: int, threads: int, seconds: float, env: dict) -> list[dict]:
    running = [subprocess.Popen([sys.executable, "-m", "tests.concurrency_worker", url, str(p), str(threads),
                                 str(seconds)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True) for p in range(processes)]
    results = []
    for child in running:
        out, err = child.communicate(timeout=seconds + 240)
        assert child.returncode == 0, err[-2000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    return results


def check(url: str, results: list[dict], entries_before: int) -> dict:
    """Nothing lost: each metric holds its thread's last saved value; the shared initiative's version counts every
    accepted edit; every save has its audit entry and the chain verifies."""
    with Store(url) as store:
        shared = next(i for i in initiatives.list_all(store) if i.name == "Shared pilot")
        saved = {int(m): v for r in results for m, v in r["values"].items()}
        stored = actuals.month_values(store, list(saved), MONTH)
        edits = sum(r["edits"] for r in results)
        value_entries = store.fetch_one("SELECT count(*) FROM audit_log WHERE action = 'enter month'")[0]
        log = audit.verify(store)
        return {"errors": [e for r in results for e in r["errors"]], "lost": {m for m, v in saved.items()
                                                                            if stored.get(m) != v},
                "version_ok": shared.version == 1 + edits, "edits": edits, "saves": value_entries,
                "conflicts": sum(r["conflicts"] for r in results),
                "words": next((r["conflict_words"] for r in results if r["conflict_words"]), ""),
                "verified": log.ok, "entries": log.entries, "entries_before": entries_before}


def test_two_processes_writing_at_once_lose_nothing_and_keep_one_chain(postgres_url, tmp_path, monkeypatch):
    import os

    url = postgres.new_database(postgres_url)
    monkeypatch.setenv("SPRINT_AUDIT_KEY_FILE", str(tmp_path / "shared.audit-key"))  # one key for every process
    before = prepare(url, 2, 4)
    found = check(url, run_processes(url, 2, 4, 4.0, dict(os.environ)), before)
    assert found["errors"] == [] and found["lost"] == set() and found["version_ok"]
    assert found["saves"] > 8 and found["edits"] > 0
    assert found["conflicts"] == 0 or "was changed by Person" in found["words"]  # a refusal names who changed it
    assert found["verified"] and found["entries"] == before + found["saves"] + found["edits"]
