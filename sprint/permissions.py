"""Who may change what. Checked inside `sprint` on every write, whatever the screen shows.

Roles:
- facilitator: everything, including people and settings.
- department head: the data of their own department(s) only; reads everything.
- viewer: reads only.

Every write names an Action; department-scoped actions also name the department they touch.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from enum import StrEnum

from sprint.errors import PermissionDenied


class Role(StrEnum):
    FACILITATOR = "facilitator"
    DEPARTMENT_HEAD = "department head"
    VIEWER = "viewer"


class Action(StrEnum):
    # Whole-sprint changes: facilitators only.
    MANAGE_INITIATIVES = "manage initiatives"
    LOAD_EXAMPLE = "load the example sprint"
    RESTORE_SNAPSHOT = "restore a snapshot"
    MANAGE_PEOPLE = "manage people and access codes"
    # The money side of an initiative's ROI: which metrics count as savings (with their baseline and target).
    COUNT_SAVINGS = "count a metric as savings toward the initiative's ROI"
    # Department data: facilitators, and department heads for their own department.
    EDIT_DEPARTMENT_DATA = "edit department data"
    # Anyone who may import: facilitators and department heads (not scoped: a mapping holds no data).
    SAVE_IMPORT_PROFILE = "save an import profile"
    # The sign-in itself: recording which provider account first signed in with a listed address.
    BIND_ACCOUNT = "record the account behind a sign-in"
    # Answering a question the facilitator asked the room: anyone in the room, view-only people too.
    ANSWER_ROOM = "answer the room's question"


_DEPARTMENT_SCOPED = frozenset({Action.EDIT_DEPARTMENT_DATA})
_ANY_EDITOR = frozenset({Action.SAVE_IMPORT_PROFILE})


@dataclass(frozen=True)
class Actor:
    """The real person behind a change, as recorded in the audit log."""

    name: str
    role: Role
    departments: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def local(cls, name: str = "", *, team: str = "", place: str = "") -> Actor:
        """The person at a browser when no sign-in is configured: a facilitator, by the name they typed (once,
        remembered by their browser) with their team and where they are ("Priya (Finance, on a phone)"). At the
        machine running the app (`place` ""), without a name, the computer's login in words a person reads;
        elsewhere without a name, "someone on a phone (no name given)": never the facilitator's computer."""
        name, team = clean_person_name(name), clean_person_name(team)
        if not name:
            return cls(name=f"someone {place} (no name given)" if place else login_name(), role=Role.FACILITATOR)
        where = ", ".join(part for part in (team, place) if part)
        return cls(name=f"{name} ({where})" if where else name, role=Role.FACILITATOR)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        """The CLI and migrations act on the machine owner's authority."""
        return cls(name=name, role=Role.FACILITATOR)


PERSON_NAME_MAX = 60
# Logins that name an account rather than a person.
_ACCOUNT_LOGINS = {"root", "admin", "administrator", "user", "ubuntu", "debian", "pi", "runner", "app", "streamlit"}


def login_name() -> str:
    """The computer's login, readable as a person: 'jsmith at this computer'; an account such as root reads
    'the facilitator at this computer'."""
    try:
        user = getpass.getuser().strip()
    except Exception:  # no login name in some containers
        user = ""
    if not user or user.lower() in _ACCOUNT_LOGINS:
        return "the facilitator at this computer"
    return f"{user} at this computer"


def clean_person_name(name: str) -> str:
    """A typed name as stored: one line, no control characters, spaces collapsed, at most PERSON_NAME_MAX."""
    text = "".join(ch if ch.isprintable() else " " if ch.isspace() else "" for ch in str(name or ""))
    return " ".join(text.split())[:PERSON_NAME_MAX]


def _same_department(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def allowed(actor: Actor, action: Action, department: str | None = None) -> bool:
    if actor.role is Role.FACILITATOR or action in (Action.BIND_ACCOUNT, Action.ANSWER_ROOM):
        return True
    if actor.role is Role.DEPARTMENT_HEAD and action in _DEPARTMENT_SCOPED:
        return department is not None and any(_same_department(department, d) for d in actor.departments)
    return actor.role is Role.DEPARTMENT_HEAD and action in _ANY_EDITOR


def why_not(actor: Actor, action: Action, department: str | None = None) -> str | None:
    """None when allowed; otherwise the sentence to show the person."""
    if allowed(actor, action, department):
        return None
    if actor.role is Role.VIEWER:
        return f"{actor.name} has view-only access and can't {action}."
    if action in _DEPARTMENT_SCOPED:
        own = ", ".join(sorted(actor.departments)) or "no department"
        return (
            f"{actor.name} is department head for {own} and can't {action} "
            f"for {department or 'another department'}."
        )
    return f"Only a facilitator can {action}; {actor.name} is a {actor.role}."


def require(actor: Actor, action: Action, department: str | None = None) -> None:
    reason = why_not(actor, action, department)
    if reason:
        raise PermissionDenied(reason)
