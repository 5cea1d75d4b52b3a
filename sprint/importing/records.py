"""The simpler targets: rows of one table per initiative (features, compliance statuses, the data register,
shadow sessions, workflow steps, check-ins) and the initiatives themselves.

Each row has a natural key (a feature's name, a check-in's date, ...): a row whose key is stored is updated in
the columns the file maps, and only when something differs; re-importing the same file changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sprint.importing import cells
from sprint.importing import record_rules as rules
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
        columns["obligation_id"] = rules.obligation_ids(columns["obligation_id"], table, col["obligation"], problems)
    keep = None
    if target.key == "risks":
        rules.risk_rules(columns, table, col, problems, notes, decimal)
        from_file = list(columns)
    if target.key == "initiatives":
        keep = rules.in_use(columns, table, col, notes)
        rules.initiative_rules(columns, table, col, problems, notes, today)
    if target.key == "steps":
        columns["position"] = list(range(1, n + 1))
        columns.setdefault("system", [""] * n)
        columns["system"] = [v if v is not None else "" for v in columns["system"]]
    if target.key == "register":
        columns.setdefault("kind", [BY_KEY["register"].field("kind").default] * n)
    if target.key == "features" and "name" in columns:
        rules.keep_apart(columns, table, notes)
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
        from sprint.steps.governance.risks import read_scale

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
