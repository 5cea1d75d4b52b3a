"""The room's questions on the projector: the facilitator asks, the room answers from its phones (the QR code opens
`/room`), the tally updates live, and the facilitator hides an answer, closes the question or accepts the result
into the step. Every answer is shown literally (st.table cells escaped, names in Markdown escaped)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from sprint import charts, room
from sprint.access import join_link
from sprint.errors import SprintError
from sprint.initiatives import Initiative
from sprint.permissions import Role
from sprint.steps.governance.rules import CHECKIN_TARGET_MINUTES
from sprint.steps.workflow import store as workflow_store
from sprint.store import Store
from sprint.ui import state, widgets
from sprint.ui.messages import show_error
from sprint.ui.room import SCALE, literal, public_address, qr_png
from sprint.ui.text import md
from sprint.values import format_value

GREEN, AMBER, RED = (charts.STATUS_COLOURS[s] for s in ("on track", "at risk", "off track"))


def panel(store: Store, initiative: Initiative, step_slug: str, today: dt.date) -> bool:
    """The room's place on a presenter screen of a step. Returns True while one of the step's questions is open (the
    screen then gives the room the whole width), False otherwise (the facilitator asks from the header's menu)."""
    kinds = room.kinds_of(step_slug)
    question = room.latest(store, initiative.id, [k.key for k in kinds])
    facilitating = state.actor().role is Role.FACILITATOR
    if question is None or question.status != room.OPEN:
        return False  # the facilitator asks from the header (ask_menu): the screen stays the room's
    items = room.answers(store, question.id)
    visible = [a for a in items if not a.hidden]
    left, right = st.columns([4, 1.1])
    with left:
        st.subheader(f"The room: {question.about.title.lower()}"
                     + (f" · {md(question.subject)}" if question.subject else ""), anchor=False)
        st.markdown(f"**{len(visible)}** answer{'s' if len(visible) != 1 else ''}"
                    + (f" · {len(items) - len(visible)} hidden" if len(items) > len(visible) else "")
                    + f" · {md(question.prompt)}")
        if visible:
            with st.container(key="room_tally"):
                _TALLIES[question.kind](items)
        else:
            st.info("No answers yet: phones scan the code to answer.", icon=":material/smartphone:")
    with right:
        target = join_link.room_link(public_address().base, state.slug_of(initiative))
        with st.container(key="join_qr"):
            st.image(qr_png(target))
        with st.container(key="join_target"):
            st.caption(md(target))
        if facilitating:  # beside the tally, so a long one never pushes them off the screen
            _facilitator_controls(store, initiative, question, items, visible, today)
    return True


def asks_here(store: Store, initiative: Initiative | None, step_slug: str) -> bool:
    """Whether the presenter's header offers the facilitator this step's room questions (none open yet)."""
    if initiative is None or state.actor().role is not Role.FACILITATOR or not room.kinds_of(step_slug):
        return False
    question = room.latest(store, initiative.id, [k.key for k in room.kinds_of(step_slug)])
    return question is None or question.status != room.OPEN


def ask_menu(store: Store, initiative: Initiative, step_slug: str) -> None:
    """One small button in the presenter's header, this step's questions behind it: the screen below stays the
    room's, uncluttered and unmoved."""
    with st.popover("Ask", icon=":material/groups:", key="room_ask", width="stretch",
                    help="Ask the room a question: phones answer through a QR code, the tally shows here."):
        for kind in room.kinds_of(step_slug):
            design = ""
            if kind.key == room.HABITS:
                designs = _designs(store, initiative)
                design = st.selectbox("Which design?", designs, index=designs.index(initiative.chosen_design)
                                      if initiative.chosen_design in designs else None, accept_new_options=True,
                                      key="room_design", placeholder="Name the design",
                                      help="The habit check asks about one design: the one chosen, or type another.")
            if st.button(kind.title, key=f"room_open_{kind.key}", icon=":material/groups:", width="stretch",
                         help=kind.prompt):
                _do(lambda k=kind.key, s=design or "": room.open_question(store, state.actor(), initiative.id, k, s))


def _designs(store: Store, initiative: Initiative) -> list[str]:
    named = workflow_store.habits_by_design(workflow_store.habits(store, initiative.id))
    return sorted({*named, *([initiative.chosen_design] if initiative.chosen_design else [])}, key=str.lower)


def _facilitator_controls(store, initiative, question, items, visible, today) -> None:
    second = question.kind == room.CHECKIN and room.would_be_second_checkin(store, initiative.id, today)
    label = (f"Accept into Step {question.about.step_number}" if not second
             else "Accept as a 2nd check-in")
    minutes = CHECKIN_TARGET_MINUTES
    if question.kind == room.CHECKIN:
        minutes = st.number_input("Meeting, minutes", min_value=1, max_value=24 * 60,
                                  value=CHECKIN_TARGET_MINUTES, step=1, key="room_minutes",
                                  help="How long this check-in took: the week's check-in records it.")
    if st.button(label, key="room_accept", type="primary", icon=":material/done_all:", disabled=not visible,
                 width="stretch", help="This week already has a check-in: accepting logs another one." if second
                 else "Put the answers shown into the step's data (hidden ones stay out) and close the question."):
        _do(lambda: room.accept(store, state.actor(), question.id, today=today, second_meeting=bool(second),
                                minutes=float(minutes)), accepted=True)
    close, hide = st.columns(2)
    if close.button("Close", key="room_close", icon=":material/lock:", width="stretch",
                    help="Stop taking answers without putting them into the step."):
        _do(lambda: room.close(store, state.actor(), question.id))
    people = [x.person for x in items]
    if people:
        with hide.popover("Hide", icon=":material/visibility_off:", width="stretch",
                          help="Hide an answer from the tally (kept in the audit log), or show it again."):
            who = st.selectbox("Whose answer", people, key="room_hide_who",
                               format_func=lambda p: f"{p}{' (hidden)' if any(x.person == p and x.hidden for x in items) else ''}")
            hidden = any(x.person == who and x.hidden for x in items)
            if st.button("Show it again" if hidden else "Hide it", key="room_hide", width="stretch"):
                _do(lambda: room.hide(store, state.actor(), question.id, who, not hidden))


def _who(people) -> str:
    """The people who said it, by name only (their team and place are in the audit log)."""
    return ", ".join(p.split(" (")[0] for p in people)


BLOCKERS_SHOWN = 3  # on the projector; accepting keeps them all
TALLY_ROWS = 5  # lines of a tally the projector shows (most named first); accepting takes them all


def _table(rows: list[dict]) -> None:
    if len(rows) > TALLY_ROWS:  # said first: a long tally never pushes it off the screen
        st.caption(f"The {TALLY_ROWS} most named of {len(rows)}; accepting takes all {len(rows)}.")
    st.table(literal(pd.DataFrame(rows[:TALLY_ROWS])), hide_index=True, border="horizontal")


def _features(items) -> None:
    _table([{"Feature": t.name, "Saves": format_value(t.dollars, "$/month") if t.dollars else "",
             "Hours/week": f"{t.hours:g}" if t.hours else "", "Named by": _who(t.people)}
            for t in room.tally_features(items)])


def _tools(items) -> None:
    _table([{"Tool": t.name, "What it is": t.kind, "What it does": "; ".join(t.solves),
             "Named by": _who(t.people), "Built by": _who(t.builders)}
            for t in room.tally_tools(items)])


def _habits(items) -> None:
    tally = room.tally_habits(items)
    left, right = st.columns([3, 2])
    with left:
        widgets.chart(charts.answer_bars([f"{h} habit{'s' if h != '1' else ''}" for h in room.HABIT_COUNTS],
                                         tally.said, [GREEN, GREEN, AMBER, RED], scale=SCALE), scale=SCALE)
    with right:
        st.metric("The room's middle answer", room.habit_count_text(tally.middle),
                  help="Half the room said this many or fewer. More than one habit: still a pilot.")
        if tally.habits:
            st.markdown("**Habits named**")
            st.markdown("\n".join(f"- {md(h)} ({len(p)})" for h, p in tally.habits[:4])
                        + (f"\n\nand {len(tally.habits) - 4} more" if len(tally.habits) > 4 else ""))


def _checkin(items) -> None:
    tally = room.tally_checkin(items)
    left, right = st.columns([2, 3])
    with left:
        order = list(room.CHECKIN_STATUSES)
        widgets.chart(charts.answer_bars(order, [tally.said[s] for s in order],
                                         [charts.STATUS_COLOURS[s] for s in order], scale=SCALE), scale=SCALE)
    with right:
        st.metric("Most of the room says", tally.status)
        if tally.blockers:
            st.markdown("**Blockers**")
            st.markdown("\n".join(f"- {md(b)} ({md(_who([p]))})" for p, b in tally.blockers[:BLOCKERS_SHOWN])
                        + (f"\n\nand {len(tally.blockers) - BLOCKERS_SHOWN} more, all in the check-in"
                           if len(tally.blockers) > BLOCKERS_SHOWN else ""))


_TALLIES = {room.FEATURES: _features, room.TOOLS: _tools, room.HABITS: _habits, room.CHECKIN: _checkin}


def _do(action, *, accepted: bool = False) -> None:
    try:
        result = action()
    except SprintError as exc:  # a second check-in this week among them: the Accept button names that case
        show_error(exc)
        return
    if accepted:
        state.flash(md(result.said[0].upper() + result.said[1:])
                    + (f". Already on the list: {md(', '.join(result.already_listed))}" if result.already_listed
                       else "") + ".")
    st.rerun()
