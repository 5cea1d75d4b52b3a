"""Screens that follow the data live: a presenter screen is woken by the server the moment anything is saved in
this process (no waiting for its next poll), so a phone's save reaches the projector in about a second.

Each presenting browser session registers here; the store tells us after every commit; we ask each registered
session to run its script again with its last state, the same way Streamlit reruns a session when its source
file changes. Several saves within WAKE_DELAY seconds make one rerun. A session that closed is forgotten. The
presenter's slow poll (presenter.POLL_SECONDS) stays as the fallback for changes made by another process (the
command line) and if waking fails: it costs little at that rate.
"""

from __future__ import annotations

import logging
import threading

from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sprint.store import Store

WAKE_DELAY = 0.15  # seconds: saves closer together than this wake a screen once
_log = logging.getLogger(__name__)
_lock = threading.Lock()
_watching: dict[str, set[str]] = {}  # the store's path -> the ids of the sessions presenting it
_pending: set[str] = set()  # stores whose screens have a wake already scheduled
_hooked: set[int] = set()  # the stores we listen to (by id)


def follow(store: Store) -> None:
    """Wake this browser session whenever `store` changes (call on each run while presenting)."""
    ctx = get_script_run_ctx()
    if ctx is None or not runtime.exists():
        return  # a bare script run or a test: the poll is enough
    key = str(store.path)
    with _lock:
        _watching.setdefault(key, set()).add(ctx.session_id)
        if id(store) not in _hooked:
            _hooked.add(id(store))
            store.on_change(lambda: _changed(key))


def unfollow() -> None:
    """Stop waking this session (it stopped presenting)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with _lock:
        for sessions in _watching.values():
            sessions.discard(ctx.session_id)


def _changed(key: str) -> None:
    """A commit in the store at `key`: one timer wakes all its presenting screens (saves within WAKE_DELAY of it
    ride along)."""
    with _lock:
        if key in _pending or not _watching.get(key):
            return
        _pending.add(key)
    timer = threading.Timer(WAKE_DELAY, _wake_all, args=(key,))
    timer.daemon = True
    timer.start()


def _wake_all(key: str) -> None:
    with _lock:
        _pending.discard(key)
        sessions = list(_watching.get(key, ()))
    for session_id in sessions:
        _wake(key, session_id)


def _wake(key: str, session_id: str) -> None:
    try:
        session = runtime.get_instance().get_app_session(session_id) if runtime.exists() else None
    except Exception:  # the runtime is stopping
        session = None
    if session is None:  # the browser closed: forget it
        with _lock:
            _watching.get(key, set()).discard(session_id)
        return
    try:
        session.request_rerun(session._client_state)  # noqa: SLF001 - its last state, as a source change does
    except Exception:  # the session is shutting down; its poll, if any, takes over
        _log.debug("could not wake session %s", session_id, exc_info=True)
