"""How long a stored text may be. Every field that people name things in has its own limit, checked with a
message that names the field; behind them, no text of any kind longer than TEXT_MAX reaches the database
(checked on every parameter a write sends), so one paste of 100,000 characters can't bloat a table, a page or a
snapshot for everyone."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sprint.errors import Problem, ValidationError

DEPARTMENT_MAX = 80  # "Customer Support", "Accounts Payable"
UNIT_MAX = 30  # "$/unit", "hours", "tickets per agent"
TEXT_MAX = 10_000  # the longest note, duty or pasted description any field keeps


# Characters that change how text around them is shown without being seen: direction overrides and isolates
# (U+202E made "(joined with the Finance code)" read backwards in the audit log), zero-width spaces and joiners
# (a look-alike of another person's name), the soft hyphen and the byte-order mark.
INVISIBLE = frozenset("\u061c\u00ad\u180e\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                      "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")


def one_line(text: object) -> str:
    """A name as stored: invisible direction and zero-width characters removed, one line, spaces collapsed."""
    return " ".join("".join(ch for ch in str(text or "") if ch not in INVISIBLE).split())


def invisible_in(text: object) -> int:
    """How many invisible characters `one_line` removes from `text` (for saying so)."""
    return sum(ch in INVISIBLE for ch in str(text or ""))


def too_long(values: Iterable[object]) -> int | None:
    """The length of the first text longer than TEXT_MAX among `values`, or None."""
    for value in values:
        if isinstance(value, str) and len(value) > TEXT_MAX:
            return len(value)
        if isinstance(value, list | tuple):  # a whole column at once (a restore's or an import's bulk insert)
            inner = too_long(value)
            if inner is not None:
                return inner
    return None


def check_parameters(params: object) -> None:
    """Refuse a write whose parameters hold a text longer than TEXT_MAX (nothing is written)."""
    if params is None:
        return
    values = params.values() if isinstance(params, Mapping) else params
    if isinstance(values, str | bytes):
        values = [values]
    length = too_long(values)
    if length is not None:
        raise ValidationError([Problem("A text", f"{length:,} characters is longer than the {TEXT_MAX:,} this app "
                                                 "keeps in any field; shorten it.")])
