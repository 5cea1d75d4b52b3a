"""Single sign-on: the people list (addresses or whole '@domain's mapped to a role and departments), what
unknown people get, and who a signed-in account is. The identity provider says who someone is; this list says
what they may do. Every change is a facilitator's write, audited.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

from sprint import sql
from sprint.access.codes import NAME_MAX
from sprint.errors import Problem, SignInRefused, ValidationError
from sprint.permissions import Action, Actor, Role
from sprint.store import Store, Transaction
from sprint.text_limits import DEPARTMENT_MAX, one_line

UNKNOWN_VIEWER, UNKNOWN_NONE = "viewer", "none"

@dataclass(frozen=True)
class Person:
    who: str  # an address, or '@domain'
    name: str
    role: Role
    departments: tuple[str, ...]


def list_people(store: Store) -> list[Person]:
    rows = store.fetch_all("SELECT who, name, role, departments FROM people ORDER BY starts_with(who, '@'), who")
    return [Person(w, n, Role(r), tuple(json.loads(d))) for w, n, r, d in rows]


def _clean_who(who: str) -> str:
    text = str(who or "").strip().lower()
    if text.startswith("@"):
        ok = "." in text[1:] and " " not in text
    else:
        ok = text.count("@") == 1 and "." in text.split("@")[1] and " " not in text
    if not ok:
        raise ValidationError([Problem("who", f"'{who}' is neither an e-mail address nor '@domain.com'.")])
    return text


def set_person(store: Store, actor: Actor, who: str, role: Role, departments: list[str], name: str = "") -> None:
    key = _clean_who(who)
    depts = sorted({" ".join(d.split()) for d in departments if d and d.strip()}, key=str.casefold)
    if role is Role.DEPARTMENT_HEAD and not depts:
        raise ValidationError([Problem("departments", f"say which department(s) {who} heads.")])
    if role is not Role.DEPARTMENT_HEAD:
        depts = []
    clean_name = one_line(name)
    if len(clean_name) > NAME_MAX:
        raise ValidationError([Problem("name", f"keep the name under {NAME_MAX} characters (it has "
                                               f"{len(clean_name):,}).")])
    if any(len(d) > DEPARTMENT_MAX for d in depts):
        raise ValidationError([Problem("departments", f"keep each department under {DEPARTMENT_MAX} characters.")])

    def work(tx: Transaction) -> None:
        before = tx.execute("SELECT name, role, departments FROM people WHERE who = ?", [key]).fetchone()
        after = {"name": clean_name, "role": role.value, "departments": depts}
        if before and {"name": before[0], "role": before[1], "departments": json.loads(before[2])} == after:
            tx.nothing_changed()
            return
        tx.execute(sql.upsert("people", ("who",), ("who", "name", "role", "departments", "updated_by", "updated_at")),
                   [key, clean_name, role.value, json.dumps(depts), tx.actor.name, tx.now])  # the subject stays
        tx.audit(action="update" if before else "create", entity="person", entity_id=key,
                 summary=f"{key} is now {role.value}" + (f" for {', '.join(depts)}" if depts else ""),
                 before={"name": before[0], "role": before[1], "departments": json.loads(before[2])} if before
                 else None, after=after)

    store.write(actor, Action.MANAGE_PEOPLE, work)


def remove_person(store: Store, actor: Actor, who: str) -> None:
    key = str(who or "").strip().lower()

    def work(tx: Transaction) -> None:
        before = tx.execute("DELETE FROM people WHERE who = ? RETURNING role, departments", [key]).fetchone()
        if before is None:
            raise ValidationError([Problem("who", f"{who} is not on the list.")])
        tx.audit(action="delete", entity="person", entity_id=key, summary=f"Removed {key} from the people list",
                 before={"role": before[0], "departments": json.loads(before[1])})

    store.write(actor, Action.MANAGE_PEOPLE, work)


def unknown_people(store: Store) -> str:
    row = store.fetch_one("SELECT value FROM access_settings WHERE name = 'unknown_people'")
    return row[0] if row else UNKNOWN_VIEWER


def set_unknown_people(store: Store, actor: Actor, policy: str) -> None:
    if policy not in (UNKNOWN_VIEWER, UNKNOWN_NONE):
        raise ValidationError([Problem("unknown people", "choose viewer or no access.")])

    def work(tx: Transaction) -> None:
        before = unknown_people_in(tx)
        if before == policy:
            tx.nothing_changed()
            return
        tx.execute(sql.upsert("access_settings", ("name",), ("name", "value", "updated_by", "updated_at"),
                              "VALUES ('unknown_people', ?, ?, ?)"),
                   [policy, tx.actor.name, tx.now])
        tx.audit(action="update", entity="setting", entity_id="unknown_people",
                 summary=f"People not on the list now get: {'view-only access' if policy == UNKNOWN_VIEWER else 'no access'}",
                 before={"unknown_people": before}, after={"unknown_people": policy})

    store.write(actor, Action.MANAGE_PEOPLE, work)


def _claim_first(store: Store, address: str, name: str, subject: str) -> None:
    def work(tx: Transaction) -> None:
        if tx.execute("SELECT count(*) FROM people").fetchone()[0]:
            tx.nothing_changed()  # someone else was first, a moment ago
            return
        tx.execute("INSERT INTO people (who, name, role, departments, updated_by, updated_at, subject) "
                   "VALUES (?, ?, ?, '[]', ?, ?, ?)", [address, name, Role.FACILITATOR.value, tx.actor.name, tx.now,
                                                      subject])
        tx.audit(action="create", entity="person", entity_id=address,
                 summary=f"{address} signed in first and became the facilitator",
                 after={"name": name, "role": Role.FACILITATOR.value, "departments": []})

    store.write(Actor(name, Role.FACILITATOR), Action.MANAGE_PEOPLE, work)


def unknown_people_in(tx: Transaction) -> str:
    row = tx.execute("SELECT value FROM access_settings WHERE name = 'unknown_people'").fetchone()
    return row[0] if row else UNKNOWN_VIEWER


VERIFIED_CLAIM_ENV = "SPRINT_EMAIL_VERIFIED_CLAIM"  # the claim that says the address is verified


def _true(value: object) -> bool:
    return value is True or str(value).strip().lower() == "true"


def verified_email(claims: Mapping[str, object], verified_claim: str | None = None) -> str:
    """The account's e-mail address, if the identity provider vouches for it; refused otherwise.

    The address counts only when the provider says it is verified: the standard `email_verified` claim, or
    the claim named in SPRINT_EMAIL_VERIFIED_CLAIM for a provider that says so its own way (Microsoft Entra:
    `xms_edov`). An address anyone could type into their profile would let them sign in as someone else."""
    claim = verified_claim or os.environ.get(VERIFIED_CLAIM_ENV, "").strip() or "email_verified"
    address = str(claims.get("email") or "").strip()
    if not address:
        raise SignInRefused("Your account has no e-mail address, so this workspace can't tell who you are. Ask "
                            "your identity provider's administrator to share it.")
    if not _true(claims.get(claim)):
        raise SignInRefused(f"Your identity provider does not say that {address} is verified, so it can't be "
                            "used to sign in here. Verify the address with your provider, or ask the facilitator.")
    return address


def actor_for_account(store: Store, email: str, name: str = "", subject: str = "") -> Actor | None:
    """The person behind a signed-in account (a verified address: see `verified_email`): their own entry, else
    their domain's, else the setting for unknown people (a viewer, or None: no access). While the list is empty,
    the first person to sign in is written onto it as the facilitator (audited), so a new workspace can be set
    up; everyone after them needs the facilitator to add them.

    `subject`: the provider's stable id for the account (issuer and `sub`). A person's own entry records the
    first one that signs in with its address (audited); an account with a different subject is refused, so an
    address reassigned or recreated at the provider does not inherit the role unnoticed."""
    address = str(email or "").strip().lower()
    shown = one_line(name) or address
    if not address or "@" not in address:
        return None
    people = {p.who: p for p in list_people(store)}
    if not people:
        _claim_first(store, address, shown, subject)
        people = {p.who: p for p in list_people(store)}
    person = people.get(address) or people.get("@" + address.rsplit("@", 1)[-1])
    if person is None:
        return Actor(shown, Role.VIEWER) if unknown_people(store) == UNKNOWN_VIEWER else None
    if person.who == address and subject:
        _bind_subject(store, address, subject, shown)
    return Actor(person.name or shown, person.role, frozenset(person.departments))


def _bind_subject(store: Store, address: str, subject: str, shown: str) -> None:
    row = store.fetch_one("SELECT subject FROM people WHERE who = ?", [address])
    if row and row[0] == subject:
        return
    if row and row[0]:
        raise SignInRefused(f"{address} is on the People list for a different account at your identity provider. "
                            "Ask the facilitator to check it (People page: remove and add the address again).")

    def work(tx: Transaction) -> None:
        if tx.execute("UPDATE people SET subject = ? WHERE who = ? AND subject = '' RETURNING who",
                      [subject, address]).fetchone() is None:
            tx.nothing_changed()
            return
        tx.audit(action="update", entity="person", entity_id=address,
                 summary=f"{address} signed in for the first time; their account id is recorded",
                 after={"subject": subject})

    store.write(Actor(shown, Role.VIEWER), Action.BIND_ACCOUNT, work)
    if store.fetch_one("SELECT subject FROM people WHERE who = ?", [address])[0] != subject:
        raise SignInRefused(f"{address} is on the People list for a different account at your identity provider. "
                            "Ask the facilitator to check it.")
