"""Rows pasted from a spreadsheet (copied cells arrive tab-separated; CSV works too), matched to the columns
we need by their headers. A small, bounded reader: the full importer for files is a separate module."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence

from sprint.errors import Problem, ValidationError

MAX_CHARS = 200_000  # a pasted block, not a file


def _normal(text: str) -> str:
    return re.sub(r"[^a-z0-9%$]+", " ", text.lower()).strip()


def rows_from(text: str, columns: Mapping[str, Sequence[str]]) -> list[dict[str, str]]:
    """Parse pasted text into dicts keyed by our column names. `columns` maps each of our names to header words
    that may stand for it (the first is its label); the first row must be the header. Raises with a message
    naming what's missing."""
    if len(text) > MAX_CHARS:
        raise ValidationError([Problem("pasted rows", f"that is {len(text):,} characters; paste at most "
                                                      f"{MAX_CHARS:,} (or import the file).")])
    lines = [line for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]
    if len(lines) < 2:
        raise ValidationError([Problem("pasted rows", "paste a header row and at least one row under it.")])
    delimiter = "\t" if "\t" in lines[0] else (";" if lines[0].count(";") > lines[0].count(",") else ",")
    table = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    header = [_normal(h) for h in table[0]]
    found: dict[str, int] = {}
    for name, words in columns.items():
        for word in words:
            target = _normal(word)
            index = next((i for i, h in enumerate(header) if h == target), None)
            if index is None:
                index = next((i for i, h in enumerate(header) if target and target in h), None)
            if index is not None and index not in found.values():
                found[name] = index
                break
    first = next(iter(columns))
    if first not in found:
        labels = ", ".join(words[0] for words in columns.values())
        raise ValidationError([Problem("pasted rows", f"no column for '{columns[first][0]}' in the header row. "
                                                      f"Name the columns like: {labels}.")])
    return [{name: (row[i].strip() if i < len(row) else "") for name, i in found.items()} for row in table[1:]]
