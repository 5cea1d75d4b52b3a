"""Step 5 metrics from a sheet, wide (metric per row, months as columns) or long (metric and month per row).

Out come metric definitions (one per department + name) and monthly values, each pinned to the sheet row
and column it came from. The rules, in the order they apply:
- unit: the Unit column, else the unit in the metric's label ("Cost per ticket ($)"), else the unit written
  in its cells ("$45/unit" -> $/unit, "8.2%" -> %);
- direction: the Better-when column, else a "<" or ">" in the target ("<3%"), else the target against the
  baseline (a target below the baseline means lower is better), else the metric as stored, else the
  person's choice for the file;
- department: the Department column, else the group label above the rows, else the person's choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from sprint.importing import cells
from sprint.importing.layout import Table, column_letter
from sprint.importing.mapping import Mapping
from sprint.importing.months import MonthRef, sprint_month_of
from sprint.steps.outcomes import store as metric_rules
from sprint.steps.outcomes.store import MAX_MONTHS, MetricDraft
from sprint.steps.outcomes.store import NAME_MAX as METRIC_NAME_MAX
from sprint.text_limits import DEPARTMENT_MAX, UNIT_MAX
from sprint.values import Parsed, allows_negative, unit_kind

_LABEL_UNIT = re.compile(r"^(.*?)\s*[(\[]\s*(\$[^)\]]*|%|€|£|hours?|hrs?|minutes?|mins?|days?|count|#|"
                         r"tickets?|units?|per cent|percent|usd)\s*[)\]]\s*$", re.I)


@dataclass
class Located:
    """Where a problem is: the sheet row (1-based) and the column's index in the table (None: the row)."""

    row: int | None
    column: int | None
    message: str


@dataclass
class MetricDef:
    department: str
    name: str
    row: int
    unit: str | None = None
    direction: str | None = None
    baseline: float | None = None
    target: float | None = None
    is_savings: bool | None = None
    milestones: dict[int, float] = field(default_factory=dict)
    undefined: bool = False  # new, with neither baseline nor target: created to be defined on Step 5
    cell_units: set[str] = field(default_factory=set)
    target_bound: str = ""


@dataclass
class MetricRows:
    metrics: list[MetricDef]
    actuals: pd.DataFrame  # department, name, month_index, value, row, column
    refs: list[MonthRef]
    problems: list[Located]
    notes: list[str]


def split_label(label: str) -> tuple[str, str | None]:
    """'Cost per resolved ticket ($)' -> ('Cost per resolved ticket', '$'); a label without a unit unchanged."""
    match = _LABEL_UNIT.match(label)
    if not match or not match.group(1).strip():
        return label, None
    unit = match.group(2).strip()
    unit = {"percent": "%", "per cent": "%", "usd": "$", "#": "count", "hr": "hours", "hrs": "hours",
            "hour": "hours", "min": "minutes", "mins": "minutes", "minute": "minutes"}.get(unit.lower(), unit)
    return match.group(1).strip(), unit


def _cell_unit(parsed: Parsed | None) -> str | None:
    return parsed.unit or None if parsed else None


def build(table: Table, mapping: Mapping, *, start, existing: dict[tuple[str, str], dict],
          department_default: str | None, direction_default: str | None,
          decimal: str | None) -> MetricRows:
    """`existing` maps (department lower, name lower) to the stored metric's fields (unit, direction, ...)."""
    col = {k: table.columns.index(v) for k, v in mapping.columns.items() if v}
    problems: list[Located] = []
    notes: list[str] = []
    n = len(table.rows)

    def texts(key: str) -> list[str]:
        return cells.texts(table.column_values(col[key])) if key in col else [""] * n

    def numbers(key: str) -> cells.Numbers:
        if key not in col:
            return cells.Numbers([None] * n, {}, {})
        out, bad = cells.number_values(table.column_values(col[key]), decimal)
        problems.extend(Located(table.rows[p.index].number, col[key], p.message) for p in bad)
        return out

    names, units_given = texts("metric"), texts("unit")
    departments = texts("department")
    baselines, targets = numbers("baseline"), numbers("target")
    monthly_targets = mapping.target == "metrics_long" and "target" in col and _varies(
        targets.values, [(d.casefold(), n.casefold()) for d, n in zip(departments, names, strict=True)])
    if monthly_targets:  # a log whose target changes month by month: monthly milestones, not one end target
        row_targets, targets = targets, cells.Numbers([None] * n, {}, {})
        notes.append(f"'{table.columns[col['target']]}' changes from month to month for the same metric: read as "
                     "monthly milestone targets. Each metric's end target is left for Step 5.")
    directions = [None] * n
    if "direction" in col:
        f = mapping_field(mapping, "direction")
        directions, bad = cells.choices(table.column_values(col["direction"]), f.choices, None, ("lower", "higher"))
        problems.extend(Located(table.rows[p.index].number, col["direction"], p.message) for p in bad)
    savings = [None] * n
    if "is_savings" in col:
        savings, bad = cells.booleans(table.column_values(col["is_savings"]), False)
        problems.extend(Located(table.rows[p.index].number, col["is_savings"], p.message) for p in bad)

    # A metric without a department in the file belongs to the one department that has it stored, if one does.
    stored_in: dict[str, set[str]] = {}
    for dept_key, name_key in existing:
        stored_in.setdefault(name_key, set()).add(existing[(dept_key, name_key)]["department"])
    defs: dict[tuple[str, str], MetricDef] = {}
    row_department: list[str] = []
    row_name: list[str] = []
    labels: dict[str, tuple[str, str | None]] = {}
    merged: dict[tuple[str, str], tuple] = {}  # the definition cells last folded in, per metric
    for i, row in enumerate(table.rows):
        label = names[i]
        split = labels.get(label)
        if split is None:
            split = labels[label] = split_label(label) if label else ("", None)
        name, label_unit = split
        known = stored_in.get(name.casefold(), set())
        dept = departments[i] or (row.section or "") or (next(iter(known)) if len(known) == 1 else "") \
            or (department_default or "")
        row_department.append(dept)
        row_name.append(name)
        if not name:
            problems.append(Located(row.number, col["metric"], "the metric has no name"))
            continue
        if not dept:
            problems.append(Located(row.number, col.get("department"), f"say which department reports '{name}' "
                                                                        "(a Department column, or the department "
                                                                        "for rows without one)"))
            continue
        too_long = (len(name) > METRIC_NAME_MAX or len(dept) > DEPARTMENT_MAX
                    or len(units_given[i] or label_unit or "") > UNIT_MAX)
        if too_long:  # the row's values are not read either: its metric is not defined
            row_name[-1] = row_department[-1] = ""
        if len(name) > METRIC_NAME_MAX:
            problems.append(Located(row.number, col["metric"], f"the metric name has {len(name):,} characters; "
                                                               f"keep it under {METRIC_NAME_MAX}"))
            continue
        if len(dept) > DEPARTMENT_MAX:
            problems.append(Located(row.number, col.get("department"), f"the department has {len(dept):,} "
                                                                        f"characters; keep it under {DEPARTMENT_MAX}"))
            continue
        unit_here = units_given[i] or label_unit
        if unit_here and len(unit_here) > UNIT_MAX:
            problems.append(Located(row.number, col.get("unit", col["metric"]),
                                    f"the unit has {len(unit_here):,} characters; keep it under {UNIT_MAX}"))
            continue
        key = (dept.casefold(), name.casefold())
        metric = defs.get(key)
        if metric is None:
            metric = defs[key] = MetricDef(dept, name, row.number)
        elif mapping.month_columns:  # wide: one row per metric
            problems.append(Located(row.number, col["metric"], f"'{name}' ({dept}) appears twice: also on row "
                                                               f"{metric.row}; keep one row per metric"))
            continue
        cells_here = (units_given[i] or label_unit, baselines.values[i], baselines.units.get(i),
                      targets.values[i], targets.units.get(i), targets.bounds.get(i), directions[i], savings[i])
        if merged.get(key) == cells_here:
            continue  # the long layout repeats a metric's definition on each of its rows
        merged[key] = cells_here
        _merge(metric, row.number, col, problems, unit=cells_here[0], baseline=baselines.parsed(i),
               target=targets.parsed(i), direction=directions[i], is_savings=savings[i])

    if mapping.target == "metrics_wide":
        actuals, refs = _wide_values(table, mapping, defs, row_department, row_name, start, decimal, problems,
                                     notes)
    else:
        actuals, refs = _long_values(table, col, defs, row_department, row_name, start, decimal, problems)
        if monthly_targets:
            _milestones(table, col, defs, row_department, row_name, row_targets, start)
    for metric in defs.values():
        _settle(metric, existing.get((metric.department.casefold(), metric.name.casefold())), direction_default,
                problems)
    return MetricRows(list(defs.values()), actuals, refs, problems, notes)


def _varies(values: list[float | None], keys: list[tuple[str, str]]) -> bool:
    seen: dict[tuple[str, str], float] = {}
    for key, value in zip(keys, values, strict=True):
        if value is None:
            continue
        if key in seen and abs(seen[key] - value) > 1e-9:
            return True
        seen.setdefault(key, value)
    return False


def _milestones(table, col, defs, row_department, row_name, targets: cells.Numbers, start) -> None:
    refs, _ = cells.months(table.column_values(col["month"]))
    for i, ref in enumerate(refs):
        value = targets.values[i]
        if ref is None or value is None or not row_name[i] or not row_department[i]:
            continue
        metric = defs.get((row_department[i].casefold(), row_name[i].casefold()))
        month = sprint_month_of(ref, start)
        if metric is not None and 1 <= month <= MAX_MONTHS:
            metric.milestones[month] = value


def mapping_field(mapping: Mapping, key: str):
    from sprint.importing.targets import BY_KEY

    return BY_KEY[mapping.target].field(key)


def _merge(metric: MetricDef, row: int, col: dict[str, int], problems: list[Located], *, unit, baseline, target,
           direction, is_savings) -> None:
    """Fold one row's definition cells into the metric; a second row may repeat them but not contradict."""
    for key, value in (("unit", unit), ("direction", direction), ("is_savings", is_savings)):
        if value in (None, ""):
            continue
        before = getattr(metric, key)
        if before not in (None, "") and before != value:
            problems.append(Located(row, col.get(key), f"says {value!r} but row {metric.row} says {before!r} for "
                                                       f"'{metric.name}'"))
        else:
            setattr(metric, key, value)
    for key, parsed in (("baseline", baseline), ("target", target)):
        if parsed is None:
            continue
        before = getattr(metric, key)
        if before is not None and before != parsed.value:
            problems.append(Located(row, col.get(key), f"{key} {parsed.value:g} differs from {before:g} on row "
                                                       f"{metric.row} for '{metric.name}'"))
            continue
        setattr(metric, key, parsed.value)
        if parsed.unit:
            metric.cell_units.add(parsed.unit)
        if key == "target" and parsed.bound:
            metric.target_bound = parsed.bound


def _month_index(ref: MonthRef, start, row: int, column: int | None, problems: list[Located]) -> int | None:
    month = sprint_month_of(ref, start)
    if not 1 <= month <= MAX_MONTHS:
        when = "before the sprint started" if month < 1 else f"after month {MAX_MONTHS}"
        problems.append(Located(row, column, f"this month is {when} (sprint month {month}); the sprint starts "
                                             f"{start.isoformat()}"))
        return None
    return month


def _wide_values(table, mapping, defs, row_department, row_name, start, decimal, problems, notes):
    records = []
    refs = list(mapping.month_columns.values())
    for header, ref in mapping.month_columns.items():
        c = table.columns.index(header)
        read, bad = cells.number_values(table.column_values(c), decimal)
        problems.extend(Located(table.rows[p.index].number, c, p.message) for p in bad)
        month = None
        for i in range(len(read.values)):
            parsed = read.parsed(i)
            if parsed is None or not row_name[i] or not row_department[i]:
                continue
            if month is None:
                month = _month_index(ref, start, table.rows[i].number, c, problems)
                if month is None:
                    break
            metric = defs[(row_department[i].casefold(), row_name[i].casefold())]
            if parsed.unit:
                metric.cell_units.add(parsed.unit)
            if mapping.months_are_targets or ref.is_target:
                metric.milestones[month] = parsed.value
            else:
                records.append((metric.department, metric.name, month, parsed.value, table.rows[i].number, c))
    return _frame(records), refs


def _long_values(table, col, defs, row_department, row_name, start, decimal, problems):
    month_refs, bad = cells.months(table.column_values(col["month"]))
    problems.extend(Located(table.rows[p.index].number, col["month"], p.message) for p in bad)
    read, bad = cells.number_values(table.column_values(col["value"]), decimal)
    problems.extend(Located(table.rows[p.index].number, col["value"], p.message) for p in bad)
    values = read.values
    month_of: dict[MonthRef, int | None] = {}
    for i, ref in enumerate(month_refs):
        if ref is not None and ref not in month_of:
            month_of[ref] = _month_index(ref, start, table.rows[i].number, col["month"], problems)
    canonical = {key: (m.department, m.name) for key, m in defs.items()}
    keys = [canonical.get((d.casefold(), n.casefold())) if d and n else None
            for d, n in zip(row_department, row_name, strict=True)]
    months = [month_of.get(r) if r is not None else None for r in month_refs]
    keep = [i for i in range(len(keys)) if keys[i] is not None and months[i] is not None and values[i] is not None]
    for i, unit in read.units.items():
        if keys[i] is not None:
            defs[(keys[i][0].casefold(), keys[i][1].casefold())].cell_units.add(unit)
    frame = pd.DataFrame({"department": [keys[i][0] for i in keep], "name": [keys[i][1] for i in keep],
                          "month_index": [months[i] for i in keep], "value": [values[i] for i in keep],
                          "row": [table.rows[i].number for i in keep], "column": col["value"]})
    dupes = frame[frame.duplicated(["department", "name", "month_index"], keep=False)]
    for _, group in dupes.groupby(["department", "name", "month_index"], sort=False):
        first = int(group["row"].iloc[0])
        for _, r in group.iloc[1:].iterrows():
            problems.append(Located(int(r["row"]), col["month"], f"'{r['name']}' month {r['month_index']} is also "
                                                                 f"on row {first}; keep one row per metric and month"))
    return frame, [r for r in month_of]


def _frame(records: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame.from_records(records, columns=["department", "name", "month_index", "value", "row", "column"])


def _settle(metric: MetricDef, stored: dict | None, direction_default: str | None, problems: list[Located]) -> None:
    """Fill what the file left open from what is stored, then infer unit and direction, then check the result
    with the same rules as the Step 5 form."""
    stored = stored or {}
    if metric.unit is None and stored:
        metric.unit = stored.get("unit")  # '$' in a values file's cells never renames a '$/month' metric's unit
    if metric.direction is None and not metric.target_bound and stored:
        metric.direction = stored.get("direction")  # nor does a new target turn which way is better
    if metric.unit is None:
        units = sorted(metric.cell_units)
        metric.unit = units[0] if len(units) == 1 else stored.get("unit", "" if not units else None)
        if metric.unit is None:
            problems.append(Located(metric.row, None, f"'{metric.name}' mixes units ({', '.join(units)}); add a "
                                                      "Unit column"))
            return
    if metric.direction is None and metric.target_bound:
        metric.direction = "lower" if metric.target_bound == "<" else "higher"
    if metric.direction is None and metric.baseline is not None and metric.target is not None \
            and metric.baseline != metric.target:
        metric.direction = "lower" if metric.target < metric.baseline else "higher"
    for key in ("direction", "baseline", "target", "is_savings"):
        if getattr(metric, key) is None and key in stored:
            setattr(metric, key, stored[key])
    if metric.direction is None:
        metric.direction = direction_default
    if stored:
        return  # an existing metric: only what the file states changes
    missing = [k for k in ("baseline", "target") if getattr(metric, k) is None]
    if len(missing) == 2:  # a monthly log of metrics nobody has defined yet: created, to be defined on Step 5
        metric.undefined = True
        metric.direction = metric.direction or "lower"
        draft = MetricDraft(metric.name, metric.department, metric.unit or "", metric.direction, 0.0, 0.0,
                            bool(metric.is_savings) and unit_kind(metric.unit or "") == "money", metric.milestones)
        for problem in metric_rules.validate(draft):
            if problem.field not in ("baseline", "target"):
                problems.append(Located(metric.row, None, f"'{metric.name}' {problem.field}: {problem.message}"))
        return
    if missing:
        problems.append(Located(metric.row, None, f"'{metric.name}' is new and has no {' or '.join(missing)}: add "
                                                  f"{'columns' if len(missing) > 1 else 'a column'} for "
                                                  f"{' and '.join(missing)}, or define it on Step 5 first"))
        return
    if metric.direction is None:
        problems.append(Located(metric.row, None, f"'{metric.name}': choose whether lower or higher is better "
                                                  "(its target equals its baseline)"))
        return
    draft = MetricDraft(metric.name, metric.department, metric.unit or "", metric.direction, metric.baseline,
                        metric.target, bool(metric.is_savings) and unit_kind(metric.unit or "") == "money",
                        metric.milestones)
    for problem in metric_rules.validate(draft):
        problems.append(Located(metric.row, None, f"'{metric.name}' {problem.field}: {problem.message}"))


def negative_values(rows: MetricRows) -> list[Located]:
    """Actuals below zero for a metric whose unit can't be (a count, a duration)."""
    units = {(m.department, m.name): m.unit or "" for m in rows.metrics}
    out = []
    frame = rows.actuals[rows.actuals["value"] < 0]
    for _, r in frame.iterrows():
        unit = units.get((r["department"], r["name"]), "")
        if not allows_negative(unit):
            out.append(Located(int(r["row"]), int(r["column"]), f"a {unit_kind(unit)} can't be negative "
                                                                f"({r['value']:g})"))
    return out


def where(table: Table, located: Located) -> tuple[str | None, str | None]:
    """(column letter, header) of a located problem."""
    if located.column is None:
        return None, None
    return column_letter(located.column), table.columns[located.column]
