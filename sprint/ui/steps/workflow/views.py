"""Step 3 views: shadow sessions, the workflow as it really runs, habits and shadow IT, adoption."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from sprint import room
from sprint.initiatives import Initiative
from sprint.steps.outcomes import store as metrics
from sprint.steps.outcomes.store import MetricDraft
from sprint.steps.workflow import charts as workflow_charts
from sprint.steps.workflow import rules as workflow
from sprint.steps.workflow import store as workflow_store
from sprint.steps.workflow.store import Session
from sprint.store import Store
from sprint.ui import shell, state, widgets
from sprint.ui.text import md
from sprint.values import plain


def sessions_view(store: Store, initiative: Initiative, today: dt.date) -> None:
    sessions = workflow_store.list_sessions(store, initiative.id)
    done = min(len(sessions), workflow.SHADOW_TARGET)
    st.progress(done / workflow.SHADOW_TARGET,
                text=f"{len(sessions)} of {workflow.SHADOW_TARGET} users shadowed (half a day each)")
    with st.form(f"session_{initiative.id}", border=True, clear_on_submit=False):
        st.markdown("**Record a shadow session**: whose real day you followed")
        a, b, c, d = st.columns([2, 3, 3, 2])
        held_on = a.date_input("Date", value=today, format="YYYY-MM-DD", key="session_date")
        role = b.text_input("Their role", key="session_role", placeholder="e.g. Account executive")
        team = c.text_input("Team", key="session_team")
        hours = d.number_input("Hours", min_value=0.0, max_value=24.0, value=workflow.SHADOW_HOURS, step=0.5,
                               key="session_hours")
        notes = st.text_area("What you saw (the sheets, chats and workarounds too)", key="session_notes", height=80)
        if st.form_submit_button("Save the session", type="primary"):
            shell.save_then_rerun(lambda: workflow_store.add_session(store, state.actor(), initiative,
                                                     Session(held_on, role, team, float(hours), notes), today=today),
                  "Saved the shadow session.")
    if sessions:
        st.dataframe(pd.DataFrame([{"Date": s.held_on, "Role": s.person_role, "Team": s.team, "Hours": s.hours,
                                    "Notes": s.notes} for s in sessions]), hide_index=True, width="stretch")


# The AI column before the long pain points, so it stays in view on a 1280-pixel projector.
STEP_COLUMNS = {"activity": "What happens", "actor": "Who does it", "system": "System or tool", "official": "Official",
                "minutes": "Minutes", "ai_touch": "AI", "pain_points": "Pain points"}


def workflow_view(store: Store, initiative: Initiative) -> None:
    steps = workflow_store.list_steps(store, initiative.id)
    if steps:
        flow, facts = st.columns([2, 3])
        with flow:
            st.graphviz_chart(workflow.flow_dot(steps), width="content")
            st.caption("Dashed: an informal workaround. Bold blue outline: the AI touches this step.")
        with facts:
            st.markdown("**Systems touched**")
            st.dataframe(pd.DataFrame([{"System": u.system, "Steps": u.steps, "Minutes": u.minutes,
                                        "Workarounds": u.workarounds} for u in workflow.systems(steps)]),
                         hide_index=True, width="stretch")
            _baseline(store, initiative, steps)
    else:
        st.info("Map the process as people really run it, from your shadow sessions: every step, the tool they "
                "use (the Excel sheets and chat groups too), and the minutes it takes.", icon=":material/route:")
    frame = pd.DataFrame([{**s.__dict__, "minutes": plain(s.minutes)} for s in steps], columns=list(STEP_COLUMNS))
    frame["official"] = frame["official"].astype("boolean")
    st.caption("One row per step, in order. Add rows at the bottom, then save: nothing is kept until you do.")
    edited = widgets.table_form(
        f"steps_{initiative.id}_{store.last_change()}", frame.astype({c: str for c in STEP_COLUMNS if c != "official"}),
        submit="Save the workflow", submit_key="save_steps",
        column_config={
            "activity": st.column_config.TextColumn("What happens", width=180),
            "actor": st.column_config.TextColumn("Who does it", width=120),
            "system": st.column_config.TextColumn("System or tool", width=160),
            "official": st.column_config.CheckboxColumn("Official", default=True, width=75),
            "minutes": st.column_config.TextColumn("Minutes", width=80),
            "ai_touch": st.column_config.SelectboxColumn("AI", options=list(workflow.AI_TOUCHES), default="none",
                                                         width=100),
            "pain_points": st.column_config.TextColumn("Pain points", width="large")})
    if edited is not None:
        shell.save_then_rerun(lambda: workflow_store.save_steps(store, state.actor(), initiative.id,
                                                                edited.to_dict("records"), steps),
                              "Saved the workflow.")


def _baseline(store: Store, initiative: Initiative, steps) -> None:
    before, after = workflow.total_minutes(steps), workflow.minutes_after_ai(steps)
    automated = [s for s in steps if s.ai_touch == "automates"]
    if automated and after < before:
        st.metric("Minutes end to end, before the AI", f"{before:g}",
                  delta=f"{after - before:g} min once the AI automates {len(automated)} "
                        f"step{'s' if len(automated) != 1 else ''}", delta_color="inverse")
    else:
        st.metric("Minutes end to end, before the AI", f"{before:g}")
        touched = [s for s in steps if s.ai_touch != "none"]
        st.caption("No step uses the AI yet: set the **AI** column of the steps it suggests, decides or automates."
                   if not touched else "The AI suggests or decides in "
                   f"{len(touched)} step{'s' if len(touched) != 1 else ''} but automates none, so no minutes come "
                   "off yet.")
    name = f"Time per {initiative.process.lower() or 'case'}" if len(initiative.process) < 60 else "Time per case"
    existing = [m for m in metrics.list_metrics(store, initiative.id) if m.name.casefold() == name.casefold()]
    if existing:
        st.caption(f"Step 5 tracks '{md(name)}' from this baseline.")
    elif st.button("Track it in Step 5", key="create_time_metric",
                   help=f"Creates '{name}' in minutes, lower is better, baseline {before:g}, target {after:g}."):
        department = initiative.department or "Operations"
        shell.save_then_rerun(lambda: metrics.create(store, state.actor(), initiative.id,
                                     MetricDraft(name, department, "minutes", "lower", before, after)),
              f"Step 5 now tracks '{md(name)}': {before:g} minutes now, {after:g} as the target.")


def habits_view(store: Store, initiative: Initiative) -> None:
    items = workflow_store.habits(store, initiative.id)
    by_design = workflow_store.habits_by_design(items)
    checks = room.habit_checks(store, initiative.id)
    designs = sorted({*by_design, *checks, *([initiative.chosen_design] if initiative.chosen_design else [])},
                     key=str.lower)
    for design in designs:
        habits = by_design.get(design, [])
        chosen = " (chosen)" if design == initiative.chosen_design else ""
        check = checks.get(design)
        warning = workflow.habit_check({design: habits})[design] or (
            workflow.room_habit_warning(design, check.habits, len(habits)) if check else None)
        said = (f" The room's habit check ({check.checked_at:%d %b}, {check.people}): "
                f"{room.habit_count_text(check.habits)} in the middle; {check.spread()}." if check else "")
        if warning:
            st.warning(md(warning + said), icon=":material/warning:")
        else:
            st.success(f"'{md(design)}'{chosen} asks for {len(habits) or 'no'} habit change"
                       f"{'s' if len(habits) != 1 else ''}.{md(said)}", icon=":material/check_circle:")
    if designs:
        a, b = st.columns([3, 1], vertical_alignment="bottom")
        choice = a.selectbox("The design you're building", designs, accept_new_options=True, key="chosen_design",
                             index=designs.index(initiative.chosen_design) if initiative.chosen_design in designs else None)
        if b.button("Choose it", key="choose_design") and choice:
            shell.save_then_rerun(lambda: workflow_store.choose_design(store, state.actor(), initiative, choice),
                  f"Building '{md(choice)}'.")
    st.caption("A separate login or a new screen counts as a habit change. List each design's changes:")
    frame = pd.DataFrame([{"design": d, "habit": h} for d, h in items], columns=["design", "habit"], dtype=str)
    edited = widgets.table_form(f"habits_{initiative.id}_{store.last_change()}", frame,
                                submit="Save the habit changes", submit_key="save_habits", primary=False,
                                column_config={"design": st.column_config.TextColumn("Design"),
                                               "habit": st.column_config.TextColumn("Habit it changes", width="large")})
    if edited is not None:
        shell.save_then_rerun(lambda: workflow_store.save_habits(store, state.actor(), initiative.id,
                                                                 edited.to_dict("records"), items),
                              "Saved the habit changes.")

    st.subheader("Shadow IT")
    tools = workflow_store.shadow_tools(store, initiative.id)
    missing = workflow.uninvolved_builders([(t.tool, t.builder, t.builder_involved) for t in tools])
    if missing:
        st.warning("Not yet involved in the design: " + ", ".join(md(m) for m in missing) + ". People who built "
                   "their own fix can make or break adoption; bring them in.", icon=":material/group_add:")
    frame = pd.DataFrame([t.__dict__ for t in tools], columns=["tool", "kind", "builder", "solves", "builder_involved"])
    frame["builder_involved"] = frame["builder_involved"].astype("boolean")
    edited_tools = widgets.table_form(
        f"tools_{initiative.id}_{store.last_change()}", frame.astype({c: str for c in ("tool", "kind", "builder", "solves")}),
        submit="Save the shadow-IT inventory", submit_key="save_tools", primary=False,
        column_config={"tool": st.column_config.TextColumn("Tool"), "kind": st.column_config.TextColumn("Kind"),
                       "builder": st.column_config.TextColumn("Who built it"),
                       "solves": st.column_config.TextColumn("What it solves", width="large"),
                       "builder_involved": st.column_config.CheckboxColumn("Builder involved", default=False)})
    if edited_tools is not None:
        shell.save_then_rerun(lambda: workflow_store.save_shadow_tools(store, state.actor(), initiative.id,
                                                                       edited_tools.to_dict("records"), tools),
                              "Saved the shadow-IT inventory.")


def adoption_view(store: Store, initiative: Initiative, today: dt.date) -> None:
    weeks = workflow_store.adoption(store, initiative.id)
    if weeks:
        widgets.chart(workflow_charts.adoption_chart(weeks))
    else:
        st.info("Record each week the share of target users actively using the AI; it is charted against the "
                "roadmap's 22% industry average and 81% for the top 5%.", icon=":material/groups:")
    with st.form(f"adoption_{initiative.id}", border=True):
        a, b = st.columns(2)
        day = a.date_input("A day in the week", value=today, format="YYYY-MM-DD", key="adoption_day")
        share = b.text_input("Share of target users actively using it (%)", key="adoption_share",
                             placeholder="e.g. 48")
        if st.form_submit_button("Save the week", type="primary"):
            shell.save_then_rerun(lambda: workflow_store.record_adoption(store, state.actor(), initiative.id, day, share, today=today),
                  "Saved the week's adoption.")
