"""The room's questions on the projector: the facilitator asks, the room answers from its phones (the QR code opens
`/room`), the tally updates live, and the facilitator hides an answer, closes the question or accepts the result
into the step. Every answer is shown literally (st.table cells escaped, names in Markdown escaped)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprint import room
from sprint.access import join_link
from sprint.errors import SprintError
from sprint.initiatives import Initiative
from sprint.permissions import Role
from sprint.store import Store
from sprint.ui import state
from sprint.ui.messages import show_error
from sprint.ui.room import literal, public_address, qr_png
from sprint.ui.text import md
from sprint.values import format_value


def panel(store: Store, initiative: Initiative, kind: str) -> bool:
    """The question's place on a presenter screen. Returns True while a question of `kind` is open (the screen
    then gives the room the whole width), False otherwise (a button to ask it, for the facilitator)."""
    question = room.latest(store, initiative.id, kind)
    facilitating = state.actor().role is Role.FACILITATOR
    if question is None or question.status != room.OPEN:
        if facilitating and st.button(f"Ask the room: {room.KINDS[kind].title.lower()}", key="room_open",
                                      icon=":material/groups:"):
            _do(lambda: room.open_question(store, state.actor(), initiative.id, kind))
        return False
    items = room.answers(store, question.id)
    visible = [a for a in items if not a.hidden]
    left, right = st.columns([4, 1.1])
    with left:
        st.subheader(f"The room: {question.about.prompt.lower()}", anchor=False)
        st.markdown(f"**{len(visible)}** answer{'s' if len(visible) != 1 else ''}"
                    + (f" · {len(items) - len(visible)} hidden" if len(items) > len(visible) else ""))
        if kind == room.FEATURES:
            tally = room.tally_features(items)
            if tally:
                with st.container(key="room_tally"):
                    st.table(literal(pd.DataFrame([{
                        "Feature": t.name, "Saves a month": format_value(t.dollars, "$/month") if t.dollars else "",
                        "Hours a week": f"{t.hours:g}" if t.hours else "", "Named by": ", ".join(t.people)}
                        for t in tally])), hide_index=True, border="horizontal")
        if not visible:
            st.info("No answers yet: phones scan the code to answer.", icon=":material/smartphone:")
    with right:
        target = join_link.room_link(public_address().base, state.slug_of(initiative))
        with st.container(key="join_qr"):
            st.image(qr_png(target))
        st.markdown("**Scan to answer**")
        with st.container(key="join_target"):
            st.caption(md(target))
    if facilitating:
        a, b, c, d = st.columns([1.3, 1.3, 2, 1])
        if a.button(f"Accept into Step {question.about.step_number}", key="room_accept", type="primary",
                    icon=":material/done_all:", disabled=not visible):
            _do(lambda: room.accept(store, state.actor(), question.id), accepted=True)
        if b.button("Close the question", key="room_close", icon=":material/lock:"):
            _do(lambda: room.close(store, state.actor(), question.id))
        people = [x.person for x in items]
        if people:
            who = c.selectbox("Hide an answer", people, key="room_hide_who", label_visibility="collapsed",
                              format_func=lambda p: f"{p}{' (hidden)' if any(x.person == p and x.hidden for x in items) else ''}")
            hidden = any(x.person == who and x.hidden for x in items)
            if d.button("Show" if hidden else "Hide", key="room_hide", icon=":material/visibility_off:"):
                _do(lambda: room.hide(store, state.actor(), question.id, who, not hidden))
    return True


def _do(action, *, accepted: bool = False) -> None:
    try:
        result = action()
    except SprintError as exc:
        show_error(exc)
        return
    if accepted:
        state.flash(f"Added {len(result.added)} from the room"
                    + (f"; already on the list: {md(', '.join(result.already_listed))}" if result.already_listed else "")
                    + ".")
    st.rerun()
