"""The room contributes: the facilitator asks a question on a presenter screen, phones answer, the projector tallies
live, and the facilitator accepts the result into the step's data in one transaction.

One question open per initiative at a time. One answer per person per question, changed until the question
closes; the facilitator can hide an answer (kept, audited, left out of the tally and of what is accepted). Answers
are text and numbers only and are shown literally wherever they appear. Every write is audited.

Kinds (each tied to its step):
- `features` (Step 1): a feature of the pilot and what it saves, in $ a month or hours a week. Accepted answers
  join the feature list (the same name said twice is one feature: the middle of what people said), then rank and
  cut as usual; a name already on the list is left out and said so.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sprint.errors import NotFound, Problem, SprintError, ValidationError
from sprint.lists import cell_text
from sprint.permissions import Action, Actor
from sprint.steps import BY_SLUG
from sprint.steps.scope import store as features
from sprint.store import Store, Transaction
from sprint.text_limits import one_line
from sprint.values import NotANumber

OPEN, CLOSED, ACCEPTED = "open", "closed", "accepted"
FEATURES = "features"


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
)}


@dataclass(frozen=True)
class Question:
    id: int
    initiative_id: int
    kind: str
    status: str
    opened_by: str
    opened_at: dt.datetime

    @property
    def about(self) -> Kind:
        return KINDS[self.kind]


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


_Q = "SELECT id, initiative_id, kind, status, opened_by, opened_at FROM room_questions"


def latest(store: Store, initiative_id: int, kind: str | None = None) -> Question | None:
    """The initiative's open question, else its most recent one (of `kind`, if given)."""
    row = store.fetch_one(f"{_Q} WHERE initiative_id = ? AND (? IS NULL OR kind = ?) "  # noqa: S608
                          "ORDER BY status = 'open' DESC, id DESC LIMIT 1", [initiative_id, kind, kind])
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


def open_question(store: Store, actor: Actor, initiative_id: int, kind: str) -> int:
    """Ask the room; an earlier open question of this initiative closes."""
    if kind not in KINDS:
        raise ValidationError([Problem("kind", f"'{kind}' is not a room question.")])

    def work(tx: Transaction) -> int:
        tx.execute("UPDATE room_questions SET status = ?, ended_by = ?, ended_at = ? WHERE initiative_id = ? "
                   "AND status = ?", [CLOSED, tx.actor.name, tx.now, initiative_id, OPEN])
        new_id = tx.execute("INSERT INTO room_questions (initiative_id, kind, status, opened_by, opened_at) "
                            "VALUES (?, ?, ?, ?, ?) RETURNING id",
                            [initiative_id, kind, OPEN, tx.actor.name, tx.now]).fetchone()[0]
        tx.audit(action="create", entity="room question", entity_id=new_id, initiative_id=initiative_id,
                 summary=f"Asked the room: {KINDS[kind].title}", after={"kind": kind})
        return new_id

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def clean_answer(kind: str, raw: Mapping[str, object]) -> dict:
    """The answer's fields, checked: every problem named, nothing stored until all are right."""
    problems: list[Problem] = []
    if kind == FEATURES:  # a feature as Step 1's list checks one
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
        if problems:
            raise ValidationError(problems)
        return {"feature": name, **numbers}
    raise ValidationError([Problem("kind", f"'{kind}' is not a room question.")])


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


@dataclass(frozen=True)
class FeatureTally:
    name: str
    dollars: float  # the middle of what people said
    hours: float
    people: tuple[str, ...]


def tally_features(items: Sequence[Answer]) -> list[FeatureTally]:
    """The visible answers, one line per feature (the same name, any case, said twice is one), most named first."""
    grouped: dict[str, list[Answer]] = {}
    for a in items:
        if not a.hidden:
            grouped.setdefault(a.values["feature"].casefold(), []).append(a)
    out = [FeatureTally(_spelling([a.values["feature"] for a in group]),
                        statistics.median(a.values["dollars"] for a in group),
                        statistics.median(a.values["hours"] for a in group), tuple(a.person for a in group))
           for group in grouped.values()]
    return sorted(out, key=lambda t: (-len(t.people), -t.dollars, t.name.casefold()))


def _spelling(names: Sequence[str]) -> str:
    """The way most people wrote it; on a tie, the one with capitals (a name written with care), then the first."""
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    return max(counts, key=lambda n: (counts[n], sum(c.isupper() for c in n), -names.index(n)))


@dataclass(frozen=True)
class Accepted:
    added: tuple[str, ...]
    already_listed: tuple[str, ...]


def accept(store: Store, actor: Actor, question_id: int) -> Accepted:
    """Put the room's visible answers into the step's data, close the question and mark it accepted: one
    transaction, so the list never holds half of it."""
    question = get(store, question_id)

    def work(tx: Transaction) -> Accepted:
        status = tx.execute("SELECT status FROM room_questions WHERE id = ?", [question_id]).fetchone()[0]
        if status == ACCEPTED:
            raise QuestionClosed("This question's answers were already accepted.")
        rows = tx.execute("SELECT person, answer, hidden, answered_at FROM room_answers WHERE question_id = ? "
                          "ORDER BY answered_at", [question_id]).fetchall()
        tally = tally_features([Answer(r[0], json.loads(r[1]), bool(r[2]), r[3]) for r in rows])
        if not tally:
            raise ValidationError([Problem("answers", "nobody has answered yet (or every answer is hidden).")])
        current = features.list_features_in(tx, question.initiative_id)
        listed = {f.name.casefold() for f in current}
        position = max((f.position for f in current), default=0)
        added, skipped = [], []
        for t in tally:
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
        tx.execute("UPDATE room_questions SET status = ?, ended_by = ?, ended_at = ? WHERE id = ?",
                   [ACCEPTED, tx.actor.name, tx.now, question_id])
        tx.audit(action="update", entity="room question", entity_id=question_id,
                 initiative_id=question.initiative_id,
                 summary=f"Accepted the room's answers to '{question.about.title}': {len(added)} added"
                         + (f", {len(skipped)} already listed" if skipped else ""),
                 after={"added": added, "already listed": skipped})
        return Accepted(tuple(added), tuple(skipped))

    return store.write(actor, Action.MANAGE_INITIATIVES, work)
