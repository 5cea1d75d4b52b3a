"""Signing in: workshop codes, single sign-on (st.user via AppTest), and what each role then sees."""

from __future__ import annotations

import pytest

from sprint import initiatives
from sprint.access import codes as access
from sprint.access import sign_on
from sprint.dates import today_utc
from sprint.errors import PermissionDenied
from sprint.permissions import Actor, Role
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.ui import state
from tests.app.conftest import texts

FAC = Actor("Fran", Role.FACILITATOR)
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "not-a-real-secret-0123456789",
        "client_id": "sprint", "client_secret": "secret", "server_metadata_url":
        "http://127.0.0.1:9/.well-known/openid-configuration"}


def test_local_mode_warns_that_anyone_can_edit_and_offers_the_people_page(app):
    at = app()
    at.run()
    assert "anyone who can open this address can view and edit" in texts(at, "caption")
    at.switch_page("app_pages/people.py").run()
    assert not at.exception and "Now: no sign-in" in texts(at, "markdown")


def test_in_local_mode_changes_are_recorded_under_the_name_typed_not_the_login(app, example_db):
    at = app()
    at.run()
    recorded_as = texts(at, "caption").split("Changes are recorded as **")[1].split("**")[0]
    assert recorded_as.endswith("at this computer") and recorded_as != "root at this computer"
    at.text_input(key="local_name_input").input("  Fran\tOkafor  ")
    at.button(key="FormSubmitter:local_name_form-Save my name").click().run()
    assert "Changes are recorded as **Fran Okafor**." in texts(at, "caption")
    assert at.session_state["current_actor"].name == "Fran Okafor"
    assert at.session_state["local_name_pending"][0]  # the browser is handed the name to remember


def test_codes_wrong_then_right_and_the_department_head_sees_only_their_department(app, example_db):
    at = app()
    at.run()  # opens the store
    store = state.store()
    access.add_code(store, FAC, Role.FACILITATOR, "facilitate-2026")
    access.add_code(store, FAC, Role.DEPARTMENT_HEAD, "CS-4KQ7X", "Customer Support")
    at.run()  # a screen open before the codes were set stays open (the projector keeps running)
    assert "Overview" in [t.value for t in at.title] and "Join the sprint" not in [t.value for t in at.title]
    at = app()  # a new browser joins with a code
    at.run()
    assert "Join the sprint" in [t.value for t in at.title]
    at.text_input(key="join_name").input("Hal")
    at.text_input(key="join_code").input("CS-4KQ7Y")
    at.button[0].click().run()
    assert "did not open the workspace" in texts(at, "error")
    at.text_input(key="join_name").input("<b>Hal</b>")
    at.text_input(key="join_code").input("cs 4kq7x")
    at.button[0].click().run()
    assert not at.exception
    # Shown as typed, with the code that let them in (a typed name is a claim, not a checked identity).
    assert "<b>Hal</b> (joined with the Customer Support code) · department head for Customer Support" in texts(
        at, "caption")
    # Where a department head may not edit, the page is the read-only view, at the same address.
    assert "View only" in texts(at, "caption") and "Overview" in [t.value for t in at.title]
    support = next(i for i in initiatives.list_all(store) if i.name == "Support ticket assistant")
    at.sidebar.selectbox[0].set_value(support.id).run()
    at.switch_page("app_pages/step5_outcomes.py").run()
    at.segmented_control[0].set_value("Monthly entry").run()
    assert at.button_group(key="department").options == ["Customer Support"]
    # Revoking the code ends the session at its next rerun.
    code_id = next(c.id for c in access.list_codes(store) if c.role is Role.DEPARTMENT_HEAD)
    access.revoke_code(store, FAC, code_id)
    at.run()
    assert "Join the sprint" in [t.value for t in at.title] and "was revoked" in texts(at, "warning")


def _signed_in(app, email: str, name: str, *, verified: bool = True):
    """A browser signed in by single sign-on as `email`, after its first run."""
    at = app()
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": True, "email": email, "email_verified": verified, "name": name}
    at.run()
    return at


def test_a_signed_in_viewer_reads_the_dashboard_and_cannot_reach_entry(app, example_db):
    at = _signed_in(app, "boss@acme.test", "Bo")  # the first person in becomes the facilitator
    assert "Bo · facilitator" in texts(at, "caption")
    store = state.store()
    sign_on.set_person(store, FAC, "vic@acme.test", Role.VIEWER, [], "Vic")
    viewer = _signed_in(app, "vic@acme.test", "Vic")
    assert "Vic · viewer" in texts(viewer, "caption")
    viewer.switch_page("app_pages/step5_outcomes.py").run()
    assert not viewer.exception
    assert len(viewer.segmented_control) == 1 and viewer.segmented_control[0].options == ["Success dashboard"]
    assert "view-only access" in texts(viewer, "caption")


def test_single_sign_on_asks_to_sign_in_and_keeps_unknown_people_out_when_set(app):
    at = app()
    at.secrets["auth"] = AUTH
    at.user = {"is_logged_in": False}
    at.run()
    assert [b.label for b in at.button] == ["Sign in"]
    _signed_in(app, "first@acme.test", "First")  # the first person in sets the workspace up
    sign_on.set_unknown_people(state.store(), FAC, sign_on.UNKNOWN_NONE)
    stranger = _signed_in(app, "eve@elsewhere.test", "Eve")
    assert "No access yet" in [t.value for t in stranger.title]
    assert "eve@elsewhere.test" in texts(stranger, "markdown")


def test_a_department_head_saving_another_departments_month_is_refused_in_sprint(app, example_db):
    at = app()
    at.run()
    store = state.store()
    support = next(i for i in initiatives.list_all(store) if i.name == "Support ticket assistant")
    finance = metrics.list_metrics(store, support.id, "Finance")[0]
    head = Actor("Hal", Role.DEPARTMENT_HEAD, frozenset({"Customer Support"}))
    month = max(actuals.open_months(support, today_utc()))
    with pytest.raises(PermissionDenied, match="department head for Customer Support"):
        actuals.save_month(store, head, support, "Finance", month, {finance.id: "1"}, {finance.id: None},
                           today=today_utc())


def test_the_people_page_asks_for_a_department_only_for_a_departments_code_and_keeps_the_choice(app, example_db):
    at = app()
    at.run()
    access.add_code(state.store(), FAC, Role.FACILITATOR, "facilitate-2026")  # this open screen stays in
    at.switch_page("app_pages/people.py").run()
    assert at.radio(key="code_kind_0").value == "Facilitator passcode"
    assert not [s for s in at.selectbox if s.key == "code_department_0"]  # a passcode has no department
    at.radio(key="code_kind_0").set_value("Join code for a department").run()
    at.selectbox(key="code_department_0").set_value("Finance")
    at.button(key="FormSubmitter:new_code_0-Save the code").click().run()
    assert not at.exception and "Saved. Share the code" in texts(at, "success"), texts(at, "error")
    assert [c.department for c in access.list_codes(state.store()) if c.department] == ["Finance"]
    assert at.radio(key="code_kind_1").value == "Join code for a department"  # the choice stays on what was saved
    assert [s.key for s in at.selectbox if s.key == "code_department_1"] == ["code_department_1"]


def test_an_unverified_address_is_refused_with_the_reason(app, example_db):
    _signed_in(app, "fran@acme.test", "Fran")  # Fran sets the workspace up
    mallory = _signed_in(app, "FRAN@acme.test", "Fran?", verified=False)
    assert "Can't sign you in" in [t.value for t in mallory.title]
    assert "does not say that FRAN@acme.test is verified" in texts(mallory, "error")
    assert "facilitator" not in texts(mallory, "caption")


def test_a_damaged_join_secret_is_said_in_words_and_joining_still_works_for_the_tab(app, example_db, monkeypatch):
    """A 0-byte secret (a full disk at the first join) is never used to sign anything; the join screen says
    how to fix it, nobody gets an exception box, and a person with a code still gets in, in this tab."""
    from sprint.access import tokens as join_tokens

    monkeypatch.delenv(join_tokens.SECRET_ENV, raising=False)
    at = app()
    at.run()
    store = state.store()
    access.add_code(store, FAC, Role.FACILITATOR, "facilitate-2026")
    (example_db.parent / (example_db.name + ".secret")).write_text("")
    at = app()
    at.run()
    assert not at.exception and "Join the sprint" in [t.value for t in at.title]
    assert "is damaged (empty)" in texts(at, "warning") and "Delete the file" in texts(at, "warning")
    at.text_input(key="join_name").input("Fran")
    at.text_input(key="join_code").input("facilitate-2026")
    at.button[0].click().run()
    assert not at.exception and "Overview" in [t.value for t in at.title]
    assert "signed in for this browser tab only" in texts(at, "warning")


def test_a_code_revoked_moments_after_joining_brings_back_the_join_form_not_an_exception(app, example_db):
    """#32 defect 9: revoked while the browser was still being handed its cookie, the joined person got an
    exception box (two cookie writers in one run) instead of the join form."""
    at = app()
    at.run()
    store = state.store()
    access.add_code(store, FAC, Role.FACILITATOR, "facilitate-2026")
    code = access.add_code(store, FAC, Role.DEPARTMENT_HEAD, "CS-4KQ7X", "Customer Support")
    head = app()
    head.run()
    head.text_input(key="join_name").input("Hal")
    head.text_input(key="join_code").input("CS-4KQ7X")
    head.button[0].click().run()
    assert not head.exception and "Join the sprint" not in [t.value for t in head.title]
    access.revoke_code(store, FAC, code)
    head.run()
    assert not head.exception
    assert "The code you joined with was revoked" in texts(head, "warning")
    assert "Join the sprint" in [t.value for t in head.title]


def test_a_name_with_invisible_characters_is_joined_without_them_and_told(app, example_db):
    at = app()
    at.run()
    access.add_code(state.store(), FAC, Role.FACILITATOR, "facilitate-2026")
    access.add_code(state.store(), FAC, Role.VIEWER, "ROOM-2222")
    viewer = app()
    viewer.run()
    viewer.text_input(key="join_name").input("Vic\u202e\u200b")
    viewer.text_input(key="join_code").input("ROOM-2222")
    viewer.button[0].click().run()
    assert not viewer.exception
    assert "Your name had 2 invisible characters" in texts(viewer, "warning")
    assert r"Vic \(joined with a viewer code\) · viewer" in " ".join(c.value for c in viewer.sidebar.caption)
