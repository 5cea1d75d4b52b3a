"""A generated portfolio, shaped like an imported AI use-case inventory: many initiatives with a name,
department and stage and little else, and one in eight worked on (owner, metrics with monthly values,
features, check-ins, compliance answers, workflow steps). Used by tests and benchmarks (bench/).

Written through the same insert the importer uses (one audited transaction), with the worked-on parts
bulk-loaded in that transaction.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from sprint import initiatives
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Action, Actor
from sprint.store import Store

DEPARTMENTS = ("Agriculture", "Commerce", "Defense", "Education", "Energy", "Health", "Homeland Security",
               "Interior", "Justice", "Labor", "State", "Treasury")
STAGES = ("pilot", "pilot", "pilot", "limited production", "production", "paused")
WORKED_ON_EVERY = 8


def seed_portfolio(store: Store, count: int, today: dt.date) -> list[int]:
    """`count` initiatives; every WORKED_ON_EVERY-th is worked on. Returns their ids in creation order."""
    actor = Actor.system("portfolio generator")

    def work(tx) -> list[int]:
        ids = []
        for n in range(count):
            ids.append(initiatives.insert(tx, InitiativeDraft(
                name=f"Use case {n + 1:04d}: {DEPARTMENTS[n % 12].lower()} case triage",
                start_date=today - dt.timedelta(days=(n * 7) % 200),
                department=DEPARTMENTS[n % len(DEPARTMENTS)], stage=STAGES[n % len(STAGES)],
                process="Case triage"), today=today, summary=f"Imported use case {n + 1}"))
        worked = ids[::WORKED_ON_EVERY]
        tx.execute("UPDATE initiatives SET owner = 'Dana Okafor', budget_authority = true, budget_amount = 50000, "
                   "one_off_cost = 40000, monthly_cost = 2500 WHERE list_contains(?, id)", [worked])
        metrics, values, features_, checkins, statuses = [], [], [], [], []
        next_metric = (tx.execute("SELECT coalesce(max(id), 0) FROM metrics").fetchone()[0]) + 1
        for k, initiative_id in enumerate(worked):
            for position, (name, unit, direction, baseline, target, savings) in enumerate([
                    ("Cost per case", "$/case", "lower", 45.0, 25.0, False),
                    ("Cycle time", "days", "lower", 8.0, 3.0, False),
                    ("Dollars saved", "$", "higher", 0.0, 30000.0, True)]):
                metrics.append((next_metric, initiative_id, DEPARTMENTS[k % 12], name, unit, direction, baseline,
                                target, savings, position))
                for month in range(1, 1 + (k % 6) + 1):
                    drift = (k % 5) - 1  # some on track, some not
                    value = (baseline + (target - baseline) * month / 6 * (1 - 0.3 * drift)
                             if not savings else 5000.0 * month * (1 - 0.2 * drift))
                    values.append((next_metric, month, round(value, 2)))
                next_metric += 1
            for position, (name, dollars, share) in enumerate([("Sort incoming cases", 9000.0, 45.0),
                                                               ("Draft replies", 4000.0, 30.0),
                                                               ("Flag urgent cases", 2500.0, 15.0),
                                                               ("Monthly report", 300.0, 10.0)]):
                features_.append((initiative_id, name, dollars, 2.0 * position, share, "core" if position < 2
                                  else "phase 2", position))
            if k % 3:
                checkins.append((initiative_id, today - dt.timedelta(days=k % 12), 25.0, "green" if k % 4 else "red"))
            statuses.append((initiative_id, "roadmap-risk-assessment", "done" if k % 2 else "in progress",
                             today - dt.timedelta(days=10) if k % 2 == 0 else None))
        frames = {
            "gen_metrics": pd.DataFrame(metrics, columns=["id", "initiative_id", "department", "name", "unit",
                                                          "direction", "baseline", "target", "is_savings",
                                                          "position"]),
            "gen_values": pd.DataFrame(values, columns=["metric_id", "month_index", "value"]),
            "gen_features": pd.DataFrame(features_, columns=["initiative_id", "name", "dollars", "hours", "share",
                                                             "phase", "position"]),
            "gen_checkins": pd.DataFrame(checkins, columns=["initiative_id", "held_on", "minutes", "status"]),
            "gen_statuses": pd.DataFrame(statuses, columns=["initiative_id", "obligation_id", "status", "due"]),
        }
        for name, frame in frames.items():
            tx.register(name, frame)
        by, at = tx.actor.name, tx.now
        tx.execute("INSERT INTO metrics (id, initiative_id, department, name, unit, direction, baseline, target, "
                   "is_savings, position, created_by, created_at, updated_by, updated_at) "
                   "SELECT *, ?, ?, ?, ? FROM gen_metrics", [by, at, by, at])
        tx.execute("INSERT INTO metric_actuals SELECT metric_id, month_index, value, ?, ? FROM gen_values", [by, at])
        tx.execute("INSERT INTO features (initiative_id, name, dollars_per_month, hours_per_week, volume_share, "
                   "effort, notes, phase, position, created_by, created_at, updated_by, updated_at) "
                   "SELECT initiative_id, name, dollars, hours, share, 'medium', '', phase, position, ?, ?, ?, ? "
                   "FROM gen_features", [by, at, by, at])
        tx.execute("INSERT INTO checkins (initiative_id, held_on, minutes, attendees, status, decisions, blockers, "
                   "escalated, created_by, created_at) SELECT initiative_id, CAST(held_on AS DATE), minutes, "
                   "'Dana, Sam', status, 'Keep going', '', false, ?, ? FROM gen_checkins", [by, at])
        tx.execute("INSERT INTO obligation_status SELECT initiative_id, obligation_id, status, 'Dana Okafor', "
                   "CAST(due AS DATE), '', '', ?, ? FROM gen_statuses", [by, at])
        for name in frames:
            tx.unregister(name)
        tx.audit(action="load", entity="portfolio", entity_id=None,
                 summary=f"Generated the worked-on parts of {len(worked)} initiatives")
        return ids

    return store.write(actor, Action.MANAGE_INITIATIVES, work)
