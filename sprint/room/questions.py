"""The room's questions: the kinds (each tied to its step), asking one, answering it from a phone (checked by
field), hiding an answer, closing the question. One question open per initiative; one answer per person."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from sprint import sql
from sprint.errors import NotFound, Problem, SprintError, ValidationError
from sprint.lists import cell_text
from sprint.permissions import Action, Actor
from sprint.steps import BY_SLUG
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


def question_from(row) -> Question:
    return Question(*row)


QUESTIONS = "SELECT id, initiative_id, kind, status, opened_by, opened_at, subject FROM room_questions"


def latest(store: Store, initiative_id: int, kinds: str | Sequence[str] | None = None) -> Question | None:
    """The initiative's open question, else its most recent one (among `kinds`, if given)."""
    wanted = None if kinds is None else [kinds] if isinstance(kinds, str) else list(kinds)
    among = "" if wanted is None else " AND kind = ANY(?)"
    row = store.fetch_one(f"{QUESTIONS} WHERE initiative_id = ?{among} "  # noqa: S608
                          "ORDER BY status = 'open' DESC, id DESC LIMIT 1", [initiative_id, *([wanted] if among else [])])
    return question_from(row) if row else None


def get(store: Store, question_id: int) -> Question:
    row = store.fetch_one(f"{QUESTIONS} WHERE id = ?", [question_id])  # noqa: S608
    if not row:
        raise NotFound("That question is no longer there.")
    return question_from(row)


ANSWERS = "SELECT person, answer, hidden, answered_at FROM room_answers WHERE question_id = ? ORDER BY answered_at"


def answer_from(row) -> Answer:
    return Answer(row[0], json.loads(row[1]), bool(row[2]), row[3])


def answers(store: Store, question_id: int) -> list[Answer]:
    return [answer_from(r) for r in store.fetch_all(ANSWERS, [question_id])]


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
        row = tx.execute(f"{QUESTIONS} WHERE id = ?", [question_id]).fetchone()  # noqa: S608
        if not row:
            raise NotFound("That question is no longer there.")
        question = question_from(row)
        if question.status != OPEN:
            raise QuestionClosed("The facilitator has closed this question: your answer was not saved.")
        values = clean_answer(question.kind, raw)
        before = tx.execute("SELECT answer FROM room_answers WHERE question_id = ? AND person = ?",
                            [question_id, tx.actor.name]).fetchone()
        tx.execute(sql.upsert("room_answers", ("question_id", "person"),
                              ("question_id", "person", "answer", "hidden", "answered_at"), "VALUES (?, ?, ?, false, ?)"),
                   [question_id, tx.actor.name, json.dumps(values), tx.now])
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


