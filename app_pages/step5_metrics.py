"""Step 5: business outcomes. The live success dashboard, monthly entry by department, and set-up."""

import streamlit as st

from sprint import actuals, metrics
from sprint.dates import month_label, today_utc
from sprint.permissions import Action, Role, allowed, why_not
from sprint.ui import shell, state
from sprint.ui.metric_dashboard import dashboard_view
from sprint.ui.metric_entry import entry_table
from sprint.ui.metric_forms import setup_view
from sprint.ui.text import md

store = state.store()
today = today_utc()
st.title("Step 5 · Business outcomes")
st.caption("Weeks 5-6 of the roadmap: measure dollars, hours and errors, not model scores.")
initiative = shell.require_initiative()
actor = state.actor()
views = ["Success dashboard", "Monthly entry", "Set up metrics"] if actor.role is not Role.VIEWER \
    else ["Success dashboard"]
if len(views) == 1:
    st.caption(f":material/visibility: {md(why_not(actor, Action.EDIT_DEPARTMENT_DATA, '') or '')}")
view = shell.view_switch("step5_view", views)

if view == "Success dashboard":
    dashboard_view(store, initiative, today)

elif view == "Monthly entry":
    departments = [d for d in metrics.departments(store, initiative.id) if allowed(actor, Action.EDIT_DEPARTMENT_DATA, d)]
    months = actuals.open_months(initiative, today)
    if not departments:
        st.info("No metrics yet: add them under **Set up metrics** first." if actor.role is Role.FACILITATOR else
                f"None of this initiative's metrics belong to {md(', '.join(sorted(actor.departments)))}: add "
                "them under **Set up metrics**.", icon=":material/add_chart:")
    elif not months:
        st.info(f"The sprint of '{md(initiative.name)}' starts on {initiative.start_date:%d %b %Y}; month 1 opens then.",
                icon=":material/event:")
    else:
        wanted = st.query_params.get("department")  # a department head's bookmark: ?department=Finance
        state.remembered("department", departments, wanted if wanted in departments else departments[0])
        left, right = st.columns(2)
        department = left.selectbox("Your department", departments, key="department")
        state.keep("department", department)
        if st.query_params.get("department") != department:  # bookmarkable; set only when it changes
            st.query_params["department"] = department
        month = right.selectbox("Month", list(reversed(months)), key="entry_month",
                                format_func=lambda k: month_label(initiative.start_date, k)
                                + (" (this month)" if k == months[-1] else " (past month)"))
        entry_table(store, initiative, department, month, today)

else:
    setup_view(store, initiative)
