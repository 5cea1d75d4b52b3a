"""Test helpers that take a snapshot apart: its decoded tables, a hostile rewrite of them (with a matching
checksum, as an attacker would write), and the same records laid out as format 1 (a hidden sheet per table)."""

from __future__ import annotations

import io
from collections.abc import Callable

import openpyxl

from sprint.snapshots import payload
from sprint.snapshots.data import SHEETS


def _facts(book) -> dict:
    return {r[0]: r[1] for r in book[SHEETS["snapshot"]].iter_rows(values_only=True)}


def tables_of(data: bytes) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    facts = _facts(book)
    return payload.read((r[0] for r in book[payload.SHEET].iter_rows(min_row=2, values_only=True)),
                        facts["payload_sha256"], facts["payload_size"])


def _set_fact(book, key: str, value: str) -> None:
    for row in book[SHEETS["snapshot"]].iter_rows():
        if row[0].value == key:
            row[1].value = value
            return
    book[SHEETS["snapshot"]].append([key, value])


def rewrite(data: bytes, change: Callable[[dict[str, list[list]]], None]) -> bytes:
    """The snapshot with its tables changed by `change` and a payload (and checksum) written to match."""
    tables = tables_of(data)
    change(tables)
    writer = payload.PayloadWriter()
    chunks = [c for sheet, rows in tables.items() for c in writer.table(sheet, rows[0], rows[1:])]
    chunks += list(writer.finish())
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book[payload.SHEET]
    ws.delete_rows(2, ws.max_row)
    for chunk in chunks:
        ws.append([chunk])
    _set_fact(book, "payload_sha256", writer.sha256)
    _set_fact(book, "payload_size", str(writer.size))
    _set_fact(book, "payload_expanded", str(writer.expanded))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def as_format_1(data: bytes, change: Callable[[dict[str, list[list]]], None] | None = None) -> bytes:
    """The same snapshot as format 1 wrote it: one hidden sheet per table, one text cell per field."""
    tables = tables_of(data)
    if change:
        change(tables)
    book = openpyxl.load_workbook(io.BytesIO(data))
    del book[payload.SHEET]
    for sheet, rows in tables.items():
        ws = book.create_sheet(sheet)
        ws.sheet_state = "hidden"
        for row in rows:
            ws.append(row)
    _set_fact(book, "version", "1")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
