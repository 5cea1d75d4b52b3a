"""The obligation catalog (data/obligations/*.toml) and which obligations apply to an initiative, and why.

Legal content is data: sourced, dated, editable without code. A record with a missing field or an unknown
level is left out and named, so one bad edit never takes the app down. Not legal advice.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sprint.config import DATA_DIR

CATALOG_DIR = DATA_DIR / "obligations"
LEVELS = ("binding", "good practice")
SECTORS = ("government", "health care", "other")
DECISIONS = ("employment", "lending", "housing", "insurance", "education", "health care", "essential services")
LOCATIONS = ("Texas", "Colorado", "EU", "elsewhere")
REQUIRED = ("id", "title", "jurisdiction", "framework", "law", "citation", "duty", "applies_to", "effective", "source", "as_of",
            "level")
NOT_LEGAL_ADVICE = ("Not legal advice. This catalog summarises public sources as of the date shown on each item; "
                    "laws change and their application depends on facts. Check with counsel.")


@dataclass(frozen=True)
class Obligation:
    id: str
    title: str
    jurisdiction: str
    framework: str
    law: str
    citation: str
    duty: str
    applies_to: str
    effective: dt.date
    source: str
    as_of: dt.date
    level: str
    when_locations: tuple[str, ...] = ()
    when_sectors: tuple[str, ...] = ()
    when_decisions: tuple[str, ...] = ()
    optional_framework: bool = False


@dataclass(frozen=True)
class Catalog:
    obligations: tuple[Obligation, ...]
    problems: tuple[str, ...] = field(default=())  # records left out, named

    def by_id(self) -> dict[str, Obligation]:
        return {o.id: o for o in self.obligations}


def _parse(record: dict, where: str) -> Obligation:
    missing = [f for f in REQUIRED if not str(record.get(f, "")).strip()]
    if missing:
        raise ValueError(f"{where} is missing {', '.join(missing)}")
    if record["level"] not in LEVELS:
        raise ValueError(f"{where} has level '{record['level']}'; use one of {', '.join(LEVELS)}")
    try:
        effective = dt.date.fromisoformat(str(record["effective"]))
        as_of = dt.date.fromisoformat(str(record["as_of"]))
    except ValueError as exc:
        raise ValueError(f"{where} has a date that isn't YYYY-MM-DD ({exc})") from exc
    lists = {}
    for name, allowed in (("when_locations", LOCATIONS), ("when_sectors", SECTORS), ("when_decisions", DECISIONS)):
        values = tuple(record.get(name, ()))
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValueError(f"{where} has unknown {name} {unknown}")
        lists[name] = values
    return Obligation(str(record["id"]), str(record["title"]), str(record["jurisdiction"]), str(record["framework"]), str(record["law"]),
                      str(record["citation"]), str(record["duty"]), str(record["applies_to"]), effective,
                      str(record["source"]), as_of, str(record["level"]), **lists,
                      optional_framework=bool(record.get("optional_framework", False)))


@lru_cache(maxsize=4)
def load(directory: Path = CATALOG_DIR) -> Catalog:
    obligations, problems, seen = [], [], set()
    for path in sorted(directory.glob("*.toml")):
        try:
            with open(path, "rb") as handle:
                records = tomllib.load(handle).get("obligation", [])
        except (OSError, tomllib.TOMLDecodeError) as exc:
            problems.append(f"{path.name} could not be read ({exc}); its obligations are left out.")
            continue
        for n, record in enumerate(records, start=1):
            where = f"{path.name}, obligation {n} ({record.get('id', 'no id')})"
            try:
                obligation = _parse(record, where)
            except ValueError as exc:
                problems.append(f"{exc}; left out.")
                continue
            if obligation.id in seen:
                problems.append(f"{where} repeats the id '{obligation.id}'; left out.")
                continue
            seen.add(obligation.id)
            obligations.append(obligation)
    return Catalog(tuple(obligations), tuple(problems))


@dataclass(frozen=True)
class Profile:
    """What decides which obligations apply to an initiative."""

    sectors: tuple[str, ...] = ()
    decisions: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    optional_frameworks: bool = False  # also track the EU AI Act where users are outside the EU


@dataclass(frozen=True)
class Applicability:
    obligation: Obligation
    applies: bool
    why: str


def applicability(catalog: Catalog, profile: Profile) -> list[Applicability]:
    out = []
    for o in catalog.obligations:
        reasons_no, reasons_yes = [], []
        if o.when_locations:
            hit = [loc for loc in o.when_locations if loc in profile.locations]
            if hit:
                reasons_yes.append(f"users in {', '.join(hit)}")
            elif o.optional_framework and profile.optional_frameworks:
                reasons_yes.append("you chose to follow this framework")
            else:
                reasons_no.append(f"no users in {', '.join(o.when_locations)}")
        if o.when_sectors:
            hit = [s for s in o.when_sectors if s in profile.sectors]
            (reasons_yes if hit else reasons_no).append(
                f"{'a' if hit else 'not a'} {' or '.join(hit or o.when_sectors)} deployer")
        if o.when_decisions:
            hit = [d for d in o.when_decisions if d in profile.decisions]
            (reasons_yes if hit else reasons_no).append(
                f"{'it makes' if hit else 'no'} consequential decisions"
                + (f" in {', '.join(hit)}" if hit else f" ({', '.join(o.when_decisions[:3])}...)"))
        if reasons_no:
            out.append(Applicability(o, False, "Doesn't apply: " + "; ".join(reasons_no) + "."))
        else:
            out.append(Applicability(o, True, ("Applies: " + "; ".join(reasons_yes) + ".") if reasons_yes
                                     else "Applies to every pilot."))
    return out


def frameworks(items: Sequence[Applicability]) -> list[str]:
    return list(dict.fromkeys(a.obligation.framework for a in items))
