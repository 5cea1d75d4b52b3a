"""Which sheet, and which table on it, a workbook's import reads: every sheet and every table stacked on a sheet
is a candidate, judged on evidence (sprint.importing.evidence); a sheet named after what it holds, or a title
over the table naming it, counts for it; a hidden sheet, a sheet of #REF! errors or a template's worked example
counts against. The best wins; the others are named, so the person can switch in one click."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.importing import months_down, vocabulary
from sprint.importing.evidence import Guess, guess, looks_like
from sprint.importing.layout import Block, NoHeader, Table, find_table, masked, normal, table_blocks
from sprint.importing.mapping import known_words, score
from sprint.importing.reading import UnreadableFile
from sprint.importing.targets import BY_KEY

DASHBOARD_DENSITY = 0.2  # a sheet whose used area is mostly empty holds a chart or scattered labels, not a table
ERRORS_SHARE = 0.2  # a sheet whose cells are mostly #REF!, #N/A ... is a broken template, not data
_ERROR = re.compile(r"^#(?:REF!|N/A|VALUE!|DIV/0!|NAME\?|NUM!|NULL!|SPILL!|CALC!)$")


@dataclass(frozen=True)
class Found:
    """Another table the file holds, as the notes and the page name it (its rows are not kept)."""

    sheet: str
    block: Block
    target: str | None
    rows: int

    def describe(self) -> str:
        where = f"sheet '{self.sheet}'" + (f" (table at {self.block.label()})" if self.block.header >= 0 else "")
        what = BY_KEY[self.target].label if self.target else "nothing we store"
        return f"{where} as {what}, {self.rows:,} row{'s' if self.rows != 1 else ''}"


@dataclass
class Candidate:
    sheet: str
    block: Block
    table: Table
    guessed: Guess
    rank: tuple
    number: int = 1

    @property
    def target(self) -> str | None:
        return self.guessed.mapping.target if self.guessed.mapping else None

    def found(self) -> Found:
        return Found(self.sheet, self.block, self.target, len(self.table.rows))


@dataclass
class SheetChoice:
    sheet: str
    notes: list[str]
    header_row: int | None = None  # 1-based, when the chosen table is one of several on its sheet
    block: Block | None = None
    others: list[Found] | None = None  # the runners-up, best first
    number: int | None = None  # which table of its sheet (1-based), when the sheet holds several
    table: Table | None = None  # the chosen table as found (the plan reuses it rather than finding it again)


def _sheet_target(name: str) -> str | None:
    """The target a sheet's name points at ('Risks', 'Risikoregister', 'Backlog'), in any of our languages."""

    words = normal(name)
    for target, stems in vocabulary.load().sheets.items():
        if any(stem in words for stem in stems):
            return target
    return None


TITLE_ROWS = 6  # the rows over a table's header where its title sits


def _title_target(grid, header_row: int) -> str | None:
    """The target the title over a table names ('Software School Blog Product Backlog' in C1): the text cells of
    the few rows above its header (1-based), read as a sheet's name is."""
    texts = [v for row in grid.rows[max(0, header_row - 1 - TITLE_ROWS):header_row - 1] for v in row
             if v.__class__ is str and v.strip() and len(v) <= 120]
    return next((t for t in map(_sheet_target, texts) if t), None)


def named(grid, table: Table) -> Table:
    """`table` marked with the target its sheet's name or its title names, if any (evidence for that target)."""
    table.named_for = _sheet_target(grid.sheet) or _title_target(grid, table.header_row)
    return table


def _an_example(name: str) -> bool:
    """A sheet named as a template's worked example or its instructions ('Example', 'Beispiel', 'Read me')."""

    words = normal(name)
    return any(stem in words for stem in vocabulary.load().examples)


def _filled_and_errors(grid) -> tuple[int, int]:
    """How many cells hold something, and how many of those are error values (#REF!, #N/A ...)."""
    filled = errors = 0
    for row in grid.rows:
        for v in row:
            if v is None:
                continue
            if v.__class__ is str:
                text = v.strip()
                if not text:
                    continue
                if text[0] == "#" and _ERROR.match(text):
                    errors += 1
            filled += 1
    return filled, errors


def candidates(book, skip: Sequence[str] = (), only: str | None = None) -> tuple[list[Candidate], dict[str, str]]:
    """Every (sheet, table) of the workbook that reads as a table, best first, and why the others were not."""
    known = known_words()
    skipped = {normal(n) for n in skip}
    found: list[Candidate] = []
    why_not: dict[str, str] = {}
    for position, name in enumerate(book.sheet_names):
        if only is not None and name != only:
            continue
        grid = book.grids[name]
        if normal(name) in skipped:
            why_not[name] = "you chose to skip it"
            continue
        filled, errors = _filled_and_errors(grid)
        area = len(grid.rows) * max(grid.width, 1)
        if not filled:
            why_not[name] = "it is empty"
            continue
        hidden = name in getattr(book, "hidden", ())
        named_for = _sheet_target(name)
        example = _an_example(name)
        blocks = table_blocks(grid, known)
        for number, block in enumerate(blocks):
            try:
                table = find_table(masked(grid, block), known, block.header + 1 if block.header >= 0 else None)
            except NoHeader:
                why_not.setdefault(name, "it has no header row")
                continue
            if len(table.rows) < 1:
                why_not.setdefault(name, "it has no rows under its header")
                continue
            if filled / area < DASHBOARD_DENSITY and len(table.rows) < 10:
                why_not.setdefault(name, "a dashboard: scattered labels around mostly empty cells, not a table")
                continue
            guessed = guess(named(grid, table))
            if guessed.mapping is None and looks_like(table) is None:
                turned = months_down.turn(table)
                if turned is not None and (again := guess(turned[0])).mapping is not None:
                    guessed = again
            fit = score(BY_KEY[guessed.mapping.target], guessed.mapping) if guessed.mapping else 0.0
            if guessed.mapping and named_for and guessed.mapping.target.startswith(named_for):
                fit += 3  # a sheet named after what it holds
            if hidden:
                fit -= 4
            if example:
                fit -= 2  # the template's worked example loses to the team's own sheet of the same layout
            if errors > ERRORS_SHARE * filled:
                fit -= 6
            rank = (guessed.mapping is not None, round(fit, 3), len(table.rows), -position, -number)
            found.append(Candidate(name, block, table, guessed, rank, number + 1))
    found.sort(key=lambda c: c.rank, reverse=True)
    return found, why_not


def pick_sheet(book, skip: Sequence[str] = (), sheet: str | None = None, number: int | None = None) -> SheetChoice:
    """The sheet and table holding the best table: one a target fits (on evidence) beats one none does, then the
    better fit (a sheet named after what it holds counts for; a hidden sheet or one of error values against),
    then more rows. `number` (1-based) picks a table of `sheet` instead. The notes say which table was used,
    what else was found, and why the other sheets were not used."""
    found, why_not = candidates(book, skip, only=sheet)
    if number is not None:
        name = sheet or (found[0].sheet if found else book.sheet_names[0])
        blocks = table_blocks(book.grids[name], known_words())
        if not 1 <= number <= len(blocks):
            raise UnreadableFile(f"Sheet '{name}' holds {len(blocks)} table{'s' if len(blocks) != 1 else ''}; "
                                 f"there is no table {number}.")
        block = blocks[number - 1]
        return SheetChoice(name, [f"Read table {number} of sheet '{name}' ({block.label()})."],
                           block.header + 1 if block.header >= 0 else None, block, [],
                           number if block.header >= 0 else None)
    if not found:
        return SheetChoice(sheet or book.sheet_names[0], [])
    best, others = found[0], [c.found() for c in found[1:]]
    notes = []
    several = len(book.sheet_names) > 1 or best.block.header >= 0
    if several:
        where = f"sheet '{best.sheet}'" + (f", the table at {best.block.label()}" if best.block.header >= 0 else "")
        notes.append(f"Read {where}: the best table in the file ({len(best.table.rows):,} rows).")
        useful = [c for c in others if c.target][:3]
        if useful:
            notes.append("Also found: " + "; ".join(c.describe() for c in useful)
                         + ". Choose another sheet (or --sheet / --table on the command line) to import one of them.")
        passed = {c.sheet for c in found if c.target}
        for c in found:
            if not c.target and c.sheet not in passed:
                why_not.setdefault(c.sheet, "its rows don't fit anything Production Sprint stores")
        rest = "; ".join(f"'{n}' ({why_not[n]})" for n in book.sheet_names if n in why_not and n not in passed
                         and n != best.sheet)
        if rest and len(book.sheet_names) > 1:
            notes.append(f"Not used: {rest}.")
    return SheetChoice(best.sheet, notes, best.block.header + 1 if best.block.header >= 0 else None,
                       best.block, others, best.number if best.block.header >= 0 else None, best.table)

