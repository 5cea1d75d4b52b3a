"""One schema step: its number, its name and the statements that make it (sprint.schema.steps lists them)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[str, ...]
