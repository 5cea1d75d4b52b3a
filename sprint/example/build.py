"""The example sprint: a realistic, deterministic portfolio built from the roadmap's own cases.

Loaded in one transaction (all or nothing) by the welcome screen's button or `python -m sprint demo`.
Start dates are set relative to the day it is loaded, so the example always shows pilots at different
points of their 90 days; for a given day the result is always the same. Each step of the product adds
its part to `_PARTS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sprint import initiatives
from sprint.errors import SprintError
from sprint.example import rows as example_rows
from sprint.example import story as example_story
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Action, Actor
from sprint.steps.outcomes import store as metrics
from sprint.store import Store, Transaction


@dataclass(frozen=True)
class ExampleInitiative:
    key: str
    days_in: int  # today's sprint day minus one: the start date is today - days_in
    draft: Callable[[dt.date], InitiativeDraft]


def _draft(name: str, process: str, owner: str, department: str, stage: str, roi: str):
    def make(start: dt.date) -> InitiativeDraft:
        return InitiativeDraft(name=name, start_date=start, stage=stage, process=process, owner=owner,
                                department=department, roi_statement=roi)
    return make


EXAMPLE_INITIATIVES: tuple[ExampleInitiative, ...] = (
    ExampleInitiative("support", 52, _draft(
        "Support ticket assistant", "Answering and resolving customer support tickets",
        "Dana Whitfield", "Customer Support", "limited production",
        "Resolve 47% of support tickets without a person and bring the cost per resolved ticket "
        "from $12 to $3, saving $67,000 a month.")),
    ExampleInitiative("routing", 75, _draft(
        "Delivery route planner", "Planning daily delivery routes for the van fleet",
        "Marcus Lee", "Operations", "production",
        "Plan 83% of delivery volume with 12 core scenarios and save $47,000 a month in fuel and "
        "driver hours.")),
    ExampleInitiative("invoices", 70, _draft(
        "Invoice processing", "Capturing, matching and approving supplier invoices",
        "Priya Raman", "Finance", "limited production",
        "Cut the cost of processing an invoice from $45 to $25 and the time from 4.5 hours to "
        "1.5 hours within 90 days.")),
    ExampleInitiative("scheduling", 27, _draft(
        "Patient scheduling assistant", "Booking and rescheduling routine outpatient appointments",
        "Dr. Elena Ortiz", "Patient Access", "pilot",
        "Book 40% of routine appointments without a phone call and free 300 scheduler hours "
        "a month.")),
    ExampleInitiative("sales", 40, _draft(
        "Sales pipeline assistant", "Updating deals and drafting follow-ups in the CRM",
        "Jordan Blake", "Sales", "limited production",
        "Give each sales rep back 3 hours a week of pipeline admin inside the CRM they already use.")),
    ExampleInitiative("quality", -5, _draft(
        "Quality inspection vision", "Visual inspection of finished units on line 2",
        "Sam Okafor", "Manufacturing", "pilot",
        "Inspect every unit at line speed and cut scrap and rework cost by $30,000 a month.")),
)


def _load_initiatives(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    for example in EXAMPLE_INITIATIVES:
        start = today - dt.timedelta(days=example.days_in)
        ids[example.key] = initiatives.insert(
            tx, example.draft(start), today=today,
            summary=f"Created example initiative '{example.draft(start).name}'")


# Step 5: (department, name, unit, direction, baseline, target, savings?, milestones, actuals by month).
_METRICS: dict[str, list[tuple]] = {
    "support": [
        ("Customer Support", "Tickets resolved without a person", "%", "higher", 0, 47, False, {1: 25}, {1: 31, 2: 41}),
        ("Customer Support", "Cost per resolved ticket", "$/ticket", "lower", 12, 3, False, {}, {1: 7.5, 2: 4.2}),
        ("Customer Support", "Average resolution time", "minutes", "lower", 180, 8, False, {}, {1: 120, 2: 95}),
        ("Customer Support", "Model accuracy", "%", "higher", 88, 95, False, {}, {1: 91.5, 2: 94.3}),
        ("Finance", "Monthly cost savings", "$/month", "higher", 0, 67000, True, {}, {1: 31000, 2: 52000}),
        ("Compliance", "Compliance incidents", "count", "lower", 0, 0, False, {}, {1: 0, 2: 1}),
    ],
    "invoices": [  # the roadmap's Success Dashboard Template
        ("Finance", "Process cost", "$/unit", "lower", 45, 25, False, {1: 38, 3: 31}, {1: 38, 2: 34.5, 3: 31}),
        ("Finance", "ROI", "%", "higher", -100, 40, False, {1: -43, 3: 12}, {1: -43, 2: -10, 3: 12}),
        ("Finance", "Monthly savings", "$/month", "higher", 0, 40000, True, {}, {1: 22800, 2: 31000, 3: 35800}),
        ("Accounts Payable", "Processing time", "hours", "lower", 4.5, 1.5, False, {1: 3.2, 3: 2.1},
         {1: 3.2, 2: 2.6, 3: 2.1}),
        ("Accounts Payable", "Error rate", "%", "lower", 8.2, 3, False, {1: 6.1, 3: 4.3}, {1: 6.1, 2: 5.4, 3: 4.3}),
    ],
    "routing": [
        ("Operations", "Deliveries planned automatically", "%", "higher", 0, 83, False, {}, {1: 52, 2: 71, 3: 83}),
        ("Operations", "Monthly savings", "$/month", "higher", 0, 47000, True, {}, {1: 18000, 2: 36000, 3: 47000}),
    ],
    "sales": [
        ("Sales", "Pipeline admin per rep per week", "hours", "lower", 5, 2, False, {}, {1: 4.1, 2: 3.0}),
    ],
}
# (one-off cost, monthly running cost): invoices reproduce the roadmap's -100% -> -43% -> +12% ROI curve.
_INVESTMENTS = {"support": (120000, 12000), "invoices": (20000, 20000), "routing": (60000, 8000)}


def _load_metrics(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    for key, rows in _METRICS.items():
        initiative_id = ids[key]
        if key in _INVESTMENTS:
            one_off, monthly = _INVESTMENTS[key]
            tx.execute("UPDATE initiatives SET one_off_cost = ?, monthly_cost = ? WHERE id = ?",
                       [one_off, monthly, initiative_id])
            tx.audit(action="update", entity="initiative", entity_id=initiative_id, initiative_id=initiative_id,
                     summary="Set the example's investment", after={"one_off_cost": one_off, "monthly_cost": monthly})
        for department, name, unit, direction, baseline, target, savings, milestones, actuals in rows:
            metric_id = metrics.insert(tx, initiative_id, metrics.MetricDraft(
                name, department, unit, direction, baseline, target, savings, milestones))
            tx.executemany("INSERT INTO metric_actuals VALUES (?, ?, ?, ?, ?)",
                           [[metric_id, month, float(value), tx.actor.name, tx.now] for month, value in actuals.items()])
            tx.audit(action="enter month", entity="actuals", entity_id=f"{department} / {name}",
                     initiative_id=initiative_id, summary=f"Example values for '{name}'",
                     after={f"month {k}": v for k, v in actuals.items()})


# Step 1: the roadmap's logistics client, 127 delivery scenarios of which 12 carry 83% of the volume and
# $47,000 a month. (name, $ saved per month, share of volume %)
_CORE_SCENARIOS = [
    ("Standard residential drop, weekday", 10500, 18), ("Business address, office hours", 7000, 12),
    ("Parcel locker", 6000, 10), ("Apartment block, several stops", 4500, 8), ("Retail store replenishment", 4000, 7),
    ("Residential, evening window", 3500, 6), ("Business, morning window", 2800, 5), ("Rural route, standard", 2700, 5),
    ("Scheduled return pickup", 2200, 4), ("Same-day local", 1600, 3), ("Bulk B2B pallet", 1300, 3),
    ("Pharmacy delivery", 900, 2),
]
_EDGE_CONDITIONS = ["Gated community", "Rural address", "Oversized parcel", "Signature required", "Cash on delivery",
                    "Temperature-controlled", "Hazardous goods", "Business closed at lunch", "Loading-dock booking",
                    "Apartment, no lift", "Road closure", "Customer not home", "Redelivery", "Fragile item",
                    "Two-person lift", "Island ferry", "Toll road", "Low bridge", "Pedestrian zone", "Market day",
                    "School-zone hours", "Snow route", "Flooded road", "Construction detour"]
_EDGE_WINDOWS = ["before 8am", "after 6pm", "weekend", "holiday", "same day"]


def routing_scenarios() -> list[tuple[str, float, float, float]]:
    """127 scenarios: (name, $ saved per month, hours saved per week, share of volume %)."""
    rows = [(name, float(dollars), 0.0, float(share)) for name, dollars, share in _CORE_SCENARIOS]
    edges = [f"{c}, {w}" for c in _EDGE_CONDITIONS for w in _EDGE_WINDOWS][:115]
    weights = [1 / (k + 2) for k in range(len(edges))]
    for k, name in enumerate(edges):
        share = int(17 * weights[k] / sum(weights) * 100) / 100  # the long tail: 17% of volume between them
        rows.append((name, float(max(10, 80 - round(0.6 * k))), round(0.3 - k * 0.002, 3), share))
    return rows


_SUPPORT_FEATURES = [  # no cut made yet: the default line sits after the top five
    ("Answer order-status questions", 21000, 40.0, 34.0), ("Reset passwords", 9000, 25.0, 18.0),
    ("Route tickets to the right team", 6000, 30.0, 100.0 - 34 - 18 - 12 - 9 - 6 - 4),
    ("Draft refund replies", 8000, 10.0, 12.0), ("Summarise long threads", 2000, 20.0, 9.0),
    ("Detect angry customers", 1500, 5.0, 6.0), ("Translate tickets", 1200, 4.0, 4.0),
]


def _load_scope(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    tx.execute("UPDATE initiatives SET hourly_rate = 45 WHERE id = ?", [ids["routing"]])  # drivers' loaded rate
    for key, rows, core in (("routing", routing_scenarios(), 12), ("support", _SUPPORT_FEATURES, None)):
        n = len(rows)
        example_rows.features(tx, ids[key], rows, core)
        tx.audit(action="create", entity="feature", entity_id=None, initiative_id=ids[key],
                 summary=f"Example scope: {n} features" + (f", cut after the top {core}" if core else ""),
                 after={"features": n, "core": core})


# Step 4: the scheduling pilot in its crawl phase. Weekly check-ins began with the pilot, before the sprint.
_CHECKINS = [  # (days ago, minutes, status, decisions, blockers, escalated)
    (38, 15, "green", "Agreed the pilot's success measures", "", False),
    (31, 14, "green", "Approved the patient notice wording", "", False),
    (17, 22, "amber", "Paused rescheduling for cardiology", "Clinic calendars not synced nightly", False),
    (10, 25, "red", "Escalated the calendar sync to the COO", "Double bookings at two clinics", True),
    (3, 16, "amber", "Sync fixed; watching double bookings for a week", "", False),
]
_LEVELS = [
    ("Dr. Elena Ortiz, owner", "elena.ortiz@clinic.example, ext. 4410", "Amber two weeks running; any red status"),
    ("Maria Chen, COO", "maria.chen@clinic.example, mobile 555-0142", "Red two weeks running; budget overrun over 10%"),
    ("David Park, CEO and sponsor", "through the CEO's office, ext. 1000", "A patient-safety risk or a regulator's inquiry"),
]
_RULES = [
    ("A person reviews every booking the assistant declines.", "When declines pass 5% of requests, add a weekly audit sample."),
    ("Patients are told they are booking with an AI, before it books.", "When a complaint mentions it, review the notice with Compliance."),
    ("No change goes live without a line in the change log.", "More than two changes a week: add a change review."),
    ("Every red check-in is escalated within 24 hours.", "Red two weeks running: the COO chairs the next check-in."),
    ("Screen bookings for bias by patient group every month.", "Any group below an impact ratio of 0.8: stop and review."),
    ("The dashboard is updated before each check-in.", "When the steering group forms, add monthly reviews."),
    ("Patient data stays in the scheduling system.", "A new data source needs Compliance sign-off first."),
]


def _load_governance(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    sched = ids["scheduling"]
    tx.execute("UPDATE initiatives SET owner_role = 'Director of Patient Access', budget_authority = true, "
               "budget_amount = 250000 WHERE id = ?", [sched])
    # Every owner's role; four can spend, the sales and quality owners can't (red flags in the example).
    for key, role, budget in (("support", "VP Customer Support", 400000), ("routing", "Head of Logistics", 300000),
                              ("invoices", "Finance Operations Lead", 150000), ("sales", "Sales Operations Manager", 0),
                              ("quality", "Plant Quality Manager", 0)):
        tx.execute("UPDATE initiatives SET owner_role = ?, budget_authority = ?, budget_amount = ? WHERE id = ?",
                   [role, budget > 0, budget, ids[key]])
    for position, label in enumerate(("One owner with budget authority", "Weekly 15-minute check-ins",
                                      "A clear escalation path"), start=1):
        tx.execute("INSERT INTO governance_checks VALUES (?, 'crawl', ?, false, true, ?, ?, ?)",
                   [sched, label, tx.actor.name, tx.now, position])
    example_rows.checkins(tx, sched, today, "Elena, scheduling leads, IT, Compliance", _CHECKINS)
    example_rows.escalation_and_rules(tx, sched, _LEVELS, _RULES)
    tx.execute("INSERT INTO vendor_exit VALUES (?, true, true, false, 4000, 28000, 60000, "
               "'Export of booking history promised for the next release', ?, ?)", [sched, tx.actor.name, tx.now])
    tx.audit(action="create", entity="governance", entity_id=sched, initiative_id=sched,
             summary="Example governance: owner, 5 check-ins, 3 escalation levels, 7 rules, vendor checklist",
             after={"checkins": len(_CHECKINS), "levels": len(_LEVELS), "rules": len(_RULES)})


# Step 3: the roadmap's sales AI. A separate platform reached 19% adoption; inside the CRM, 87% in two weeks.
_STEPS = [  # (who, system, official?, minutes, pain points, what the AI does, what happens)
    ("Sales rep", "CRM", True, 10, "Updates the deal stage after every call", "suggests", "Logs the call"),
    ("Sales rep", "Excel pipeline sheet", False, 25, "Copies deals out of the CRM every Friday", "automates",
     "Updates the pipeline sheet"),
    ("Sales manager", "WhatsApp deals group", False, 15, "Discounts are approved in chat, never recorded", "none",
     "Approves a discount"),
    ("Sales rep", "Email", True, 20, "Follow-ups written from scratch", "suggests", "Writes the follow-up"),
    ("Sales manager", "Excel pipeline sheet", False, 30, "The weekly forecast is rebuilt by hand", "automates",
     "Builds the weekly forecast"),
    ("Sales operations", "CRM", True, 15, "Stale deals cleaned up once a month", "suggests", "Cleans up stale deals"),
]
_HABITS = [("Separate sales AI platform", "Log into a second platform"),
           ("Separate sales AI platform", "Re-enter every deal there")]
_SESSIONS = [(30, "Account executive", "Enterprise", 4.0, "Lives in the CRM and email; the Friday sheet is a chore"),
             (28, "Sales development rep", "Inbound", 4.0, "Never opens the forecast sheet"),
             (25, "Sales manager", "Mid-market", 3.5, "Approves discounts in WhatsApp between meetings")]
_SHADOW_IT = [("Pipeline macro", "Excel macro", "Priya Shah, sales operations", "Builds the weekly forecast", True),
              ("CRM-to-Slack deal alerts", "Zapier flow", "Tom Reyes, account executive", "Alerts on big deals", False),
              ("Deals approval group", "WhatsApp group", "The sales managers", "Discount approvals in minutes", False)]
_ADOPTION = [19, 21, 24, 22, 48, 87]  # weekly, oldest first: the platform, then the CRM-embedded version


def _load_workflow(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    sales = ids["sales"]
    example_rows.day_in_the_life(tx, sales, today, design="Inside the CRM", sessions=_SESSIONS, steps=_STEPS,
                                 habits=_HABITS, shadow_it=_SHADOW_IT, adoption=_ADOPTION)
    tx.audit(action="create", entity="workflow", entity_id=sales, initiative_id=sales,
             summary="Example day in the life: 3 shadow sessions, 6 steps, 2 designs, 3 shadow-IT tools, adoption",
             after={"steps": len(_STEPS), "sessions": len(_SESSIONS), "adoption": _ADOPTION})


# Step 2: the scheduling assistant is a health-care deployer (a HIPAA covered entity) with patients in Texas and
# Colorado; patients talk to it by chat and phone, and it writes the replies they read.
_STATUSES = {  # obligation id: (status, owner, due in days from today, evidence)
    "tx-552-051-health": ("done", "Dr. Elena Ortiz", -10, "Notice shown at booking and read out on calls (v2)"),
    "tx-552-prohibitions": ("done", "Compliance office", -5, "Design review minutes, 3 Nov"),
    "tx-552-103-readiness": ("in progress", "Compliance office", 10, "Purpose, data and metrics drafted"),
    "tx-552-105-nist-defence": ("in progress", "IT security", 30, "Red-team plan agreed"),
    "tx-552-104-cure": ("not started", "Legal", -3, ""),
    "co-26-189-hipaa-notice": ("in progress", "Patient Access", 20, "Draft general notice for the patient portal"),
    "co-26-189-accessible": ("done", "Patient Access", -7, "Notices in English and Spanish; screen-reader checked"),
    "roadmap-risk-assessment": ("done", "Dr. Elena Ortiz", -20, "Risk assessment v1"),
    "roadmap-bias-testing": ("in progress", "Data team", 7, "Monthly screen by surname origin"),
    "roadmap-audits": ("done", "IT", -15, "Audit log on from day one"),
}
_REGISTER = [  # (name, kind, owner, personal data, categories, human review, consequential, retention)
    ("Patient master index", "data source", "Health records", True, "name, date of birth, contact", False, False, "7 years"),
    ("Clinic calendars", "data source", "Clinic operations", False, "", False, False, "2 years"),
    ("Referral letters", "data source", "Referrals team", True, "diagnosis codes, referring doctor", False, False, "7 years"),
    ("Call transcripts", "data source", "Patient Access", True, "voice, contact, reason for visit", False, False, "90 days"),
    ("Insurance eligibility feed", "data source", "Billing", True, "insurer, plan", False, False, "1 year"),
    ("Booking or decline", "decision point", "Scheduling leads", True, "", True, True, "3 years"),
    ("Urgency triage", "decision point", "Clinical lead", True, "symptoms", False, True, "3 years"),
    ("Reminder timing", "decision point", "Patient Access", False, "", False, False, "1 year"),
]
_BIAS = [("Other surnames", 400, 167), ("Spanish surnames", 120, 33), ("Surname not recorded", 6, 2)]


def _load_compliance(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    sched = ids["scheduling"]
    summary = example_rows.compliance(
        tx, sched, today, profile=("health care", "health care", "Texas,Colorado",
                                   "Patient Access, 555-0100 or access@clinic.example", "public,interacts,content,patient care,hipaa"),
        statuses=_STATUSES, register=_REGISTER, bias_attribute="surname origin", bias_groups=_BIAS)
    tx.audit(action="create", entity="compliance", entity_id=sched, initiative_id=sched,
             summary=f"Example compliance: profile, {len(_STATUSES)} statuses, {len(_REGISTER)} register entries, "
                     "a bias screen", after={"bias": summary})


# Each part takes the open transaction, the load day, and the ids of what earlier parts created.
_PARTS: list[Callable[[Transaction, dt.date, dict[str, int]], None]] = [
    _load_initiatives, _load_metrics, _load_scope, _load_governance, _load_workflow, _load_compliance,
    *example_story.PARTS]


def example_overview() -> list[str]:
    """One line per example pilot, for the welcome screen."""
    lines = []
    for e in EXAMPLE_INITIATIVES:
        draft = e.draft(dt.date(2000, 1, 1))
        lines.append(f"{draft.name} ({draft.department}): {draft.roi_statement}")
    return lines


def example_names() -> list[str]:
    return [e.draft(dt.date(2000, 1, 1)).name for e in EXAMPLE_INITIATIVES]


def load_example(store: Store, actor: Actor, *, today: dt.date) -> dict[str, int]:
    """Load the whole example in one audited transaction. Refuses if its initiatives already exist."""
    existing = {i.name.casefold() for i in initiatives.list_all(store, include_archived=True)}
    clash = [n for n in example_names() if n.casefold() in existing]
    if clash:
        raise SprintError(
            f"The example sprint is already here ({', '.join(clash)}). Rename those "
            "initiatives first (archived ones count too), or use a fresh database file."
        )

    def work(tx: Transaction) -> dict[str, int]:
        ids: dict[str, int] = {}
        for part in _PARTS:
            part(tx, today, ids)
        tx.audit(action="load", entity="example", entity_id=None, initiative_id=None,
                 summary=f"Loaded the example sprint ({len(ids)} initiatives)",
                 after={"initiatives": sorted(ids)})
        return ids

    return store.write(actor, Action.LOAD_EXAMPLE, work)
