"""The Overview's reality check: the roadmap's benchmarks beside the organisation's own figures."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from sprint import reality
from sprint.plan import store as plan_store
from sprint.ui import shell, state


def reality_check(pictures) -> None:
    st.subheader("Reality check")
    st.caption("Where the organisation stands against the roadmap's figures: the industry average and the top 5%.")
    figures = reality.yours(pictures, plan_store.org_figures(state.store()))
    st.dataframe(pd.DataFrame([{
        "Measure": y.benchmark.name, "Industry average": f"{y.benchmark.average} {y.benchmark.unit}".replace(" %", "%"),
        "Top 5%": f"{y.benchmark.top} {y.benchmark.unit}".replace(" %", "%"),
        "Yours": "–" if y.value is None else f"{y.value:.0f}{'%' if y.benchmark.unit == '%' else ' months'}",
        "From": y.how} for y in figures]), hide_index=True, width="stretch")
    missing = [y.benchmark for y in figures if y.how in ("type it in below", "typed in")]
    if not missing:
        return
    with st.form("reality_typed", border=True):
        st.markdown("**Figures the data can't give you**")
        cols = st.columns(len(missing))
        typed = {b.name: col.number_input(f"{b.name} ({b.unit})", min_value=0.0, step=1.0, value=None,
                                          key=f"reality_{b.name}") for col, b in zip(cols, missing, strict=True)}
        if st.form_submit_button("Save"):
            shell.save_then_rerun(lambda: plan_store.set_org_figures(state.store(), state.actor(), typed),
                                  "Saved the organisation's figures.")
