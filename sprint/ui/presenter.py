"""Presenter mode: the sprint as a story for the room. Read-only screens in the roadmap's order, large type,
Previous / Next, and figures that refresh on their own when someone saves."""

from __future__ import annotations

import datetime as dt
import importlib

import streamlit as st

from sprint import portfolio
from sprint.initiatives import Initiative
from sprint.plan import charts as plan_charts
from sprint.plan import rules as plan
from sprint.plan import store as plan_store
from sprint.steps import OUTCOMES, STEPS
from sprint.store import Store
from sprint.ui import live, room_questions, state, widgets
from sprint.ui.room import SCALE, address_warning, join_panel, literal

# A save in this process wakes the screens at once (sprint.ui.live); the poll is the fallback for changes made
# elsewhere (the command line). 20 screens polling every 3 s cost the server 0.64 cores; every 10 s, a third.
POLL_SECONDS = 10
SCREENS = ("Overview", "90-day plan", *(step.label for step in STEPS))
# Each screen's name in the address (`?present=1&screen=outcomes`), the same as its page's address, so the
# page a facilitator was on decides the first screen when they start presenting.
SCREEN_SLUGS = ("overview", "plan", *(step.slug for step in STEPS))
PRESENTING, SCREEN, SEEN = "presenting", "present_screen", "present_seen"
PRESENT_PARAM, SCREEN_PARAM = "present", "screen"
QR_SCREENS = (0, SCREEN_SLUGS.index(OUTCOMES.slug))  # where the room is asked to type numbers: the Overview and Step 5


def presenting() -> bool:
    if st.query_params.get(PRESENT_PARAM) == "1":
        st.session_state[PRESENTING] = True
    return bool(st.session_state.get(PRESENTING))


def start(page_path: str) -> None:
    st.session_state[PRESENTING] = True
    screen = SCREEN_SLUGS.index(page_path) if page_path in SCREEN_SLUGS else 0
    st.session_state[SCREEN] = screen
    st.query_params[PRESENT_PARAM] = "1"
    st.query_params[SCREEN_PARAM] = SCREEN_SLUGS[screen]
    for name in ("view", "department"):  # a page's own state; the presenter has screens instead
        st.query_params.pop(name, None)


def stop() -> None:
    """Back to the page of the screen being presented (its initiative stays in the address)."""
    from sprint.ui import access_view

    screen = st.session_state.get(SCREEN, 0)
    live.unfollow()
    st.session_state[PRESENTING] = False
    st.query_params.pop(PRESENT_PARAM, None)
    st.query_params.pop(SCREEN_PARAM, None)
    st.session_state[access_view.ASKED_PAGE] = "" if screen == 0 else SCREEN_SLUGS[screen]


# A presentation clicker sends PageDown / PageUp (some send the arrow keys); a keyboard has Space too. The keys
# press the Back and Next buttons themselves, so a key does exactly what a click does. Keys typed into a field
# (the initiative switcher) are left alone.
_KEYS_JS = """
export default function () {
  if (window.__sprintPresenterKeys) return;
  window.__sprintPresenterKeys = true;
  const NEXT = ["ArrowRight", "PageDown", " ", "Spacebar"];
  const BACK = ["ArrowLeft", "PageUp"];
  window.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (target && (target.closest("input, textarea, select, [contenteditable='true'], [role='combobox'], "
                                  + "[role='listbox'], [data-baseweb='select']"))) return;
    const back = BACK.includes(event.key) || (event.key === " " && event.shiftKey);
    const next = !back && NEXT.includes(event.key);
    if (!back && !next) return;
    const button = document.querySelector(back ? ".st-key-present_prev button" : ".st-key-present_next button");
    if (!button) return;  // not presenting
    event.preventDefault();
    if (!button.disabled) button.click();
  }, true);
}
"""
_keys = st.components.v2.component("sprint_presenter_keys", js=_KEYS_JS)


def _live() -> None:
    """Polls the store's last-change value (held in memory: no query) and redraws the page only if it moved."""
    change = state.store().last_change()
    if st.session_state.get(SEEN) not in (None, change):
        st.session_state[SEEN] = change
        st.rerun(scope="app")
    st.session_state[SEEN] = change


def current_screen() -> int:
    """The screen the address names (a reload or a second screen shows the same), else this session's."""
    asked = st.query_params.get(SCREEN_PARAM)
    if asked in SCREEN_SLUGS:
        st.session_state[SCREEN] = SCREEN_SLUGS.index(asked)
    index = st.session_state.setdefault(SCREEN, 0)
    if asked != SCREEN_SLUGS[index]:
        st.query_params[SCREEN_PARAM] = SCREEN_SLUGS[index]
    return index


def _go(index: int) -> None:
    st.session_state[SCREEN] = index
    st.query_params[SCREEN_PARAM] = SCREEN_SLUGS[index]


def _switch_initiative() -> None:
    chosen = st.session_state.get("present_initiative")
    if chosen is not None:
        state.set_current_initiative(chosen)


def frame(initiative: Initiative | None) -> int:
    """The header (Previous, the screen and its initiative, the initiative switcher, Next, Stop) and the live
    poller; returns the screen."""
    index = current_screen()
    back, middle, switch, ahead, end = st.columns([1.1, 4.2, 3.5, 1.1, 1.1], vertical_alignment="center")
    # Named buttons with no tooltip: a tooltip left over the screen's top-right figure after each click.
    back.button("Back", icon=":material/arrow_back:", key="present_prev", disabled=index == 0, width="stretch",
                on_click=_go, args=(index - 1,))
    ahead.button("Next", icon=":material/arrow_forward:", key="present_next", disabled=index == len(SCREENS) - 1,
                 width="stretch", on_click=_go, args=(index + 1,))
    if end.button("Stop", icon=":material/close:", key="present_stop", width="stretch"):
        stop()
        st.rerun()
    _keys(key="presenter_keys")
    middle.title(SCREENS[index], anchor=False)
    warning = address_warning()
    middle.caption(f"{index + 1} of {len(SCREENS)}"
                   + (f" · next: {SCREENS[index + 1]}" if index < len(SCREENS) - 1 else "")
                   + " · :material/sensors: live" + (" · :material/wifi_off:" if warning else ""),
                   help="Keys: Right, PageDown or Space for the next screen; Left or PageUp for the one before (a "
                        "presentation clicker works). Figures update on their own within seconds of a save."
                        + (f"\n\n{warning}" if warning else ""))
    active = state.active_initiatives()
    if initiative is not None:
        names = {i.id: i.name for i in active}
        st.session_state["present_initiative"] = initiative.id
        slug = SCREEN_SLUGS[index]
        if room_questions.asks_here(state.store(), initiative, slug):
            switch, ask = switch.columns([1.7, 1.1], vertical_alignment="center")
            with ask:
                room_questions.ask_menu(state.store(), initiative, slug)
        switch.selectbox("Initiative on screen", list(names), format_func=names.get, key="present_initiative",
                         on_change=_switch_initiative, label_visibility="collapsed",
                         help="The initiative these screens show, and where the room's QR code leads.")
    live.follow(state.store())
    st.fragment(_live, run_every=POLL_SECONDS)()
    return index


ROOM_ROWS = 6  # the Overview's rows on one projected screen (1280 x 720): more are paged, "1-6 of 14"


def overview_screen(store: Store, today: dt.date, initiative: Initiative | None = None) -> None:
    active = state.active_initiatives()
    pictures = state.pictures(today)
    numbers = portfolio.summary(active, today)
    main, side = st.columns([4.4, 1])
    with main:
        with st.container(key="room_figures"):
            st.markdown(f"**{numbers.active}** initiative{'s' if numbers.active != 1 else ''} · "
                        f"**{numbers.in_production}** in production · **{numbers.stuck_in_pilot}** past day 90, "
                        f"still a pilot · **{sum(1 for p in pictures if p.red_flags)}** with red flags")
        if not active:
            st.info("No initiatives yet. Stop presenting, then load the example sprint or create an initiative on "
                    "the Overview: these screens fill in as you go.", icon=":material/rocket_launch:")
        else:
            if len(pictures) > ROOM_ROWS:  # those needing attention first, then the rest as listed
                flagged = portfolio.attention(pictures, limit=len(pictures))
                pictures = flagged + [p for p in pictures if p not in flagged]
            shown = _room_page(pictures)
            with st.container(key="room_table"):
                st.table(_short_cells_on_one_line(literal(portfolio.room_table(shown, today))), hide_index=True,
                         border="horizontal")
    with side:
        join_panel(initiative)


ONE_LINE = ("Day", "Ready", "Weakest")  # short cells: kept on one line, the names and headlines wrap


def _short_cells_on_one_line(frame):
    """Non-breaking spaces in the short columns, so 'Day 76 of 90' never breaks and a six-pilot sprint fits."""
    frame = frame.copy()
    for column in ONE_LINE:
        frame[column] = frame[column].map(lambda v: v.replace(" ", "\u00a0") if isinstance(v, str) else v)
    return frame.rename(columns={c: c.replace(" ", "\u00a0") for c in ONE_LINE})


def _room_page(ordered: list) -> list:
    """One screen's rows: all of a small sprint; a larger one in pages of ROOM_ROWS, those needing attention
    first, chosen beside the table ('Rows 1-6 of 14')."""
    if len(ordered) <= ROOM_ROWS:
        return ordered
    starts = list(range(0, len(ordered), ROOM_ROWS))
    start = st.segmented_control(
        "Rows", starts, default=0, key="room_rows", label_visibility="collapsed",
        format_func=lambda k: f"{k + 1}-{min(k + ROOM_ROWS, len(ordered))} of {len(ordered)}") or 0
    return ordered[start:start + ROOM_ROWS]


def plan_screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    day = initiative.day(today)
    timeline, side = st.columns([5, 1])  # the launch figure beside the timeline: both on one projected screen
    with timeline:
        widgets.chart(plan_charts.timeline_chart(day if 1 <= day <= 90 else None, scale=SCALE), scale=SCALE)
    latest = plan.latest(plan_store.launch_volume(store, initiative.id))
    side.metric("Volume in production", plan.launch_share_text(latest),
                help="The limited launch of days 61-90: 10-20% of the volume.")
    side.caption(f"{initiative.day_text(today)} · {plan.launch_status(latest, initiative.stage)}")


def show(index: int, store: Store, initiative: Initiative | None, today: dt.date) -> None:
    """Screen `index` of SCREENS: the Overview and the plan here, each step's screen from its own folder."""
    if index == 0 or initiative is None:
        overview_screen(store, today, initiative)
    elif index == 1:
        plan_screen(store, initiative, today)
    else:  # sprint/ui/steps/<slug>/screen.py
        importlib.import_module(f"sprint.ui.steps.{SCREEN_SLUGS[index]}.screen").screen(store, initiative, today)
