"""Which column holds what: suggested from the headers, changeable by the person, saved as a named profile.

A header matches a field when it is one of the field's words ("KPI" for Metric, "Goal" for Target), or,
for headers of a few words, contains one ("Cost baseline ($)" for Baseline). Exact matches are placed
first, then the longest contained words, and a column serves one field only.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from dataclasses import dataclass, field

from sprint.importing.layout import Table, normal
from sprint.importing.months import MonthRef, parse_month
from sprint.importing.targets import BY_KEY, CHOICE, DATE, TARGETS, Target

CONTAINS_MAX_WORDS = 6  # longer headers are questions or guidance; only an exact word list matches them


@dataclass
class Mapping:
    target: str
    columns: dict[str, str | None]  # field key -> column name (None: not in the file)
    month_columns: dict[str, MonthRef] = field(default_factory=dict)  # wide layout: column -> month
    months_are_targets: bool = False  # wide layout: the month columns are milestone targets, not actuals
    date_order: str | None = None  # all-number dates (03/04/2026): "day" or "month" first; None: from the file
    constants: dict[str, str] = field(default_factory=dict)  # field key -> one value for every row
    # field key -> {a word of the file (normalised): the choice it means}, e.g. stage: {"discovery": "pilot"}
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"target": self.target, "columns": dict(self.columns),
                "month_columns": sorted(self.month_columns), "months_are_targets": self.months_are_targets,
                "date_order": self.date_order, "constants": dict(self.constants),
                "value_maps": {k: dict(v) for k, v in self.value_maps.items()}}

    @classmethod
    def from_json(cls, data: dict[str, object], headers: list[str]) -> Mapping:
        """A saved mapping applied to a file's headers: columns found by name (case and spacing ignored), and
        every month column of this file (next month's file has one more)."""
        by_normal = {normal(h): h for h in reversed(headers)}
        columns = {k: (by_normal.get(normal(v)) if v else None) for k, v in dict(data.get("columns", {})).items()}
        months = {}
        if data.get("month_columns"):
            months = {h: ref for h in headers if h not in columns.values() and (ref := parse_month(h))}
        order = data.get("date_order")
        return cls(str(data["target"]), columns, months, bool(data.get("months_are_targets", False)),
                   order if order in ("day", "month") else None,
                   {str(k): str(v) for k, v in dict(data.get("constants") or {}).items()},
                   {str(k): {str(w): str(x) for w, x in dict(v).items()}
                    for k, v in dict(data.get("value_maps") or {}).items()})


@functools.cache
def _period_words() -> frozenset[str]:
    from sprint.importing import vocabulary

    return frozenset(normal(w) for w in vocabulary.load().periods)


def numbered_periods(headers: list[str]) -> dict[str, MonthRef]:
    """'Periode | | 1 | 2 | 3 ...': columns numbered from 1 after a word that names periods are sprint months."""
    words = _period_words()
    for start, header in enumerate(headers):
        if normal(header) in words:
            numbered = {h: MonthRef(int(h), None, None) for h in headers[start + 1:] if h.isdigit() and 0 < int(h) <= 36}
            values = [int(h) for h in numbered]
            if len(values) >= 3 and values == list(range(1, len(values) + 1)):
                return numbered
    return {}


@functools.cache
def known_words() -> frozenset[str]:
    """Every synonym of every field (normalised): header detection scores rows that use them."""
    return frozenset(normal(word) for t in TARGETS for f in t.fields for word in f.synonyms)


@functools.cache
def _words(target_key: str, field_key: str) -> tuple[str, ...]:
    """A field's words, normalised once per process (nine languages of them)."""
    return tuple(normal(w) for w in BY_KEY[target_key].field(field_key).synonyms)


@functools.cache
def _pattern(word: str) -> re.Pattern:
    return re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")


def _contains(header: str, word: str) -> bool:
    return _pattern(word).search(header) is not None


def _alternates(header: str) -> list[str]:
    """The other readings of a header (its first line, the words in its parentheses), normalised."""
    return [n for n in (normal(f) for f in getattr(header, "forms", ())) if n]


def _near(a: str, b: str) -> bool:
    """A one-word header a typing slip away from a field's word ('Acitivity' for 'activity')."""
    if " " in a or " " in b or min(len(a), len(b)) < 6 or abs(len(a) - len(b)) > 2:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.88


def suggest(target: Target, headers: list[str]) -> Mapping:
    normals = [normal(h) for h in headers]
    alternates = [_alternates(h) for h in headers]
    month_columns = {h: ref for h, ref in ((h, parse_month(h)) for h in headers) if ref} \
        if target.months_as_columns else {}
    if target.months_as_columns and not month_columns:
        month_columns = numbered_periods(headers)
    taken = set(month_columns)
    columns: dict[str, str | None] = {f.key: None for f in target.fields}
    # Where each normalised header (and each alternate reading) is, so a word finds its headers without a walk
    # over every column (a wide sheet has hundreds; each of nine languages' words would walk them all).
    exact: dict[str, list[int]] = {}
    for i, n in enumerate(normals):
        exact.setdefault(n, []).append(i)
        for a in alternates[i]:
            exact.setdefault(a, []).append(i)
    words_in = [len(n.split()) for n in normals]
    firsts = [a[0] if a else "" for a in alternates]
    haystack = "\n".join(normals) + "\n\n" + "\n".join(firsts)  # a word inside a header, found by one scan
    # Exact matches first, in the order of each field's words.
    for f in target.fields:
        for word in _words(target.key, f.key):
            index = next((i for i in sorted(set(exact.get(word, ()))) if headers[i] not in taken), None)
            if index is not None:
                columns[f.key] = headers[index]
                taken.add(headers[index])
                break
    # Then headers of a few words that contain a field's word, longest word first.
    candidates = sorted((-len(w), fi, wi, w) for fi, f in enumerate(target.fields)
                        if not columns[f.key] for wi, w in enumerate(_words(target.key, f.key)))
    for _, fi, _, word in candidates:
        f = target.fields[fi]
        if columns[f.key] or not word or word not in haystack:
            continue
        for i, n in enumerate(normals):
            if word not in n and word not in firsts[i]:
                continue
            # a long header is a question; one that starts "Date when ..." still names a date field
            short = words_in[i] <= CONTAINS_MAX_WORDS or (f.kind == DATE and n.startswith("date "))
            if headers[i] not in taken and (short and _contains(n, word) or _contains(firsts[i], word)):
                columns[f.key] = headers[i]
                taken.add(headers[i])
                break
    # Last, a one-word header with a typing slip in it.
    for f in target.fields:
        if columns[f.key]:
            continue
        for i, n in enumerate(normals):
            if headers[i] not in taken and " " not in n and len(n) >= 6 and \
                    any(_near(n, w) for w in _words(target.key, f.key)):
                columns[f.key] = headers[i]
                taken.add(headers[i])
                break
    return Mapping(target.key, columns, month_columns,
                   months_are_targets=bool(month_columns) and all(r.is_target for r in month_columns.values()))


def checked_value_maps(target: Target, mapping: Mapping,
                       wanted: dict[str, dict[str, str]]) -> tuple[dict[str, dict[str, str]], list[str]]:
    """The person's word maps ("Under review" -> open) checked against the target's choice fields, added to
    the ones the mapping (or its profile) already had; and what was refused, in words."""
    out = {k: dict(v) for k, v in mapping.value_maps.items()}
    refused: list[str] = []
    for key, words in wanted.items():
        f = next((f for f in target.fields if f.key == key or normal(f.label) == normal(key)), None)
        if f is None or f.kind != CHOICE:
            fields = ", ".join(x.key for x in target.fields if x.kind == "choice") or "none"
            refused.append(f"'{key}' is not a choice field of {target.label} (its choice fields: {fields}).")
            continue
        allowed = sorted(set(f.choices.values()))
        for text, value in words.items():
            chosen = f.choices.get(normal(value)) or next((a for a in allowed if normal(a) == normal(value)), None)
            if chosen is None:
                refused.append(f"'{value}' is not a {f.label.lower()} (choose one of: {', '.join(allowed)}).")
                continue
            out.setdefault(f.key, {})[normal(text)] = chosen
    return out, refused


def score(target: Target, mapping: Mapping) -> float:
    """How well a target fits a file: every required field found, then as many others as possible."""
    if any(not mapping.columns.get(f.key) for f in target.required):
        return 0.0
    if target.months_as_columns and len(mapping.month_columns) < 1:
        return 0.0
    found = sum(1 for f in target.fields if mapping.columns.get(f.key))
    months = min(len(mapping.month_columns), 3) if target.months_as_columns else 0
    return found + months + 0.5 * len(target.required)


def best_target_for(columns: list[str]) -> Mapping | None:
    """The most likely target for a table with these columns, with its suggested mapping (None when nothing
    fits)."""
    ranked = sorted(((score(t, m), i, m) for i, t in enumerate(TARGETS) for m in [suggest(t, columns)]),
                    key=lambda x: (-x[0], x[1]))
    return ranked[0][2] if ranked and ranked[0][0] > 0 else None


def best_target(table: Table) -> Mapping | None:
    return best_target_for(table.columns)


def header_signature(headers: list[str]) -> str:
    """The same columns (whatever their order or case) give the same signature: how a saved profile is found.
    Month headers are left out, so next month's file, one column longer, still finds its profile."""
    names = sorted({normal(h) for h in headers if not h.startswith("Column ") and parse_month(h) is None})
    return hashlib.sha256("\x1f".join(names).encode()).hexdigest()[:20]


def target_of(key: str) -> Target:
    return BY_KEY[key]
