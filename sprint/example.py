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
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Action, Actor
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
        "Dana Whitfield, VP Customer Support", "Customer Support", "limited production",
        "Resolve 47% of support tickets without a person and bring the cost per resolved ticket "
        "from $12 to $3, saving $67,000 a month.")),
    ExampleInitiative("routing", 75, _draft(
        "Delivery route planner", "Planning daily delivery routes for the van fleet",
        "Marcus Lee, Head of Logistics", "Operations", "production",
        "Plan 83% of delivery volume with 12 core scenarios and save $47,000 a month in fuel and "
        "driver hours.")),
    ExampleInitiative("invoices", 33, _draft(
        "Invoice processing", "Capturing, matching and approving supplier invoices",
        "Priya Raman, Finance Operations Lead", "Finance", "pilot",
        "Cut the cost of processing an invoice from $45 to $25 and the time from 4.5 hours to "
        "1.5 hours within 90 days.")),
    ExampleInitiative("scheduling", 17, _draft(
        "Patient scheduling assistant", "Booking and rescheduling routine outpatient appointments",
        "Dr. Elena Ortiz, Director of Patient Access", "Patient Access", "pilot",
        "Book 40% of routine appointments without a phone call and free 300 scheduler hours "
        "a month.")),
    ExampleInitiative("sales", 40, _draft(
        "Sales pipeline assistant", "Updating deals and drafting follow-ups in the CRM",
        "Jordan Blake, Sales Operations Manager", "Sales", "limited production",
        "Give each sales rep back 3 hours a week of pipeline admin inside the CRM they already use.")),
    ExampleInitiative("quality", -5, _draft(
        "Quality inspection vision", "Visual inspection of finished units on line 2",
        "Sam Okafor, Plant Quality Manager", "Manufacturing", "pilot",
        "Inspect every unit at line speed and cut scrap and rework cost by $30,000 a month.")),
)


def _load_initiatives(tx: Transaction, today: dt.date, ids: dict[str, int]) -> None:
    for example in EXAMPLE_INITIATIVES:
        start = today - dt.timedelta(days=example.days_in)
        ids[example.key] = initiatives.insert(
            tx, example.draft(start), today=today,
            summary=f"Created example initiative '{example.draft(start).name}'")


# Each part takes the open transaction, the load day, and the ids of what earlier parts created.
_PARTS: list[Callable[[Transaction, dt.date, dict[str, int]], None]] = [_load_initiatives]


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
