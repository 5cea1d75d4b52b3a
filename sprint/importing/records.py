"""The simpler targets: rows of one table per initiative (features, compliance statuses, the data register,
shadow sessions, workflow steps, check-ins) and the initiatives themselves.

Each row has a natural key (a feature's name, a check-in's date, ...): a row whose key is stored is updated in
the columns the file maps, and only when something differs; re-importing the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace

from sprint import compliance_catalog, initiatives
from sprint.importing import cells
from sprint.importing.layout import Table, normal
from sprint.importing.mapping import Mapping
from sprint.importing.metric_rows import Located
from sprint.importing.targets import BOOL, BY_KEY, CHOICE, DATE, NUMBER, SCALE, SHARE, Field
from sprint.text_limits import TEXT_MAX


@dataclass(frozen=True)
class Spec:
    table: str
    key: tuple[str, ...]
    stamps: tuple[str, ...]  # who/when columns set on insert (and "updated_*" also on update)
    position: bool = False  # new rows go after the existing ones
    versioned: bool = False


SPECS = {
    "features": Spec("features", ("name",), ("created_by", "created_at", "updated_by", "updated_at"), position=True,
                     versioned=True),
    "compliance": Spec("obligation_status", ("obligation_id",), ("updated_by", "updated_at")),
    "register": Spec("data_register", ("name", "kind"), (), position=True),
    "sessions": Spec("shadow_sessions", ("held_on", "person_role"), ("created_by", "created_at")),
    "steps": Spec("workflow_steps", ("position",), ()),
    "checkins": Spec("checkins", ("held_on",), ("created_by", "created_at")),
    "risks": Spec("risks", ("title",), (), position=True),
    "initiatives": Spec("initiatives", ("name",), ("created_by", "created_at", "updated_by", "updated_at"),
                        versioned=True),
}
NAME_MAX = initiatives.NAME_MAX


@dataclass
class Record:
    row: int
    values: dict[str, object]  # database column -> value

    def key(self, spec: Spec) -> tuple:
        return tuple(_keyable(self.values[k]) for k in spec.key)


@dataclass
class RecordRows:
    records: list[Record]
    mapped: list[str]  # the database columns the file provides (updates touch only these)
    problems: list[Located]
    notes: list[str] = field(default_factory=list)


def _keyable(value: object) -> object:
    return value.casefold().strip() if isinstance(value, str) else value


def _column_for(target_key: str, f: Field) -> str:
    return "obligation_id" if f.key == "obligation" else f.key


def build(table: Table, mapping: Mapping, *, decimal: str | None, today: dt.date) -> RecordRows:
    target = BY_KEY[mapping.target]
    spec = SPECS[target.key]
    col = {k: table.columns.index(v) for k, v in mapping.columns.items() if v}
    problems: list[Located] = []
    n = len(table.rows)
    columns: dict[str, list[object]] = {}
    for f in target.fields:
        if f.key not in col:
            continue
        raw = table.column_values(col[f.key])
        if f.kind == CHOICE and mapping.value_maps.get(f.key):
            f = replace(f, choices={**f.choices, **{normal(k): v for k, v in mapping.value_maps[f.key].items()}})
        values, bad = _read(f, raw, decimal, mapping.date_order)
        problems.extend(Located(table.rows[p.index].number, col[f.key], p.message) for p in bad)
        # an inventory row without a name still counts; a risk without a title is named after its ref or event
        lenient = (target.key, f.key) in (("initiatives", "name"), ("risks", "title"))
        unreadable = {p.index for p in bad}  # already said what is wrong with it: never also "is blank"
        for i, v in enumerate(values):
            if f.required and not lenient and v in (None, "") and i not in unreadable and \
                    (raw[i] is None or not str(raw[i]).strip()):  # blank in the file, not a value asked about
                problems.append(Located(table.rows[i].number, col[f.key], f"{f.label} is blank"))
        columns[_column_for(target.key, f)] = values
    notes: list[str] = []
    from_file = list(columns)
    if target.key == "compliance" and "obligation_id" in columns:
        columns["obligation_id"] = _obligation_ids(columns["obligation_id"], table, col["obligation"], problems)
    keep = None
    if target.key == "risks":
        _risk_rules(columns, table, col, problems, notes, decimal)
        from_file = list(columns)
    if target.key == "initiatives":
        keep = _in_use(columns, table, col, notes)
        _initiative_rules(columns, table, col, problems, notes, today)
    if target.key == "steps":
        columns["position"] = list(range(1, n + 1))
        columns.setdefault("system", [""] * n)
        columns["system"] = [v if v is not None else "" for v in columns["system"]]
    if target.key == "register":
        columns.setdefault("kind", [BY_KEY["register"].field("kind").default] * n)
    if target.key == "features" and "name" in columns:
        _apart(columns, table, notes)
    records = [Record(table.rows[i].number, {c: vals[i] for c, vals in columns.items()}) for i in range(n)
               if keep is None or keep[i]]
    seen: dict[tuple, int] = {}
    key_column = col.get(spec.key[0] if spec.key[0] != "obligation_id" else "obligation")
    for record in records:
        if any(record.values.get(k) in (None, "") for k in spec.key):
            continue
        key = record.key(spec)
        if key in seen:
            problems.append(Located(record.row, key_column, f"repeats row {seen[key]} "
                                                            f"({', '.join(str(record.values[k]) for k in spec.key)})"))
        else:
            seen[key] = record.row
    mapped = [c for c in from_file if c != "in_use"] + (["position"] if target.key == "steps" else [])
    return RecordRows(records, mapped, problems, notes)


def _apart(columns: dict[str, list[object]], table: Table, notes: list[str]) -> None:
    """Features of the same name on several rows are different rows of the backlog (scored differently): each
    later one is kept apart as 'Name #2', 'Name #3', never merged into the first or dropped."""
    seen: dict[str, int] = {}
    names = columns["name"]
    renamed, first = 0, None
    taken = {str(v).casefold() for v in names if v}
    for i, name in enumerate(names):
        if name in (None, ""):
            continue
        key = str(name).casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            number = seen[key]
            while f"{name} #{number}".casefold() in taken:
                number += 1
            names[i] = f"{name} #{number}"
            taken.add(names[i].casefold())
            renamed += 1
            first = first or (table.rows[i].number, names[i])
    if renamed:
        notes.append(f"{renamed:,} row{'s' if renamed != 1 else ''} share a name with an earlier row: kept apart as "
                     f"'{first[1]}' (row {first[0]}){' and so on' if renamed > 1 else ''}, so no row is merged or "
                     "lost.")


def _read(f: Field, raw: list[object], decimal: str | None,
          date_order: str | None = None) -> tuple[list[object], list[cells.CellProblem]]:
    if f.kind in (NUMBER, SHARE):
        parsed, bad = cells.numbers(raw, decimal)
        values = [p.value if p else f.default for p in parsed]
        if f.kind == SHARE:
            for i, v in enumerate(values):
                if v is not None and not 0 <= v <= 100:
                    bad.append(cells.CellProblem(i, f"{v:g}% is not a share between 0 and 100%"))
        for i, v in enumerate(values):
            if v is not None and v < 0 and f.kind == NUMBER:
                bad.append(cells.CellProblem(i, f"{f.label} can't be negative ({v:g})"))
        return values, bad
    if f.kind == DATE:
        return cells.dates(raw, date_order)
    if f.kind == SCALE:
        from sprint.risks import read_scale

        values, problems, cache = [], [], {}
        for i, value in enumerate(raw):
            key = value if isinstance(value, str | int | float) else str(value)
            if key not in cache:
                cache[key] = read_scale(value)
            scale, problem = cache[key]
            values.append(scale)
            if problem:
                problems.append(cells.CellProblem(i, problem))
        return values, problems
    if f.kind == BOOL:
        return cells.booleans(raw, f.default)
    if f.kind == CHOICE:
        allowed = sorted(set(f.choices.values()))
        return cells.choices(raw, f.choices, f.default, allowed)
    values = [cells.text_cell(v) for v in raw]
    return values, [cells.CellProblem(i, f"{f.label} has {len(v):,} characters; keep it under {TEXT_MAX:,}")
                    for i, v in enumerate(values) if isinstance(v, str) and len(v) > TEXT_MAX]


def _obligation_ids(values: list[object], table: Table, column: int, problems: list[Located]) -> list[object]:
    catalog = compliance_catalog.load()
    by_id = {o.id.casefold(): o.id for o in catalog.obligations}
    by_title = {normal(o.title): o.id for o in catalog.obligations}
    out = []
    for i, value in enumerate(values):
        text = str(value or "").strip()
        found = by_id.get(text.casefold()) or by_title.get(normal(text))
        if text and not found:
            problems.append(Located(table.rows[i].number, column, f"'{text[:60]}' is not in the obligations "
                                                                  "catalog; use its id or title from Step 2"))
        out.append(found or text)
    return out


def _shorten(name: str, room: int = 0) -> str:
    """Fit a name in NAME_MAX characters, leaving `room` for a suffix; cut at a word, marked with '…'."""
    limit = NAME_MAX - room
    if len(name) <= limit:
        return name
    return name[: limit - 1].rsplit(" ", 1)[0] + "…"


def _risk_rules(columns: dict[str, list[object]], table: Table, col: dict[str, int], problems: list[Located],
                notes: list[str], decimal: str | None) -> None:
    """A risk without a title is named after its event, cause or effect, else its ref; an Impact column of
    amounts (PRINCE2's 'Impact (monetary)') is the impact's cost, not a 1-5 rating."""
    n = len(table.rows)
    if "impact" in col and "impact_cost" not in col:
        raw = table.column_values(col["impact"])
        numbers = [v for v in raw if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers and sum(1 for v in numbers if v > 5) >= 0.5 * len(numbers):
            parsed, bad = cells.numbers(raw, decimal)
            columns["impact_cost"] = [p.value if p else None for p in parsed]
            columns["impact"] = [None] * n
            problems[:] = [p for p in problems if p.column != col["impact"]]  # amounts, not bad ratings
            problems.extend(Located(table.rows[p.index].number, col["impact"], p.message) for p in bad)
            col["impact_cost"] = col.pop("impact")
            notes.append(f"'{table.columns[col['impact_cost']]}' holds amounts, not 1-5 ratings: read as the "
                         "impact's cost.")
    titles = columns.get("title", [None] * n)
    refs = columns.get("ref", [None] * n)
    named, first = 0, None
    for i in range(n):
        if titles[i] in (None, ""):
            ref = refs[i]
            if isinstance(ref, str) and re.fullmatch(r"\d+\.0", ref):
                ref = ref[:-2]
            words = next((str(columns[k][i]) for k in ("event", "cause", "effect") if k in columns
                          and columns[k][i] not in (None, "")), None)
            titles[i] = words[:80] if words else f"Risk {ref}" if ref not in (None, "") else \
                f"Risk (row {table.rows[i].number})"
            named += 1
            first = first or titles[i]
    columns["title"] = titles
    if "ref" in columns:
        columns["ref"] = [re.sub(r"^(\d+)\.0$", r"\1", str(v)) if v not in (None, "") else "" for v in refs]
    if named:
        notes.append(f"{named} risk{'s have' if named != 1 else ' has'} no title: named after the event, cause or ref "
                     f"('{first}'{', ...' if named > 1 else ''}).")


def _in_use(columns: dict[str, list[object]], table: Table, col: dict[str, int], notes: list[str]) -> list[bool] | None:
    """An inventory's yes/no "in use" column (Agency Use (Y/N)?): rows saying no are not active initiatives and
    are left out, with a note; a blank counts as in use."""
    flags = columns.pop("in_use", None)
    if flags is None:
        return None
    raw = table.column_values(col["in_use"])
    keep = [not (raw[i] is not None and flags[i] is False) for i in range(len(flags))]
    left = keep.count(False)
    if left:
        notes.append(f"{left:,} row{'s' if left != 1 else ''} marked as not in use ('{table.columns[col['in_use']]}' "
                     f"says no) {'are' if left != 1 else 'is'} left out: only what is in use becomes an initiative.")
    return keep


def _initiative_rules(columns: dict[str, list[object]], table: Table, col: dict[str, int], problems: list[Located],
                      notes: list[str], today: dt.date) -> None:
    """Names shortened to fit, duplicates told apart by department then by number, start dates defaulted."""
    n = len(table.rows)
    names = [str(v or "") for v in columns.get("name", [""] * n)]
    shortened = sum(1 for v in names if len(v) > NAME_MAX)
    departments = [str(v or "") for v in columns.get("department", [""] * n)]
    counts: dict[str, int] = {}
    for name in names:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    used: set[str] = set()
    out, renamed, unnamed = [], 0, []
    for i, (name, dept) in enumerate(zip(names, departments, strict=True)):
        if not name:
            name = f"Unnamed use case (row {table.rows[i].number})"
            unnamed.append(name)
        base = _shorten(name)
        if counts.get(name.casefold(), 0) > 1 and dept:
            suffix = f" ({dept[:40]})"
            base = _shorten(name, len(suffix)) + suffix
        candidate, number = base, 2
        while candidate.casefold() in used:
            suffix = f" #{number}"
            candidate = _shorten(base, len(suffix)) + suffix
            number += 1
        renamed += candidate != _shorten(name)
        used.add(candidate.casefold())
        out.append(candidate)
    columns["name"] = out
    if unnamed:
        notes.append(f"{len(unnamed)} row{'s have' if len(unnamed) != 1 else ' has'} no name and "
                     f"{'are' if len(unnamed) != 1 else 'is'} named after {'their rows' if len(unnamed) != 1 else 'its row'}: "
                     f"'{unnamed[0]}'{', ...' if len(unnamed) > 1 else ''}.")
    if shortened:
        notes.append(f"{shortened} names were longer than {NAME_MAX} characters and were shortened.")
    if renamed:
        notes.append(f"{renamed} initiatives share a name with another row: they are told apart by their "
                     "department, then by a number.")
    starts = columns.get("start_date")
    if starts is None:
        columns["start_date"] = [today] * n
        notes.append(f"The file gives no start dates: each new initiative's sprint starts today ({today}).")
    else:
        blanks = sum(1 for v in starts if v is None)
        columns["start_date"] = [v or today for v in starts]
        if blanks:
            notes.append(f"{blanks} row{'s have' if blanks != 1 else ' has'} no start date: their sprint starts today ({today}).")
    if "stage" in columns:
        blank = sum(1 for i in range(n) if table.rows[i].cells[col["stage"]] is None)
        if blank:
            notes.append(f"{blank} rows without a stage start as pilots." if blank != 1
                         else "1 row without a stage starts as a pilot.")
    for key in ("department", "owner", "process"):
        for i, value in enumerate(columns.get(key, [])):
            if value and len(str(value)) > initiatives.TEXT_MAX:
                problems.append(Located(table.rows[i].number, col.get(key), f"{key} is {len(str(value))} characters; "
                                                                            f"the limit is {initiatives.TEXT_MAX}"))


# -- comparing with what is stored ----------------------------------------------------------------------------

def _where(spec: Spec, initiative_id: int | None) -> tuple[str, list[object]]:
    if spec.table == "initiatives":
        return "", []
    return " WHERE initiative_id = ?", [initiative_id]


def diff(cursor, target_key: str, rows: RecordRows, initiative_id: int | None):
    """(new, updated, unchanged) records, comparing the mapped columns with the stored row of the same key."""
    spec = SPECS[target_key]
    compare = [c for c in rows.mapped if c not in spec.key]
    select = list(spec.key) + compare
    where, params = _where(spec, initiative_id)
    stored = {}
    for row in cursor.execute(f"SELECT {', '.join(select)} FROM {spec.table}{where}", params).fetchall():  # noqa: S608
        stored[tuple(_keyable(v) for v in row[: len(spec.key)])] = dict(zip(compare, row[len(spec.key):], strict=True))
    new, updated, unchanged = [], [], []
    for record in rows.records:
        before = stored.get(record.key(spec))
        if before is None:
            new.append(record)
        elif any(_differs(before[c], record.values.get(c)) for c in compare):
            updated.append((record, before))
        else:
            unchanged.append(record)
    return new, updated, unchanged


def _differs(stored: object, incoming: object) -> bool:
    if isinstance(stored, float) or isinstance(incoming, float):
        try:
            return abs(float(stored or 0) - float(incoming or 0)) > 1e-9
        except (TypeError, ValueError):
            return True
    return (stored if stored is not None else "") != (incoming if incoming is not None else "")


def write(tx, target_key: str, rows: RecordRows, initiative_id: int | None) -> tuple[int, int, int]:
    spec = SPECS[target_key]
    new, updated, unchanged = diff(tx, target_key, rows, initiative_id)
    defaults = {f.key if f.key != "obligation" else "obligation_id": f.default
                for f in BY_KEY[target_key].fields if f.default is not None}
    position = 0
    if spec.position:
        position = tx.execute(f"SELECT coalesce(max(position), 0) FROM {spec.table} WHERE initiative_id = ?",  # noqa: S608
                              [initiative_id]).fetchone()[0]
    for record in new:
        values = {**defaults, **{k: v for k, v in record.values.items() if v is not None}}
        if spec.table != "initiatives":
            values["initiative_id"] = initiative_id
        if spec.position:
            position += 1
            values["position"] = position
        for stamp in spec.stamps:
            values[stamp] = tx.actor.name if stamp.endswith("_by") else tx.now
        names = list(values)
        tx.execute(f"INSERT INTO {spec.table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",  # noqa: S608
                   [values[c] for c in names])
    for record, _before in updated:
        values = {c: record.values.get(c) for c in rows.mapped if c not in spec.key}
        values = {c: (v if v is not None else defaults.get(c, "" if c not in ("due",) else None))
                  for c, v in values.items()}
        for stamp in spec.stamps:
            if stamp.startswith("updated"):
                values[stamp] = tx.actor.name if stamp.endswith("_by") else tx.now
        sets = ", ".join(f"{c} = ?" for c in values) + (", version = version + 1" if spec.versioned else "")
        where, params = _where(spec, initiative_id)
        keys = " AND ".join(f"{'lower(' + k + ')' if isinstance(record.values[k], str) else k} = ?" for k in spec.key)
        key_params = [record.values[k].casefold() if isinstance(record.values[k], str) else record.values[k]
                      for k in spec.key]
        tx.execute(f"UPDATE {spec.table} SET {sets}{where or ' WHERE true'} AND {keys}",  # noqa: S608
                   [*values.values(), *params, *key_params])
    return len(new), len(updated), len(unchanged)
