"""The room's question, answered from a phone: the presenter's QR code opens this page for the initiative shown."""

import streamlit as st

from sprint import room
from sprint.errors import SprintError
from sprint.permissions import clean_person_name
from sprint.steps.scope import store as features
from sprint.ui import access_view, shell, state
from sprint.ui.messages import show_error
from sprint.ui.text import md

FIELDS = {  # each kind's fields, as the phone labels them (an error names the field the person sees)
    room.FEATURES: {"feature": "The feature", "dollars": "Saves $ a month", "hours": "Hours a week"},
    room.TOOLS: {"tool": "The sheet, chat group or tool", "kind": "What it is", "solves": "What it does for you",
                 "built": "I built it"},
    room.HABITS: {"count": "Habits it changes for you", "habit": "The one that changes most"},
    room.CHECKIN: {"status": "This week", "blocker": "One blocker"},
}

FOLLOW_SECONDS = 4  # how often a phone looks for a new (or closed) question: one small query, no redraw


store = state.store()
initiative = shell.require_initiative()
question = room.latest(store, initiative.id)
shown = question.id if question is not None and question.status == room.OPEN else None


@st.fragment(run_every=FOLLOW_SECONDS)
def _follow() -> None:
    """The phone follows the room: when the facilitator asks a new question or closes this one, the page shows it
    by itself (what is typed into a closed question's form could not be saved anyway)."""
    now = room.latest(store, initiative.id)
    if (now.id if now is not None and now.status == room.OPEN else None) != shown:
        st.rerun(scope="app")


_follow()
if shown is None:
    st.info("No question is open for the room right now. When the facilitator asks one, it appears here by "
            "itself.", icon=":material/groups:")
    st.stop()
st.markdown(f"#### {md(question.prompt)}")
mine = next((a for a in room.answers(store, question.id) if a.person == state.actor().name), None)
key = f"room_{question.id}"
with st.form(key, border=False, enter_to_submit=False), st.container(key="room_fields"):
    if access_view.needs_name():
        a, b = st.columns(2)
        a.text_input("Your name", key=f"{key}_name", max_chars=60, placeholder="e.g. Priya Shah",
                     help="Shown with your answer. This phone remembers it.")
        b.text_input("Your team", key=f"{key}_team", max_chars=60)
    given = mine.values if mine else {}
    if question.kind == room.FEATURES:
        st.text_input("The feature", value=given.get("feature", ""), max_chars=features.NAME_MAX,
                      key=f"{key}_feature", placeholder="e.g. Read supplier invoices")
        a, b = st.columns(2)
        a.number_input("Saves $ a month", min_value=0.0, value=given.get("dollars") or None,
                       step=100.0, format="%.0f", key=f"{key}_dollars", placeholder="e.g. 4000")
        b.number_input("and/or hours a week", min_value=0.0, value=given.get("hours") or None,
                       step=1.0, format="%.1f", key=f"{key}_hours", placeholder="e.g. 12")
    elif question.kind == room.TOOLS:
        st.text_input("The sheet, chat group or tool", value=given.get("tool", ""), max_chars=room.TOOL_MAX,
                      key=f"{key}_tool", placeholder="e.g. Deals approval WhatsApp group")
        st.segmented_control("What it is", room.TOOL_KINDS, default=given.get("kind"), key=f"{key}_kind",
                             width="stretch")
        st.text_input("What it does for you", value=given.get("solves", ""), max_chars=room.SHORT_TEXT_MAX,
                      key=f"{key}_solves", placeholder="e.g. discount approvals in minutes")
        st.checkbox("I built it or keep it going", value=given.get("built", False), key=f"{key}_built")
    elif question.kind == room.HABITS:
        st.segmented_control("Habits it changes for you", room.HABIT_COUNTS, key=f"{key}_count",
                             default=room.HABIT_COUNTS[given["count"]] if given else None, width="stretch",
                             help="A new login, a new screen or a new place to look each counts as one.")
        st.text_input("The one that changes most (optional)", value=given.get("habit", ""),
                      max_chars=room.SHORT_TEXT_MAX, key=f"{key}_habit", placeholder="e.g. log in to a second tool")
    elif question.kind == room.CHECKIN:
        st.segmented_control("This week", list(room.CHECKIN_STATUSES), default=given.get("status"),
                             key=f"{key}_status", width="stretch")
        st.text_input("One blocker (optional)", value=given.get("blocker", ""), max_chars=room.SHORT_TEXT_MAX,
                      key=f"{key}_blocker", placeholder="e.g. still waiting for CRM access")
    sent = st.form_submit_button("Change my answer" if mine else "Send my answer", type="primary",
                                 icon=":material/send:", width="stretch", key="room_send")
if sent:
    ok = True
    if access_view.needs_name():
        if clean_person_name(st.session_state.get(f"{key}_name", "")):
            access_view.set_local_name(st.session_state[f"{key}_name"], st.session_state.get(f"{key}_team", ""))
        else:
            st.error("Type your name first: it goes with your answer.", icon=":material/badge:")
            ok = False
    if ok:
        try:
            room.answer(store, state.actor(), question.id, {
                field: st.session_state.get(f"{key}_{field}") for field in FIELDS[question.kind]})
        except SprintError as exc:
            show_error(exc, FIELDS[question.kind])
        else:
            st.success("Sent: it is on the screen. You can change it until the facilitator closes the question.",
                       icon=":material/check_circle:")
