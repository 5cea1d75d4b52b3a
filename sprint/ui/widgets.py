"""Shared widgets: one way to draw a chart."""

from __future__ import annotations

import altair as alt
import streamlit as st

from sprint import charts


def chart(chart: alt.TopLevelMixin, *, scale: float = 1.0, key: str | None = None) -> None:
    """Draw an Altair chart with the product's theme (not Streamlit's), filling the width."""
    st.altair_chart(charts.themed(chart, scale=scale), width="stretch", theme=None, key=key)
