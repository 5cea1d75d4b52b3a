"""Monthly actuals: what department heads type each month, validated on the server and saved at once.

- Every cell is checked here (the browser's column limits are not a safeguard): numbers only, no
  negatives for counts and durations, a unit that matches the metric's.
- Blank means "not reported", never zero; blanking a saved value removes it (and the audit keeps it).
- A value more than 3x above or below last month's needs an explicit confirmation.
- Only the cells a person changed are written. If someone else changed one of those same cells since it
  was shown, nothing is saved and the person is told who and what, so no one overwrites anyone.
- One month of one department is one transaction with one audit entry listing each cell before/after.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import pandas as pd

from sprint import sql
from sprint.dates import month_label, sprint_month
from sprint.errors import Problem, SprintError, StaleEdit, ValidationError
from sprint.initiatives import Initiative
from sprint.permissions import Action, Actor
from sprint.steps.outcomes.rules import JUMP_LIMIT, jump_ratio
from sprint.steps.outcomes.store import MAX_MONTHS, Metric, list_metrics
from sprint.store import Store, Transaction
from sprint.values import NotANumber, UnitKind, allows_negative, format_value, parse_value, unit_kind


def actuals_by_metric(store: Store, initiative_id: int, department: str | None = None) -> dict[int, dict[int, float]]:
    """{metric_id: {month_index: value}} for the initiative's active metrics (one department or all)."""
    sql = ("SELECT a.metric_id, a.month_index, a.value FROM metric_actuals a JOIN metrics m ON m.id = a.metric_id "
           "WHERE m.initiative_id = ? AND NOT m.archived")
    params: list[object] = [initiative_id]
    if department is not None:
        sql += " AND m.department = ?"
        params.append(department)
    out: dict[int, dict[int, float]] = {}
    for metric_id, month, value in store.fetch_all(sql, params):
        out.setdefault(metric_id, {})[month] = value
    return out


@dataclass(frozen=True)
class EntryRow:
    metric: Metric
    last_month: float | None
    this_month: float | None


def entry_rows(store: Store, initiative_id: int, department: str, month_index: int) -> list[EntryRow]:
    """What the monthly entry table shows: each metric with last month's and this month's value."""
    items = list_metrics(store, initiative_id, department, with_milestones=False)
    values = store.fetch_all(
        "SELECT a.metric_id, a.month_index, a.value FROM metric_actuals a JOIN metrics m ON m.id = a.metric_id "
        "WHERE m.initiative_id = ? AND m.department = ? AND NOT m.archived AND a.month_index IN (?, ?)",
        [initiative_id, department, month_index - 1, month_index])
    found = {(metric_id, month): value for metric_id, month, value in values}
    return [EntryRow(m, found.get((m.id, month_index - 1)), found.get((m.id, month_index))) for m in items]


def month_values(store: Store, metric_ids: list[int], month_index: int) -> dict[int, float]:
    """{metric id: value} stored for one month of the given metrics."""
    rows = store.fetch_all("SELECT metric_id, value FROM metric_actuals WHERE month_index = ? "
                           "AND metric_id = ANY(?)", [month_index, metric_ids])
    return dict(rows)


def savings_by_month(store: Store, initiative_id: int) -> dict[int, float]:
    """Dollars saved per sprint month, summed over the initiative's metrics that count as savings."""
    rows = store.fetch_all(
        "SELECT a.month_index, sum(a.value) FROM metric_actuals a JOIN metrics m ON m.id = a.metric_id "
        "WHERE m.initiative_id = ? AND m.is_savings AND NOT m.archived GROUP BY 1 ORDER BY 1", [initiative_id])
    return {int(month): float(total) for month, total in rows}


def entries_frame(store: Store, initiative_id: int) -> pd.DataFrame:
    """Every actual with who entered it and when (for exports and history)."""
    return store.fetch_df(
        "SELECT m.department, m.name AS metric, a.month_index, a.value, a.entered_by, a.entered_at "
        "FROM metric_actuals a JOIN metrics m ON m.id = a.metric_id WHERE m.initiative_id = ? "
        "ORDER BY lower(m.department), m.position, a.month_index", [initiative_id])


def open_months(initiative: Initiative, today: dt.date) -> list[int]:
    """The sprint months one can report for today: month 1 up to the current one (at most 24)."""
    current = min(sprint_month(initiative.start_date, today), MAX_MONTHS)
    return list(range(1, current + 1))


@dataclass(frozen=True)
class Jump:
    metric: str
    previous: str
    new: str
    ratio: float


class JumpNeedsConfirmation(SprintError):
    """Some values moved more than 3x from last month; nothing was saved until the person confirms."""

    def __init__(self, jumps: list[Jump]):
        self.jumps = jumps
        listed = "; ".join(f"{j.metric}: {j.previous} -> {j.new} "
                           f"({'down to zero' if math.isinf(j.ratio) else f'{j.ratio:.1f}x'})" for j in jumps)
        super().__init__(f"These values moved more than {JUMP_LIMIT:g}x from last month: {listed}. "
                         "Check them, then confirm to save.")


@dataclass(frozen=True)
class SaveResult:
    saved: int
    cleared: int

    @property
    def changed(self) -> int:
        return self.saved + self.cleared


class _Facts(NamedTuple):
    id: int
    name: str
    unit: str
    baseline: float | None


def _parse_cell(metric: _Facts, typed: object) -> tuple[float | None, Problem | None]:
    try:
        parsed = parse_value(typed)
    except NotANumber as exc:
        example = format_value(metric.baseline if metric.baseline is not None else 45, metric.unit)
        return None, Problem(metric.name, f"{exc}; type a number such as {example}.")
    if parsed is None:
        return None, None
    if parsed.bound:
        return None, Problem(metric.name, f"type the value itself, without '{parsed.bound}'.")
    if parsed.unit and unit_kind(parsed.unit) != unit_kind(metric.unit) and unit_kind(parsed.unit) != UnitKind.OTHER:
        return None, Problem(metric.name, f"'{typed}' is in {parsed.unit} but this metric is in {metric.unit or 'plain numbers'}.")
    if parsed.value < 0 and not allows_negative(metric.unit):
        return None, Problem(metric.name, f"a {unit_kind(metric.unit)} can't be negative.")
    return parsed.value, None


def save_month(store: Store, actor: Actor, initiative: Initiative, department: str, month_index: int,
               typed: Mapping[int, object], shown: Mapping[int, float | None], *, today: dt.date,
               confirm_jumps: bool = False) -> SaveResult:
    """Save one department's month. `typed` holds what the person typed per metric id (only cells they
    touched), `shown` the values on their screen when they started (for conflict detection)."""
    months = open_months(initiative, today)
    if month_index not in months:
        first, last = (months[0], months[-1]) if months else (None, None)
        window = f"months {first}-{last}" if months else "no month yet (the sprint has not started)"
        raise ValidationError([Problem("month", f"month {month_index} is outside the sprint so far: you can "
                                                f"report {window}.")])
    # A narrow read on this hot path: only what validation needs, not whole Metric objects.
    metrics = {row[0]: _Facts(*row) for row in store.fetch_all(
        "SELECT id, name, unit, baseline FROM metrics WHERE initiative_id = ? AND department = ? AND NOT archived",
        [initiative.id, department])}
    problems: list[Problem] = []
    new_values: dict[int, float | None] = {}
    for metric_id, raw in typed.items():
        metric = metrics.get(metric_id)
        if metric is None:
            problems.append(Problem(f"metric #{metric_id}", f"is not a metric of {department} (removed?)."))
            continue
        value, problem = _parse_cell(metric, raw)
        if problem:
            problems.append(problem)
        elif value != shown.get(metric_id):
            new_values[metric_id] = value
    if problems:
        raise ValidationError(problems)
    if not new_values:
        return SaveResult(0, 0)

    label = month_label(initiative.start_date, month_index)

    def work(tx: Transaction) -> SaveResult:
        # This month (for conflicts) and last month (for jumps) of the typed metrics, in one query.
        stored = tx.execute("SELECT metric_id, month_index, value FROM metric_actuals WHERE month_index IN (?, ?) "
                            "AND metric_id = ANY(?)", [month_index - 1, month_index, list(new_values)]
                            ).fetchall()
        current = {i: v for i, month, v in stored if month == month_index}
        previous = {i: v for i, month, v in stored if month == month_index - 1}
        clashes = [i for i in new_values if current.get(i) != shown.get(i)]
        if clashes:
            who = tx.execute("SELECT DISTINCT entered_by FROM metric_actuals WHERE month_index = ? AND "
                             "metric_id = ANY(?) ORDER BY 1", [month_index, clashes]).fetchall()
            names = ", ".join(metrics[i].name for i in clashes)
            raise StaleEdit(f"{names} changed for {label} since you opened it "
                            f"({', '.join(w[0] for w in who) or 'someone else'} saved first). Nothing was "
                            "saved; reload to see their numbers, then enter yours again.")
        if not confirm_jumps:
            jumps = []
            for metric_id, value in new_values.items():
                ratio = jump_ratio(previous.get(metric_id), value) if value is not None else None
                if ratio is not None and ratio > JUMP_LIMIT:
                    m = metrics[metric_id]
                    jumps.append(Jump(m.name, format_value(previous[metric_id], m.unit), format_value(value, m.unit),
                                      ratio))
            if jumps:
                raise JumpNeedsConfirmation(jumps)  # nothing written: the transaction rolls back
        to_set = [(i, v) for i, v in new_values.items() if v is not None]
        to_clear = [i for i, v in new_values.items() if v is None]
        # One statement per kind for all cells (DuckDB's bulk path), not one per row: an UPDATE for cells
        # already stored (cheaper than an upsert), an INSERT for new ones.
        changed = [(i, v) for i, v in to_set if i in current]
        added = [(i, v) for i, v in to_set if i not in current]
        if changed:
            staged = f"SELECT {sql.unnest(['INTEGER'])} AS id, {sql.unnest(['DOUBLE PRECISION'])} AS v"
            tx.execute(f"UPDATE metric_actuals SET value = s.v, entered_by = ?, entered_at = ? FROM ({staged}) s "  # noqa: S608
                       "WHERE metric_actuals.metric_id = s.id AND metric_actuals.month_index = ?",
                       [tx.actor.name, tx.now, [i for i, _ in changed], [float(v) for _, v in changed], month_index])
        if added:
            tx.execute("INSERT INTO metric_actuals (metric_id, month_index, value, entered_by, entered_at) "
                       f"SELECT {sql.unnest(['INTEGER'])}, ?, {sql.unnest(['DOUBLE PRECISION'])}, ?, ?",
                       [[i for i, _ in added], month_index, [float(v) for _, v in added], tx.actor.name, tx.now])
        if to_clear:
            tx.execute("DELETE FROM metric_actuals WHERE month_index = ? AND metric_id = ANY(?)",
                       [month_index, to_clear])
        past = " (a past month)" if month_index < max(open_months(initiative, today)) else ""
        tx.audit(action="enter month", entity="actuals", entity_id=f"{department} / month {month_index}",
                 initiative_id=initiative.id,
                 summary=f"Entered {label}{past} for {department}: {len(to_set)} saved, {len(to_clear)} cleared",
                 before={metrics[i].name: current.get(i) for i in new_values},
                 after={metrics[i].name: v for i, v in new_values.items()})
        return SaveResult(len(to_set), len(to_clear))

    return store.write(actor, Action.EDIT_DEPARTMENT_DATA, work, department=department)
