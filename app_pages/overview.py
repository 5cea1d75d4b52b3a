"""Overview: every initiative, where it stands in its 90 days; create, edit and archive them."""

import streamlit as st

from sprint import charts, initiatives, portfolio
from sprint.dates import today_utc
from sprint.errors import SprintError
from sprint.example import build as example
from sprint.initiatives import InitiativeDraft
from sprint.ui import forms, portfolio_view, reality_view, shell, state, widgets
from sprint.ui.text import md

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

if active:
    large = len(active) > portfolio.FILTERS_FROM
    shown = portfolio_view.portfolio_view(active, pictures, today) if large else pictures
    if shown and len(shown) <= portfolio.TIMELINE_AT_MOST:
        st.subheader("Where each pilot stands")
        widgets.chart(charts.sprint_position_chart([p.initiative for p in shown], today))
    elif shown:
        st.caption(f"The sprint timeline is drawn for {portfolio.TIMELINE_AT_MOST} initiatives or fewer: narrow "
                   "the filters to see where each of them stands.")
    if not large:
        portfolio_view.readiness_table(pictures, today)
        flagged = [(p, flag) for p in pictures for flag in p.flags]
        if flagged:
            with st.expander(f"Clear the red flags ({len(flagged)})", expanded=len(flagged) <= 6,
                             icon=":material/flag:"):
                for picture, flag in flagged:
                    portfolio_view.flag_link(picture, flag)
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
        chosen = st.selectbox("Archived initiative", list(by_id), format_func={i: item.name for i, item in by_id.items()}.__getitem__)
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
