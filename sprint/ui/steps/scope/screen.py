"""Step 1 on the projector: the cut as one sentence, the Pareto chart and the core features by name."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from sprint.initiatives import Initiative
from sprint.steps.scope import charts as scope_charts
from sprint.steps.scope import rules as scope
from sprint.steps.scope import store as features
from sprint.store import Store
from sprint.ui import room_questions, widgets
from sprint.ui.room import SCALE
from sprint.ui.text import md
from sprint.values import format_value


def screen(store: Store, initiative: Initiative, today: dt.date) -> None:
    if room_questions.panel(store, initiative, "scope", today):
        return  # the room is answering: its tally takes the screen
    items = features.list_features(store, initiative.id)
    if not items:
        st.info("No features listed yet: ask the room to list them.")
        return
    ranked = scope.rank([f.candidate() for f in items], initiative.hourly_rate)
    core = features.core_keys(items, ranked)
    st.subheader(md(scope.summarize_cut(ranked, core).sentence), anchor=False)
    rule = {c.key for c in scope.volume_rule_set([f.candidate() for f in items])}
    chart, names = st.columns([3, 2])
    with chart:
        widgets.chart(scope_charts.pareto_chart(ranked, core, rule, scale=SCALE), scale=SCALE)
        if len(ranked) > scope_charts.CHARTED_MAX:
            st.caption(f"The top {scope_charts.CHARTED_MAX} of {len(ranked):,} features.")
    with names:
        kept = [r for r in ranked if r.candidate.key in core]
        st.markdown(f"**The core: {len(kept):,} of {len(ranked):,}**")
        st.markdown("\n".join(f"{r.rank}. {md(r.candidate.name)} · {format_value(r.impact, '$/month')}"
                                for r in kept[:12]) + (f"\n\n…and {len(kept) - 12:,} more" if len(kept) > 12 else ""))
        if len(ranked) > len(kept):
            st.caption(f"Phase 2: the other {len(ranked) - len(kept):,}.")
