"""The whole picture of one initiative, read once from every step: used by the Overview and the Excel
snapshot so both show the same readiness, red flags and figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sprint import (
    actuals,
    compliance_catalog,
    compliance_store,
    dashboard,
    features,
    governance,
    governance_store,
    metrics,
    outcomes,
    readiness,
    scope,
    workflow,
    workflow_store,
)
from sprint.dates import sprint_month
from sprint.initiatives import Initiative
from sprint.store import Store


@dataclass(frozen=True)
class RedFlag:
    text: str
    step: int  # the roadmap step whose page clears it (1-5)
    view: str  # that page's view, as named in its address (?view=)


class Picture:
    """Everything about one initiative, read once: what each step holds, and its readiness per step."""

    def __init__(self, store: Store, initiative: Initiative, today: dt.date):
        self.initiative = initiative
        self.items = dashboard.summaries(metrics.list_metrics(store, initiative.id),
                                         actuals.actuals_by_metric(store, initiative.id))
        self.months = dashboard.months_to_show(initiative.start_date, today, self.items)
        savings = actuals.savings_by_month(store, initiative.id)
        self.curve = outcomes.roi_curve(initiative.one_off_cost, initiative.monthly_cost, savings,
                                        max(savings, default=0))
        self.day = initiative.day(today)
        self.features = features.list_features(store, initiative.id)
        self.ranked = scope.rank([f.candidate() for f in self.features], initiative.hourly_rate)
        self.core = features.core_keys(self.features, self.ranked)
        checkins = governance_store.list_checkins(store, initiative.id)
        self.steps = workflow_store.list_steps(store, initiative.id)
        self.sessions = workflow_store.list_sessions(store, initiative.id)
        self.habits = workflow_store.habits_by_design(workflow_store.habits(store, initiative.id))
        self.tools = workflow_store.shadow_tools(store, initiative.id)
        self.adoption = workflow_store.adoption(store, initiative.id)
        chosen = self.habits.get(initiative.chosen_design, []) if initiative.chosen_design else None
        profile, _ = compliance_store.profile(store, initiative.id)
        self.applicability = compliance_catalog.applicability(compliance_catalog.load(), profile)
        self.statuses = compliance_store.statuses(store, initiative.id)
        self.standing = compliance_store.standing(self.applicability, self.statuses, today)
        self.deadlines = compliance_store.deadlines(self.applicability, self.statuses, today)
        self.register = compliance_store.register(store, initiative.id)
        self.bias = compliance_store.bias_history(store, initiative.id)
        self.readiness = [
            readiness.step1(initiative, self.ranked, self.core, any(f.phase for f in self.features)),
            readiness.step2(self.standing, len(self.deadlines[0]), len(self.statuses), len(self.register),
                            len(compliance_store.unreviewed_decisions(self.register)), len(self.bias),
                            len(compliance_store.saved_notices(store, initiative.id))),
            readiness.step3(initiative, len(self.sessions), self.steps, None if chosen is None else len(chosen),
                            len(self.tools), len(workflow.uninvolved_builders([(t.tool, t.builder, t.builder_involved)
                                                              for t in self.tools])), len(self.adoption)),
            readiness.step4(initiative, governance.phase_on(initiative.start_date, today),
                            governance_store.checklist(store, initiative.id),
                            (today - checkins[-1].held_on).days if checkins else None,
                            len(governance_store.list_levels(store, initiative.id)),
                            governance_store.list_rules(store, initiative.id)),
            readiness.step5(initiative, self.items, min(sprint_month(initiative.start_date, today), 24)),
        ]

    @property
    def flags(self) -> list[RedFlag]:
        """What a facilitator must not miss, in plain words, each with the step (and view) that clears it."""
        flags = []
        if not (self.initiative.owner and self.initiative.budget_authority):
            flags.append(RedFlag("no owner with budget authority", 4, "phase-checklist"))
        if self.deadlines[0]:
            n = len(self.deadlines[0])
            flags.append(RedFlag(f"{n} overdue obligation{'s' if n != 1 else ''}", 2, "obligations"))
        chosen = self.habits.get(self.initiative.chosen_design, []) if self.initiative.chosen_design else None
        if chosen is not None and len(chosen) > 1:
            flags.append(RedFlag(f"the chosen design changes {len(chosen)} habits", 3, "habits-shadow"))
        off = sum(1 for s in self.items if s.status == outcomes.OFF_TRACK)
        if off:
            flags.append(RedFlag(f"{off} metric{'s' if off != 1 else ''} off track", 5, "dashboard"))
        return flags

    @property
    def red_flags(self) -> list[str]:
        return [flag.text for flag in self.flags]

    @property
    def headline(self) -> str:
        """The one figure to show: a savings metric's progress if there is one, else the first measured."""
        measured = [s for s in self.items if s.progress is not None]
        if not measured:
            return "no metrics reported yet"
        top = next((s for s in measured if s.metric.is_savings), measured[0])
        return f"{top.metric.name}: {top.progress:.0%} of the way, {top.status}"

