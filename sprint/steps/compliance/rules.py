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
BY_CHOICE = "followed by choice"  # the level shown for a framework applied only because the team opted in
ROLES = ("deployer", "developer or provider")
SECTORS = ("government", "private provider of public services", "health care", "other")
DECISIONS = ("employment", "education", "housing", "credit and lending", "life or health insurance", "other insurance",
             "health care", "essential government services")
LOCATIONS = ("Texas", "Colorado", "EU", "elsewhere")
# Yes/no facts about the organisation and about how the system is used. A record's `when_uses` needs every one it
# names, its `when_any` groups need one answer in each, and its `unless` list leaves it out when one of them holds.
ORGANISATION_FACTS = {
    "state agency": "your organisation is a state agency (a department, board or office of a state government)",
    "local government": "your organisation is a local government (a city, county or other political subdivision)",
    "hipaa": "your organisation is a HIPAA covered entity (a health-care provider, health plan or clearing house)",
    "own model": "you place your own general-purpose AI model on the EU market (not only build on someone else's)",
    "systemic model": "that general-purpose model has systemic risk (trained with more than 10^25 FLOPs, or "
                      "designated so by the European Commission)",
}
SYSTEM_FACTS = {
    "interacts": "people, staff included, converse with it directly (a chat, a voice or an assistant)",
    "public": "members of the public or consumers use it or talk to it directly (not only your staff)",
    "content": "it generates text, images, audio or video that people see",
    "published": "it makes deep fakes, or writes text published to inform the public on matters of public interest",
    "patient care": "it is used in a patient's diagnosis, care or treatment",
    "emotion or biometrics": "it recognises emotions or sorts people by biometric data",
    "regulated product": "it is part of a product under EU product-safety law, such as a medical device, a machine "
                         "or a toy (Annex I)",
}
USES = {**SYSTEM_FACTS, **ORGANISATION_FACTS}
# The facts a profile saved before December 2026 was asked: its other facts are unanswered, not "no".
FIRST_FACTS = ("public", "content", "patient care", "emotion or biometrics")
DECIDES = "consequential decisions"  # in `when_any`: the profile names at least one consequential decision
ANY_OF = (*USES, *ROLES, DECIDES)  # what a `when_any` group may name
# Answers stored by earlier versions, read as the finer categories they covered.
LEGACY_DECISIONS = {"lending": ("credit and lending",), "insurance": ("life or health insurance", "other insurance"),
                    "essential services": ("essential government services",)}
REQUIRED = ("id", "title", "jurisdiction", "framework", "law", "citation", "duty", "applies_to", "source", "as_of",
            "level")
REVIEW_AFTER_DAYS = 120  # a record not checked against its source for longer is marked "due for review"
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
    effective: dt.date | None  # None: good practice with no date of its own (never suggests it applies by law)
    source: str
    as_of: dt.date
    level: str
    when_locations: tuple[str, ...] = ()
    when_sectors: tuple[str, ...] = ()
    when_decisions: tuple[str, ...] = ()
    when_roles: tuple[str, ...] = ()
    when_uses: tuple[str, ...] = ()
    optional_framework: bool = False
    caveat: str = ""  # court stays, pending rules, sources that disagree or were not verified
    enforcement: str = ""  # who enforces this duty and the penalties, as the sources give them
    when_any: tuple[tuple[str, ...], ...] = ()  # each group needs one of its answers (a fact, a role or DECIDES)
    unless: tuple[str, ...] = ()  # facts any one of which takes the organisation outside the duty
    stay: str = ""  # enforcement is stayed (a court order): said plainly on the page

    def due_for_review(self, today: dt.date) -> bool:
        """Not checked against its source for more than REVIEW_AFTER_DAYS: the law may have moved since."""
        return (today - self.as_of).days > REVIEW_AFTER_DAYS

    def in_force(self, today: dt.date) -> bool:
        return self.effective is None or self.effective <= today

    def applies_from(self, today: dt.date) -> str:
        """'since 1 Jan 2026', 'from 1 Jan 2027', or 'no date (good practice)'."""
        if self.effective is None:
            return "no date (good practice)"
        return f"{'since' if self.in_force(today) else 'from'} {self.effective.day} {self.effective:%b %Y}"


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
    if record["level"] == "binding" and not str(record.get("effective", "")).strip():
        raise ValueError(f"{where} is binding but has no effective date")
    if record["level"] == "binding" and not record.get("when_roles"):
        raise ValueError(f"{where} is binding but names no holder: say who carries the duty in when_roles "
                         f"({' or '.join(ROLES)}, or both)")
    try:
        effective = (dt.date.fromisoformat(str(record["effective"])) if str(record.get("effective", "")).strip()
                     else None)
        as_of = dt.date.fromisoformat(str(record["as_of"]))
    except ValueError as exc:
        raise ValueError(f"{where} has a date that isn't YYYY-MM-DD ({exc})") from exc
    lists = {}
    for name, allowed in (("when_locations", LOCATIONS), ("when_sectors", SECTORS), ("when_decisions", DECISIONS),
                          ("when_roles", ROLES), ("when_uses", tuple(USES))):
        values = tuple(record.get(name, ()))
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValueError(f"{where} has unknown {name} {unknown}")
        lists[name] = values
    raw = list(record.get("when_any", ()))
    # A flat list is one group (any one of its answers); a list of lists is several groups, each needing one.
    groups = ((tuple(raw),) if raw and all(isinstance(g, str) for g in raw)
              else tuple(tuple(g) if isinstance(g, list) else (g,) for g in raw))
    unknown = [v for g in groups for v in g if v not in ANY_OF] + [
        v for v in record.get("unless", ()) if v not in USES]
    if unknown:
        raise ValueError(f"{where} has unknown when_any or unless answers {unknown}")
    return Obligation(str(record["id"]), str(record["title"]), str(record["jurisdiction"]), str(record["framework"]),
                      str(record["law"]), str(record["citation"]), str(record["duty"]), str(record["applies_to"]),
                      effective, str(record["source"]), as_of, str(record["level"]), **lists,
                      optional_framework=bool(record.get("optional_framework", False)),
                      caveat=" ".join(str(record.get("caveat", "")).split()),
                      enforcement=" ".join(str(record.get("enforcement", "")).split()),
                      when_any=groups, unless=tuple(record.get("unless", ())),
                      stay=" ".join(str(record.get("stay", "")).split()))


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
    roles: tuple[str, ...] = ("deployer",)
    uses: tuple[str, ...] | None = None  # the facts that hold; None: the yes/no questions were never answered
    answered: tuple[str, ...] | None = None  # the facts it was asked; None: all of them (if `uses` is set)

    @property
    def asked(self) -> tuple[str, ...]:
        """The yes/no facts this profile has answered: a fact it was never asked is unknown, not 'no'."""
        if self.answered is not None:
            return self.answered
        return () if self.uses is None else tuple(USES)


def finer_decisions(values: Sequence[str]) -> tuple[str, ...]:
    """Decision categories as stored, with an earlier version's broader answers read as what they covered."""
    out: list[str] = []
    for v in values:
        out.extend(LEGACY_DECISIONS.get(v, (v,)))
    return tuple(dict.fromkeys(out))


@dataclass(frozen=True)
class Applicability:
    obligation: Obligation
    applies: bool
    why: str
    by_choice: bool = False  # applies only because the team opted in to the framework

    @property
    def level(self) -> str:
        return BY_CHOICE if self.by_choice else self.obligation.level


_ROLE_WORDS = {"deployer": "you deploy it", "developer or provider": "you build it (developer or provider)"}


def applicability(catalog: Catalog, profile: Profile) -> list[Applicability]:
    """Each obligation, whether it applies to this profile, and why, naming the answers that decided it.
    Every condition an obligation has must hold; within a condition any listed answer is enough (uses: all)."""
    out = []
    roles = profile.roles or ("deployer",)
    for o in catalog.obligations:
        no, yes, unanswered = [], [], []
        by_choice = False
        if o.when_locations:
            hit = [loc for loc in o.when_locations if loc in profile.locations]
            if hit:
                yes.append(f"users in {', '.join(hit)}")
            elif o.optional_framework and profile.optional_frameworks:
                yes.append("you chose to follow this framework")
                by_choice = True
            else:
                no.append(f"no users in {', '.join(o.when_locations)}")
        if o.when_roles:
            hit = [r for r in o.when_roles if r in roles]
            if hit:
                yes.append(" and ".join(_ROLE_WORDS[r] for r in hit))
            else:
                no.append(f"it is a duty of the {' or '.join(o.when_roles)}, and "
                          + " and ".join(_ROLE_WORDS[r] for r in roles))
        if o.when_sectors:
            hit = [s for s in o.when_sectors if s in profile.sectors]
            (yes if hit else no).append(f"{'a' if hit else 'not a'} {' or '.join(hit or o.when_sectors)} organisation")
        if o.when_decisions:
            hit = [d for d in o.when_decisions if d in profile.decisions]
            (yes if hit else no).append(
                f"it influences consequential decisions on {', '.join(hit)}" if hit
                else f"no consequential decisions on {_few(o.when_decisions)}")
        for use in o.when_uses:
            if use not in profile.asked:
                unanswered.append(USES[use])
            elif use in (profile.uses or ()):
                yes.append(USES[use])
            else:
                no.append(f"not: {USES[use]}")
        for group in o.when_any:
            held = [t for t in group if _holds(t, profile, roles) is True]
            open_ = [t for t in group if _holds(t, profile, roles) is None]
            if held:
                yes.append(_any_words(held[0]))
            elif open_:
                unanswered.append(" or ".join(USES[t] for t in open_))
            else:
                no.append("none of: " + "; ".join(_any_words(t) for t in group))
        for fact in o.unless:
            if fact not in profile.asked:
                unanswered.append(f"{USES[fact]} (which would take you outside it)")
            elif fact in (profile.uses or ()):
                no.append(f"{USES[fact]}, which takes you outside it")
        if no:
            out.append(Applicability(o, False, "Doesn't apply: " + "; ".join(no) + "."))
            continue
        why = ("Applies: " + "; ".join(yes) + ".") if yes else "Applies to every pilot."
        if unanswered:
            why += (" Counted until the profile says whether " + " and whether ".join(unanswered)
                    + " (answer it under 'Who this initiative serves').")
        out.append(Applicability(o, True, why, by_choice))
    return out


def _holds(token: str, profile: Profile, roles: Sequence[str]) -> bool | None:
    """Whether a `when_any` answer holds for this profile (None: a fact it was never asked)."""
    if token in ROLES:
        return token in roles
    if token == DECIDES:
        return bool(profile.decisions)
    if token not in profile.asked:
        return None
    return token in (profile.uses or ())


def _any_words(token: str) -> str:
    if token in ROLES:
        return _ROLE_WORDS[token]
    if token == DECIDES:
        return "it influences consequential decisions about people"
    return USES[token]


def _few(values: Sequence[str]) -> str:
    return ", ".join(values) if len(values) <= 3 else f"{', '.join(values[:3])} or {len(values) - 3} more"


def stays(items: Sequence[Applicability]) -> dict[str, list[str]]:
    """Each court stay of enforcement among the obligations that apply, with the frameworks it covers (said once,
    however many records carry it)."""
    out: dict[str, list[str]] = {}
    for a in items:
        if a.applies and a.obligation.stay and a.obligation.framework not in out.setdefault(a.obligation.stay, []):
            out[a.obligation.stay].append(a.obligation.framework)
    return out


def frameworks(items: Sequence[Applicability]) -> list[str]:
    return list(dict.fromkeys(a.obligation.framework for a in items))
