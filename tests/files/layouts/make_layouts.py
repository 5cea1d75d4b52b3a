"""Builds the layout fixtures in this folder: small trackers in the shapes teams keep (our own data, written
here, not copied files). Run `python tests/files/layouts/make_layouts.py` to write them again; expected.json
holds what each must import as, written by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

HERE = Path(__file__).resolve().parent


def write_text(name: str, text: str, encoding: str = "utf-8") -> None:
    (HERE / name).write_bytes(text.replace("\n", "\r\n").encode(encoding))


def main() -> None:
    # US dates written with dashes; one day above 12 settles the order for the column
    write_text("checkins_month_first.csv", "Date,Status,Decisions\n"
               "06-15-2023,green,Go ahead with the pilot\n07-01-2023,amber,Pause the rollout\n"
               "07-08-2023,red,Escalate the data access\n")
    # nothing above 12: the order can't be told, the importer must ask
    write_text("checkins_ambiguous.csv", "Date,Status\n03/04/2026,green\n05/06/2026,amber\n")
    # a monthly log kept with a time of day, as exports write them
    write_text("checkins_with_times.csv", "Date,Status\n10/24/2024 12:00:00 AM,green\n02/10/2023 9:30,red\n")
    # notes over several lines full of semicolons: the delimiter is the comma
    note = "\n".join(["Step one; step two; step three"] * 5)
    write_text("features_notes_over_lines.csv", f'Feature,$ per month,Notes\n"Route invoices",1200,"{note}"\n'
               f'"Summarise disputes",800,"{note}"\n"Flag duplicates",300,"short"\n')
    # Windows-1252, semicolons, the same header twice
    write_text("features_cp1252_duplicate.csv", "Feature;Notes;Notes\nRésumé screening;für HR;zweite Notiz\n"
               "Café rota;€ savings;\n", encoding="cp1252")
    # an inventory with a yes/no in-use column, owner e-mails and operational dates
    write_text("inventory_in_use.csv", "Agency,AI Use Case,Agency Use (Y/N)?,Email Address,Operational date\n"
               "Treasury,Invoice matching,Y,lee@example.gov,2024-03-01\nTreasury,Chat assistant,N,,\n"
               "Labor,Claims triage,Y,kim@example.gov,\nLabor,Translation,N,,\nLabor,Fraud scoring,,ali@example.gov,\n")
    # a monthly log of metrics nobody has defined yet: no baseline, no target, no department
    write_text("kpi_log_undefined.csv", "Metric,Month,Value\nCost per invoice,Month 1,12\nCost per invoice,Month 2,10\n"
               "Processing time,Month 1,6\n")
    # the article's success dashboard: no department column
    write_text("success_no_department.csv", "Metric,Baseline,Month 1,Month 2,Month 3,Target\n"
               "Cost per invoice ($),15,12,9,6,5\nProcessing time (days),8,6,4,3,2\n")

    # a 5x5 scored risk register with inherent and residual ratings
    write_text("risks_5x5.csv", "Risk ID,Risk Description,Likelihood (1-5),Impact (1-5),Risk Score,Risk Owner,"
               "Mitigation,Status,Residual Likelihood,Residual Impact,Review Date\n"
               "R-01,Model drifts after the tariff change,4,4,16,Priya,Monthly drift check,Open,2,3,2026-07-01\n"
               "R-02,Vendor doubles the price at renewal,3,5,15,,Exit plan and second quote,Open,2,4,2026-09-01\n"
               "R-03,Agents ignore the suggestions,2,2,4,Sam,Shadow two shifts,Closed,1,2,\n")
    # a qualitative register: words for probability and severity, a rating, an action
    write_text("risks_qualitative.csv", "Risk,Probability,Severity,Rating,Owner,Action,Status\n"
               "Claims data arrives late,Likely,Major,High,Ana,Daily feed alert,Active\n"
               "Regulator asks for an explanation,Possible,Moderate,Medium,Ben,Keep the decision log,Active\n"
               "Pilot budget runs out,Unlikely,Minor,Low,Ana,,Resolved\n")

    # a PRINCE2-style register: cause/event/effect, probability bands, a monetary impact, titles left blank
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Risk Register"
    ws.append(["ID", "Title ", "Type", "Status", "Date Raised", "Owner", "Cause", "Event", "Effect", "Probability",
               "Impact\n(monetary)", "Proximity", "Importance", "Response(s)"])
    ws.append([1.0, "Data access is delayed", "Schedule", "Active", dt.date(2026, 1, 12), None,
               "Security review backlog", "No production data by week 3", "Pilot slips a month", "75% to 100%",
               25000.0, "This month", "High", "Escalate to the CIO"])
    ws.append([2.0, None, "Quality", "Closed", dt.date(2026, 1, 20), "Lee", None, "Labels are inconsistent", None,
               "25% to 50%", 8000.0, "Next 3 months", "Medium", "Relabel a sample"])
    ws.append([3.0, None, "Legal", "Active", None, "Kim", "New state rule", None, None, "5% to 10%", 60000.0,
               "Far away", "Low", None])
    wb.save(HERE / "risks_prince2_style.xlsx")

    # a KPI glide path: one metric per sheet, named only by the sheet; baseline and goal in an input block;
    # Month | Current Actuals | Monthly targets | YTD under a caption; and a dashboard sheet of labels
    wb = openpyxl.Workbook()
    summary = wb.active
    summary.title = "Dashboard"
    summary["B2"] = "FY26 KPI glide paths"
    summary["B4"] = "See each KPI's sheet"
    summary["F12"] = "Updated monthly"
    for name, baseline, goal, unit, months, actuals, targets in (
            ("Cost per invoice", 15, 5, "$", [dt.date(2026, m, 28) for m in (1, 2, 3, 4)], [14, 12.5, 11, None],
             [13, 11, 9, 7]),
            ("Processing time", 8, 2, "days", ["Jan-26", "Feb-26", "Mar-26", "Apr-26"], [7.5, 6, 5.2, 4.4],
             [7, 6, 5, 4])):
        ws = wb.create_sheet(name)
        ws["A1"] = f"{name}: glide path to the FY26 goal"
        ws["A3"], ws["B3"] = "Baseline", baseline
        ws["A4"], ws["B4"] = "Goal", goal
        ws["A5"], ws["B5"] = "Unit", unit
        ws["A7"] = "Monthly glide path"
        ws.append(["Month", "Current Actuals", "Monthly targets", "YTD"])
        running = 0.0
        for month, actual, target in zip(months, actuals, targets, strict=True):
            running += actual or 0
            ws.append([month, actual, target, running])
    wb.save(HERE / "kpi_glide_path.xlsx")

    # a RICE backlog whose first two columns have no header: a number, then the hypothesis
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Backlog"
    ws.append(["Growth experiments, Q3"])
    ws.append([])
    ws.append([None, None, "Reach", "Impact", "Confidence", "Effort", "RICE score"])
    for i, (idea, reach, impact, confidence, effort) in enumerate([
            ("Auto-route invoices by supplier", 1200, 2, 0.8, 3), ("Summarise disputes for agents", 800, 1, 0.5, 2),
            ("Flag duplicate payments", 300, 3, 1.0, 1)], start=1):
        ws.append([i, idea, reach, impact, confidence, effort, reach * impact * confidence / effort])
    wb.save(HERE / "backlog_unheaded_names.xlsx")

    # an inventory kept as a form: field names down column A, one initiative per column
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Initiatives"
    for row in (["Initiative", "Invoice matching", "Claims triage", "Chat assistant"],
                ["Department", "Finance", "Operations", "Customer service"],
                ["Owner", "Lee", "Kim", None],
                ["Stage", "pilot", "production", "stopped?"],
                ["Start date", dt.date(2026, 2, 2), dt.date(2026, 3, 2), dt.date(2026, 4, 6)]):
        ws.append(row)
    wb.save(HERE / "inventory_turned.xlsx")


if __name__ == "__main__":
    main()
