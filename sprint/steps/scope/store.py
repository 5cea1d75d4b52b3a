"""Step 1 storage: the features (or scenarios) of an initiative, and which side of the cut line each is on.

The list is edited as a table and saved at once: each row checked (per-cell messages, nothing written on
any problem), only changed rows written, and a row someone else changed meanwhile stops the save.
Phases: 'core' or 'phase 2'. Until a cut is made the core is the top five by impact; after that, a feature
added later starts in Phase 2 until someone moves it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from sprint.errors import NotFound, Problem, StaleEdit, ValidationError
from sprint.initiatives import Initiative
from sprint.lists import cell_text, is_blank, is_empty
from sprint.permissions import Action, Actor
from sprint.steps.scope import rules as scope
from sprint.store import Store, Transaction
from sprint.text_limits import one_line
from sprint.values import NotANumber, parse_value, usable

CORE, PHASE_2 = "core", "phase 2"
NAME_MAX = 160
COLUMNS = {"name": "Feature", "dollars_per_month": "$ saved / month", "hours_per_week": "Hours saved / week",
           "volume_share": "Share of volume %", "effort": "Effort", "notes": "Notes", "score": "Score"}


@dataclass(frozen=True)
class Feature:
    id: int
    initiative_id: int
    name: str
    dollars_per_month: float
    hours_per_week: float
    volume_share: float
    effort: str
    notes: str
    phase: str | None
    position: int
    version: int
    updated_by: str
    score: float | None = None  # the backlog's own score (RICE, ICE, ...), when it has one

    def candidate(self) -> scope.Candidate:
        """The figures ranked; a stored value that is not a usable number (see `invalid`) counts as 0."""
        dollars, hours, share = (v if usable(v) else 0.0
                                 for v in (self.dollars_per_month, self.hours_per_week, self.volume_share))
        return scope.Candidate(self.id, self.name, dollars, hours, share,
                               self.score if self.score is not None and usable(self.score) else None)

    @property
    def invalid(self) -> list[str]:
        """The columns whose stored value is not a usable number (infinity, NaN, absurd magnitude)."""
        return [COLUMNS[f] for f in ("dollars_per_month", "hours_per_week", "volume_share")
                if not usable(getattr(self, f))]

    def record(self) -> dict[str, object]:
        return {k: v for k, v in asdict(self).items() if k in (*COLUMNS, "phase")}


SELECT = ("SELECT id, initiative_id, name, dollars_per_month, hours_per_week, volume_share, effort, notes, phase, "
           "position, version, updated_by, score FROM features")


def list_features(store: Store, initiative_id: int) -> list[Feature]:
    rows = store.fetch_all(f"{SELECT} WHERE initiative_id = ? ORDER BY position, id", [initiative_id])  # noqa: S608
    return [Feature(*r) for r in rows]


def core_keys(items: Sequence[Feature], ranked: Sequence[scope.Ranked]) -> set[int]:
    """The features above the line: as set, or the top five by impact while no cut has been made."""
    if any(f.phase for f in items):
        return {f.id for f in items if f.phase == CORE}
    return {r.candidate.key for r in ranked[: scope.default_cut(len(ranked))]}


@dataclass(frozen=True)
class RowInput:
    """One table row as typed: `id` is None for a new row."""

    id: int | None
    values: Mapping[str, object]


def name_problem(name: str) -> str | None:
    """What is wrong with a feature's name as typed (already on one line), or None."""
    if not name:
        return "give the feature a name."
    if len(name) > NAME_MAX:
        return f"keep it under {NAME_MAX} characters."
    return None


def amount(raw: object) -> float:
    """A feature's saving as typed ($ a month, hours a week): blank is 0; raises NotANumber with the reason."""
    parsed = parse_value(raw)
    value = 0.0 if parsed is None else float(parsed.value)
    if value < 0:
        raise NotANumber("can't be negative")
    return value


def _number(problems: list[Problem], row: int, field: str, raw: object) -> float:
    try:
        value = amount(raw)
    except NotANumber as exc:
        problems.append(Problem(COLUMNS[field], f"{exc}.", row=row))
        return 0.0
    if field == "volume_share" and value > 100:
        problems.append(Problem(COLUMNS[field], "is a share of the volume: at most 100.", row=row))
    return value


def _score(problems: list[Problem], row: int, raw: object) -> float | None:
    """A backlog's own score: any number, blank for none."""
    if is_empty(raw) or not str(raw).strip():
        return None
    try:
        parsed = parse_value(raw)
    except NotANumber as exc:
        problems.append(Problem(COLUMNS["score"], f"{exc}.", row=row))
        return None
    return None if parsed is None else parsed.value


def clean_rows(rows: Sequence[RowInput]) -> list[tuple[int | None, dict]]:
    """Validate every row; raise with all problems (row numbers as shown, from 1) or return clean values."""
    problems: list[Problem] = []
    cleaned, seen = [], {}
    for n, row in enumerate(rows, start=1):
        if row.id is None and is_blank(row.values):
            continue  # a new row nobody typed in
        v = row.values
        name = one_line(cell_text(v.get("name")))
        wrong = name_problem(name)
        if wrong:
            problems.append(Problem(COLUMNS["name"], wrong, row=n))
        elif name.casefold() in seen:
            problems.append(Problem(COLUMNS["name"], f"'{name}' is also row {seen[name.casefold()]}.", row=n))
        else:
            seen[name.casefold()] = n
        values = {"name": name, **{f: _number(problems, n, f, v.get(f))
                                   for f in ("dollars_per_month", "hours_per_week", "volume_share")},
                  "effort": cell_text(v.get("effort")), "notes": cell_text(v.get("notes")),
                  "score": _score(problems, n, v.get("score"))}
        cleaned.append((row.id, values))
    if problems:
        raise ValidationError(problems)
    return cleaned


def volume_total(rows: Sequence[Mapping[str, object]]) -> float:
    return sum(float(r.get("volume_share") or 0) for r in rows)


def save_features(store: Store, actor: Actor, initiative_id: int, rows: Sequence[RowInput],
                  shown: Mapping[int, Feature]) -> dict[str, int]:
    """Save the whole table: new rows added, changed rows updated, rows no longer present deleted."""
    cleaned = clean_rows(rows)

    def work(tx: Transaction) -> dict[str, int]:
        current = {r[0]: Feature(*r) for r in tx.execute(f"{SELECT} WHERE initiative_id = ?",  # noqa: S608
                                                         [initiative_id]).fetchall()}
        kept = {i for i, _ in cleaned if i is not None}
        touched = [i for i, values in cleaned if i is not None and i in shown
                   and any(getattr(shown[i], k) != v for k, v in values.items())]
        removed = [i for i in shown if i not in kept]
        stale = [shown[i].name for i in (*touched, *removed) if i not in current or current[i].version != shown[i].version]
        if stale:
            raise StaleEdit(f"{', '.join(stale)} changed since you opened the list. Nothing was saved; reload to see "
                            "the latest, then make your changes again.")
        counts = {"added": 0, "changed": 0, "removed": 0}
        position = max((f.position for f in current.values()), default=0)
        for feature_id, values in cleaned:
            if feature_id is None:
                position += 1
                add_in(tx, initiative_id, values, position=position,
                       after_cut=any(f.phase for f in current.values()))
                counts["added"] += 1
            elif feature_id in touched:
                before = current[feature_id]
                tx.execute("UPDATE features SET name = ?, dollars_per_month = ?, hours_per_week = ?, volume_share = ?, "
                           "effort = ?, notes = ?, score = ?, version = version + 1, updated_by = ?, updated_at = ? "
                           "WHERE id = ?",
                           [*values.values(), tx.actor.name, tx.now, feature_id])
                changed = {k: v for k, v in values.items() if getattr(before, k) != v}
                tx.audit(action="update", entity="feature", entity_id=feature_id, initiative_id=initiative_id,
                         summary=f"Edited feature '{values['name']}': {', '.join(sorted(changed))}",
                         before={k: getattr(before, k) for k in changed}, after=changed)
                counts["changed"] += 1
        for feature_id in removed:
            tx.execute("DELETE FROM features WHERE id = ?", [feature_id])
            tx.audit(action="delete", entity="feature", entity_id=feature_id, initiative_id=initiative_id,
                     summary=f"Removed feature '{current[feature_id].name}'", before=current[feature_id].record())
            counts["removed"] += 1
        if not any(counts.values()):
            tx.nothing_changed()
        return counts

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def add_in(tx: Transaction, initiative_id: int, values: Mapping[str, object], *, position: int,
           after_cut: bool, summary: str = "") -> int:
    """Insert one checked feature (the keys of `clean_rows`' values, in their order) with its audit entry, inside a
    transaction that is already open. Once a cut is made a new feature goes to Phase 2 until someone moves it."""
    new_id = tx.execute(
        "INSERT INTO features (initiative_id, name, dollars_per_month, hours_per_week, volume_share, effort, "
        "notes, score, phase, position, created_by, created_at, updated_by, updated_at) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [initiative_id, *(values[k] for k in VALUE_KEYS), PHASE_2 if after_cut else None, position,
         tx.actor.name, tx.now, tx.actor.name, tx.now]).fetchone()[0]
    tx.audit(action="create", entity="feature", entity_id=new_id, initiative_id=initiative_id,
             summary=summary or f"Added feature '{values['name']}'", after=dict(values))
    return new_id


VALUE_KEYS = ("name", "dollars_per_month", "hours_per_week", "volume_share", "effort", "notes", "score")


def apply_cut(store: Store, actor: Actor, initiative: Initiative, core_count: int) -> int:
    """Draw the line after the top `core_count` by impact: those are the core, the rest Phase 2."""
    items = list_features(store, initiative.id)
    if not 0 <= core_count <= len(items):
        raise ValidationError([Problem("cut line", f"choose between 0 and {len(items)} features.")])
    ranked = scope.rank([f.candidate() for f in items], initiative.hourly_rate)
    core = [r.candidate.key for r in ranked[:core_count]]

    def work(tx: Transaction) -> int:
        tx.execute("UPDATE features SET phase = CASE WHEN id = ANY(?) THEN 'core' ELSE 'phase 2' END, "
                   "version = version + 1, updated_by = ?, updated_at = ? WHERE initiative_id = ?",
                   [core, tx.actor.name, tx.now, initiative.id])
        tx.audit(action="cut", entity="scope", entity_id=initiative.id, initiative_id=initiative.id,
                 summary=f"Drew the cut line after the top {core_count} of {len(items)} features",
                 after={"core": [r.candidate.name for r in ranked[:core_count]]})
        return core_count

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def move(store: Store, actor: Actor, feature_id: int, phase: str) -> Feature:
    """Move one feature across the line (to the core or to Phase 2)."""
    if phase not in (CORE, PHASE_2):
        raise ValidationError([Problem("phase", f"'{phase}' is not a phase; use core or phase 2.")])

    def work(tx: Transaction) -> Feature:
        row = tx.execute(f"{SELECT} WHERE id = ?", [feature_id]).fetchone()  # noqa: S608
        if row is None:
            raise NotFound(f"There is no feature #{feature_id} (it may have been removed).")
        before = Feature(*row)
        if before.phase is None:  # the first move fixes the default cut for everyone else too
            others = list_features_in(tx, before.initiative_id)
            ranked = scope.rank([f.candidate() for f in others], _rate(tx, before.initiative_id))
            core = list(core_keys(others, ranked))
            tx.execute("UPDATE features SET phase = CASE WHEN id = ANY(?) THEN 'core' ELSE 'phase 2' END "
                       "WHERE initiative_id = ?", [core, before.initiative_id])
        tx.execute("UPDATE features SET phase = ?, version = version + 1, updated_by = ?, updated_at = ? WHERE id = ?",
                   [phase, tx.actor.name, tx.now, feature_id])
        tx.audit(action="move", entity="feature", entity_id=feature_id, initiative_id=before.initiative_id,
                 summary=f"Moved '{before.name}' to {'the core' if phase == CORE else 'Phase 2'}",
                 before={"phase": before.phase}, after={"phase": phase})
        return Feature(*tx.execute(f"{SELECT} WHERE id = ?", [feature_id]).fetchone())  # noqa: S608

    return store.write(actor, Action.MANAGE_INITIATIVES, work)


def list_features_in(tx: Transaction, initiative_id: int) -> list[Feature]:
    return [Feature(*r) for r in tx.execute(f"{SELECT} WHERE initiative_id = ? ORDER BY position, id",  # noqa: S608
                                            [initiative_id]).fetchall()]


def _rate(tx: Transaction, initiative_id: int) -> float:
    rate = tx.execute("SELECT hourly_rate FROM initiatives WHERE id = ?", [initiative_id]).fetchone()
    return float(rate[0]) if rate and not math.isnan(rate[0]) else scope.DEFAULT_HOURLY_RATE
