"""The Overview of a large portfolio (an imported inventory brings hundreds of initiatives): counts by stage
and department, filters, what needs attention first, red flags grouped by kind, and a paged table."""

from __future__ import annotations

import streamlit as st

from sprint import charts, portfolio
from sprint.initiatives import STAGES
from sprint.picture import FLAG_KINDS
from sprint.steps import STEPS
from sprint.ui import state, widgets
from sprint.ui.text import md

# The page that clears each step's red flags.
STEP_PAGES = {step.number: step.page for step in STEPS}


def flag_link(picture, flag) -> None:
    st.page_link(STEP_PAGES[flag.step], label=f"{md(picture.initiative.name)}: {md(flag.text)}",
                 icon=":material/arrow_forward:", help=f"Opens Step {flag.step}, where this is cleared.",
                 query_params={"initiative": state.slug_of(picture.initiative), "view": flag.view})


def readiness_table(shown, today, *, height="auto") -> None:
    step_help = "Share of this step's essentials done; 'Why these scores' below lists them."
    # Red flags and the headline come first after the name: on a 1280-pixel projector they are in view, and
    # the step-by-step readiness follows (scroll right, the name stays pinned).
    st.dataframe(
        portfolio.readiness_table(shown, today), hide_index=True, width="stretch", height=height,
        column_order=["Initiative", "Red flags", "Headline", "Sprint", *portfolio.STEP_COLUMNS],
        column_config={
            "Initiative": st.column_config.TextColumn(width=190, pinned=True),
            **{c: st.column_config.ProgressColumn(c, min_value=0, max_value=100, format="%d%%", help=step_help,
                                                  width=90) for c in portfolio.STEP_COLUMNS},
            "Red flags": st.column_config.TextColumn(width=230),
            "Headline": st.column_config.TextColumn(width=240),
            "Sprint": st.column_config.TextColumn(width=110),
        },
    )


def show_flag_kind(kind: str) -> None:
    """'Show these' on a group of red flags: the table filters to them (from its first page)."""
    st.session_state["overview_flag"] = kind


def portfolio_view(active, pictures, today) -> list:
    """A large portfolio (an imported inventory): counts, filters, what needs attention first, red flags grouped
    by kind, and a paged table. Returns the pictures the filters let through."""
    left, right = st.columns(2, border=True)
    with left:
        st.markdown("**By stage**")
        widgets.chart(charts.count_bars(portfolio.counts_by(active, "stage"), "stage"))
    with right:
        st.markdown("**By department**")
        widgets.chart(charts.count_bars(portfolio.counts_by(active, "department"), "department"))
    departments = sorted({portfolio.department_of(i) for i in active}, key=str.casefold)
    flag_options = ["", portfolio.ANY_FLAG, portfolio.NO_FLAG, *FLAG_KINDS]
    f1, f2, f3, f4 = st.columns([1.3, 1.1, 1.1, 1])
    chosen_departments = f1.multiselect("Department", departments, key="overview_departments",
                                        placeholder="All departments")
    chosen_stages = f2.multiselect("Stage", list(STAGES), key="overview_stages", placeholder="All stages")
    flag = f3.selectbox("Red flags", flag_options, key="overview_flag",
                        format_func=lambda k: "All initiatives" if not k else (
                            FLAG_KINDS[k][0] if k in FLAG_KINDS else k.capitalize()))
    text = f4.text_input("Name contains", key="overview_text", placeholder="e.g. triage")
    filters = portfolio.Filters(tuple(chosen_departments), tuple(chosen_stages), flag or "", text)
    shown = portfolio.apply(pictures, filters)
    if not shown:
        st.info("No initiative matches these filters. Clear one of them to see more.", icon=":material/filter_alt_off:")
        return shown
    urgent = portfolio.attention(shown, limit=8)
    if urgent:
        st.subheader("Needs attention first")
        st.caption("The heaviest red flags first: overdue obligations, then metrics off track, then a design that "
                   "asks too much, then a missing owner. Each link opens the step that clears it.")
        for p in urgent:
            worst = max(p.flags, key=lambda f: f.weight)
            more = len(p.flags) - 1
            st.page_link(STEP_PAGES[worst.step], icon=":material/arrow_forward:",
                         label=f"{md(p.initiative.name)}: {md(worst.text)}" + (f" (+{more} more)" if more else ""),
                         help=f"Opens Step {worst.step}, where this is cleared.",
                         query_params={"initiative": state.slug_of(p.initiative), "view": worst.view})
    groups = portfolio.flag_groups(shown)
    if groups:
        total = sum(len(g.pictures) for g in groups)
        with st.expander(f"Red flags by kind ({total})", icon=":material/flag:"):
            for g in groups:
                if len(g.pictures) <= portfolio.GROUP_FROM:
                    for p in g.pictures:
                        flag_link(p, next(f for f in p.flags if f.kind == g.kind))
                    continue
                line, button = st.columns([4, 1], vertical_alignment="center")
                note = (" Expected right after an inventory is imported: name each owner on Step 4."
                        if g.kind == "no owner" else "")
                line.markdown(f"**{len(g.pictures):,} initiatives** {md(g.label)}.{note}")
                button.button("Show these", key=f"show_flag_{g.kind}", on_click=show_flag_kind, args=(g.kind,),
                              disabled=filters.flag == g.kind, width="stretch")
    table = sorted(shown, key=lambda p: p.initiative.name.casefold())
    pages = -(-len(table) // portfolio.PAGE_SIZE)
    st.subheader("Every initiative" if not filters.active() else "The initiatives these filters show")
    # One page widget per filter set (and page count): new filters start again from the first page.
    page_key = f"overview_page_{pages}_{abs(hash(filters))}"
    page = min(max(1, st.session_state.get(page_key, 1)), pages)
    first = (page - 1) * portfolio.PAGE_SIZE
    st.caption(f"{first + 1:,}-{min(first + portfolio.PAGE_SIZE, len(table)):,} of {len(table):,}"
               + (f" (of {len(pictures):,} in all)" if len(table) < len(pictures) else "") + ", by name.")
    rows = table[first:first + portfolio.PAGE_SIZE]
    readiness_table(rows, today, height=35 * (len(rows) + 1) + 3)  # the whole page without a scroll inside it
    if pages > 1:
        st.pagination(pages, key=page_key, max_visible_pages=9)
    return shown
