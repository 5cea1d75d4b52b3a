"""Every action x every role: allowed or refused, with a sentence that says why."""

from __future__ import annotations

import pytest

from sprint.errors import PermissionDenied
from sprint.permissions import Action, Actor, Role, allowed, require, why_not

FAC = Actor("Fran", Role.FACILITATOR)
HEAD = Actor("Hal", Role.DEPARTMENT_HEAD, frozenset({"Finance"}))
VIEW = Actor("Vic", Role.VIEWER)

CASES = [
    (FAC, Action.MANAGE_INITIATIVES, None, True),
    (HEAD, Action.MANAGE_INITIATIVES, None, False),
    (VIEW, Action.MANAGE_INITIATIVES, None, False),
    (FAC, Action.LOAD_EXAMPLE, None, True),
    (HEAD, Action.LOAD_EXAMPLE, None, False),
    (VIEW, Action.LOAD_EXAMPLE, None, False),
    (FAC, Action.RESTORE_SNAPSHOT, None, True),
    (HEAD, Action.RESTORE_SNAPSHOT, None, False),
    (VIEW, Action.RESTORE_SNAPSHOT, None, False),
    # Which metrics count as savings moves the initiative's ROI: the facilitator's call (#32).
    (FAC, Action.COUNT_SAVINGS, None, True),
    (HEAD, Action.COUNT_SAVINGS, None, False),
    (VIEW, Action.COUNT_SAVINGS, None, False),
    (FAC, Action.EDIT_DEPARTMENT_DATA, "Sales", True),
    (HEAD, Action.EDIT_DEPARTMENT_DATA, "Finance", True),
    (HEAD, Action.EDIT_DEPARTMENT_DATA, " finance ", True),
    (HEAD, Action.EDIT_DEPARTMENT_DATA, "Sales", False),
    (HEAD, Action.EDIT_DEPARTMENT_DATA, None, False),
    (VIEW, Action.EDIT_DEPARTMENT_DATA, "Finance", False),
    (FAC, Action.MANAGE_PEOPLE, None, True),
    (HEAD, Action.MANAGE_PEOPLE, None, False),
    (VIEW, Action.MANAGE_PEOPLE, None, False),
    (FAC, Action.SAVE_IMPORT_PROFILE, None, True),
    (HEAD, Action.SAVE_IMPORT_PROFILE, None, True),
    (VIEW, Action.SAVE_IMPORT_PROFILE, None, False),
    # Recording which account first signed in with a listed address is part of signing in: anyone's own.
    (FAC, Action.BIND_ACCOUNT, None, True),
    (HEAD, Action.BIND_ACCOUNT, None, True),
    (VIEW, Action.BIND_ACCOUNT, None, True),
    (FAC, Action.ANSWER_ROOM, None, True),  # anyone in the room answers its question, view-only people too
    (HEAD, Action.ANSWER_ROOM, None, True),
    (VIEW, Action.ANSWER_ROOM, None, True),
]


def test_every_action_is_covered():
    assert {c[1] for c in CASES} == set(Action)


@pytest.mark.parametrize(("actor", "action", "department", "expected"), CASES)
def test_roles(actor, action, department, expected):
    assert allowed(actor, action, department) is expected
    if expected:
        require(actor, action, department)
        assert why_not(actor, action, department) is None
    else:
        with pytest.raises(PermissionDenied, match=actor.name):
            require(actor, action, department)


def test_the_refusal_says_why():
    assert "department head for Finance" in why_not(HEAD, Action.EDIT_DEPARTMENT_DATA, "Sales")
    assert "view-only" in why_not(VIEW, Action.MANAGE_INITIATIVES)
    assert "Only a facilitator" in why_not(HEAD, Action.MANAGE_INITIATIVES)


def test_the_local_person_reads_as_a_person_not_an_account(monkeypatch):
    from sprint import permissions

    monkeypatch.setattr(permissions.getpass, "getuser", lambda: "root")
    assert Actor.local().name == "the facilitator at this computer"
    monkeypatch.setattr(permissions.getpass, "getuser", lambda: "jsmith")
    assert Actor.local().name == "jsmith at this computer"
    assert Actor.local("  Fran \n Okafor\x00 ").name == "Fran Okafor"
    assert len(Actor.local("x" * 500).name) == permissions.PERSON_NAME_MAX
    assert Actor.local("   ").name == "jsmith at this computer"


IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")
PIXEL = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
         "Mobile Safari/537.36")
IPAD = "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5"
GALAXY_TAB = "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"
LAPTOP = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
          "Safari/537.36")


def test_where_a_browser_is_reads_from_its_connection_and_user_agent():
    from sprint.access import devices

    assert [devices.kind(ua) for ua in (IPHONE, PIXEL, IPAD, GALAXY_TAB, LAPTOP, "")] == [
        "phone", "phone", "tablet", "tablet", "computer", "computer"]
    assert devices.place(False, IPHONE) == "on a phone"
    assert devices.place(False, IPAD) == "on a tablet"
    assert devices.place(False, LAPTOP) == "on another computer"
    assert devices.place(True, IPHONE) == ""  # the machine running the app (an emulated phone there) is itself


def test_a_save_from_a_phone_is_recorded_with_the_persons_name_team_and_place(monkeypatch):
    from sprint import permissions

    monkeypatch.setattr(permissions.getpass, "getuser", lambda: "root")
    assert Actor.local("Priya Shah", team="Finance", place="on a phone").name == "Priya Shah (Finance, on a phone)"
    assert Actor.local("Priya Shah", place="on a phone").name == "Priya Shah (on a phone)"
    assert Actor.local("Priya Shah", team="Finance").name == "Priya Shah (Finance)"
    assert Actor.local("Priya\n", team=" \x00 ", place="").name == "Priya"
    # Without a name, a phone is never the facilitator's computer
    assert Actor.local("", team="Finance", place="on a phone").name == "someone on a phone (no name given)"
    assert Actor.local("", place="").name == "the facilitator at this computer"
