"""The example's whole story: the initiatives a visitor and a presenter meet first, filled step by step the way
the roadmap tells it, so presenting them walks a complete sprint.

- The delivery route planner (first in the list): the roadmap's logistics client, on day 76 of 90, in its walk
  phase. 127 scenarios cut to 12 (Step 1 is in `example`), a Texas compliance profile with statuses and
  evidence, a data register, a bias screen and notices, three shadow sessions and the dispatch workflow with
  its WhatsApp workaround, an owner who can spend, weekly check-ins, an escalation path, seven rules with their
  triggers, the vendor exit checklist, and metrics with values (in `example`).
- Invoice processing (the roadmap's success-dashboard template): its features and its workflow.

The other example initiatives keep their gaps on purpose: they show what the Overview catches.
"""

from __future__ import annotations

import datetime as dt

from sprint.example import rows as example_rows
from sprint.store import Transaction

# -- Step 2: a Texas logistics deployer; no consequential decisions about consumers --------------------------
_ROUTING_PROFILE = ("other", "", "Texas", "Dispatch desk, 555-0188 or dispatch@fleet.example", "none")
_ROUTING_STATUSES = {  # obligation id: (status, owner, due in days from today, evidence)
    "tx-552-prohibitions": ("done", "Legal", -40, "Design review: no manipulation, scoring or biometric use"),
    "tx-552-103-readiness": ("done", "Compliance office", -20, "Purpose, data, metrics and safeguards pack v1"),
    "tx-552-105-nist-defence": ("in progress", "IT security", 12, "NIST AI RMF map done; measure step under way"),
    "tx-552-104-cure": ("done", "Legal", -15, "60-day cure playbook agreed with the COO"),
    "roadmap-risk-assessment": ("done", "Marcus Lee", -45, "Risk assessment v2, signed 14 days in"),
    "roadmap-bias-testing": ("done", "Data team", -10, "Monthly screen of delivery slots by postcode income band"),
    "roadmap-user-notification": ("done", "Customer Service", -25, "Tracking page and SMS say routes are AI-planned"),
    "roadmap-opt-out": ("done", "Dispatch", -25, "Dispatchers can lock any route by hand"),
    "roadmap-audits": ("done", "IT", -60, "Audit log on from day one; quarterly review booked"),
}
_ROUTING_REGISTER = [  # (name, kind, owner, personal data, categories, human review, consequential, retention)
    ("Order management system", "data source", "Operations", True, "customer name, address, delivery window",
     False, False, "2 years"),
    ("Van telematics", "data source", "Fleet", True, "driver id, GPS position, speed", False, False, "90 days"),
    ("Live traffic feed", "data source", "IT", False, "", False, False, "7 days"),
    ("Driver roster", "data source", "HR", True, "driver name, shift, licence class", False, False, "1 year"),
    ("Route assignment", "decision point", "Dispatch", True, "", True, False, "1 year"),
    ("Delivery slot offered", "decision point", "Customer Service", True, "postcode", True, False, "1 year"),
]
_ROUTING_BIAS = [("Higher-income postcodes", 900, 801), ("Lower-income postcodes", 700, 609),
                 ("Rural postcodes", 180, 153)]
_ROUTING_NOTICES = {
    "web": "Your delivery route and time slot are planned by an AI system. Our dispatch team checks every route "
           "and can change it. You can ask for a different slot or speak to a person at any time: dispatch desk, "
           "555-0188 or dispatch@fleet.example.",
}


def _routing_compliance(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    routing = ids["routing"]
    summary = example_rows.compliance(tx, routing, today, profile=_ROUTING_PROFILE, statuses=_ROUTING_STATUSES,
                                      register=_ROUTING_REGISTER, bias_attribute="postcode income band",
                                      bias_groups=_ROUTING_BIAS)
    tx.executemany("INSERT INTO notices VALUES (?, ?, ?, ?, ?)",
                   [[routing, channel, text, tx.actor.name, tx.now] for channel, text in _ROUTING_NOTICES.items()])
    tx.audit(action="create", entity="compliance", entity_id=routing, initiative_id=routing,
             summary=f"Example compliance: Texas profile, {len(_ROUTING_STATUSES)} statuses with evidence, "
                     f"{len(_ROUTING_REGISTER)} register entries, a bias screen, a notice", after={"bias": summary})


# -- Step 3: the dispatch day as it really runs, WhatsApp included ------------------------------------------
_ROUTING_SESSIONS = [(70, "Dispatcher", "Early shift", 4.0, "Rebuilds routes by hand when a van breaks down"),
                     (68, "Van driver", "North depot", 4.5, "Gets route changes by WhatsApp voice notes"),
                     (66, "Transport planner", "Head office", 4.0, "Keeps an Excel sheet of difficult addresses")]
_ROUTING_STEPS = [  # (who, system, official?, minutes, pain points, what the AI does, what happens)
    ("Transport planner", "Order management system", True, 20, "Orders arrive until 5am", "none",
     "Closes the day's orders"),
    ("Dispatcher", "Route planning screen", True, 45, "127 special cases checked by eye", "automates",
     "Plans the routes"),
    ("Dispatcher", "Excel sheet of difficult addresses", False, 15, "Gate codes and dock hours live only here",
     "suggests", "Checks the difficult addresses"),
    ("Dispatcher", "WhatsApp drivers group", False, 20, "Late changes sent as voice notes", "none",
     "Sends late changes to drivers"),
    ("Van driver", "Handheld scanner", True, 10, "Route order differs from the printed list", "suggests",
     "Loads the van in route order"),
]
_ROUTING_HABITS = [("Inside the dispatch screen", "Approve the planned routes before 6am"),
                   ("Separate routing app", "Log into a second app"), ("Separate routing app", "Re-key late orders")]
_ROUTING_SHADOW_IT = [
    ("Difficult addresses sheet", "Excel sheet", "Ana Ruiz, transport planner", "Gate codes and dock hours", True),
    ("Drivers group", "WhatsApp group", "The dispatch team", "Late route changes", True)]
_ROUTING_ADOPTION = [35, 52, 64, 71, 78, 83, 86, 88]


def _routing_workflow(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    routing = ids["routing"]
    example_rows.day_in_the_life(tx, routing, today, design="Inside the dispatch screen", sessions=_ROUTING_SESSIONS,
                                 steps=_ROUTING_STEPS, habits=_ROUTING_HABITS, shadow_it=_ROUTING_SHADOW_IT,
                                 adoption=_ROUTING_ADOPTION)
    tx.audit(action="create", entity="workflow", entity_id=routing, initiative_id=routing,
             summary="Example day in the life: 3 shadow sessions, 5 steps with 2 workarounds, 2 designs, adoption",
             after={"steps": len(_ROUTING_STEPS), "sessions": len(_ROUTING_SESSIONS)})


# -- Step 4: walk phase, weekly check-ins, an escalation path and seven rules ------------------------------
_ROUTING_CHECKS = {"crawl": ("One owner with budget authority", "Weekly 15-minute check-ins",
                             "A single-page performance dashboard", "A clear escalation path"),
                   "walk": ("A cross-functional steering group", "Monthly performance reviews",
                            "A documented change process", "First ROI measurements")}
_ROUTING_CHECKINS = [  # (days ago, minutes, status, decisions, blockers, escalated)
    (27, 15, "green", "Core 12 scenarios live for the north depot", "", False),
    (20, 14, "amber", "Hold the south depot one week", "Traffic feed drops before 6am", False),
    (13, 16, "green", "Traffic feed fixed by the vendor; south depot live", "", False),
    (6, 15, "green", "Add 'signature required' to Phase 2 list", "", False),
]
_ROUTING_LEVELS = [
    ("Marcus Lee, owner", "marcus.lee@fleet.example, ext. 2210", "Amber two weeks running"),
    ("Operations director", "ops.director@fleet.example, mobile 555-0170", "Red status; a missed delivery wave"),
    ("COO and sponsor", "through the COO's office, ext. 1000", "A safety incident or a customer-data breach"),
]
_ROUTING_RULES = [
    ("A dispatcher approves every route before 6am.", "Approval rate over 98% for a month: sample 1 in 10."),
    ("Drivers can report a bad route in one tap.", "Over 5 reports a day: review at the next check-in."),
    ("Only the 12 core scenarios are planned by the AI.", "Phase 2 scenario added: a two-week parallel run."),
    ("No change goes live without a line in the change log.", "More than two changes a week: a change review."),
    ("Screen delivery slots by postcode income band monthly.", "Any band below 0.8: stop and review."),
    ("The dashboard is updated before each check-in.", "A missed update: the owner chairs the next one."),
    ("Customer addresses stay in the order system.", "A new data source needs Compliance sign-off."),
]


def _routing_governance(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    routing = ids["routing"]
    rows = []
    for phase, labels in _ROUTING_CHECKS.items():
        for position, label in enumerate(labels, start=1):
            done = not (phase == "walk" and label == "A documented change process")  # one open item
            rows.append([routing, phase, label, False, done, tx.actor.name if done else None,
                         tx.now if done else None, position])
    tx.executemany("INSERT INTO governance_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    example_rows.checkins(tx, routing, today, "Marcus, dispatch leads, IT, a driver rep", _ROUTING_CHECKINS)
    example_rows.escalation_and_rules(tx, routing, _ROUTING_LEVELS, _ROUTING_RULES)
    # The limited launch of days 61-90: 10%, then 15%, then 20% of the delivery volume.
    tx.executemany("INSERT INTO launch_volume VALUES (?, ?, ?)",
                   [[routing, today - dt.timedelta(days=ago), share] for ago, share in ((15, 10.0), (8, 15.0), (1, 20.0))])
    tx.execute("INSERT INTO vendor_exit VALUES (?, true, true, true, 6000, 8000, 25000, "
               "'Routes and scenarios export as GeoJSON and CSV every night', ?, ?)", [routing, tx.actor.name, tx.now])
    tx.audit(action="create", entity="governance", entity_id=routing, initiative_id=routing,
             summary="Example governance: checklists, 4 check-ins, 3 escalation levels, 7 rules, vendor exit, "
                     "the limited launch",
             after={"checkins": len(_ROUTING_CHECKINS), "levels": len(_ROUTING_LEVELS), "rules": len(_ROUTING_RULES)})


# -- Invoice processing: the roadmap's success-dashboard template, with its scope and workflow ---------------
_INVOICE_FEATURES = [  # (name, $ saved per month, hours saved per week, share of volume %)
    ("Read supplier invoices (PDF and email)", 14000, 60.0, 40.0),
    ("Match invoices to purchase orders", 11000, 45.0, 30.0),
    ("Route exceptions to the right approver", 6000, 20.0, 12.0),
    ("Suggest the GL code", 3000, 10.0, 8.0),
    ("Chase missing receipts", 1200, 6.0, 5.0),
    ("Flag duplicate invoices", 4000, 4.0, 3.0),
    ("Forecast cash out", 800, 2.0, 1.0),
    ("Negotiate early-payment discounts", 500, 1.0, 1.0),
]
_INVOICE_STEPS = [
    ("AP clerk", "Outlook shared inbox", True, 5, "Invoices arrive as PDFs and photos", "automates",
     "Opens the invoice"),
    ("AP clerk", "ERP invoice screen", True, 12, "Keys header and lines by hand", "automates", "Keys the invoice"),
    ("AP clerk", "Excel PO lookup sheet", False, 8, "The ERP match screen is too slow", "suggests",
     "Matches it to the purchase order"),
    ("Budget holder", "Email approval", True, 30, "Approvals wait in inboxes", "none", "Approves the spend"),
    ("AP supervisor", "ERP payment run", True, 10, "Duplicates caught only at the run", "suggests",
     "Pays the invoice"),
]


def _invoice_scope_and_workflow(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    invoices = ids["invoices"]
    n = len(_INVOICE_FEATURES)
    example_rows.features(tx, invoices, _INVOICE_FEATURES, core=3)
    example_rows.day_in_the_life(tx, invoices, today, design="", sessions=(), steps=_INVOICE_STEPS, habits=(),
                                 shadow_it=(), adoption=())
    # In limited production since day 61: 10%, then 15% of supplier invoices.
    tx.executemany("INSERT INTO launch_volume VALUES (?, ?, ?)",
                   [[invoices, today - dt.timedelta(days=ago), share] for ago, share in ((9, 10.0), (2, 15.0))])
    tx.audit(action="create", entity="feature", entity_id=None, initiative_id=invoices,
             summary=f"Example scope and workflow: {n} features cut after the top 3, {len(_INVOICE_STEPS)} steps; "
                     "the limited launch at 15% of invoices",
             after={"features": n, "core": 3, "steps": len(_INVOICE_STEPS), "launch share": 15.0})


PARTS = [_routing_compliance, _routing_workflow, _routing_governance, _invoice_scope_and_workflow]
