"""Step 4's risk register view: the open risks by level, a 5x5 matrix of where they sit, and the register as an
editable table (or imported from the register the team already keeps)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from sprint import charts
from sprint.initiatives import Initiative
from sprint.steps.governance import risks
from sprint.store import Store
from sprint.ui import shell, state, widgets
from sprint.ui.text import md

LEVEL_COLOURS = {risks.HIGH: charts.STATUS_COLOURS["off track"], risks.MEDIUM: charts.STATUS_COLOURS["at risk"],
                 risks.LOW: charts.STATUS_COLOURS["on track"]}
SHOWN = ["ref", "title", "category", "likelihood", "impact", "impact_cost", "level", "owner", "response", "status",
         "review_on"]


def matrix(items: list[risks.Risk]) -> alt.Chart | None:
    """Open risks rated on both axes, counted in a 5x5 grid coloured by the level each cell's score gives."""
    rated = [r for r in items if r.is_open and r.likelihood is not None and r.impact is not None]
    if not rated:
        return None
    cells = [{"Likelihood": int(lk), "Impact": int(im), "Level": risks.level_for(lk * im),
              "Risks": sum(1 for r in rated if r.likelihood == lk and r.impact == im)}
             for lk in range(1, 6) for im in range(1, 6)]
    frame = pd.DataFrame(cells)
    base = alt.Chart(frame).encode(
        x=alt.X("Impact:O", title="Impact (1 minor - 5 severe)", axis=alt.Axis(labelAngle=0)),
        y=alt.Y("Likelihood:O", title="Likelihood", sort="descending"))
    tiles = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color("Level:N", scale=alt.Scale(domain=list(LEVEL_COLOURS), range=list(LEVEL_COLOURS.values())),
                        legend=alt.Legend(title="Level", orient="right")),
        opacity=alt.condition("datum.Risks > 0", alt.value(1.0), alt.value(0.25)),
        tooltip=["Likelihood", "Impact", "Level", "Risks"])
    counts = base.transform_filter("datum.Risks > 0").mark_text(fontSize=22, fontWeight="bold", color="white").encode(
        text="Risks:Q")
    return (tiles + counts).properties(height=300, title="Where the open risks sit")


def risk_view(store: Store, initiative: Initiative) -> None:
    items = risks.list_risks(store, initiative.id)
    counts = risks.counts(items)
    if items:
        # a row that wraps (two by two on a phone) rather than columns, which a phone stacks one under another
        with st.container(horizontal=True, gap="small"):
            st.metric("Open · high", counts[risks.HIGH], width=150)
            st.metric("Open · medium", counts[risks.MEDIUM], width=150)
            st.metric("Open · low", counts[risks.LOW] + counts["unrated"],
                      f"{counts['unrated']} not rated" if counts["unrated"] else None, delta_color="off",
                      delta_arrow="off", width=150)
            st.metric("Closed", sum(1 for r in items if not r.is_open), width=150)
        if counts["high unowned"]:
            st.error(f"**{counts['high unowned']} high open risk{'s have' if counts['high unowned'] != 1 else ' has'} "
                     "no owner.** Name who acts when it happens: a risk nobody owns is a risk nobody manages.",
                     icon=":material/person_alert:")
        chart = matrix(items)
        if chart is not None:
            widgets.chart(chart)
    else:
        st.info("No risks recorded yet. Type them in the table below (one per row: the risk, how likely and how bad "
                "on 1-5, who owns it, what you will do), or bring in the register you keep on the Import page "
                "(PRINCE2, 5x5 scored and high/medium/low registers all read).", icon=":material/shield:")
    st.caption("Likelihood and impact run 1 (rare, minor) to 5 (almost certain, severe). The level follows from "
               "likelihood x impact (15 and over high, 5-12 medium) unless you set it.")
    frame = pd.DataFrame([{f: getattr(r, f) for f in risks.FIELDS} for r in items], columns=list(risks.FIELDS))
    for column in ("ref", "title", "category", "cause", "event", "effect", "owner", "response", "level", "status"):
        frame[column] = frame[column].astype("object")
    for column in ("raised_on", "review_on"):
        frame[column] = pd.to_datetime(frame[column]).dt.date
    config = {
        "ref": st.column_config.TextColumn("Ref", width=55),
        "title": st.column_config.TextColumn("Risk", width=260, required=True),
        "category": st.column_config.TextColumn("Category", width="small"),
        "likelihood": st.column_config.NumberColumn("Likelihood", min_value=1, max_value=5, step=1, width=100),
        "impact": st.column_config.NumberColumn("Impact", min_value=1, max_value=5, step=1, width=85),
        "impact_cost": st.column_config.NumberColumn("Impact ($)", min_value=0, format="$%,.0f", width=100),
        "level": st.column_config.SelectboxColumn("Level", options=list(risks.LEVELS), width=90),
        "owner": st.column_config.TextColumn("Owner", width="small"),
        "response": st.column_config.TextColumn("Response", width="medium"),
        "status": st.column_config.SelectboxColumn("Status", options=list(risks.STATUSES), default=risks.OPEN,
                                                   width=90),
        "review_on": st.column_config.DateColumn("Review by", format="D MMM YYYY", width=110),
    }
    edited = widgets.table_form(f"risks_{initiative.id}_{store.last_change()}", frame, submit="Save the risk register",
                                submit_key="save_risks", column_order=SHOWN, column_config=config)
    if edited is not None:
        shell.save_then_rerun(lambda: risks.save_risks(store, state.actor(), initiative.id,
                                                       edited.to_dict("records"), items),
                              f"Saved the risk register of {md(initiative.name)}.")
