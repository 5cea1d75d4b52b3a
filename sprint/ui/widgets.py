"""Shared widgets: one way to draw a chart."""

from __future__ import annotations

import altair as alt
import streamlit as st

from sprint import charts


def chart(chart: alt.TopLevelMixin | dict, *, scale: float = 1.0, key: str | None = None) -> None:
    """Draw a chart with the product's theme (not Streamlit's), filling the width. Takes an Altair chart or
    a spec already made by `charts.spec` (e.g. from a cache)."""
    spec = chart if isinstance(chart, dict) else charts.spec(chart, scale=scale)
    st.vega_lite_chart(spec, width="stretch", theme=None, key=key)
