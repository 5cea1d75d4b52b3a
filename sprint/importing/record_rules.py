"""What each kind of record does with its rows beyond reading their cells: a risk without a title is named after
its event, an inventory keeps only what is in use and tells same-named initiatives apart, a backlog keeps
same-named features apart, a compliance tracker names obligations of the catalog."""

from __future__ import annotations

import datetime as dt
import re

from sprint import initiatives
from sprint.importing import cells
from sprint.importing.layout import Table, normal
from sprint.importing.metric_rows import Located
from sprint.steps.compliance import rules as compliance_catalog

NAME_MAX = initiatives.NAME_MAX


def keep_apart(columns: dict[str, list[object]], table: Table, notes: list[str]) -> None:
    """Features of the same name on several rows are different rows of the backlog (scored differently): each
    later one is kept apart as 'Name #2', 'Name #3', never merged into the first or dropped."""
    seen: dict[str, int] = {}
    names = columns["name"]
    renamed, first = 0, None
    taken = {str(v).casefold() for v in names if v}
    for i, name in enumerate(names):
        if name in (None, ""):
            continue
        key = str(name).casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            number = seen[key]
            while f"{name} #{number}".casefold() in taken:
                number += 1
            names[i] = f"{name} #{number}"
            taken.add(names[i].casefold())
            renamed += 1
            first = first or (table.rows[i].number, names[i])
    if renamed:
        notes.append(f"{renamed:,} row{'s' if renamed != 1 else ''} share a name with an earlier row: kept apart as "
                     f"'{first[1]}' (row {first[0]}){' and so on' if renamed > 1 else ''}, so no row is merged or "
                     "lost.")


def obligation_ids(values: list[object], table: Table, column: int, problems: list[Located]) -> list[object]:
    catalog = compliance_catalog.load()
    by_id = {o.id.casefold(): o.id for o in catalog.obligations}
    by_title = {normal(o.title): o.id for o in catalog.obligations}
    out = []
    for i, value in enumerate(values):
        text = str(value or "").strip()
        found = by_id.get(text.casefold()) or by_title.get(normal(text))
        if text and not found:
            problems.append(Located(table.rows[i].number, column, f"'{text[:60]}' is not in the obligations "
                                                                  "catalog; use its id or title from Step 2"))
        out.append(found or text)
    return out


def _shorten(name: str, room: int = 0) -> str:
    """Fit a name in NAME_MAX characters, leaving `room` for a suffix; cut at a word, marked with '…'."""
    limit = NAME_MAX - room
    if len(name) <= limit:
        return name
    return name[: limit - 1].rsplit(" ", 1)[0] + "…"


def risk_rules(columns: dict[str, list[object]], table: Table, col: dict[str, int], problems: list[Located],
                notes: list[str], decimal: str | None) -> None:
    """A risk without a title is named after its event, cause or effect, else its ref; an Impact column of
    amounts (PRINCE2's 'Impact (monetary)') is the impact's cost, not a 1-5 rating."""
    n = len(table.rows)
    if "impact" in col and "impact_cost" not in col:
        raw = table.column_values(col["impact"])
        numbers = [v for v in raw if isinstance(v, int | float) and not isinstance(v, bool)]
        if numbers and sum(1 for v in numbers if v > 5) >= 0.5 * len(numbers):
            parsed, bad = cells.numbers(raw, decimal)
            columns["impact_cost"] = [p.value if p else None for p in parsed]
            columns["impact"] = [None] * n
            problems[:] = [p for p in problems if p.column != col["impact"]]  # amounts, not bad ratings
            problems.extend(Located(table.rows[p.index].number, col["impact"], p.message) for p in bad)
            col["impact_cost"] = col.pop("impact")
            notes.append(f"'{table.columns[col['impact_cost']]}' holds amounts, not 1-5 ratings: read as the "
                         "impact's cost.")
    titles = columns.get("title", [None] * n)
    refs = columns.get("ref", [None] * n)
    named, first = 0, None
    for i in range(n):
        if titles[i] in (None, ""):
            ref = refs[i]
            if isinstance(ref, str) and re.fullmatch(r"\d+\.0", ref):
                ref = ref[:-2]
            words = next((str(columns[k][i]) for k in ("event", "cause", "effect") if k in columns
                          and columns[k][i] not in (None, "")), None)
            titles[i] = words[:80] if words else f"Risk {ref}" if ref not in (None, "") else \
                f"Risk (row {table.rows[i].number})"
            named += 1
            first = first or titles[i]
    columns["title"] = titles
    if "ref" in columns:
        columns["ref"] = [re.sub(r"^(\d+)\.0$", r"\1", str(v)) if v not in (None, "") else "" for v in refs]
    if named:
        notes.append(f"{named} risk{'s have' if named != 1 else ' has'} no title: named after the event, cause or ref "
                     f"('{first}'{', ...' if named > 1 else ''}).")


def in_use(columns: dict[str, list[object]], table: Table, col: dict[str, int], notes: list[str]) -> list[bool] | None:
    """An inventory's yes/no "in use" column (Agency Use (Y/N)?): rows saying no are not active initiatives and
    are left out, with a note; a blank counts as in use."""
    flags = columns.pop("in_use", None)
    if flags is None:
        return None
    raw = table.column_values(col["in_use"])
    keep = [not (raw[i] is not None and flags[i] is False) for i in range(len(flags))]
    left = keep.count(False)
    if left:
        notes.append(f"{left:,} row{'s' if left != 1 else ''} marked as not in use ('{table.columns[col['in_use']]}' "
                     f"says no) {'are' if left != 1 else 'is'} left out: only what is in use becomes an initiative.")
    return keep


def initiative_rules(columns: dict[str, list[object]], table: Table, col: dict[str, int], problems: list[Located],
                      notes: list[str], today: dt.date) -> None:
    """Names shortened to fit, duplicates told apart by department then by number, start dates defaulted."""
    n = len(table.rows)
    names = [str(v or "") for v in columns.get("name", [""] * n)]
    shortened = sum(1 for v in names if len(v) > NAME_MAX)
    departments = [str(v or "") for v in columns.get("department", [""] * n)]
    counts: dict[str, int] = {}
    for name in names:
        counts[name.casefold()] = counts.get(name.casefold(), 0) + 1
    used: set[str] = set()
    out, renamed, unnamed = [], 0, []
    for i, (name, dept) in enumerate(zip(names, departments, strict=True)):
        if not name:
            name = f"Unnamed use case (row {table.rows[i].number})"
            unnamed.append(name)
        base = _shorten(name)
        if counts.get(name.casefold(), 0) > 1 and dept:
            suffix = f" ({dept[:40]})"
            base = _shorten(name, len(suffix)) + suffix
        candidate, number = base, 2
        while candidate.casefold() in used:
            suffix = f" #{number}"
            candidate = _shorten(base, len(suffix)) + suffix
            number += 1
        renamed += candidate != _shorten(name)
        used.add(candidate.casefold())
        out.append(candidate)
    columns["name"] = out
    if unnamed:
        notes.append(f"{len(unnamed)} row{'s have' if len(unnamed) != 1 else ' has'} no name and "
                     f"{'are' if len(unnamed) != 1 else 'is'} named after {'their rows' if len(unnamed) != 1 else 'its row'}: "
                     f"'{unnamed[0]}'{', ...' if len(unnamed) > 1 else ''}.")
    if shortened:
        notes.append(f"{shortened} names were longer than {NAME_MAX} characters and were shortened.")
    if renamed:
        notes.append(f"{renamed} initiatives share a name with another row: they are told apart by their "
                     "department, then by a number.")
    starts = columns.get("start_date")
    if starts is None:
        columns["start_date"] = [today] * n
        notes.append(f"The file gives no start dates: each new initiative's sprint starts today ({today}).")
    else:
        blanks = sum(1 for v in starts if v is None)
        columns["start_date"] = [v or today for v in starts]
        if blanks:
            notes.append(f"{blanks} row{'s have' if blanks != 1 else ' has'} no start date: their sprint starts today ({today}).")
    if "stage" in columns:
        blank = sum(1 for i in range(n) if table.rows[i].cells[col["stage"]] is None)
        if blank:
            notes.append(f"{blank} rows without a stage start as pilots." if blank != 1
                         else "1 row without a stage starts as a pilot.")
    for key in ("department", "owner", "process"):
        for i, value in enumerate(columns.get(key, [])):
            if value and len(str(value)) > initiatives.TEXT_MAX:
                problems.append(Located(table.rows[i].number, col.get(key), f"{key} is {len(str(value))} characters; "
                                                                            f"the limit is {initiatives.TEXT_MAX}"))
