"""Readiness per step: the share of a step's essentials that are done, each essential named.

Only steps the product has are scored; each later step adds its own essentials here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sprint.initiatives import Initiative
from sprint.steps import COMPLIANCE, GOVERNANCE, OUTCOMES, SCOPE, WORKFLOW
from sprint.steps.outcomes.dashboard import MetricSummary
from sprint.steps.outcomes.rules import pilot_metric_advice
from sprint.steps.scope import roi_sentence
from sprint.steps.scope import rules as scope


@dataclass(frozen=True)
class Essential:
    label: str
    done: bool


@dataclass(frozen=True)
class StepReadiness:
    step: str
    essentials: tuple[Essential, ...]

    @property
    def score(self) -> float:
        return sum(e.done for e in self.essentials) / len(self.essentials) if self.essentials else 0.0

    @property
    def explanation(self) -> str:
        return "; ".join(f"{'done' if e.done else 'to do'}: {e.label}" for e in self.essentials)


def step1(initiative: Initiative, ranked: Sequence[scope.Ranked], core: set[int], cut_made: bool) -> StepReadiness:
    """Step 1 is ready when features are ranked by money or time, a line is drawn, the core carries the bulk
    of the work, and the ROI fits in one plain sentence."""
    summary = scope.summarize_cut(ranked, core)
    return StepReadiness(SCOPE.label, (
        Essential("features listed with the dollars or hours they save", any(r.impact > 0 for r in ranked)),
        Essential("a cut line drawn", cut_made),
        Essential(f"the core covers at least {scope.VOLUME_RULE:.0f}% of the volume",
                  bool(ranked) and summary.volume_pct >= scope.VOLUME_RULE),
        Essential("the ROI fits in one plain sentence with a number", roi_sentence.passes(initiative.roi_statement)),
    ))


def step2(standings: Sequence, overdue: int, statuses_entered: int, register_entries: int, unreviewed: int,
          bias_runs: int, notices: int) -> StepReadiness:
    """Step 2 is ready when the obligations in force are done (and those taking effect later are ready), nothing is overdue, the register shows a
    person reviewing every consequential decision, bias screening has run, and notices are written.
    (An essential with nothing recorded behind it is not done: silence is not compliance.)"""
    applicable = sum(s.applicable for s in standings)
    done = sum(s.done for s in standings)
    upcoming = sum(s.upcoming for s in standings)
    upcoming_done = sum(s.upcoming_done for s in standings)
    later = ((Essential(f"the {upcoming} obligation{'s' if upcoming != 1 else ''} taking effect later are ready",
                        upcoming_done == upcoming),) if upcoming else ())
    return StepReadiness(COMPLIANCE.label, (
        Essential("the obligations in force are done", applicable > 0 and done == applicable),
        *later,
        Essential("statuses tracked, nothing overdue", statuses_entered > 0 and overdue == 0),
        Essential("data register kept; a person reviews every consequential decision",
                  register_entries > 0 and unreviewed == 0),
        Essential("bias screening has run", bias_runs > 0),
        Essential("user notices written", notices > 0),
    ))


def step3(initiative: Initiative, sessions: int, steps: Sequence, habits_of_chosen: int | None,
          shadow_tools: int, uninvolved_builders: int, adoption_weeks: int) -> StepReadiness:
    """Step 3 is ready when three real days were shadowed, the real workflow is mapped, the chosen design asks
    for at most one habit change, shadow-IT builders are in the design, and adoption is measured."""
    from sprint.steps.workflow.rules import SHADOW_TARGET

    return StepReadiness(WORKFLOW.label, (
        Essential(f"{SHADOW_TARGET} users shadowed", sessions >= SHADOW_TARGET),
        Essential("the workflow mapped as it really runs", len(steps) >= 3),
        Essential("a chosen design that changes at most one habit",
                  bool(initiative.chosen_design) and habits_of_chosen is not None and habits_of_chosen <= 1),
        Essential("shadow IT inventoried, every builder involved", shadow_tools > 0 and uninvolved_builders == 0),
        Essential("adoption measured weekly", adoption_weeks > 0),
    ))


def step4(initiative: Initiative, phase: str | None, checklist: Sequence, days_since_checkin: int | None,
          levels: int, rules: Sequence[tuple[str, str]], risks: Sequence = ()) -> StepReadiness:
    """Step 4 is ready when one owner can spend, the team meets weekly, escalation is clear, the rules are few
    and each says when to add more, and the current phase's checklist is done. A team that keeps a risk
    register must also have an owner and a response for every high open risk (the roadmap's lightweight
    governance asks for no register, so an initiative without one is not marked down for it)."""
    from sprint.steps.governance.rules import MAX_CORE_RULES

    current = [item for item in checklist if item.phase == phase]
    register = () if not risks else (
        Essential("every high open risk with an owner and a response",
                  all(r.owner.strip() and r.response.strip() for r in risks
                      if r.is_open and r.rated_level == "high")),)
    return StepReadiness(GOVERNANCE.label, (
        Essential("one owner with budget authority", bool(initiative.owner and initiative.budget_authority)),
        Essential("a check-in within the last 7 days", days_since_checkin is not None and days_since_checkin <= 7),
        Essential("an escalation path", levels > 0),
        Essential(f"at most {MAX_CORE_RULES} core rules, each with its trigger",
                  bool(rules) and len(rules) <= MAX_CORE_RULES and all(t for _, t in rules)),
        Essential("this phase's checklist done", bool(current) and all(item.done for item in current)),
        *register,
    ))


def step5(initiative: Initiative, items: Sequence[MetricSummary], current_month: int) -> StepReadiness:
    """Step 5 is ready when outcomes are measured in money, time or errors, and reported on time."""
    business = [s for s in items if not pilot_metric_advice(s.metric.name)]
    return StepReadiness(OUTCOMES.label, (
        Essential("at least one business-outcome metric", bool(business)),
        Essential("a dollar-savings metric feeding ROI", any(s.metric.is_savings for s in items)),
        Essential("the pilot's investment entered", initiative.one_off_cost + initiative.monthly_cost > 0),
        Essential("every metric reported for the current month",
                  bool(items) and current_month >= 1 and all(current_month in s.actuals for s in items)),
        Essential("no metric off track", bool(items) and all(s.status != "off track" for s in items)),
    ))
