"""The frame around every page: opening the store, the shared sidebar, and one-off messages."""

from __future__ import annotations

import streamlit as st

from sprint import addresses, config
from sprint.dates import now_utc, today_utc
from sprint.errors import SprintError
from sprint.initiatives import Initiative
from sprint.snapshots import export_workbook, snapshot_filename
from sprint.snapshots.failure import or_failure
from sprint.store import Store
from sprint.ui import state
from sprint.ui.messages import show_error
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
            names = {i.id: i.name for i in active}
            # The widget follows the address (a link, Back), and a choice moves the address with it.
            st.session_state["sidebar_initiative"] = current.id

            def switched() -> None:
                state.set_current_initiative(st.session_state["sidebar_initiative"])

            st.selectbox("Current initiative", list(names), format_func=names.get, key="sidebar_initiative",
                         on_change=switched,
                         help="Every page shows this initiative; it is in the address, so a link or bookmark "
                              "opens it too.")
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
        from sprint.ui import room

        warning = room.address_warning()
        if warning:  # the facilitator's to fix before presenting; never projected to the room
            st.warning(warning, icon=":material/wifi_off:")
    return current


def require_initiative() -> Initiative:
    """The current initiative, named under the page's title; or an explanation and a way on (the page stops):
    no initiative yet, or an address naming one that is archived or unknown."""
    active = state.active_initiatives()
    initiative = state.current_initiative(active)
    if initiative is None:
        st.info("Create an initiative (or load the example sprint) on the Overview first.", icon=":material/info:")
        st.page_link("app_pages/overview.py", label="Go to the Overview", icon=":material/dashboard:")
        st.stop()
    if state.address_problem():
        address_problem_chooser(active)
        st.stop()
    initiative_line(initiative)
    return initiative


def initiative_line(initiative: Initiative) -> None:
    """Which initiative the page shows, right under its title (the sidebar is off-screen on a phone)."""
    parts = [initiative.department, initiative.day_text(today_utc())]
    details = md(" · ".join(p for p in parts if p))
    with st.container(key="initiative_line", gap="small"):
        st.markdown(f"#### :material/flag: {md(initiative.name)}")
        with st.container(key="initiative_details"):  # hidden on a phone
            st.caption(details)


def address_problem_chooser(active: list[Initiative]) -> None:
    """The address names an initiative that is archived or unknown: say so and offer the list."""
    asked, archived = state.address_problem()
    if archived:
        st.warning(f"This link opens '{md(archived)}', which has been archived. Restore it on the Overview, or "
                   "choose another initiative.", icon=":material/inventory_2:")
    else:
        st.warning(f"No initiative goes by '{md(asked)}' in this link (it may have been mistyped or removed). "
                   "Choose one:", icon=":material/link_off:")
    names = {i.id: i.name for i in active}

    def choose() -> None:
        chosen = st.session_state.pop("address_problem_choice", None)
        if chosen is not None:
            state.set_current_initiative(chosen)

    st.selectbox("Initiative", list(names), index=None, format_func=names.get, placeholder="Choose an initiative",
                 key="address_problem_choice", on_change=choose)


VIEW_PARAM = "view"


def view_switch(key: str, views: list[str], slugs: dict[str, str] | None = None) -> str:
    """A row of buttons choosing one view of a page. The view is in the address (`?view=entry`), so a link or
    a bookmark opens it and Back returns to the last one; without one, the session's last choice."""
    slugs = slugs or {v: addresses.short_slug(v) for v in views}
    by_slug = {slugs[v]: v for v in views}
    asked = by_slug.get(st.query_params.get(VIEW_PARAM, ""))
    state.remembered(key, views, views[0])
    if asked is not None:
        st.session_state[key] = asked

    def clicked() -> None:  # a click, not the address, changed the view: the address follows
        chosen = st.session_state.get(key) or views[0]
        st.query_params[VIEW_PARAM] = slugs[chosen]

    view = st.segmented_control("View", views, key=key, label_visibility="collapsed", on_change=clicked) or views[0]
    state.keep(key, view)
    if st.query_params.get(VIEW_PARAM) != slugs[view]:
        st.query_params[VIEW_PARAM] = slugs[view]
    return view


LARGE_SNAPSHOT = 50  # initiatives: past this, a snapshot of all of them is prepared with a progress bar


def snapshot_download(current: Initiative | None, active: list[Initiative]) -> None:
    """One click from any page: the Excel snapshot sponsors receive. Built only when clicked."""
    if not active:
        return
    scope = st.radio("Excel snapshot of", ["this initiative", "all initiatives"], horizontal=True,
                     key="snapshot_scope", label_visibility="visible") if current else "all initiatives"
    one = scope == "this initiative" and current is not None
    store, today = state.store(), today_utc()

    name = snapshot_filename(current if one else None, today)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    if not one and len(active) > LARGE_SNAPSHOT:
        # A large portfolio takes a while: prepared with a progress bar, then downloaded.
        key = ("prepared_snapshot", store.last_change(), today)
        prepared = st.session_state.get("prepared_snapshot")
        if prepared and prepared[0] == key:
            st.download_button("Download snapshot (.xlsx)", data=prepared[1], file_name=name, mime=mime,
                               icon=":material/download:", on_click="ignore", key="download_snapshot",
                               width="stretch")
            return
        if st.button(f"Prepare a snapshot of all {len(active):,}", key="prepare_snapshot", width="stretch",
                     icon=":material/hourglass_top:", help="Writes the workbook here, with its progress; then it "
                     "downloads in one click."):
            bar = st.progress(0.0, text="Reading the sprint")
            data = or_failure(lambda: export_workbook(
                store, None, exported_by=state.actor().name, today=today, now=now_utc(),
                progress=lambda share, what: bar.progress(min(1.0, share), text=what)))()
            bar.empty()
            st.session_state["prepared_snapshot"] = (key, data)
            st.rerun()
        return

    def build() -> bytes:  # runs on click, on its own thread
        return export_workbook(store, current.id if one else None, exported_by=state.actor().name,
                               today=today, now=now_utc())

    st.download_button("Download snapshot (.xlsx)", data=or_failure(build), file_name=name, mime=mime,
                       icon=":material/download:", on_click="ignore", key="download_snapshot", width="stretch")


def show_flashes() -> None:
    ask_name_if_a_save_waits()
    for kind, message in state.pop_flashes():
        if kind == "success":
            st.success(message, icon=":material/check_circle:")
            # The line above is at the top of the page: a form at the bottom (a new initiative, a new metric)
            # would just clear. The toast shows where the person is looking.
            st.toast(message, icon=":material/check_circle:")
        elif kind == "warning":
            st.warning(message)
        else:
            st.info(message)


PENDING_SAVE = "save_waiting_for_a_name"


def save_then_rerun(action, message: str, labels: dict[str, str] | None = None) -> None:
    """Run one save; on success flash `message` and redraw the page, on failure say what was wrong (field
    names shown through `labels`). A browser without sign-in that has not said who it is (a phone, another
    laptop) is asked first, in a dialog that then runs the same save: nothing is recorded as nobody."""
    from sprint.ui import access_view

    if access_view.needs_name():
        st.session_state[PENDING_SAVE] = (action, message, labels)
        st.rerun()  # the dialog opens at the top of the next run (never inside the form that asked)
    try:
        action()
    except SprintError as exc:
        show_error(exc, labels)
    else:
        state.flash(message)
        st.rerun()


def _forget_pending_save() -> None:
    st.session_state.pop(PENDING_SAVE, None)  # the dialog was closed without a name: the change is not saved


def ask_name_if_a_save_waits() -> None:
    """Keep asking while a save waits for a name (a full rerun, not only the dialog's own, still finds it)."""
    from sprint.ui import access_view

    if PENDING_SAVE in st.session_state:
        if access_view.needs_name():
            _name_first()
        else:
            st.session_state.pop(PENDING_SAVE, None)


@st.dialog("Who is saving?", on_dismiss=_forget_pending_save)
def _name_first() -> None:
    from sprint.permissions import clean_person_name
    from sprint.ui import access_view

    st.markdown("Your name goes in the audit log with this change, and with every change from this browser "
                "after it (the browser remembers it).")
    with st.form("first_save_name", border=False):
        name, team = access_view.name_fields("first_save")
        go = st.form_submit_button("Save my name and the change", type="primary", icon=":material/save:",
                                   key="first_save_go")
    if not go:
        return
    if not clean_person_name(name):
        st.error("Type your name first.", icon=":material/badge:")
        return
    access_view.set_local_name(name, team)
    pending = st.session_state.pop(PENDING_SAVE, None)
    if pending is None:  # nothing waiting (the page was reloaded): the name alone is saved
        state.flash(f"Changes from this browser are now recorded as {md(state.actor().name)}.")
        st.rerun()
    action, message, labels = pending
    try:
        action()
    except SprintError as exc:
        show_error(exc, labels)
        return
    state.flash(message)
    st.rerun()
