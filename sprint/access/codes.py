"""Who is using the app: the three ways in, and the people and codes a facilitator manages.

- Local (no codes, no single sign-on): the person at the machine is the facilitator.
- Workshop codes: a facilitator passcode, a join code per department (department heads) and one for viewers.
  Codes are stored as scrypt digests with their own salt, never as text; a revoked code stops working at
  once; wrong guesses are slowed (see `Throttle`) and the refusal never says which part was wrong.
- Single sign-on (`[auth]` in .streamlit/secrets.toml): see `sprint.sign_on` (the people list).

Every change to codes is a facilitator's write, audited (a code's digest never is). The workspace's id, which
join tokens name, is read here too.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sprint.access.throttle import Throttle
from sprint.errors import Problem, SignInRefused, SprintError, ValidationError
from sprint.permissions import Action, Actor, Role
from sprint.store import Store, Transaction
from sprint.text_limits import DEPARTMENT_MAX, one_line

PASSCODE_MIN = 10  # the facilitator passcode opens everything
CODE_MIN = 6  # a join code is typed by a room full of people from a projected slide
NAME_MAX = 80
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
