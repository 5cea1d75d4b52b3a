"""The importer's reading: values with a file-wide decimal mark, month headers, header detection, hostile files."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile

import openpyxl
import pytest

from sprint.filecheck import FileRefused
from sprint.importing import cells
from sprint.importing.layout import NoHeader, find_table, header_columns
from sprint.importing.mapping import known_words
from sprint.importing.months import MonthRef, parse_month, sprint_month_of
from sprint.importing.reading import Grid, UnreadableFile, read_book, sniff_delimiter
from sprint.values import Parsed, parse_value

WITH_MARK = [
    ("1,200", ",", 1.2), ("1.200", ",", 1200.0), ("1.200,50", ",", 1200.5), ("8,2%", ",", 8.2),
    ("1,200", ".", 1200.0), ("1,25", None, 1.25), ("1,250", None, 1250.0), ("(1.200,00)", ",", -1200.0),
]


@pytest.mark.parametrize(("text", "mark", "value"), WITH_MARK)
def test_the_files_decimal_mark_decides_ambiguous_numbers(text, mark, value):
    assert parse_value(text, mark).value == value


@pytest.mark.parametrize(("values", "mark"), [
    (["1.200,50", "8,2", "x"], ","), (["1,200.50", "3.25"], "."), (["1,200", "45"], None), (["4,5", "3,9"], ","),
])
def test_decimal_mark_is_inferred_from_the_whole_file(values, mark):
    assert cells.decimal_mark(values) == mark


MONTHS = [
    ("Month 1", MonthRef(sprint=1)), ("M3", MonthRef(sprint=3)), ("month 12", MonthRef(sprint=12)),
    ("Month 3 target", MonthRef(sprint=3, is_target=True)), ("Month 2 (Feb 2026)", MonthRef(sprint=2)),
    ("Jan", MonthRef(month=1)), ("January", MonthRef(month=1)), ("Sept", MonthRef(month=9)),
    ("Jan-26", MonthRef(year=2026, month=1)), ("Jan 2026", MonthRef(year=2026, month=1)),
    ("January 2026", MonthRef(year=2026, month=1)), ("2026-01", MonthRef(year=2026, month=1)),
    ("2026/3", MonthRef(year=2026, month=3)), ("03/2026", MonthRef(year=2026, month=3)),
    ("31/01/2026", MonthRef(year=2026, month=1)), ("2026-01-31", MonthRef(year=2026, month=1)),
    (dt.date(2026, 2, 28), MonthRef(year=2026, month=2)), (dt.datetime(2026, 4, 30), MonthRef(year=2026, month=4)),
    ("Marketing", None), ("Metric", None), ("May be later", None), ("Mission 5", None), (45, None), ("", None),
]


@pytest.mark.parametrize(("text", "ref"), MONTHS)
def test_month_headers_in_the_usual_shapes(text, ref):
    assert parse_month(text) == ref


def test_calendar_months_map_onto_sprint_months():
    start = dt.date(2026, 1, 5)  # month 1 is labelled Jan 2026
    assert sprint_month_of(MonthRef(year=2026, month=1), start) == 1
    assert sprint_month_of(MonthRef(year=2026, month=3), start) == 3
    assert sprint_month_of(MonthRef(year=2025, month=12), start) == 0  # before the sprint
    assert sprint_month_of(MonthRef(month=2), start) == 2  # "Feb": the first February from the start on
    assert sprint_month_of(MonthRef(month=1), dt.date(2026, 10, 20)) == 3  # Nov, Dec, then Jan 2027
    assert sprint_month_of(MonthRef(sprint=4), start) == 4


def grid(rows):
    return Grid("Sheet", [list(r) for r in rows])


def test_the_header_is_found_under_titles_notes_and_blank_rows():
    g = grid([
        ["Quarterly KPI pack", None, None, None],
        ["Prepared by finance; confidential", None, None, None],
        [None, None, None, None],
        ["Metric", "Baseline", "Jan-26", "Target"],
        ["Cost per claim", 45, 40, 25],
        ["Subtotal", 45, 40, 25],
        ["Source: finance system", None, None, None],
    ])
    table = find_table(g, known_words())
    assert table.header_row == 4
    assert table.columns == ["Metric", "Baseline", "Jan-26", "Target"]
    assert header_columns(g, known_words()) == table.columns  # the page's cheap path agrees
    assert [r.number for r in table.rows] == [5]
    assert table.skipped == [(6, "a total row"), (7, "a note")]


def test_a_row_of_numbers_is_not_taken_for_the_header():
    table = find_table(grid([[2024, 2025, 2026], ["KPI", "Actual", "Goal"], ["Cost", 5, 3]]), known_words())
    assert table.header_row == 2


def test_group_label_rows_label_the_rows_under_them():
    table = find_table(grid([["Metric", "Baseline", "Target"], ["Customer Service", None, None],
                             ["Cost", 5, 3], ["Finance", None, None], ["Errors", 8, 3]]), known_words())
    assert [(r.number, r.section) for r in table.rows] == [(3, "Customer Service"), (5, "Finance")]


def test_no_header_is_a_clear_refusal():
    with pytest.raises(NoHeader, match="no header row"):
        find_table(grid([[1, 2], [3, 4]]), known_words())


def xlsx(build) -> bytes:
    wb = openpyxl.Workbook()
    build(wb.active)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_percent_formatted_cells_read_as_the_percentage_shown():
    def build(ws):
        ws.append(["Metric", "Baseline", "Target"])
        ws.append(["Error rate", 0.082, 0.03])
        ws["B2"].number_format = "0.0%"
        ws["C2"].number_format = "0%"
    rows = read_book(xlsx(build), "p.xlsx").grid().rows
    assert rows[1] == ["Error rate", "8.2%", "3%"]
    assert parse_value(rows[1][1]) == Parsed(8.2, "%")


def test_merged_cells_fill_their_whole_range():
    def build(ws):
        ws.append(["Department", "Metric"])
        ws.append(["Support", "Cost"])
        ws.append([None, "Time"])
        ws.merge_cells("A2:A3")
    assert [r[0] for r in read_book(xlsx(build), "m.xlsx").grid().rows] == ["Department", "Support", "Support"]


@pytest.mark.parametrize(("text", "delimiter"), [
    ("a,b,c\n1,2,3\n", ","), ("a;b;c\n1,5;2;3\n", ";"), ("a\tb\n1\t2\n", "\t"), ("a|b\n1|2\n", "|"),
    ('name,notes\n"x, y",z\n', ","),
])
def test_the_delimiter_is_sniffed(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def test_text_encodings_bom_and_cp1252():
    assert read_book("\ufeffAgency,Name\nHHS,x\n".encode(), "a.csv").grid().rows[0] == ["Agency", "Name"]
    assert read_book("Team,Name\nCafé,x\n".encode("cp1252"), "b.csv").grid().rows[1] == ["Café", "x"]
    assert read_book("Team\tName\nA\tB\n".encode("utf-16"), "c.tsv").grid().rows[1] == ["A", "B"]


def zip_bomb(inflated: int) -> bytes:
    """A workbook-shaped zip whose sheet inflates from about a megabyte to `inflated` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(inflated >> 20):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_is_refused_before_any_parser_inflates_it():
    bomb = zip_bomb(1 << 30)  # 1 GiB inflated
    assert len(bomb) < 2_000_000
    tracemalloc.start()
    try:
        with pytest.raises(FileRefused, match="zip bomb"):
            read_book(bomb, "bomb.xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 100 * 1024 * 1024


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"%PDF-1.7\n...", "report.xlsx", "a PDF document"),
    (b"", "blank.csv", "is empty"),
    (b"\0\1\2\3" * 100, "dump.csv", "binary data"),
    (b"x" * (21 * 1024 * 1024), "huge.csv", "the limit is"),
])
def test_files_that_are_not_tables_are_refused_by_name(data, name, message):
    with pytest.raises((UnreadableFile, FileRefused), match=message) as caught:
        read_book(data, name)
    assert name in str(caught.value)


def test_a_table_of_100000_columns_is_refused_at_its_first_row_in_words():
    """#32 defect 6: a 0.9 MB CSV of 100,000 columns held a core for 4 minutes (one of 1,000,000 still ran 5
    minutes after its person left). It is refused as it is read, naming the row and the limit."""
    header = ",".join(f"Column {n}" for n in range(100_000))
    data = (header + "\n" + ",".join("1" for _ in range(100_000))).encode()
    with pytest.raises(FileRefused, match=r"'wide.csv' row 1 has 100,000 columns; the importer reads tables up "
                                          r"to 2,000 columns wide"):
        read_book(data, "wide.csv")


def test_a_sheet_with_something_far_to_the_right_is_named_with_its_column():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KPIs"
    sheet.append(["Metric", "Baseline"])
    sheet.cell(row=1, column=3000, value="stray")
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(UnreadableFile, match=r"Sheet 'KPIs' of 'wide.xlsx' has something in column DKJ, 3,000 "
                                             r"columns across"):
        read_book(buffer.getvalue(), "wide.xlsx")


def test_reading_a_long_text_table_reports_its_progress():
    rows = "\n".join(f"Finance,Cost {n},$/unit,45,25,38" for n in range(60_000))
    seen: list[float] = []
    read_book(("Department,Metric,Unit,Baseline,Target,Month 1\n" + rows).encode(), "long.csv",
              progress=seen.append)
    assert len(seen) == 2 and 0 < seen[0] < seen[1] <= 1
