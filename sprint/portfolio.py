"""The portfolio view behind the Overview: every initiative's place in its sprint, and the headline counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from sprint.dates import SPRINT_DAYS
from sprint.initiatives import Initiative
from sprint.picture import Picture


@dataclass(frozen=True)
class PortfolioSummary:
    active: int
    in_production: int  # limited or full production
    in_sprint: int  # between day 1 and day 90
    stuck_in_pilot: int  # past day 90 and still a pilot: pilot purgatory


def summary(items: Sequence[Initiative], today: dt.date) -> PortfolioSummary:
    return PortfolioSummary(
        active=len(items),
        in_production=sum(i.stage in ("limited production", "production") for i in items),
        in_sprint=sum(1 <= i.day(today) <= SPRINT_DAYS for i in items),
        stuck_in_pilot=sum(i.stage == "pilot" and i.day(today) > SPRINT_DAYS for i in items),
    )


STEP_COLUMNS = ["Step 1", "Step 2", "Step 3", "Step 4", "Step 5"]


def readiness_table(pictures: Sequence[Picture], today: dt.date) -> pd.DataFrame:
    """One row per initiative: where it stands, readiness per step (0-100), the headline figure, red flags."""
    rows = []
    for p in pictures:
        row = {"Initiative": p.initiative.name, "Sprint": p.initiative.day_text(today)}
        row.update({column: round(100 * step.score) for column, step in zip(STEP_COLUMNS, p.readiness, strict=True)})
        row["Red flags"] = "; ".join(p.red_flags)
        row["Headline"] = p.headline
        rows.append(row)
    return pd.DataFrame(rows, columns=["Initiative", "Sprint", *STEP_COLUMNS, "Red flags", "Headline"])


def room_table(pictures: Sequence[Picture], today: dt.date) -> pd.DataFrame:
    """The Overview as a room reads it from a projector: one short row per initiative (the full table, step by
    step, is on the Overview page). Readiness is the mean of the five steps; the weakest step says where to look."""
    rows = []
    for p in pictures:
        scores = [round(100 * step.score) for step in p.readiness]
        weakest = min(range(len(scores)), key=lambda k: scores[k]) if scores else None
        flags = list(p.red_flags)
        rows.append({
            "Initiative": p.initiative.name,
            "Sprint": p.initiative.day_text(today),
            "Ready": f"{round(sum(scores) / len(scores))}%" if scores else "–",
            "Weakest step": f"{STEP_COLUMNS[weakest]} · {scores[weakest]}%" if weakest is not None else "–",
            "Red flags": (flags[0] + (f" (+{len(flags) - 1} more)" if len(flags) > 1 else "")) if flags else "none",
            "Headline": p.headline,
        })
    return pd.DataFrame(rows, columns=["Initiative", "Sprint", "Ready", "Weakest step", "Red flags", "Headline"])
