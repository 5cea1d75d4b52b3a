"""The import page's pieces: the layout and mapping choices, the preview, the commit. (What is worked out
from the file once per session is in `import_work`.)"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

from sprint import importing
from sprint.dates import today_utc
from sprint.errors import SprintError
from sprint.importing import plan as planning
from sprint.importing import profiles
from sprint.importing import repairs as repairing
from sprint.importing.mapping import Mapping
from sprint.importing.months import parse_month
from sprint.importing.targets import BY_KEY, TARGETS
from sprint.initiatives import Initiative
from sprint.permissions import Action, Role, allowed, why_not
from sprint.snapshots import reader as snapshot_reader
from sprint.ui import import_work as work
from sprint.ui import memory, shell, state
from sprint.ui.text import md

NOT_IN_FILE = "— not in the file —"
NEW_INITIATIVE = -1
TYPES = ["xlsx", "xlsm", "xls", "ods", "csv", "tsv", "txt"]



def snapshot_notice(source: importing.Source) -> bool:
    if not snapshot_reader.is_snapshot(source.book):
        return False
    if not allowed(state.actor(), Action.RESTORE_SNAPSHOT):  # the snapshots page is not theirs to open
        st.info(f"**{md(source.file_name)}** is an Excel snapshot from Production Sprint, not a spreadsheet to "
                "import. Restoring one rebuilds the whole sprint, so only a facilitator can do it: send it to "
                "them.", icon=":material/settings_backup_restore:")
        return True
    st.info(f"**{md(source.file_name)}** is an Excel snapshot from Production Sprint. Restore it on the snapshots "
            "page, which rebuilds the sprint exactly, history included.", icon=":material/settings_backup_restore:")
    st.page_link("app_pages/snapshots.py", label="Restore it on Excel snapshots", icon=":material/table_view:")
    return True


def choose_layout(source: importing.Source, key: str) -> tuple[str, int | None, bool]:
    """The sheet, the header row when the person overrides the detection, and whether to read it turned."""
    from sprint.importing import metric_sheets

    names = source.book.sheet_names
    best = 0
    picked = None
    glide_path = work.per_sheet(source)
    if glide_path is not None:  # a KPI glide path: every sheet one metric, read together
        names = [metric_sheets.ALL_SHEETS, *names]
        for note in glide_path.notes[:1]:
            st.caption(md(note))
    else:  # start on the best table of the file, and say why the other sheets were passed over
        from sprint.importing import sheets

        remembered = memory.kept("import_best_sheet")
        if not remembered or remembered[0] != source.sha256:
            # kept for the session without the chosen table's rows (the plan reads them when it is made)
            remembered = (source.sha256, dataclasses.replace(sheets.pick_sheet(source.book), table=None))
            memory.keep("import_best_sheet", remembered)
        picked = remembered[1]
        best = names.index(picked.sheet)
        chosen = st.session_state.get(f"{key}_sheet", picked.sheet)
        if chosen != picked.sheet:  # the person chose another sheet: the notes about the best one would mislead
            st.caption(f"Reading sheet '{md(chosen)}', as you chose; the best table the file holds is on sheet "
                       f"'{md(picked.sheet)}'.")
        else:
            for note in picked.notes:
                st.caption(md(note))
        others = [c for c in (picked.others or []) if c.target and c.sheet != chosen][:3]
        if others and chosen == picked.sheet:  # the runners-up a click away
            for column, c in zip(st.columns(len(others)), others, strict=True):
                column.button(f"Read sheet '{c.sheet}' instead", key=f"{key}_to_{c.sheet}",
                              icon=":material/swap_horiz:", on_click=_switch_sheet, args=(f"{key}_sheet", c.sheet),
                              help=md(c.describe()))
    left, right = st.columns([3, 2])
    if st.session_state.get(f"{key}_sheet") not in names:  # the best table's sheet, unless the person chose
        st.session_state[f"{key}_sheet"] = names[best]
    sheet = left.selectbox("Sheet", names, key=f"{key}_sheet", disabled=len(names) == 1,
                           help="The importer reads one sheet at a time, or every sheet together when each "
                                "holds one metric's monthly table.")
    header_row = right.number_input("Header row", min_value=0, max_value=500, value=0, step=1,
                                    disabled=sheet == metric_sheets.ALL_SHEETS,
                                    key=f"{key}_{sheet}_header",
                                    help="0 finds it: the row that reads most like column names, under any "
                                         "title rows. Type a row number to choose it yourself.")
    from sprint.importing.layout import looks_transposed
    from sprint.importing.mapping import known_words

    if sheet == metric_sheets.ALL_SHEETS:
        return sheet, None, False
    grid = source.book.grid(sheet)
    turned = st.toggle("One record per column (field names down column A)",
                       value=looks_transposed(grid, known_words()), key=f"{key}_{sheet}_turned",
                       help="A form-like sheet: Initiative, Department, Owner, ... down the first column and each "
                            "record in a column of its own. Detected when the first column holds field names.")
    if not header_row and picked is not None and picked.number and sheet == picked.sheet:
        st.session_state[f"{key}_table_number"] = picked.number  # one of several tables stacked on the sheet
        return sheet, picked.header_row, turned
    st.session_state.pop(f"{key}_table_number", None)
    return sheet, int(header_row) or None, turned


def choose_months_down(understood: bool, key: str) -> bool:
    """Whether to read a table of one row per month and one column per metric turned (each column a metric):
    offered only when the table reads that way, on at first when nothing else was understood of it."""
    return st.toggle("One row per month, one column per metric (read each column as a metric)", value=not understood,
                     key=f"{key}_months_down",
                     help="A monthly tracker kept the other way round: Month | Revenue | Customers | ... Each column "
                          "becomes a metric with its monthly values.")


def choose_date_order(mapping: Mapping, key: str) -> Mapping:
    """For targets with a date field mapped: whether 03/04/2026 is 3 April or 4 March (the file tells, unless
    no date in a column has a day above 12)."""
    from sprint.importing.targets import DATE

    target = BY_KEY[mapping.target]
    if not any(f.kind == DATE and mapping.columns.get(f.key) for f in target.fields):
        return mapping
    options = [None, "day", "month"]
    order = st.radio("All-number dates (03/04/2026)", options, index=options.index(mapping.date_order),
                     key=f"{key}_date_order", horizontal=True,
                     format_func=lambda o: {None: "tell from the file", "day": "day first (3 April)",
                                            "month": "month first (4 March)"}[o])
    return dataclasses.replace(mapping, date_order=order)


def choose_target(detected: Mapping, key: str) -> str:
    keys = [t.key for t in TARGETS]
    if state.actor().role is not Role.FACILITATOR:  # department heads import their own metrics only
        keys = [k for k in keys if k.startswith("metrics")]
        if detected.target not in keys:
            detected = Mapping(keys[0], {}, {})
    return st.selectbox("The rows are", keys, index=keys.index(detected.target), key=f"{key}_target",
                        format_func=lambda k: BY_KEY[k].label, help=BY_KEY[detected.target].help)


def choose_initiative(active: list[Initiative], current: Initiative | None, key: str) -> tuple[int | None, str | None]:
    options = [i.id for i in active] + ([NEW_INITIATIVE] if state.actor().role is Role.FACILITATOR else [])
    names = {i.id: i.name for i in active} | {NEW_INITIATIVE: "A new initiative..."}
    if not options:
        st.info("There is no initiative to import into yet; a facilitator creates it.", icon=":material/info:")
        st.stop()
    index = options.index(current.id) if current else len(options) - 1
    left, right = st.columns([3, 2])
    chosen = left.selectbox("Into initiative", options, index=index, format_func=lambda i: names[i],
                            key=f"{key}_initiative")
    if chosen == NEW_INITIATIVE:
        name = right.text_input("Name of the new initiative", key=f"{key}_new_name", max_chars=120,
                                placeholder="e.g. Claims triage assistant")
        return None, name
    return chosen, None


def mapping_form(target_key: str, columns: list[str], start: Mapping, key: str) -> Mapping:
    """A select box per field (the suggestion preselected), and for the wide layout the month columns."""
    target = BY_KEY[target_key]
    options = [NOT_IN_FILE, *columns]
    chosen: dict[str, str | None] = {}
    grid = st.columns(3)
    for n, f in enumerate(target.fields):
        current = start.columns.get(f.key)
        label = f.label + (" (required)" if f.required else "")
        value = grid[n % 3].selectbox(label, options, index=options.index(current) if current in options else 0,
                                      key=f"{key}_map_{f.key}")
        chosen[f.key] = None if value == NOT_IN_FILE else value
    months: dict = {}
    as_targets = False
    if target.months_as_columns:
        month_headers = [c for c in columns if parse_month(c)]
        picked = st.multiselect("Month columns", month_headers, default=[c for c in start.month_columns
                                                                         if c in month_headers],
                                key=f"{key}_months", help="Columns whose header names a month: Month 1, Jan 2026, "
                                                          "2026-01, ...")
        months = {c: parse_month(c) for c in picked}
        as_targets = st.toggle("These month columns are milestone targets, not actual results",
                               value=start.months_are_targets, key=f"{key}_as_targets")
    return Mapping(target_key, chosen, months, as_targets, start.date_order, dict(start.constants))


def show_plan(plan: planning.ImportPlan) -> None:
    table = plan.table
    st.caption(f":material/table_rows: Sheet '{md(plan.sheet)}': column names on row {table.header_row}, "
               f"{len(table.rows):,} data row{'s' if len(table.rows) != 1 else ''} under them.")
    counts = list(plan.counts.items())
    tiles = st.columns(max(len(counts), 1) + 1)
    for tile, (label, c) in zip(tiles, counts, strict=False):
        tile.metric(label.capitalize(), f"{c.new:,} new", f"{c.updated:,} updated · {c.unchanged:,} unchanged",
                    delta_color="off", delta_arrow="off")
    tiles[-1].metric("Rows skipped", plan.skipped, "totals, notes, group labels", delta_color="off",
                     delta_arrow="off")
    if plan.problems:
        st.error(f"**{len(plan.problems)} problem{'s' if len(plan.problems) != 1 else ''} to fix before anything "
                 "is imported.** Fix them in the file and upload it again, or change the mapping above.",
                 icon=":material/error:")
        listed = sorted(plan.problems, key=lambda p: (p.sheet, p.row or 0, len(p.column or ""), p.column or ""))
        st.dataframe(pd.DataFrame([{"Sheet": p.sheet, "Row": p.row, "Column": p.column or "",
                                    "Header": p.header or "", "Problem": p.message} for p in listed[:1000]]),
                     hide_index=True, width="stretch", height=min(38 + 35 * len(plan.problems), 360),
                     column_config={"Sheet": st.column_config.TextColumn(width="small"),
                                    "Row": st.column_config.NumberColumn(width=60),
                                    "Column": st.column_config.TextColumn(width=70),
                                    "Header": st.column_config.TextColumn(width="small"),
                                    "Problem": st.column_config.TextColumn(width="large")})
    for note in plan.notes:
        st.caption(f":material/info: {md(note)}")


def show_preview(plan: planning.ImportPlan) -> None:
    if not plan.preview.empty:
        st.markdown("**The rows as they will be stored**")
        st.dataframe(plan.preview, hide_index=True, width="stretch", height=min(38 + 35 * len(plan.preview), 420))


def _switch_sheet(sheet_key: str, sheet: str) -> None:
    st.session_state[sheet_key] = sheet


def own_rows_choice(plan: planning.ImportPlan, key: str) -> list[str] | None:
    """A department head whose file also holds other departments' metrics: offer to import only their own
    (the others are listed and left out). Returns the departments to keep, or None to import the file whole."""
    actor = state.actor()
    if actor.role is not Role.DEPARTMENT_HEAD or not plan.target.key.startswith("metrics"):
        return None
    foreign = [d for d in plan.departments if why_not(actor, Action.EDIT_DEPARTMENT_DATA, d)]
    mine = [d for d in plan.departments if d not in foreign]
    if not foreign or not mine:
        return None
    st.warning(f"This file also holds metrics of {md(', '.join(foreign))}, which you may not change.",
               icon=":material/lock:")
    if st.toggle(f"Import only the rows of {md(', '.join(mine))} and leave the others out", value=True,
                 key=f"{key}_own_rows"):
        return sorted(actor.departments)
    return None


def commit_button(plan: planning.ImportPlan, key: str, nonce_key: str) -> None:
    actor = state.actor()
    action = Action.EDIT_DEPARTMENT_DATA if plan.target.key.startswith("metrics") else Action.MANAGE_INITIATIVES
    refusal = next((r for d in (plan.departments or [None]) if (r := why_not(actor, action, d))), None)
    changed = sum(c.new + c.updated for c in plan.counts.values())
    label = f"Import {changed:,} change{'s' if changed != 1 else ''}" if plan.ok else "Import"
    if plan.ok and plan.repairs:
        label += f" ({repairing.counted(plan.repairs)})"
    if refusal:
        st.caption(f":material/lock: {md(refusal)}")
    confirmed = True
    if plan.ok and plan.redefinitions:  # never redefine a stored metric in silence: old -> new, then a yes
        st.warning("**This file changes stored metric definitions:**\n\n" + "\n".join(
            f"- {md(change)}" for change in plan.redefinitions[:20]), icon=":material/edit_note:")
        confirmed = st.checkbox("Change these definitions as the file says", key=f"{key}_redefine")
    clicked = st.button(label, type="primary", key=f"{key}_commit", icon=":material/upload:",
                        disabled=not plan.ok or bool(refusal) or changed == 0 or not confirmed)
    if plan.ok and changed == 0:
        st.caption("Everything in this file is already stored as it is: importing it again would change nothing.")
    if not clicked:
        return
    try:
        with st.spinner(f"Importing {plan.source.file_name} in one transaction...", show_time=True):
            result = importing.commit(state.store(), actor, plan, today=today_utc())
    except SprintError as exc:
        shell.show_error(exc)
        return
    if result.initiative_id is not None and plan.target.per_initiative:
        state.set_current_initiative(result.initiative_id)
    state.flash(md(result.summary))
    st.session_state[nonce_key] = st.session_state.get(nonce_key, 0) + 1
    work.forget_upload()
    st.rerun()


def profile_box(plan: planning.ImportPlan, key: str) -> None:
    """Save the mapping under a name; it is offered automatically for files with the same headers."""
    with st.expander("Save this mapping as a profile", icon=":material/bookmark_add:"):
        st.caption("Next time a file with the same columns arrives (more months are fine), this mapping is chosen "
                   "for you: the import is one click. Also usable from the command line with --profile.")
        name = st.text_input("Profile name", value=plan.profile or "", key=f"{key}_profile_name", max_chars=80,
                             placeholder="e.g. Monthly KPI tracker")
        if st.button("Save profile", key=f"{key}_profile_save", icon=":material/save:"):
            shell.save_then_rerun(lambda: profiles.save_profile(state.store(), state.actor(), name, plan.table.columns,
                                                                plan.mapping),
                                  f"Saved the import profile '{md(' '.join(name.split()))}'.")
