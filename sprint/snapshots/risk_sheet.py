"""The Risks sheet of a snapshot (one initiative or a portfolio): every risk with its rating, owner and
response, the Initiative column first; written only when some initiative keeps a register."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint.picture import Picture
from sprint.snapshots import cells
from sprint.snapshots.portfolio_sheets import titled_table
from sprint.steps.governance import risks

HEADERS = ["Initiative", "Ref", "Risk", "Category", "Likelihood (1-5)", "Impact (1-5)", "Score", "Level",
           "Impact ($)", "Owner", "Response", "Status", "Review by"]
WIDTHS = [28, 8, 40, 14, 12, 11, 8, 9, 13, 18, 40, 9, 12]


def any_risks(contexts: Sequence[Picture]) -> bool:
    return any(ctx.risks for ctx in contexts)


def risks_sheet(ws: WriteOnlyWorksheet, contexts: Sequence[Picture]) -> None:
    def rows():
        for ctx in contexts:
            for r in ctx.risks:
                review = None
                if r.review_on:
                    review = cells.WriteOnlyCell(ws, r.review_on)
                    review.number_format = "yyyy-mm-dd"
                owner = r.owner or ("NONE: a high open risk needs an owner" if r.high_unowned else "")
                yield [cells.text(ws, ctx.initiative.name), cells.text(ws, r.ref), cells.text(ws, r.title, wrap=True),
                       cells.text(ws, r.category), cells.number(ws, r.likelihood, "0"),
                       cells.number(ws, r.impact, "0"), cells.number(ws, r.rating, "0.##"),
                       cells.text(ws, r.rated_level or ""), cells.number(ws, r.impact_cost, '"$"#,##0'),
                       cells.text(ws, owner, wrap=bool(r.high_unowned)), cells.text(ws, r.response, wrap=True),
                       cells.text(ws, r.status), review]

    high = sum(1 for ctx in contexts for r in ctx.risks if r.is_open and r.rated_level == risks.HIGH)
    unowned = sum(1 for ctx in contexts for r in ctx.risks if r.high_unowned)
    note = (f"{high} high open risk{'s' if high != 1 else ''}"
            + (f", {unowned} without an owner" if unowned else "") + ". Likelihood and impact 1 (rare, minor) to 5 "
            "(almost certain, severe); the level follows from their product unless the register set it.")
    titled_table(ws, "Risk register", note, HEADERS, WIDTHS, rows())
