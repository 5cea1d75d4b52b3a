"""The portfolio view behind the Overview: every initiative's place in its sprint, and the headline counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from sprint.dates import SPRINT_DAYS
from sprint.initiatives import Initiative, sprint_progress


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


TABLE_COLUMNS = ["Initiative", "Department", "Owner", "Stage", "Sprint", "Elapsed"]


def table(items: Sequence[Initiative], today: dt.date) -> pd.DataFrame:
    rows = [
        {
            "Initiative": i.name,
            "Department": i.department,
            "Owner": i.owner,
            "Stage": i.stage,
            "Sprint": i.day_text(today),
            "Elapsed": round(100 * sprint_progress(i, today)),
        }
        for i in items
    ]
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)
