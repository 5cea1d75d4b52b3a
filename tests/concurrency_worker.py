"""One process of the concurrency run (tests/unit/test_concurrency_processes.py, bench/bench_postgres.py): threads
that each enter their own metric's month again and again, and edit one shared initiative (optimistic: a stale
version is refused by name). Prints what it saved as JSON. Run: python -m tests.concurrency_worker URL N THREADS S"""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import time

from sprint import initiatives
from sprint.errors import StaleEdit
from sprint.permissions import Actor, Role
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.store import Store

TODAY = dt.date(2026, 3, 10)
MONTH = 2


def run(url: str, process: int, threads: int, seconds: float) -> dict:
    store = Store(url)
    shared = next(i for i in initiatives.list_all(store) if i.name == "Shared pilot")
    mine = {m.department: m for m in metrics.list_metrics(store, shared.id)}
    result = {"values": {}, "edits": 0, "conflicts": 0, "conflict_words": "", "errors": []}
    lock = threading.Lock()
    start, deadline = threading.Barrier(threads), time.monotonic() + seconds

    def work(t: int) -> None:
        person = Actor(f"Person {process}-{t}", Role.FACILITATOR)
        metric = mine[f"Department {process}-{t}"]
        last, k = None, 0
        start.wait()
        while time.monotonic() < deadline:
            k += 1
            try:
                initiative = initiatives.get(store, shared.id)
                actuals.save_month(store, person, initiative, metric.department, MONTH, {metric.id: float(k)},
                                   {metric.id: last}, today=TODAY, confirm_jumps=True)
                last = float(k)
                draft = initiatives.InitiativeDraft("Shared pilot", initiative.start_date, owner=f"{process}-{t}-{k}")
                try:
                    initiatives.update(store, person, shared.id, draft, expected_version=initiative.version,
                                       today=TODAY)
                    with lock:
                        result["edits"] += 1
                except StaleEdit as exc:
                    with lock:
                        result["conflicts"] += 1
                        result["conflict_words"] = str(exc)
            except Exception as exc:  # noqa: BLE001 (reported, and the run fails on it)
                with lock:
                    result["errors"].append(f"{type(exc).__name__}: {exc}")
        with lock:
            result["values"][str(metric.id)] = last

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    store.close()
    return result


if __name__ == "__main__":
    url, process, threads, seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
    print(json.dumps(run(url, process, threads, seconds)))
