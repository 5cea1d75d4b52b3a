"""Addresses that carry their state: the readable slug of an initiative in `?initiative=<slug>`, and finding
the initiative behind a slug a person bookmarked, even one from before a rename.

A slug is the name in lower case with every run of other characters turned into one hyphen ("Invoice
processing" -> "invoice-processing"). Names are unique without case, but two names can still share a slug
("A/B test" and "A-B test"): the older initiative keeps the plain slug and the newer gets its id appended, so
every initiative's slug is unique and stable while its name stays the same. A rename changes the slug; the
old one still resolves, through the names the audit log recorded before each rename.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sprint.initiatives import Initiative

SLUG_MAX = 60
_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(name: str) -> str:
    """'Invoice processing' -> 'invoice-processing'; accents folded ('Café' -> 'cafe'); never empty."""
    folded = unicodedata.normalize("NFKD", str(name or "")).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_WORD.sub("-", folded).strip("-")[:SLUG_MAX].rstrip("-")
    return slug or "initiative"


def short_slug(label: str, words: int = 2) -> str:
    """A view's name in an address: 'Rank and cut' -> 'rank-cut', 'The workflow' -> 'workflow'."""
    kept = [w for w in slugify(label).split("-") if w not in {"the", "a", "an", "and", "of"}]
    return "-".join(kept[:words]) or slugify(label)


def slugs(initiatives: Iterable[Initiative]) -> dict[int, str]:
    """Every initiative's unique slug, by id (archived ones included, so an archived slug can be named)."""
    taken: dict[str, int] = {}
    result: dict[int, str] = {}
    for item in sorted(initiatives, key=lambda i: i.id):
        plain = slugify(item.name)
        slug = plain if plain not in taken else f"{plain}-{item.id}"
        taken[slug] = item.id
        result[item.id] = slug
    return result


@dataclass(frozen=True)
class Found:
    """What an address's slug points at: an active initiative, or why not (archived, or unknown)."""

    initiative: Initiative | None
    archived: Initiative | None = None
    renamed_from: str | None = None  # the old slug, when the address predates a rename


def resolve(slug: str, everyone: Sequence[Initiative], former_names: Mapping[str, int] | None = None) -> Found:
    """The initiative behind `slug` among `everyone` (archived included). `former_names` maps names an
    initiative had before a rename to its id (from the audit log), so old links keep working."""
    wanted = str(slug or "").strip().lower()
    by_slug = {s: i for i, s in slugs(everyone).items()}
    by_id = {i.id: i for i in everyone}
    initiative_id = by_slug.get(wanted)
    renamed = None
    if initiative_id is None and former_names:
        for name, old_id in former_names.items():
            if slugify(name) == wanted and old_id in by_id:
                initiative_id, renamed = old_id, wanted
                break
    if initiative_id is None:
        return Found(None)
    found = by_id[initiative_id]
    if found.archived:
        return Found(None, archived=found)
    return Found(found, renamed_from=renamed)
