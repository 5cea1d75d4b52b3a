"""A target is suggested only on evidence: its key columns found by header, and their values fitting them.

Headers alone are easy to fool. "Project Activity" reads as an initiative name and a column of R/A/C/I letters
under "Product Manager" as a department: a RACI matrix then became nineteen initiatives run by departments
called R and A. Here a guessed target must also pass on the values, and a table that is recognisably
something we don't store (a RACI matrix) is named as such instead of being imported as something else.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sprint.importing.cells import choices
from sprint.importing.layout import Block, Table, normal
from sprint.importing.mapping import Mapping, score, suggest
from sprint.importing.targets import CHOICE, TARGETS, Target

_RACI = re.compile(r"^[RACIS](?:\s*[/,&+]?\s*[RACIS]){0,3}$")  # R, A, R/A, A/R, RACI, C & I, S (support)
# A one-letter code (R, x, A/R), not a name: two letters can be a real department (HR, IT, VA).
_CODE = re.compile(r"^(?:[A-Za-z][.)]?|[RACIS](?:\s*[/,&+]\s*[RACIS]){1,3})$")
SAMPLE = 500  # rows looked at: enough to judge a column, cheap on 120,000 rows
# An inventory names its use cases and says at least one more thing about each.
INVENTORY_DETAIL = ("department", "owner", "stage", "start_date", "process")


def _values(table: Table, column: int) -> list[str]:
    out = []
    for row in table.rows[:SAMPLE]:
        value = row.cells[column] if column < len(row.cells) else None
        if value is not None and str(value).strip():
            out.append(str(value).strip())
    return out


def mostly(values: list[str], pattern: re.Pattern, share: float = 0.8) -> bool:
    return bool(values) and sum(1 for v in values if pattern.match(v)) >= share * len(values)


def raci_columns(table: Table) -> list[str]:
    """The columns (after the first) whose values are RACI letters."""
    return [name for i, name in enumerate(table.columns) if i > 0
            and len(values := _values(table, i)) >= 2 and mostly(values, _RACI, 0.9)]


_PIVOT = re.compile(r"^(row labels|column labels|grand total|(sum|count|average|max|min) of .+)$", re.I)


def looks_like(table: Table) -> str | None:
    """What a table is, when it is something Production Sprint does not store; None otherwise."""
    if sum(1 for c in table.columns if _PIVOT.match(str(c).strip())) >= 1 and any(
            str(c).strip().lower() in ("row labels", "column labels") or _PIVOT.match(str(c).strip())
            for c in table.columns[:2]):
        return ("a pivot table (sums or counts worked out from other rows), not figures someone keeps; import "
                "the metrics themselves, with a baseline and a target")
    raci = raci_columns(table)
    if len(raci) >= 2 and len(raci) >= (len(table.columns) - 1) / 2:
        return "a RACI matrix (who is responsible, accountable, consulted and informed for each task)"
    return None


def unfit(target: Target, mapping: Mapping, table: Table) -> list[str]:
    """Why the values don't fit this target's mapping (empty when they do)."""
    index = {name: i for i, name in enumerate(table.columns)}
    reasons = []
    by_header = sum(1 for v in mapping.columns.values() if v) + bool(mapping.month_columns)  # before any is unmapped
    for key in ("department", "owner"):
        column = mapping.columns.get(key)
        if column and column in index and mostly(_values(table, index[column]), _CODE):
            label = target.field(key).label.lower()
            reasons.append(f"'{column}' holds one-letter codes, not {'an' if label[0] in 'aeiou' else 'a'} "
                           f"{label}")
            mapping.columns[key] = None
    for f in target.fields:  # a choice column must mostly hold its choices ('Active' is no compliance status)
        column = mapping.columns.get(f.key)
        if f.kind == CHOICE and f.choices and column and column in index:
            values = _values(table, index[column])
            _, misfits = choices(values, f.choices, None, [])  # read as the import reads them ("a) Pilot – ...")
            if values and len(misfits) > 0.5 * len(values):
                if not f.required:  # an optional column of other words ('Priority: Critical Risk'): not read
                    mapping.columns[f.key] = None
                    continue
                shown = ", ".join(dict.fromkeys(values[:40]))[:80]
                reasons.append(f"'{column}' holds {shown}: not {f.label.lower()} values")
                break
    if target.key == "initiatives" and not any(mapping.columns.get(k) for k in INVENTORY_DETAIL):
        reasons.append("an inventory names each use case and says at least one more thing about it (department, "
                       "owner, stage or start date); only a name column was found")
    elif by_header < 2 and not _named_list(target, mapping, table):
        reasons.append("only one of its columns was found, too little to tell")
    if target.key == "compliance" and mapping.columns.get("obligation") in index:
        from sprint.steps.compliance import rules as compliance_catalog

        catalog = compliance_catalog.load().by_id()
        titles = {normal(o.title) for o in catalog.values()} | {normal(k) for k in catalog}
        values = _values(table, index[mapping.columns["obligation"]])
        if values and sum(1 for v in values if normal(v) in titles) < 0.5 * len(values):
            reasons.append(f"'{mapping.columns['obligation']}' does not name obligations of the catalog")
    if target.key == "steps" and not (mapping.columns.get("activity") or mapping.columns.get("system")):
        reasons.append("a workflow says what happens at each step, or in which system; only who and how long "
                       "were found (a time log is not a workflow)")
    if target.key == "risks" and not (mapping.columns.get("likelihood") and mapping.columns.get("impact")) \
            and not mapping.columns.get("level") and not mapping.columns.get("score"):
        reasons.append("a risk register says how likely and how bad each risk is (likelihood and impact, a score "
                       "or a level); no such column was found")
    name = mapping.columns.get("name") if target.key == "initiatives" else None
    if name and name in index and mostly(_values(table, index[name]), _CODE):
        reasons.append(f"'{name}' holds codes, not names")
    return reasons


NAME_FIELDS = {"features": "name", "initiatives": "name", "register": "name"}


def _named_list(target: Target, mapping: Mapping, table: Table) -> bool:
    """A list whose sheet name or title says what it holds ('Product Backlog' over ID | Description | 1 | 2):
    its one column found is enough when that column is the target's name field, of distinct words."""
    key = NAME_FIELDS.get(target.key)
    column = mapping.columns.get(key) if key else None
    if table.named_for != target.key or not column or column not in table.columns:
        return False
    values = _values(table, table.columns.index(column))
    words = [v for v in values if re.search(r"[^\W\d_]{3,}", v)]
    return len(values) >= 3 and len(words) >= 0.8 * len(values) and len(set(words)) >= 0.8 * len(words) \
        and not mostly(values, _CODE)
UNHEADED = re.compile(r"^Column [A-Z]{1,3}$")
_ID_NUMBER = re.compile(r"^[#№]?\s*\d+(?:[.,]\d+)?$")


def unheaded_name(target: Target, mapping: Mapping, table: Table) -> str | None:
    """A backlog whose first columns carry no header (a number, then the hypothesis): when the target's name
    field found no column by header, the unheaded column of distinct words (not numbers, not codes) is the
    name. Sets it in `mapping` and returns the column, or None."""
    if target.key == "metrics_wide" and not mapping.columns.get("metric") and mapping.month_columns and table.columns:
        first = table.columns[0]  # 'Periode | 1 | 2 ...' over the rows: the metric names are in the first column
        values = _values(table, 0)
        if first not in mapping.month_columns and first not in mapping.columns.values() and len(set(values)) >= 2 \
                and not mostly(values, _ID_NUMBER, 0.5):
            mapping.columns["metric"] = first
            return first
        return None
    if target.key == "steps":
        return _unheaded_activity(mapping, table)
    key = NAME_FIELDS.get(target.key)
    if key is None:
        return None
    named = mapping.columns.get(key)
    if named and named in table.columns:
        values = _values(table, table.columns.index(named))
        if not values or not mostly(values, _ID_NUMBER):
            return None
        mapping.columns[key] = None  # 'Story ID' holds 1, 2, 3: numbers, not names
    described = mapping.columns.get("notes") if target.key == "features" else None
    if described and described in table.columns:  # a goals list: the description is what each row is
        values = _values(table, table.columns.index(described))
        if len(values) >= 2 and len(set(values)) >= 0.8 * len(values) and not mostly(values, _CODE):
            mapping.columns[key], mapping.columns["notes"] = described, None
            taken = set(mapping.columns.values())
            words = [normal(w) for w in target.field("notes").synonyms]
            mapping.columns["notes"] = next((c for w in words for c in table.columns
                                             if c not in taken and normal(c) == w), None)
            return described
    taken = set(mapping.columns.values())
    best, best_length = None, 0.0
    for i, column in enumerate(table.columns):
        if not UNHEADED.match(column) or column in taken:
            continue
        values = _values(table, i)
        words = [v for v in values if re.search(r"[A-Za-z]{3,}", v) and not mostly([v], _CODE)]
        if len(values) < 2 or len(words) < 0.8 * len(values) or len(set(words)) < 0.8 * len(words):
            continue
        length = sum(len(v) for v in words) / len(words)
        if length > best_length:
            best, best_length = column, length
    if best:
        mapping.columns[key] = best
    return best


def _unheaded_activity(mapping: Mapping, table: Table) -> str | None:
    """A list of steps whose text column has no header we know ('**Lead**' over '1. Input customer details',
    'a. Check the name'): when who does each step was found by header and what happens was not, the one other
    column of sentences is what happens. Sets it in `mapping` and returns the column, or None."""
    if mapping.columns.get("activity") or not mapping.columns.get("actor"):
        return None
    taken = set(mapping.columns.values())
    best, best_length = None, 0.0
    for i, column in enumerate(table.columns):
        if column in taken:
            continue
        values = _values(table, i)
        words = [v for v in values if re.search(r"[^\W\d_]{3,}\s+\S+\s+\S+", v)]  # three words at least
        if len(values) < 3 or len(words) < 0.8 * len(values) or len(set(words)) < 0.8 * len(words):
            continue
        length = sum(len(v) for v in words) / len(words)
        if length > best_length:
            best, best_length = column, length
    if best:
        mapping.columns["activity"] = best
    return best


@dataclass
class Guess:
    mapping: Mapping | None
    refusal: str | None  # one message saying what the file looks like and what it could become


def guess(table: Table) -> Guess:
    """The best target whose key columns are found by header and whose values fit them; or a refusal that
    names what the table looks like when we can tell (a RACI matrix, a risk register)."""
    what = looks_like(table)
    if what is None:
        suggested = [(t, suggest(t, table.columns)) for t in TARGETS]
        for t, m in suggested:
            unheaded_name(t, m, table)
        ranked = sorted(((score(t, m), i, t, m) for i, (t, m) in enumerate(suggested)), key=lambda x: (-x[0], x[1]))
        for value, _, target, mapping in ranked:
            if value <= 0:
                break
            if not unfit(target, mapping, table):
                return Guess(mapping, None)
    return Guess(None, refusal(table, what))


def describe(table: Table) -> str:
    shown = ", ".join(table.columns[:6]) + (f" and {len(table.columns) - 6} more" if len(table.columns) > 6 else "")
    return f"a table of {len(table.rows):,} row{'s' if len(table.rows) != 1 else ''} with columns {shown}"


def refusal(table: Table, what: str | None = None) -> str:
    """'Sheet X holds a table of 19 rows with columns ...: this looks like a RACI matrix, which Production
    Sprint does not store.' and the targets it could become, with what each is missing."""
    head = f"'{table.sheet}' holds {describe(table)}"
    if what:
        head += f": this looks like {what}, which Production Sprint does not store"
    options = []
    for target in TARGETS:
        mapping = suggest(target, table.columns)
        missing = [f.label for f in target.required if not mapping.columns.get(f.key)]
        if target.months_as_columns and not mapping.month_columns:
            missing.append("month columns")
        if not missing:
            reasons = unfit(target, mapping, table)
            if reasons:
                options.append(f"{target.label}: {reasons[0]}")
                continue
            options.append(f"{target.label}: its columns are there, but the values do not fit")
            continue
        options.append(f"{target.label} (needs {', '.join(missing)})")
    return (f"{head}. Nothing was imported. It could become, with the columns it lacks: " + "; ".join(options)
            + ". Choose what the rows are and map the columns yourself if one of these is right.")


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
        what = BY_KEY_TARGETS[self.target].label if self.target else "nothing we store"
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
    from sprint.importing import vocabulary

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
    from sprint.importing import vocabulary

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
    from sprint.importing.layout import NoHeader, find_table, masked, table_blocks
    from sprint.importing.mapping import known_words

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
            table.named_for = named_for or _title_target(grid, table.header_row)  # as named() marks it
            guessed = guess(table)
            if guessed.mapping is None and looks_like(table) is None:
                from sprint.importing import months_down

                turned = months_down.turn(table)
                if turned is not None and (again := guess(turned[0])).mapping is not None:
                    guessed = again
            fit = score(BY_KEY_TARGETS[guessed.mapping.target], guessed.mapping) if guessed.mapping else 0.0
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
        from sprint.importing.layout import table_blocks
        from sprint.importing.mapping import known_words

        name = sheet or (found[0].sheet if found else book.sheet_names[0])
        blocks = table_blocks(book.grids[name], known_words())
        if not 1 <= number <= len(blocks):
            from sprint.importing.reading import UnreadableFile

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


BY_KEY_TARGETS = {t.key: t for t in TARGETS}
