"""The words of other languages, kept as data (data/import_words/<language>.toml) and added to the English words
of each field: header words by target and field, and the cell words that mean each of a choice field's values.

Read once per process. A file that can't be read is a bug in what we ship, so it fails loudly in the tests
(tests/unit/test_vocabulary.py) rather than being skipped here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache

from sprint.config import DATA_DIR

WORDS_DIR = DATA_DIR / "import_words"
METRIC_TARGETS = ("metrics_wide", "metrics_long")
BLOCK_KEYS = ("metric", "department", "unit", "baseline", "target")  # labels of an input block beside a table


@dataclass(frozen=True)
class Vocabulary:
    languages: tuple[str, ...]
    headers: dict[str, dict[str, tuple[str, ...]]]  # target key -> field key -> words
    shared: dict[str, tuple[str, ...]]  # field key -> words, for every target that has the field
    values: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)  # "target.field" -> value -> words
    sheets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # target -> words a sheet's name holds
    examples: tuple[str, ...] = ()  # words naming a template's worked example or instructions sheet
    periods: tuple[str, ...] = ()  # words over a header row numbered 1, 2, 3 ... (sprint months)
    block: dict[str, tuple[str, ...]] = field(default_factory=dict)  # BLOCK_KEYS -> labels of an input block
    glide: dict[str, tuple[str, ...]] = field(default_factory=dict)  # month/actual/target/cumulative -> headers

    def header_words(self, target: str, field_key: str) -> tuple[str, ...]:
        own = self.headers.get("metrics" if target in METRIC_TARGETS else target, {}).get(field_key, ())
        return tuple(dict.fromkeys((*own, *self.shared.get(field_key, ()))))

    def value_words(self, target: str, field_key: str) -> dict[str, tuple[str, ...]]:
        return self.values.get(f"{'metrics' if target in METRIC_TARGETS else target}.{field_key}", {})


@cache
def load() -> Vocabulary:
    languages: list[str] = []
    headers: dict[str, dict[str, list[str]]] = {}
    shared: dict[str, list[str]] = {}
    values: dict[str, dict[str, list[str]]] = {}
    sheets: dict[str, list[str]] = {}
    periods: list[str] = []
    examples: list[str] = []
    block: dict[str, list[str]] = {}
    glide: dict[str, list[str]] = {}
    for path in sorted(WORDS_DIR.glob("*.toml"), key=lambda p: (p.stem != "en", p.stem)):  # English leads
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        languages.append(str(data.get("language", path.stem)))
        for target, fields in dict(data.get("headers", {})).items():
            into = shared if target == "all" else headers.setdefault(target, {})
            for key, words in dict(fields).items():
                into.setdefault(key, []).extend(str(w) for w in words)
        periods.extend(str(w) for w in dict(data.get("axis", {})).get("periods", []))
        headers_here = dict(data.get("headers", {}))
        for key in BLOCK_KEYS:
            own = dict(data["block"]).get(key, []) if "block" in data else \
                [*dict(headers_here.get("metrics", {})).get(key, []), *dict(headers_here.get("all", {})).get(key, [])]
            block.setdefault(key, []).extend(str(w) for w in own)
        for key, words in dict(data.get("glide", {})).items():
            glide.setdefault(key, []).extend(str(w) for w in words)
        for target, words in dict(data.get("sheets", {})).items():
            if target == "example":
                examples.extend(str(w).lower() for w in words)
                continue
            sheets.setdefault(target, []).extend(str(w).lower() for w in words)
        for choice, by_value in dict(data.get("values", {})).items():
            into = values.setdefault(choice, {})
            for value, words in dict(by_value).items():
                into.setdefault(value.replace("_", " "), []).extend(str(w) for w in words)
    return Vocabulary(tuple(languages),
                      {t: {k: tuple(dict.fromkeys(v)) for k, v in f.items()} for t, f in headers.items()},
                      {k: tuple(dict.fromkeys(v)) for k, v in shared.items()},
                      {c: {v: tuple(dict.fromkeys(w)) for v, w in m.items()} for c, m in values.items()},
                      {t: tuple(dict.fromkeys(w)) for t, w in sheets.items()}, tuple(dict.fromkeys(examples)),
                      tuple(dict.fromkeys(periods)),
                      {k: tuple(dict.fromkeys(w)) for k, w in block.items()},
                      {k: tuple(dict.fromkeys(w)) for k, w in glide.items()})
