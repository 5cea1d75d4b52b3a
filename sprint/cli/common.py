"""What the commands share: who the command line acts as, and finding an initiative by its name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sprint.errors import SprintError

if TYPE_CHECKING:
    from sprint.permissions import Actor
    from sprint.store import Store


def actor() -> Actor:
    """Who the command line acts as: the machine's owner, as a facilitator, named as on the command line."""
    from sprint.permissions import Actor

    local = Actor.local()
    return Actor.system(f"{local.name} (command line)")


def find_initiative(store: Store, name: str):
    """The initiative of this name (any case, archived too); a name nobody has is refused, naming a few."""
    from sprint import initiatives

    matches = [i for i in initiatives.list_all(store, include_archived=True) if i.name.casefold() == name.casefold()]
    if not matches:
        names = [i.name for i in initiatives.list_all(store, include_archived=True)]
        known = ", ".join(repr(n) for n in names[:5]) + (f" and {len(names) - 5:,} more: 'list' prints them"
                                                         if len(names) > 5 else "")
        raise SprintError(f"There is no initiative called {name!r} (known: {known or 'none yet'}).")
    return matches[0]
