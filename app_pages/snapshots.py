"""Snapshots: download the Excel snapshot, or restore one (all or nothing, audited)."""

import streamlit as st

from sprint import filecheck
from sprint.dates import today_utc
from sprint.errors import SprintError
from sprint.snapshots import restore as restoring
from sprint.ui import shell, state
from sprint.ui.text import md

store = state.store()
st.title("Excel snapshots")
st.markdown(
    "A snapshot is one workbook: a summary, the success dashboard with its charts, the audit log, and the "
    "data needed to rebuild the sprint exactly. Download one from the sidebar on any page; send it to "
    "sponsors, keep it as a dated record, or restore it here to move the sprint to another machine."
)

st.subheader("Restore a snapshot")
nonce = st.session_state.setdefault("restore_nonce", 0)
upload = st.file_uploader(f"Snapshot (.xlsx, up to {filecheck.MAX_UPLOAD_BYTES // 1_000_000} MB)", type=["xlsx"],
                          key=f"restore_upload_{nonce}", max_upload_size=filecheck.RECEIVE_MB)
if upload is None:
    st.caption("Only workbooks downloaded from Production Sprint (or written by `python -m sprint export`) can be "
               "restored: they carry the data to rebuild the sprint exactly.")
    st.stop()

refusal = filecheck.too_large(upload.size, upload.name)
if refusal:
    st.error(f"**{md(upload.name)} can't be restored.** {md(refusal)}", icon=":material/block:")
    st.stop()
try:
    with st.spinner("Checking the snapshot..."):
        snapshot = restoring.read_snapshot(upload.getvalue(), upload.name)
except SprintError as exc:
    shell.show_error(exc)
    st.stop()

meta = snapshot.meta
origin = restoring.provenance(store, snapshot)  # read once: it reads the audit key from disk
made_here = origin is restoring.Provenance.MADE_HERE
claim = "was exported" if made_here else "says it was exported"  # a file not made here only claims it
(st.success if made_here else st.info)(
    f"**{md(upload.name)}** {claim} {md(meta.get('exported_at', '?'))} UTC by {md(meta.get('exported_by', '?'))}: "
    f"{len(snapshot.initiatives)} initiative(s), {len(snapshot.metrics)} metrics, {len(snapshot.actuals)} monthly "
    f"values, {len(snapshot.audit)} audit entries.", icon=":material/fact_check:")
st.dataframe([{"Initiative": r["name"], "Stage": r["stage"], "Sprint start": r["start_date"]}
              for r in snapshot.initiatives], hide_index=True, width="stretch")

not_made_here = False
if made_here:
    st.caption(":material/verified: Signed by this workspace: made here, and not changed since it was exported.")
else:
    st.warning(md(str(restoring.NotMadeHere(upload.name, origin))),
               icon=":material/gpp_maybe:")
    not_made_here = st.checkbox("I know where this file comes from: restore it although it was not made here",
                                key="restore_not_made_here")
clashing = restoring.clashes(store, snapshot)
choice = None
if clashing:
    named = ", ".join(md(repr(n)) for n in clashing[:5]) + (f" and {len(clashing) - 5:,} more" if len(clashing) > 5
                                                             else "")
    st.warning(f"This database already has {named}.", icon=":material/warning:")
    choice = st.radio("What should happen to it?", [restoring.REPLACE, restoring.KEEP_BOTH], index=None,
                      key="restore_choice",
                      format_func={restoring.REPLACE: "Replace it with the snapshot (its current data is removed; "
                                                      "the audit log keeps its history)",
                                   restoring.KEEP_BOTH: "Keep both (the restored copy gets ' (restored <date>)' added "
                                                        "to its name)"}.__getitem__)
if st.button("Restore", type="primary", key="restore_go",
             disabled=(bool(clashing) and choice is None) or not (made_here or not_made_here),
             icon=":material/settings_backup_restore:"):
    try:
        with st.spinner("Restoring in one transaction..."):
            result = restoring.restore(store, state.actor(), snapshot, on_clash=choice, today=today_utc(),
                                       not_made_here=not_made_here)
    except SprintError as exc:
        shell.show_error(exc)
    else:
        state.flash(f"Restored {md(result.names())}: {result.metrics} metrics, "
                    f"{result.actuals} monthly values" + (f", {result.history} history entries" if result.history
                                                            else "")
                    + ("" if result.provenance is restoring.Provenance.MADE_HERE
                       else " (marked as imported and unverified)" if result.history else "") + ".")
        st.session_state["restore_nonce"] = nonce + 1
        st.rerun()
