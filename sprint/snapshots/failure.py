"""When a snapshot can't be made, the download still says why: a one-sheet workbook with the reason, instead of
a click that silently delivers nothing (a download runs on its own, after the page has drawn, so the page
itself can't show the error)."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Font

from sprint.errors import SprintError

log = logging.getLogger(__name__)


def failure_workbook(reason: str) -> bytes:
    book = Workbook()
    ws = book.active
    ws.title = "Not exported"
    ws["A1"] = "This snapshot could not be made."
    ws["A1"].font = Font(bold=True, size=14)
    ws["A3"] = "".join(ch for ch in reason if ch.isprintable())[:2000]  # starts "Reason:": never a formula
    ws["A5"] = "Nothing in Production Sprint was changed. Try again, or tell the facilitator what this says."
    ws.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def or_failure(build: Callable[[], bytes]) -> Callable[[], bytes]:
    """`build`, but a failure becomes a workbook that says why (and the server log keeps the details)."""
    def run() -> bytes:
        try:
            return build()
        except SprintError as exc:
            log.warning("snapshot refused: %s", exc)
            return failure_workbook(f"Reason: {exc}")
        except Exception:
            log.exception("snapshot failed")
            return failure_workbook("Reason: an unexpected error while writing the workbook (the details are in "
                                    "the server's log).")
    return run
