"""Step 5 metric definitions: business outcomes per department, with baseline, target and milestones.

A metric belongs to one initiative and one department; its name is unique within that department.
Values are stored as people read them (8.2 for 8.2%). Department heads may define and edit the metrics
of their own department; moving a metric between departments needs rights on both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field

from sprint.errors import NotFound, Problem, StaleEdit, ValidationError
from sprint.permissions import Action, Actor, require
from sprint.steps.outcomes.rules import DIRECTIONS
from sprint.store import Store, Transaction
from sprint.text_limits import DEPARTMENT_MAX, UNIT_MAX, one_line
from sprint.values import MAGNITUDE_MAX, allows_negative, unit_kind, usable

MAX_MONTHS = 24  # sprint months tracked: the 90 days and the year and a half after
NAME_MAX = 120


@dataclass(frozen=True)
class MetricDraft:
    name: str
    department: str
    unit: str
    direction: str
    baseline: float | None
    target: float | None
    is_savings: bool = False
    milestones: Mapping[int, float] = field(default_factory=dict)

    def cleaned(self) -> MetricDraft:
        return MetricDraft(
            name=one_line(self.name),
            department=one_line(self.department),
            unit=str(self.unit or "").strip(),
            direction=str(self.direction or "").strip().lower(),
            baseline=self.baseline,
            target=self.target,
            is_savings=bool(self.is_savings),
            milestones={int(k): v for k, v in dict(self.milestones).items() if v is not None},
        )


@dataclass(frozen=True)
class Metric:
    id: int
    initiative_id: int
    department: str
    name: str
    unit: str
    direction: str
    baseline: float | None  # None for a metric imported before anyone defined it (see `needs_definition`)
    target: float | None
    is_savings: bool
    position: int
    archived: bool
    version: int
    updated_by: str
    milestones: Mapping[int, float] = field(default_factory=dict)

    @property
    def needs_definition(self) -> bool:
        """Imported from a monthly log before it was defined: it needs a baseline and a target on Step 5."""
        return self.baseline is None or self.target is None

    def draft(self) -> MetricDraft:
        return MetricDraft(self.name, self.department, self.unit, self.direction, self.baseline, self.target,
                           self.is_savings, dict(self.milestones))

    def record(self) -> dict[str, object]:
        keep = ("name", "department", "unit", "direction", "baseline", "target", "is_savings", "archived")
        data = {k: v for k, v in asdict(self).items() if k in keep}
        data["milestones"] = {str(k): v for k, v in sorted(self.milestones.items())}
        return data


COLUMNS = ("id, initiative_id, department, name, unit, direction, baseline, target, is_savings, position, "
            "archived, version, updated_by")


def _bad_number(value: float | None) -> bool:
    return value is None or not usable(value)


def _number_problem(value: float | None, what: str) -> str:
    if isinstance(value, int | float) and math.isfinite(value):
        return f"{what} is too large to be a real figure (the limit is {MAGNITUDE_MAX:,.0f})."
    return "enter a number." if what == "it" else f"{what} is not a number."


def validate(draft: MetricDraft) -> list[Problem]:
    d = draft.cleaned()
    problems: list[Problem] = []
    if not d.name:
        problems.append(Problem("name", "give the metric a name, e.g. 'Cost per resolved ticket'."))
    elif len(d.name) > NAME_MAX:
        problems.append(Problem("name", f"keep the name under {NAME_MAX} characters."))
    if not d.department:
        problems.append(Problem("department", "say which department reports this metric."))
    elif len(d.department) > DEPARTMENT_MAX:
        problems.append(Problem("department", f"keep the department under {DEPARTMENT_MAX} characters "
                                              f"(it has {len(d.department):,})."))
    if len(d.unit) > UNIT_MAX:
        problems.append(Problem("unit", f"keep the unit under {UNIT_MAX} characters (it has {len(d.unit):,}), "
                                        "e.g. $/unit, hours, %."))
    if d.direction not in DIRECTIONS:
        problems.append(Problem("direction", "choose whether lower or higher is better."))
    for name, value in (("baseline", d.baseline), ("target", d.target)):
        if _bad_number(value):
            problems.append(Problem(name, _number_problem(value, "it")))
        elif value < 0 and not allows_negative(d.unit):
            problems.append(Problem(name, f"a {unit_kind(d.unit)} can't be negative."))
    for month, value in sorted(d.milestones.items()):
        if not 1 <= month <= MAX_MONTHS:
            problems.append(Problem("milestones", f"month {month} is outside months 1-{MAX_MONTHS}."))
        elif _bad_number(value):
            problems.append(Problem("milestones", _number_problem(value, f"the month {month} target")))
        elif value < 0 and not allows_negative(d.unit):
            problems.append(Problem("milestones", f"the month {month} target can't be negative."))
    if d.is_savings and unit_kind(d.unit) != "money":
        problems.append(Problem("is_savings", "only a dollar amount per month can count as savings for ROI."))
    return problems


def milestones_of(store_or_tx, metric_ids: list[int]) -> dict[int, dict[int, float]]:
    if not metric_ids:
        return {}
    rows = store_or_tx.execute(
        "SELECT metric_id, month_index, target FROM metric_milestones WHERE metric_id = ANY(?)",
        [metric_ids],
    ).fetchall()
    out: dict[int, dict[int, float]] = {}
    for metric_id, month, target in rows:
        out.setdefault(metric_id, {})[month] = target
    return out


def list_metrics(store: Store, initiative_id: int, department: str | None = None, *,
                 include_archived: bool = False, with_milestones: bool = True) -> list[Metric]:
    clauses, params = ["initiative_id = ?"], [initiative_id]
    if department is not None:
        clauses.append("department = ?")
        params.append(department)
    if not include_archived:
        clauses.append("NOT archived")
    with store.reading() as cur:
        rows = cur.execute(f"SELECT {COLUMNS} FROM metrics WHERE {' AND '.join(clauses)} "  # noqa: S608
                           "ORDER BY lower(department), position, id", params).fetchall()
        milestones = milestones_of(cur, [r[0] for r in rows]) if with_milestones else {}
    return [Metric(*r, milestones=milestones.get(r[0], {})) for r in rows]


def departments(store: Store, initiative_id: int) -> list[str]:
    rows = store.fetch_all("SELECT department FROM metrics WHERE initiative_id = ? AND NOT archived "
                           "GROUP BY department ORDER BY lower(department)", [initiative_id])
    return [r[0] for r in rows]


def _load(tx: Transaction, metric_id: int) -> Metric:
    row = tx.execute(f"SELECT {COLUMNS} FROM metrics WHERE id = ?", [metric_id]).fetchone()  # noqa: S608
    if row is None:
        raise NotFound(f"There is no metric #{metric_id} (it may have been removed).")
    return Metric(*row, milestones=milestones_of(tx, [metric_id]).get(metric_id, {}))


def _check_unique(tx: Transaction, initiative_id: int, d: MetricDraft, except_id: int | None) -> None:
    taken = tx.execute(
        "SELECT count(*) FROM metrics WHERE initiative_id = ? AND lower(department) = lower(?) "
        "AND lower(name) = lower(?) AND NOT archived AND id IS DISTINCT FROM ?",
        [initiative_id, d.department, d.name, except_id]).fetchone()[0]
    if taken:
        raise ValidationError([Problem("name", f"{d.department} already has a metric called '{d.name}'.")])


def _write_milestones(tx: Transaction, metric_id: int, milestones: Mapping[int, float]) -> None:
    tx.execute("DELETE FROM metric_milestones WHERE metric_id = ?", [metric_id])
    if milestones:
        tx.executemany("INSERT INTO metric_milestones VALUES (?, ?, ?)",
                       [[metric_id, m, float(v)] for m, v in sorted(milestones.items())])


def insert(tx: Transaction, initiative_id: int, draft: MetricDraft) -> int:
    """Create within an open transaction (used by `create`, the example and imports)."""
    d = draft.cleaned()
    problems = validate(d)
    if problems:
        raise ValidationError(problems)
    require(tx.actor, Action.EDIT_DEPARTMENT_DATA, d.department)
    if d.is_savings:
        require(tx.actor, Action.COUNT_SAVINGS)
    _check_unique(tx, initiative_id, d, None)
    position = tx.execute("SELECT coalesce(max(position), 0) + 1 FROM metrics WHERE initiative_id = ?",
                          [initiative_id]).fetchone()[0]
    new_id = tx.execute(
        """INSERT INTO metrics (initiative_id, department, name, unit, direction, baseline, target, is_savings,
                                position, created_by, created_at, updated_by, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
        [initiative_id, d.department, d.name, d.unit, d.direction, float(d.baseline), float(d.target),
         d.is_savings, position, tx.actor.name, tx.now, tx.actor.name, tx.now]).fetchone()[0]
    _write_milestones(tx, new_id, d.milestones)
    tx.audit(action="create", entity="metric", entity_id=new_id, initiative_id=initiative_id,
             summary=f"Added metric '{d.name}' ({d.department})", after=_load(tx, new_id).record())
    return new_id


def _savings_side(d: MetricDraft) -> tuple:
    """What of a metric feeds the initiative's ROI when it counts as savings."""
    return (d.is_savings, d.unit, d.direction, d.baseline, d.target)


def create(store: Store, actor: Actor, initiative_id: int, draft: MetricDraft) -> int:
    return store.write(actor, Action.EDIT_DEPARTMENT_DATA, lambda tx: insert(tx, initiative_id, draft),
                       department=draft.cleaned().department)


def update(store: Store, actor: Actor, metric_id: int, draft: MetricDraft, *, expected_version: int) -> Metric:
    d = draft.cleaned()
    problems = validate(d)
    if problems:
        raise ValidationError(problems)

    def work(tx: Transaction) -> Metric:
        before = _load(tx, metric_id)
        require(tx.actor, Action.EDIT_DEPARTMENT_DATA, before.department)  # and the new one, via store.write
        if before.version != expected_version:
            raise StaleEdit(f"'{before.name}' was changed by {before.updated_by} after you opened it. "
                            "Nothing was saved; reload to see their change.")
        if d == before.draft().cleaned():
            tx.nothing_changed()
            return before
        if (before.is_savings or d.is_savings) and _savings_side(before.draft().cleaned()) != _savings_side(d):
            require(tx.actor, Action.COUNT_SAVINGS)  # it moves the initiative's ROI
        _check_unique(tx, before.initiative_id, d, metric_id)
        tx.execute("""UPDATE metrics SET department = ?, name = ?, unit = ?, direction = ?, baseline = ?,
                      target = ?, is_savings = ?, version = version + 1, updated_by = ?, updated_at = ?
                      WHERE id = ?""",
                   [d.department, d.name, d.unit, d.direction, float(d.baseline), float(d.target), d.is_savings,
                    tx.actor.name, tx.now, metric_id])
        _write_milestones(tx, metric_id, d.milestones)
        after = _load(tx, metric_id)
        changed = sorted(k for k, v in after.record().items() if before.record()[k] != v)
        tx.audit(action="update", entity="metric", entity_id=metric_id, initiative_id=before.initiative_id,
                 summary=f"Edited metric '{after.name}': {', '.join(changed)}",
                 before={k: before.record()[k] for k in changed}, after={k: after.record()[k] for k in changed})
        return after

    return store.write(actor, Action.EDIT_DEPARTMENT_DATA, work, department=d.department)


def archive(store: Store, actor: Actor, metric_id: int, *, expected_version: int) -> None:
    """Retire a metric: it leaves the dashboard and entry; its values and history stay."""
    def work(tx: Transaction) -> None:
        before = _load(tx, metric_id)
        require(tx.actor, Action.EDIT_DEPARTMENT_DATA, before.department)
        if before.is_savings:
            require(tx.actor, Action.COUNT_SAVINGS)  # retiring it moves the initiative's ROI
        if before.version != expected_version:
            raise StaleEdit(f"'{before.name}' was changed by {before.updated_by} after you opened it.")
        tx.execute("UPDATE metrics SET archived = true, version = version + 1, updated_by = ?, updated_at = ? "
                   "WHERE id = ?", [tx.actor.name, tx.now, metric_id])
        tx.audit(action="archive", entity="metric", entity_id=metric_id, initiative_id=before.initiative_id,
                 summary=f"Retired metric '{before.name}' ({before.department})",
                 before={"archived": False}, after={"archived": True})

    # The department is checked inside, against the stored record; the outer check only needs any right.
    store.write(actor, Action.EDIT_DEPARTMENT_DATA, work, department=_department_of(store, metric_id))


def _department_of(store: Store, metric_id: int) -> str | None:
    row = store.fetch_one("SELECT department FROM metrics WHERE id = ?", [metric_id])
    return row[0] if row else None
