"""Build the messy import fixtures in this folder, modelled on layouts people really keep (see
../shared/real-world/: title rows, a header on row 2, question-long headers, lettered options, BOM, CRLF).

Run once when a fixture changes: `python tests/files/make_files.py`. The files are committed, so tests never
need the tools used here: LibreOffice (`soffice`) to store formulas' cached values and write .ods/.xls, and
msoffcrypto-tool (not a project dependency) to write a password-protected workbook. What each file must
import as is written by hand in expected.json, never generated from the importer.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Font

HERE = Path(__file__).parent
PERCENT = "0.0%"


def _through_libreoffice(book: openpyxl.Workbook, name: str, fmt: str) -> None:
    """Save via LibreOffice so formulas carry cached values (as Excel saves them) and to write .ods/.xls."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "in.xlsx", Path(tmp) / "out"
        book.save(src)
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", str(out), str(src)], check=True,
                       capture_output=True, timeout=120)
        shutil.copy(out / f"in.{fmt.split(':')[0]}", HERE / name)  # LibreOffice names it after the format


def kpi_dashboard() -> None:
    """Wide layout: title rows, merged department labels, units in labels and cells, percent-formatted cells,
    month headers as text and as a real date, a formula, subtotal/total rows and a trailing note."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Q1 KPIs"
    ws["A1"] = "Customer Operations – KPI dashboard"
    ws["A1"].font = Font(size=16, bold=True)
    ws["A2"] = "Prepared by the PMO. Figures in USD."
    ws.append([])
    ws.append(["Department", "KPI", "Unit", "Baseline", "Jan-26", "Feb-26", dt.date(2026, 3, 1), "Target"])
    ws.append(["Customer Service", "Cost per resolved ticket ($)", None, 12, 9.5, 7, "=F5*0.8", 3])
    ws.append([None, "Resolution time (hours)", None, 3, 2.5, 1.8, 1.2, 0.15])
    ws.append([None, "Tickets resolved without a human", "%", 0.10, 0.22, 0.35, 0.47, 0.60])
    for col in "DEFGH":
        ws[f"{col}7"].number_format = PERCENT
    ws.merge_cells("A5:A7")
    ws.append(["Subtotal", None, None, 15.1, 12.22, 9.15, None, None])
    ws.append(["Finance", "Invoice error rate", None, "8.2%", "6.1%", "4.3%", None, "<3%"])
    ws.append([None, "Monthly savings", "$", 0, "$12k", "$31k", "$67k", "$60,000"])
    ws.merge_cells("A9:A10")
    ws.append(["Total", None, None, None, None, None, None, None])
    ws["D11"] = "=SUM(D5:D10)"
    ws.append([])
    ws.append(["Note: March figures are provisional."])
    _through_libreoffice(wb, "kpi_dashboard.xlsx", "xlsx")


def success_template() -> None:
    """The roadmap's success dashboard template, typed as people type it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Dashboard"
    ws.append(["Success Dashboard Template"])
    ws.append(["Metric", "Baseline", "Month 1", "Month 3", "Target"])
    for row in (["Process cost", "$45/unit", "$38/unit", "$31/unit", "$25/unit"],
                ["Processing time", "4.5 hours", "3.2 hours", "2.1 hours", "1.5 hours"],
                ["Error rate", "8.2%", "6.1%", "4.3%", "<3%"],
                ["ROI", "-100%", "-43%", "+12%", "+40%"]):
        ws.append(row)
    wb.save(HERE / "success_template.xlsx")


def macro_workbook() -> None:
    """The same template saved by LibreOffice as a macro-enabled workbook (.xlsm)."""
    wb = openpyxl.load_workbook(HERE / "success_template.xlsx")
    wb.active.title = "Macro sheet"
    _through_libreoffice(wb, "success_template.xlsm", "xlsm:Calc MS Excel 2007 VBA XML")


def text_files() -> None:
    lines = ["Department;Indicator;Period;Value;Unit;Baseline;Target",
             "Claims;Cost per claim;2026-01;1.200,50;$;1.450,00;900,00",
             "Claims;Cost per claim;2026-02;1.100,25;$;1.450,00;900,00",
             "Claims;Processing time;2026-01;4,5;hours;5,0;2,0",
             "Claims;Processing time;2026-02;3,9;hours;5,0;2,0",
             ""]
    (HERE / "kpi_log_semicolon_bom.csv").write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode("utf-8"))
    lines = ["Team,Measure,Month,Actual,Baseline,Target",
             'Café support,Net savings ($),January 2026,(300),-1000,"$5,000"',
             'Café support,Net savings ($),February 2026,"$1,200",-1000,"$5,000"',
             'Café support,Calls handled per agent,January 2026,"1,150",1000,"1,400"',
             'Café support,Calls handled per agent,February 2026,"1,320",1000,"1,400"',
             ""]
    (HERE / "kpi_log_cp1252.csv").write_bytes("\r\n".join(lines).encode("cp1252"))
    lines = ["Weekly KPI tracker (export)", "",
             "Dept\tKPI\tMonth\tResult\tBase\tGoal",
             "Support\tFirst-contact resolution\tM1\t41%\t35%\t60%",
             "Support\tFirst-contact resolution\tM2\t48%\t35%\t60%",
             "",
             "Support\tBacklog (tickets)\tM1\t420\t600\t150",
             "Support\tBacklog (tickets)\tMonth 2\t310\t600\t150",
             "Total\t\t\t1219\t\t",
             ""]
    (HERE / "kpi_tracker.tsv").write_text("\n".join(lines), encoding="utf-8")
    lines = ["Feature,$ per month,Hours per week,Share of volume,Effort,Notes",
             'Password resets,"$4,000",12,35%,S,=SUM(A1:A2)',
             'Order status,"$2,500",8,20%,M,"quoted, with a comma"',
             "Refund approvals,$900,3,5%,L,@mention stays text",
             ""]
    (HERE / "features_formula_text.csv").write_text("\n".join(lines), encoding="utf-8")
    (HERE / "not_a_spreadsheet.xlsx").write_text("hello, this is a note saved with the wrong ending\n")
    (HERE / "numbers_only.csv").write_text("1,2,3\n4,5,6\n7,8,9\n")
    (HERE / "picture.xlsx").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 8)


def backlog_ods() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Backlog"
    ws.append(["Scenario backlog"])
    ws.append(["Scenario", "Monthly value", "Hours saved per week", "% of volume", "Release"])
    ws.append(["Password resets", 4000, 12, 0.35, "MVP"])
    ws.append(["Order status", 2500, 8, 0.20, "MVP"])
    ws.append(["Refund approvals", 900, 3, 0.05, "Later"])
    for r in (3, 4, 5):
        ws[f"D{r}"].number_format = PERCENT
    _through_libreoffice(wb, "backlog.ods", "ods")


def checkins_xls() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Check-ins"
    ws.append(["Date", "RAG", "Attendees", "Decisions", "Blockers", "Escalated"])
    ws.append([dt.date(2026, 2, 2), "Green", "Dana, Lee", "Keep scope", "", "no"])
    ws.append([dt.date(2026, 2, 9), "Amber", "Dana, Lee, Sam", "Add a reviewer", "Data access", "yes"])
    ws.append([dt.date(2026, 2, 16), "G", "Dana", "", "", ""])
    _through_libreoffice(wb, "checkins.xls", "xls:MS Excel 97")


def compliance_tracker() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Tracker"
    ws.append(["Obligation", "Status", "Owner", "Due date", "Evidence"])
    ws.append(["co-24-205-risk-program", "Complete", "Legal", dt.date(2026, 6, 30), "policy-v2.pdf"])
    ws.append(["Impact assessment, yearly", "WIP", "Risk", "2026-07-15", ""])
    ws.append(["90-day discrimination notice plan", "N/A", "", None, ""])
    wb.save(HERE / "compliance_tracker.xlsx")


def inventory() -> None:
    """An AI use-case inventory like the federal one: row 1 empty, long question headers, lettered options."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Consolidated Inventory"
    ws.append([None])
    ws.append(["Agency Abbreviation", "Use Case ID\n\n[Agency Abbrev.] – [#]", "Use Case Name",
               "Stage of Development", "What problem is the AI intended to solve?"])
    ws.append(["HHS", "HHS-1", "Chatbot", "b) Pilot – The use case is being tested", "Call volume"])
    ws.append(["HHS", "HHS-2", "Chatbot", "c) Deployed – In use", "Web questions"])
    ws.append(["NASA", "NASA-7", "Chatbot", "a) Pre-deployment – Being designed", ""])
    ws.append(["NASA", "NASA-8", "Document triage", "d) Retired – No longer used", ""])
    ws.append(["VA", "", "Claims summariser", None, ""])
    wb.save(HERE / "inventory.xlsx")


def bad_cells() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "KPIs"
    ws.append(["Department", "Metric", "Baseline", "Month 1", "Month 2", "Target"])
    ws.append(["Support", "Cost per ticket", "$12", "twelve", "$9", "$3"])
    ws.append(["Support", "Handle time (minutes)", 30, 25, -4, 10])
    ws.append(["Support", "Cost per ticket", "$12", "$10", "$9", "$3"])
    wb.save(HERE / "bad_cells.xlsx")


def empty_and_protected() -> None:
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(HERE / "empty.xlsx")
    from msoffcrypto.format.ooxml import OOXMLFile  # fixture tooling only: pip install msoffcrypto-tool

    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.xlsx"
        success_template_book = openpyxl.load_workbook(HERE / "success_template.xlsx")
        success_template_book.save(plain)
        with open(plain, "rb") as src, open(HERE / "protected.xlsx", "wb") as out:
            office = OOXMLFile(src)
            office.encrypt("secret", out)


if __name__ == "__main__":
    kpi_dashboard()
    success_template()
    macro_workbook()
    text_files()
    backlog_ods()
    checkins_xls()
    compliance_tracker()
    inventory()
    bad_cells()
    empty_and_protected()
    print("Wrote the fixtures to", HERE)
