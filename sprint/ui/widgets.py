"""Shared widgets: one way to draw a chart."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from sprint import charts
from sprint.ui.text import md

# Colouring cells costs Streamlit a pandas Styler pass over every cell (38 ms for 250 rows x 28 columns),
# so only tables this small get coloured status cells; larger ones show the words alone.
COLOUR_ROWS_LIMIT = 60
STATUS_CELL_COLOURS = {**charts.STATUS_COLOURS, "green": charts.STATUS_COLOURS["on track"],
                       "amber": charts.STATUS_COLOURS["at risk"], "red": charts.STATUS_COLOURS["off track"]}


def _text_on(background: str) -> str:
    """White on the green and red; the ink on the amber (white on it reads at 2.45:1 from the back row)."""
    return charts.INK if background == charts.STATUS_COLOURS["at risk"] else "white"


def status_cell_style(value: object) -> str:
    """The CSS of a status word's cell: its status colour, with text that reads on it (4.5:1 or better)."""
    colour = STATUS_CELL_COLOURS.get(str(value))
    return f"background-color: {colour}; color: {_text_on(colour)}; font-weight: 600" if colour else ""


def status_table(frame: pd.DataFrame, status_column: str, **kwargs) -> None:
    """A read-only table whose status words are coloured like the charts (green, amber, red)."""
    if len(frame) <= COLOUR_ROWS_LIMIT:
        st.dataframe(frame.style.map(status_cell_style, subset=[status_column]), **kwargs)
    else:
        st.dataframe(frame, **kwargs)


def chart(chart: alt.TopLevelMixin | dict, *, scale: float = 1.0, key: str | None = None) -> None:
    """Draw a chart with the product's theme (not Streamlit's), filling the width. Takes an Altair chart or
    a spec already made by `charts.spec` (e.g. from a cache)."""
    spec = chart if isinstance(chart, dict) else charts.spec(chart, scale=scale)
    st.vega_lite_chart(spec, width="stretch", theme=None, key=key)


def room_status_table(frame: pd.DataFrame, status_column: str) -> None:
    """A static table for the projector or a phone: large wrapped text, status words coloured like the charts."""
    styled = frame.style.map(status_cell_style, subset=[status_column]).format(  # 'on track' on one line
        lambda v: str(v).replace(" ", "\u00a0"), subset=[status_column])
    words = [c for c in frame.columns if c != status_column and frame[c].dtype == object]
    if words:  # st.table renders Markdown in cells: names people typed are shown as typed, never as links
        styled = styled.format(lambda v: md(v) if isinstance(v, str) else v, subset=words)
    st.table(styled, hide_index=True, border="horizontal")


def table_form(key: str, frame: pd.DataFrame, *, submit: str, submit_key: str, primary: bool = True,
               num_rows: str = "dynamic", **editor_args) -> pd.DataFrame | None:
    """An editable table whose edits wait for its button: typing, moving between cells and adding rows never
    rerun the page (a rerun mid-typing loses keystrokes), and everything typed is sent together on the click.
    Returns the table as edited when the button was pressed, else None. Empty cells show empty, not 'None'."""
    with st.form(f"{key}_form", border=False, enter_to_submit=False):
        edited = st.data_editor(frame, key=key, num_rows=num_rows, hide_index=True, width="stretch", placeholder="",
                                **editor_args)
        pressed = st.form_submit_button(submit, type="primary" if primary else "secondary", key=submit_key)
    return edited if pressed else None
