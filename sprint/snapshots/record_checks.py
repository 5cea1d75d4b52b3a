"""What a snapshot's records mean, checked before a restore: each row's values are ones the app could have
stored (statuses, phases, ranges, a room answer as its question takes it), and the records agree with each other
(initiatives named once, every metric, row and child record referring to something the snapshot holds)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING

from sprint.errors import SprintError
from sprint.initiatives import NAME_MAX, STAGES
from sprint.permissions import Role
from sprint.snapshots.data import CHILD_TABLES, ROOM, SHEETS
from sprint.steps.outcomes.store import MAX_MONTHS, MetricDraft
from sprint.steps.outcomes.store import validate as validate_metric
from sprint.values import allows_negative

if TYPE_CHECKING:
    from sprint.snapshots.reader import Snapshot


def _child_checks() -> dict:
    from sprint.steps.governance.rules import PHASES, STATUSES

    def checks(r, column, allowed):
        return [] if r[column] is None or r[column] in allowed else [(column, f"'{r[column]}' is not one of {allowed}.")]

    def non_negative(r, *columns):
        return [(c, "can't be negative.") for c in columns if r[c] is not None and r[c] < 0]

    from sprint.steps.workflow.rules import AI_TOUCHES

    def share(r):
        return [] if r["share"] is None or 0 <= r["share"] <= 100 else [("share", "must be between 0 and 100.")]

    from sprint import room
    from sprint.steps.compliance.notices import CHANNELS, NOTICE_KINDS
    from sprint.steps.compliance.store import KINDS
    from sprint.steps.compliance.store import STATUSES as OBLIGATION_STATUSES
    from sprint.steps.governance.risks import LEVELS as RISK_LEVELS
    from sprint.steps.governance.risks import STATUSES as RISK_STATUSES

    def room_row(r):
        found = checks(r, "kind", tuple(room.KINDS)) + checks(r, "status", (room.OPEN, room.CLOSED, room.ACCEPTED))
        if not r["person"]:
            return found
        if r["answered_at"] is None:
            found.append(("answered_at", "an answer needs its time."))
        try:
            given = json.loads(r["answer"] or "")
            ok = isinstance(given, dict) and r["kind"] in room.KINDS and room.clean_answer(r["kind"], given) == given
        except (ValueError, TypeError, AttributeError, SprintError):
            ok = False
        return found if ok else [*found, ("answer", "is not an answer this question takes.")]

    return {
        ROOM: room_row,
        "habit_checks": lambda r: checks(r, "habits", (0, 1, 2, 3))
        + non_negative(r, "said_0", "said_1", "said_2", "said_3_plus"),
        "obligation_status": lambda r: checks(r, "status", OBLIGATION_STATUSES),
        "data_register": lambda r: checks(r, "kind", KINDS),
        "notices": lambda r: checks(r, "channel", (*CHANNELS, *NOTICE_KINDS)),
        "workflow_steps": lambda r: checks(r, "ai_touch", AI_TOUCHES) + non_negative(r, "minutes"),
        "shadow_sessions": lambda r: non_negative(r, "hours"),
        "adoption": share,
        "governance_checks": lambda r: checks(r, "phase", PHASES),
        "checkins": lambda r: checks(r, "status", STATUSES) + non_negative(r, "minutes"),
        "vendor_exit": lambda r: non_negative(r, "pilot_price", "production_price", "exit_cost"),
        "risks": lambda r: checks(r, "status", RISK_STATUSES) + non_negative(r, "impact_cost", "score")
        + [(c, "must be 1 to 5.") for c in ("likelihood", "impact", "residual_likelihood", "residual_impact")
           if r[c] is not None and not 1 <= r[c] <= 5]
        + ([("level", f"'{r['level']}' is not a level.")] if r["level"] and r["level"] not in RISK_LEVELS else []),
    }


_CHILD_CHECKS = _child_checks()


def child_row(table: str, record: dict) -> list[tuple[str, str]]:
    """(column, what is wrong) for each value of a row of `table` that the app would never have stored."""
    check = _CHILD_CHECKS.get(table)
    return check(record) if check else []


def relations(snap: Snapshot, bad: Callable[[str, int, str, str], None]) -> None:
    """Each record against the others: initiatives named once, metrics and rows referring to what the snapshot holds,
    values within what their unit allows. Each problem goes to `bad(sheet, row, column, message)`."""
    names = set()
    for r in snap.initiatives:
        sheet, n = SHEETS["initiatives"], r["_row"]
        if r["name"] and (r["name"].casefold() in names or len(r["name"]) > NAME_MAX):
            bad(sheet, n, "name", "is repeated or too long.")
        names.add((r["name"] or "").casefold())
        if r["stage"] and r["stage"] not in STAGES:
            bad(sheet, n, "stage", f"'{r['stage']}' is not a stage.")
        for cost in ("one_off_cost", "monthly_cost", "hourly_rate"):
            if r[cost] is not None and r[cost] < 0:
                bad(sheet, n, cost, "can't be negative.")
    units = {}
    for r in snap.metrics:
        sheet, n = SHEETS["metrics"], r["_row"]
        if (r["initiative"] or "").casefold() not in names:
            bad(sheet, n, "initiative", f"'{r['initiative']}' is not an initiative of this snapshot.")
        if r["ref"] in units:
            bad(sheet, n, "ref", "is repeated.")
        units[r["ref"]] = r["unit"] or ""
        draft = MetricDraft(r["name"] or "", r["department"] or "", r["unit"] or "", r["direction"] or "",
                            r["baseline"], r["target"], bool(r["is_savings"]))
        undefined = r["baseline"] is None and r["target"] is None  # imported before anyone defined it
        for p in validate_metric(draft):
            if not (undefined and p.field in ("baseline", "target")):
                bad(sheet, n, p.field, p.message)
    for key in ("milestones", "actuals"):
        for r in getattr(snap, key):
            sheet, n = SHEETS[key], r["_row"]
            if r["metric_ref"] not in units:
                bad(sheet, n, "metric_ref", "refers to no metric of this snapshot.")
            if r["month_index"] is not None and not 1 <= r["month_index"] <= MAX_MONTHS:
                bad(sheet, n, "month_index", f"must be between 1 and {MAX_MONTHS}.")
            value = r.get("value", r.get("target"))
            if value is not None and value < 0 and not allows_negative(units.get(r["metric_ref"], "")):
                bad(sheet, n, "value" if key == "actuals" else "target", "can't be negative for this unit.")
    for table, rows in snap.children.items():
        for r in rows:
            if (r["initiative"] or "").casefold() not in names:
                bad(CHILD_TABLES[table][0], r["_row"], "initiative",
                           f"'{r['initiative']}' is not an initiative of this snapshot.")
    seen_features = set()
    for r in snap.features:
        sheet, n = SHEETS["features"], r["_row"]
        if (r["initiative"] or "").casefold() not in names:
            bad(sheet, n, "initiative", f"'{r['initiative']}' is not an initiative of this snapshot.")
        key = ((r["initiative"] or "").casefold(), (r["name"] or "").casefold())
        if key in seen_features:
            bad(sheet, n, "name", "is repeated for this initiative.")
        seen_features.add(key)
        for column in ("dollars_per_month", "hours_per_week", "volume_share"):
            if r[column] is not None and (r[column] < 0 or (column == "volume_share" and r[column] > 100)):
                bad(sheet, n, column, "is out of range.")
        if r["phase"] not in (None, "core", "phase 2"):
            bad(sheet, n, "phase", f"'{r['phase']}' is not a phase.")
    roles = {str(role) for role in Role}
    for r in snap.audit:
        sheet, n = SHEETS["audit"], r["_row"]
        if r["actor_role"] and r["actor_role"] not in roles:
            bad(sheet, n, "actor_role", f"'{r['actor_role']}' is not a role.")
        for column in ("before_json", "after_json"):
            if r[column]:
                try:
                    json.loads(r[column])
                except ValueError:
                    bad(sheet, n, column, "is not valid JSON.")
