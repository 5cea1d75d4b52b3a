"""Who is using the app: the three ways in, and the people and codes a facilitator manages.

- Local (no codes, no single sign-on): the person at the machine is the facilitator.
- Workshop codes: a facilitator passcode, a join code per department (department heads) and one for viewers.
  Codes are stored as scrypt digests with their own salt, never as text; a revoked code stops working at
  once; wrong guesses are slowed (see `Throttle`) and the refusal never says which part was wrong.
- Single sign-on (`[auth]` in .streamlit/secrets.toml): the identity provider says who someone is; the People
  list (addresses or whole '@domain's) says what they may do; unknown people are viewers or kept out.

Every change to people, codes and settings is a facilitator's write, audited (a code's digest never is).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from sprint.errors import Problem, SignInRefused, SprintError, ValidationError
from sprint.permissions import Action, Actor, Role
from sprint.store import Store, Transaction
from sprint.text_limits import DEPARTMENT_MAX, one_line
from sprint.throttle import Throttle

PASSCODE_MIN = 10  # the facilitator passcode opens everything
CODE_MIN = 6  # a join code is typed by a room full of people from a projected slide
NAME_MAX = 80
UNKNOWN_VIEWER, UNKNOWN_NONE = "viewer", "none"
_SCRYPT = {"n": 2**14, "r": 8, "p": 1, "dklen": 32, "maxmem": 64 * 1024 * 1024}
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud and typed from a screen


def digest(code: str, salt: bytes) -> bytes:
    return hashlib.scrypt(_normal_code(code).encode(), salt=salt, **_SCRYPT)


def _normal_code(code: str) -> str:
    """Codes are compared without case, spaces or dashes: people read them off a projector."""
    return "".join(ch for ch in str(code or "").upper() if ch.isalnum())


def suggest_code(length: int = 8) -> str:
    """A random code in groups of four: 'K7QM-4XR2' (8 for a join code, 12 for the passcode)."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(length))
    return "-".join(raw[i:i + 4] for i in range(0, length, 4))


@dataclass(frozen=True)
class Code:
    id: int
    role: Role
    department: str
    created_by: str
    created_at: object
    revoked: bool

    @property
    def label(self) -> str:
        if self.role is Role.FACILITATOR:
            return "Facilitator passcode"
        return f"Join code for {self.department}" if self.role is Role.DEPARTMENT_HEAD else "Join code for viewers"


def list_codes(store: Store, *, include_revoked: bool = False) -> list[Code]:
    rows = store.fetch_all("SELECT id, role, department, created_by, created_at, revoked_at IS NOT NULL "
                           "FROM access_codes ORDER BY role, lower(department), id")
    return [Code(i, Role(r), d, by, at, revoked) for i, r, d, by, at, revoked in rows
            if include_revoked or not revoked]


def add_code(store: Store, actor: Actor, role: Role, code: str, department: str = "") -> int:
    """Store a new code (its digest). A new facilitator passcode replaces the old one."""
    department = one_line(department)
    plain = _normal_code(code)
    minimum = PASSCODE_MIN if role is Role.FACILITATOR else CODE_MIN
    problems = []
    if len(plain) < minimum:
        what = "The facilitator passcode" if role is Role.FACILITATOR else "A join code"
        problems.append(Problem("code", f"{what} needs at least {minimum} letters or digits (spaces and dashes "
                                        "don't count)."))
    if role is Role.DEPARTMENT_HEAD and not department:
        problems.append(Problem("department", "say which department this join code is for."))
    if len(department) > DEPARTMENT_MAX:
        problems.append(Problem("department", f"keep the department under {DEPARTMENT_MAX} characters."))
    if problems:
        raise ValidationError(problems)
    salt = secrets.token_bytes(16)
    hashed = digest(plain, salt)  # slow on purpose: computed before the transaction

    def work(tx: Transaction) -> int:
        has_passcode = tx.execute("SELECT count(*) FROM access_codes WHERE role = ? AND revoked_at IS NULL",
                                  [Role.FACILITATOR.value]).fetchone()[0]
        if role is not Role.FACILITATOR and not has_passcode:
            raise ValidationError([Problem("code", "set the facilitator passcode first: once any code exists, "
                                                   "everyone (you too) signs in with one.")])
        for other_salt, other_digest in tx.execute(
                "SELECT salt, digest FROM access_codes WHERE revoked_at IS NULL").fetchall():
            if hmac.compare_digest(digest(plain, bytes(other_salt)), bytes(other_digest)):
                raise ValidationError([Problem("code", "that code is already in use; choose another.")])
        replaced = []
        if role is Role.FACILITATOR:
            replaced = [r[0] for r in tx.execute("UPDATE access_codes SET revoked_by = ?, revoked_at = ? WHERE "
                                                 "role = ? AND revoked_at IS NULL RETURNING id",
                                                 [tx.actor.name, tx.now, Role.FACILITATOR.value]).fetchall()]
        new_id = tx.execute("INSERT INTO access_codes (role, department, salt, digest, created_by, created_at) "
                            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            [role.value, department, salt, hashed, tx.actor.name, tx.now]).fetchone()[0]
        label = Code(new_id, role, department, "", None, False).label
        tx.audit(action="create", entity="access code", entity_id=new_id,
                 summary=f"Set a new {label.lower()}" + (f" (replacing #{', #'.join(map(str, replaced))})"
                                                         if replaced else ""),
                 after={"role": role.value, "department": department})
        return int(new_id)

    return store.write(actor, Action.MANAGE_PEOPLE, work)


def revoke_code(store: Store, actor: Actor, code_id: int) -> None:
    def work(tx: Transaction) -> None:
        row = tx.execute("SELECT role, department FROM access_codes WHERE id = ? AND revoked_at IS NULL",
                         [code_id]).fetchone()
        if row is None:
            raise ValidationError([Problem("code", "that code is already revoked.")])
        others = tx.execute("SELECT count(*) FROM access_codes WHERE id <> ? AND revoked_at IS NULL",
                            [code_id]).fetchone()[0]
        if row[0] == Role.FACILITATOR.value and others:
            raise ValidationError([Problem("code", "revoke the join codes first (or set a new passcode, which "
                                                   "replaces this one): without a passcode no one could manage "
                                                   "the workspace.")])
        tx.execute("UPDATE access_codes SET revoked_by = ?, revoked_at = ? WHERE id = ?",
                   [tx.actor.name, tx.now, code_id])
        label = Code(code_id, Role(row[0]), row[1], "", None, False).label
        tx.audit(action="revoke", entity="access code", entity_id=code_id, summary=f"Revoked the {label.lower()}",
                 before={"revoked": False}, after={"revoked": True})

    store.write(actor, Action.MANAGE_PEOPLE, work)


def codes_in_use(store: Store) -> bool:
    row = store.fetch_one("SELECT count(*) FROM access_codes WHERE revoked_at IS NULL")
    return bool(row and row[0])


@dataclass(frozen=True)
class Pass:
    """Who a code let in, and which code (so revoking it ends their session)."""

    actor: Actor
    code_id: int
    name: str = ""  # the name as typed (the actor's name adds the code it joined with)


def check_code(store: Store, code: str, name: str) -> Pass:
    """The person a code lets in, named as they said; refused without saying what was wrong."""
    clean_name = one_line(name)
    if not clean_name or len(clean_name) > NAME_MAX:
        raise ValidationError([Problem("name", f"type your name (up to {NAME_MAX} characters): the audit log "
                                               "records who made each change.")])
    plain = _normal_code(code)
    match = None
    rows = store.fetch_all("SELECT id, role, department, salt, digest FROM access_codes WHERE revoked_at IS NULL")
    for code_id, role, department, salt, stored in rows:  # every code is checked, so timing says nothing
        if hmac.compare_digest(digest(plain, bytes(salt)), bytes(stored)) and match is None:
            match = (code_id, Role(role), department)
    if match is None:
        raise SignInRefused("That name and code did not open the workspace. Check the code on the screen and "
                            "try again.")
    code_id, role, department = match
    return Pass(_joined(clean_name, role, department), int(code_id), clean_name)


def _joined(name: str, role: Role, department: str) -> Actor:
    """A name typed at the join screen is the person's own claim: it is shown, and recorded, with the code that
    let them in ('Hal (joined with the Finance code)'), so nobody mistakes it for a checked identity."""
    how = ("the facilitator passcode" if role is Role.FACILITATOR
           else f"the {department} code" if role is Role.DEPARTMENT_HEAD else "a viewer code")
    return Actor(f"{name} (joined with {how})", role, frozenset({department}) if department else frozenset())


def actor_for_code(store: Store, code_id: int, name: str) -> Actor | None:
    """The person a still-valid code lets in, named as they said when they joined; None once it is revoked."""
    row = store.fetch_one("SELECT role, department FROM access_codes WHERE id = ? AND revoked_at IS NULL", [code_id])
    clean_name = one_line(name)
    if row is None or not clean_name or len(clean_name) > NAME_MAX:
        return None
    return _joined(clean_name, Role(row[0]), row[1])


def workspace_id(store: Store) -> str:
    """This workspace's random id (made with its database): join tokens name it, so a token from another
    workshop is refused whatever secret signed it."""
    row = store.fetch_one("SELECT value FROM access_settings WHERE name = 'workspace_id'")
    return str(row[0]) if row else ""


def code_still_valid(store: Store, code_id: int) -> bool:
    row = store.fetch_one("SELECT revoked_at IS NULL FROM access_codes WHERE id = ?", [code_id])
    return bool(row and row[0])


def sign_in_with_code(store: Store, throttle: Throttle, source: str, code: str, name: str) -> Pass:
    """Admit the try (atomically counted), check it, and uncount it if it was right or had no name to check."""
    throttle.admit(source)
    try:
        granted = check_code(store, code, name)
    except SignInRefused:
        raise
    except SprintError:  # no name typed: nothing was guessed
        throttle.was_right(source)
        raise
    throttle.was_right(source)
    return granted


# -- people (single sign-on) ---------------------------------------------------------------------------------

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
        tx.execute("INSERT OR REPLACE INTO people (who, name, role, departments, updated_by, updated_at, subject) "
                   "VALUES (?, ?, ?, ?, ?, ?, COALESCE((SELECT subject FROM people WHERE who = ?), ''))",
                   [key, clean_name, role.value, json.dumps(depts), tx.actor.name, tx.now, key])
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
        tx.execute("INSERT OR REPLACE INTO access_settings VALUES ('unknown_people', ?, ?, ?)",
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
