"""Addresses that carry their state: initiative slugs (unique, readable, stable across a rename) and views."""

from __future__ import annotations

import datetime as dt

from sprint import addresses, initiatives
from sprint.initiatives import Initiative, InitiativeDraft
from sprint.permissions import Actor, Role

NOW = dt.datetime(2026, 12, 1, 9, 0)


def make(id_: int, name: str, archived: bool = False) -> Initiative:
    return Initiative(id_, name, "", "", "", dt.date(2026, 10, 1), "pilot", "", archived, 1, "x", NOW, "x", NOW)


def test_slugs_are_readable_lower_case_words_with_accents_folded():
    assert addresses.slugify("Invoice processing") == "invoice-processing"
    assert addresses.slugify("  Café  & Crème: AI/ML v2 ") == "cafe-creme-ai-ml-v2"
    assert addresses.slugify("???") == "initiative"  # never empty
    assert len(addresses.slugify("word " * 40)) <= addresses.SLUG_MAX


def test_two_names_with_one_slug_get_distinct_slugs_and_the_older_keeps_the_plain_one():
    older, newer = make(3, "A/B test"), make(9, "A-B test")
    assert addresses.slugs([newer, older]) == {3: "a-b-test", 9: "a-b-test-9"}


def test_resolve_finds_active_names_archived_and_unknown():
    items = [make(1, "Invoice processing"), make(2, "Old pilot", archived=True)]
    assert addresses.resolve("invoice-processing", items).initiative.id == 1
    assert addresses.resolve("INVOICE-PROCESSING ", items).initiative.id == 1
    gone = addresses.resolve("old-pilot", items)
    assert gone.initiative is None and gone.archived.name == "Old pilot"
    unknown = addresses.resolve("nope", items)
    assert unknown.initiative is None and unknown.archived is None


def test_a_link_from_before_a_rename_still_opens_the_initiative(store):
    fran = Actor("Fran", Role.FACILITATOR)
    today = dt.date(2026, 12, 1)
    new_id = initiatives.create(store, fran, InitiativeDraft("Invoice capture", today), today=today)
    renamed = initiatives.update(store, fran, new_id, InitiativeDraft("Invoice processing", today),
                                 expected_version=1, today=today)
    everyone = initiatives.list_all(store, include_archived=True)
    assert addresses.resolve("invoice-capture", everyone).initiative is None  # not by its current name...
    found = addresses.resolve("invoice-capture", everyone, initiatives.former_names(store))
    assert found.initiative.id == renamed.id and found.renamed_from == "invoice-capture"  # ...but by its old one


def test_view_slugs_are_short_and_skip_filler_words():
    assert addresses.short_slug("Rank and cut") == "rank-cut"
    assert addresses.short_slug("The workflow") == "workflow"
    assert addresses.short_slug("ROI and the cost of waiting") == "roi-cost"
