"""`python -m sprint list` and `show`: what is stored, as text or JSON, so scripts and support can see what an
import did without opening the app. Heavy modules are imported inside each command, as in `sprint.cli`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from sprint.cli.common import find_initiative
from sprint.config import db_path
from sprint.errors import SprintError

if TYPE_CHECKING:
    from sprint.store import Store


def _open_existing(args: argparse.Namespace) -> Store:
    from sprint.store import Store

    path = db_path(args.db)
    if not path.exists():
        raise SprintError(f"There is no database at {path}.")
    return Store(path)


def _print_json(value: object) -> None:
    import json

    print(json.dumps(value, indent=2, ensure_ascii=False, default=str))


def _table(rows: list[list[str]]) -> None:
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())


def cmd_list(args: argparse.Namespace) -> int:
    """Every initiative: name, department, stage, sprint start, owner (archived ones when asked)."""
    from sprint import initiatives

    with _open_existing(args) as store:
        items = initiatives.list_all(store, include_archived=args.archived)
    records = [{"name": i.name, "department": i.department, "stage": i.stage, "start": i.start_date.isoformat(),
                "owner": i.owner, **({"archived": i.archived} if args.archived else {})} for i in items]
    if args.json:
        _print_json({"initiatives": records})
    elif not records:
        print("No initiatives yet: 'python -m sprint demo' loads the example, 'import' brings a tracker in.")
    else:
        _table([["Name", "Department", "Stage", "Start", "Owner"],
                *[[r["name"], r["department"] or "-", r["stage"] + (" (archived)" if r.get("archived") else ""),
                   r["start"], r["owner"] or "-"] for r in records]])
    return 0


def _rating(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"


def cmd_show(args: argparse.Namespace) -> int:
    """What is stored for one initiative: its metrics with their monthly values, its features, and how many
    records each other step holds (so a script or support can see what an import did)."""
    from sprint.dates import today_utc
    from sprint.picture import Picture

    with _open_existing(args) as store:
        chosen = find_initiative(store, args.initiative)
        ctx = Picture(store, chosen, today_utc())
    metrics = [{"department": s.metric.department, "name": s.metric.name, "unit": s.metric.unit,
                "direction": s.metric.direction, "baseline": s.metric.baseline, "target": s.metric.target,
                "savings": s.metric.is_savings, "values": {str(k): v for k, v in sorted(s.actuals.items())},
                "status": s.status} for s in ctx.items]
    features = [{"name": f.name, "dollars_per_month": f.dollars_per_month, "hours_per_week": f.hours_per_week,
                 "volume_share": f.volume_share, "effort": f.effort, "phase": f.phase or ""} for f in ctx.features]
    risk_list = [{"ref": r.ref, "title": r.title, "category": r.category, "status": r.status,
                  "likelihood": r.likelihood, "impact": r.impact, "score": r.rating, "level": r.rated_level,
                  "impact_cost": r.impact_cost, "owner": r.owner, "response": r.response,
                  "review_on": r.review_on.isoformat() if r.review_on else None} for r in ctx.risks]
    counts = {"checkins": len(ctx.checkins), "workflow_steps": len(ctx.steps), "shadow_sessions": len(ctx.sessions),
              "shadow_it_tools": len(ctx.tools), "adoption_weeks": len(ctx.adoption),
              "obligation_statuses": len(ctx.statuses), "data_register": len(ctx.register),
              "escalation_levels": len(ctx.levels), "core_rules": len(ctx.rules),
              "checklist_done": sum(item.done for item in ctx.checklist), "risks": len(ctx.risks)}
    i = chosen
    initiative = {"name": i.name, "department": i.department, "stage": i.stage, "start": i.start_date.isoformat(),
                  "owner": i.owner, "process": i.process, "archived": i.archived,
                  "red_flags": ctx.red_flags, "readiness": {step.step: round(step.score, 2) for step in ctx.readiness}}
    if args.json:
        _print_json({"initiative": initiative, "metrics": metrics, "features": features, "risks": risk_list,
                     "counts": counts})
        return 0
    print(f"{i.name}: {i.department or 'no department'}, {i.stage}, sprint start {i.start_date:%Y-%m-%d}, "
          f"owner {i.owner or 'none'}{' (archived)' if i.archived else ''}")
    print(f"Red flags: {'; '.join(ctx.red_flags) or 'none'}")
    if metrics:
        months = max((int(k) for m in metrics for k in m["values"]), default=0)
        print(f"\nMetrics ({len(metrics)}):")
        _table([["Department", "Metric", "Unit", "Baseline", *[f"M{k}" for k in range(1, months + 1)], "Target"],
                *[[m["department"], m["name"], m["unit"] or "-", _rating(m["baseline"]),
                   *[f"{m['values'][str(k)]:g}" if str(k) in m["values"] else "" for k in range(1, months + 1)],
                   _rating(m["target"])] for m in metrics]])
    else:
        print("\nNo metrics yet.")
    if features:
        print(f"\nFeatures ({len(features)}):")
        _table([["Feature", "$/month", "Hours/week", "Volume %", "Phase"],
                *[[f["name"], f"{f['dollars_per_month']:g}", f"{f['hours_per_week']:g}", f"{f['volume_share']:g}",
                   f["phase"] or "-"] for f in features]])
    if risk_list:
        print(f"\nRisks ({len(risk_list)}):")
        _table([["Ref", "Risk", "Likelihood", "Impact", "Level", "Owner", "Status"],
                *[[r["ref"] or "-", r["title"], _rating(r["likelihood"]), _rating(r["impact"]), r["level"] or "-",
                   r["owner"] or "-", r["status"]] for r in risk_list]])
    print("\nAlso stored: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()))
    return 0
