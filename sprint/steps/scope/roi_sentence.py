"""The one-sentence ROI test: can the ROI be said in one sentence, with a number, and without the
words that sound like value but name none?"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sprint.config import DATA_DIR

# A sentence ends at . ! ? followed by a space and a capital or digit (so "4.5 hours" and "$1.5m" don't end one).
_SENTENCE_END = re.compile(r"[.!?]+\s+(?=[A-Z0-9$])")
_QUANTITY = re.compile(
    r"(\$\s?\d)|(\d[\d,.]*\s?(%|percent|k\b|m\b|hours?|hrs?|minutes?|mins?|days?|weeks?|months?|"
    r"dollars?|tickets?|invoices?|units?|calls?|people|FTEs?|errors?))|\b\d[\d,.]*\b", re.IGNORECASE)


@dataclass(frozen=True)
class Rule:
    name: str
    passed: bool
    why: str


@lru_cache(maxsize=4)
def buzzwords(path: Path = DATA_DIR / "roi_buzzwords.toml") -> frozenset[str]:
    with open(path, "rb") as handle:
        return frozenset(w.lower() for w in tomllib.load(handle).get("buzzwords", []))


def check(statement: str, words: frozenset[str] | None = None) -> list[Rule]:
    text = " ".join((statement or "").split())
    words = buzzwords() if words is None else words
    if not text:
        return [Rule("one sentence", False, "Write the ROI as one sentence."),
                Rule("names a quantity", False, "Say how many dollars, hours, percent or items."),
                Rule("plain words", True, "")]
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    found = sorted({w for w in re.findall(r"[A-Za-z][A-Za-z-]*", text.lower()) if w in words})
    return [
        Rule("one sentence", len(sentences) == 1,
             "" if len(sentences) == 1 else f"It has {len(sentences)} sentences; the ROI should fit in one."),
        Rule("names a quantity", bool(_QUANTITY.search(text)),
             "" if _QUANTITY.search(text) else "It names no number: say dollars, hours, percent or a count."),
        Rule("plain words", not found,
             "" if not found else f"'{', '.join(found)}' {'says' if len(found) == 1 else 'say'} nothing "
                                  "measurable; say what changes and by how much."),
    ]


def passes(statement: str) -> bool:
    return all(rule.passed for rule in check(statement))
