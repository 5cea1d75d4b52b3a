"""Step 4 storage: the crawl-walk-run checklists, weekly check-ins, the escalation path, the core rules and
the vendor exit checklist. Every change is checked here and audited; facilitators only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from sprint import sql
from sprint.errors import Problem, SprintError, ValidationError
from sprint.initiatives import Initiative
from sprint.lists import cell_text, replace_list, typed_rows
from sprint.permissions import Action, Actor
from sprint.steps.governance import rules as governance
from sprint.steps.governance.rules import DEFAULT_CHECKLIST, PHASES, STATUSES, Level
from sprint.store import Store, Transaction
from sprint.values import NotANumber, parse_value


@dataclass(frozen=True)
class CheckItem:
    phase: str
    label: str
    custom: bool
    done: bool
    done_by: str | None
    done_at: dt.datetime | None


def checklist(store: Store, initiative_id: int) -> list[CheckItem]:
    """The roadmap's items for each phase, then the initiative's own, with who ticked them and when."""
    return checklist_from(store.fetch_all(f"SELECT {CHECK_COLUMNS} FROM governance_checks "  # noqa: S608
                                          "WHERE initiative_id = ?", [initiative_id]))


CHECK_COLUMNS = "phase, label, custom, done, done_by, done_at, position"


def checklist_from(rows) -> list[CheckItem]:
    """The checklist from the stored rows of CHECK_COLUMNS (the roadmap's items are there even when unticked)."""
    stored = {(p, label): (custom, done, by, at, pos) for p, label, custom, done, by, at, pos in rows}
    items = []
    for phase in PHASES:
        for label in DEFAULT_CHECKLIST[phase]:
            _, done, by, at, _ = stored.get((phase, label), (False, False, None, None, 0))
            items.append(CheckItem(phase, label, False, done, by, at))
        own = sorted((v[4], label, v) for (p, label), v in stored.items() if p == phase and v[0])
        items += [CheckItem(phase, label, True, v[1], v[2], v[3]) for _, label, v in own]
    return items


def _check_phase(phase: str) -> None:
    if phase not in PHASES:
        raise ValidationError([Problem("phase", f"'{phase}' is not a phase; use crawl, walk or run.")])


def tick(store: Store, actor: Actor, initiative_id: int, phase: str, label: str, done: bool) -> None:
    _check_phase(phase)
    known = {(i.phase, i.label): i for i in checklist(store, initiative_id)}
    if (phase, label) not in known:
        raise ValidationError([Problem("item", f"'{label}' is not on the {phase} checklist.")])

    def work(tx: Transaction) -> None:
        item = known[(phase, label)]
        tx.execute(sql.upsert("governance_checks", ("initiative_id", "phase", "label"),
                              ("initiative_id", "phase", "label", "custom", "done", "done_by", "done_at", "position"),
                              "VALUES (?, ?, ?, ?, ?, ?, ?, 0)", keep=("position",)),  # a listed item keeps its place
                   [initiative_id, phase, label, item.custom, done, tx.actor.name if done else None,
                    tx.now if done else None])
        tx.audit(action="tick" if done else "untick", entity="governance item", entity_id=f"{phase}: {label}",
                 initiative_id=initiative_id, summary=f"{'Ticked' if done else 'Unticked'} '{label}' ({phase})",
                 before={"done": item.done}, after={"done": done})

    store.write(actor, Action.MANAGE_INITIATIVES, work)


def add_item(store: Store, actor: Actor, initiative_id: int, phase: str, label: str) -> None:
    _check_phase(phase)
    label = " ".join(str(label or "").split())
    if not label:
        raise ValidationError([Problem("item", "describe the item, e.g. 'Privacy review before each release'.")])
    if any(i.phase == phase and i.label.casefold() == label.casefold() for i in checklist(store, initiative_id)):
        raise ValidationError([Problem("item", f"'{label}' is already on the {phase} checklist.")])

    def work(tx: Transaction) -> None:
        position = tx.execute("SELECT coalesce(max(position), 0) + 1 FROM governance_checks WHERE initiative_id = ?",
                              [initiative_id]).fetchone()[0]
        tx.execute("INSERT INTO governance_checks VALUES (?, ?, ?, true, false, NULL, NULL, ?)",
                   [initiative_id, phase, label, position])
        tx.audit(action="create", entity="governance item", entity_id=f"{phase}: {label}", initiative_id=initiative_id,
                 summary=f"Added '{label}' to the {phase} checklist", after={"phase": phase, "label": label})

    store.write(actor, Action.MANAGE_INITIATIVES, work)


@dataclass(frozen=True)
class Checkin:
    held_on: dt.date
    minutes: float
    attendees: str
    status: str
    decisions: str
    blockers: str
    escalated: bool


def minutes_problem(minutes: object) -> str | None:
    """What is wrong with a check-in's length in minutes, or None."""
    if minutes is None or not isinstance(minutes, int | float) or minutes != minutes or minutes <= 0:
        return "how long did it take? More than 0 minutes."
    if minutes > 24 * 60:
        return "that is longer than a day; check the number."
    return None


def checked_minutes(minutes: object) -> float:
    """A check-in's length as given, or ValidationError naming the field."""
    wrong = minutes_problem(minutes)
    if wrong:
        raise ValidationError([Problem("minutes", wrong)])
    return float(minutes)


class SecondMeetingThisWeek(SprintError):
    """A check-in already exists for that week: is this really a second meeting?"""


def list_checkins(store: Store, initiative_id: int) -> list[Checkin]:
    return [Checkin(*r) for r in store.fetch_all(
        "SELECT held_on, minutes, attendees, status, decisions, blockers, escalated FROM checkins "
        "WHERE initiative_id = ? ORDER BY held_on, id", [initiative_id])]


def log_checkin(store: Store, actor: Actor, initiative: Initiative, checkin: Checkin, *, today: dt.date,
                second_meeting: bool = False) -> None:
    problems = []
    if not isinstance(checkin.held_on, dt.date) or checkin.held_on > today:
        problems.append(Problem("held_on", "a check-in can't be dated in the future."))
    minutes = checkin.minutes
    wrong = minutes_problem(minutes)
    if wrong:
        problems.append(Problem("minutes", wrong))
    if checkin.status not in STATUSES:
        problems.append(Problem("status", "choose green, amber or red."))
    if problems:
        raise ValidationError(problems)
    same_week = same_week_as(list_checkins(store, initiative.id), checkin.held_on)
    if same_week and not second_meeting:
        raise SecondMeetingThisWeek(second_meeting_question(same_week))
    store.write(actor, Action.MANAGE_INITIATIVES, lambda tx: insert_checkin(tx, initiative.id, checkin))


def same_week_as(checkins: Sequence[Checkin], day: dt.date) -> list[Checkin]:
    """The check-ins held in the week of `day`."""
    return [c for c in checkins if governance.week_start(c.held_on) == governance.week_start(day)]


def second_meeting_question(same_week: Sequence[Checkin]) -> str:
    return (f"There is already a check-in on {same_week[0].held_on:%a %d %b}, the same week. "
            "Was this a second meeting? Confirm to log it too.")


def insert_checkin(tx: Transaction, initiative_id: int, checkin: Checkin, *, summary: str = "") -> None:
    """A checked check-in, written with its audit record inside `tx`."""
    record = {**asdict(checkin), "attendees": checkin.attendees.strip(), "decisions": checkin.decisions.strip(),
              "blockers": checkin.blockers.strip()}
    new_id = tx.execute("INSERT INTO checkins (initiative_id, held_on, minutes, attendees, status, decisions, "
                        "blockers, escalated, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        "RETURNING id", [initiative_id, *record.values(), tx.actor.name, tx.now]).fetchone()[0]
    tx.audit(action="create", entity="check-in", entity_id=new_id, initiative_id=initiative_id,
             summary=summary or (f"Logged the {checkin.held_on:%d %b} check-in ({checkin.status}, "
                                 f"{checkin.minutes:g} min)" + (", escalated" if checkin.escalated else "")),
             after=record)


def list_levels(store: Store, initiative_id: int) -> list[Level]:
    return [Level(*r) for r in store.fetch_all("SELECT level, who, contact, trigger FROM escalation_levels "
                                               "WHERE initiative_id = ? ORDER BY level", [initiative_id])]


def list_rules(store: Store, initiative_id: int) -> list[tuple[str, str]]:
    return [tuple(r) for r in store.fetch_all("SELECT rule, trigger FROM core_rules WHERE initiative_id = ? "
                                              "ORDER BY position", [initiative_id])]


def save_levels(store: Store, actor: Actor, initiative_id: int, rows: Sequence[Mapping[str, object]],
                shown: Sequence[Level]) -> list[Level]:
    """Replace the escalation path with `rows` (in order: level 1 first). Every level needs who and how."""
    problems, levels = [], []
    for n, row in typed_rows(rows):
        who, contact, trigger = cell_text(row.get("who")), cell_text(row.get("contact")), cell_text(row.get("trigger"))
        if not who:
            problems.append(Problem("Who", "name who this level is.", row=n))
        if not contact:
            problems.append(Problem("How to reach them", "say how to reach them (phone, email, channel).", row=n))
        levels.append(Level(len(levels) + 1, who, contact, trigger))
    if problems:
        raise ValidationError(problems)
    return replace_list(store, actor, initiative_id, "escalation_levels", "escalation path", levels, shown,
                    lambda n, lv: [initiative_id, n, lv.who, lv.contact, lv.trigger], list_levels)


def save_rules(store: Store, actor: Actor, initiative_id: int, rows: Sequence[Mapping[str, object]],
               shown: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    typed = [(n, (cell_text(r.get("rule")), cell_text(r.get("trigger")))) for n, r in typed_rows(rows)]
    rules = [rule for _, rule in typed]
    problems = [Problem("Rule", "write the rule (the trigger alone isn't one).", row=n)
                for n, (rule, _) in typed if not rule]
    if problems:
        raise ValidationError(problems)
    return replace_list(store, actor, initiative_id, "core_rules", "core rules", rules, shown,
                    lambda n, rule: [initiative_id, n, rule[0], rule[1]], list_rules)


@dataclass(frozen=True)
class VendorExit:
    open_standards: bool = False
    documented: bool = False
    data_portable: bool = False
    pilot_price: float | None = None
    production_price: float | None = None
    exit_cost: float | None = None
    notes: str = ""


def vendor_exit(store: Store, initiative_id: int) -> VendorExit:
    row = store.fetch_one("SELECT open_standards, documented, data_portable, pilot_price, production_price, exit_cost, "
                          "notes FROM vendor_exit WHERE initiative_id = ?", [initiative_id])
    return VendorExit(*row) if row else VendorExit()


def save_vendor_exit(store: Store, actor: Actor, initiative_id: int, *, open_standards: bool, documented: bool,
                     data_portable: bool, pilot_price: object, production_price: object, exit_cost: object,
                     notes: str) -> VendorExit:
    problems, amounts = [], {}
    for field, raw in (("pilot_price", pilot_price), ("production_price", production_price), ("exit_cost", exit_cost)):
        try:
            parsed = parse_value(raw)
        except NotANumber as exc:
            problems.append(Problem(field, f"{exc}."))
            continue
        if parsed is not None and parsed.value < 0:
            problems.append(Problem(field, "can't be negative."))
        amounts[field] = None if parsed is None else parsed.value
    if problems:
        raise ValidationError(problems)
    new = VendorExit(bool(open_standards), bool(documented), bool(data_portable), **amounts, notes=str(notes or "").strip())

    def work(tx: Transaction) -> VendorExit:
        before = vendor_exit(store, initiative_id)
        if before == new:
            tx.nothing_changed()
            return new
        tx.execute(sql.upsert("vendor_exit", ("initiative_id",),
                              ("initiative_id", *asdict(new), "updated_by", "updated_at")),
                   [initiative_id, *asdict(new).values(), tx.actor.name, tx.now])
        tx.audit(action="update", entity="vendor exit", entity_id=initiative_id, initiative_id=initiative_id,
                 summary="Updated the vendor exit checklist", before=asdict(before), after=asdict(new))
        return new

    return store.write(actor, Action.MANAGE_INITIATIVES, work)
