"""The way in: who is using this browser session, decided once per session before any page draws.

Single sign-on when `[auth]` is in .streamlit/secrets.toml; else workshop codes once a facilitator has set any;
else the person at the machine is the facilitator (and the sidebar says anyone who can reach the URL can edit).
"""

from __future__ import annotations

import streamlit as st

from sprint import access
from sprint.errors import SprintError
from sprint.permissions import Actor, Role
from sprint.ui import shell, state
from sprint.ui.text import md

ACTOR = "signed_in_actor"
LOCAL, CODES, SSO = "local", "codes", "single sign-on"


@st.cache_resource
def _throttle() -> access.Throttle:
    return access.Throttle()


def sso_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


@st.cache_resource(max_entries=4, show_spinner=False)
def _codes_in_use(db: str, change: int) -> bool:
    return access.codes_in_use(state.store())


def mode() -> str:
    if sso_configured():
        return SSO
    store = state.store()  # codes change only by writes, which move the audit head: read once per change
    return CODES if _codes_in_use(str(store.path), store.changed("access_codes")) else LOCAL


def who_is_here() -> Actor:
    """The acting person for this session, or a sign-in screen (and the script stops)."""
    how = mode()
    st.session_state["access_mode"] = how
    if how == LOCAL:
        st.session_state.pop(ACTOR, None)
        return Actor.local()
    if how == SSO:
        return _single_sign_on()
    signed_in = st.session_state.get(ACTOR)
    if signed_in is not None:
        actor, code_id = signed_in
        if code_id is None or access.code_still_valid(state.store(), code_id):
            return actor
        st.session_state.pop(ACTOR, None)
        st.warning("The code you joined with was revoked: join again with a current code.", icon=":material/key_off:")
    _code_form()
    st.stop()
    raise AssertionError("unreachable")


def _single_sign_on() -> Actor:
    if not st.user.is_logged_in:
        st.title("Production Sprint")
        st.markdown("Sign in to see the sprint. Your organisation's account decides what you may change.")
        if st.button("Sign in", type="primary", icon=":material/login:", key="sso_login"):
            st.login()
        st.stop()
    email, name = str(st.user.get("email") or ""), str(st.user.get("name") or "")
    actor = access.actor_for_account(state.store(), email, name)
    if actor is None:
        st.title("No access yet")
        st.markdown(f"You are signed in as **{md(email)}**, but this workspace has not been opened to you. Ask "
                    "the facilitator to add you on the People page.")
        if st.button("Sign out", key="sso_logout_denied"):
            st.logout()
        st.stop()
    return actor


def _code_form() -> None:
    st.title("Join the sprint")
    st.markdown("Type your name and the code the facilitator gave you: the join code for your department, the "
                "viewer code, or the facilitator passcode.")
    with st.form("join", border=True, enter_to_submit=True):
        name = st.text_input("Your name", max_chars=access.NAME_MAX, key="join_name",
                             help="Recorded beside every change you make.")
        code = st.text_input("Code", type="password", key="join_code")
        submitted = st.form_submit_button("Join", type="primary", icon=":material/login:")
    if not submitted:
        return
    source = _source()
    try:
        granted = access.sign_in_with_code(state.store(), _throttle(), source, code, name)
    except SprintError as exc:
        shell.show_error(exc)
        return
    st.session_state[ACTOR] = (granted.actor, granted.code_id)
    st.rerun()


def _source() -> str:
    """Who is guessing: the browser's address when Streamlit knows it. Without one (a browser on the same
    machine), every such browser shares one count, so opening a new tab doesn't start the count afresh."""
    address = getattr(st.context, "ip_address", None)
    return str(address) if address else "address unknown"


def sign_out_control(actor: Actor) -> None:
    """The sidebar's line about who is here, and how to leave."""
    how = st.session_state.get("access_mode", LOCAL)
    if how == LOCAL:
        st.caption(":material/lock_open: No sign-in is set up: anyone who can open this address can view and edit. "
                   "Set codes or single sign-on on the People page.")
        return
    scope = f" for {', '.join(sorted(actor.departments))}" if actor.departments else ""
    st.caption(f":material/badge: {md(actor.name)} · {actor.role}{md(scope)}")
    if st.button("Sign out", key="sign_out", icon=":material/logout:", width="stretch"):
        if how == SSO:
            st.logout()
        st.session_state.pop(ACTOR, None)
        st.rerun()


def is_facilitator(actor: Actor) -> bool:
    return actor.role is Role.FACILITATOR
