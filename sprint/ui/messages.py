"""A refused change, phrased for the person: what was wrong, each problem on its own line, fields by the
labels the form shows. Shared by the frame (sprint.ui.shell) and the sign-in screens, which the frame draws."""

from __future__ import annotations

import streamlit as st

from sprint.errors import SprintError
from sprint.ui.text import md


def error_markdown(exc: SprintError, labels: dict[str, str] | None = None) -> str:
    """A refused change, phrased for the person: each problem on its own line, fields by their labels."""
    from sprint.errors import ValidationError

    if isinstance(exc, ValidationError):
        labels = labels or {}
        lines = [f"- **{md(_where(p, labels))}**: {md(p.message)}" for p in exc.problems]
        return "Nothing was saved. Please fix:\n" + "\n".join(lines)
    return md(exc)


def _where(problem, labels: dict[str, str]) -> str:
    """'sheet '_actuals', row 3, value' or 'row 2, $ saved / month' or just the field's label."""
    parts = []
    if problem.sheet:
        parts.append(f"sheet '{problem.sheet}'")
    if problem.row is not None:
        parts.append(f"row {problem.row}")
    parts.append(labels.get(problem.field, problem.field))
    return ", ".join(parts)


def show_error(exc: SprintError, labels: dict[str, str] | None = None) -> None:
    st.error(error_markdown(exc, labels), icon=":material/error:")
