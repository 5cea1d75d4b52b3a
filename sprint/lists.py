"""Saving a whole list at once (an escalation path, core rules, workflow steps...): the rows the person sees
replace the stored ones in one audited transaction, unless someone else changed the list meanwhile."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from sprint.errors import StaleEdit
from sprint.permissions import Action, Actor
from sprint.store import Store, Transaction


def _plain(item: Any) -> list:
    return list(asdict(item).values()) if is_dataclass(item) else list(item)


def replace_list(store: Store, actor: Actor, initiative_id: int, table: str, what: str, new: Sequence[Any],
                 shown: Sequence[Any], to_row: Callable[[int, Any], list], reader: Callable[[Store, int], list]):
    """`to_row(n, item)` gives the table row for the n-th item (1-based: its position or level). `table` is one
    of the project's own table names, never user input."""

    def work(tx: Transaction):
        current = reader(store, initiative_id)
        if list(current) != list(shown):
            raise StaleEdit(f"The {what} changed since you opened it. Nothing was saved; reload to see the latest.")
        if list(new) == list(current):
            tx.nothing_changed()
            return new
        tx.execute(f"DELETE FROM {table} WHERE initiative_id = ?", [initiative_id])  # noqa: S608 (constant)
        if new:
            rows = [to_row(n, item) for n, item in enumerate(new, start=1)]
            tx.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)  # noqa: S608
        tx.audit(action="update", entity=what, entity_id=initiative_id, initiative_id=initiative_id,
                 summary=f"Saved the {what}: {len(new)} entries",
                 before={"entries": [_plain(x) for x in current]}, after={"entries": [_plain(x) for x in new]})
        return new

    return store.write(actor, Action.MANAGE_INITIATIVES, work)
