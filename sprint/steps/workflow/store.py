"""Step 3 storage: shadow sessions, the workflow steps, habit changes per design, the shadow-IT inventory
and weekly adoption. Checked here, audited, facilitators only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from sprint import sql
from sprint.errors import Problem, ValidationError
from sprint.initiatives import Initiative
from sprint.lists import cell_text, replace_list, ticked, typed_rows
from sprint.permissions import Action, Actor
from sprint.steps.governance.rules import week_start
from sprint.steps.workflow.rules import AI_TOUCHES, Step
from sprint.store import Store, Transaction
from sprint.values import NotANumber, parse_share, parse_value


@dataclass(frozen=True)
class Session:
    held_on: dt.date
    person_role: str
    team: str
    hours: float
    notes: str


def list_sessions(store: Store, initiative_id: int) -> list[Session]:
    return [Session(*r) for r in store.fetch_all(
        "SELECT held_on, person_role, team, hours, notes FROM shadow_sessions WHERE initiative_id = ? "
        "ORDER BY held_on", [initiative_id])]


def add_session(store: Store, actor: Actor, initiative: Initiative, session: Session, *, today: dt.date) -> None:
    problems = []
    if not isinstance(session.held_on, dt.date) or session.held_on > today:
        problems.append(Problem("held_on", "a shadow session can't be dated in the future."))
    if not session.person_role.strip():
        problems.append(Problem("person_role", "say whose day you shadowed (their role)."))
    if session.hours is None or session.hours != session.hours or not 0 < session.hours <= 24:
        problems.append(Problem("hours", "how long? Between 0 and 24 hours (the roadmap: half a day)."))
    if problems:
        raise ValidationError(problems)

    def work(tx: Transaction) -> None:
        tx.execute("INSERT INTO shadow_sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [initiative.id, session.held_on, session.person_role.strip(), session.team.strip(), session.hours,
                    session.notes.strip(), tx.actor.name, tx.now])
        tx.audit(action="create", entity="shadow session", entity_id=None, initiative_id=initiative.id,
                 summary=f"Shadowed a {session.person_role.strip()} on {session.held_on:%d %b}", after=asdict(session))

    store.write(actor, Action.MANAGE_INITIATIVES, work)


def list_steps(store: Store, initiative_id: int) -> list[Step]:
    return [Step(*r) for r in store.fetch_all(
        "SELECT actor, system, official, minutes, pain_points, ai_touch, activity FROM workflow_steps WHERE initiative_id = ? "
        "ORDER BY position", [initiative_id])]


# A new table row starts with these filled in; a row holding only them was never typed in.
STEP_DEFAULTS = {"official": True, "ai_touch": "none"}


def clean_steps(rows: Sequence[Mapping[str, object]]) -> list[Step]:
    problems, steps = [], []
    for n, row in typed_rows(rows, STEP_DEFAULTS):
        actor, system = cell_text(row.get("actor")), cell_text(row.get("system"))
        if not actor:
            problems.append(Problem("Who does it", "say who does this step (a role).", row=n))
        if not system:
            problems.append(Problem("System or tool", "say what they use (CRM, email, Excel, WhatsApp, paper...).",
                                    row=n))
        try:
            parsed = parse_value(row.get("minutes"))
            minutes = 0.0 if parsed is None else parsed.value
        except NotANumber as exc:
            problems.append(Problem("Minutes", f"{exc}.", row=n))
            minutes = 0.0
        if minutes < 0:
            problems.append(Problem("Minutes", "can't be negative.", row=n))
        touch = cell_text(row.get("ai_touch")).lower() or "none"
        if touch not in AI_TOUCHES:
            problems.append(Problem("AI", f"'{touch}' is not one of {', '.join(AI_TOUCHES)}.", row=n))
        steps.append(Step(actor, system, ticked(row.get("official"), True), minutes, cell_text(row.get("pain_points")),
                          touch, cell_text(row.get("activity"))))
    if problems:
        raise ValidationError(problems)
    return steps


def save_steps(store: Store, actor: Actor, initiative_id: int, rows: Sequence[Mapping[str, object]],
               shown: Sequence[Step]) -> list[Step]:
    steps = clean_steps(rows)
    return replace_list(store, actor, initiative_id, "workflow_steps", "workflow", steps, shown,
                        lambda n, s: [initiative_id, n, *asdict(s).values()], list_steps)


def habits(store: Store, initiative_id: int) -> list[tuple[str, str]]:
    return [tuple(r) for r in store.fetch_all("SELECT design, habit FROM habit_changes WHERE initiative_id = ? "
                                              "ORDER BY position", [initiative_id])]


def habits_by_design(items: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for design, habit in items:
        out.setdefault(design, []).append(habit)
    return out


def save_habits(store: Store, actor: Actor, initiative_id: int, rows: Sequence[Mapping[str, object]],
                shown: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    items, problems = [], []
    for n, row in typed_rows(rows):
        design, habit = cell_text(row.get("design")), cell_text(row.get("habit"))
        if not design:
            problems.append(Problem("Design", "which design asks for this change?", row=n))
        if not habit:
            problems.append(Problem("Habit it changes", "say what people would have to do differently.", row=n))
        items.append((design, habit))
    if problems:
        raise ValidationError(problems)
    return replace_list(store, actor, initiative_id, "habit_changes", "habit changes", items, shown,
                        lambda n, h: [initiative_id, n, h[0], h[1]], habits)


@dataclass(frozen=True)
class ShadowTool:
    tool: str
    kind: str
    builder: str
    solves: str
    builder_involved: bool


def shadow_tools(store: Store, initiative_id: int) -> list[ShadowTool]:
    return [ShadowTool(*r) for r in store.fetch_all(
        "SELECT tool, kind, builder, solves, builder_involved FROM shadow_it WHERE initiative_id = ? ORDER BY position",
        [initiative_id])]


def save_shadow_tools(store: Store, actor: Actor, initiative_id: int, rows: Sequence[Mapping[str, object]],
                      shown: Sequence[ShadowTool]) -> list[ShadowTool]:
    items, problems = [], []
    for n, row in typed_rows(rows):
        tool = cell_text(row.get("tool"))
        if not tool:
            problems.append(Problem("Tool", "name the tool (e.g. 'Pipeline macro in Excel').", row=n))
        items.append(ShadowTool(tool, cell_text(row.get("kind")), cell_text(row.get("builder")), cell_text(row.get("solves")),
                                ticked(row.get("builder_involved"), False)))
    if problems:
        raise ValidationError(problems)
    return replace_list(store, actor, initiative_id, "shadow_it", "shadow-IT inventory", items, shown,
                        lambda n, t: [initiative_id, n, *asdict(t).values()], shadow_tools)


def adoption(store: Store, initiative_id: int) -> list[tuple[dt.date, float]]:
    return [tuple(r) for r in store.fetch_all("SELECT week_of, share FROM adoption WHERE initiative_id = ? "
                                              "ORDER BY week_of", [initiative_id])]


def record_adoption(store: Store, actor: Actor, initiative_id: int, day: dt.date, share: object, *,
                    today: dt.date) -> None:
    """The share of target users actively using the AI in the week holding `day` (replaces that week's)."""
    problems = []
    try:
        value = parse_share(share, "target users")
    except NotANumber as exc:
        problems.append(Problem("share", f"{exc}."))
    if day > today:
        problems.append(Problem("week", "that week hasn't happened yet."))
    if problems:
        raise ValidationError(problems)
    week = week_start(day)

    def work(tx: Transaction) -> None:
        before = tx.execute("SELECT share FROM adoption WHERE initiative_id = ? AND week_of = ?",
                            [initiative_id, week]).fetchone()
        tx.execute(sql.upsert("adoption", ("initiative_id", "week_of"), ("initiative_id", "week_of", "share")),
                   [initiative_id, week, value])
        tx.audit(action="update" if before else "create", entity="adoption", entity_id=week.isoformat(),
                 initiative_id=initiative_id, summary=f"Adoption in the week of {week:%d %b}: {value:g}%",
                 before={"share": before[0]} if before else None, after={"share": value})

    store.write(actor, Action.MANAGE_INITIATIVES, work)


def choose_design(store: Store, actor: Actor, initiative: Initiative, design: str) -> None:
    def work(tx: Transaction) -> None:
        tx.execute("UPDATE initiatives SET chosen_design = ?, version = version + 1, updated_by = ?, updated_at = ? "
                   "WHERE id = ?", [design, tx.actor.name, tx.now, initiative.id])
        tx.audit(action="update", entity="initiative", entity_id=initiative.id, initiative_id=initiative.id,
                 summary=f"Chose the design '{design}'", before={"chosen_design": initiative.chosen_design},
                 after={"chosen_design": design})

    store.write(actor, Action.MANAGE_INITIATIVES, work)
