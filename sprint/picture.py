"""The whole picture of one initiative, read once from every step: used by the Overview and the Excel
snapshot so both show the same readiness, red flags and figures."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache

from sprint import readiness, room
from sprint.dates import sprint_month
from sprint.initiatives import Initiative
from sprint.steps import COMPLIANCE, GOVERNANCE, OUTCOMES, WORKFLOW, Step
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance import store as compliance_store
from sprint.steps.governance import risks
from sprint.steps.governance import rules as governance
from sprint.steps.governance import store as governance_store
from sprint.steps.outcomes import actuals, dashboard
from sprint.steps.outcomes import rules as outcomes
from sprint.steps.outcomes import store as metrics
from sprint.steps.scope import rules as scope
from sprint.steps.scope import store as features
from sprint.steps.workflow import rules as workflow
from sprint.steps.workflow import store as workflow_store
from sprint.store import Store


@dataclass(frozen=True)
class RedFlag:
    text: str
    step: int  # the roadmap step whose page clears it (1-5)
    view: str  # that page's view, as named in its address (?view=)
    kind: str = ""  # one of FLAG_KINDS: flags of a kind are grouped on a large portfolio
    weight: int = 1  # how much it counts when ranking what needs attention first


def _at(step: Step, view: str) -> tuple[int, str]:
    """Where a red flag is cleared: the step's number and one of its views (a view it lacks raises)."""
    return step.number, step.view(view).slug


# The kinds of red flag, worst first: how a filter names each, and how the Overview says a group of them.
# "No owner" is what a freshly imported inventory has everywhere: it is grouped, not repeated hundreds of times.
FLAG_KINDS = {
    "overdue": ("Overdue obligations", "have an overdue obligation"),
    "off track": ("Metrics off track", "have metrics off track"),
    "habits": ("A design changing several habits", "chose a design that changes more than one habit"),
    "unowned risk": ("High risks without an owner", "have a high open risk nobody owns"),
    "undefined metric": ("Metrics needing a baseline and target", "have metrics that need a baseline and target"),
    "no owner": ("No owner with budget authority", "have no owner with budget authority"),
}


@dataclass
class Inputs:
    """What one initiative's picture is computed from, as the step modules read it."""

    metrics: list
    actuals: dict
    savings: dict
    features: list
    checkins: list
    steps: list
    sessions: list
    habits: list
    tools: list
    adoption: list
    profile: tuple
    statuses: dict
    register: list
    bias: list
    notices: dict
    checklist: list
    levels: list
    rules: list
    risks: list
    habit_checks: dict  # design -> the room's habit check (sprint.room.HabitCheck)

    @classmethod
    def read(cls, store: Store, initiative_id: int) -> Inputs:
        """One initiative, through each step module's own reads (a page showing one initiative)."""
        i = initiative_id
        return cls(metrics.list_metrics(store, i), actuals.actuals_by_metric(store, i),
                   actuals.savings_by_month(store, i), features.list_features(store, i),
                   governance_store.list_checkins(store, i), workflow_store.list_steps(store, i),
                   workflow_store.list_sessions(store, i), workflow_store.habits(store, i),
                   workflow_store.shadow_tools(store, i), workflow_store.adoption(store, i),
                   compliance_store.profile(store, i), compliance_store.statuses(store, i),
                   compliance_store.register(store, i), compliance_store.bias_history(store, i),
                   compliance_store.saved_notices(store, i), governance_store.checklist(store, i),
                   governance_store.list_levels(store, i), governance_store.list_rules(store, i),
                   risks.list_risks(store, i), room.habit_checks(store, i))

    @classmethod
    def read_many(cls, store: Store, initiative_ids: Sequence[int]) -> dict[int, Inputs]:
        """Every listed initiative at once: one query per table, not one per table and initiative (a portfolio
        of 3,600 initiatives is 20 queries instead of 72,000). Gives exactly what `read` gives for each; a
        test holds them equal."""
        ids = list(initiative_ids)
        with store.reading() as cur:
            def grouped(table: str, columns: str, order: str = "", convert=tuple) -> dict[int, list]:
                """{initiative id: rows} of one table; `table`, `columns` and `order` are constants of this code."""
                out: dict[int, list] = {i: [] for i in ids}
                sql = (f"SELECT initiative_id, {columns} FROM {table} WHERE initiative_id = ANY(?) "  # noqa: S608
                       f"ORDER BY initiative_id{', ' + order if order else ''}")
                for row in cur.execute(sql, [ids]).fetchall():
                    out[row[0]].append(convert(row[1:]))
                return out

            metric_rows = cur.execute(f"SELECT {metrics.COLUMNS} FROM metrics "  # noqa: S608
                                      "WHERE initiative_id = ANY(?) AND NOT archived "
                                      "ORDER BY initiative_id, lower(department), position, id", [ids]).fetchall()
            milestones = metrics.milestones_of(cur, [r[0] for r in metric_rows])
            metric_lists: dict[int, list] = {i: [] for i in ids}
            for r in metric_rows:
                metric_lists[r[1]].append(metrics.Metric(*r, milestones=milestones.get(r[0], {})))
            values: dict[int, dict] = {i: {} for i in ids}
            for initiative_id, metric_id, month, value in cur.execute(
                    "SELECT m.initiative_id, a.metric_id, a.month_index, a.value FROM metric_actuals a "
                    "JOIN metrics m ON m.id = a.metric_id WHERE m.initiative_id = ANY(?) AND NOT m.archived",
                    [ids]).fetchall():
                values[initiative_id].setdefault(metric_id, {})[month] = value
            savings: dict[int, dict] = {i: {} for i in ids}
            for initiative_id, month, total in cur.execute(
                    "SELECT m.initiative_id, a.month_index, sum(a.value) FROM metric_actuals a "
                    "JOIN metrics m ON m.id = a.metric_id WHERE m.initiative_id = ANY(?) AND m.is_savings "
                    "AND NOT m.archived GROUP BY 1, 2 ORDER BY 1, 2", [ids]).fetchall():
                savings[initiative_id][int(month)] = float(total)
            feature_columns = features.SELECT.removeprefix("SELECT ").removesuffix(" FROM features")
            feature_lists = grouped("features", feature_columns, "position, id", lambda r: features.Feature(*r))
            checkins = grouped("checkins", "held_on, minutes, attendees, status, decisions, blockers, escalated",
                               "held_on, id", lambda r: governance_store.Checkin(*r))
            steps = grouped("workflow_steps", "actor, system, official, minutes, pain_points, ai_touch, activity",
                            "position", lambda r: workflow.Step(*r))
            sessions = grouped("shadow_sessions", "held_on, person_role, team, hours, notes", "held_on",
                               lambda r: workflow_store.Session(*r))
            habits = grouped("habit_changes", "design, habit", "position")
            tools = grouped("shadow_it", "tool, kind, builder, solves, builder_involved", "position",
                            lambda r: workflow_store.ShadowTool(*r))
            adoption = grouped("adoption", "week_of, share", "week_of")
            profiles = grouped("compliance_profiles", compliance_store.PROFILE_COLUMNS)
            statuses = grouped("obligation_status", "obligation_id, status, owner, due, evidence, na_reason, updated_by")
            register = grouped("data_register", "name, kind, owner, personal_data, categories, human_review, "
                               "consequential, retention", "position", lambda r: compliance_store.RegisterEntry(*r))
            bias_rows = grouped("bias_runs", "run_at, attribute, groups_json, summary", "run_at DESC")
            notices = grouped("notices", "channel, text")
            checks = grouped("governance_checks", governance_store.CHECK_COLUMNS)
            levels = grouped("escalation_levels", "level, who, contact, trigger", "level", lambda r: governance.Level(*r))
            rules = grouped("core_rules", "rule, trigger", "position")
            risk_lists = grouped("risks", ", ".join(risks.FIELDS), "position", risks.from_row)
            habit_checks = grouped("habit_checks", room.HABIT_CHECK_COLUMNS, "design")
        return {i: cls(metric_lists[i], values[i], savings[i], feature_lists[i], checkins[i], steps[i], sessions[i],
                       habits[i], tools[i], adoption[i], compliance_store.profile_from_row(next(iter(profiles[i]), None)),
                       {r[0]: compliance_store.Status(*r[1:]) for r in statuses[i]}, register[i],
                       compliance_store.bias_from_rows(bias_rows[i]), dict(notices[i]),
                       governance_store.checklist_from(checks[i]), levels[i], rules[i], risk_lists[i],
                       room.habit_checks_from(habit_checks[i])) for i in ids}


def pictures_for(store: Store, items: Sequence[Initiative], today: dt.date) -> list[Picture]:
    """The pictures of many initiatives, read in one pass (the Overview and a portfolio snapshot)."""
    inputs = Inputs.read_many(store, [i.id for i in items])
    return [Picture(store, i, today, inputs[i.id]) for i in items]


@lru_cache(maxsize=256)
def _applicability(profile: compliance_catalog.Profile) -> list:
    """Most initiatives of a portfolio share a profile (an imported inventory has none yet): worked out once."""
    return compliance_catalog.applicability(compliance_catalog.load(), profile)


class Picture:
    """Everything about one initiative, read once: what each step holds, and its readiness per step."""

    def __init__(self, store: Store, initiative: Initiative, today: dt.date, inputs: Inputs | None = None):
        got = inputs if inputs is not None else Inputs.read(store, initiative.id)
        self.initiative = initiative
        self.items = dashboard.summaries(got.metrics, got.actuals)
        self.months = dashboard.months_to_show(initiative.start_date, today, self.items)
        savings = self.savings = got.savings
        self.curve = outcomes.roi_curve(initiative.one_off_cost, initiative.monthly_cost, savings,
                                        max(savings, default=0))
        self.day = initiative.day(today)
        self.features = got.features
        self.ranked = scope.rank([f.candidate() for f in self.features], initiative.hourly_rate)
        self.core = features.core_keys(self.features, self.ranked)
        checkins = got.checkins
        self.checkins = checkins
        self.steps = got.steps
        self.sessions = got.sessions
        self.habits = workflow_store.habits_by_design(got.habits)
        self.tools = got.tools
        self.adoption = got.adoption
        self.habit_checks = got.habit_checks
        chosen = self.chosen_habit_count()
        profile, _ = got.profile
        self.profile = profile
        self.applicability = _applicability(profile)
        self.statuses = got.statuses
        self.standing = compliance_store.standing(self.applicability, self.statuses, today)
        self.deadlines = compliance_store.deadlines(self.applicability, self.statuses, today)
        self.register = got.register
        self.bias = got.bias
        self.checklist = got.checklist
        self.levels = got.levels
        self.rules = got.rules
        self.risks = got.risks
        self.readiness = [
            readiness.step1(initiative, self.ranked, self.core, any(f.phase for f in self.features)),
            readiness.step2(self.standing, len(self.deadlines[0]), len(self.statuses), len(self.register),
                            len(compliance_store.unreviewed_decisions(self.register)), len(self.bias),
                            len(got.notices)),
            readiness.step3(initiative, len(self.sessions), self.steps, chosen,
                            len(self.tools), len(workflow.uninvolved_builders([(t.tool, t.builder, t.builder_involved)
                                                              for t in self.tools])), len(self.adoption)),
            readiness.step4(initiative, governance.phase_on(initiative.start_date, today), self.checklist,
                            (today - checkins[-1].held_on).days if checkins else None,
                            len(self.levels), self.rules, self.risks),
            readiness.step5(initiative, self.items, min(sprint_month(initiative.start_date, today), 24)),
        ]

    def _chosen_habits(self) -> tuple[int, bool] | None:
        """(how many habits the chosen design changes, whether the room's habit check says so): the changes
        listed, or the room's middle answer where it says more (3 stands for 3 or more). None before a choice."""
        design = self.initiative.chosen_design
        if not design:
            return None
        listed, check = len(self.habits.get(design, [])), self.habit_checks.get(design)
        return (check.habits, True) if check and check.habits > listed else (listed, False)

    def chosen_habit_count(self) -> int | None:
        chosen = self._chosen_habits()
        return None if chosen is None else chosen[0]

    @cached_property
    def flags(self) -> list[RedFlag]:
        """What a facilitator must not miss, in plain words, each with the step (and view) that clears it."""
        flags = []
        if not (self.initiative.owner and self.initiative.budget_authority):
            flags.append(RedFlag("no owner with budget authority", *_at(GOVERNANCE, "phase-checklist"), "no owner", 1))
        if self.deadlines[0]:
            n = len(self.deadlines[0])
            flags.append(RedFlag(f"{n} overdue obligation{'s' if n != 1 else ''}", *_at(COMPLIANCE, "obligations"), "overdue",
                                 3 * n))
        count, room_says = self._chosen_habits() or (0, False)
        if count > 1:
            flags.append(RedFlag(f"the chosen design changes {'3 or more' if room_says and count >= 3 else count} "
                                 f"habits{' (the room says so)' if room_says else ''}",
                                 *_at(WORKFLOW, "habits-shadow"), "habits", 2))
        unowned = sum(1 for r in self.risks if r.high_unowned)
        if unowned:
            flags.append(RedFlag(f"{unowned} high open risk{'s' if unowned != 1 else ''} without an owner",
                                 *_at(GOVERNANCE, "risks"), "unowned risk", 2 * unowned))
        undefined = sum(1 for s in self.items if s.metric.needs_definition)
        if undefined:
            flags.append(RedFlag(f"{undefined} metric{'s need' if undefined != 1 else ' needs'} a baseline and "
                                 "target", *_at(OUTCOMES, "dashboard"), "undefined metric", 1))
        off = sum(1 for s in self.items if s.status == outcomes.OFF_TRACK)
        if off:
            flags.append(RedFlag(f"{off} metric{'s' if off != 1 else ''} off track", *_at(OUTCOMES, "dashboard"), "off track",
                                 2 * off))
        return flags

    @property
    def severity(self) -> int:
        """How much needs attention: overdue obligations weigh most, then metrics off track, then a design
        that asks too much, then a missing owner."""
        return sum(flag.weight for flag in self.flags)

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

