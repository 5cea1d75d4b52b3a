"""Import the spreadsheets teams already keep: bytes in -> an import plan (mapped, parsed, validated rows and
problems pinned to their cells) -> one all-or-nothing commit. See `plan` for the flow."""

from sprint.importing.plan import ImportPlan, ImportResult, Issue, Source, commit, make_plan, open_source

__all__ = ["ImportPlan", "ImportResult", "Issue", "Source", "commit", "make_plan", "open_source"]
