"""Audit log: every change, who made it and when, filterable, with the hash chain's verification."""

import datetime as dt

import streamlit as st

from sprint import audit, initiatives
from sprint.ui import state

store = state.store()
st.title("Audit log")
st.caption("Every change is recorded here in the same transaction as the change itself, and each entry "
           "is chained to the one before it, so an edited or deleted entry is detected.")

everything = initiatives.list_all(store, include_archived=True)
names = {i.id: i.name for i in everything}
options = audit.distinct_values(store)

c1, c2, c3, c4 = st.columns([3, 2, 2, 3])
initiative_id = c1.selectbox("Initiative", [None, *names], format_func={None: "All initiatives", **names}.__getitem__)
entity = c2.selectbox("Record type", [None, *options["entity"]],
                      format_func={None: "All types", **{e: e for e in options["entity"]}}.__getitem__)
person = c3.selectbox("Person", [None, *options["actor"]],
                      format_func={None: "Everyone", **{p: p for p in options["actor"]}}.__getitem__)
period = c4.date_input("Between", value=(), format="YYYY-MM-DD", max_value=dt.date(2100, 12, 31),
                       help="Pick a first and last day; leave empty for all dates. Times are UTC.")
since, until = (period[0], period[-1]) if period else (None, None)

log = audit.entries(store, initiative_id=initiative_id, entity=entity, actor=person, since=since, until=until)
if log.empty:
    st.info("No changes match these filters yet. Every change you make in the app will appear here.",
            icon=":material/history:")
else:
    log["initiative"] = log["initiative_id"].map(names).fillna("(whole sprint)")
    st.dataframe(
        log[["seq", "occurred_at", "actor", "action", "entity", "initiative", "summary", "before", "after"]],
        hide_index=True, width="stretch", height=min(38 * (len(log) + 1) + 4, 620),
        column_config={
            "seq": st.column_config.NumberColumn("#", format="%d", width="small"),
            "occurred_at": st.column_config.DatetimeColumn("When (UTC)", format="YYYY-MM-DD HH:mm:ss"),
            "actor": "Who", "action": "Action", "entity": "Record", "initiative": "Initiative",
            "summary": st.column_config.TextColumn("What changed", width="large"),
            "before": "Before", "after": "After",
        },
    )
    st.caption(f"Showing the newest {len(log)} matching entries.")

if st.button("Verify the audit chain", icon=":material/verified:", key="verify_chain"):
    with st.spinner("Checking every entry's hash and seal..."):
        result = audit.verify(store)
    if result.ok:
        (st.warning if result.lost else st.success)(result.message, icon=":material/verified:")
        st.caption("Keep this anchor somewhere apart from the database (every Excel snapshot records it too). "
                   "`python -m sprint verify-audit --expect` with it later shows whether the newest entries "
                   "were cut off:")
        st.code(result.anchor, language=None)
    else:
        advice = "" if result.broken_seq is None else " Restore from a snapshot or investigate who had access to the file."
        st.error(result.message + advice, icon=":material/gpp_bad:")
