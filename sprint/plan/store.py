"""Storage for the 90-day plan: ticked checklist items (who, when) and the limited-launch volume."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from sprint import sql
from sprint.errors import Problem, ValidationError
from sprint.permissions import Action, Actor
from sprint.plan.rules import SECTIONS
from sprint.store import Store, Transaction
from sprint.values import NotANumber, parse_share


def ticks(store: Store, initiative_id: int) -> dict[tuple[str, str], tuple[str, dt.datetime]]:
    return {(section, label): (by, at) for section, label, by, at in store.fetch_all(
        "SELECT section, label, done_by, done_at FROM plan_checks WHERE initiative_id = ?", [initiative_id])}


def tick(store: Store, actor: Actor, initiative_id: int, section: str, label: str, done: bool) -> None:
    if label not in SECTIONS.get(section, ()):
        raise ValidationError([Problem("item", f"'{label}' is not on the {section} checklist.")])

    def work(tx: Transaction) -> None:
        if done:
            tx.execute(sql.upsert("plan_checks", ("initiative_id", "section", "label"),
                                  ("initiative_id", "section", "label", "done_by", "done_at")),
                       [initiative_id, section, label, tx.actor.name, tx.now])
        else:
            tx.execute("DELETE FROM plan_checks WHERE initiative_id = ? AND section = ? AND label = ?",
                       [initiative_id, section, label])
        tx.audit(action="tick" if done else "untick", entity="plan item", entity_id=f"{section}: {label}",
                 initiative_id=initiative_id, summary=f"{'Ticked' if done else 'Unticked'} '{label}' ({section})",
                 before={"done": not done}, after={"done": done})

    store.write(actor, Action.MANAGE_INITIATIVES, work)


def launch_volume(store: Store, initiative_id: int) -> list[tuple[dt.date, float]]:
    return [tuple(r) for r in store.fetch_all("SELECT on_date, share FROM launch_volume WHERE initiative_id = ? "
                                              "ORDER BY on_date", [initiative_id])]


def record_launch(store: Store, actor: Actor, initiative_id: int, on_date: dt.date, share: object, *,
                  today: dt.date) -> None:
    problems = []
    try:
        value = parse_share(share, "volume in production")
    except NotANumber as exc:
        problems.append(Problem("share", f"{exc}."))
    if on_date > today:
        problems.append(Problem("date", "that day hasn't happened yet."))
    if problems:
        raise ValidationError(problems)

    def work(tx: Transaction) -> None:
        tx.execute(sql.upsert("launch_volume", ("initiative_id", "on_date"), ("initiative_id", "on_date", "share")),
                   [initiative_id, on_date, value])
        tx.audit(action="update", entity="launch volume", entity_id=on_date.isoformat(), initiative_id=initiative_id,
                 summary=f"{value:g}% of volume in production on {on_date:%d %b}", after={"share": value})

    store.write(actor, Action.MANAGE_INITIATIVES, work)


def org_figures(store: Store) -> dict[str, float]:
    return dict(store.fetch_all("SELECT name, value FROM org_figures"))


def set_org_figures(store: Store, actor: Actor, figures: Mapping[str, float | None]) -> int:
    """Save the organisation's typed-in figures together (blank ones are left as they are): all or none,
    with one audit record. Returns how many were saved."""
    given = {name: value for name, value in figures.items() if value is not None}
    problems = [Problem(name, "enter a number that isn't negative.") for name, value in given.items()
                if value != value or value < 0]
    if problems:
        raise ValidationError(problems)
    if not given:
        return 0

    def work(tx: Transaction) -> None:
        before = dict(tx.execute("SELECT name, value FROM org_figures WHERE name = ANY(?)",
                                 [list(given)]).fetchall())
        tx.execute(sql.upsert("org_figures", ("name",), ("name", "value", "updated_by", "updated_at"),
                              f"SELECT {sql.unnest(['VARCHAR', 'DOUBLE PRECISION'])}, ?, ?"),
                   [list(given), [float(v) for v in given.values()], tx.actor.name, tx.now])
        tx.audit(action="update", entity="reality check", entity_id=", ".join(given), initiative_id=None,
                 summary="Set the organisation's " + "; ".join(f"'{n}' to {v:g}" for n, v in given.items()),
                 before={n: before.get(n) for n in given}, after={n: float(v) for n, v in given.items()})

    store.write(actor, Action.MANAGE_INITIATIVES, work)
    return len(given)
