"""Initiatives: one AI pilot on its way to production, with its 90-day sprint start (day 1).

Create, edit, archive and restore, each validated here, written through the store's one write path with
its audit entry, and protected against lost updates: an edit names the version it was based on and is
refused if someone else saved in between.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

from sprint.dates import SPRINT_DAYS, describe_day, phase_for_day, sprint_day
from sprint.errors import NotFound, Problem, StaleEdit, ValidationError
from sprint.permissions import Action, Actor
from sprint.store import Store, Transaction
from sprint.text_limits import one_line
from sprint.values import usable

STAGES: tuple[str, ...] = ("pilot", "limited production", "production", "paused")
NAME_MAX = 120
TEXT_MAX = 200
ROI_MAX = 600
# A sprint start further than this from today is almost certainly a typo (a wrong year).
START_WINDOW_DAYS = 3 * 365


@dataclass(frozen=True)
class InitiativeDraft:
    """What a person types to create or edit an initiative."""

    name: str
    start_date: dt.date
    stage: str = "pilot"
    process: str = ""
    owner: str = ""
    department: str = ""
    roi_statement: str = ""

    def cleaned(self) -> InitiativeDraft:
        return InitiativeDraft(
            name=one_line(self.name),
            start_date=self.start_date,
            stage=str(self.stage or "").strip().lower(),
            process=str(self.process or "").strip(),
            owner=str(self.owner or "").strip(),
            department=one_line(self.department),
            roi_statement=" ".join(str(self.roi_statement or "").split()),
        )


@dataclass(frozen=True)
class Initiative:
    id: int
    name: str
    process: str
    owner: str
    department: str
    start_date: dt.date
    stage: str
    roi_statement: str
    archived: bool
    version: int
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime
    one_off_cost: float = 0.0
    monthly_cost: float = 0.0
    hourly_rate: float = 60.0
    owner_role: str = ""
    budget_authority: bool = False
    budget_amount: float = 0.0
    chosen_design: str = ""

    def __post_init__(self) -> None:
        # A figure stored before the parser refused infinity (or edited outside the app) reads as its default,
        # so no page, chart or form takes the room down over it; re-entering it on the page stores a real one.
        for name, default in (("one_off_cost", 0.0), ("monthly_cost", 0.0), ("hourly_rate", 60.0),
                              ("budget_amount", 0.0)):
            if not usable(getattr(self, name)):
                object.__setattr__(self, name, default)

    def day(self, today: dt.date) -> int:
        return sprint_day(self.start_date, today)

    def day_text(self, today: dt.date) -> str:
        return describe_day(self.day(today))

    def phase(self, today: dt.date) -> str:
        return phase_for_day(self.day(today))

    def draft(self) -> InitiativeDraft:
        return InitiativeDraft(name=self.name, start_date=self.start_date, stage=self.stage,
                               process=self.process, owner=self.owner, department=self.department,
                               roi_statement=self.roi_statement)

    def record(self) -> dict[str, object]:
        """The fields a person cares about, for the audit log's before/after."""
        keep = ("name", "process", "owner", "department", "start_date", "stage", "roi_statement", "archived",
                "one_off_cost", "monthly_cost", "hourly_rate", "owner_role", "budget_authority", "budget_amount",
                "chosen_design")
        return {k: v for k, v in asdict(self).items() if k in keep}


_COLUMNS = ", ".join(f.name for f in fields(Initiative))


def validate(draft: InitiativeDraft, *, today: dt.date) -> list[Problem]:
    d = draft.cleaned()
    problems: list[Problem] = []
    if not d.name:
        problems.append(Problem("name", "give the initiative a name, e.g. 'Support ticket assistant'."))
    elif len(d.name) > NAME_MAX:
        problems.append(Problem("name", f"keep the name under {NAME_MAX} characters (it has {len(d.name)})."))
    if any(ord(ch) < 32 for ch in d.name):
        problems.append(Problem("name", "the name can't contain control characters."))
    if d.stage not in STAGES:
        problems.append(Problem("stage", f"'{draft.stage}' is not a stage; choose one of {', '.join(STAGES)}."))
    if not isinstance(d.start_date, dt.date):
        problems.append(Problem("start_date", "give the sprint start date (day 1 of 90)."))
    elif abs((d.start_date - today).days) > START_WINDOW_DAYS:
        problems.append(Problem("start_date", f"{d.start_date.isoformat()} is more than three years from "
                                              "today; check the year."))
    for name in ("process", "owner", "department"):
        if len(getattr(d, name)) > TEXT_MAX:
            problems.append(Problem(name, f"keep this under {TEXT_MAX} characters."))
    if len(d.roi_statement) > ROI_MAX:
        problems.append(Problem("roi_statement", f"the ROI statement is meant to be one sentence; keep it "
                                                 f"under {ROI_MAX} characters."))
    return problems


def _from_row(row: tuple) -> Initiative:
    return Initiative(*row)


def list_all(store: Store, *, include_archived: bool = False) -> list[Initiative]:
    where = "" if include_archived else "WHERE NOT archived"
    rows = store.fetch_all(f"SELECT {_COLUMNS} FROM initiatives {where} ORDER BY lower(name), id")  # noqa: S608
    return [_from_row(r) for r in rows]


def get(store: Store, initiative_id: int) -> Initiative:
    row = store.fetch_one(f"SELECT {_COLUMNS} FROM initiatives WHERE id = ?", [initiative_id])  # noqa: S608
    if row is None:
        raise NotFound(f"There is no initiative #{initiative_id} (it may have been removed).")
    return _from_row(row)


def count(store: Store) -> int:
    row = store.fetch_one("SELECT count(*) FROM initiatives")
    return int(row[0]) if row else 0


def _name_taken(tx: Transaction, name: str, except_id: int | None) -> bool:
    row = tx.execute(
        "SELECT count(*) FROM initiatives WHERE lower(name) = lower(?) AND id IS DISTINCT FROM ?",
        [name, except_id],
    ).fetchone()
    return bool(row and row[0])


def _load(tx: Transaction, initiative_id: int) -> Initiative:
    row = tx.execute(f"SELECT {_COLUMNS} FROM initiatives WHERE id = ?", [initiative_id]).fetchone()  # noqa: S608
    if row is None:
        raise NotFound(f"There is no initiative #{initiative_id} (it may have been removed).")
    return _from_row(row)


def insert(tx: Transaction, draft: InitiativeDraft, *, today: dt.date, summary: str | None = None) -> int:
    """Create within an open transaction (used by `create`, the example and imports)."""
    d = draft.cleaned()
    problems = validate(d, today=today)
    if not problems and _name_taken(tx, d.name, None):
        problems.append(Problem("name", f"an initiative called '{d.name}' already exists; choose another name."))
    if problems:
        raise ValidationError(problems)
    row = tx.execute(
        """INSERT INTO initiatives (name, process, owner, department, start_date, stage, roi_statement,
                                    created_by, created_at, updated_by, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        [d.name, d.process, d.owner, d.department, d.start_date, d.stage, d.roi_statement,
         tx.actor.name, tx.now, tx.actor.name, tx.now],
    ).fetchone()
    new_id = int(row[0])
    created = _load(tx, new_id)
    tx.audit(action="create", entity="initiative", entity_id=new_id, initiative_id=new_id,
             summary=summary or f"Created initiative '{d.name}'", after=created.record())
    return new_id


def create(store: Store, actor: Actor, draft: InitiativeDraft, *, today: dt.date) -> int:
    return store.write(actor, Action.MANAGE_INITIATIVES, lambda tx: insert(tx, draft, today=today))


def _check_version(current: Initiative, expected_version: int) -> None:
    if current.version != expected_version:
        raise StaleEdit(
            f"'{current.name}' was changed by {current.updated_by} at "
            f"{current.updated_at:%Y-%m-%d %H:%M} UTC after you opened it. Nothing was saved; "
            "reload to see their change, then make yours again."
        )


def update(store: Store, actor: Actor, initiative_id: int, draft: InitiativeDraft, *,
           expected_version: int, today: dt.date) -> Initiative:
    def work(tx: Transaction) -> Initiative:
        before = _load(tx, initiative_id)
        _check_version(before, expected_version)
        d = draft.cleaned()
        problems = validate(d, today=today)
        if not problems and _name_taken(tx, d.name, initiative_id):
            problems.append(Problem("name", f"an initiative called '{d.name}' already exists; choose another name."))
        if problems:
            raise ValidationError(problems)
        if d == before.draft():
            tx.nothing_changed()
            return before
        tx.execute(
            """UPDATE initiatives SET name = ?, process = ?, owner = ?, department = ?, start_date = ?,
                      stage = ?, roi_statement = ?, version = version + 1, updated_by = ?, updated_at = ?
               WHERE id = ?""",
            [d.name, d.process, d.owner, d.department, d.start_date, d.stage, d.roi_statement,
             tx.actor.name, tx.now, initiative_id],
        )
        after = _load(tx, initiative_id)
        changed = sorted(k for k, v in after.record().items() if before.record()[k] != v)
        tx.audit(action="update", entity="initiative", entity_id=initiative_id, initiative_id=initiative_id,
                 summary=f"Edited '{after.name}': {', '.join(changed)}",
                 before={k: before.record()[k] for k in changed}, after={k: after.record()[k] for k in changed})
        return after

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def set_archived(store: Store, actor: Actor, initiative_id: int, archived: bool, *,
                 expected_version: int) -> Initiative:
    def work(tx: Transaction) -> Initiative:
        before = _load(tx, initiative_id)
        _check_version(before, expected_version)
        if before.archived == archived:
            raise ValidationError([Problem("archived", f"'{before.name}' is already "
                                                       f"{'archived' if archived else 'active'}.")])
        tx.execute("UPDATE initiatives SET archived = ?, version = version + 1, updated_by = ?, updated_at = ? "
                   "WHERE id = ?", [archived, tx.actor.name, tx.now, initiative_id])
        verb = "archive" if archived else "restore"
        tx.audit(action=verb, entity="initiative", entity_id=initiative_id, initiative_id=initiative_id,
                 summary=f"{verb.capitalize()}d initiative '{before.name}'",
                 before={"archived": before.archived}, after={"archived": archived})
        return _load(tx, initiative_id)

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


FIGURES = {"one_off_cost": "One-off cost", "monthly_cost": "Monthly running cost",
           "hourly_rate": "Loaded hourly rate"}


def set_figures(store: Store, actor: Actor, initiative_id: int, *, expected_version: int,
                **figures: float) -> Initiative:
    """Set some of the initiative's money figures (one-off cost, monthly running cost, loaded hourly rate),
    in dollars; none may be negative."""
    unknown = set(figures) - set(FIGURES)
    if unknown:
        raise ValueError(f"not a figure of an initiative: {sorted(unknown)}")
    problems = [Problem(name, "enter a number that isn't negative.") for name, value in figures.items()
                if value is None or not isinstance(value, int | float) or value != value or value < 0]
    if problems:
        raise ValidationError(problems)

    def work(tx: Transaction) -> Initiative:
        before = _load(tx, initiative_id)
        _check_version(before, expected_version)
        changed = {k: float(v) for k, v in figures.items() if getattr(before, k) != float(v)}
        if not changed:
            tx.nothing_changed()
            return before
        assignments = ", ".join(f"{k} = ?" for k in changed)  # keys checked against FIGURES above
        tx.execute(f"UPDATE initiatives SET {assignments}, version = version + 1, updated_by = ?, "  # noqa: S608
                   "updated_at = ? WHERE id = ?", [*changed.values(), tx.actor.name, tx.now, initiative_id])
        tx.audit(action="update", entity="initiative", entity_id=initiative_id, initiative_id=initiative_id,
                 summary=f"Set {', '.join(FIGURES[k].lower() for k in changed)} of '{before.name}'",
                 before={k: getattr(before, k) for k in changed}, after=changed)
        return _load(tx, initiative_id)

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def set_investment(store: Store, actor: Actor, initiative_id: int, *, one_off_cost: float, monthly_cost: float,
                   expected_version: int) -> Initiative:
    """What the pilot costs: a one-off amount and a monthly running cost (both in dollars)."""
    return set_figures(store, actor, initiative_id, expected_version=expected_version,
                       one_off_cost=one_off_cost, monthly_cost=monthly_cost)


def set_owner(store: Store, actor: Actor, initiative_id: int, *, name: str, role: str, budget_authority: bool,
              budget_amount: float, expected_version: int) -> Initiative:
    """The one owner with budget authority (Step 4): name, role, and whether and how much they can spend."""
    name, role = one_line(name), one_line(role)
    problems = []
    if not name:
        problems.append(Problem("owner", "name the one person who owns this initiative."))
    if budget_amount is None or budget_amount != budget_amount or budget_amount < 0:
        problems.append(Problem("budget_amount", "enter an amount that isn't negative."))
    if problems:
        raise ValidationError(problems)

    def work(tx: Transaction) -> Initiative:
        before = _load(tx, initiative_id)
        _check_version(before, expected_version)
        after = {"owner": name, "owner_role": role, "budget_authority": bool(budget_authority),
                 "budget_amount": float(budget_amount if budget_authority else 0)}
        changed = {k: v for k, v in after.items() if getattr(before, k) != v}
        if not changed:
            tx.nothing_changed()
            return before
        tx.execute("UPDATE initiatives SET owner = ?, owner_role = ?, budget_authority = ?, budget_amount = ?, "
                   "version = version + 1, updated_by = ?, updated_at = ? WHERE id = ?",
                   [*after.values(), tx.actor.name, tx.now, initiative_id])
        tx.audit(action="update", entity="initiative", entity_id=initiative_id, initiative_id=initiative_id,
                 summary=f"Set the owner of '{before.name}': {name}", before={k: getattr(before, k) for k in changed},
                 after=changed)
        return _load(tx, initiative_id)

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def set_roi_statement(store: Store, actor: Actor, initiative_id: int, statement: str, *,
                      expected_version: int, today: dt.date) -> Initiative:
    current = get(store, initiative_id)
    draft = InitiativeDraft(**{**current.draft().__dict__, "roi_statement": statement})
    return update(store, actor, initiative_id, draft, expected_version=expected_version, today=today)


def sprint_progress(initiative: Initiative, today: dt.date) -> float:
    """Share of the 90 days elapsed, clamped to 0..1 (for progress bars and status)."""
    return min(max(initiative.day(today), 0), SPRINT_DAYS) / SPRINT_DAYS


def former_names(store: Store) -> dict[str, int]:
    """Names initiatives had before a rename, from the audit log: {old name: initiative id}. Old links and
    bookmarks name initiatives by these (see `addresses.resolve`). A rename is rare; this is read only when an
    address names no current initiative."""
    import json

    rows = store.fetch_all("SELECT initiative_id, before_json FROM audit_log WHERE entity = 'initiative' "
                           "AND action = 'update' AND before_json LIKE '%\"name\"%' ORDER BY seq DESC")
    names: dict[str, int] = {}
    for initiative_id, before in rows:
        try:
            name = json.loads(before).get("name")
        except (TypeError, ValueError, AttributeError):
            continue
        if isinstance(name, str) and initiative_id is not None:
            names.setdefault(name, int(initiative_id))  # newest rename first: the latest holder of a name wins
    return names
