"""The import preview's repairs, where a person mends them: each cell left blank or row left out, with what the
file says, a value to type or a choice to make, the meaning of each unknown word, and a whole kind of problem
at once. The corrections are kept per file and reading (sheet, header row, target) and go into the next plan."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprint.importing import plan as planning
from sprint.importing import repairs as repairing
from sprint.ui.text import md

LEAVE_BLANK, LEAVE_OUT = "leave blank", "leave the row out"
FIXES = "import_fixes"


def repairs_key(key: str, sheet: str, header_row: int | None, target: str) -> str:
    """Corrections belong to one reading of one file: another sheet, header row or target starts afresh."""
    return f"{FIXES}_{key}_{sheet}_{header_row}_{target}"


def current_fixes(fixes_key: str) -> tuple[repairing.Fixes, dict[str, dict[str, str]]]:
    kept = st.session_state.get(fixes_key)
    return kept if kept else (repairing.Fixes(), {})


def _unknown_words(plan: planning.ImportPlan) -> dict[str, list[tuple[str, int]]]:
    """For each choice field, the words of the file we could not read as one of its values, with their counts."""
    from sprint.importing.targets import CHOICE

    field_of = {c: k for k, c in plan.mapping.columns.items() if c}
    found: dict[str, dict[str, int]] = {}
    for r in plan.repairs:
        key = field_of.get(r.column_name or "")
        if key and plan.target.field(key).kind == CHOICE and r.text and "is not one of" in r.issue.message:
            words = found.setdefault(key, {})
            words[r.text] = words.get(r.text, 0) + 1
    return {k: sorted(v.items(), key=lambda x: -x[1]) for k, v in found.items()}


def repair_box(plan: planning.ImportPlan, fixes_key: str) -> None:
    """The cells and rows the import repaired, in a grid a person corrects before importing: type the right
    value, or choose to leave the cell blank or the row out; and what each unknown word of a choice column
    means. Apply makes the preview again from the corrected file; Import stores exactly that preview."""
    if not plan.repairs:
        return
    blank = sum(r.action == repairing.BLANK for r in plan.repairs)
    out = len(plan.repairs) - blank
    st.warning(f"**{md(plan.source.file_name)} can be imported, with {repairing.counted(plan.repairs)}.** "
               "Each is listed below with what the file says. Type the right value in *Correct to*, or choose what "
               "happens to it, then *Apply*. Or import as it is.", icon=":material/build:")
    fixes, value_maps = current_fixes(fixes_key)
    shown = sorted(plan.repairs, key=lambda r: (r.issue.sheet, r.issue.row or 0, r.issue.column or ""))[:500]
    sheets = {r.issue.sheet for r in shown}
    # what needs a hand first (the file's text, the correction, the choice), the explanation last: on a 1280 px
    # projector the editable columns must show without scrolling sideways
    frame = pd.DataFrame([{**({"Sheet": r.issue.sheet} if len(sheets) > 1 else {}), "Row": r.issue.row,
                           "Column": f"{r.issue.column or ''} {r.issue.header or ''}".strip(),
                           "In the file": r.text, "Correct to": "",
                           "Then": LEAVE_BLANK if r.action == repairing.BLANK else LEAVE_OUT,
                           "Problem": r.issue.message} for r in shown])
    words = _unknown_words(plan)
    by_column: dict[str, list[int]] = {}
    for r in plan.repairs:
        if r.action == repairing.BLANK and r.column_name:
            by_column.setdefault(r.column_name, []).append(r.table_row)
    if by_column:  # a whole kind of problem at once: blank is the default, leaving those rows out is a click
        kinds = list(by_column.items())[:4]
        for column, (name, rows) in zip(st.columns(len(kinds)), kinds, strict=True):
            column.button(f"Leave out {len(rows)} row{'s' if len(rows) != 1 else ''} ({name})",
                          key=f"{fixes_key}_out_{name}", icon=":material/playlist_remove:",
                          help=f"The rows whose {name} can't be read are left out instead of imported with it blank",
                          on_click=_leave_out, args=(fixes_key, rows))
    grid_key = f"{fixes_key}_grid_{len(plan.repairs)}_{blank}_{out}"
    word_keys: dict[str, dict[str, str]] = {}  # field -> word -> the key of its select box
    with st.form(f"{fixes_key}_form", border=False):
        st.data_editor(
            frame, key=grid_key, hide_index=True, width="stretch",
            num_rows="fixed", height=min(42 + 40 * len(frame), 402),
            disabled=["Sheet", "Row", "Column", "In the file", "Problem"],
            column_config={"Sheet": st.column_config.TextColumn(width="small"),
                           "Row": st.column_config.NumberColumn(width=55),
                           "Column": st.column_config.TextColumn(width=130),
                           "In the file": st.column_config.TextColumn(width=110),
                           "Correct to": st.column_config.TextColumn(width=170,
                                                                     help="The value the cell should hold"),
                           "Then": st.column_config.SelectboxColumn(options=[LEAVE_BLANK, LEAVE_OUT], required=True,
                                                                    width=150),
                           "Problem": st.column_config.TextColumn(width="large")})
        for field_key, found in words.items():
            f = plan.target.field(field_key)
            allowed = sorted(set(f.choices.values()))
            st.markdown(f"**What these {md(f.label.lower())} words mean**")
            columns = st.columns(3)
            for n, (word, count) in enumerate(found[:24]):
                word_key = f"{fixes_key}_word_{field_key}_{n}"
                word_keys.setdefault(field_key, {})[word] = word_key
                columns[n % 3].selectbox(f"'{word}' ({count} row{'s' if count != 1 else ''}) means",
                                         [None, *allowed], key=word_key,
                                         format_func=lambda v: "leave blank" if v is None else v)
        # the corrections are taken in the button's callback, before the page runs: one run shows the new preview
        st.form_submit_button("Apply", icon=":material/check:", type="secondary", on_click=_apply,
                              args=(fixes_key, grid_key, shown, word_keys))


def _leave_out(fixes_key: str, rows: list[int]) -> None:
    fixes, value_maps = current_fixes(fixes_key)
    st.session_state[fixes_key] = (repairing.Fixes(dict(fixes.cells), set(fixes.leave_out) | set(rows)), value_maps)


def _apply(fixes_key: str, grid_key: str, shown: list, word_keys: dict[str, dict[str, str]]) -> None:
    """The grid's edits and the chosen word meanings, added to the corrections made so far."""
    fixes, value_maps = current_fixes(fixes_key)
    cells = dict(fixes.cells)
    leave_out = set(fixes.leave_out)
    edits = (st.session_state.get(grid_key) or {}).get("edited_rows", {})
    for index, changed in edits.items():
        r = shown[int(index)]
        typed = str(changed.get("Correct to") or "").strip()
        if typed and r.column_name:
            cells[(r.table_row, r.column_name)] = typed
        elif changed.get("Then") == LEAVE_OUT and r.action == repairing.BLANK:
            leave_out.add(r.table_row)
    maps = {k: dict(v) for k, v in value_maps.items()}
    for field_key, by_word in word_keys.items():
        for word, key in by_word.items():
            if st.session_state.get(key):
                maps.setdefault(field_key, {})[word] = st.session_state[key]
    st.session_state[fixes_key] = (repairing.Fixes(cells, leave_out), maps)
