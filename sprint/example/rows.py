"""Writing the example sprint's rows: one helper per table, so every example initiative's story is data and the
SQL for a table is written once (used by `example` and `example_story`). Dates are given as days before the
load day, so the example always reads as current."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence

from sprint import sql
from sprint.steps.compliance import bias
from sprint.steps.compliance.rules import USES
from sprint.store import Transaction


def _insert(tx: Transaction, sql: str, rows: list[list]) -> None:
    if rows:  # an example part may leave a table empty
        tx.executemany(sql, rows)


def _ago(today: dt.date, days: int) -> dt.date:
    return today - dt.timedelta(days=days)


def features(tx: Transaction, initiative_id: int, rows: Sequence[tuple], core: int | None) -> None:
    """(name, $ saved per month, hours saved per week, share of volume %) in rank order; the first `core` are
    the core (None: no cut made yet)."""
    n = len(rows)
    tx.execute(
        "INSERT INTO features (initiative_id, name, dollars_per_month, hours_per_week, volume_share, phase, "
        "position, created_by, created_at, updated_by, updated_at) SELECT ?, "
        + sql.unnest(["VARCHAR", "DOUBLE PRECISION", "DOUBLE PRECISION", "DOUBLE PRECISION", "VARCHAR", "INTEGER"])
        + ", ?, ?, ?, ?",
        [initiative_id, [r[0] for r in rows], [float(r[1]) for r in rows], [float(r[2]) for r in rows],
         [float(r[3]) for r in rows], [None if core is None else ("core" if k < core else "phase 2") for k in range(n)],
         list(range(1, n + 1)), tx.actor.name, tx.now, tx.actor.name, tx.now])


def checkins(tx: Transaction, initiative_id: int, today: dt.date, attendees: str, rows: Sequence[tuple]) -> None:
    """(days ago, minutes, status, decisions, blockers, escalated)."""
    _insert(tx, "INSERT INTO checkins (initiative_id, held_on, minutes, attendees, status, decisions, blockers, "
                "escalated, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [[initiative_id, _ago(today, ago), minutes, attendees, status, decisions, blockers, escalated,
                     tx.actor.name, tx.now] for ago, minutes, status, decisions, blockers, escalated in rows])


def escalation_and_rules(tx: Transaction, initiative_id: int, levels: Sequence[tuple], rules: Sequence[tuple]) -> None:
    """Levels (who, contact, trigger) and core rules (rule, trigger for adding more), in order."""
    _insert(tx, "INSERT INTO escalation_levels VALUES (?, ?, ?, ?, ?)",
                   [[initiative_id, n, *level] for n, level in enumerate(levels, start=1)])
    _insert(tx, "INSERT INTO core_rules VALUES (?, ?, ?, ?)",
                   [[initiative_id, n, *rule] for n, rule in enumerate(rules, start=1)])


def day_in_the_life(tx: Transaction, initiative_id: int, today: dt.date, *, design: str, sessions: Sequence[tuple],
                    steps: Sequence[tuple], habits: Sequence[tuple], shadow_it: Sequence[tuple],
                    adoption: Sequence[float]) -> None:
    """Step 3: the chosen design; sessions (days ago, role, team, hours, notes); steps (who, system, official?,
    minutes, pain points, what the AI does, what happens); habits (design, habit); shadow IT (tool, kind, builder, solves,
    builder involved?); weekly adoption %, oldest first, ending this week."""
    if design:
        tx.execute("UPDATE initiatives SET chosen_design = ? WHERE id = ?", [design, initiative_id])
    _insert(tx, "INSERT INTO shadow_sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   [[initiative_id, _ago(today, ago), role, team, hours, notes, tx.actor.name, tx.now]
                    for ago, role, team, hours, notes in sessions])
    _insert(tx, "INSERT INTO workflow_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [[initiative_id, n, *row] for n, row in enumerate(steps, start=1)])
    _insert(tx, "INSERT INTO habit_changes VALUES (?, ?, ?, ?)",
                   [[initiative_id, n, *row] for n, row in enumerate(habits, start=1)])
    _insert(tx, "INSERT INTO shadow_it VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [[initiative_id, n, *row] for n, row in enumerate(shadow_it, start=1)])
    this_week = today - dt.timedelta(days=today.weekday())
    _insert(tx, "INSERT INTO adoption VALUES (?, ?, ?)",
                   [[initiative_id, this_week - dt.timedelta(weeks=len(adoption) - 1 - k), float(share)]
                    for k, share in enumerate(adoption)])


def compliance(tx: Transaction, initiative_id: int, today: dt.date, *, profile: tuple[str, str, str, str, str],
               statuses: Mapping[str, tuple], register: Sequence[tuple], bias_attribute: str,
               bias_groups: Sequence[tuple]) -> str:
    """Step 2: the profile (sectors, decisions, locations, contact, the yes/no facts that hold); statuses {obligation id: (status, owner,
    due in days from today, evidence)}; register rows; one bias screen. Returns the bias screen's summary."""
    tx.execute("INSERT INTO compliance_profiles (initiative_id, sectors, decisions, locations, optional_frameworks, "
               "contact, uses, updated_by, updated_at, roles, answered) "
               "VALUES (?, ?, ?, ?, false, ?, ?, ?, ?, 'deployer', ?)",
               [initiative_id, *profile, tx.actor.name, tx.now, ",".join(USES)])  # every question answered
    _insert(tx, "INSERT INTO obligation_status VALUES (?, ?, ?, ?, ?, ?, '', ?, ?)",
                   [[initiative_id, oid, status, owner, today + dt.timedelta(days=due), evidence, tx.actor.name,
                     tx.now] for oid, (status, owner, due, evidence) in statuses.items()])
    _insert(tx, "INSERT INTO data_register VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   [[initiative_id, n, *row] for n, row in enumerate(register, start=1)])
    groups = [bias.GroupCount(*g) for g in bias_groups]
    summary = bias.summary(bias.screen(groups))
    tx.execute("INSERT INTO bias_runs VALUES (?, ?, ?, ?, ?, ?)",
               [initiative_id, tx.now, bias_attribute, json.dumps([g.__dict__ for g in groups]), summary,
                tx.actor.name])
    return summary
