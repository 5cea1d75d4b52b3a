"""What an import can fill, field by field, with the words people use for each column.

A target is one kind of record we store (metrics, features, check-ins, ...). Each field has a kind, which
decides how its cells are read, and synonyms, which decide which column is suggested for it. The person can
change every suggestion; a mapping that worked can be saved as a named profile.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sprint.compliance_store import KINDS as REGISTER_KINDS
from sprint.compliance_store import STATUSES as OBLIGATION_STATUSES
from sprint.governance import STATUSES as CHECKIN_STATUSES
from sprint.importing.layout import normal
from sprint.initiatives import STAGES
from sprint.risks import LEVELS as RISK_LEVELS
from sprint.risks import STATUSES as RISK_STATUSES
from sprint.workflow import AI_TOUCHES

TEXT, NUMBER, SHARE, DATE, BOOL, CHOICE, MONTH = "text", "number", "share", "date", "yes/no", "choice", "month"
SCALE = "1-5"  # a likelihood or impact: 1-5, a percentage or band, or a word (sprint.risks.read_scale)


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    kind: str
    synonyms: tuple[str, ...]
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


def _choices(values: tuple[str, ...], **extra: tuple[str, ...]) -> dict[str, str]:
    out = {normal(v): v for v in values}
    for value, words in extra.items():
        for word in words:
            out[normal(word)] = value.replace("_", " ")
    return out


_METRIC = Field("metric", "Metric", TEXT, ("metric", "kpi", "measure", "indicator", "metric name", "kpi name",
                                           "outcome", "measure name", "what we measure"), required=True)
_DEPARTMENT = Field("department", "Department", TEXT, ("department", "dept", "team", "business unit", "unit owner",
                                                       "division", "function", "area", "agency", "bureau",
                                                       "department name", "org", "organisation", "organization"))
_UNIT = Field("unit", "Unit", TEXT, ("unit", "units", "unit of measure", "uom"))
_BASELINE = Field("baseline", "Baseline", NUMBER, ("baseline", "current", "as is", "as-is", "before", "start",
                                                   "starting point", "pre ai", "pre-ai", "today", "base"))
_TARGET = Field("target", "Target", NUMBER, ("target", "goal", "objective", "to be", "to-be", "aim", "desired",
                                             "expected"))
_DIRECTION = Field("direction", "Better when", CHOICE, ("direction", "better when", "better", "polarity", "good is"),
                   choices=_choices(("lower", "higher"), lower=("lower is better", "down", "decrease", "less", "min",
                                                            "minimise", "minimize", "↓"),
                                    higher=("higher is better", "up", "increase", "more", "max", "maximise",
                                            "maximize", "↑")))
_SAVINGS = Field("is_savings", "Counts as savings", BOOL, ("savings", "counts as savings", "saving", "roi"))

TARGETS: tuple[Target, ...] = (
    Target("metrics_wide", "Step 5 metrics: one row per metric, months as columns", (
        _METRIC, _DEPARTMENT, _UNIT, _BASELINE, _TARGET, _DIRECTION, _SAVINGS),
        months_as_columns=True,
        help="Like the success dashboard: Metric | Baseline | Month 1 | Month 2 | ... | Target."),
    Target("metrics_long", "Step 5 metrics: one row per metric and month", (
        _METRIC, _DEPARTMENT,
        Field("month", "Month", MONTH, ("month", "period", "reporting month", "date", "month ending", "as of",
                                        "sprint month", "reporting period", "mth"), required=True),
        Field("value", "Value", NUMBER, ("value", "actual", "actuals", "result", "amount", "reading", "figure",
                                         "reported", "actual value"), required=True),
        _UNIT, _BASELINE, _TARGET, _DIRECTION, _SAVINGS),
        help="A log of readings: Department | Metric | Month | Value (Baseline and Target optional)."),
    Target("features", "Step 1 features or scenarios", (
        Field("name", "Feature", TEXT, ("feature", "scenario", "capability", "use case", "feature name", "name",
                                        "requirement", "story", "item"), required=True),
        Field("dollars_per_month", "$ per month", NUMBER, ("$ per month", "dollars per month", "$/month",
                                                           "monthly value", "value per month", "savings per month",
                                                           "monthly savings", "$ impact", "value")),
        Field("hours_per_week", "Hours per week", NUMBER, ("hours per week", "hours/week", "hrs per week",
                                                           "time saved", "hours saved per week", "hours")),
        Field("volume_share", "Share of volume (%)", SHARE, ("share of volume", "volume share", "volume",
                                                             "% of volume", "share", "coverage")),
        Field("effort", "Effort", TEXT, ("effort", "size", "complexity", "t-shirt", "estimate")),
        Field("notes", "Notes", TEXT, ("notes", "comments", "comment", "description", "details")),
        Field("score", "Score (RICE, ICE, ...)", NUMBER, ("score", "rice score", "ice score", "rice", "ice",
                                                         "priority score", "total score", "wsjf", "wsjf score",
                                                         "weighted score", "rank score")),
        Field("phase", "Phase", CHOICE, ("phase", "release", "mvp", "scope", "in scope", "moscow", "moscow priority",
                                         "priority"),
              choices=_choices(("core", "phase 2"), core=("mvp", "v1", "now", "yes", "in", "in scope", "phase 1",
                                                          "must", "must have", "m"),
                               phase_2=("later", "v2", "next", "no", "out", "phase two", "backlog", "deferred",
                                        "should", "should have", "could", "could have", "won't", "wont",
                                        "won't have", "will not have", "s", "c", "w"))),
    ), help="A backlog or scenario list: Feature | $ per month | Hours per week | Share of volume."),
    Target("compliance", "Step 2 compliance statuses", (
        Field("obligation", "Obligation", TEXT, ("obligation", "requirement", "control", "obligation id", "id",
                                                 "duty", "item", "title"), required=True),
        Field("status", "Status", CHOICE, ("status", "state", "progress", "rag"), required=True,
              choices=_choices(OBLIGATION_STATUSES,
                               not_started=("todo", "to do", "open", "new", "not begun", "planned", "no"),
                               in_progress=("wip", "ongoing", "started", "doing", "partial", "in review"),
                               done=("complete", "completed", "closed", "yes", "met", "compliant", "implemented"),
                               not_applicable=("n/a", "na", "not relevant", "does not apply", "out of scope"))),
        Field("owner", "Owner", TEXT, ("owner", "responsible", "accountable", "assigned to", "lead")),
        Field("due", "Due", DATE, ("due", "due date", "deadline", "target date", "due by")),
        Field("evidence", "Evidence", TEXT, ("evidence", "proof", "link", "document", "artifact", "artefact")),
        Field("na_reason", "Why not applicable", TEXT, ("why not applicable", "reason", "justification",
                                                        "rationale")),
    ), help="A compliance tracker: Obligation (id or title from the catalog) | Status | Owner | Due | Evidence."),
    Target("register", "Step 2 data sources and decision points", (
        Field("name", "Name", TEXT, ("name", "data source", "source", "system", "decision point", "dataset",
                                     "asset", "decision"), required=True),
        Field("kind", "Kind", CHOICE, ("kind", "type", "category of item", "item type"), default="data source",
              choices=_choices(REGISTER_KINDS, data_source=("data", "dataset", "source", "system", "database"),
                               decision_point=("decision", "automated decision", "approval"))),
        Field("owner", "Owner", TEXT, ("owner", "data owner", "steward", "responsible")),
        Field("personal_data", "Personal data", BOOL, ("personal data", "pii", "personal information",
                                                       "contains pii", "gdpr")),
        Field("categories", "Categories", TEXT, ("categories", "data categories", "fields", "attributes")),
        Field("human_review", "Human review", BOOL, ("human review", "human in the loop", "hitl", "reviewed by a human",
                                                     "manual review")),
        Field("consequential", "Consequential", BOOL, ("consequential", "high impact", "high-impact",
                                                       "significant decision", "material")),
        Field("retention", "Retention", TEXT, ("retention", "retention period", "kept for", "keep for")),
    ), help="A data inventory or decision register: Name | Kind | Owner | Personal data | Human review."),
    Target("sessions", "Step 3 shadow sessions", (
        Field("held_on", "Date", DATE, ("date", "held on", "session date", "when", "day"), required=True),
        Field("person_role", "Role shadowed", TEXT, ("role", "person", "who", "shadowed", "role shadowed", "job",
                                                     "job title", "user"), required=True),
        Field("team", "Team", TEXT, ("team", "department", "dept", "group")),
        Field("hours", "Hours", NUMBER, ("hours", "duration", "time", "length", "hrs"), required=True),
        Field("notes", "Notes", TEXT, ("notes", "observations", "findings", "comments")),
    ), help="Shadowing notes: Date | Role | Team | Hours | Notes."),
    Target("steps", "Step 3 workflow steps", (
        Field("activity", "What happens", TEXT, ("what happens", "activity", "step", "task", "action",
                                                 "description", "step description")),
        Field("actor", "Who", TEXT, ("who", "actor", "role", "person", "performed by", "owner", "personnel",
                                     "staff", "responsible"), required=True),
        Field("system", "System or tool", TEXT, ("system", "tool", "application", "app", "where", "channel",
                                                 "system or tool", "systems")),
        Field("official", "Official", BOOL, ("official", "sanctioned", "approved", "official process"), default=True),
        Field("minutes", "Minutes", NUMBER, ("minutes", "mins", "time", "duration", "time (min)", "duration min",
                                             "time min", "min"), default=0.0),
        Field("pain_points", "Pain points", TEXT, ("pain points", "pain", "issues", "problems", "friction")),
        Field("ai_touch", "AI role", CHOICE, ("ai role", "ai touch", "ai", "automation"), default="none",
              choices=_choices(AI_TOUCHES, none=("no", "manual", "human"), suggests=("assist", "assists", "copilot"),
                               decides=("decision",), automates=("automated", "auto", "automatic"))),
    ), help="A day in the life, in order: What happens | Who | System or tool | Minutes | Pain points."),
    Target("checkins", "Step 4 check-ins", (
        Field("held_on", "Date", DATE, ("date", "held on", "meeting date", "week of", "when"), required=True),
        Field("minutes", "Minutes", NUMBER, ("minutes", "duration", "length", "mins"), default=15.0),
        Field("attendees", "Attendees", TEXT, ("attendees", "present", "participants", "who")),
        Field("status", "Status", CHOICE, ("status", "rag", "health", "colour", "color"), required=True,
              choices=_choices(CHECKIN_STATUSES, green=("g", "on track", "good", "ok"),
                               amber=("a", "yellow", "at risk", "warning"),
                               red=("r", "off track", "blocked", "bad", "critical"))),
        Field("decisions", "Decisions", TEXT, ("decisions", "decided", "outcomes", "actions")),
        Field("blockers", "Blockers", TEXT, ("blockers", "issues", "risks", "impediments")),
        Field("escalated", "Escalated", BOOL, ("escalated", "escalation", "escalate")),
    ), help="A check-in log: Date | Status (green, amber, red) | Decisions | Blockers."),
    Target("risks", "Step 4 risk register", (
        Field("title", "Risk", TEXT, ("title", "risk", "risk title", "risk name", "risk description",
                                      "description", "summary", "risk summary", "threat", "hazard", "risk event"),
              required=True),
        Field("ref", "Ref", TEXT, ("id", "risk id", "ref", "reference", "risk ref", "risk number", "risk no", "no",
                                   "number", "risk number")),
        Field("category", "Category", TEXT, ("category", "type", "risk type", "risk category", "area", "theme")),
        Field("cause", "Cause", TEXT, ("cause", "causes", "source", "root cause")),
        Field("event", "Event", TEXT, ("event", "risk event")),
        Field("effect", "Effect", TEXT, ("effect", "effects", "consequence", "consequences")),
        Field("likelihood", "Likelihood", SCALE, ("likelihood", "probability", "prob", "chance",
                                                  "inherent likelihood", "inherent probability", "likelihood rating",
                                                  "gross likelihood")),
        Field("impact", "Impact", SCALE, ("impact", "severity", "impact rating", "inherent impact",
                                          "inherent severity", "gross impact", "consequence rating")),
        Field("impact_cost", "Impact ($)", NUMBER, ("impact cost", "cost impact", "financial impact", "cost",
                                                    "monetary impact", "exposure", "impact $", "cost if it happens")),
        Field("score", "Score", NUMBER, ("score", "risk score", "inherent score", "rating score", "rpn",
                                         "gross score", "risk rating score")),
        Field("level", "Level", CHOICE, ("level", "risk level", "rating", "risk rating", "importance", "priority",
                                         "inherent rating", "rag", "severity level"),
              choices=_choices(RISK_LEVELS, low=("l", "green", "g", "minor", "very low", "insignificant"),
                               medium=("m", "med", "amber", "a", "moderate", "yellow"),
                               high=("h", "red", "r", "critical", "very high", "extreme", "severe", "major"))),
        Field("owner", "Owner", TEXT, ("owner", "risk owner", "assigned to", "responsible", "accountable")),
        Field("response", "Response", TEXT, ("response", "responses", "mitigation", "mitigation plan", "mitigations",
                                             "action", "actions", "treatment", "controls", "mitigating actions",
                                             "response s", "countermeasures")),
        Field("status", "Status", CHOICE, ("status", "state", "risk status"), default="open",
              choices=_choices(RISK_STATUSES, open=("active", "live", "new", "ongoing", "current", "monitoring",
                                                    "in progress", "raised", "identified", "escalated", "accepted"),
                               closed=("resolved", "retired", "done", "mitigated", "expired", "occurred",
                                       "complete", "completed", "no longer relevant"))),
        Field("raised_on", "Raised", DATE, ("date raised", "raised", "raised on", "date identified", "identified on",
                                            "date logged", "logged", "date opened", "date added")),
        Field("review_on", "Review by", DATE, ("review date", "next review", "review by", "review on",
                                               "next review date")),
        Field("residual_likelihood", "Residual likelihood", SCALE, ("residual likelihood", "residual probability",
                                                                    "target likelihood", "net likelihood",
                                                                    "post mitigation likelihood")),
        Field("residual_impact", "Residual impact", SCALE, ("residual impact", "residual severity", "target impact",
                                                            "net impact", "post mitigation impact")),
    ), help="A risk register: Risk | Likelihood | Impact | Owner | Response | Status (5x5, PRINCE2 or high/medium/low)."),
    Target("initiatives", "Initiatives (an AI use-case inventory)", (
        Field("name", "Initiative", TEXT, ("initiative", "use case name", "use case", "project", "pilot",
                                           "name", "title", "initiative name", "project name", "ai use case"),
              required=True),
        Field("department", "Department", TEXT, _DEPARTMENT.synonyms),
        Field("owner", "Owner", TEXT, ("owner", "sponsor", "lead", "contact", "accountable", "owner email",
                                       "email address", "email", "e-mail", "contact email", "poc email",
                                       "point of contact", "project manager", "project lead", "manager",
                                       "project owner", "pm")),
        Field("process", "Process", TEXT, ("process", "business process", "workflow", "problem", "purpose")),
        Field("start_date", "Sprint start", DATE, ("start date", "sprint start", "start", "kick off", "kick-off",
                                                  "launch date", "operational date", "date operational",
                                                  "deployment date", "date deployed", "go live date", "go-live date",
                                                  "implementation date", "date implemented", "became operational",
                                                  "planned start", "start planned", "planned start date",
                                                  "actual start", "begin", "begin date")),
        Field("in_use", "In use (rows saying no are left out)", BOOL,
              ("in use", "agency use", "currently in use", "in use y n", "used", "use y n", "active y n",
               "in use yes no")),
        Field("stage", "Stage", CHOICE, ("stage", "status", "phase", "stage of development", "lifecycle"),
              default="pilot",
              choices=_choices(STAGES, pilot=("pre-deployment", "pre deployment", "development", "planned", "idea",
                                              "proof of concept", "poc", "experiment", "initiated", "acquisition",
                                              "acquisition and/or development", "in progress", "planning",
                                              "not started", "engineering", "construction", "design", "build",
                                              "in development", "proposed", "discovery", "testing", "ongoing"),
                               production=("deployed", "operational", "in production", "live", "in use",
                                           "operation and maintenance", "completed", "complete", "done",
                                           "delivered"),
                               limited_production=("limited", "partial", "rollout", "roll-out", "implementation",
                                                   "implementation and assessment", "commissioning", "pilot rollout",
                                                   "limited production"),
                               paused=("retired", "on hold", "stopped", "decommissioned", "cancelled", "canceled",
                                       "hold"))),
    ), per_initiative=False,
        help="An inventory of AI use cases: Name | Department | Owner | Stage | Start date."),
)



def _with_other_languages(targets: tuple[Target, ...]) -> tuple[Target, ...]:
    """Each field's words and choice words, with those of the other languages we ship (data/import_words)."""
    from dataclasses import replace

    from sprint.importing import vocabulary

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


TARGETS = _with_other_languages(TARGETS)
BY_KEY = {t.key: t for t in TARGETS}
