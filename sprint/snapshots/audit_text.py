"""The audit log as a sponsor reads it: what changed, before and after, in words (not JSON)."""

from __future__ import annotations

import json

MAX_TEXT = 2000  # a cell's worth; the exact entry stays in the snapshot's data for a restore


def _value(value: object) -> str:
    if value is None or value == "":
        return "(blank)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if isinstance(value, list):
        return ", ".join(_value(v) for v in value) or "(none)"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')} {_value(v)}" for k, v in value.items())
    return str(value)


def _load(raw: str | None) -> object:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw  # shown as it is


def _lines(record: dict, keys) -> str:
    return "\n".join(f"{k.replace('_', ' ')}: {_value(record.get(k))}" for k in keys)[:MAX_TEXT]


def readable(before_json: str | None, after_json: str | None) -> tuple[str, str]:
    """(before, after) as 'field: value' lines; for a change of a record, only the fields that changed."""
    before, after = _load(before_json), _load(after_json)
    if isinstance(before, dict) and isinstance(after, dict):
        changed = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
        return _lines(before, changed), _lines(after, changed)
    as_text = [_lines(v, list(v)) if isinstance(v, dict) else ("" if v is None else _value(v)[:MAX_TEXT])
               for v in (before, after)]
    return as_text[0], as_text[1]
