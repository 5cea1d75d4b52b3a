"""`export` and `restore`: an Excel snapshot written from the database, or read back into it."""

from __future__ import annotations

import argparse
from pathlib import Path

from sprint.cli.common import actor, find_initiative
from sprint.config import db_path
from sprint.errors import SprintError


def cmd_export(args: argparse.Namespace) -> int:
    from sprint.dates import now_utc, today_utc
    from sprint.snapshots import export_workbook
    from sprint.store import Store

    path = db_path(args.db)
    if not path.exists():
        raise SprintError(f"There is no database at {path}.")
    out = Path(args.out)
    with Store(path) as store:
        chosen = find_initiative(store, args.initiative) if args.initiative else None
        data = export_workbook(store, chosen.id if chosen else None, exported_by=actor().name,
                               today=today_utc(), now=now_utc())
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise SprintError(f"Can't write {out}: {exc.strerror or exc}.") from exc
    what = f"'{chosen.name}'" if chosen else "every initiative"
    print(f"Wrote {out}: a snapshot of {what} ({len(data) / 1024:.0f} KB).")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from sprint.dates import today_utc
    from sprint.snapshots import restore as restoring
    from sprint.store import Store

    source = Path(args.snapshot)
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise SprintError(f"Can't read {source}: {exc.strerror or exc}.") from exc
    snapshot = restoring.read_snapshot(data, source.name)
    on_clash = restoring.REPLACE if args.replace else restoring.KEEP_BOTH if args.keep_both else None
    with Store(db_path(args.db)) as store:
        try:
            result = restoring.restore(store, actor(), snapshot, on_clash=on_clash, today=today_utc(),
                                       not_made_here=args.not_made_here)
        except restoring.ChoiceNeeded as exc:
            raise SprintError(f"{exc} Rerun with --replace or --keep-both.") from exc
        except restoring.NotMadeHere as exc:
            raise SprintError(f"{exc} To restore it all the same: python -m sprint restore {source.name} "
                              "--not-made-here") from exc
    marked = "" if result.provenance is restoring.Provenance.MADE_HERE else ", marked as imported and unverified"
    print(f"Restored {result.names()} from {source.name}: {result.metrics} metrics, "
          f"{result.actuals} monthly values, {result.history} history entries{marked} ({result.mode}).")
    return 0
