"""Comparing imported metrics with what is stored, and writing them: definitions row by row (there are few),
monthly values in bulk through a registered DataFrame (there can be 120,000)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from sprint import sql
from sprint.importing.metric_rows import MetricDef, MetricRows

FIELDS = ("unit", "direction", "baseline", "target", "is_savings")
CHANGES_KEPT = 200  # cell-level before/after kept in the audit entry; the rest are counted


@dataclass
class Counts:
    new: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.new + other.new, self.updated + other.updated, self.unchanged + other.unchanged)


def stored_metrics(cursor, initiative_id: int | None) -> dict[tuple[str, str], dict]:
    if initiative_id is None:
        return {}
    rows = cursor.execute("SELECT id, department, name, unit, direction, baseline, target, is_savings FROM metrics "
                          "WHERE initiative_id = ? AND NOT archived", [initiative_id]).fetchall()
    return {(r[1].casefold(), r[2].casefold()): dict(zip(("id", "department", "name", *FIELDS), r, strict=True))
            for r in rows}


def _changes(metric: MetricDef, before: dict) -> dict[str, tuple[object, object]]:
    out = {}
    for key in FIELDS:
        value = getattr(metric, key)
        if value is not None and value != before[key]:
            out[key] = (before[key], value)
    return out


def diff_definitions(cursor, initiative_id: int | None, rows: MetricRows):
    stored = stored_metrics(cursor, initiative_id)
    new, updated, unchanged = [], [], []
    for metric in rows.metrics:
        before = stored.get((metric.department.casefold(), metric.name.casefold()))
        if before is None:
            new.append(metric)
        elif changes := _changes(metric, before):
            updated.append((metric, before, changes))
        else:
            unchanged.append(metric)
    return new, updated, unchanged


_STAGED = "import_staged_values"
_JOIN = ("FROM import_staged_values s LEFT JOIN metrics m ON m.initiative_id = ? AND NOT m.archived "
         "AND lower(m.department) = lower(s.department) AND lower(m.name) = lower(s.name) "
         "LEFT JOIN {table} a ON a.metric_id = m.id AND a.month_index = s.month_index")


def _staged(frame: pd.DataFrame, value: str) -> pd.DataFrame:
    return pd.DataFrame({"department": frame["department"].astype(str), "name": frame["name"].astype(str),
                         "month_index": frame["month_index"].astype("int32"),
                         "value": frame[value].astype("float64")})


def diff_values(cursor, initiative_id: int | None, frame: pd.DataFrame, *, table: str = "metric_actuals",
                column: str = "value") -> Counts:
    if frame.empty:
        return Counts()
    if initiative_id is None:
        return Counts(new=len(frame))
    cursor.complete()  # a raw cursor or a Transaction: both finish the previous result first
    cursor.register(_STAGED, _staged(frame, "value"))
    try:
        row = cursor.execute(
            f"SELECT count(*) FILTER (WHERE a.{column} IS NULL), "  # noqa: S608 - table/column are constants
            f"count(*) FILTER (WHERE a.{column} IS NOT NULL AND a.{column} <> s.value), "
            f"count(*) FILTER (WHERE a.{column} = s.value) " + _JOIN.format(table=table), [initiative_id]).fetchall()[0]
    finally:
        cursor.complete()
        cursor.unregister(_STAGED)
    return Counts(*(int(x) for x in row))


def milestones_frame(rows: MetricRows) -> pd.DataFrame:
    records = [(m.department, m.name, month, value) for m in rows.metrics for month, value in m.milestones.items()]
    return pd.DataFrame.from_records(records, columns=["department", "name", "month_index", "value"])


def write(tx, initiative_id: int, rows: MetricRows) -> dict[str, object]:
    """Write definitions, milestones and values; return the counts and the cell changes for the audit."""
    new, updated, unchanged = diff_definitions(tx, initiative_id, rows)
    position = tx.execute("SELECT coalesce(max(position), 0) FROM metrics WHERE initiative_id = ?",
                          [initiative_id]).fetchone()[0]
    if new:  # one bulk statement for every new metric (an import can bring thousands)
        tx.register("import_new_metrics", pd.DataFrame({
            "department": [m.department for m in new], "name": [m.name for m in new],
            "unit": [m.unit or "" for m in new], "direction": [m.direction for m in new],
            "baseline": [None if m.baseline is None else float(m.baseline) for m in new],
            "target": [None if m.target is None else float(m.target) for m in new],
            "is_savings": [bool(m.is_savings) for m in new],
            "position": list(range(position + 1, position + 1 + len(new)))}))
        try:
            tx.execute("INSERT INTO metrics (initiative_id, department, name, unit, direction, baseline, target, "
                       "is_savings, position, created_by, created_at, updated_by, updated_at) "
                       "SELECT ?, department, name, unit, direction, baseline, target, is_savings, position, ?, ?, ?, ? "
                       "FROM import_new_metrics ORDER BY position",
                       [initiative_id, tx.actor.name, tx.now, tx.actor.name, tx.now]).fetchall()
        finally:
            tx.unregister("import_new_metrics")
    definition_changes = {}
    for metric, before, changes in updated:
        sets = ", ".join(f"{k} = ?" for k in changes)
        tx.execute(f"UPDATE metrics SET {sets}, version = version + 1, updated_by = ?, updated_at = ? "  # noqa: S608
                   "WHERE id = ?", [*(v for _, v in changes.values()), tx.actor.name, tx.now, before["id"]])
        definition_changes[f"{metric.department} / {metric.name}"] = {k: {"before": b, "after": a}
                                                                       for k, (b, a) in changes.items()}
    values, value_changes = _write_values(tx, initiative_id, rows.actuals, "metric_actuals", "value",
                                          extra=("entered_by", "entered_at"), extra_values=", ?, ?",
                                          extra_params=[tx.actor.name, tx.now])
    milestones, _ = _write_values(tx, initiative_id, milestones_frame(rows), "metric_milestones", "target")
    return {"metrics": Counts(len(new), len(updated), len(unchanged)), "values": values, "milestones": milestones,
            "definition_changes": definition_changes, "value_changes": value_changes}


def _write_values(tx, initiative_id: int, frame: pd.DataFrame, table: str, column: str, *, extra: tuple[str, ...] = (),
                  extra_values: str = "", extra_params: list | None = None) -> tuple[Counts, list[dict]]:
    if frame.empty:
        return Counts(), []
    counts = diff_values(tx, initiative_id, frame, table=table, column=column)
    tx.register(_STAGED, _staged(frame, "value"))
    try:
        changed = tx.execute(
            f"SELECT s.department, s.name, s.month_index, a.{column}, s.value "  # noqa: S608
            + _JOIN.format(table=table) + f" WHERE a.{column} <> s.value ORDER BY 1, 2, 3 LIMIT {CHANGES_KEPT}",
            [initiative_id]).fetchall()
        tx.execute(sql.upsert(table, ("metric_id", "month_index"), ("metric_id", "month_index", column, *extra),
                              f"SELECT m.id, s.month_index, s.value{extra_values} " + _JOIN.format(table=table)
                              + f" WHERE a.{column} IS NULL OR a.{column} <> s.value"),
                   [*(extra_params or []), initiative_id]).fetchall()
    finally:
        tx.unregister(_STAGED)
    return counts, [{"department": d, "metric": n, "month": m, "before": b, "after": a} for d, n, m, b, a in changed]
