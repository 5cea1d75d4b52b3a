"""`catalog`: the obligation catalog's records, each with the day it was last checked against its source; with
--stale, only those due for review (not checked for more than 120 days), so whoever keeps the catalog knows
what to check next."""

from __future__ import annotations

import argparse


def cmd_catalog(args: argparse.Namespace) -> int:
    from sprint.dates import today_utc
    from sprint.steps.compliance import rules

    today = today_utc()
    catalog = rules.load()
    listed = [o for o in catalog.obligations if o.due_for_review(today) or not args.stale]
    for o in listed:
        late = f"  due for review ({(today - o.as_of).days} days)" if o.due_for_review(today) else ""
        print(f"{o.id:34} {o.framework:24} checked {o.as_of.isoformat()}{late}")
    for problem in catalog.problems:
        print(f"left out: {problem}")
    due = sum(o.due_for_review(today) for o in catalog.obligations)
    print(f"{len(catalog.obligations)} records; {due} due for review (checked more than "
          f"{rules.REVIEW_AFTER_DAYS} days before {today.isoformat()}).")
    return 0


def add_catalog_parser(sub, common: argparse.ArgumentParser) -> None:
    catalog = sub.add_parser("catalog", parents=[common], help="list the obligation catalog's records and when each "
                             "was last checked", description="List the obligation catalog (data/obligations): each "
                             "record with the day it was last checked against its source.")
    catalog.add_argument("--stale", action="store_true",
                         help="only the records due for review (not checked for more than 120 days)")
    catalog.set_defaults(func=cmd_catalog)
