"""A problem of an import, pinned to where a person would look for it: the sheet, row and column."""

from __future__ import annotations

from dataclasses import dataclass

from sprint.importing.layout import Table
from sprint.importing.metric_rows import Located


@dataclass(frozen=True)
class Issue:
    """A problem pinned to where a person would look for it."""

    sheet: str
    row: int | None
    column: str | None  # the column letter
    header: str | None
    message: str

    def where(self) -> str:
        where = [f"sheet '{self.sheet}'"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}" + (f" ({self.header})" if self.header else ""))
        return ", ".join(where)

    def __str__(self) -> str:
        return f"{self.where()}: {self.message}"


def pin(table: Table, sheet: str, located: Located) -> Issue:
    """Where a problem found in a table's row and column sits in the file: the real sheet and cell of a table
    built from several sheets (one metric per sheet) or read turned."""
    header = table.columns[located.column] if located.column is not None else None
    origins = table.origins
    if origins is not None:  # one metric per sheet: the cell where the person typed it
        found = origins.get((located.row, located.column)) or origins.get((located.row, 0))
        if found:
            where, row, letter = found
            return Issue(where, row, letter if located.column is not None else None, None, located.message)
    row, letter = table.cell_address(located.row, located.column)
    return Issue(sheet, row, letter, header, located.message)
