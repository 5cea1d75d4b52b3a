"""Step 2 storage: the applicability profile, each obligation's status and evidence, the register of data
sources and decision points, bias screening runs, and saved notices. Checked here, audited, facilitators."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace

from sprint import sql
from sprint.errors import Problem, ValidationError
from sprint.lists import replace_list, ticked, typed_rows
from sprint.permissions import Action, Actor
from sprint.steps.compliance import bias
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance.notices import CHANNELS, NOTICE_KINDS
from sprint.steps.compliance.rules import (
    DECISIONS,
    FIRST_FACTS,
    LOCATIONS,
    ROLES,
    SECTORS,
    USES,
    Applicability,
    Profile,
    finer_decisions,
)
from sprint.store import Store, Transaction

STATUSES = ("not started", "in progress", "done", "not applicable")
KINDS = ("data source", "decision point")
DUE_SOON_DAYS = 14


def _split(text: str) -> tuple[str, ...]:
    return tuple(p for p in (text or "").split(",") if p)


def profile(store: Store, initiative_id: int) -> tuple[Profile, str]:
    return profile_from_row(store.fetch_one(f"SELECT {PROFILE_COLUMNS} FROM compliance_profiles "  # noqa: S608
                                            "WHERE initiative_id = ?", [initiative_id]))


PROFILE_COLUMNS = "sectors, decisions, locations, optional_frameworks, contact, roles, uses, answered"


def profile_from_row(row) -> tuple[Profile, str]:
    """The profile and contact from a row of PROFILE_COLUMNS (None: no profile saved yet). A profile saved before
    a question existed has not answered it: `answered` '' reads as the questions a profile of its age was asked."""
    if not row:
        return Profile(), ""
    uses = None if not row[6] else tuple(u for u in _split(row[6]) if u != "none")
    answered = (tuple(a for a in _split(row[7]) if a in USES) if row[7]
                else None if uses is None else FIRST_FACTS)
    return Profile(_split(row[0]), finer_decisions(_split(row[1])), _split(row[2]), bool(row[3]),
                   _split(row[5]) or ("deployer",), uses, answered), row[4]


GOVERNMENT_FACTS = ("state agency", "local government")  # each makes the organisation a government one


def save_profile(store: Store, actor: Actor, initiative_id: int, new: Profile, contact: str) -> None:
    problems = [Problem(name, f"'{v}' is not one of {', '.join(allowed)}.") for name, values, allowed in
                (("sectors", new.sectors, SECTORS), ("decisions", new.decisions, DECISIONS),
                 ("locations", new.locations, LOCATIONS), ("roles", new.roles, ROLES),
                 ("uses", new.uses or (), tuple(USES))) for v in values if v not in allowed]
    if not new.roles:
        problems.append(Problem("roles", "say whether you deploy the system, build it, or both."))
    if "own model" in (new.uses or ()) and "developer or provider" not in new.roles:
        problems.append(Problem("roles", "placing your own general-purpose model on the market makes you its "
                                         "provider: add 'builds it (developer or provider)' to the role."))
    if "systemic model" in (new.uses or ()) and "own model" not in new.uses:
        problems.append(Problem("uses", "a model with systemic risk is your own general-purpose model: tick that "
                                        "you place your own model on the EU market too, or untick systemic risk."))
    if problems:
        raise ValidationError(problems)
    if set(GOVERNMENT_FACTS) & set(new.uses or ()) and "government" not in new.sectors:
        # A state agency or a local government is a government organisation: the sector follows from the fact.
        new = replace(new, sectors=("government", *new.sectors))

    def work(tx: Transaction) -> None:
        before, before_contact = profile(store, initiative_id)
        uses = None if new.uses is None else (",".join(new.uses) or "none")
        answered = "" if new.uses is None else ",".join(new.asked)
        tx.execute(sql.upsert("compliance_profiles", ("initiative_id",),
                              ("initiative_id", "sectors", "decisions", "locations", "optional_frameworks", "contact",
                               "updated_by", "updated_at", "roles", "uses", "answered")),
                   [initiative_id, ",".join(new.sectors), ",".join(new.decisions), ",".join(new.locations),
                    new.optional_frameworks, contact.strip(), tx.actor.name, tx.now, ",".join(new.roles), uses or "",
                    answered])
        tx.audit(action="update", entity="compliance profile", entity_id=initiative_id, initiative_id=initiative_id,
                 summary="Updated who the compliance profile covers",
                 before={**asdict(before), "contact": before_contact}, after={**asdict(new), "contact": contact.strip()})

    store.write(actor, Action.MANAGE_INITIATIVES, work)


@dataclass(frozen=True)
class Status:
    status: str = "not started"
    owner: str = ""
    due: dt.date | None = None
    evidence: str = ""
    na_reason: str = ""
    updated_by: str = ""


def statuses(store: Store, initiative_id: int) -> dict[str, Status]:
    return {r[0]: Status(*r[1:]) for r in store.fetch_all(
        "SELECT obligation_id, status, owner, due, evidence, na_reason, updated_by FROM obligation_status "
        "WHERE initiative_id = ?", [initiative_id])}


def set_statuses(store: Store, actor: Actor, initiative_id: int, changes: Mapping[str, Status]) -> int:
    """Save several obligations' status, owner, due date and evidence in one transaction. Returns how many
    changed. 'Not applicable' needs a reason; every problem is named before anything is written."""
    catalog = compliance_catalog.load().by_id()
    problems = []
    for obligation_id, new in changes.items():
        if obligation_id not in catalog:
            problems.append(Problem(obligation_id, "is not in the catalog."))
        if new.status not in STATUSES:
            problems.append(Problem(obligation_id, f"status: choose one of {', '.join(STATUSES)}."))
        if new.status == "not applicable" and not new.na_reason.strip():
            problems.append(Problem(obligation_id, "say why it doesn't apply (the audit keeps the reason)."))
    if problems:
        raise ValidationError(problems)

    def work(tx: Transaction) -> int:
        current = statuses(store, initiative_id)
        changed = 0
        for obligation_id, new in changes.items():
            before = current.get(obligation_id, Status())
            record = Status(new.status, new.owner.strip(), new.due, new.evidence.strip(), new.na_reason.strip())
            if asdict(record) | {"updated_by": ""} == asdict(before) | {"updated_by": ""}:
                continue
            tx.execute(sql.upsert("obligation_status", ("initiative_id", "obligation_id"),
                                  ("initiative_id", "obligation_id", "status", "owner", "due", "evidence", "na_reason",
                                   "updated_by", "updated_at")),
                       [initiative_id, obligation_id, record.status, record.owner, record.due, record.evidence,
                        record.na_reason, tx.actor.name, tx.now])
            tx.audit(action="update", entity="obligation", entity_id=obligation_id, initiative_id=initiative_id,
                     summary=f"{obligation_id}: {before.status} -> {record.status}",
                     before={k: v for k, v in asdict(before).items() if k != "updated_by"},
                     after={k: v for k, v in asdict(record).items() if k != "updated_by"})
            changed += 1
        if not changed:
            tx.nothing_changed()
        return changed

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


@dataclass(frozen=True)
class Standing:
    """A framework's readiness, counted apart for what is in force today and what takes effect later."""

    framework: str
    applicable: int  # in force today (or good practice with no date)
    done: int
    upcoming: int = 0  # applies but not in force yet
    upcoming_done: int = 0
    next_date: dt.date | None = None  # the earliest date an upcoming one takes effect

    @property
    def readiness(self) -> float:
        return self.done / self.applicable if self.applicable else 1.0

    @property
    def total(self) -> int:
        return self.applicable + self.upcoming

    @property
    def total_done(self) -> int:
        return self.done + self.upcoming_done

    def label(self) -> str:
        """'3 of 5 in force done; 1 of 4 ready for 1 Jan 2027'."""
        parts = [f"{self.done} of {self.applicable} in force done"] if self.applicable else []
        if self.upcoming:
            parts.append(f"{self.upcoming_done} of {self.upcoming} ready for {_day(self.next_date)}")
        return "; ".join(parts)


def _day(d: dt.date | None) -> str:
    return f"{d.day} {d:%b %Y}" if d else ""


def standing(items: Sequence[Applicability], found: Mapping[str, Status], today: dt.date) -> list[Standing]:
    """Readiness per framework: done out of the obligations that apply (and aren't marked not applicable), those
    in force today counted apart from those that take effect later."""
    out: dict[str, list] = {}
    for a in items:
        if not a.applies:
            continue
        status = found.get(a.obligation.id, Status()).status
        if status == "not applicable":
            continue
        entry = out.setdefault(a.obligation.framework, [0, 0, 0, 0, None])
        later = not a.obligation.in_force(today)
        entry[2 if later else 0] += 1
        entry[3 if later else 1] += status == "done"
        if later:
            entry[4] = min(d for d in (entry[4], a.obligation.effective) if d is not None)
    return [Standing(f, *counts) for f, counts in out.items()]


def deadline(a: Applicability, status: Status, today: dt.date) -> dt.date | None:
    """When this obligation must be done: its due date, or, for one not yet in force and not planned earlier, the
    day it takes effect (a due date after that day is too late, so the earlier of the two counts)."""
    effective = a.obligation.effective
    if effective is not None and effective > today:
        return min(status.due, effective) if status.due else effective
    return status.due


def deadlines(items: Sequence[Applicability], found: Mapping[str, Status], today: dt.date):
    """(overdue, due within 14 days): applicable obligations not done, by deadline (see `deadline`). Each entry is
    (obligation, status, deadline)."""
    overdue, soon = [], []
    for a in items:
        s = found.get(a.obligation.id, Status())
        if not a.applies or s.status in ("done", "not applicable"):
            continue
        when = deadline(a, s, today)
        if when is None:
            continue
        if when < today:
            overdue.append((a.obligation, s, when))
        elif (when - today).days <= DUE_SOON_DAYS:
            soon.append((a.obligation, s, when))
    return sorted(overdue, key=lambda t: t[2]), sorted(soon, key=lambda t: t[2])


def due_after_effect(items: Sequence[Applicability], found: Mapping[str, Status], today: dt.date):
    """Obligations not in force yet whose due date falls after the day they take effect: planned too late."""
    return [(a.obligation, s) for a in items if a.applies
            for s in [found.get(a.obligation.id, Status())]
            if s.status not in ("done", "not applicable") and s.due and a.obligation.effective
            and a.obligation.effective > today and s.due > a.obligation.effective]


@dataclass(frozen=True)
class RegisterEntry:
    name: str
    kind: str
    owner: str
    personal_data: bool
    categories: str
    human_review: bool
    consequential: bool
    retention: str


def register(store: Store, initiative_id: int) -> list[RegisterEntry]:
    return [RegisterEntry(*r) for r in store.fetch_all(
        "SELECT name, kind, owner, personal_data, categories, human_review, consequential, retention FROM data_register "
        "WHERE initiative_id = ? ORDER BY position", [initiative_id])]


def unreviewed_decisions(entries: Sequence[RegisterEntry]) -> list[RegisterEntry]:
    """Decision points on a consequential decision that no person reviews: flagged."""
    return [e for e in entries if e.kind == "decision point" and e.consequential and not e.human_review]


def save_register(store: Store, actor: Actor, initiative_id: int, rows: Sequence[Mapping[str, object]],
                  shown: Sequence[RegisterEntry]) -> list[RegisterEntry]:
    entries, problems = [], []
    text = lambda v: "" if v is None or v != v else " ".join(str(v).split())  # noqa: E731
    for n, row in typed_rows(rows):
        kind = text(row.get("kind")).lower()
        if not text(row.get("name")):
            problems.append(Problem("Name", "name the data source or decision point.", row=n))
        if kind not in KINDS:
            problems.append(Problem("Kind", "choose data source or decision point.", row=n))
        entries.append(RegisterEntry(text(row.get("name")), kind, text(row.get("owner")), ticked(row.get("personal_data")),
                                     text(row.get("categories")), ticked(row.get("human_review")),
                                     ticked(row.get("consequential")), text(row.get("retention"))))
    if problems:
        raise ValidationError(problems)
    return replace_list(store, actor, initiative_id, "data_register", "data register", entries, shown,
                        lambda n, e: [initiative_id, n, *asdict(e).values()], register)


def bias_history(store: Store, initiative_id: int) -> list[tuple[dt.datetime, str, list[bias.GroupCount], str]]:
    return bias_from_rows(store.fetch_all("SELECT run_at, attribute, groups_json, summary FROM bias_runs "
                                          "WHERE initiative_id = ? ORDER BY run_at DESC", [initiative_id]))


def bias_from_rows(rows) -> list[tuple[dt.datetime, str, list[bias.GroupCount], str]]:
    return [(at, attribute, [bias.GroupCount(**g) for g in json.loads(groups)], summary)
            for at, attribute, groups, summary in rows]


def run_bias_screen(store: Store, actor: Actor, initiative_id: int, attribute: str,
                    rows: Sequence[tuple[object, object, object]]) -> list[bias.GroupResult]:
    """Check the counts, screen them, and keep the run with its date (nothing kept on bad input)."""
    groups = bias.check_counts(rows)
    if not " ".join(attribute.split()):
        raise ValidationError([Problem("attribute", "say which attribute the groups are (e.g. surname origin).")])
    results = bias.screen(groups)

    def work(tx: Transaction) -> None:
        summary = bias.summary(results)
        tx.execute("INSERT INTO bias_runs VALUES (?, ?, ?, ?, ?, ?)",
                   [initiative_id, tx.now, attribute.strip(), json.dumps([asdict(g) for g in groups]), summary,
                    tx.actor.name])
        tx.audit(action="create", entity="bias screen", entity_id=attribute.strip(), initiative_id=initiative_id,
                 summary=f"Bias screen on {attribute.strip()}: {summary}",
                 after={"groups": [asdict(g) for g in groups]})

    store.write(actor, Action.MANAGE_INITIATIVES, work)
    return results


def saved_notices(store: Store, initiative_id: int) -> dict[str, str]:
    return dict(store.fetch_all("SELECT channel, text FROM notices WHERE initiative_id = ?", [initiative_id]))


def save_notice(store: Store, actor: Actor, initiative_id: int, channel: str, text: str) -> None:
    """`channel`: a channel of the general notice, or the id of a law notice (notices.NOTICE_KINDS)."""
    if channel not in CHANNELS and channel not in NOTICE_KINDS:
        raise ValidationError([Problem("channel", f"choose one of {', '.join((*CHANNELS, *NOTICE_KINDS))}.")])
    if not text.strip():
        raise ValidationError([Problem("text", "the notice is empty.")])

    def work(tx: Transaction) -> None:
        before = saved_notices(store, initiative_id).get(channel)
        tx.execute(sql.upsert("notices", ("initiative_id", "channel"),
                              ("initiative_id", "channel", "text", "updated_by", "updated_at")),
                   [initiative_id, channel, text.strip(), tx.actor.name, tx.now])
        tx.audit(action="update", entity="notice", entity_id=channel, initiative_id=initiative_id,
                 summary=f"Saved the {NOTICE_KINDS[channel].title if channel in NOTICE_KINDS else channel} notice",
                 before={"text": before} if before else None,
                 after={"text": text.strip()})

    store.write(actor, Action.MANAGE_INITIATIVES, work)
