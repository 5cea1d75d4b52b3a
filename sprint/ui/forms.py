"""The initiative form, shared by 'new' and 'edit'."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprint.initiatives import ROI_MAX, STAGES, InitiativeDraft

LABELS = {
    "name": "Name",
    "process": "Process it improves",
    "owner": "Owner",
    "department": "Department",
    "start_date": "Sprint start (day 1)",
    "stage": "Stage",
    "roi_statement": "ROI in one sentence",
    "archived": "Archived",
}


def initiative_form(key: str, initial: InitiativeDraft, submit_label: str) -> InitiativeDraft | None:
    """Render the form; return the typed draft when submitted, else None. Input is kept on errors."""
    with st.form(key, border=True, enter_to_submit=False):
        left, right = st.columns(2)
        name = left.text_input(LABELS["name"], value=initial.name, max_chars=120, key=f"{key}_name",
                               placeholder="e.g. Support ticket assistant")
        department = right.text_input(LABELS["department"], value=initial.department, key=f"{key}_department",
                                      placeholder="e.g. Customer Support")
        process = left.text_input(LABELS["process"], value=initial.process, key=f"{key}_process",
                                  placeholder="e.g. Resolving customer support tickets")
        owner = right.text_input(LABELS["owner"], value=initial.owner, key=f"{key}_owner",
                                 placeholder="the one person with budget authority")
        start = left.date_input(LABELS["start_date"], value=initial.start_date, format="YYYY-MM-DD", key=f"{key}_start",
                                min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))
        stage = right.selectbox(LABELS["stage"], STAGES, index=STAGES.index(initial.stage)
                                if initial.stage in STAGES else 0, key=f"{key}_stage")
        roi = st.text_area(LABELS["roi_statement"], value=initial.roi_statement, max_chars=ROI_MAX, height=90, key=f"{key}_roi",
                           placeholder="e.g. Cut the cost per resolved ticket from $12 to $3, saving $67,000 a month.",
                           help="One plain sentence with a number in it: dollars, hours or a percentage.")
        submitted = st.form_submit_button(submit_label, type="primary", key=f"{key}_submit")
    if not submitted:
        return None
    return InitiativeDraft(name=name, start_date=start, stage=stage, process=process, owner=owner,
                           department=department, roi_statement=roi)
