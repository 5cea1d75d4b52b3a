"""Set up Step 5: the pilot's investment, and the metrics each department reports."""

from __future__ import annotations

import streamlit as st

from sprint import initiatives
from sprint.errors import Problem, SprintError, ValidationError
from sprint.initiatives import Initiative
from sprint.permissions import Action, Role, allowed
from sprint.steps.outcomes import store as metrics
from sprint.steps.outcomes.rules import pilot_metric_advice
from sprint.steps.outcomes.store import Metric, MetricDraft
from sprint.store import Store
from sprint.ui import shell, state
from sprint.ui.text import md
from sprint.values import COMMON_UNITS, NotANumber, parse_value, plain

LABELS = {"name": "Metric", "department": "Department", "unit": "Unit", "direction": "Better when",
          "baseline": "Baseline", "target": "Target", "is_savings": "Counts as monthly savings",
          "milestones": "Milestone targets", "one_off_cost": "One-off cost", "monthly_cost": "Monthly running cost"}
MILESTONE_MONTHS = (1, 2, 3)


def investment_form(store: Store, initiative: Initiative) -> None:
    with st.form(f"investment_{initiative.id}_v{initiative.version}", border=True, enter_to_submit=False):
        st.markdown("**What the pilot costs** (for ROI and payback)")
        left, right = st.columns(2)
        one_off = left.number_input(LABELS["one_off_cost"], min_value=0.0, step=1000.0, format="%.0f",
                                    value=float(initiative.one_off_cost), help="Build, licences, integration: $",
                                    key=f"one_off_{initiative.id}")
        monthly = right.number_input(LABELS["monthly_cost"], min_value=0.0, step=500.0, format="%.0f",
                                     value=float(initiative.monthly_cost), help="Hosting, licences, support: $ per month",
                                     key=f"monthly_{initiative.id}")
        if st.form_submit_button("Save the investment", key=f"save_investment_{initiative.id}"):
            shell.save_then_rerun(lambda: initiatives.set_investment(
                store, state.actor(), initiative.id, one_off_cost=one_off, monthly_cost=monthly,
                expected_version=initiative.version), "Saved the investment.", LABELS)


def _number(label: str, text: str, problems: list[Problem], field: str) -> float | None:
    try:
        parsed = parse_value(text)
    except NotANumber as exc:
        problems.append(Problem(field, str(exc)))
        return None
    return None if parsed is None else parsed.value


def metric_form(store: Store, initiative: Initiative, key: str, initial: Metric | None,
                departments: list[str], default_department: str | None, *, new_departments: bool = True) -> None:
    """Add (initial=None) or edit a metric. Numbers are typed as text and parsed by the one parser. Only
    `departments` are offered; `new_departments` lets a facilitator type another."""
    draft = initial.draft() if initial else MetricDraft("", default_department or "", "", "lower", None, None)
    dept_options = sorted({*departments, *([draft.department] if draft.department and new_departments else [])},
                          key=str.lower)
    unit_options = list(dict.fromkeys([*COMMON_UNITS, *([draft.unit] if draft.unit else [])]))
    with st.form(key, border=True, enter_to_submit=False):
        c1, c2, c3 = st.columns([3, 2, 2])
        name = c1.text_input(LABELS["name"], value=draft.name, key=f"{key}_name",
                             placeholder="e.g. Cost per resolved ticket")
        department = c2.selectbox(LABELS["department"], dept_options, accept_new_options=new_departments,
                                  key=f"{key}_department",
                                  index=dept_options.index(draft.department) if draft.department in dept_options else None,
                                  placeholder="Choose or type a department")
        unit = c3.selectbox(LABELS["unit"], unit_options, accept_new_options=True, key=f"{key}_unit",
                            index=unit_options.index(draft.unit) if draft.unit in unit_options else None,
                            placeholder="$/unit, hours, %...")
        c4, c5, c6 = st.columns([2, 2, 3])
        baseline = c4.text_input(LABELS["baseline"], value=plain(draft.baseline),
                                 key=f"{key}_baseline", placeholder="before the pilot, e.g. 45")
        target = c5.text_input(LABELS["target"], value=plain(draft.target),
                               key=f"{key}_target", placeholder="e.g. 25")
        direction = c6.radio(LABELS["direction"], ["lower", "higher"], horizontal=True, key=f"{key}_direction",
                             index=0 if draft.direction == "lower" else 1,
                             format_func=lambda d: f"{d} is better")
        st.caption("Milestone targets (optional): where this metric should be at the end of each sprint month.")
        cols = st.columns(len(MILESTONE_MONTHS))
        milestone_text = {
            k: cols[i].text_input(f"Month {k} goal", key=f"{key}_m{k}",
                                  value=plain(draft.milestones.get(k)))
            for i, k in enumerate(MILESTONE_MONTHS)}
        may_count = allowed(state.actor(), Action.COUNT_SAVINGS)
        savings = st.checkbox(LABELS["is_savings"], value=draft.is_savings, key=f"{key}_savings",
                              disabled=not may_count,
                              help="Dollars saved per month: adds up into ROI and payback." if may_count else
                              "Savings add up into the initiative's ROI, so only a facilitator decides which "
                              "metrics count as savings.")
        submitted = st.form_submit_button("Save metric" if initial else "Add metric", type="primary",
                                          key=f"{key}_submit")
    if not submitted:
        return
    problems: list[Problem] = []
    values = {"baseline": _number("Baseline", baseline, problems, "baseline"),
              "target": _number("Target", target, problems, "target")}
    milestones = {k: _number(f"Month {k}", t, problems, "milestones") for k, t in milestone_text.items()}
    new = MetricDraft(name, department or "", unit or "", direction, values["baseline"], values["target"], savings,
                      {k: v for k, v in milestones.items() if v is not None})
    try:
        if problems:
            raise ValidationError(problems)
        if initial is None:
            metrics.create(store, state.actor(), initiative.id, new)
        else:
            metrics.update(store, state.actor(), initial.id, new, expected_version=initial.version)
    except SprintError as exc:
        shell.show_error(exc, LABELS)
        return
    advice = pilot_metric_advice(new.cleaned().name)
    state.flash(f"Saved '{md(new.cleaned().name)}' for {md(new.cleaned().department)}."
                + (f" Note: {md(advice)}" if advice else ""), "warning" if advice else "success")
    st.session_state["metric_form_nonce"] = st.session_state.get("metric_form_nonce", 0) + 1
    st.rerun()


def setup_view(store: Store, initiative: Initiative) -> None:
    actor = state.actor()
    if allowed(actor, Action.MANAGE_INITIATIVES):
        investment_form(store, initiative)
    else:
        st.caption(f":material/lock: The investment is set by a facilitator. You define the metrics of "
                   f"{md(', '.join(sorted(actor.departments)))}.")
    items = [m for m in metrics.list_metrics(store, initiative.id)
             if allowed(actor, Action.EDIT_DEPARTMENT_DATA, m.department)]
    departments = sorted({m.department for m in items} | ({initiative.department} if initiative.department else set()),
                         key=str.lower)
    facilitator = actor.role is Role.FACILITATOR
    if not facilitator:  # a department head defines metrics for their own departments only
        departments = sorted(actor.departments, key=str.lower)
    # The department last entered (monthly entry), else the initiative's own, else the person's first.
    last = st.session_state.get("department")
    default = next((d for d in (last, initiative.department, *departments) if d and d in departments), None)
    nonce = st.session_state.get("metric_form_nonce", 0)
    st.subheader("Add a metric")
    metric_form(store, initiative, f"new_metric_{initiative.id}_{nonce}", None, departments, default,
                new_departments=facilitator)
    if items:
        st.subheader("Edit a metric")
        by_id = {m.id: m for m in items}
        chosen = st.selectbox("Metric", list(by_id), key="edit_metric_choice",
                              format_func=lambda i: f"{by_id[i].department} · {by_id[i].name}")
        metric = by_id[chosen]
        metric_form(store, initiative, f"edit_metric_{metric.id}_v{metric.version}_{nonce}", metric, departments, None,
                    new_departments=facilitator)
        with st.popover(f"Retire '{md(metric.name)}'"):
            st.write("It leaves the dashboard and monthly entry; its numbers and history stay in the audit log.")
            confirmed = st.button("Retire it", key=f"retire_{metric.id}", type="primary")
        if confirmed:
            shell.save_then_rerun(lambda: metrics.archive(store, state.actor(), metric.id,
                                                          expected_version=metric.version),
                                  f"Retired '{md(metric.name)}'.")
