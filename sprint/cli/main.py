"""`python -m sprint`: the command line for IT and PMO scripts.

Each subcommand prints one line on success (`list` and `show` print what they were asked for, as text or
JSON) and exits 0; on any failure it prints one line naming the problem (no traceback) and exits 1. It acts on the machine owner's authority (a facilitator).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from sprint import __version__
from sprint.cli.catalog import add_catalog_parser
from sprint.cli.common import actor
from sprint.cli.imports import TARGET_KEYS, add_import_parser
from sprint.cli.report import cmd_list, cmd_show
from sprint.cli.serve import add_serve_parser
from sprint.cli.snapshots import cmd_export, cmd_restore
from sprint.config import DB_ENV_VAR, db_path
from sprint.errors import SprintError

# Everything heavier (pandas, openpyxl, DuckDB, the domain modules) is imported inside the command that needs
# it, so `--help`, a typo and a refused file answer at once.
__all__ = ["TARGET_KEYS", "build_parser", "main"]


def cmd_init(args: argparse.Namespace) -> int:
    from sprint.schema import migrations
    from sprint.store import Store

    path = db_path(args.db)
    existed = path.exists()
    with Store(path) as store:
        if not existed:
            verb = "Created"
        elif store.schema_version_found < store.schema_version:
            verb = f"Upgraded (from schema step {store.schema_version_found})"
        else:
            verb = "Checked"
        print(f"{verb} {path}: schema step {store.schema_version} of {migrations.LATEST_VERSION}, ready.")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from sprint.dates import today_utc
    from sprint.example import build as example
    from sprint.store import Store

    path = db_path(args.db)
    with Store(path) as store:
        ids = example.load_example(store, actor(), today=today_utc())
    print(f"Loaded the example sprint into {path}: {len(ids)} initiatives.")
    return 0


def cmd_verify_audit(args: argparse.Namespace) -> int:
    from sprint import audit
    from sprint.store import Store

    path = db_path(args.db)
    if not path.exists():
        raise SprintError(f"There is no database at {path}.")
    expect = None
    if args.expect:
        try:
            expect = audit.parse_anchor(args.expect)
        except ValueError as exc:
            raise SprintError(str(exc)) from exc
    elif args.against:
        import hashlib

        from sprint.snapshots.reader import audit_anchor

        source = Path(args.against)
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise SprintError(f"Can't read {source}: {exc.strerror or exc}.") from exc
        expect = audit_anchor(data, source.name)
    moved = None
    with Store(path) as store:
        result = audit.verify(store, expect=expect)
        if not result.ok and args.against and result.broken_seq is not None:
            moved = audit.restored_from(store, expect, hashlib.sha256(data).hexdigest())
            if moved:  # the anchor is the old machine's log; this one is checked on its own
                result = audit.verify(store)
        key = store.seal.path
    if moved and result.ok:
        when = moved[1].strftime("%Y-%m-%d %H:%M")
        print(f"This database was moved here by restoring {source.name} (entry #{moved[0]}, {when} UTC): its history came along re-chained, so the snapshot's anchor describes the log it was "
              "exported from, not this one.")
        expect = None
    print(result.message)
    if result.ok:
        if expect:
            print(f"The log still holds entry #{expect[0]} as recorded{' in ' + args.against if args.against else ''}.")
        print(f"Anchor (keep it apart from the database; check later with --expect): {result.anchor}")
        if key is not None:
            print(f"Seals checked with the key in {key}.")
    return 0 if result.ok else 1


def cmd_new_audit_key(args: argparse.Namespace) -> int:
    from sprint.store import Store

    path = db_path(args.db)
    if not path.exists():
        raise SprintError(f"There is no database at {path}.")
    if not args.key_is_lost:
        raise SprintError("This starts a new audit key for a log whose key is lost for good: the entries the old "
                          "key sealed can then be checked by hash only, and the log records that. If that is "
                          "what you mean, run it again with --key-is-lost; otherwise put the key file back.")
    with Store(path) as store:
        entry = store.declare_key_lost(actor())
        key = store.seal.path
    print(f"A new audit key is in {key}; entry #{entry} records that entries #1-#{entry - 1} were sealed with "
          "the lost key (from now on checked by hash only). Keep the new key apart from the database.")
    return 0


def cmd_copy(args: argparse.Namespace) -> int:
    from sprint import audit, copying
    from sprint.store import Store

    source_where, target_where = db_path(args.source), db_path(args.to)
    if str(source_where) == str(target_where):
        raise SprintError("--from and --to name the same database.")
    if not source_where.exists():
        raise SprintError(f"There is no database at {source_where}.")
    with Store(source_where) as source:
        key, placed = copying.share_key(source, target_where)
        try:
            with Store(target_where) as target:
                copied = copying.copy_workspace(source, target, actor(), source_name=str(source_where))
                result = audit.verify(target)
        except BaseException:
            if placed:  # nothing was copied: the key goes too
                key.unlink(missing_ok=True)
            raise
    print(f"Copied {source_where} into {target_where}: {copied.tables} tables, {copied.rows:,} rows. {result.message}")
    if key is not None:
        print(f"The audit key came along to {key}; keep it apart from the database, as the original.")
    return 0 if result.ok else 1


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH",
                        help=f"the database file (default: ${DB_ENV_VAR}, else data/sprint.duckdb)")
    parser = argparse.ArgumentParser(
        prog="python -m sprint",
        description="Production Sprint from the command line: start the app, set up, load the example, check the "
                    "audit trail, import spreadsheets, export and restore Excel snapshots.",
    )
    parser.add_argument("--version", action="version", version=f"Production Sprint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands: list[tuple[str, str, Callable[[argparse.Namespace], int]]] = [
        ("init", "create the database, or upgrade an older one to this version's schema", cmd_init),
        ("demo", "load the example sprint (six initiatives from the roadmap's cases)", cmd_demo),
    ]
    for name, help_text, func in commands:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
    listing = sub.add_parser("list", parents=[common], help="list the initiatives (name, department, stage, start, "
                             "owner)", description="List the initiatives: name, department, stage, sprint start, owner.")
    listing.add_argument("--json", action="store_true", help='print JSON: {"initiatives": [...]}')
    listing.add_argument("--archived", action="store_true", help="include archived initiatives")
    listing.set_defaults(func=cmd_list)
    show = sub.add_parser("show", parents=[common], help="show what is stored for one initiative",
                          description="Show one initiative: its metrics with their values by sprint month, its "
                                      "features, and how many records each other step holds.")
    show.add_argument("--initiative", metavar="NAME", required=True)
    show.add_argument("--json", action="store_true", help="print JSON: initiative, metrics (values by month "
                                                          "number), features, risks, counts")
    show.set_defaults(func=cmd_show)
    check = sub.add_parser("verify-audit", parents=[common],
                           help="check the audit trail's hash chain and seals; exit 1 and name the first broken entry",
                           description="Check every entry's hash, link and seal (a keyed MAC whose key lives outside "
                                       "the database), and, given an anchor, that the newest entries were not cut "
                                       "off. Prints the anchor to keep.")
    anchor = check.add_mutually_exclusive_group()
    anchor.add_argument("--against", metavar="SNAPSHOT.xlsx",
                        help="the anchor recorded in a snapshot: the log must still hold that entry")
    anchor.add_argument("--expect", metavar="COUNT:HEAD", help="an anchor printed by an earlier verify-audit")
    check.set_defaults(func=cmd_verify_audit)
    rekey = sub.add_parser("new-audit-key", parents=[common],
                           help="start a new audit key for a log whose key is lost for good (recorded in the log)",
                           description="Only for a lost audit key: makes a new one, which seals from the next entry, "
                                       "and records in the log which entries the lost key had sealed. Every later "
                                       "verify-audit says those are checked by hash only.")
    rekey.add_argument("--key-is-lost", action="store_true", help="confirm that the old key can't be put back")
    rekey.set_defaults(func=cmd_new_audit_key)
    export = sub.add_parser("export", parents=[common], help="write an Excel snapshot (one initiative, or all)",
                            description="Write an Excel snapshot: Summary, the success dashboard with charts, the "
                                        "audit log, and the data to restore it exactly.")
    export.add_argument("out", metavar="OUT.xlsx")
    export.add_argument("--initiative", metavar="NAME", help="only this initiative (default: every initiative)")
    export.set_defaults(func=cmd_export)
    restore = sub.add_parser("restore", parents=[common], help="restore an Excel snapshot, all or nothing",
                             description="Restore a snapshot written by 'export' or the app's download button.")
    restore.add_argument("snapshot", metavar="SNAPSHOT.xlsx")
    choice = restore.add_mutually_exclusive_group()
    choice.add_argument("--replace", action="store_true", help="replace initiatives of the same name")
    choice.add_argument("--keep-both", action="store_true", help="keep both, renaming the restored copy")
    restore.add_argument("--not-made-here", action="store_true",
                         help="restore a snapshot this workspace did not sign (another workspace's, an older one, "
                              "or an edited one): its history comes in marked as imported and unverified")
    restore.set_defaults(func=cmd_restore)
    copy = sub.add_parser("copy", help="copy a whole workspace into an empty database (a DuckDB file to PostgreSQL, "
                          "or back), its audit log verified after", description="Copy every record, the audit log "
                          "as it is and its key into an empty database: to move a sprint from its DuckDB file into "
                          "PostgreSQL (postgresql://user@host/db) or back. The source is only read.")
    copy.add_argument("--from", dest="source", metavar="DB", required=True, help="the database to copy")
    copy.add_argument("--to", metavar="DB", required=True, help="an empty database (a new file is created)")
    copy.set_defaults(func=cmd_copy)
    add_import_parser(sub, common)
    add_catalog_parser(sub, common)
    add_serve_parser(sub, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown:  # only `serve` passes what it doesn't know on (to Streamlit)
        if args.command != "serve":
            parser.error(f"unrecognized arguments: {' '.join(unknown)}")
        args.streamlit_options = unknown
    try:
        return args.func(args)
    except SprintError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing further was written.", file=sys.stderr)
        return 130
    except Exception as exc:  # a damaged database file, or a failure nobody foresaw: one line, not a traceback
        if os.environ.get("SPRINT_DEBUG"):
            raise
        detail = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        if type(exc).__module__.startswith("duckdb"):
            print(f"error: the database could not be read; it may be damaged ({detail}). Restore it from a "
                  "backup or a snapshot.", file=sys.stderr)
        else:
            print(f"error: {type(exc).__name__}: {detail} (set SPRINT_DEBUG=1 for the details).", file=sys.stderr)
        return 1
