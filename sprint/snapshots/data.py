"""The snapshot's machine part: every record exactly, under natural keys, compressed on one hidden sheet
(`sprint.snapshots.payload`; format 1 had a hidden sheet per table, still read by `sprint.snapshots.reader`).

People read the visible sheets; `sprint.snapshots.restore` reads this. Numbers are stored as their exact
decimal text (repr) and timestamps as ISO text, so a restore gives back the very same values; records
refer to each other by snapshot-local keys (initiative name, metric ref), never by database ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from sprint import audit, sql
from sprint.snapshots import payload, signature
from sprint.snapshots.cells import text
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
                 "phase", "position", "version", "created_by", "created_at", "updated_by", "updated_at", "score"],
    "audit": ["occurred_at", "actor", "actor_role", "action", "entity", "entity_id", "initiative", "summary",
              "before_json", "after_json"],
}


# Tables copied row for row, keyed by their initiative's name: sheet, (column, kind) in order, ORDER BY.
# Kinds are what snapshot_reader checks: text, float, int, bool, date, timestamp; '?' marks optional.
ROOM = "room"
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
                                                     ("uses", "text?"), ("answered", "text?")], "initiative_id"),
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
    "risks": ("_risks", [("position", "int"), ("ref", "text?"), ("title", "text"), ("category", "text?"),
                         ("cause", "text?"), ("event", "text?"), ("effect", "text?"), ("likelihood", "float?"),
                         ("impact", "float?"), ("impact_cost", "float?"), ("score", "float?"), ("level", "text?"),
                         ("owner", "text?"), ("response", "text?"), ("status", "text"), ("raised_on", "date?"),
                         ("review_on", "date?"), ("residual_likelihood", "float?"), ("residual_impact", "float?")],
              "position"),
    "habit_checks": ("_habit_checks", [("design", "text"), ("habits", "int"), ("said_0", "int"), ("said_1", "int"),
                                       ("said_2", "int"), ("said_3_plus", "int"), ("checked_by", "text"),
                                       ("checked_at", "timestamp")], "design"),
    # The room's questions with their answers, one row per answer (a question nobody answered: one row without a
    # person). Not a table of its own in the database: written from room_questions and room_answers (ROOM_QUERY)
    # and restored into them by `sprint.snapshots.restore`.
    ROOM: ("_room", [("kind", "text"), ("subject", "text?"), ("status", "text"), ("opened_by", "text"),
                     ("opened_at", "timestamp"), ("ended_by", "text?"), ("ended_at", "timestamp?"),
                     ("person", "text?"), ("answer", "text?"), ("hidden", "bool?"), ("answered_at", "timestamp?")],
           "opened_at, kind, person"),
}
# Tables added after snapshots were first written: a snapshot without them restores with none.
LATER_CHILD_TABLES = frozenset({"risks", "habit_checks", ROOM})
ROOM_QUERY = ("SELECT i.name, q.kind, q.subject, q.status, q.opened_by, q.opened_at, q.ended_by, q.ended_at, "
              "a.person, a.answer, a.hidden, a.answered_at FROM room_questions q "
              "JOIN initiatives i ON i.id = q.initiative_id LEFT JOIN room_answers a ON a.question_id = q.id "
              "WHERE q.initiative_id = ANY(?) ORDER BY lower(i.name), i.id, q.opened_at, q.id, "
              "a.answered_at, a.person")
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


def _column(values: tuple) -> list[str | None]:
    """One column of a batch as exact text (see `encode`), the way decided once from its values' type: a large
    table's fields go through a few list comprehensions instead of a function call each. Empty text is written
    as nothing, as format 1's empty cells were, so export -> restore -> export gives the same records."""
    kinds = set(map(type, values)) - {type(None)}
    if not kinds:
        return [None] * len(values)
    if kinds == {str}:
        return [v or None for v in values]
    if kinds == {float}:
        text = float.__repr__
        return [None if v is None else text(v) for v in values]
    if kinds == {int}:
        return [None if v is None else str(v) for v in values]
    seen: dict = {}  # an import stamps thousands of rows with one time: each written out once
    out = []
    for v in values:
        if v is None or v == "":
            out.append(None)
            continue
        key = (type(v), v)
        text = seen.get(key)
        if text is None:
            text = seen[key] = encode(v)
        out.append(text)
    return out


def _encoded(rows, batch: int = 5000) -> Iterator:
    rows = iter(rows)
    while chunk := list(islice(rows, batch)):
        yield from zip(*(_column(column) for column in zip(*chunk, strict=True)), strict=True)


def _refs_frame(refs: dict[int, int]):
    import pandas as pd

    return pd.DataFrame({"metric_id": list(refs), "ref": list(refs.values())}, dtype="int64")


def tables(cur, initiative_ids: list[int], include_sprint_wide_audit: bool) -> Iterator[tuple[str, list[str], Iterable]]:
    """Every table of the snapshot as (format-1 sheet name, columns, rows of exact text), read from `cur`."""
    ids = list(initiative_ids)
    yield SHEETS["initiatives"], COLUMNS["initiatives"], _encoded(cur.execute(
        f"SELECT {', '.join(COLUMNS['initiatives'])} FROM initiatives WHERE id = ANY(?) "  # noqa: S608
        "ORDER BY lower(name), id", [ids]).fetchall())
    metric_rows = cur.execute(
        "SELECT m.id, i.name, m.department, m.name, m.unit, m.direction, m.baseline, m.target, m.is_savings, "
        "m.position, m.archived, m.version, m.created_by, m.created_at, m.updated_by, m.updated_at "
        "FROM metrics m JOIN initiatives i ON i.id = m.initiative_id WHERE m.initiative_id = ANY(?) "
        "ORDER BY lower(i.name), i.id, m.position, m.id", [ids]).fetchall()
    refs = {row[0]: n for n, row in enumerate(metric_rows, start=1)}
    yield SHEETS["metrics"], COLUMNS["metrics"], _encoded((refs[r[0]], *r[1:]) for r in metric_rows)
    metric_ids = list(refs)
    # Ordered by the snapshot's own refs (not database ids), so a restored copy exports identically.
    yield SHEETS["milestones"], COLUMNS["milestones"], _encoded(sorted(
        (refs[m], k, t) for m, k, t in cur.execute(
            "SELECT metric_id, month_index, target FROM metric_milestones WHERE metric_id = ANY(?)",
            [metric_ids]).fetchall()))
    # The bulk of a large sprint (120,000 monthly values): ordered and written as JSON by DuckDB itself, a block of
    # metrics per line (its DOUBLE -> VARCHAR is the shortest text that reads back as the same number).
    cur.complete()  # DuckDB 2.0 registers a frame only once the last result is finished
    cur.register("snapshot_refs", _refs_frame(refs))

    def actual_lines() -> Iterator[str]:
        for low in range(1, len(refs) + 1, 2000):
            line = cur.execute(
                "SELECT string_agg(" + sql.json_array("r.ref", "a.month_index", sql.number_text("a.value"), "NULLIF(a.entered_by, '')",
                                                      "a.entered_at") + ", ',' ORDER BY r.ref, a.month_index) "
                "FROM metric_actuals a JOIN snapshot_refs r ON r.metric_id = a.metric_id "
                "WHERE r.ref BETWEEN ? AND ?", [low, low + 1999]).fetchone()[0]
            if line:
                yield line

    try:
        yield SHEETS["actuals"], COLUMNS["actuals"], payload.JsonRows(actual_lines())
    finally:
        cur.complete()
        cur.unregister("snapshot_refs")
    yield SHEETS["features"], COLUMNS["features"], _encoded(cur.execute(
        "SELECT i.name, f.name, f.dollars_per_month, f.hours_per_week, f.volume_share, f.effort, f.notes, f.phase, "
        "f.position, f.version, f.created_by, f.created_at, f.updated_by, f.updated_at, f.score FROM features f "
        "JOIN initiatives i ON i.id = f.initiative_id WHERE f.initiative_id = ANY(?) "
        "ORDER BY lower(i.name), i.id, f.position, f.id", [ids]).fetchall())
    for table, (sheet, columns, order) in CHILD_TABLES.items():
        names = [c for c, _ in columns]
        if table == ROOM:
            yield sheet, ["initiative", *names], _encoded(cur.execute(ROOM_QUERY, [ids]).fetchall())
            continue
        yield sheet, ["initiative", *names], _encoded(cur.execute(
            f"SELECT i.name, {', '.join('t.' + c for c in names)} FROM {table} t "  # noqa: S608 (constants)
            f"JOIN initiatives i ON i.id = t.initiative_id WHERE t.initiative_id = ANY(?) "
            f"ORDER BY lower(i.name), i.id, {', '.join('t.' + o.strip() for o in order.split(','))}",
            [ids]).fetchall())
    yield ORG_SHEET, ORG_COLUMNS, _encoded(cur.execute(
        f"SELECT {', '.join(ORG_COLUMNS)} FROM org_figures ORDER BY name").fetchall())  # noqa: S608
    entries = audit.slice_for(cur, ids, sprint_wide=include_sprint_wide_audit)

    def audit_rows():
        while batch := entries.fetchmany(5000):
            yield from batch

    yield SHEETS["audit"], COLUMNS["audit"], _encoded(audit_rows())


def write_data_sheets(wb, store: Store, initiative_ids: list[int], meta: dict[str, str],
                      include_sprint_wide_audit: bool) -> None:
    """The hidden part of a snapshot: its facts (`_snapshot`, key and value) and every record (`_data`)."""
    facts = wb.create_sheet(SHEETS["snapshot"])
    facts.sheet_state = "hidden"
    data = wb.create_sheet(payload.SHEET)
    data.sheet_state = "hidden"
    data.column_dimensions["A"].width = 12
    writer = payload.PayloadWriter()
    data.append([text(data, "The exact copy of the sprint's records that a restore reads. Don't edit: an edited "
                            "copy is refused.")])
    with store.reading() as cur:
        for sheet, columns, rows in tables(cur, initiative_ids, include_sprint_wide_audit):
            for chunk in writer.table(sheet, columns, rows):
                data.append([chunk])
    for chunk in writer.finish():
        data.append([chunk])
    facts.append([text(facts, "key"), text(facts, "value")])
    signed = {"format": MARKER, **meta, "payload_sha256": writer.sha256, "payload_size": str(writer.size),
              "payload_expanded": str(writer.expanded)}
    mark = signature.sign(store.current_seal(), signed)
    if mark:
        signed[signature.FIELD] = mark
    for key, value in signed.items():
        facts.append([text(facts, key), text(facts, value)])
