"""Bytes in, sheets of cells out: .xlsx/.xlsm/.xls/.ods through calamine, .csv/.tsv through our own decoding.

Every file is hostile until proven otherwise: the size, zip-bomb and content checks in `filecheck` run before
any parser sees the bytes, the format comes from the content (never the name), and a password-protected
workbook is named as such instead of failing somewhere deep in a parser.

What comes out is a grid per sheet, as a person sees it:
- formulas as their cached values (calamine reads the cached value; it never evaluates);
- cells of a merged range all carry the range's value, so a group label ("Customer Service" merged down
  over five metric rows) labels every row of its group;
- numbers in cells formatted as a percentage become the percentage shown (0.082 shown as 8.2% -> "8.2%"),
  found by reading the style table of the workbook and scanning the sheet's XML for cells using those
  styles (fast: one regular expression over the bytes, no XML tree).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

import python_calamine
from defusedxml import ElementTree

from sprint.errors import SprintError
from sprint.filecheck import FileRefused, check

_OTHER_FORMATS = ((b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
                  (b"GIF8", "a GIF image"), (b"{\\rtf", "an RTF document"), (b"\x1f\x8b", "a gzip archive"),
                  (b"Rar!", "a RAR archive"), (b"7z\xbc\xaf", "a 7-Zip archive"))
WORKBOOK_ENDINGS = (".xlsx", ".xlsm", ".xls", ".ods", ".xlsb")
MAX_CELLS = 5_000_000  # a sheet larger than this is not a tracker someone keeps by hand
MAX_COLUMNS = 2_000  # a daily tracker for a year is 370 columns wide; 100,000 columns is not a table to read
PROGRESS_ROWS = 25_000  # a text table reports its progress every this many rows
_TEXT_SAMPLE = 64 * 1024


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class UnreadableFile(SprintError):
    """The file can't be read as a spreadsheet; the message says why and what to do."""


@dataclass
class Grid:
    """One sheet's cells: rows of values (None for empty), 0-based; row 0 is the sheet's first row."""

    sheet: str
    rows: list[list[object]]
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Book:
    file_name: str
    kind: str  # "xlsx", "xls", "ods", "csv"
    sheet_names: list[str]
    grids: dict[str, Grid]
    hidden: frozenset[str] = frozenset()  # sheets the workbook hides (templates, lookups, calculations)

    def grid(self, sheet: str | None = None) -> Grid:
        if sheet is None:
            return self.grids[self.sheet_names[0]]
        if sheet not in self.grids:
            raise UnreadableFile(f"'{self.file_name}' has no sheet called '{sheet}' "
                                 f"(it has: {', '.join(self.sheet_names)}).")
        return self.grids[sheet]


def read_book(data: bytes, file_name: str, *, delimiter: str | None = None, encoding: str | None = None,
              progress: Callable[[float], None] | None = None) -> Book:
    """`delimiter` and `encoding` override what is detected in a text file (a workbook ignores them).
    `progress(share)` is called as the reading advances (a page shows it; Streamlit stops there the work of a
    session whose tab is gone)."""
    sniffed = check(data, file_name)
    if sniffed.kind == "xlsx":
        kind = _zip_kind(data, file_name)
        return _read_with_calamine(data, file_name, kind, progress)
    if sniffed.kind == "ole":
        if _is_encrypted_ole(data):
            raise UnreadableFile(f"'{file_name}' is protected with a password. Open it in Excel, remove the "
                                 "password (File > Info > Protect Workbook), save, and import it again.")
        return _read_with_calamine(data, file_name, "xls", progress)
    known = next((what for magic, what in _OTHER_FORMATS if data.startswith(magic)), None)
    if known:
        raise UnreadableFile(f"'{file_name}' is {known}, not a spreadsheet. Import .xlsx, .xlsm, .xls, .ods, .csv or "
                             ".tsv files.")
    if file_name.lower().endswith(WORKBOOK_ENDINGS):
        text_encoding(data, file_name)  # binary content gets its own message
        raise UnreadableFile(f"'{file_name}' is named like a workbook but is not one (its content is plain text, "
                             "not Excel or OpenDocument). If it is a CSV file, save it with the .csv ending.")
    return _read_text(data, file_name, delimiter, encoding, progress)


# -- workbooks ------------------------------------------------------------------------------------------------

def _zip_kind(data: bytes, file_name: str) -> str:
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "content.xml" in names:
        return "ods"
    if "word/document.xml" in names:
        raise UnreadableFile(f"'{file_name}' is a Word document, not a spreadsheet.")
    if "ppt/presentation.xml" in names:
        raise UnreadableFile(f"'{file_name}' is a PowerPoint file, not a spreadsheet.")
    if "xl/workbook.bin" in names:
        raise UnreadableFile(f"'{file_name}' is a binary Excel workbook (.xlsb). Save it as .xlsx and import that.")
    raise UnreadableFile(f"'{file_name}' is a zip archive, not a spreadsheet.")


def _is_encrypted_ole(data: bytes) -> bool:
    # An encrypted .xlsx is an OLE container holding these streams (MS-OFFCRYPTO); directory entry names
    # are UTF-16. An encrypted .xls carries a FILEPASS record, which calamine reports when reading.
    head = data[: 1024 * 1024]
    return "EncryptedPackage".encode("utf-16-le") in head or "EncryptionInfo".encode("utf-16-le") in head


def _read_with_calamine(data: bytes, file_name: str, kind: str,
                        progress: Callable[[float], None] | None = None) -> Book:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        names = [m.name for m in workbook.sheets_metadata if str(m.typ).endswith("WorkSheet")]
        hidden = frozenset(m.name for m in workbook.sheets_metadata
                           if str(m.typ).endswith("WorkSheet") and not str(m.visible).endswith("Visible"))
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise _calamine_problem(file_name, exc) from exc
    if not names:
        raise UnreadableFile(f"'{file_name}' has no worksheets.")
    percent = _percent_cells(data) if kind == "xlsx" else _ods_percent_cells(data) if kind == "ods" else {}
    grids: dict[str, Grid] = {}
    for index, name in enumerate(names):
        try:
            sheet = workbook.get_sheet_by_name(name)
            if progress:
                progress(index / len(names))
            if sheet.height * max(sheet.width, 1) > MAX_CELLS:
                raise UnreadableFile(f"Sheet '{name}' of '{file_name}' has {sheet.height:,} rows x {sheet.width} "
                                     f"columns; the importer takes up to {MAX_CELLS:,} cells per sheet.")
            if sheet.width > MAX_COLUMNS:
                raise UnreadableFile(f"Sheet '{name}' of '{file_name}' has something in column "
                                     f"{column_letter(sheet.width - 1)}, {sheet.width:,} columns across; the importer "
                                     f"reads tables up to {MAX_COLUMNS:,} columns wide. Delete what is far to the "
                                     "right (often a stray cell), or copy the table to a sheet of its own.")
            rows = sheet.to_python(skip_empty_area=False)
            merged = list(sheet.merged_cell_ranges or [])
        except UnreadableFile:
            raise
        except Exception as exc:
            raise _calamine_problem(file_name, exc, name) from exc
        rows = [[None if v == "" else v for v in row] if "" in row else row for row in rows]
        for r, c in percent.get(index, ()):
            if r < len(rows) and c < len(rows[r]) and isinstance(rows[r][c], int | float):
                rows[r][c] = _as_percent_text(rows[r][c])
        _fill_merged(rows, merged)
        grids[name] = Grid(name, rows, merged)
    if all(not any(v is not None for row in g.rows for v in row) for g in grids.values()):
        raise UnreadableFile(f"'{file_name}' is empty: none of its sheets has any cells filled in.")
    return Book(file_name, kind, names, grids, hidden)


def _calamine_problem(file_name: str, exc: Exception, sheet: str | None = None) -> UnreadableFile:
    text = str(exc)
    where = f"sheet '{sheet}' of '{file_name}'" if sheet else f"'{file_name}'"
    if "password" in text.lower() or "encrypt" in text.lower():
        return UnreadableFile(f"{where} is protected with a password; remove the password and import it again.")
    return UnreadableFile(f"{where} could not be read as a spreadsheet ({text[:160]}). Open it and save it "
                          "again as .xlsx or .csv.")


def _as_percent_text(value: float) -> str:
    shown = round(float(value) * 100, 10)
    return f"{shown:.10g}%"


def _fill_merged(rows: list[list[object]], merged: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    for (r0, c0), (r1, c1) in merged:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if row[c] is None:
                    row[c] = value


_PERCENT_FORMAT = re.compile(r'%(?=(?:[^"]*"[^"]*")*[^"]*$)')  # a % outside quoted literal text
_BUILTIN_PERCENT_IDS = {9, 10}


def _percent_cells(data: bytes) -> dict[int, set[tuple[int, int]]]:
    """{sheet index: {(row, col)}} of number cells whose style shows them as a percentage."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError, Exception):
        return {}
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    custom = {int(f.get("numFmtId", -1)) for f in styles.findall("m:numFmts/m:numFmt", ns)
              if _PERCENT_FORMAT.search(f.get("formatCode", ""))}
    percent_ids = _BUILTIN_PERCENT_IDS | custom
    xfs = styles.findall("m:cellXfs/m:xf", ns)
    styles_shown_as_percent = [str(i) for i, xf in enumerate(xfs) if int(xf.get("numFmtId", 0)) in percent_ids]
    if not styles_shown_as_percent:
        return {}
    pattern = re.compile(rb'<c r="([A-Z]+)(\d+)"[^>]*? s="(?:' + "|".join(styles_shown_as_percent).encode() + rb')"')
    out: dict[int, set[tuple[int, int]]] = {}
    for index, path in enumerate(_sheet_paths(archive)):
        try:
            xml = archive.read(path)
        except KeyError:
            continue
        out[index] = {(int(row) - 1, _column_index(col)) for col, row in pattern.findall(xml)}
    return out


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _ods_percent_cells(data: bytes) -> dict[int, set[tuple[int, int]]]:
    """The same for OpenDocument: cells whose value type is 'percentage' (repeated rows and cells counted)."""
    try:
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml")
    except KeyError:
        return {}
    if b'value-type="percentage"' not in content:
        return {}
    out: dict[int, set[tuple[int, int]]] = {}
    sheet, row, col = -1, 0, 0
    for event, element in ElementTree.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = element.tag
        if event == "start" and tag == f"{_ODS_TABLE}table":
            sheet, row = sheet + 1, 0
            out[sheet] = set()
        elif event == "start" and tag == f"{_ODS_TABLE}table-row":
            col = 0
        elif event == "end" and tag == f"{_ODS_TABLE}table-row":
            row += int(element.get(f"{_ODS_TABLE}number-rows-repeated", 1))
            element.clear()
        elif event == "end" and tag in (f"{_ODS_TABLE}table-cell", f"{_ODS_TABLE}covered-table-cell"):
            repeat = int(element.get(f"{_ODS_TABLE}number-columns-repeated", 1))
            if element.get(f"{_ODS_OFFICE}value-type") == "percentage":
                out[sheet].update((row, c) for c in range(col, col + min(repeat, 1000)))
            col += repeat
    return out


def _sheet_paths(archive: zipfile.ZipFile) -> list[str]:
    """Worksheet XML paths in workbook order (the order calamine lists the sheets in)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
          "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    paths = []
    for sheet in book.findall("m:sheets/m:sheet", ns):
        target = targets.get(sheet.get(f"{{{ns['r']}}}id"), "")
        if "worksheet" not in target:
            continue
        target = target.lstrip("/")
        paths.append(target if target.startswith("xl/") else f"xl/{target}")
    return paths


def _column_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ch - 64)
    return n - 1


# -- text files ---------------------------------------------------------------------------------------------

def _binary_share(sample: bytes) -> float:
    if not sample:
        return 0.0
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 13, 12))
    return control / len(sample)


DELIMITERS = {"tab": "\t", "semicolon": ";", "comma": ",", "pipe": "|"}


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first records into the same number (>1) of fields most consistently.
    Records, not lines: a quoted field may hold line breaks (a note over two lines), and counting its lines
    as records would favour a delimiter that happens to sit in the note. The sample's last record may be cut
    short, so it is left out."""
    best, best_score = ",", -1.0
    for delimiter in ("\t", ";", ",", "|"):
        counts: list[int] = []
        try:
            reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
            for record in reader:
                if any(cell.strip() for cell in record):
                    counts.append(len(record))
                if len(counts) > 30:
                    break
        except csv.Error:
            continue
        if len(counts) > 2:
            counts = counts[:-1]
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) / len(counts) + (common > 1) * 0.01 * min(common, 50)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def text_encoding(data: bytes, file_name: str) -> tuple[str, int]:
    """(encoding, bytes to skip) for a text table: UTF-8 (with or without BOM), UTF-16 with BOM, else
    Windows-1252; binary content refused. Checked in chunks, so a large file is never copied whole."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", 0
    sample = data[:_TEXT_SAMPLE]
    if b"\0" in sample or _binary_share(sample) > 0.05:
        raise UnreadableFile(f"'{file_name}' is not a spreadsheet or a text table (it holds binary data). "
                             "Import .xlsx, .xlsm, .xls, .ods, .csv or .tsv files.")
    decoder = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), 1 << 20):
            decoder.decode(view[start:start + (1 << 20)], final=start + (1 << 20) >= len(data))
    except UnicodeDecodeError:
        return "cp1252", 0
    return "utf-8", 0


def _read_text(data: bytes, file_name: str, delimiter: str | None = None, encoding: str | None = None,
               progress: Callable[[float], None] | None = None) -> Book:
    """Stream the rows: the text is decoded as it is read (never a second copy of the whole file), and a value
    repeated down a column (a department, a unit, a month) is kept once, so memory grows with the distinct
    values rather than with the cells."""
    found, skip = text_encoding(data, file_name)
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise UnreadableFile(f"'{encoding}' is not an encoding Python knows (try utf-8, cp1252 or "
                                 "latin-1).") from None
        skip = 3 if data.startswith(b"\xef\xbb\xbf") and codecs.lookup(encoding).name == "utf-8" else 0
    else:
        encoding = found
    sample = bytes(data[skip:skip + _TEXT_SAMPLE]).decode(encoding, errors="replace")
    if not sample.strip() and not data[skip + _TEXT_SAMPLE:].strip():
        raise UnreadableFile(f"'{file_name}' is empty.")
    delimiter = delimiter or sniff_delimiter(sample)
    raw = io.BytesIO(memoryview(data)[skip:])
    stream = io.TextIOWrapper(raw, encoding=encoding, errors="replace", newline="")
    seen: dict[str, str] = {}
    keep = seen.setdefault
    rows: list[list[object]] = []
    cells, total = 0, max(len(data) - skip, 1)
    try:
        for n, row in enumerate(csv.reader(stream, delimiter=delimiter), start=1):
            if len(row) > MAX_COLUMNS:
                raise FileRefused(f"'{file_name}' row {n} has {len(row):,} columns; the importer reads tables up to "
                                  f"{MAX_COLUMNS:,} columns wide. Is it split by the right character "
                                  f"({_delimiter_name(delimiter)})? Otherwise keep the columns you need and import "
                                  "those.")
            cells += len(row)
            if cells > MAX_CELLS:
                raise FileRefused(f"'{file_name}' has more than {MAX_CELLS:,} cells; split it and import the parts.")
            rows.append([keep(cell, cell) if cell.strip() else None for cell in row])
            if progress and n % PROGRESS_ROWS == 0:
                progress(raw.tell() / total)
    except csv.Error as exc:
        raise UnreadableFile(f"'{file_name}' could not be read as a {_delimiter_name(delimiter)}-separated table "
                             f"({exc}).") from exc
    finally:
        stream.detach()
    name = file_name.rsplit(".", 1)[0] or "Sheet1"
    return Book(file_name, "csv", [name], {name: Grid(name, rows)})


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "tab", ";": "semicolon", ",": "comma", "|": "pipe"}[delimiter]
