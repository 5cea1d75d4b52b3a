"""The words of an import live in data/import_words, one file per language: these tests keep the files honest.

A word filed under a field or a value we don't have is a word nobody's file will ever be read by, so a typo in a
file is a failure here, not a silent gap on a user's import."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from sprint.importing import mapping, vocabulary
from sprint.importing.layout import normal
from sprint.importing.targets import BY_KEY, CHOICE, TARGETS

TARGETS_PY = Path(__file__).resolve().parents[2] / "sprint" / "importing" / "targets.py"
FILES = sorted(vocabulary.WORDS_DIR.glob("*.toml"))


def _target_keys(name: str) -> list[str]:
    return list(vocabulary.METRIC_TARGETS) if name == "metrics" else [name]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_word_is_filed_under_a_field_and_a_value_we_have(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    all_fields = {f.key for t in TARGETS for f in t.fields}
    for target, fields in data.get("headers", {}).items():
        for key, words in fields.items():
            if target == "all":
                assert key in all_fields, f"{path.name}: [headers.all] {key} is no field of any target"
            else:
                assert any(key in {f.key for f in BY_KEY[t].fields} for t in _target_keys(target)), \
                    f"{path.name}: [headers.{target}] {key} is no field of that target"
            assert words and all(isinstance(w, str) and normal(w) for w in words), f"{path.name}: {target}.{key}"
    for choice, by_value in data.get("values", {}).items():
        target, key = choice.split(".")
        fields = [BY_KEY[t].field(key) for t in _target_keys(target)]
        assert all(f.kind == CHOICE for f in fields), f"{path.name}: {choice} is not a choice field"
        for value in by_value:
            assert value.replace("_", " ") in set(fields[0].choices.values()), \
                f"{path.name}: {choice} has no value {value!r}"
    for key, words in data.get("block", {}).items():
        assert key in vocabulary.BLOCK_KEYS and words, f"{path.name}: [block] {key}"
    for key, words in data.get("glide", {}).items():
        assert key in {"month", "actual", "target", "cumulative"} and words, f"{path.name}: [glide] {key}"
    for target in data.get("sheets", {}):
        assert target in {t.key for t in TARGETS} | {"metrics", "example"}, f"{path.name}: [sheets] {target}"


def test_the_words_are_data_the_code_declares_only_fields_and_their_values() -> None:
    """Adding a header word or a cell word is an edit to a language file, never to targets.py."""
    tree = ast.parse(TARGETS_PY.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Field":
            assert len(node.args) <= 3 and not any(k.arg == "synonyms" for k in node.keywords), \
                f"targets.py line {node.lineno}: header words belong in data/import_words"
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_choices":
            assert not node.keywords, f"targets.py line {node.lineno}: cell words belong in data/import_words"


def test_english_words_lead_and_every_language_is_read() -> None:
    words = vocabulary.load()
    assert words.languages[0] == "English"
    assert {"German", "French", "Spanish", "Dutch", "Portuguese", "Italian", "Russian"} <= set(words.languages)
    assert BY_KEY["features"].field("name").synonyms[0] == "feature"
    assert BY_KEY["risks"].field("status").choices[normal("mitigated")] == "closed"  # English, from en.toml
    assert BY_KEY["risks"].field("status").choices[normal("geschlossen")] == "closed"  # German, from de.toml


@pytest.mark.parametrize(("header", "target", "key"), [
    ("KPI name", "metrics_wide", "metric"),  # English, from en.toml
    ("Risk owner", "risks", "owner"),
    ("Responsable", "risks", "owner"),  # French and Spanish
    ("Wahrscheinlichkeit", "risks", "likelihood"),  # German
    ("Вероятность", "risks", "likelihood"),  # Russian
])
def test_a_header_in_a_language_we_ship_is_recognised(header: str, target: str, key: str) -> None:
    headers = [header, "Something else", "Notes"]
    assert mapping.suggest(BY_KEY[target], headers).columns[key] == header
