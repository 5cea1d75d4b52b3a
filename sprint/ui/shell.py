"""The frame around every page: opening the store, the shared sidebar, and one-off messages."""

from __future__ import annotations

import streamlit as st

from sprint import config
from sprint.dates import now_utc, today_utc
from sprint.errors import SprintError
from sprint.exporting import export_workbook, snapshot_filename
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
        snapshot_download(current, active)
        from sprint.ui import access_view

        access_view.sign_out_control(state.actor())
        if st.button("Present to the room", icon=":material/co_present:", key="start_presenting", width="stretch",
                     help="Large, read-only screens with Previous / Next; figures update as people save. "
                          "Or open the address with ?present=1."):
            from sprint.ui import presenter

            presenter.start(st.context.url.split("?")[0].rstrip("/").rsplit("/", 1)[-1]
                            if st.context.url else "")
            st.rerun()
    return current


def require_initiative() -> Initiative:
    """The current initiative, or an explanation and a way to the Overview (and the page stops)."""
    initiative = state.current_initiative(state.active_initiatives())
    if initiative is None:
        st.info("Create an initiative (or load the example sprint) on the Overview first.", icon=":material/info:")
        st.page_link("app_pages/overview.py", label="Go to the Overview", icon=":material/dashboard:")
        st.stop()
    return initiative


def view_switch(key: str, views: list[str]) -> str:
    """A row of buttons choosing one view of a page; the choice is remembered across pages."""
    state.remembered(key, views, views[0])
    view = st.segmented_control("View", views, key=key, label_visibility="collapsed") or views[0]
    state.keep(key, view)
    return view


def snapshot_download(current: Initiative | None, active: list[Initiative]) -> None:
    """One click from any page: the Excel snapshot sponsors receive. Built only when clicked."""
    if not active:
        return
    scope = st.radio("Excel snapshot of", ["this initiative", "all initiatives"], horizontal=True,
                     key="snapshot_scope", label_visibility="visible") if current else "all initiatives"
    one = scope == "this initiative" and current is not None
    store, today = state.store(), today_utc()

    def build() -> bytes:  # runs on click, on its own thread
        return export_workbook(store, current.id if one else None, exported_by=state.actor().name,
                               today=today, now=now_utc())

    st.download_button("Download snapshot (.xlsx)", data=build, file_name=snapshot_filename(current if one else None,
                                                                                            today),
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       icon=":material/download:", on_click="ignore", key="download_snapshot", width="stretch")


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
        lines = [f"- **{md(_where(p, labels))}**: {md(p.message)}" for p in exc.problems]
        return "Nothing was saved. Please fix:\n" + "\n".join(lines)
    return md(exc)


def _where(problem, labels: dict[str, str]) -> str:
    """'sheet '_actuals', row 3, value' or 'row 2, $ saved / month' or just the field's label."""
    parts = []
    if problem.sheet:
        parts.append(f"sheet '{problem.sheet}'")
    if problem.row is not None:
        parts.append(f"row {problem.row}")
    parts.append(labels.get(problem.field, problem.field))
    return ", ".join(parts)


def show_error(exc: SprintError, labels: dict[str, str] | None = None) -> None:
    st.error(error_markdown(exc, labels), icon=":material/error:")


def save_then_rerun(action, message: str, labels: dict[str, str] | None = None) -> None:
    """Run one save; on success flash `message` and redraw the page, on failure say what was wrong (field
    names shown through `labels`)."""
    try:
        action()
    except SprintError as exc:
        show_error(exc, labels)
    else:
        state.flash(message)
        st.rerun()
