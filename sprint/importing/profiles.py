"""Named import profiles: a mapping that worked, offered again when a file with the same headers arrives, so
next month's import is one click."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sprint.errors import PermissionDenied, Problem, ValidationError
from sprint.importing.mapping import Mapping, header_signature
from sprint.permissions import Action, Actor, Role
from sprint.store import Store, Transaction

NAME_MAX = 80


@dataclass(frozen=True)
class Profile:
    name: str
    signature: str
    mapping: Mapping


def _profile(row: tuple, headers: list[str]) -> Profile:
    name, signature, target, mapping = row
    data = json.loads(mapping)
    data["target"] = target
    return Profile(name, signature, Mapping.from_json(data, headers))


def find_profile(store: Store, headers: list[str]) -> Profile | None:
    """The most recently saved profile for files with these headers."""
    row = store.fetch_one("SELECT name, signature, target, mapping FROM import_profiles WHERE signature = ? "
                          "ORDER BY updated_at DESC LIMIT 1", [header_signature(headers)])
    return _profile(row, headers) if row else None


def get_profile(store: Store, name: str, headers: list[str]) -> Profile:
    row = store.fetch_one("SELECT name, signature, target, mapping FROM import_profiles WHERE lower(name) = lower(?)",
                          [name])
    if row is None:
        known = ", ".join(repr(r[0]) for r in store.fetch_all("SELECT name FROM import_profiles ORDER BY 1")) or "none"
        raise ValidationError([Problem("profile", f"there is no import profile called '{name}' (saved: {known}).")])
    return _profile(row, headers)


def profile_names(store: Store) -> list[str]:
    return [r[0] for r in store.fetch_all("SELECT name FROM import_profiles ORDER BY lower(name)")]


def save_profile(store: Store, actor: Actor, name: str, headers: list[str], mapping: Mapping) -> None:
    clean = " ".join(str(name or "").split())
    if not clean:
        raise ValidationError([Problem("profile name", "give the profile a name, e.g. 'Monthly KPI tracker'.")])
    if len(clean) > NAME_MAX:
        raise ValidationError([Problem("profile name", f"keep the name under {NAME_MAX} characters.")])
    data = mapping.to_json()
    target = data.pop("target")
    signature = header_signature(headers)

    def work(tx: Transaction) -> None:
        before = tx.execute("SELECT name, target, mapping, owner FROM import_profiles WHERE lower(name) = lower(?)",
                            [clean]).fetchone()
        owner = before[3] if before and before[3] else tx.actor.name
        if before and owner != tx.actor.name and tx.actor.role is not Role.FACILITATOR:
            raise PermissionDenied(f"The import profile '{before[0]}' belongs to {owner}: you can use it, but not "
                                   "change it. Save your mapping under another name.")
        tx.execute("DELETE FROM import_profiles WHERE lower(name) = lower(?)", [clean])
        tx.execute("INSERT INTO import_profiles (name, signature, target, mapping, updated_by, updated_at, owner) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [clean, signature, target, json.dumps(data, sort_keys=True), tx.actor.name, tx.now, owner])
        tx.audit(action="update" if before else "create", entity="import profile", entity_id=clean,
                 summary=f"{'Updated' if before else 'Saved'} import profile '{clean}' ({target})",
                 before={"target": before[1], "mapping": json.loads(before[2])} if before else None,
                 after={"target": target, "mapping": data, "headers": headers})

    store.write(actor, Action.SAVE_IMPORT_PROFILE, work)
