"""The way in: who is using this browser session, decided once per session before any page draws.

Single sign-on when `[auth]` is in .streamlit/secrets.toml; else workshop codes once a facilitator has set any;
else the person at the machine is the facilitator (and the sidebar says anyone who can reach the URL can edit).
"""

from __future__ import annotations

import base64
import os
import time
from urllib.parse import urlsplit

import streamlit as st

from sprint.access import client_address, devices, sign_on
from sprint.access import codes as access
from sprint.access import tokens as join_tokens
from sprint.access.throttle import Throttle
from sprint.errors import SprintError
from sprint.permissions import Actor, Role, clean_person_name
from sprint.text_limits import invisible_in
from sprint.ui import state
from sprint.ui.messages import show_error
from sprint.ui.text import md

ACTOR = "signed_in_actor"
LOCAL, CODES, SSO = "local", "codes", "single sign-on"


LANE_ENV = "SPRINT_JOIN_LANE_SECONDS"  # how often one throttled try is checked (tests set it long)


@st.cache_resource
def _throttle() -> Throttle:
    try:
        lane = float(os.environ.get(LANE_ENV, "3"))
    except ValueError:
        lane = 3.0
    return Throttle(lane_every=lane)


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
    """The acting person for this session, or a sign-in screen (and the script stops).

    Setting codes never throws out a screen that is already open: a session opened while the workspace had no
    codes keeps its place (the projector keeps running; the facilitator stays in). A browser that joined with
    a code stays joined across reloads and new tabs for the workshop day (a signed cookie), until the code is
    revoked."""
    how = mode()
    st.session_state["access_mode"] = how
    if how == LOCAL:
        person = local_person()
        st.session_state[ACTOR] = (person, None)
        _write_pending_name()
        return person
    if how == SSO:
        return _single_sign_on()
    signed_in = st.session_state.get(ACTOR) or _from_cookie()
    if signed_in is not None:
        actor, code_id = signed_in
        if code_id is None or access.code_still_valid(state.store(), code_id):
            st.session_state[ACTOR] = signed_in
            _write_pending_cookie()
            return actor
        st.session_state.pop(ACTOR, None)
        st.session_state[PENDING_COOKIE] = ("", COOKIE_RUNS)  # forgotten by the one cookie writer of this run
        st.warning("The code you joined with was revoked: join again with a current code.", icon=":material/key_off:")
    _write_pending_cookie()
    _remember_asked_page()
    _code_form()
    st.stop()
    raise AssertionError("unreachable")


ASKED_PAGE = "asked_page"


def _remember_asked_page() -> None:
    """The join screen replaces the page a link or QR code opened (its address loses the page): note it, so
    joining continues there (the query, with the initiative and view, stays in the address by itself)."""
    if ASKED_PAGE not in st.session_state:
        path = urlsplit(st.context.url or "").path.strip("/")
        base = str(st.get_option("server.baseUrlPath") or "").strip("/")
        if base and path.startswith(base):
            path = path[len(base):].strip("/")
        st.session_state[ASKED_PAGE] = path


def continue_to_asked_page(current, pages: list) -> None:
    """Once someone has joined, open the page they had asked for (if their role has it), address and all."""
    asked = st.session_state.pop(ASKED_PAGE, None)
    if not asked or current.url_path == asked:
        return
    for page in pages:
        if page.url_path == asked:
            st.switch_page(page, query_params=st.query_params.to_dict())


def _secret() -> bytes:
    return join_tokens.secret_for(state.store().path)


def _from_cookie() -> tuple[Actor, int] | None:
    """A browser that joined earlier today (another tab, a reload): its signed token, if still good."""
    if st.session_state.get(SIGNED_OUT):
        return None  # this session's cookie was read when it opened; it signed out since
    try:
        token = st.context.cookies.get(join_tokens.COOKIE)
    except Exception:  # no browser context (a script run without a client)
        return None
    if not token:
        return None
    try:
        secret = _secret()
    except join_tokens.SecretUnusable:
        return None  # fail closed: nobody is let in on a cookie the secret can't vouch for (the join form says why)
    joined = join_tokens.read(secret, access.workspace_id(state.store()), token, now=time.time())
    if joined is None:
        return None
    actor = access.actor_for_code(state.store(), joined.code_id, joined.name)
    return (actor, joined.code_id) if actor else None


PENDING_COOKIE, SIGNED_OUT = "join_cookie_pending", "signed_out"


COOKIE_RUNS = 3  # a run can be cut short (a page switch, a click) before the browser has run the script


def _write_pending_cookie() -> None:
    """Hand the browser the cookie set (or cleared) by the last join or sign-out, in this run and the next few,
    so a run cut short by a page switch can't lose it (setting it again is harmless)."""
    pending = st.session_state.get(PENDING_COOKIE)
    if pending is None:
        return
    token, runs_left = pending if isinstance(pending, tuple) else (pending, COOKIE_RUNS)
    _set_cookie(token)
    if runs_left <= 1:
        st.session_state.pop(PENDING_COOKIE, None)
    else:
        st.session_state[PENDING_COOKIE] = (token, runs_left - 1)


# Local mode: the name (and team) the person at a browser typed, remembered by their browser (base64url of UTF-8
# "name\nteam", so the cookie and the script that sets it hold only URL-safe characters whatever was typed).
NAME_COOKIE, LOCAL_NAME, LOCAL_TEAM, PENDING_NAME = "sprint_local_name", "local_name", "local_team", "local_name_pending"
NAME_COOKIE_DAYS = 365
PLACE = "local_place"


def _local_name() -> str:
    if LOCAL_NAME not in st.session_state:
        try:
            raw = st.context.cookies.get(NAME_COOKIE) or ""
        except Exception:  # no browser context
            raw = ""
        raw = raw if isinstance(raw, str) else ""
        try:
            text = base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)).decode("utf-8")
        except (ValueError, UnicodeError):
            text = ""
        name, _, team = text.partition("\n")
        st.session_state[LOCAL_NAME] = clean_person_name(name)
        st.session_state[LOCAL_TEAM] = clean_person_name(team)
    return st.session_state[LOCAL_NAME]


def _local_team() -> str:
    _local_name()
    return st.session_state.get(LOCAL_TEAM, "")


def _place() -> str:
    """Where this browser is, for the audit log ('' at the machine running the app, 'on a phone', ...)."""
    if PLACE not in st.session_state:
        try:
            agent = st.context.headers.get("User-Agent") or ""
        except Exception:  # no request headers (a bare script run)
            agent = ""
        st.session_state[PLACE] = devices.place(_source() == client_address.THIS_MACHINE, agent)
    return st.session_state[PLACE]


def local_person() -> Actor:
    """Who changes from this browser are recorded as, without sign-in: 'Priya (Finance, on a phone)'."""
    return Actor.local(_local_name(), team=_local_team(), place=_place())


def needs_name() -> bool:
    """Without sign-in, a browser other than the machine running the app gives a name before its first save, so
    nothing it saves is recorded as the facilitator's computer."""
    return st.session_state.get("access_mode", LOCAL) == LOCAL and bool(_place()) and not _local_name()


def set_local_name(name: str, team: str | None = None) -> str:
    """Remember the name (and team) typed for this browser: this session at once, the browser on the next runs.
    The session's person changes at once too, so a save in the same run is recorded under the new name."""
    name = clean_person_name(name)
    team = clean_person_name(st.session_state.get(LOCAL_TEAM, "") if team is None else team)
    st.session_state[LOCAL_NAME], st.session_state[LOCAL_TEAM] = name, team
    value = base64.urlsafe_b64encode((name + ("\n" + team if team else "")).encode("utf-8")).decode("ascii")
    st.session_state[PENDING_NAME] = (value.rstrip("="), COOKIE_RUNS)
    if st.session_state.get("access_mode", LOCAL) == LOCAL:
        person = local_person()
        st.session_state[ACTOR] = (person, None)
        state.set_actor(person)
    return name


def _write_pending_name() -> None:
    pending = st.session_state.get(PENDING_NAME)
    if pending is None:
        return
    value, runs_left = pending
    _write_cookie(NAME_COOKIE, value, NAME_COOKIE_DAYS * 86400 if value else 0)
    if runs_left <= 1:
        st.session_state.pop(PENDING_NAME, None)
    else:
        st.session_state[PENDING_NAME] = (value, runs_left - 1)


def _set_cookie(token: str) -> None:
    """Store (or, with "", forget) the join token in this browser. The token is URL-safe base64 and dots, signed
    by us: nothing a person typed reaches the script as code."""
    _write_cookie(join_tokens.COOKIE, token, join_tokens.LIFETIME_HOURS * 3600 if token else 0)


def _write_cookie(name: str, value: str, age: int) -> None:
    """Set (or, with age 0, forget) a cookie of ours. Only URL-safe characters reach the script: nothing a
    person typed runs as code."""
    if not all(ch.isalnum() or ch in "-_." for ch in name + value):
        raise ValueError("a cookie of ours holds only URL-safe characters")
    with st.container(key="cookie_jar"):  # hidden (see look.py); the script runs all the same
        st.html(f"<script>document.cookie = '{name}={value}; path=/; max-age={int(age)}; SameSite=Lax'"
                "+ (location.protocol === 'https:' ? '; Secure' : '');</script>", unsafe_allow_javascript=True)


def _single_sign_on() -> Actor:
    if not st.user.is_logged_in:
        st.title("Production Sprint")
        st.markdown("Sign in to see the sprint. Your organisation's account decides what you may change.")
        if st.button("Sign in", type="primary", icon=":material/login:", key="sso_login"):
            st.login()
        st.stop()
    claims = st.user.to_dict()
    try:
        email = sign_on.verified_email(claims)
        subject = f"{claims.get('iss') or ''} {claims.get('sub') or ''}".strip()
        actor = sign_on.actor_for_account(state.store(), email, str(claims.get("name") or ""), subject)
    except SprintError as exc:
        st.title("Can't sign you in")
        show_error(exc)
        if st.button("Sign out", key="sso_logout_refused"):
            st.logout()
        st.stop()
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
    try:
        _secret()
    except join_tokens.SecretUnusable as exc:  # said in words, on the screen everyone meets first
        st.warning(f"{md(str(exc))} Joining still works, for this browser tab only.", icon=":material/key_off:")
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
        show_error(exc)
        return
    st.session_state[ACTOR] = (granted.actor, granted.code_id)
    st.session_state.pop(SIGNED_OUT, None)
    hidden = invisible_in(name)
    if hidden:  # said, so nobody wonders why the name looks different from what was pasted
        state.flash(f"Your name had {hidden} invisible character{'s' if hidden > 1 else ''} (text-direction or "
                    f"zero-width marks); {'they were' if hidden > 1 else 'it was'} removed. You appear as "
                    f"**{md(granted.name)}**.", "warning")
    try:
        st.session_state[PENDING_COOKIE] = join_tokens.make(_secret(), access.workspace_id(state.store()),
                                                            granted.code_id, granted.name or granted.actor.name,
                                                            now=time.time())
    except join_tokens.SecretUnusable as exc:  # joined in this tab; no cookie signed with a key we can't trust
        state.flash(f"{md(str(exc))} You are signed in for this browser tab only.", "warning")
    st.rerun()


def _source() -> str:
    """Who is guessing: the browser's address, with forwarded headers trusted only from the proxies named in
    SPRINT_TRUSTED_PROXIES (see sprint.client_address). Browsers on this machine share one count, so opening
    a new tab doesn't start the count afresh."""
    try:
        forwarded = st.context.headers.get_all("X-Forwarded-For")
    except Exception:  # no request headers (a bare script run)
        forwarded = []
    peer = getattr(st.context, "ip_address", None)
    return client_address.source(peer if isinstance(peer, str) else None, forwarded,  # a test's stand-in: none
                                 client_address.trusted_proxies())


def sign_out_control(actor: Actor) -> None:
    """The sidebar's line about who is here, and how to leave."""
    how = st.session_state.get("access_mode", LOCAL)
    if how == LOCAL:
        _local_name_control(actor)
        st.caption(":material/lock_open: No sign-in is set up: anyone who can open this address can view and edit. "
                   "Set codes or single sign-on on the People page.")
        return
    scope = f" for {', '.join(sorted(actor.departments))}" if actor.departments else ""
    st.caption(f":material/badge: {md(actor.name)} · {actor.role}{md(scope)}")
    if st.button("Sign out", key="sign_out", icon=":material/logout:", width="stretch"):
        if how == SSO:
            st.logout()
        st.session_state.pop(ACTOR, None)
        st.session_state[PENDING_COOKIE] = ""  # forgotten by this browser on the join screen's run
        st.session_state[SIGNED_OUT] = True
        st.rerun()


def _local_name_control(actor: Actor) -> None:
    """Who the changes from this browser are recorded as, and a way to give a real name once."""
    typed = bool(st.session_state.get(LOCAL_NAME))
    st.caption(f":material/person: Changes are recorded as **{md(actor.name)}**.")
    with (st.popover("Change your name" if typed else "Set your name", icon=":material/edit:",
                     width="stretch"),
          st.form("local_name_form", border=False, enter_to_submit=True)):
        saved = name_fields("local_name")
        if st.form_submit_button("Save my name", type="primary"):
            saved = set_local_name(*saved)
            state.flash(f"Changes from this browser are now recorded as {md(local_person().name)}." if saved
                        else "Changes from this browser are recorded under this computer's login again.")
            st.rerun()


def name_fields(key: str) -> tuple[str, str]:
    """The two fields a person gives once: their name and (optionally) their team, as typed so far."""
    a, b = st.columns(2)
    name = a.text_input("Your name", value=st.session_state.get(LOCAL_NAME, ""), placeholder="e.g. Priya Shah",
                        key=f"{key}_input", max_chars=60,
                        help="Shown in the audit log and the Excel snapshots. This browser remembers it.")
    team = b.text_input("Your team (optional)", value=st.session_state.get(LOCAL_TEAM, ""),
                        placeholder="e.g. Finance", key=f"{key}_team", max_chars=60)
    return name, team


def is_facilitator(actor: Actor) -> bool:
    return actor.role is Role.FACILITATOR
