"""Committing an import plan: everything it previews, in one transaction with one audit entry that names the
file, its hash, the mapping and every cell left blank or row left out; or nothing at all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sprint import initiatives
from sprint.errors import SprintError
from sprint.importing import metric_commit, records, repairs
from sprint.importing.issues import Issue
from sprint.importing.metric_commit import Counts
from sprint.importing.plan import ImportPlan
from sprint.importing.repairs import BLANK, LEFT_OUT
from sprint.permissions import Action, Actor, require
from sprint.store import Store, Transaction


@dataclass(frozen=True)
class ImportResult:
    counts: dict[str, Counts]
    initiative_id: int | None
    summary: str


class ImportHasProblems(SprintError):
    def __init__(self, problems: list[Issue]):
        self.problems = problems
        listed = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"Nothing was imported: {len(problems)} problem{'s' if len(problems) != 1 else ''} "
                         f"to fix first. {listed}{more}")


def commit(store: Store, actor: Actor, plan: ImportPlan, *, today: dt.date) -> ImportResult:
    """Write the plan in one transaction with one audit entry naming the file and its hash. Nothing is
    written while the plan has problems; the counts are worked out again inside the transaction, so a
    change made by someone else since the preview is neither lost nor overwritten unseen."""
    if plan.problems:
        raise ImportHasProblems(plan.problems)
    action = Action.EDIT_DEPARTMENT_DATA if plan.target.key.startswith("metrics") else Action.MANAGE_INITIATIVES

    def work(tx: Transaction) -> ImportResult:
        initiative_id = plan.initiative.id if plan.initiative else None
        if plan.target.per_initiative and initiative_id is None:
            require(tx.actor, Action.MANAGE_INITIATIVES)
            initiative_id = initiatives.insert(tx, initiatives.InitiativeDraft(
                name=plan.new_initiative or "", start_date=plan.start or today,
                department=plan.department_default or ""), today=today,
                summary=f"Created initiative '{plan.new_initiative}' to import {plan.source.file_name}")
        details: dict[str, object] = {}
        if plan.target.key.startswith("metrics"):
            written = metric_commit.write(tx, initiative_id, plan.payload)
            counts = {"metrics": written["metrics"], "monthly values": written["values"]}
            if written["milestones"].new or written["milestones"].updated or written["milestones"].unchanged:
                counts["milestone targets"] = written["milestones"]
            details = {"definition_changes": written["definition_changes"],
                       "value_changes": written["value_changes"]}
        else:
            new, updated, unchanged = records.write(tx, plan.target.key, plan.payload, initiative_id)
            counts = {"rows": Counts(new, updated, unchanged)}
        changed = sum(c.new + c.updated for c in counts.values())
        summary = (f"Imported {plan.source.file_name} (sheet '{plan.sheet}') as {plan.target.label.lower()}: "
                   + "; ".join(f"{k} {c.new} new, {c.updated} updated, {c.unchanged} unchanged"
                               for k, c in counts.items())
                   + (f"; {len(plan.left_out)} row{'s' if len(plan.left_out) != 1 else ''} of other departments "
                      "left out" if plan.left_out else "")
                   + (f"; {repairs.counted(plan.repairs)}" if plan.repairs else ""))
        creates_initiative = plan.target.per_initiative and plan.initiative is None
        if not changed and not creates_initiative:
            tx.nothing_changed()  # the same file again: nothing to record
            return ImportResult(counts, initiative_id, f"{plan.source.file_name}: nothing changed, every row is "
                                                       "already stored as the file has it.")
        tx.audit(action="import", entity="import", entity_id=plan.source.sha256[:16], initiative_id=initiative_id,
                 summary=summary,
                 after={"file": plan.source.file_name, "sha256": plan.source.sha256, "bytes": plan.source.size,
                        "sheet": plan.sheet, "header_row": plan.table.header_row, "target": plan.target.key,
                        "mapping": plan.mapping.to_json(), "profile": plan.profile,
                        "counts": {k: vars(c) for k, c in counts.items()},
                        "skipped_rows": [f"{n}: {why}" for n, why in plan.table.skipped[:100]],
                        **({"corrected_in_preview": [f"row {r}, {c}: {v!r}" for (r, c), v in
                                                     sorted(plan.fixes.cells.items())[:500]],
                            "left_out_in_preview": sorted(plan.fixes.leave_out)[:500]} if plan.fixes else {}),
                        **({"repairs": [str(r) for r in plan.repairs[:500]], "cells_left_blank": sum(
                            r.action == BLANK for r in plan.repairs), "rows_left_out": sum(
                            r.action == LEFT_OUT for r in plan.repairs)} if plan.repairs else {}),
                        **({"left_out_rows": [f"{r}: {d} · {n}" for r, d, n in plan.left_out[:100]],
                            "left_out": len(plan.left_out)} if plan.left_out else {}), **details})
        return ImportResult(counts, initiative_id, summary)

    return store.write(actor, action, work, departments=plan.departments)


def previously_imported(store: Store, sha256: str) -> tuple[str, str] | None:
    """(when, who) of the latest import of the same bytes, if any."""
    row = store.fetch_one("SELECT occurred_at, actor FROM audit_log WHERE entity = 'import' AND entity_id = ? "
                          "ORDER BY seq DESC LIMIT 1", [sha256[:16]])
    return (row[0].strftime("%Y-%m-%d %H:%M UTC"), row[1]) if row else None

