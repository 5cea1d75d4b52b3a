"""The pages a department head or viewer sees where they may not edit: the same figures and charts as the
presenter's read-only screens, under the page's usual heading and address, with a line saying why there is
nothing to edit. Step 5, the import and the audit log stay the real pages (with what the role allows)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from sprint.dates import today_utc
from sprint.permissions import Action, why_not
from sprint.steps import STEPS
from sprint.ui import presenter, shell, state
from sprint.ui.text import md

HEADINGS = ("Overview", "The 90-day sprint", *(step.page_title for step in STEPS))


def page(index: int) -> Callable[[], None]:
    def draw() -> None:
        st.title(HEADINGS[index])
        reason = why_not(state.actor(), Action.MANAGE_INITIATIVES)
        st.caption(f":material/visibility: View only. {md(reason or '')}")
        initiative = shell.require_initiative() if index else state.current_initiative(state.active_initiatives())
        presenter.show(index, state.store(), initiative, today_utc())

    draw.__name__ = f"view_only_{index}"  # Streamlit names a function page after its function
    return draw
