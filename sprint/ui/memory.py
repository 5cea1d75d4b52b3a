"""Giving memory back: a preview of a 20 MB file holds a few hundred megabytes of cells while it is shown. When
it is let go (the file removed, imported, replaced, or its session ended), the objects are freed, but the C
allocator keeps the pages for reuse, so the server would stay that large for everyone. `release()` collects
and asks glibc to return free pages to the system (a no-op where there is no glibc)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import threading
import time

_LIBC = None
_LOCK = threading.Lock()
_last = 0.0


def _libc():
    global _LIBC
    if _LIBC is None:
        try:
            _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
            _LIBC.malloc_trim.argtypes = [ctypes.c_size_t]
            _LIBC.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        except (OSError, AttributeError):
            _LIBC = False
    return _LIBC


# glibc's mallopt() parameters (malloc.h)
_M_MMAP_THRESHOLD, _M_ARENA_MAX = -3, -8
MMAP_THRESHOLD = 256 * 1024  # blocks this large are mapped on their own and unmapped when freed
ARENA_MAX = 2


def tune_allocator() -> bool:
    """Once per process, before previews run: glibc's allocator set up to give memory back.
    - A fixed mmap threshold: by default glibc raises it to the largest block freed so far (up to 32 MB), so
      after one preview the big lists and byte strings of the next come from the heap, where a few survivors
      keep them resident; fixed, every block over 256 KB is its own mapping and goes back when freed.
    - At most two arenas: each thread that allocates may otherwise get its own (up to 8 per core), and
      Streamlit runs every rerun in a new thread, so one preview's free pages end up spread over arenas that
      the next preview's thread doesn't reuse.
    False where there is no glibc (nothing to tune)."""
    libc = _libc()
    if not libc:
        return False
    try:
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(libc.mallopt(_M_ARENA_MAX, ARENA_MAX))
    except (OSError, AttributeError):
        return False


def release(*, at_most_every: float = 0.0) -> None:
    """Collect garbage and return free memory to the system (skipped if done less than `at_most_every` s ago)."""
    global _last
    with _LOCK:
        now = time.monotonic()
        if now - _last < at_most_every:
            return
        _last = now
    gc.collect()
    libc = _libc()
    if libc:
        with contextlib.suppress(OSError, AttributeError):
            libc.malloc_trim(0)


_janitor: threading.Thread | None = None
JANITOR_EVERY = 30.0  # seconds


def start_janitor(every: float = JANITOR_EVERY) -> None:
    """Once per process: a background thread that gives memory back every `every` seconds, so what a closed
    session held (Streamlit drops a session two minutes after its tab is gone) is returned without anyone
    visiting the page again."""
    global _janitor
    with _LOCK:
        if _janitor is not None:
            return
        tune_allocator()

        def loop() -> None:
            while True:
                time.sleep(every)
                _let_go_of_closed_sessions()
                release(at_most_every=every / 2)

        _janitor = threading.Thread(target=loop, name="sprint-memory-janitor", daemon=True)
        _janitor.start()


# -- what a session holds beyond its session state ---------------------------------------------------------
# A preview's parsed file and plan (hundreds of megabytes for a 20 MB file) are kept here, per session, rather
# than in st.session_state: Streamlit keeps a closed tab's session state for a while and, as seen with 1.67,
# sometimes long after that (a closed tab's session outlived its reconnect window with its file in it). Here
# the janitor lets go of what a session held once it has been gone for CLOSED_GRACE seconds.
CLOSED_GRACE = 60.0
_HELD: dict[str, dict[str, object]] = {}
_GONE_SINCE: dict[str, float] = {}


def _session_id() -> str:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx(suppress_warning=True)
        return ctx.session_id if ctx else ""
    except Exception:  # noqa: BLE001 (no Streamlit context: one shared slot)
        return ""


def kept(key: str) -> object | None:
    with _LOCK:
        return _HELD.get(_session_id(), {}).get(key)


def keep(key: str, value: object) -> None:
    with _LOCK:
        _HELD.setdefault(_session_id(), {})[key] = value


def let_go(*keys: str) -> bool:
    """Drop what this session held under `keys`; True if anything was held."""
    with _LOCK:
        held = _HELD.get(_session_id(), {})
        found = [k for k in keys if held.pop(k, None) is not None]
        return bool(found)


def _let_go_of_closed_sessions(now: float | None = None) -> int:
    """Drop what sessions gone for CLOSED_GRACE seconds held; returns how many sessions were let go."""
    try:
        from streamlit import runtime

        if not runtime.exists():
            return 0
        instance = runtime.get_instance()
        now = time.monotonic() if now is None else now
        with _LOCK:
            gone = []
            for sid in list(_HELD):
                if sid and not instance.is_active_session(sid):
                    since = _GONE_SINCE.setdefault(sid, now)
                    if now - since >= CLOSED_GRACE:
                        gone.append(sid)
                else:
                    _GONE_SINCE.pop(sid, None)
            for sid in gone:
                _HELD.pop(sid, None)
                _GONE_SINCE.pop(sid, None)
        return len(gone)
    except Exception:  # noqa: BLE001 (the janitor never stops the app)
        return 0
