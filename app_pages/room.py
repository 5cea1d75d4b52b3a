"""The room's question, answered from a phone: the presenter's QR code opens this page for the initiative shown."""

import streamlit as st

from sprint import room
from sprint.errors import SprintError
from sprint.permissions import clean_person_name
from sprint.steps.scope import store as features
from sprint.ui import access_view, shell, state
from sprint.ui.messages import show_error
from sprint.ui.text import md

store = state.store()
initiative = shell.require_initiative()
question = room.latest(store, initiative.id)
if question is None or question.status != room.OPEN:
    st.info("No question is open for the room right now. When the facilitator asks one, reload this page to "
            "answer it.", icon=":material/groups:")
    st.stop()
st.markdown(f"#### {md(question.about.prompt)}")
mine = next((a for a in room.answers(store, question.id) if a.person == state.actor().name), None)
key = f"room_{question.id}"
with st.form(key, border=False, enter_to_submit=False), st.container(key="room_fields"):
    if access_view.needs_name():
        a, b = st.columns(2)
        a.text_input("Your name", key=f"{key}_name", max_chars=60, placeholder="e.g. Priya Shah",
                     help="Shown with your answer. This phone remembers it.")
        b.text_input("Your team", key=f"{key}_team", max_chars=60)
    if question.kind == room.FEATURES:
        st.text_input("The feature", value=mine.values["feature"] if mine else "", max_chars=features.NAME_MAX,
                      key=f"{key}_feature", placeholder="e.g. Read supplier invoices")
        a, b = st.columns(2)
        a.number_input("Saves $ a month", min_value=0.0, value=mine.values["dollars"] or None if mine else None,
                       step=100.0, format="%.0f", key=f"{key}_dollars", placeholder="e.g. 4000")
        b.number_input("and/or hours a week", min_value=0.0, value=mine.values["hours"] or None if mine else None,
                       step=1.0, format="%.1f", key=f"{key}_hours", placeholder="e.g. 12")
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
                "feature": st.session_state.get(f"{key}_feature"), "dollars": st.session_state.get(f"{key}_dollars"),
                "hours": st.session_state.get(f"{key}_hours")})
        except SprintError as exc:
            show_error(exc, {"feature": "The feature", "dollars": "Saves $ a month", "hours": "Hours a week"})
        else:
            st.success("Sent: it is on the screen. You can change it until the facilitator closes the question.",
                       icon=":material/check_circle:")
