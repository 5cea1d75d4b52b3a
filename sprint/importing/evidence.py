"""A target is suggested only on evidence: its key columns found by header, and their values fitting them.

Headers alone are easy to fool. "Project Activity" reads as an initiative name and a column of R/A/C/I letters
under "Product Manager" as a department: a RACI matrix then became nineteen initiatives run by departments
called R and A. Here a guessed target must also pass on the values, and a table that is recognisably
something we don't store (a RACI matrix) is named as such instead of being imported as something else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sprint.importing.cells import choices
from sprint.importing.layout import Table, normal
from sprint.importing.mapping import Mapping, score, suggest
from sprint.importing.targets import CHOICE, TARGETS, Target

_RACI = re.compile(r"^[RACIS](?:\s*[/,&+]?\s*[RACIS]){0,3}$")  # R, A, R/A, A/R, RACI, C & I, S (support)
# A one-letter code (R, x, A/R), not a name: two letters can be a real department (HR, IT, VA).
_CODE = re.compile(r"^(?:[A-Za-z][.)]?|[RACIS](?:\s*[/,&+]\s*[RACIS]){1,3})$")
SAMPLE = 500  # rows looked at: enough to judge a column, cheap on 120,000 rows
# An inventory names its use cases and says at least one more thing about each.
INVENTORY_DETAIL = ("department", "owner", "stage", "start_date", "process")


def _values(table: Table, column: int) -> list[str]:
    out = []
    for row in table.rows[:SAMPLE]:
        value = row.cells[column] if column < len(row.cells) else None
        if value is not None and str(value).strip():
            out.append(str(value).strip())
    return out


def mostly(values: list[str], pattern: re.Pattern, share: float = 0.8) -> bool:
    return bool(values) and sum(1 for v in values if pattern.match(v)) >= share * len(values)


def raci_columns(table: Table) -> list[str]:
    """The columns (after the first) whose values are RACI letters."""
    return [name for i, name in enumerate(table.columns) if i > 0
            and len(values := _values(table, i)) >= 2 and mostly(values, _RACI, 0.9)]


_PIVOT = re.compile(r"^(row labels|column labels|grand total|(sum|count|average|max|min) of .+)$", re.I)


def looks_like(table: Table) -> str | None:
    """What a table is, when it is something Production Sprint does not store; None otherwise."""
    if sum(1 for c in table.columns if _PIVOT.match(str(c).strip())) >= 1 and any(
            str(c).strip().lower() in ("row labels", "column labels") or _PIVOT.match(str(c).strip())
            for c in table.columns[:2]):
        return ("a pivot table (sums or counts worked out from other rows), not figures someone keeps; import "
                "the metrics themselves, with a baseline and a target")
    raci = raci_columns(table)
    if len(raci) >= 2 and len(raci) >= (len(table.columns) - 1) / 2:
        return "a RACI matrix (who is responsible, accountable, consulted and informed for each task)"
    return None


def unfit(target: Target, mapping: Mapping, table: Table) -> list[str]:
    """Why the values don't fit this target's mapping (empty when they do)."""
    index = {name: i for i, name in enumerate(table.columns)}
    reasons = []
    by_header = sum(1 for v in mapping.columns.values() if v) + bool(mapping.month_columns)  # before any is unmapped
    for key in ("department", "owner"):
        column = mapping.columns.get(key)
        if column and column in index and mostly(_values(table, index[column]), _CODE):
            label = target.field(key).label.lower()
            reasons.append(f"'{column}' holds one-letter codes, not {'an' if label[0] in 'aeiou' else 'a'} "
                           f"{label}")
            mapping.columns[key] = None
    for f in target.fields:  # a choice column must mostly hold its choices ('Active' is no compliance status)
        column = mapping.columns.get(f.key)
        if f.kind == CHOICE and f.choices and column and column in index:
            values = _values(table, index[column])
            _, misfits = choices(values, f.choices, None, [])  # read as the import reads them ("a) Pilot – ...")
            if values and len(misfits) > 0.5 * len(values):
                if not f.required:  # an optional column of other words ('Priority: Critical Risk'): not read
                    mapping.columns[f.key] = None
                    continue
                shown = ", ".join(dict.fromkeys(values[:40]))[:80]
                reasons.append(f"'{column}' holds {shown}: not {f.label.lower()} values")
                break
    if target.key == "initiatives" and not any(mapping.columns.get(k) for k in INVENTORY_DETAIL):
        reasons.append("an inventory names each use case and says at least one more thing about it (department, "
                       "owner, stage or start date); only a name column was found")
    elif by_header < 2 and not _named_list(target, mapping, table):
        reasons.append("only one of its columns was found, too little to tell")
    if target.key == "compliance" and mapping.columns.get("obligation") in index:
        from sprint.steps.compliance import rules as compliance_catalog

        catalog = compliance_catalog.load().by_id()
        titles = {normal(o.title) for o in catalog.values()} | {normal(k) for k in catalog}
        values = _values(table, index[mapping.columns["obligation"]])
        if values and sum(1 for v in values if normal(v) in titles) < 0.5 * len(values):
            reasons.append(f"'{mapping.columns['obligation']}' does not name obligations of the catalog")
    if target.key == "steps" and not (mapping.columns.get("activity") or mapping.columns.get("system")):
        reasons.append("a workflow says what happens at each step, or in which system; only who and how long "
                       "were found (a time log is not a workflow)")
    if target.key == "risks" and not (mapping.columns.get("likelihood") and mapping.columns.get("impact")) \
            and not mapping.columns.get("level") and not mapping.columns.get("score"):
        reasons.append("a risk register says how likely and how bad each risk is (likelihood and impact, a score "
                       "or a level); no such column was found")
    name = mapping.columns.get("name") if target.key == "initiatives" else None
    if name and name in index and mostly(_values(table, index[name]), _CODE):
        reasons.append(f"'{name}' holds codes, not names")
    return reasons


NAME_FIELDS = {"features": "name", "initiatives": "name", "register": "name"}


def _named_list(target: Target, mapping: Mapping, table: Table) -> bool:
    """A list whose sheet name or title says what it holds ('Product Backlog' over ID | Description | 1 | 2):
    its one column found is enough when that column is the target's name field, of distinct words."""
    key = NAME_FIELDS.get(target.key)
    column = mapping.columns.get(key) if key else None
    if table.named_for != target.key or not column or column not in table.columns:
        return False
    values = _values(table, table.columns.index(column))
    words = [v for v in values if re.search(r"[^\W\d_]{3,}", v)]
    return len(values) >= 3 and len(words) >= 0.8 * len(values) and len(set(words)) >= 0.8 * len(words) \
        and not mostly(values, _CODE)
UNHEADED = re.compile(r"^Column [A-Z]{1,3}$")
_ID_NUMBER = re.compile(r"^[#№]?\s*\d+(?:[.,]\d+)?$")


def unheaded_name(target: Target, mapping: Mapping, table: Table) -> str | None:
    """A backlog whose first columns carry no header (a number, then the hypothesis): when the target's name
    field found no column by header, the unheaded column of distinct words (not numbers, not codes) is the
    name. Sets it in `mapping` and returns the column, or None."""
    if target.key == "metrics_wide" and not mapping.columns.get("metric") and mapping.month_columns and table.columns:
        first = table.columns[0]  # 'Periode | 1 | 2 ...' over the rows: the metric names are in the first column
        values = _values(table, 0)
        if first not in mapping.month_columns and first not in mapping.columns.values() and len(set(values)) >= 2 \
                and not mostly(values, _ID_NUMBER, 0.5):
            mapping.columns["metric"] = first
            return first
        return None
    if target.key == "steps":
        return _unheaded_activity(mapping, table)
    key = NAME_FIELDS.get(target.key)
    if key is None:
        return None
    named = mapping.columns.get(key)
    if named and named in table.columns:
        values = _values(table, table.columns.index(named))
        if not values or not mostly(values, _ID_NUMBER):
            return None
        mapping.columns[key] = None  # 'Story ID' holds 1, 2, 3: numbers, not names
    described = mapping.columns.get("notes") if target.key == "features" else None
    if described and described in table.columns:  # a goals list: the description is what each row is
        values = _values(table, table.columns.index(described))
        if len(values) >= 2 and len(set(values)) >= 0.8 * len(values) and not mostly(values, _CODE):
            mapping.columns[key], mapping.columns["notes"] = described, None
            taken = set(mapping.columns.values())
            words = [normal(w) for w in target.field("notes").synonyms]
            mapping.columns["notes"] = next((c for w in words for c in table.columns
                                             if c not in taken and normal(c) == w), None)
            return described
    taken = set(mapping.columns.values())
    best, best_length = None, 0.0
    for i, column in enumerate(table.columns):
        if not UNHEADED.match(column) or column in taken:
            continue
        values = _values(table, i)
        words = [v for v in values if re.search(r"[A-Za-z]{3,}", v) and not mostly([v], _CODE)]
        if len(values) < 2 or len(words) < 0.8 * len(values) or len(set(words)) < 0.8 * len(words):
            continue
        length = sum(len(v) for v in words) / len(words)
        if length > best_length:
            best, best_length = column, length
    if best:
        mapping.columns[key] = best
    return best


def _unheaded_activity(mapping: Mapping, table: Table) -> str | None:
    """A list of steps whose text column has no header we know ('**Lead**' over '1. Input customer details',
    'a. Check the name'): when who does each step was found by header and what happens was not, the one other
    column of sentences is what happens. Sets it in `mapping` and returns the column, or None."""
    if mapping.columns.get("activity") or not mapping.columns.get("actor"):
        return None
    taken = set(mapping.columns.values())
    best, best_length = None, 0.0
    for i, column in enumerate(table.columns):
        if column in taken:
            continue
        values = _values(table, i)
        words = [v for v in values if re.search(r"[^\W\d_]{3,}\s+\S+\s+\S+", v)]  # three words at least
        if len(values) < 3 or len(words) < 0.8 * len(values) or len(set(words)) < 0.8 * len(words):
            continue
        length = sum(len(v) for v in words) / len(words)
        if length > best_length:
            best, best_length = column, length
    if best:
        mapping.columns["activity"] = best
    return best


@dataclass
class Guess:
    mapping: Mapping | None
    refusal: str | None  # one message saying what the file looks like and what it could become


def guess(table: Table) -> Guess:
    """The best target whose key columns are found by header and whose values fit them; or a refusal that
    names what the table looks like when we can tell (a RACI matrix, a risk register)."""
    what = looks_like(table)
    if what is None:
        suggested = [(t, suggest(t, table.columns)) for t in TARGETS]
        for t, m in suggested:
            unheaded_name(t, m, table)
        ranked = sorted(((score(t, m), i, t, m) for i, (t, m) in enumerate(suggested)), key=lambda x: (-x[0], x[1]))
        for value, _, target, mapping in ranked:
            if value <= 0:
                break
            if not unfit(target, mapping, table):
                return Guess(mapping, None)
    return Guess(None, refusal(table, what))


def describe(table: Table) -> str:
    shown = ", ".join(table.columns[:6]) + (f" and {len(table.columns) - 6} more" if len(table.columns) > 6 else "")
    return f"a table of {len(table.rows):,} row{'s' if len(table.rows) != 1 else ''} with columns {shown}"


def refusal(table: Table, what: str | None = None) -> str:
    """'Sheet X holds a table of 19 rows with columns ...: this looks like a RACI matrix, which Production
    Sprint does not store.' and the targets it could become, with what each is missing."""
    head = f"'{table.sheet}' holds {describe(table)}"
    if what:
        head += f": this looks like {what}, which Production Sprint does not store"
    options = []
    for target in TARGETS:
        mapping = suggest(target, table.columns)
        missing = [f.label for f in target.required if not mapping.columns.get(f.key)]
        if target.months_as_columns and not mapping.month_columns:
            missing.append("month columns")
        if not missing:
            reasons = unfit(target, mapping, table)
            if reasons:
                options.append(f"{target.label}: {reasons[0]}")
                continue
            options.append(f"{target.label}: its columns are there, but the values do not fit")
            continue
        options.append(f"{target.label} (needs {', '.join(missing)})")
    return (f"{head}. Nothing was imported. It could become, with the columns it lacks: " + "; ".join(options)
            + ". Choose what the rows are and map the columns yourself if one of these is right.")
