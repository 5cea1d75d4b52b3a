"""Accepting the room's answers into the step's data, in one transaction with the question marked accepted: the
feature list, the shadow-IT inventory, the design's habit check (kept here: `habit_checks`), the week's check-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sprint import sql
from sprint.errors import Problem, ValidationError
from sprint.permissions import Action, Actor
from sprint.room.questions import (
    ACCEPTED,
    ANSWERS,
    CHECKIN,
    CHECKIN_STATUSES,
    FEATURES,
    HABIT_COUNTS,
    HABITS,
    TOOLS,
    Answer,
    Question,
    QuestionClosed,
    answer_from,
    get,
)
from sprint.room.tallies import habit_count_text, tally_checkin, tally_features, tally_habits, tally_tools
from sprint.steps.governance import store as governance_store
from sprint.steps.governance.rules import CHECKIN_TARGET_MINUTES
from sprint.steps.governance.store import Checkin, SecondMeetingThisWeek
from sprint.steps.scope import store as features
from sprint.store import Store, Transaction


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
        items = [answer_from(r) for r in tx.execute(ANSWERS, [question_id]).fetchall()]
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
    tx.execute(sql.upsert("habit_checks", ("initiative_id", "design"),
                          ("initiative_id", *HABIT_CHECK_COLUMNS.split(", "))),
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
