"""Saving a whole list at once (an escalation path, core rules, workflow steps...): the rows the person sees
replace the stored ones in one audited transaction, unless someone else changed the list meanwhile."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, is_dataclass
from typing import Any

from sprint.errors import StaleEdit
from sprint.permissions import Action, Actor
from sprint.store import Store, Transaction


def is_empty(value: object) -> bool:
    if value is None or value is False:
        return True
    try:
        if value != value:  # NaN
            return True
    except TypeError:  # pandas' NA has no truth value: a cell never filled in
        return True
    return isinstance(value, str) and not value.strip()


def cell_text(value: object) -> str:
    """A table cell as text, the one way every table reader cleans it: '' for a cell never filled in (None,
    NaN, pandas' NA, blank), else its words on one line with the spaces collapsed (0 stays '0')."""
    return "" if is_empty(value) else " ".join(str(value).split())


def is_blank(row: Mapping[str, object], defaults: Mapping[str, object] | None = None) -> bool:
    """Nothing typed in this table row: every cell empty, unticked, or still at its column's default (a new row
    of a table starts with its defaults filled in, e.g. 'Official' ticked and 'AI' at 'none')."""
    defaults = defaults or {}
    for key, value in row.items():
        if is_empty(value):
            continue
        if key in defaults and value == defaults[key]:
            continue
        return False
    return True


def ticked(value: object, default: bool = False) -> bool:
    """A checkbox cell: ticked or not; a cell never touched (empty) is the column's default."""
    return default if is_empty(value) and value is not False else bool(value)


def typed_rows(rows: Sequence[Mapping[str, object]],
               defaults: Mapping[str, object] | None = None) -> list[tuple[int, Mapping[str, object]]]:
    """The rows with something typed in them, each with its number as the table showed it (from 1), so a problem
    names the row the person sees; rows left blank are ignored."""
    return [(n, row) for n, row in enumerate(rows, start=1) if not is_blank(row, defaults)]


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
