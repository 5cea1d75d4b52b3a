"""Import: the spreadsheets teams already keep, mapped, previewed, then committed all or nothing."""

import dataclasses

import streamlit as st

from sprint import filecheck
from sprint.dates import today_utc
from sprint.errors import SprintError
from sprint.importing.committing import previously_imported
from sprint.importing.mapping import suggest
from sprint.importing.targets import BY_KEY, TARGETS
from sprint.ui import import_repairs as repairs_view
from sprint.ui import import_views as views
from sprint.ui import import_work as work
from sprint.ui import shell, state
from sprint.ui.text import md

store = state.store()
st.title("Import a spreadsheet")
st.markdown("Bring in the tracker you already keep: KPI sheets, backlogs, compliance trackers, check-in logs, an "
            "AI use-case inventory. Choose what the rows are and which column holds what, check the preview, then "
            "import: every row or none.")

nonce_key = "import_nonce"
nonce = st.session_state.setdefault(nonce_key, 0)
limit_mb = filecheck.MAX_UPLOAD_BYTES // 1_000_000
upload = st.file_uploader(f"Spreadsheet (.xlsx, .xlsm, .xls, .ods, .csv, .tsv; up to {limit_mb} MB)", type=views.TYPES,
                          key=f"import_upload_{nonce}", max_upload_size=filecheck.RECEIVE_MB)
if upload is None:
    work.forget_upload()
    st.markdown("**What a file can become**")
    st.dataframe([{"Rows become": t.label, "A typical layout": t.help} for t in TARGETS], hide_index=True,
                 width="stretch")
    st.caption("Title rows, notes, blank rows, totals and merged group labels are fine: the importer finds the "
               "table. Values can be written as people write them ($45/unit, 8.2%, <3%, 1.200,50, $67k).")
    st.stop()

source = work.read_upload(upload)
if source is None or views.snapshot_notice(source):
    st.stop()
earlier = previously_imported(store, source.sha256)
if earlier:
    st.caption(f":material/history: This exact file was imported on {earlier[0]} by {md(earlier[1])}. Importing it "
               "again changes only what differs from the database now.")

key = f"imp_{source.sha256[:10]}"
sheet, header_row, turned = views.choose_layout(source, key)
try:
    detected, profile_name, columns = work.suggested(source, sheet, header_row, None, store, turned)
except SprintError as exc:
    shell.show_error(exc)
    st.stop()
turn_months = work.months_down_table(source, sheet, header_row, turned) is not None and \
    views.choose_months_down(detected is not None, f"{key}_{sheet}_{header_row}")
if turn_months:
    detected, profile_name, columns = work.suggested(source, sheet, header_row, None, store, turned, turn_months)
understood = detected is not None  # the file told what its rows are; a default choice is checked strictly:
# cells are repaired only in a file we understood, never to push a mapping nobody chose past its problems
if detected is None:
    detected, profile_name = suggest(TARGETS[0], columns), None
    why = st.session_state.pop("import_refusal", None)
    st.warning(md(why) if why else "The headers don't tell what these rows are: choose below what they become.",
               icon=":material/help:")
elif profile_name:
    st.success(f"Using your saved profile **{md(profile_name)}** for files with these columns.",
               icon=":material/bookmark:")

layout_key = f"{key}_{sheet}_{header_row}_{turned}_{turn_months}"  # another layout: what it holds is judged anew
target_key = views.choose_target(detected, layout_key)
start = detected if target_key == detected.target else work.suggested(source, sheet, header_row, target_key,
                                                                        store, turned, turn_months)[0]
initiative_id, new_name = None, None
active = state.active_initiatives()
if BY_KEY[target_key].per_initiative:
    initiative_id, new_name = views.choose_initiative(active, state.current_initiative(active), key)

st.subheader("Which column holds what")
mapping = views.mapping_form(target_key, columns, start, f"{layout_key}_{target_key}")
mapping = views.choose_date_order(mapping, f"{layout_key}_{target_key}")
department_default, direction_default = None, None
if target_key.startswith("metrics"):
    left, right = st.columns(2)
    department_default = left.text_input("Department for rows that name none", key=f"{key}_department",
                                         max_chars=120, placeholder="e.g. Customer Service") or None
    direction_default = right.selectbox("When a new metric's target equals its baseline", [None, "lower", "higher"],
                                        key=f"{key}_direction",
                                        format_func={None: "ask me (listed as a problem)", "lower": "lower is better",
                                                     "higher": "higher is better"}.__getitem__)

st.subheader("Preview")
fixes_key = repairs_view.repairs_key(key, sheet, header_row, target_key)
fixes, value_maps = repairs_view.current_fixes(fixes_key)
if value_maps:
    mapping = dataclasses.replace(mapping, value_maps={**mapping.value_maps, **value_maps})
try:
    plan = work.plan_once(store, source, sheet=sheet, header_row=header_row, mapping=mapping,
                           initiative_id=initiative_id, new_initiative=new_name,
                           department_default=department_default, direction_default=direction_default,
                           today=today_utc(), transpose=turned, fixes=fixes or None, strict=not understood,
                           table_number=st.session_state.get(f"{key}_table_number"), turn_months=turn_months)
except SprintError as exc:
    shell.show_error(exc)
    st.stop()
only = views.own_rows_choice(plan, key)  # a department head with other departments' rows in the file
if only is not None:
    plan = work.plan_once(store, source, sheet=sheet, header_row=header_row, mapping=mapping,
                           initiative_id=initiative_id, new_initiative=new_name,
                           department_default=department_default, direction_default=direction_default,
                           today=today_utc(), only_departments=only, transpose=turned, fixes=fixes or None,
                           strict=not understood,
                           table_number=st.session_state.get(f"{key}_table_number"), turn_months=turn_months)
plan.profile = profile_name
views.show_plan(plan)
repairs_view.repair_box(plan, fixes_key)
views.show_preview(plan)
views.commit_button(plan, key, nonce_key)
if plan.ok:
    views.profile_box(plan, key)
