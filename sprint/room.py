"""The room contributes: the facilitator asks a question on a presenter screen, phones answer, the projector tallies
live, and the facilitator accepts the result into the step's data in one transaction.

One question open per initiative at a time. One answer per person per question, changed until the question
closes; the facilitator can hide an answer (kept, audited, left out of the tally and of what is accepted). Answers
are text and numbers only and are shown literally wherever they appear. Every write is audited.

Kinds (each tied to its step):
- `features` (Step 1): a feature of the pilot and what it saves, in $ a month or hours a week. Accepted answers
  join the feature list (the same name said twice is one feature: the middle of what people said), then rank and
  cut as usual; a name already on the list is left out and said so.
- `tools` (Step 3): a sheet, chat group or tool that really carries the work, what it does, and whether the person
  built it. Accepted tools join the shadow-IT inventory (the people who said they built one as its builders).
- `habits` (Step 3, about one design): how many habits the design asks the person to change (0, 1, 2, 3 or more)
  and, optionally, the one that changes most. Accepting keeps the room's spread and its middle answer as the
  design's habit check, and adds the habits named to the design's list.
- `checkin` (Step 4): on track, at risk or off track, and one blocker. Accepting logs the week's check-in: the
  status most people gave (a tie goes to the worse), the blockers with their names, the people who answered.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sprint.errors import NotFound, Problem, SprintError, ValidationError
from sprint.lists import cell_text
from sprint.permissions import Action, Actor
from sprint.steps import BY_SLUG
from sprint.steps.governance import store as governance_store
from sprint.steps.governance.rules import CHECKIN_TARGET_MINUTES
from sprint.steps.governance.store import Checkin, SecondMeetingThisWeek
from sprint.steps.scope import store as features
from sprint.store import Store, Transaction
from sprint.text_limits import one_line
from sprint.values import NotANumber

OPEN, CLOSED, ACCEPTED = "open", "closed", "accepted"
FEATURES, TOOLS, HABITS, CHECKIN = "features", "tools", "habits", "checkin"
TOOL_KINDS = ("Spreadsheet", "Chat group", "Other tool")
HABIT_COUNTS = ("0", "1", "2", "3+")  # stored as 0..3; 3 stands for three or more
CHECKIN_STATUSES = {"on track": "green", "at risk": "amber", "off track": "red"}  # -> Step 4's status
TOOL_MAX, SHORT_TEXT_MAX = 120, 300  # a tool's name; what it does, a habit, a blocker


@dataclass(frozen=True)
class Kind:
    key: str
    step_slug: str
    title: str  # what the facilitator's button and the projector say
    prompt: str  # what the phone asks

    @property
    def step_number(self) -> int:
        return BY_SLUG[self.step_slug].number


KINDS = {k.key: k for k in (
    Kind(FEATURES, "scope", "List the features",
         "A feature of the pilot, and what it saves: dollars a month or hours a week"),
    Kind(TOOLS, "workflow", "What do you really use",
         "A sheet, chat group or tool that really carries the work, beside the official process"),
    Kind(HABITS, "workflow", "Habit check",
         "How many of your habits would this design change?"),
    Kind(CHECKIN, "governance", "Check-in status",
         "This week: on track, at risk or off track? And one blocker, if there is one"),
)}


def kinds_of(step_slug: str) -> list[Kind]:
    return [k for k in KINDS.values() if k.step_slug == step_slug]


@dataclass(frozen=True)
class Question:
    id: int
    initiative_id: int
    kind: str
    status: str
    opened_by: str
    opened_at: dt.datetime
    subject: str  # the design a habit check asks about; '' for the other kinds

    @property
    def about(self) -> Kind:
        return KINDS[self.kind]

    @property
    def prompt(self) -> str:
        if self.kind == HABITS and self.subject:
            return f"How many of your habits would '{self.subject}' change?"
        return self.about.prompt


@dataclass(frozen=True)
class Answer:
    person: str
    values: dict
    hidden: bool
    answered_at: dt.datetime


class QuestionClosed(SprintError):
    pass


def _question(row) -> Question:
    return Question(*row)


_Q = "SELECT id, initiative_id, kind, status, opened_by, opened_at, subject FROM room_questions"


def latest(store: Store, initiative_id: int, kinds: str | Sequence[str] | None = None) -> Question | None:
    """The initiative's open question, else its most recent one (among `kinds`, if given)."""
    wanted = None if kinds is None else [kinds] if isinstance(kinds, str) else list(kinds)
    row = store.fetch_one(f"{_Q} WHERE initiative_id = ? AND (? IS NULL OR list_contains(?, kind)) "  # noqa: S608
                          "ORDER BY status = 'open' DESC, id DESC LIMIT 1", [initiative_id, wanted, wanted])
    return _question(row) if row else None


def get(store: Store, question_id: int) -> Question:
    row = store.fetch_one(f"{_Q} WHERE id = ?", [question_id])  # noqa: S608
    if not row:
        raise NotFound("That question is no longer there.")
    return _question(row)


def answers(store: Store, question_id: int) -> list[Answer]:
    return [Answer(r[0], json.loads(r[1]), bool(r[2]), r[3]) for r in store.fetch_all(
        "SELECT person, answer, hidden, answered_at FROM room_answers WHERE question_id = ? ORDER BY answered_at",
        [question_id])]


def open_question(store: Store, actor: Actor, initiative_id: int, kind: str, subject: str = "") -> int:
    """Ask the room; an earlier open question of this initiative closes. A habit check names its design."""
    if kind not in KINDS:
        raise ValidationError([Problem("kind", f"'{kind}' is not a room question.")])
    subject = one_line(subject)
    if kind == HABITS and not subject:
        raise ValidationError([Problem("design", "which design is the room checking? Name it first.")])
    if len(subject) > features.NAME_MAX:
        raise ValidationError([Problem("design", f"keep the design's name under {features.NAME_MAX} characters.")])

    def work(tx: Transaction) -> int:
        tx.execute("UPDATE room_questions SET status = ?, ended_by = ?, ended_at = ? WHERE initiative_id = ? "
                   "AND status = ?", [CLOSED, tx.actor.name, tx.now, initiative_id, OPEN])
        new_id = tx.execute("INSERT INTO room_questions (initiative_id, kind, status, opened_by, opened_at, subject) "
                            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                            [initiative_id, kind, OPEN, tx.actor.name, tx.now, subject if kind == HABITS else ""]
                            ).fetchone()[0]
        tx.audit(action="create", entity="room question", entity_id=new_id, initiative_id=initiative_id,
                 summary=f"Asked the room: {KINDS[kind].title}" + (f" ('{subject}')" if kind == HABITS else ""),
                 after={"kind": kind, **({"design": subject} if kind == HABITS else {})})
        return new_id

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def _short(raw: object, field: str, label: str, problems: list[Problem], *, required: str = "",
           limit: int = SHORT_TEXT_MAX) -> str:
    value = one_line(cell_text(raw))
    if not value and required:
        problems.append(Problem(field, required))
    elif len(value) > limit:
        problems.append(Problem(field, f"{label}: keep it under {limit} characters."))
    return value


def _feature_answer(raw: Mapping[str, object], problems: list[Problem]) -> dict:
    name = one_line(cell_text(raw.get("feature")))
    wrong = features.name_problem(name)
    if wrong:
        problems.append(Problem("feature", wrong))
    numbers = {}
    for field, label in (("dollars", "$ a month"), ("hours", "hours a week")):
        try:
            numbers[field] = features.amount(raw.get(field))
        except NotANumber as exc:
            problems.append(Problem(field, f"{label}: {exc}."))
    if not problems and not (numbers["dollars"] or numbers["hours"]):
        problems.append(Problem("dollars", "say what it saves: dollars a month, hours a week, or both."))
    return {"feature": name, **numbers}


def _tool_answer(raw: Mapping[str, object], problems: list[Problem]) -> dict:
    tool = _short(raw.get("tool"), "tool", "The tool", problems, limit=TOOL_MAX,
                  required="name the sheet, chat group or tool (e.g. 'Deals approval WhatsApp group').")
    kind = cell_text(raw.get("kind"))
    if kind not in TOOL_KINDS:
        problems.append(Problem("kind", "choose what it is: " + ", ".join(k.lower() for k in TOOL_KINDS) + "."))
    solves = _short(raw.get("solves"), "solves", "What it does", problems)
    return {"tool": tool, "kind": kind, "solves": solves, "built": raw.get("built") is True}


def _habit_answer(raw: Mapping[str, object], problems: list[Problem]) -> dict:
    said = cell_text(raw.get("count"))
    count = HABIT_COUNTS.index(said) if said in HABIT_COUNTS else None
    if count is None and said in ("3", "4", "5", "6", "7", "8", "9"):
        count = 3
    if count is None:
        problems.append(Problem("count", "choose how many habits change: 0, 1, 2 or 3+."))
    habit = _short(raw.get("habit"), "habit", "The habit", problems)
    return {"count": count, "habit": habit}


def _checkin_answer(raw: Mapping[str, object], problems: list[Problem]) -> dict:
    status = cell_text(raw.get("status")).lower()
    if status not in CHECKIN_STATUSES:
        problems.append(Problem("status", "choose on track, at risk or off track."))
    blocker = _short(raw.get("blocker"), "blocker", "The blocker", problems)
    return {"status": status, "blocker": blocker}


_CLEANERS: dict[str, Callable[[Mapping[str, object], list[Problem]], dict]] = {
    FEATURES: _feature_answer, TOOLS: _tool_answer, HABITS: _habit_answer, CHECKIN: _checkin_answer}


def clean_answer(kind: str, raw: Mapping[str, object]) -> dict:
    """The answer's fields, checked: every problem named, nothing stored until all are right."""
    if kind not in _CLEANERS:
        raise ValidationError([Problem("kind", f"'{kind}' is not a room question.")])
    problems: list[Problem] = []
    values = _CLEANERS[kind](raw, problems)
    if problems:
        raise ValidationError(problems)
    return values


def answer(store: Store, actor: Actor, question_id: int, raw: Mapping[str, object]) -> None:
    """This person's answer (replacing their earlier one) while the question is open."""

    def work(tx: Transaction) -> None:
        row = tx.execute(f"{_Q} WHERE id = ?", [question_id]).fetchone()  # noqa: S608
        if not row:
            raise NotFound("That question is no longer there.")
        question = _question(row)
        if question.status != OPEN:
            raise QuestionClosed("The facilitator has closed this question: your answer was not saved.")
        values = clean_answer(question.kind, raw)
        before = tx.execute("SELECT answer FROM room_answers WHERE question_id = ? AND person = ?",
                            [question_id, tx.actor.name]).fetchone()
        tx.execute("INSERT OR REPLACE INTO room_answers (question_id, person, answer, hidden, answered_at) "
                   "VALUES (?, ?, ?, false, ?)", [question_id, tx.actor.name, json.dumps(values), tx.now])
        tx.audit(action="update" if before else "create", entity="room answer", entity_id=question_id,
                 initiative_id=question.initiative_id,
                 summary=f"Answered the room's question '{question.about.title}'",
                 before=json.loads(before[0]) if before else None, after=values)

    store.write(actor, Action.ANSWER_ROOM, work)


def hide(store: Store, actor: Actor, question_id: int, person: str, hidden: bool = True) -> None:
    question = get(store, question_id)

    def work(tx: Transaction) -> None:
        found = tx.execute("UPDATE room_answers SET hidden = ? WHERE question_id = ? AND person = ? RETURNING person",
                           [hidden, question_id, person]).fetchone()
        if not found:
            raise NotFound(f"{person} has no answer to this question.")
        tx.audit(action="update", entity="room answer", entity_id=question_id, initiative_id=question.initiative_id,
                 summary=f"{'Hid' if hidden else 'Showed again'} {person}'s answer", after={"hidden": hidden})

    store.write(actor, Action.MANAGE_INITIATIVES, work)


def close(store: Store, actor: Actor, question_id: int) -> None:
    question = get(store, question_id)

    def work(tx: Transaction) -> None:
        if not tx.execute("UPDATE room_questions SET status = ?, ended_by = ?, ended_at = ? WHERE id = ? AND "
                          "status = ? RETURNING id", [CLOSED, tx.actor.name, tx.now, question_id, OPEN]).fetchone():
            tx.nothing_changed()
            return
        tx.audit(action="update", entity="room question", entity_id=question_id,
                 initiative_id=question.initiative_id, summary=f"Closed the room's question '{question.about.title}'")

    store.write(actor, Action.MANAGE_INITIATIVES, work)


# --- Tallies: what the projector shows and what accepting stores, from the visible answers -------------------------

def _grouped(items: Sequence[Answer], field: str) -> list[list[Answer]]:
    """Visible answers grouped by `field` (the same text in any case is one), in the order first said."""
    groups: dict[str, list[Answer]] = {}
    for a in items:
        if not a.hidden:
            groups.setdefault(a.values[field].casefold(), []).append(a)
    return list(groups.values())


@dataclass(frozen=True)
class FeatureTally:
    name: str
    dollars: float  # the middle of what people said
    hours: float
    people: tuple[str, ...]


def tally_features(items: Sequence[Answer]) -> list[FeatureTally]:
    """The visible answers, one line per feature (the same name, any case, said twice is one), most named first."""
    out = [FeatureTally(_spelling([a.values["feature"] for a in group]),
                        statistics.median(a.values["dollars"] for a in group),
                        statistics.median(a.values["hours"] for a in group), tuple(a.person for a in group))
           for group in _grouped(items, "feature")]
    return sorted(out, key=lambda t: (-len(t.people), -t.dollars, t.name.casefold()))


@dataclass(frozen=True)
class ToolTally:
    name: str
    kind: str  # what most people called it
    solves: tuple[str, ...]  # what it does for them, each said once
    builders: tuple[str, ...]  # the people who said they built or keep it
    people: tuple[str, ...]


def tally_tools(items: Sequence[Answer]) -> list[ToolTally]:
    """One line per tool (the same name, any case, is one), most named first."""
    out = []
    for group in _grouped(items, "tool"):
        solves: dict[str, str] = {}
        for a in group:
            if a.values["solves"]:
                solves.setdefault(a.values["solves"].casefold(), a.values["solves"])
        out.append(ToolTally(_spelling([a.values["tool"] for a in group]), _spelling([a.values["kind"] for a in group]),
                             tuple(solves.values()), tuple(a.person for a in group if a.values["built"]),
                             tuple(a.person for a in group)))
    return sorted(out, key=lambda t: (-len(t.people), t.name.casefold()))


@dataclass(frozen=True)
class HabitTally:
    said: tuple[int, int, int, int]  # how many people said 0, 1, 2, 3+
    middle: int | None  # the middle answer (the lower of two middles), None with no answers
    habits: tuple[tuple[str, tuple[str, ...]], ...]  # each habit named, with who named it, most named first

    @property
    def people(self) -> int:
        return sum(self.said)


def tally_habits(items: Sequence[Answer]) -> HabitTally:
    visible = [a for a in items if not a.hidden]
    said = [0, 0, 0, 0]
    for a in visible:
        said[a.values["count"]] += 1
    named = sorted(((_spelling([a.values["habit"] for a in g]), tuple(a.person for a in g))
                    for g in _grouped([a for a in visible if a.values["habit"]], "habit")),
                   key=lambda h: (-len(h[1]), h[0].casefold()))
    middle = statistics.median_low(a.values["count"] for a in visible) if visible else None
    return HabitTally((said[0], said[1], said[2], said[3]), middle, tuple(named))


def habit_count_text(count: int) -> str:
    return HABIT_COUNTS[count]


@dataclass(frozen=True)
class CheckinTally:
    said: dict[str, int]  # on track / at risk / off track -> how many people
    status: str | None  # the one most said; a tie goes to the worse
    blockers: tuple[tuple[str, str], ...]  # (person, blocker), in the order said
    people: tuple[str, ...]


def tally_checkin(items: Sequence[Answer]) -> CheckinTally:
    visible = [a for a in items if not a.hidden]
    said = {s: sum(a.values["status"] == s for a in visible) for s in CHECKIN_STATUSES}
    order = list(CHECKIN_STATUSES)
    status = max(order, key=lambda s: (said[s], order.index(s))) if visible else None
    return CheckinTally(said, status, tuple((a.person, a.values["blocker"]) for a in visible if a.values["blocker"]),
                        tuple(a.person for a in visible))


def _spelling(names: Sequence[str]) -> str:
    """The way most people wrote it; on a tie, the one with capitals (a name written with care), then the first."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda n: (counts[n], sum(c.isupper() for c in n), -names.index(n)))


# --- Accepting: the room's result into the step's data, in one transaction -------------------------------------

@dataclass(frozen=True)
class Accepted:
    added: tuple[str, ...]
    already_listed: tuple[str, ...]
    said: str  # what happened, in one sentence for the facilitator


def would_be_second_checkin(store: Store, initiative_id: int, today: dt.date) -> list[Checkin]:
    """The check-ins already logged this week: accepting a check-in question then logs a second meeting."""
    return governance_store.same_week_as(governance_store.list_checkins(store, initiative_id), today)


def accept(store: Store, actor: Actor, question_id: int, *, today: dt.date | None = None,
           second_meeting: bool = False, minutes: object = CHECKIN_TARGET_MINUTES) -> Accepted:
    """Put the room's visible answers into the step's data, close the question and mark it accepted: one
    transaction, so the step never holds half of it. A check-in is dated `today` and lasted `minutes` (the
    facilitator says; the roadmap's 15 unless changed); when the week already has one, it is logged only with
    `second_meeting` (else SecondMeetingThisWeek, nothing written)."""
    question = get(store, question_id)
    if question.kind == CHECKIN:
        if today is None:
            raise ValueError("a check-in question is accepted as of a day")
        minutes = governance_store.checked_minutes(minutes)
        same_week = would_be_second_checkin(store, question.initiative_id, today)
        if same_week and not second_meeting:
            raise SecondMeetingThisWeek(governance_store.second_meeting_question(same_week))

    def work(tx: Transaction) -> Accepted:
        status = tx.execute("SELECT status FROM room_questions WHERE id = ?", [question_id]).fetchone()[0]
        if status == ACCEPTED:
            raise QuestionClosed("This question's answers were already accepted.")
        rows = tx.execute("SELECT person, answer, hidden, answered_at FROM room_answers WHERE question_id = ? "
                          "ORDER BY answered_at", [question_id]).fetchall()
        items = [Answer(r[0], json.loads(r[1]), bool(r[2]), r[3]) for r in rows]
        if not any(not a.hidden for a in items):
            raise ValidationError([Problem("answers", "nobody has answered yet (or every answer is hidden).")])
        result = _ACCEPTORS[question.kind](tx, question, items, today, minutes)
        tx.execute("UPDATE room_questions SET status = ?, ended_by = ?, ended_at = ? WHERE id = ?",
                   [ACCEPTED, tx.actor.name, tx.now, question_id])
        tx.audit(action="update", entity="room question", entity_id=question_id,
                 initiative_id=question.initiative_id,
                 summary=f"Accepted the room's answers to '{question.about.title}': {result.said}",
                 after={"added": list(result.added), "already listed": list(result.already_listed)})
        return result

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def _counted(added: Sequence[str], skipped: Sequence[str], what: str) -> str:
    return f"{len(added)} added to {what}" + (f", {len(skipped)} already listed" if skipped else "")


def _accept_features(tx: Transaction, question: Question, items: list[Answer], today, minutes) -> Accepted:
    current = features.list_features_in(tx, question.initiative_id)
    listed = {f.name.casefold() for f in current}
    position = max((f.position for f in current), default=0)
    added, skipped = [], []
    for t in tally_features(items):
        if t.name.casefold() in listed:
            skipped.append(t.name)
            continue
        position += 1
        values = {"name": t.name, "dollars_per_month": float(t.dollars), "hours_per_week": float(t.hours),
                  "volume_share": 0.0, "effort": "", "notes": "From the room: " + ", ".join(t.people),
                  "score": None}
        features.add_in(tx, question.initiative_id, values, position=position,
                        after_cut=any(f.phase for f in current),
                        summary=f"Added feature '{t.name}' from the room ({', '.join(t.people)})")
        added.append(t.name)
    return Accepted(tuple(added), tuple(skipped), _counted(added, skipped, "the feature list"))


def _accept_tools(tx: Transaction, question: Question, items: list[Answer], today, minutes) -> Accepted:
    current = tx.execute("SELECT tool, position FROM shadow_it WHERE initiative_id = ?",
                         [question.initiative_id]).fetchall()
    listed = {r[0].casefold() for r in current}
    position = max((r[1] for r in current), default=0)
    added, skipped, rows = [], [], []
    for t in tally_tools(items):
        if t.name.casefold() in listed:
            skipped.append(t.name)
            continue
        position += 1
        rows.append({"tool": t.name, "kind": t.kind, "builder": ", ".join(t.builders), "solves": "; ".join(t.solves),
                     "named by": ", ".join(t.people)})
        tx.execute("INSERT INTO shadow_it VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [question.initiative_id, position, t.name, t.kind, ", ".join(t.builders), "; ".join(t.solves),
                    False])
        added.append(t.name)
    if rows:
        tx.audit(action="update", entity="shadow-IT inventory", entity_id=question.initiative_id,
                 initiative_id=question.initiative_id,
                 summary=f"Added {len(rows)} tool{'s' if len(rows) != 1 else ''} to the shadow-IT inventory from the "
                         "room", after={"added": rows})
    return Accepted(tuple(added), tuple(skipped), _counted(added, skipped, "the shadow-IT inventory"))


def _accept_habits(tx: Transaction, question: Question, items: list[Answer], today, minutes) -> Accepted:
    tally = tally_habits(items)
    design = question.subject
    before = tx.execute("SELECT habits, said_0, said_1, said_2, said_3_plus FROM habit_checks WHERE initiative_id = ? "
                        "AND design = ?", [question.initiative_id, design]).fetchone()
    tx.execute("INSERT OR REPLACE INTO habit_checks VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               [question.initiative_id, design, tally.middle, *tally.said, tx.actor.name, tx.now])
    listed = tx.execute("SELECT habit FROM habit_changes WHERE initiative_id = ? AND design = ?",
                        [question.initiative_id, design]).fetchall()
    known = {r[0].casefold() for r in listed}
    position = tx.execute("SELECT coalesce(max(position), 0) FROM habit_changes WHERE initiative_id = ?",
                          [question.initiative_id]).fetchone()[0]
    added, skipped = [], []
    for habit, _people in tally.habits:
        if habit.casefold() in known:
            skipped.append(habit)
            continue
        position += 1
        tx.execute("INSERT INTO habit_changes VALUES (?, ?, ?, ?)", [question.initiative_id, position, design, habit])
        added.append(habit)
    spread = dict(zip(HABIT_COUNTS, tally.said, strict=True))
    said = (f"'{design}' changes {habit_count_text(tally.middle)} habit{'s' if tally.middle != 1 else ''} "
            f"(the middle of {tally.people} answers)" + (f"; {_counted(added, skipped, 'its habit list')}"
                                                          if added or skipped else ""))
    tx.audit(action="update" if before else "create", entity="habit check", entity_id=design,
             initiative_id=question.initiative_id, summary=f"The room's habit check: {said}",
             before=dict(zip(("habits", *HABIT_COUNTS), before, strict=True)) if before else None,
             after={"habits": tally.middle, **spread, "habits named": added})
    return Accepted(tuple(added), tuple(skipped), said)


def _accept_checkin(tx: Transaction, question: Question, items: list[Answer], today: dt.date,
                    minutes: float) -> Accepted:
    tally = tally_checkin(items)
    counts = ", ".join(f"{n} {s}" for s, n in tally.said.items() if n)
    checkin = Checkin(today, float(minutes), ", ".join(tally.people), CHECKIN_STATUSES[tally.status],
                      f"The room's status: {counts}.", "\n".join(f"{p}: {b}" for p, b in tally.blockers), False)
    said = (f"the {today:%d %b} check-in logged {CHECKIN_STATUSES[tally.status]} ({tally.status}: {counts}; "
            f"{len(tally.blockers)} blocker{'s' if len(tally.blockers) != 1 else ''})")
    governance_store.insert_checkin(tx, question.initiative_id, checkin,
                                    summary=f"Logged the {today:%d %b} check-in from the room "
                                            f"({checkin.status}, {minutes:g} min, {len(tally.people)} people)")
    return Accepted((), (), said)


_ACCEPTORS = {FEATURES: _accept_features, TOOLS: _accept_tools, HABITS: _accept_habits, CHECKIN: _accept_checkin}


HABIT_CHECK_COLUMNS = "design, habits, said_0, said_1, said_2, said_3_plus, checked_by, checked_at"


def habit_checks(store: Store, initiative_id: int) -> dict[str, HabitCheck]:
    """The room's last accepted habit check of each design."""
    return habit_checks_from(store.fetch_all(f"SELECT {HABIT_CHECK_COLUMNS} FROM habit_checks "  # noqa: S608
                                             "WHERE initiative_id = ? ORDER BY design", [initiative_id]))


def habit_checks_from(rows) -> dict[str, HabitCheck]:
    return {r[0]: HabitCheck(r[1], tuple(r[2:6]), r[6], r[7]) for r in rows}


@dataclass(frozen=True)
class HabitCheck:
    habits: int  # the room's middle answer; 3 stands for three or more
    said: tuple[int, int, int, int]
    checked_by: str
    checked_at: dt.datetime

    @property
    def people(self) -> str:
        n = sum(self.said)
        return f"{n} {'person' if n == 1 else 'people'}"

    def spread(self) -> str:
        return " · ".join(f"{label}: {n}" for label, n in zip(HABIT_COUNTS, self.said, strict=True))
