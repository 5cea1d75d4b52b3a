"""The project's own errors. Each message is written for the person who has to act on it."""

from __future__ import annotations

from dataclasses import dataclass


class SprintError(Exception):
    """An error a person can act on. Its message is shown as is, without a traceback."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, pinned to where it is (field, and row/sheet for tables)."""

    field: str
    message: str
    row: int | None = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        where.append(self.field)
        return f"{', '.join(where)}: {self.message}"


class ValidationError(SprintError):
    """Input that can't be saved as it is. Nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        lines = "; ".join(str(p) for p in self.problems)
        super().__init__(f"Nothing was saved. {lines}")

    def for_field(self, field: str) -> list[Problem]:
        return [p for p in self.problems if p.field == field]


class PermissionDenied(SprintError):
    """The acting person's role does not allow this change."""


class StaleEdit(SprintError):
    """Someone else changed the record after it was loaded; saving would overwrite their change."""


class NotFound(SprintError):
    """The record asked for does not exist (or no longer does)."""


class DatabaseError(SprintError):
    """The database could not be opened or written; the message says why and what to do."""


class SignInRefused(SprintError):
    """A wrong code, too many tries, or an account that can't be trusted; never says which part of a code was
    wrong."""
