"""Overview: every initiative, where it stands in its 90 days; create, edit and archive them."""

import streamlit as st

from sprint import charts, example, initiatives, portfolio
from sprint.dates import today_utc
from sprint.errors import SprintError
from sprint.initiatives import STAGES, InitiativeDraft
from sprint.picture import FLAG_KINDS
from sprint.ui import forms, reality_view, shell, state, widgets
from sprint.ui.text import md

# The page that clears each step's red flags.
STEP_PAGES = {1: "app_pages/step1_scope.py", 2: "app_pages/step2_compliance.py", 3: "app_pages/step3_workflow.py",
              4: "app_pages/step4_governance.py", 5: "app_pages/step5_metrics.py"}

store = state.store()
today = today_utc()
active = state.active_initiatives()
everything = initiatives.list_all(store, include_archived=True)


def add_form() -> None:
    counter = st.session_state.setdefault("new_form_counter", 0)
    draft = forms.initiative_form(f"new_initiative_{counter}", InitiativeDraft(name="", start_date=today),
                                  "Create initiative")
    if draft is None:
        return
    try:
        new_id = initiatives.create(store, state.actor(), draft, today=today)
    except SprintError as exc:
        shell.show_error(exc, forms.LABELS)
        return
    st.session_state["new_form_counter"] = counter + 1
    state.set_current_initiative(new_id)
    state.flash(f"Created '{md(draft.cleaned().name)}'. It is now the current initiative.")
    st.rerun()


if not everything:
    st.title("Get an AI pilot into production in 90 days")
    st.markdown(
        "Production Sprint walks a team through five steps: cut the scope to what pays, build compliance "
        "in from day one, fit the way people really work, govern lightly, and measure business outcomes. "
        "Every entry is saved and audited."
    )
    left, right = st.columns(2, border=True)
    with left:
        st.subheader(":material/auto_stories: See it working")
        st.write("Six pilots drawn from the roadmap's cases, at different points of their sprint:")
        st.markdown("\n".join(f"- {md(line)}" for line in example.example_overview()))
        if st.button("Load the example sprint", type="primary", key="load_example"):
            try:
                with st.spinner("Loading the example sprint..."):
                    ids = example.load_example(store, state.actor(), today=today)
            except SprintError as exc:
                shell.show_error(exc)
            else:
                state.flash(f"Loaded the example sprint: {len(ids)} initiatives.")
                st.rerun()
    with right:
        st.subheader(":material/add_circle: Start your own")
        st.write("Name the pilot, its owner and the day the 90-day sprint starts.")
        add_form()
    st.stop()

st.title("Overview")
numbers = portfolio.summary(active, today)
pictures = state.pictures(today)
cols = st.columns(5)
cols[0].metric("Active initiatives", numbers.active)
cols[1].metric("In production", numbers.in_production, help="Limited or full production.")
cols[2].metric("Inside their 90 days", numbers.in_sprint)
cols[3].metric("Past day 90, still a pilot", numbers.stuck_in_pilot,
               help="Pilot purgatory: the sprint is over and nothing is in production yet.")
cols[4].metric("With red flags", sum(1 for p in pictures if p.red_flags),
               help="No owner with budget authority, overdue obligations, a design that changes more than one "
                    "habit, or metrics off track.")

def flag_link(picture, flag) -> None:
    st.page_link(STEP_PAGES[flag.step], label=f"{picture.initiative.name}: {flag.text}",
                 icon=":material/arrow_forward:", help=f"Opens Step {flag.step}, where this is cleared.",
                 query_params={"initiative": state.slug_of(picture.initiative), "view": flag.view})


def readiness_table(shown, *, height="auto") -> None:
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


def portfolio_view() -> list:
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
                         label=f"{p.initiative.name}: {worst.text}" + (f" (+{more} more)" if more else ""),
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
    readiness_table(rows, height=35 * (len(rows) + 1) + 3)  # the whole page without a scroll inside it
    if pages > 1:
        st.pagination(pages, key=page_key, max_visible_pages=9)
    return shown


if active:
    large = len(active) > portfolio.FILTERS_FROM
    shown = portfolio_view() if large else pictures
    if shown and len(shown) <= portfolio.TIMELINE_AT_MOST:
        st.subheader("Where each pilot stands")
        widgets.chart(charts.sprint_position_chart([p.initiative for p in shown], today))
    elif shown:
        st.caption(f"The sprint timeline is drawn for {portfolio.TIMELINE_AT_MOST} initiatives or fewer: narrow "
                   "the filters to see where each of them stands.")
    if not large:
        readiness_table(pictures)
        flagged = [(p, flag) for p in pictures for flag in p.flags]
        if flagged:
            with st.expander(f"Clear the red flags ({len(flagged)})", expanded=len(flagged) <= 6,
                             icon=":material/flag:"):
                for picture, flag in flagged:
                    flag_link(picture, flag)
    focus = next((p for p in pictures if p.initiative.id == state.current_initiative(active).id), None)
    if focus:
        with st.expander(f"Why these scores: {md(focus.initiative.name)}"):
            for step in focus.readiness:
                st.markdown(f"**{md(step.step)}: {step.score:.0%}**")
                st.markdown("\n".join(f"- {':green[done]' if e.done else ':red[to do]'}: {md(e.label)}"
                                       for e in step.essentials))
    reality_view.reality_check(pictures)
else:
    st.info("Every initiative is archived. Restore one below, or create a new one.", icon=":material/inventory_2:")

current = state.current_initiative(active)
edit_tab, new_tab, archive_tab = st.tabs(["Edit the current initiative", "New initiative", "Archived"])
with edit_tab:
    if current is None:
        st.write("No active initiative to edit.")
    else:
        version_key = f"editing_version_{current.id}"
        base_version = st.session_state.setdefault(version_key, current.version)
        if base_version != current.version:
            st.warning(f"{md(current.updated_by)} changed '{md(current.name)}' since you opened this form.")
            if st.button("Reload their version", key="reload_edit"):
                st.session_state[version_key] = current.version
                st.rerun()
        draft = forms.initiative_form(f"edit_{current.id}_v{base_version}", current.draft(), "Save changes")
        if draft is not None:
            try:
                saved = initiatives.update(store, state.actor(), current.id, draft,
                                           expected_version=base_version, today=today)
            except SprintError as exc:
                shell.show_error(exc, forms.LABELS)
            else:
                st.session_state[version_key] = saved.version
                state.flash(f"Saved '{md(saved.name)}'.")
                st.rerun()
        with st.expander(f"Archive '{md(current.name)}'"):
            st.write("Archived initiatives leave the portfolio and the sidebar; their data and audit trail stay.")
            if st.button("Archive it", key="archive_current"):
                def archive() -> None:
                    initiatives.set_archived(store, state.actor(), current.id, True, expected_version=current.version)
                    state.forget_current_initiative()  # the address moves on to an active one

                shell.save_then_rerun(archive, f"Archived '{md(current.name)}'.")
with new_tab:
    add_form()
with archive_tab:
    archived = [i for i in everything if i.archived]
    if not archived:
        st.write("Nothing is archived.")
    else:
        by_id = {i.id: i for i in archived}
        chosen = st.selectbox("Archived initiative", list(by_id), format_func=lambda i: by_id[i].name)
        if st.button("Restore it", key="restore_archived"):
            try:
                initiatives.set_archived(store, state.actor(), chosen, False,
                                         expected_version=by_id[chosen].version)
            except SprintError as exc:
                shell.show_error(exc)
            else:
                state.set_current_initiative(chosen)
                state.flash(f"Restored '{md(by_id[chosen].name)}'.")
                st.rerun()
