"""The frame around every page: opening the store, the shared sidebar, and one-off messages."""

from __future__ import annotations

import streamlit as st

from sprint import config
from sprint.dates import today_utc
from sprint.errors import SprintError
from sprint.initiatives import Initiative
from sprint.store import Store
from sprint.ui import state
from sprint.ui.text import md


def open_store_or_stop() -> Store:
    try:
        return state.store()
    except SprintError as exc:
        st.error(f"**The app can't open its database.** {md(exc)}", icon=":material/database:")
        st.caption(f"Database path: `{config.db_path()}` (set {config.DB_ENV_VAR} to use another file).")
        st.stop()


def sidebar(active: list[Initiative]) -> Initiative | None:
    """The current-initiative switcher and the access notice, on every page."""
    current = state.current_initiative(active)
    with st.sidebar:
        if current is not None:
            ids = [i.id for i in active]
            names = {i.id: i.name for i in active}
            chosen = st.selectbox("Current initiative", ids, index=ids.index(current.id),
                                  format_func=lambda i: names[i],
                                  help="Every page shows this initiative. Your choice stays as you move between pages.")
            if chosen != current.id:
                state.set_current_initiative(chosen)
                current = next(i for i in active if i.id == chosen)
            st.caption(f"{current.day_text(today_utc())} · {current.stage}")
        st.caption(
            ":material/lock_open: No sign-in is set up: anyone who can open this address can view and edit."
        )
    return current


def show_flashes() -> None:
    for kind, message in state.pop_flashes():
        if kind == "success":
            st.success(message, icon=":material/check_circle:")
        elif kind == "warning":
            st.warning(message)
        else:
            st.info(message)


def error_markdown(exc: SprintError, labels: dict[str, str] | None = None) -> str:
    """A refused change, phrased for the person: each problem on its own line, fields by their labels."""
    from sprint.errors import ValidationError

    if isinstance(exc, ValidationError):
        labels = labels or {}
        lines = [f"- **{md(labels.get(p.field, p.field))}**: {md(p.message)}" for p in exc.problems]
        return "Nothing was saved. Please fix:\n" + "\n".join(lines)
    return md(exc)


def show_error(exc: SprintError, labels: dict[str, str] | None = None) -> None:
    st.error(error_markdown(exc, labels), icon=":material/error:")
