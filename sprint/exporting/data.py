"""The snapshot's machine part: hidden sheets holding every record exactly, under natural keys.

People read the visible sheets; `sprint.restoring` reads these. Numbers are stored as their exact
decimal text (repr) and timestamps as ISO text, so a restore gives back the very same values; records
refer to each other by snapshot-local keys (initiative name, metric ref), never by database ids.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint import audit
from sprint.exporting.cells import text
from sprint.store import Store

MARKER = "production-sprint-snapshot"
SHEETS = {
    "snapshot": "_snapshot",
    "initiatives": "_initiatives",
    "metrics": "_metrics",
    "milestones": "_milestones",
    "actuals": "_actuals",
    "features": "_features",
    "audit": "_audit",
}
COLUMNS = {
    "initiatives": ["name", "process", "owner", "department", "start_date", "stage", "roi_statement", "archived",
                    "one_off_cost", "monthly_cost", "hourly_rate", "owner_role", "budget_authority", "budget_amount",
                    "chosen_design", "version", "created_by", "created_at", "updated_by",
                    "updated_at"],
    "metrics": ["ref", "initiative", "department", "name", "unit", "direction", "baseline", "target", "is_savings",
                "position", "archived", "version", "created_by", "created_at", "updated_by", "updated_at"],
    "milestones": ["metric_ref", "month_index", "target"],
    "actuals": ["metric_ref", "month_index", "value", "entered_by", "entered_at"],
    "features": ["initiative", "name", "dollars_per_month", "hours_per_week", "volume_share", "effort", "notes",
                 "phase", "position", "version", "created_by", "created_at", "updated_by", "updated_at"],
    "audit": ["occurred_at", "actor", "actor_role", "action", "entity", "entity_id", "initiative", "summary",
              "before_json", "after_json"],
}


# Tables copied row for row, keyed by their initiative's name: sheet, (column, kind) in order, ORDER BY.
# Kinds are what snapshot_reader checks: text, float, int, bool, date, timestamp; '?' marks optional.
CHILD_TABLES: dict[str, tuple[str, list[tuple[str, str]], str]] = {
    "governance_checks": ("_governance_checks", [("phase", "text"), ("label", "text"), ("custom", "bool"),
                                                 ("done", "bool"), ("done_by", "text?"), ("done_at", "timestamp?"),
                                                 ("position", "int")], "phase, position, label"),
    "checkins": ("_checkins", [("held_on", "date"), ("minutes", "float"), ("attendees", "text?"), ("status", "text"),
                               ("decisions", "text?"), ("blockers", "text?"), ("escalated", "bool"),
                               ("created_by", "text"), ("created_at", "timestamp")], "held_on, id"),
    "escalation_levels": ("_escalation_levels", [("level", "int"), ("who", "text"), ("contact", "text"),
                                                 ("trigger", "text?")], "level"),
    "core_rules": ("_core_rules", [("position", "int"), ("rule", "text"), ("trigger", "text?")], "position"),
    "vendor_exit": ("_vendor_exit", [("open_standards", "bool"), ("documented", "bool"), ("data_portable", "bool"),
                                     ("pilot_price", "float?"), ("production_price", "float?"),
                                     ("exit_cost", "float?"), ("notes", "text?"), ("updated_by", "text"),
                                     ("updated_at", "timestamp")], "initiative_id"),
    "shadow_sessions": ("_shadow_sessions", [("held_on", "date"), ("person_role", "text"), ("team", "text?"),
                                             ("hours", "float"), ("notes", "text?"), ("created_by", "text"),
                                             ("created_at", "timestamp")], "held_on, person_role"),
    "workflow_steps": ("_workflow_steps", [("position", "int"), ("actor", "text"), ("system", "text"),
                                           ("official", "bool"), ("minutes", "float"), ("pain_points", "text?"),
                                           ("ai_touch", "text"), ("activity", "text?")], "position"),
    "habit_changes": ("_habit_changes", [("position", "int"), ("design", "text"), ("habit", "text")], "position"),
    "shadow_it": ("_shadow_it", [("position", "int"), ("tool", "text"), ("kind", "text?"), ("builder", "text?"),
                                 ("solves", "text?"), ("builder_involved", "bool")], "position"),
    "adoption": ("_adoption", [("week_of", "date"), ("share", "float")], "week_of"),
    "compliance_profiles": ("_compliance_profiles", [("sectors", "text?"), ("decisions", "text?"),
                                                     ("locations", "text?"), ("optional_frameworks", "bool"),
                                                     ("contact", "text?"), ("updated_by", "text"),
                                                     ("updated_at", "timestamp"), ("roles", "text?"),
                                                     ("uses", "text?")], "initiative_id"),
    "obligation_status": ("_obligation_status", [("obligation_id", "text"), ("status", "text"), ("owner", "text?"),
                                                 ("due", "date?"), ("evidence", "text?"), ("na_reason", "text?"),
                                                 ("updated_by", "text"), ("updated_at", "timestamp")],
                          "obligation_id"),
    "data_register": ("_data_register", [("position", "int"), ("name", "text"), ("kind", "text"), ("owner", "text?"),
                                         ("personal_data", "bool"), ("categories", "text?"), ("human_review", "bool"),
                                         ("consequential", "bool"), ("retention", "text?")], "position"),
    "bias_runs": ("_bias_runs", [("run_at", "timestamp"), ("attribute", "text"), ("groups_json", "text"),
                                 ("summary", "text"), ("created_by", "text")], "run_at, attribute"),
    "notices": ("_notices", [("channel", "text"), ("text", "text"), ("updated_by", "text"),
                             ("updated_at", "timestamp")], "channel"),
    "plan_checks": ("_plan_checks", [("section", "text"), ("label", "text"), ("done_by", "text"),
                                     ("done_at", "timestamp")], "section, label"),
    "launch_volume": ("_launch_volume", [("on_date", "date"), ("share", "float")], "on_date"),
}
# The organisation's typed-in reality-check figures belong to no initiative: one sheet of their own.
ORG_SHEET, ORG_COLUMNS = "_org_figures", ["name", "value", "updated_by", "updated_at"]


def encode(value: object) -> str | None:
    """Exact text for any stored value: repr for floats, ISO for dates, 'true'/'false' for booleans."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _write(ws: WriteOnlyWorksheet, columns: Sequence[str], rows) -> None:
    ws.append([text(ws, c) for c in columns])
    for row in rows:
        ws.append([text(ws, encode(v)) for v in row])


def write_data_sheets(wb, store: Store, initiative_ids: list[int], meta: dict[str, str],
                      include_sprint_wide_audit: bool) -> None:
    ids = list(initiative_ids)
    sheets = {}
    for key, title in [*SHEETS.items(), *((table, spec[0]) for table, spec in CHILD_TABLES.items())]:
        sheets[key] = wb.create_sheet(title)
        sheets[key].sheet_state = "hidden"
    _write(sheets["snapshot"], ["key", "value"], [("format", MARKER), *meta.items()])
    with store.reading() as cur:
        _write(sheets["initiatives"], COLUMNS["initiatives"], cur.execute(
            f"SELECT {', '.join(COLUMNS['initiatives'])} FROM initiatives WHERE list_contains(?, id) "  # noqa: S608
            "ORDER BY lower(name), id", [ids]).fetchall())
        metric_rows = cur.execute(
            "SELECT m.id, i.name, m.department, m.name, m.unit, m.direction, m.baseline, m.target, m.is_savings, "
            "m.position, m.archived, m.version, m.created_by, m.created_at, m.updated_by, m.updated_at "
            "FROM metrics m JOIN initiatives i ON i.id = m.initiative_id WHERE list_contains(?, m.initiative_id) "
            "ORDER BY lower(i.name), i.id, m.position, m.id", [ids]).fetchall()
        refs = {row[0]: n for n, row in enumerate(metric_rows, start=1)}
        _write(sheets["metrics"], COLUMNS["metrics"], ((refs[r[0]], *r[1:]) for r in metric_rows))
        metric_ids = list(refs)
        # Ordered by the snapshot's own refs (not database ids), so a restored copy exports identically.
        _write(sheets["milestones"], COLUMNS["milestones"], sorted(
            (refs[m], k, t) for m, k, t in cur.execute(
                "SELECT metric_id, month_index, target FROM metric_milestones WHERE list_contains(?, metric_id)",
                [metric_ids]).fetchall()))
        _write(sheets["actuals"], COLUMNS["actuals"], sorted(
            (refs[m], k, v, by, at) for m, k, v, by, at in cur.execute(
                "SELECT metric_id, month_index, value, entered_by, entered_at FROM metric_actuals "
                "WHERE list_contains(?, metric_id)", [metric_ids]).fetchall()))
        _write(sheets["features"], COLUMNS["features"], cur.execute(
            "SELECT i.name, f.name, f.dollars_per_month, f.hours_per_week, f.volume_share, f.effort, f.notes, f.phase, "
            "f.position, f.version, f.created_by, f.created_at, f.updated_by, f.updated_at FROM features f "
            "JOIN initiatives i ON i.id = f.initiative_id WHERE list_contains(?, f.initiative_id) "
            "ORDER BY lower(i.name), i.id, f.position, f.id", [ids]).fetchall())
        for table, (_, columns, order) in CHILD_TABLES.items():
            names = [c for c, _ in columns]
            _write(sheets[table], ["initiative", *names], cur.execute(
                f"SELECT i.name, {', '.join('t.' + c for c in names)} FROM {table} t "  # noqa: S608 (constants)
                f"JOIN initiatives i ON i.id = t.initiative_id WHERE list_contains(?, t.initiative_id) "
                f"ORDER BY lower(i.name), i.id, {', '.join('t.' + o.strip() for o in order.split(','))}",
                [ids]).fetchall())
        org = wb.create_sheet(ORG_SHEET)
        org.sheet_state = "hidden"
        _write(org, ORG_COLUMNS, cur.execute(f"SELECT {', '.join(ORG_COLUMNS)} FROM org_figures ORDER BY name"  # noqa: S608
                                             ).fetchall())
        _write(sheets["audit"], COLUMNS["audit"],
               audit.slice_for(cur, ids, sprint_wide=include_sprint_wide_audit).fetchall())
