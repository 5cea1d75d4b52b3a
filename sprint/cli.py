"""`python -m sprint`: the command line for IT and PMO scripts.

Each subcommand prints one line on success and exits 0; on any failure it prints one line naming the
problem (no traceback) and exits 1. It acts on the machine owner's authority (a facilitator).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from sprint import __version__, audit, example, migrations
from sprint.config import DB_ENV_VAR, db_path
from sprint.dates import today_utc
from sprint.errors import SprintError
from sprint.permissions import Actor
from sprint.store import Store


def _actor() -> Actor:
    local = Actor.local()
    return Actor.system(f"{local.name} (command line)")


def cmd_init(args: argparse.Namespace) -> int:
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
    path = db_path(args.db)
    with Store(path) as store:
        ids = example.load_example(store, _actor(), today=today_utc())
    print(f"Loaded the example sprint into {path}: {len(ids)} initiatives.")
    return 0


def cmd_verify_audit(args: argparse.Namespace) -> int:
    path = db_path(args.db)
    if not path.exists():
        raise SprintError(f"There is no database at {path}.")
    with Store(path) as store:
        result = audit.verify(store)
    print(result.message)
    return 0 if result.ok else 1


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH",
                        help=f"the database file (default: ${DB_ENV_VAR}, else data/sprint.duckdb)")
    parser = argparse.ArgumentParser(
        prog="python -m sprint",
        description="Production Sprint from the command line: set up, load the example, check the audit trail.",
    )
    parser.add_argument("--version", action="version", version=f"Production Sprint {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    commands: list[tuple[str, str, Callable[[argparse.Namespace], int]]] = [
        ("init", "create the database, or upgrade an older one to this version's schema", cmd_init),
        ("demo", "load the example sprint (six initiatives from the roadmap's cases)", cmd_demo),
        ("verify-audit", "check the audit trail's hash chain; exit 1 and name the first broken entry",
         cmd_verify_audit),
    ]
    for name, help_text, func in commands:
        p = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        p.set_defaults(func=func)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except SprintError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("error: interrupted; nothing further was written.", file=sys.stderr)
        return 130
