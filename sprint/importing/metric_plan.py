"""The Step 5 part of an import plan: metric definitions and monthly values checked against what is stored,
the departments rows without one go to, and the preview of the rows as they will be stored."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from sprint.dates import sprint_month
from sprint.importing import cells, metric_commit, metric_rows
from sprint.importing.issues import pin
from sprint.importing.metric_commit import Counts
from sprint.importing.months import earliest_start

if TYPE_CHECKING:
    from sprint.importing.plan import ImportPlan


DEFAULT_DEPARTMENT = "General"  # metrics of a file that names no department, in an initiative that has none


def start_for(plan: ImportPlan, refs, today: dt.date) -> dt.date:
    if plan.initiative is not None:
        return plan.initiative.start_date
    first = earliest_start(list(refs))
    if first is None:
        plan.notes.append(f"The file names no calendar months: the new initiative's sprint starts today ({today}).")
    return first or today


def keep_departments(plan: ImportPlan, rows: metric_rows.MetricRows, departments: Sequence[str]) -> None:
    """Leave out the metrics (and their values and problems) of departments not in `departments`."""
    wanted = {d.strip().casefold() for d in departments}
    kept = [m for m in rows.metrics if m.department.strip().casefold() in wanted]
    dropped = [m for m in rows.metrics if m.department.strip().casefold() not in wanted]
    if not dropped:
        return
    plan.left_out = [(m.row, m.department, m.name) for m in dropped]
    gone = {(m.department, m.name) for m in dropped}
    gone_rows = {m.row for m in dropped} - {m.row for m in kept}
    rows.metrics = kept
    if not rows.actuals.empty:
        pairs = pd.MultiIndex.from_arrays([rows.actuals["department"], rows.actuals["name"]])
        rows.actuals = rows.actuals[~pairs.isin(list(gone))].reset_index(drop=True)
    rows.problems = [p for p in rows.problems if p.row not in gone_rows]
    listed = ", ".join(f"row {r} ({d}: {n})" for r, d, n in plan.left_out[:10])
    more = f" and {len(plan.left_out) - 10} more" if len(plan.left_out) > 10 else ""
    plan.notes.append(f"Left out {len(plan.left_out)} row{'s' if len(plan.left_out) != 1 else ''} of other "
                      f"departments, which you may not change: {listed}{more}.")


def plan_metrics(plan: ImportPlan, cur, department_default, direction_default, decimal, today,
                  only_departments: Sequence[str] | None = None) -> None:
    mapping, table = plan.mapping, plan.table
    if mapping.target == "metrics_wide":
        refs = list(mapping.month_columns.values())
    else:
        column = table.column_values(table.columns.index(mapping.columns["month"]))
        refs = [r for r in cells.months(list(dict.fromkeys(v for v in column if v is not None)))[0] if r]
    plan.start = start_for(plan, refs, today)
    initiative_id = plan.initiative.id if plan.initiative else None
    existing = metric_commit.stored_metrics(cur, initiative_id)
    own = (plan.initiative.department or "").strip() if plan.initiative else ""
    default_department = department_default or own or DEFAULT_DEPARTMENT
    if not department_default:
        column = table.columns.index(mapping.columns["department"]) if mapping.columns.get("department") else None
        unnamed = sum(1 for r in table.rows if r.section is None and
                      (column is None or column >= len(r.cells) or r.cells[column] in (None, "")))
        if unnamed:
            where = f"{own} (the initiative's department)" if own else \
                f"'{DEFAULT_DEPARTMENT}' (the initiative names no department)"
            plan.notes.append(f"{unnamed:,} row{'s name' if unnamed != 1 else ' names'} no department: "
                              f"{'they go' if unnamed != 1 else 'it goes'} to {where} unless "
                              "a metric of that name is already stored under one department. Choose another with "
                              "'Department for rows that name none' (--department on the command line).")
    rows = metric_rows.build(table, mapping, start=plan.start, existing=existing,
                             department_default=default_department, direction_default=direction_default,
                             decimal=decimal)
    rows.problems.extend(metric_rows.negative_values(rows))
    named = Counter(m.name for m in rows.metrics)
    repeated = {name for name, n in named.items() if n > 1}
    undefined = [f"{m.name} ({m.department})" if m.name in repeated else m.name for m in rows.metrics if m.undefined]
    if undefined:
        shown = ", ".join(f"'{n}'" for n in undefined[:5]) + (f" and {len(undefined) - 5} more" if len(undefined) > 5
                                                              else "")
        plan.notes.append(f"{len(undefined)} new metric{'s have' if len(undefined) != 1 else ' has'} no baseline or "
                          f"target ({shown}): created with {'their' if len(undefined) != 1 else 'its'} monthly "
                          "values and marked 'needs a baseline and target' on Step 5 and the Overview, where "
                          "someone adds them (and checks which way is better).")
    if only_departments is not None:
        keep_departments(plan, rows, only_departments)
    plan.payload = rows
    plan.located.extend(rows.problems)
    plan.problems.extend(pin(plan.table, plan.sheet, p) for p in rows.problems)
    plan.notes.extend(rows.notes)
    plan.departments = sorted({m.department for m in rows.metrics}, key=str.casefold)
    new, updated, unchanged = metric_commit.diff_definitions(cur, initiative_id, rows)
    plan.redefinitions = [f"'{m.name}' ({m.department}): " + "; ".join(
        f"{LABELS.get(k, k)} {_shown(a)} -> {_shown(b)}" for k, (a, b) in changes.items())
        for m, _, changes in updated]
    if plan.redefinitions:
        plan.notes.append(f"This file changes the definition of {len(updated)} stored metric"
                          f"{'s' if len(updated) != 1 else ''}: " + " | ".join(plan.redefinitions[:10])
                          + (" ..." if len(updated) > 10 else "") + ". Check them before importing.")
    plan.counts = {"metrics": Counts(len(new), len(updated), len(unchanged)),
                   "monthly values": metric_commit.diff_values(cur, initiative_id, rows.actuals)}
    milestones = metric_commit.milestones_frame(rows)
    if not milestones.empty:
        plan.counts["milestone targets"] = metric_commit.diff_values(cur, initiative_id, milestones,
                                                                     table="metric_milestones", column="target")
    latest = max((int(m) for m in rows.actuals["month_index"]), default=0) if not rows.actuals.empty else 0
    now_month = max(1, sprint_month(plan.start, today))
    if latest > now_month:
        plan.notes.append(f"Values run to month {latest}, after today's sprint month ({now_month}): check the "
                          "sprint start date if that is not expected.")
    plan.preview = metric_preview(rows)


LABELS = {"unit": "unit", "direction": "better when", "baseline": "baseline", "target": "target",
          "is_savings": "counts as savings"}


def _shown(value: object) -> str:
    if value is None or value == "":
        return "(none)"
    if isinstance(value, float):
        return f"{value:g}"
    return f"'{value}'" if isinstance(value, str) else str(value)


def metric_preview(rows: metric_rows.MetricRows, limit: int = 500) -> pd.DataFrame:
    shown = rows.metrics[:limit]
    frame = rows.actuals
    if len(rows.metrics) > limit and not frame.empty:
        wanted = pd.MultiIndex.from_tuples([(m.department, m.name) for m in shown])
        frame = frame[pd.MultiIndex.from_arrays([frame["department"], frame["name"]]).isin(wanted)]
    by_month = frame.pivot_table(index=["department", "name"], columns="month_index", values="value",
                                 aggfunc="first") if not frame.empty else pd.DataFrame()
    months = sorted(int(m) for m in by_month.columns)[:24] if not by_month.empty else []
    lookup = by_month.to_dict("index") if not by_month.empty else {}
    out = []
    for m in shown:
        values = lookup.get((m.department, m.name), {})
        out.append({"Row": m.row, "Department": m.department, "Metric": m.name, "Unit": m.unit or "",
                    "Better when": f"{m.direction} is better" if m.direction else "",
                    "Baseline": m.baseline, "Target": m.target,
                    **{f"Month {k}": values.get(k) for k in months}})
    return pd.DataFrame(out)
