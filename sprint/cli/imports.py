"""`python -m sprint import`: everything the import page can choose, as options.

    python -m sprint import tracker.csv --initiative "Claims triage" --as metrics_long \
        --map metric=KPI --map value=C --set department=Finance --day-first --delimiter semicolon

A mapping starts from a saved profile (`--profile`, or the one saved for files with these headers), else the
suggestion for `--as` (or the guessed target); `--map` then changes single fields and `--set` gives a field
one value for every row. A profile saved on the page works here, with its date order and set values.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sprint import filecheck
from sprint.cli.common import actor
from sprint.cli.snapshots import cmd_restore
from sprint.errors import SprintError

# The import targets, as `--as` accepts them (a test keeps this list equal to sprint.importing.targets.BY_KEY);
# listed here so that `--help` needs no pandas.
TARGET_KEYS = ("checkins", "compliance", "features", "initiatives", "metrics_long", "metrics_wide", "register",
               "risks", "sessions", "steps")
DELIMITER_NAMES = ("comma", "semicolon", "tab", "pipe")


def _read_file(path: Path) -> bytes:
    try:
        if path.stat().st_size > filecheck.MAX_UPLOAD_BYTES:
            raise SprintError(f"'{path.name}' is {path.stat().st_size / 1e6:.1f} MB; the limit is "
                              f"{filecheck.MAX_UPLOAD_BYTES / 1e6:.0f} MB.")
        return path.read_bytes()
    except OSError as exc:
        raise SprintError(f"Can't read {path}: {exc.strerror or exc}.") from exc


def _pairs(values: list[str] | None, option: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in values or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise SprintError(f"{option} {item!r}: write it as FIELD=VALUE, e.g. {option} department=Finance.")
        out[key.strip()] = value.strip()
    return out


def _value_maps(items: list[str] | None) -> dict[str, dict[str, str]]:
    """--map-value stage:Discovery=pilot -> {'stage': {'Discovery': 'pilot'}}."""
    out: dict[str, dict[str, str]] = {}
    for item in items or []:
        field, colon, rest = item.partition(":")
        text, equals, value = rest.rpartition("=")
        if not colon or not equals or not field.strip() or not text.strip() or not value.strip():
            raise SprintError(f"--map-value {item!r}: write it as FIELD:TEXT=VALUE, e.g. --map-value "
                              "stage:Discovery=pilot.")
        out.setdefault(field.strip(), {})[text.strip()] = value.strip()
    return out


def _column(wanted: str, columns: list[str]) -> str:
    """A column by its header (case and spacing ignored) or by its letter (C, AA)."""
    from sprint.importing.layout import column_letter, normal

    by_header = {normal(c): c for c in reversed(columns)}
    if normal(wanted) in by_header:
        return by_header[normal(wanted)]
    letters = {column_letter(i): c for i, c in enumerate(columns)}
    if wanted.strip().upper() in letters:
        return letters[wanted.strip().upper()]
    shown = ", ".join(f"{column_letter(i)} {c!r}" for i, c in enumerate(columns[:12]))
    raise SprintError(f"--map: there is no column {wanted!r} (columns: {shown}{' ...' if len(columns) > 12 else ''}).")


def _field(target, key: str) -> str:
    from sprint.importing.layout import normal

    found = next((f.key for f in target.fields if f.key == key or normal(f.label) == normal(key)), None)
    if found is None:
        raise SprintError(f"--map/--set: {key!r} is not a field of {target.label}; its fields are "
                          f"{', '.join(f.key for f in target.fields)}.")
    return found


def _mapping(args: argparse.Namespace, store, source):
    """The mapping to use, or None to let the plan choose (a saved profile, else the evidence-based guess)."""
    from dataclasses import replace

    from sprint.importing import evidence, profiles
    from sprint.importing.layout import find_table, looks_transposed, transpose
    from sprint.importing.mapping import known_words, suggest
    from sprint.importing.targets import BY_KEY

    overrides = _pairs(args.map, "--map")
    if not (args.profile or overrides):
        return None
    grid = source.book.grid(args.sheet)
    turned = args.transpose if args.transpose is not None else looks_transposed(grid, known_words())
    table = find_table(transpose(grid) if turned else grid, known_words())
    saved = profiles.find_profile(store, table.columns) if not (args.profile or args.target) else None
    if args.profile:
        mapping = profiles.get_profile(store, args.profile, table.columns).mapping
    elif args.target:
        mapping = suggest(BY_KEY[args.target], table.columns)
    else:
        mapping = saved.mapping if saved else evidence.guess(table).mapping
        if mapping is None:
            raise SprintError("--map: say what the rows are with --as (the headers don't tell; "
                              f"one of {', '.join(TARGET_KEYS)}).")
    target = BY_KEY[mapping.target]
    columns = dict(mapping.columns)
    for key, wanted in overrides.items():
        field = _field(target, key)
        chosen = _column(wanted, table.columns)
        for other, column in columns.items():  # a column serves one field: the one it was mapped to now
            if column == chosen and other != field:
                columns[other] = None
        columns[field] = chosen
    return replace(mapping, columns=columns)


def cmd_import(args: argparse.Namespace) -> int:
    import hashlib

    from sprint.importing.reading import DELIMITERS, read_book

    source_path = Path(args.file)
    data = _read_file(source_path)
    # a file that isn't a spreadsheet is refused before pandas loads
    book = read_book(data, source_path.name, delimiter=DELIMITERS.get(args.delimiter or "", args.delimiter),
                     encoding=args.encoding)

    from sprint import importing, initiatives
    from sprint.config import db_path
    from sprint.dates import today_utc
    from sprint.importing.targets import BY_KEY
    from sprint.snapshots import reader as snapshot_reader
    from sprint.store import Store

    source = importing.Source(book, hashlib.sha256(data).hexdigest(), len(data))
    if snapshot_reader.is_snapshot(source.book):
        print(f"{source_path.name} is a Production Sprint snapshot: restoring it (the explicit form is "
              f"'python -m sprint restore {source_path.name}').")
        args.snapshot, args.replace, args.keep_both, args.not_made_here = args.file, False, False, False
        return cmd_restore(args)
    today = today_utc()
    path = db_path(args.db)
    with Store(path) as store:
        mapping = _mapping(args, store, source)
        constants = _pairs(args.set, "--set")
        if constants and (mapping or args.target):
            target = BY_KEY[mapping.target if mapping else args.target]
            constants = {_field(target, k): v for k, v in constants.items()}
        initiative_id, new_name = None, None
        if args.initiative:
            found = [i for i in initiatives.list_all(store, include_archived=True)
                     if i.name.casefold() == args.initiative.strip().casefold()]
            initiative_id = found[0].id if found else None
            new_name = None if found else args.initiative.strip()
        plan = importing.make_plan(store, source, sheet=args.sheet, mapping=mapping, target=args.target,
                                   initiative_id=initiative_id, new_initiative=new_name,
                                   department_default=args.department, direction_default=args.direction,
                                   today=today, transpose=args.transpose, date_order=args.date_order,
                                   constants=constants or None, strict=args.strict,
                                   value_maps=_value_maps(args.map_value), skip_sheets=args.skip_sheet or (),
                                   table_number=args.table)
        for note in plan.notes:
            print(f"note: {note}")
        shown_repairs = plan.repairs if args.all_problems else plan.repairs[:20]
        for repair in shown_repairs:
            print(f"repaired: {repair}")
        if len(plan.repairs) > len(shown_repairs):
            print(f"repaired: ... and {len(plan.repairs) - len(shown_repairs)} more (--all-problems lists every one; "
                  "--strict refuses the file instead)")
        if plan.problems:
            shown = plan.problems if args.all_problems else plan.problems[:10]
            for issue in shown:
                print(f"problem: {issue}", file=sys.stderr)
            more = (" (the first 10 are listed above; --all-problems lists every one)"
                    if len(plan.problems) > len(shown) else "")
            raise SprintError(f"{len(plan.problems)} problem{'s' if len(plan.problems) != 1 else ''} in "
                              f"{source_path.name}{more}; nothing was imported.")
        if args.dry_run:
            print(f"Dry run, nothing written{' (the profile is saved when you import)' if args.save_profile else ''}."
                  f" {plan.summary()}")
            return 0
        result = importing.commit(store, actor(), plan, today=today)
        if args.save_profile:
            _save_profile(store, plan, args.save_profile)
    print(f"{result.summary.rstrip('.')} (database: {path}).")
    return 0


def _save_profile(store, plan, name: str) -> None:
    """The mapping that just worked, saved under `name` for the page and the command line: the file's own
    columns, the values set for every row and the date order (the columns made for set values are not saved)."""
    from dataclasses import replace

    from sprint.importing import profiles

    made = {c for c in plan.table.columns if "(set to '" in c}
    headers = [c for c in plan.table.columns if c not in made]
    mapping = replace(plan.mapping, columns={k: (None if v in made else v) for k, v in plan.mapping.columns.items()})
    profiles.save_profile(store, actor(), name, headers, mapping)
    print(f"Saved the import profile '{' '.join(name.split())}': files with these columns use it, here and on the "
          "import page.")


def add_import_parser(sub, common: argparse.ArgumentParser) -> None:
    imp = sub.add_parser("import", parents=[common], help="import a spreadsheet (xlsx, xlsm, xls, ods, csv, tsv)",
                         description="Import a spreadsheet with the saved or suggested mapping: it prints what would "
                                     "change, and writes all of it or nothing. An Excel snapshot is restored.")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the one holding the best table)")
    imp.add_argument("--initiative", metavar="NAME",
                     help="the initiative to import into; created when it does not exist yet")
    imp.add_argument("--profile", metavar="NAME", help="a saved import profile (default: the one saved for files "
                                                       "with these headers, else the suggested mapping)")
    imp.add_argument("--as", dest="target", choices=TARGET_KEYS, help="what the rows are (default: guessed "
                                                                         "from the headers and values)")
    imp.add_argument("--map", action="append", metavar="FIELD=COLUMN",
                     help="which column holds a field: the column by header or letter (repeatable), e.g. "
                          "--map metric=KPI --map value=C")
    imp.add_argument("--set", action="append", metavar="FIELD=VALUE",
                     help="one value of a field for every row (repeatable), e.g. --set department=Finance")
    imp.add_argument("--department", metavar="NAME", help="the department of metric rows that name none")
    imp.add_argument("--direction", choices=("lower", "higher"),
                     help="for new metrics whose target equals their baseline: which way is better")
    order = imp.add_mutually_exclusive_group()
    order.add_argument("--day-first", dest="date_order", action="store_const", const="day",
                       help="all-number dates are day first: 03/04/2026 is 3 April")
    order.add_argument("--month-first", dest="date_order", action="store_const", const="month",
                       help="all-number dates are month first: 03/04/2026 is 4 March")
    imp.add_argument("--delimiter", choices=DELIMITER_NAMES, help="a text file's delimiter (default: detected)")
    imp.add_argument("--encoding", metavar="NAME", help="a text file's encoding, e.g. utf-8, cp1252 (default: "
                                                        "UTF-8 when it reads as such, else cp1252)")
    turn = imp.add_mutually_exclusive_group()
    turn.add_argument("--transpose", dest="transpose", action="store_const", const=True,
                      help="the sheet holds one record per column, field names down column A")
    turn.add_argument("--no-transpose", dest="transpose", action="store_const", const=False,
                      help="read rows as records even when the sheet looks turned")
    imp.add_argument("--save-profile", metavar="NAME", help="after importing, save the mapping used as a profile "
                                                            "(offered for files with these columns, here and on the page)")
    imp.add_argument("--map-value", action="append", metavar="FIELD:TEXT=VALUE",
                     help="what a word of the file means for a choice field (repeatable), e.g. --map-value "
                          "stage:Discovery=pilot --map-value status:'Under review'=open")
    imp.add_argument("--skip-sheet", action="append", metavar="NAME",
                     help="never read this sheet (repeatable), when choosing the best table")
    imp.add_argument("--table", type=int, metavar="N",
                     help="the Nth table of the sheet, top to bottom, when it holds several (default: the best)")
    imp.add_argument("--strict", action="store_true",
                     help="refuse the file on any problem (default: import what can be read, leaving unreadable "
                          "cells blank and unreadable rows out, each one named)")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    imp.add_argument("--all-problems", action="store_true", help="list every problem found (default: the first 10)")
    imp.set_defaults(func=cmd_import, transpose=None, date_order=None)
