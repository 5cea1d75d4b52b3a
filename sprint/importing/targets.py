"""What an import can fill, field by field, with the words people use for each column.

A target is one kind of record we store (metrics, features, check-ins, ...). Each field has a kind, which
decides how its cells are read, and synonyms, which decide which column is suggested for it. The person can
change every suggestion; a mapping that worked can be saved as a named profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sprint.importing import vocabulary
from sprint.importing.layout import normal
from sprint.initiatives import STAGES
from sprint.steps.compliance.store import KINDS as REGISTER_KINDS
from sprint.steps.compliance.store import STATUSES as OBLIGATION_STATUSES
from sprint.steps.governance.risks import LEVELS as RISK_LEVELS
from sprint.steps.governance.risks import STATUSES as RISK_STATUSES
from sprint.steps.governance.rules import STATUSES as CHECKIN_STATUSES
from sprint.steps.workflow.rules import AI_TOUCHES

TEXT, NUMBER, SHARE, DATE, BOOL, CHOICE, MONTH = "text", "number", "share", "date", "yes/no", "choice", "month"
SCALE = "1-5"  # a likelihood or impact: 1-5, a percentage or band, or a word (sprint.steps.governance.risks.read_scale)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    synonyms: tuple[str, ...] = ()  # filled from data/import_words: English first, then the other languages
    required: bool = False
    # For a CHOICE: the words people write (normalised) -> the value we store.
    choices: dict[str, str] = field(default_factory=dict)
    default: object = None


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    fields: tuple[Field, ...]
    per_initiative: bool = True
    months_as_columns: bool = False  # the wide metrics layout: month headers are columns of values
    help: str = ""

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    @property
    def required(self) -> list[Field]:
        return [f for f in self.fields if f.required]


def _choices(values: tuple[str, ...]) -> dict[str, str]:
    """A choice field's own values, each meaning itself; the words people write for them come from the data."""
    return {normal(v): v for v in values}


_METRIC = Field("metric", "Metric", TEXT, required=True)
_DEPARTMENT = Field("department", "Department", TEXT)
_UNIT = Field("unit", "Unit", TEXT)
_BASELINE = Field("baseline", "Baseline", NUMBER)
_TARGET = Field("target", "Target", NUMBER)
_DIRECTION = Field("direction", "Better when", CHOICE, choices=_choices(("lower", "higher")))
_SAVINGS = Field("is_savings", "Counts as savings", BOOL)

TARGETS: tuple[Target, ...] = (
    Target("metrics_wide", "Step 5 metrics: one row per metric, months as columns", (
        _METRIC,
        _DEPARTMENT,
        _UNIT,
        _BASELINE,
        _TARGET,
        _DIRECTION,
        _SAVINGS,
    ), months_as_columns=True, help="Like the success dashboard: Metric | Baseline | Month 1 | Month 2 | ... | Target."),
    Target("metrics_long", "Step 5 metrics: one row per metric and month", (
        _METRIC,
        _DEPARTMENT,
        Field("month", "Month", MONTH, required=True),
        Field("value", "Value", NUMBER, required=True),
        _UNIT,
        _BASELINE,
        _TARGET,
        _DIRECTION,
        _SAVINGS,
    ), help="A log of readings: Department | Metric | Month | Value (Baseline and Target optional)."),
    Target("features", "Step 1 features or scenarios", (
        Field("name", "Feature", TEXT, required=True),
        Field("dollars_per_month", "$ per month", NUMBER),
        Field("hours_per_week", "Hours per week", NUMBER),
        Field("volume_share", "Share of volume (%)", SHARE),
        Field("effort", "Effort", TEXT),
        Field("notes", "Notes", TEXT),
        Field("score", "Score (RICE, ICE, ...)", NUMBER),
        Field("phase", "Phase", CHOICE, choices=_choices(("core", "phase 2"))),
    ), help="A backlog or scenario list: Feature | $ per month | Hours per week | Share of volume."),
    Target("compliance", "Step 2 compliance statuses", (
        Field("obligation", "Obligation", TEXT, required=True),
        Field("status", "Status", CHOICE, required=True, choices=_choices(OBLIGATION_STATUSES)),
        Field("owner", "Owner", TEXT),
        Field("due", "Due", DATE),
        Field("evidence", "Evidence", TEXT),
        Field("na_reason", "Why not applicable", TEXT),
    ), help="A compliance tracker: Obligation (id or title from the catalog) | Status | Owner | Due | Evidence."),
    Target("register", "Step 2 data sources and decision points", (
        Field("name", "Name", TEXT, required=True),
        Field("kind", "Kind", CHOICE, default="data source", choices=_choices(REGISTER_KINDS)),
        Field("owner", "Owner", TEXT),
        Field("personal_data", "Personal data", BOOL),
        Field("categories", "Categories", TEXT),
        Field("human_review", "Human review", BOOL),
        Field("consequential", "Consequential", BOOL),
        Field("retention", "Retention", TEXT),
    ), help="A data inventory or decision register: Name | Kind | Owner | Personal data | Human review."),
    Target("sessions", "Step 3 shadow sessions", (
        Field("held_on", "Date", DATE, required=True),
        Field("person_role", "Role shadowed", TEXT, required=True),
        Field("team", "Team", TEXT),
        Field("hours", "Hours", NUMBER, required=True),
        Field("notes", "Notes", TEXT),
    ), help="Shadowing notes: Date | Role | Team | Hours | Notes."),
    Target("steps", "Step 3 workflow steps", (
        Field("activity", "What happens", TEXT),
        Field("actor", "Who", TEXT, required=True),
        Field("system", "System or tool", TEXT),
        Field("official", "Official", BOOL, default=True),
        Field("minutes", "Minutes", NUMBER, default=0.0),
        Field("pain_points", "Pain points", TEXT),
        Field("ai_touch", "AI role", CHOICE, default="none", choices=_choices(AI_TOUCHES)),
    ), help="A day in the life, in order: What happens | Who | System or tool | Minutes | Pain points."),
    Target("checkins", "Step 4 check-ins", (
        Field("held_on", "Date", DATE, required=True),
        Field("minutes", "Minutes", NUMBER, default=15.0),
        Field("attendees", "Attendees", TEXT),
        Field("status", "Status", CHOICE, required=True, choices=_choices(CHECKIN_STATUSES)),
        Field("decisions", "Decisions", TEXT),
        Field("blockers", "Blockers", TEXT),
        Field("escalated", "Escalated", BOOL),
    ), help="A check-in log: Date | Status (green, amber, red) | Decisions | Blockers."),
    Target("risks", "Step 4 risk register", (
        Field("title", "Risk", TEXT, required=True),
        Field("ref", "Ref", TEXT),
        Field("category", "Category", TEXT),
        Field("cause", "Cause", TEXT),
        Field("event", "Event", TEXT),
        Field("effect", "Effect", TEXT),
        Field("likelihood", "Likelihood", SCALE),
        Field("impact", "Impact", SCALE),
        Field("impact_cost", "Impact ($)", NUMBER),
        Field("score", "Score", NUMBER),
        Field("level", "Level", CHOICE, choices=_choices(RISK_LEVELS)),
        Field("owner", "Owner", TEXT),
        Field("response", "Response", TEXT),
        Field("status", "Status", CHOICE, default="open", choices=_choices(RISK_STATUSES)),
        Field("raised_on", "Raised", DATE),
        Field("review_on", "Review by", DATE),
        Field("residual_likelihood", "Residual likelihood", SCALE),
        Field("residual_impact", "Residual impact", SCALE),
    ), help="A risk register: Risk | Likelihood | Impact | Owner | Response | Status (5x5, PRINCE2 or high/medium/low)."),
    Target("initiatives", "Initiatives (an AI use-case inventory)", (
        Field("name", "Initiative", TEXT, required=True),
        Field("department", "Department", TEXT),
        Field("owner", "Owner", TEXT),
        Field("process", "Process", TEXT),
        Field("start_date", "Sprint start", DATE),
        Field("in_use", "In use (rows saying no are left out)", BOOL),
        Field("stage", "Stage", CHOICE, default="pilot", choices=_choices(STAGES)),
    ), per_initiative=False, help="An inventory of AI use cases: Name | Department | Owner | Stage | Start date."),
)



def _with_words(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """Each field with its header words and choice words in every language we ship (data/import_words)."""
    words = vocabulary.load()
    out = []
    for t in targets:
        fields = []
        for f in t.fields:
            synonyms = tuple(dict.fromkeys((*f.synonyms, *words.header_words(t.key, f.key))))
            choices = dict(f.choices)
            for value, cell_words in words.value_words(t.key, f.key).items():
                for word in cell_words:
                    choices.setdefault(normal(word), value)
            fields.append(replace(f, synonyms=synonyms, choices=choices))
        out.append(replace(t, fields=tuple(fields)))
    return tuple(out)


TARGETS = _with_words(TARGETS)
BY_KEY = {t.key: t for t in TARGETS}
