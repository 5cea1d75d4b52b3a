"""The snapshot's exact copy for restore, compact: every table's rows as JSON lines, compressed, written as
base64 text in the cells of one hidden sheet.

Format 1 wrote one hidden sheet per table and one cell per field (840,000 cells for 120,000 monthly values,
most of an export's time). Format 2 writes the same rows, the same exact text per value, in a few dozen cells.
Excel and LibreOffice keep a hidden sheet's text when they save the file, and nothing typed on a visible sheet
reaches it. The compressed bytes' SHA-256 is kept with the snapshot's facts, so a damaged or edited copy is
refused instead of restored wrong.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice

SHEET = "_data"
PREFIX = "b64:"  # never a formula trigger, and says what the text is
CHUNK_BYTES = 24_000  # 32,000 characters of base64: under Excel's 32,767 per cell
MAX_EXPANDED = 64_000_000  # a payload expanding past this is refused: 120,000 monthly values expand to 8.5 MB
MAX_RATIO = 60  # expanded / compressed: real payloads sit at 5-25x
RATIO_FLOOR = 4_000_000  # a small snapshot may expand this far whatever its ratio
PIECE = 1 << 20  # inflated a megabyte at a time


class JsonRows:
    """Rows already written as JSON arrays, comma-separated, a batch per item (DuckDB writes a large table's
    rows this way faster than Python can turn them into objects and back)."""

    def __init__(self, lines: Iterable[str]):
        self.lines = lines


class PayloadWriter:
    """Streams tables in; hands out cell texts as the compressed bytes accumulate (memory stays bounded)."""

    def __init__(self):
        self._zip = zlib.compressobj(3)  # nearly level 6's size in a third of the time
        self._pending = bytearray()
        self._hash = hashlib.sha256()
        self.size = 0
        self.expanded = 0  # the bytes before compression: a reader bounds its inflating by it

    def _take(self, data: bytes) -> Iterator[str]:
        self._hash.update(data)
        self.size += len(data)
        self._pending += data
        while len(self._pending) >= CHUNK_BYTES:
            piece, self._pending = bytes(self._pending[:CHUNK_BYTES]), self._pending[CHUNK_BYTES:]
            yield PREFIX + base64.b64encode(piece).decode("ascii")

    def _line(self, text: str) -> Iterator[str]:
        data = (text + "\n").encode("utf-8")
        self.expanded += len(data)
        yield from self._take(self._zip.compress(data))

    def table(self, sheet: str, columns: Sequence[str], rows: Iterable[Sequence[str | None]]) -> Iterator[str]:
        """One table under its format-1 sheet name: a header line, then lines of rows (text or None per field)."""
        yield from self._line(json.dumps(["#", sheet, list(columns)], ensure_ascii=False))
        if isinstance(rows, JsonRows):
            for line in rows.lines:
                yield from self._line("[" + line + "]")
            return
        rows = iter(rows)
        while batch := list(islice(rows, 5000)):  # a line holds a batch of rows: one encoder call for thousands
            yield from self._line(json.dumps(batch, ensure_ascii=False))

    def finish(self) -> Iterator[str]:
        yield from self._take(self._zip.flush())
        if self._pending:
            yield PREFIX + base64.b64encode(bytes(self._pending)).decode("ascii")
            self._pending = bytearray()

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()


class DamagedPayload(ValueError):
    pass


def expansion_limit(packed: int, declared: str | int | None) -> int:
    """How far a payload of `packed` compressed bytes may expand: what the snapshot says it expands to (when it
    says so), never past MAX_EXPANDED, nor past MAX_RATIO times its packed size (real payloads expand 5-25x; a
    zip bomb thousands of times)."""
    limit = min(MAX_EXPANDED, max(RATIO_FLOOR, packed * MAX_RATIO))
    with contextlib.suppress(TypeError, ValueError):
        if declared not in (None, ""):
            limit = min(limit, int(str(declared)))
    return limit


def read(cells: Iterable[object], sha256: str, size: str | int,
         expanded: str | int | None = None) -> dict[str, list[list]]:
    """{sheet name: [header, *rows]} from the hidden sheet's cells, exactly as format 1's sheets held them.
    Raises DamagedPayload when the cells don't add up to what was written. The payload is inflated a piece at a
    time and read line by line, and refused as soon as it expands past `expansion_limit`: a small file that
    expands to gigabytes costs a few megabytes to refuse."""
    raw = bytearray()
    for cell in cells:
        text = str(cell or "")
        if not text:
            continue
        if not text.startswith(PREFIX):
            raise DamagedPayload("a cell of its data sheet holds something else than the data written")
        try:
            raw += base64.b64decode(text[len(PREFIX):], validate=True)
        except ValueError as exc:
            raise DamagedPayload("a cell of its data sheet was changed") from exc
    if str(len(raw)) != str(size) or hashlib.sha256(raw).hexdigest() != sha256:
        raise DamagedPayload("its data sheet is not the one written with it (cut, edited or from another file)")
    limit = expansion_limit(len(raw), expanded)
    tables: dict[str, list[list]] = {}
    current: list[list] | None = None
    for line in _lines(bytes(raw), limit):
        line_value = json.loads(line)
        if not isinstance(line_value, list) or not line_value:
            raise DamagedPayload("its data holds a line that is neither a table nor rows")
        if line_value[0] == "#" and len(line_value) == 3 and isinstance(line_value[2], list):
            current = tables.setdefault(str(line_value[1]), [line_value[2]])
        elif current is None:
            raise DamagedPayload("its data starts without a table")
        elif all(isinstance(row, list) for row in line_value):
            current.extend(line_value)
        else:
            raise DamagedPayload("its data holds a line that is neither a table nor rows")
    return tables


def _lines(packed: bytes, limit: int) -> Iterator[bytes]:
    """The payload's lines, inflated a piece at a time; DamagedPayload past `limit` bytes."""
    unzip = zlib.decompressobj()
    pending, total, position = b"", 0, 0
    while position < len(packed) or unzip.unconsumed_tail:
        source = unzip.unconsumed_tail or packed[position:position + PIECE]
        if not unzip.unconsumed_tail:
            position += PIECE
        try:
            piece = unzip.decompress(source, PIECE)
        except zlib.error as exc:
            raise DamagedPayload(f"its data can't be expanded ({exc})") from exc
        total += len(piece)
        if total > limit:
            raise DamagedPayload(f"its data expands to more than {limit / 1e6:,.0f} MB, more than any sprint this "
                                 "snapshot could hold (refused unread)")
        lines = (pending + piece).split(b"\n")
        pending = lines.pop()
        yield from (line for line in lines if line)
        if unzip.eof:
            break
    pending += unzip.flush(PIECE) if not unzip.eof else b""
    if total + len(pending) > limit:
        raise DamagedPayload("its data expands to more than any sprint this snapshot could hold")
    if pending.strip():
        yield from (line for line in pending.split(b"\n") if line)
