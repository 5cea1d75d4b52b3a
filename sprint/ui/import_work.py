"""What the import page works out from a file, once per session: the file read, the suggested mapping, the
plan. A 20 MB file is a few hundred megabytes of cells, so each is held in `sprint.ui.memory` (not in session
state), worked out under one of the server's preview slots with a progress bar, and let go with the file."""

from __future__ import annotations

import copy
import json
from contextlib import contextmanager

import streamlit as st

from sprint import filecheck, importing
from sprint.errors import SprintError
from sprint.importing import plan as planning
from sprint.importing import profiles
from sprint.importing.mapping import Mapping, suggest
from sprint.importing.slots import Slots
from sprint.importing.targets import BY_KEY
from sprint.ui import memory
from sprint.ui.import_repairs import FIXES
from sprint.ui.text import md

SOURCE = "import_source"
PLAN = "import_plan"
PREVIEWS_AT_ONCE = 2  # files read or checked at the same time, server-wide: each can take a few hundred MB
PREVIEW_WAIT_S = 180


@st.cache_resource
def _preview_slots() -> Slots:
    return Slots(PREVIEWS_AT_ONCE, PREVIEW_WAIT_S)


@contextmanager
def preview_slot(what: str):
    """Wait for one of the server's preview slots; the person sees that they are waiting, and why."""
    notice = st.empty()
    with _preview_slots().slot(lambda: notice.info(f"Other people's files are being read; {what} starts as soon as "
                                                   "one finishes.", icon=":material/hourglass_top:")):
        notice.empty()
        yield


def forget_upload() -> None:
    """Free what a preview held (the parsed file and its plan) once the file is gone or imported, and give the
    memory back to the system (sprint.ui.memory)."""
    for key in [k for k in st.session_state if str(k).startswith(FIXES)]:
        st.session_state.pop(key, None)
    if memory.let_go(SOURCE, PLAN, "import_guess", "import_best_sheet", "import_per_sheet",
                      "import_months_down"):
        memory.release()


def read_upload(upload) -> importing.Source | None:
    """The uploaded file read once per upload (widget changes reuse it); None after showing why it can't be."""
    kept = memory.kept(SOURCE)
    if kept and kept[0] == upload.file_id:
        return kept[1]
    forget_upload()  # another file: let the last one's rows go before reading this one
    refusal = filecheck.too_large(upload.size, upload.name)
    if refusal:
        st.error(f"**{md(upload.name)} can't be imported.** {md(refusal)} Save it as .xlsx (far smaller than .csv "
                 "for the same rows), or split it and import the parts. Nothing was written.", icon=":material/block:")
        return None
    try:
        with preview_slot(f"reading {md(upload.name)}"):
            bar = st.progress(0.0, text=f"Reading {md(upload.name)}...")
            try:  # each step of the bar is also where Streamlit stops the work of a session whose tab is gone
                source = importing.open_source(upload.getvalue(), upload.name, progress=lambda share: bar.progress(
                    min(share, 1.0), text=f"Reading {md(upload.name)}: {share:.0%}"))
            finally:
                bar.empty()  # a refused file leaves no half-full bar above its message
    except SprintError as exc:
        st.error(f"**{md(upload.name)} can't be imported.** {md(exc)} Nothing was written.", icon=":material/block:")
        return None
    memory.keep(SOURCE, (upload.file_id, source))
    return source


def plan_once(store, source: importing.Source, **options) -> planning.ImportPlan:
    """The plan for these choices, worked out once: typing a profile name or opening an expander reruns the
    page, and a 120,000-row file should not be parsed again for that. A write to the database (anyone's)
    makes it fresh, since the counts compare with what is stored."""
    wanted = (source.sha256, store.last_change(),
              json.dumps({k: (v.to_json() if isinstance(v, Mapping) else v) for k, v in options.items()},
                         sort_keys=True, default=str))
    kept = memory.kept(PLAN)
    if kept and kept[0] == wanted:
        return kept[1]
    memory.let_go(PLAN)
    del kept  # the last plan goes before the next is made: one plan's rows in memory per person
    with preview_slot("checking your rows"):
        bar = st.progress(0.0, text="Checking every row...")
        try:
            plan = importing.make_plan(store, source, progress=lambda f, what: bar.progress(f, text=f"{what}..."),
                                       **options)
        finally:
            bar.empty()
    memory.keep(PLAN, (wanted, plan))
    return plan


def per_sheet(source: importing.Source):
    """The workbook read as one metric per sheet, once per file (None when it isn't kept that way)."""
    from sprint.importing import metric_sheets

    kept = memory.kept("import_per_sheet")
    if not kept or kept[0] != source.sha256:
        kept = (source.sha256, metric_sheets.detect(source.book))
        memory.keep("import_per_sheet", kept)
    return kept[1]


def grid(source: importing.Source, sheet: str, turned: bool):
    from sprint.importing import metric_sheets
    from sprint.importing.layout import transpose

    if sheet == metric_sheets.ALL_SHEETS:
        return per_sheet(source).grid
    return transpose(source.book.grid(sheet)) if turned else source.book.grid(sheet)


def months_down_table(source: importing.Source, sheet: str, header_row: int | None, turned: bool):
    """The table read turned (one row per metric) when the sheet keeps one row per month and one column per
    metric; None otherwise. Worked out once per file and layout."""
    from sprint.importing import metric_sheets, months_down
    from sprint.importing.layout import NoHeader, find_table
    from sprint.importing.mapping import known_words

    wanted = (source.sha256, sheet, header_row, turned)
    kept = memory.kept("import_months_down")
    if not kept or kept[0] != wanted:
        found = None
        if sheet != metric_sheets.ALL_SHEETS and not turned:
            try:
                found = months_down.turn(find_table(grid(source, sheet, turned), known_words(), header_row))
            except NoHeader:
                found = None
        kept = (wanted, found[0] if found else None)
        memory.keep("import_months_down", kept)
    return kept[1]


def suggested(source: importing.Source, sheet: str, header_row: int | None, target: str | None,
              store, turned: bool = False, turn_months: bool = False) -> tuple[Mapping | None, str | None, list[str]]:
    """The starting mapping: a saved profile for these headers, else the best suggestion. `turn_months`: of the
    table read turned, one row per metric (see months_down_table)."""
    from sprint.importing.layout import header_columns
    from sprint.importing.mapping import best_target_for, known_words

    if turn_months:
        from sprint.importing import evidence

        table = months_down_table(source, sheet, header_row, turned)
        if target:
            return suggest(BY_KEY[target], table.columns), None, table.columns
        return copy.deepcopy(evidence.guess(table).mapping), None, table.columns
    columns = header_columns(grid(source, sheet, turned), known_words(), header_row)  # the header only: cheap
    if target:
        return suggest(BY_KEY[target], columns), None, columns
    found = profiles.find_profile(store, columns)
    if found:
        return found.mapping, found.name, columns
    mapping = best_target_for(columns)
    if mapping is not None:  # headers suggest a target: the values must fit it too (sprint.importing.evidence)
        wanted = (source.sha256, sheet, header_row, turned)  # judged once per file and layout, not every rerun
        kept = memory.kept("import_guess")
        if not kept or kept[0] != wanted:
            from sprint.importing import evidence, sheets
            from sprint.importing.layout import find_table

            sheet_grid = grid(source, sheet, turned)
            table = sheets.named(sheet_grid, find_table(sheet_grid, known_words(), header_row))
            kept = (wanted, evidence.guess(table))
            memory.keep("import_guess", kept)
        guessed = kept[1]
        if guessed.mapping is None:
            st.session_state["import_refusal"] = guessed.refusal
        mapping = copy.deepcopy(guessed.mapping)  # the page may change it; the judged one stays as it was
    return mapping, None, columns
