"""The portfolio view behind the Overview: every initiative's place in its sprint, and the headline counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from sprint.dates import SPRINT_DAYS, describe_day
from sprint.initiatives import Initiative
from sprint.picture import Picture
from sprint.steps import STEPS


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


STEP_COLUMNS = [step.column for step in STEPS]


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
    step, is on the Overview page), short enough that six fit one 1280 x 720 screen. Readiness is the mean of the
    five steps; the weakest step says where to look; the first red flag, with how many more."""
    rows = []
    for p in pictures:
        scores = [round(100 * step.score) for step in p.readiness]
        weakest = min(range(len(scores)), key=lambda k: scores[k]) if scores else None
        flags = list(p.red_flags)
        day = p.initiative.day(today)
        rows.append({
            "Initiative": p.initiative.name,
            "Day": f"{day} of {SPRINT_DAYS}" if 1 <= day <= SPRINT_DAYS else describe_day(day),
            "Ready": f"{round(sum(scores) / len(scores))}%" if scores else "–",
            "Weakest": f"{STEP_COLUMNS[weakest]} · {scores[weakest]}%" if weakest is not None else "–",
            "Red flag": (flags[0] + (f" (+{len(flags) - 1})" if len(flags) > 1 else "")) if flags else "none",
            "Headline": p.headline,
        })
    return pd.DataFrame(rows, columns=["Initiative", "Day", "Ready", "Weakest", "Red flag", "Headline"])


# A portfolio larger than this gets filters, grouped red flags and a paged table (an imported inventory can
# bring thousands of initiatives); the sprint timeline is drawn only for a set small enough to read.
FILTERS_FROM = 10
PAGE_SIZE = 25
TIMELINE_AT_MOST = 25
GROUP_FROM = 6  # more flags of one kind than this are one line with a count, not one line each
NO_DEPARTMENT = "(no department)"
ANY_FLAG, NO_FLAG = "any red flag", "no red flags"


@dataclass(frozen=True)
class Filters:
    departments: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    flag: str = ""  # "", ANY_FLAG, NO_FLAG or a kind of picture.FLAG_KINDS
    text: str = ""  # part of the name, any case

    def active(self) -> bool:
        return bool(self.departments or self.stages or self.flag or self.text.strip())


def department_of(initiative: Initiative) -> str:
    return initiative.department or NO_DEPARTMENT


def apply(pictures: Sequence[Picture], filters: Filters) -> list[Picture]:
    """The pictures that pass every filter that is set."""
    text = filters.text.strip().casefold()
    out = []
    for p in pictures:
        if filters.departments and department_of(p.initiative) not in filters.departments:
            continue
        if filters.stages and p.initiative.stage not in filters.stages:
            continue
        if filters.flag == ANY_FLAG and not p.flags or filters.flag == NO_FLAG and p.flags:
            continue
        if filters.flag not in ("", ANY_FLAG, NO_FLAG) and not any(f.kind == filters.flag for f in p.flags):
            continue
        if text and text not in p.initiative.name.casefold():
            continue
        out.append(p)
    return out


def counts_by(items: Sequence[Initiative], what: str, *, top: int = 12) -> pd.DataFrame:
    """How many initiatives per stage or per department, largest first; past `top` departments the rest are
    summed as 'other departments' so the chart stays readable."""
    counts: dict[str, int] = {}
    for i in items:
        key = i.stage if what == "stage" else department_of(i)
        counts[key] = counts.get(key, 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].casefold()))
    if len(rows) > top:
        rest = rows[top - 1:]
        rows = [*rows[:top - 1], (f"{len(rest)} other departments", sum(n for _, n in rest))]
    return pd.DataFrame(rows, columns=[what, "initiatives"])


def attention(pictures: Sequence[Picture], limit: int = 10) -> list[Picture]:
    """The initiatives that need attention first: the heaviest red flags, then the furthest into their sprint."""
    flagged = [p for p in pictures if p.flags]
    return sorted(flagged, key=lambda p: (-p.severity, -p.day, p.initiative.name.casefold()))[:limit]


@dataclass(frozen=True)
class FlagGroup:
    kind: str
    label: str
    pictures: tuple[Picture, ...]  # worst first
    step: int
    view: str


def flag_groups(pictures: Sequence[Picture]) -> list[FlagGroup]:
    """Red flags by kind, the worst kind first: what the Overview groups on a large portfolio."""
    from sprint.picture import FLAG_KINDS

    groups = []
    for kind, (_, label) in FLAG_KINDS.items():
        having = [(p, f) for p in pictures for f in p.flags if f.kind == kind]
        if having:
            ranked = sorted(having, key=lambda pf: (-pf[1].weight, pf[0].initiative.name.casefold()))
            groups.append(FlagGroup(kind, label, tuple(p for p, _ in ranked), having[0][1].step, having[0][1].view))
    return groups


def page_of(rows: pd.DataFrame, page: int, size: int = PAGE_SIZE) -> tuple[pd.DataFrame, int]:
    """Rows of one page (1-indexed, clamped) and how many pages there are."""
    pages = max(1, -(-len(rows) // size))
    page = min(max(1, page), pages)
    return rows.iloc[(page - 1) * size:page * size], pages
