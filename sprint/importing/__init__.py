"""Import the spreadsheets teams already keep: bytes in -> an import plan (mapped, parsed, validated rows and
problems pinned to their cells) -> one all-or-nothing commit. See `plan` for the flow.

The names below load `plan` (and pandas with it) on first use, so `sprint.importing.reading` and the command
line's quick refusals don't pay for what they don't use."""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["ImportPlan", "ImportResult", "Issue", "Source", "commit", "make_plan", "open_source"]

if TYPE_CHECKING:
    from sprint.importing.committing import ImportResult, commit
    from sprint.importing.plan import ImportPlan, Issue, Source, make_plan, open_source


def __getattr__(name: str):
    if name in ("ImportResult", "commit"):
        from sprint.importing import committing

        return getattr(committing, name)
    if name in __all__:
        from sprint.importing import plan

        return getattr(plan, name)
    raise AttributeError(f"module 'sprint.importing' has no attribute {name!r}")
