"""Several people saving at the same moment: every write lands, none surfaces an error, the chain holds."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sprint import audit, initiatives
from sprint.errors import StaleEdit
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Actor, Role
from tests.conftest import TODAY

BOTH_STORES = True  # each test on DuckDB and on PostgreSQL (tests/conftest.py)

THREADS = 16
WRITES_EACH = 12


def test_sixteen_threads_writing_at_once_lose_nothing(store):
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def session(n: int) -> None:
        person = Actor(f"Department head {n}", Role.FACILITATOR)
        start.wait()  # all threads hit the store together
        try:
            for k in range(WRITES_EACH):
                new_id = initiatives.create(store, person, InitiativeDraft(f"Pilot {n}-{k}", TODAY), today=TODAY)
                # Interleave reads on their own cursors with the writes of other threads.
                assert initiatives.get(store, new_id).name == f"Pilot {n}-{k}"
                store.last_change()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    with ThreadPoolExecutor(THREADS) as pool:
        list(pool.map(session, range(THREADS)))

    assert errors == []
    names = {i.name for i in initiatives.list_all(store)}
    assert names == {f"Pilot {n}-{k}" for n in range(THREADS) for k in range(WRITES_EACH)}
    result = audit.verify(store)
    assert result.ok and result.entries == THREADS * WRITES_EACH


def test_concurrent_edits_of_one_record_never_silently_overwrite(store, facilitator):
    """Two people edit the same initiative from the same version: one lands, the other is told."""
    new_id = initiatives.create(store, facilitator, InitiativeDraft("Routing", TODAY), today=TODAY)
    start = threading.Barrier(8)
    outcomes: list[str] = []

    def edit(n: int) -> None:
        start.wait()
        try:
            initiatives.update(store, facilitator, new_id, InitiativeDraft("Routing", TODAY, owner=f"Owner {n}"),
                               expected_version=1, today=TODAY)
            outcomes.append(f"saved {n}")
        except StaleEdit:
            outcomes.append("refused")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(edit, range(8)))

    saved = [o for o in outcomes if o.startswith("saved")]
    assert len(saved) == 1 and outcomes.count("refused") == 7
    winner = saved[0].split()[1]
    assert initiatives.get(store, new_id).owner == f"Owner {winner}"
