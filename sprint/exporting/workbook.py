"""The Excel snapshot sponsors open: Summary, the success dashboard with native charts, the audit log,
and hidden data sheets from which `sprint.restoring` rebuilds the sprint exactly.

Written in openpyxl's write-only mode (streams rows; fast on large sprints). Every text cell passes through
`cells.text`, so nothing a person typed can become a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint import (
    __version__,
    audit,
    dashboard,
    initiatives,
    outcomes,
)
from sprint.dates import describe_day, month_label, phase_for_day
from sprint.exporting import cells, step_sheets
from sprint.exporting.data import write_data_sheets
from sprint.initiatives import Initiative
from sprint.picture import Picture
from sprint.store import Store

FORMAT_VERSION = "1"
MAX_CHARTS = 12  # a readable selection for large sprints: the metrics that most need attention first
STATUS_FILLS = {"on track": "1B7F5F", "at risk": "D99A00", "off track": "C43C24"}


def snapshot_filename(initiative: Initiative | None, today: dt.date) -> str:
    name = initiative.name if initiative else "all-initiatives"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "initiative"
    return f"{slug[:60]}-{today.isoformat()}.xlsx"


def _row(ws: WriteOnlyWorksheet, label: str, value: object, fmt: str | None = None) -> list:
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = cells.WriteOnlyCell(ws, value)
        if fmt:
            cell.number_format = fmt
    else:
        cell = cells.text(ws, "" if value is None else value, wrap=True)
    return [cells.text(ws, label, font=cells.BOLD), cell]


def _summary_one(ws: WriteOnlyWorksheet, ctx: Picture, meta: dict[str, str]) -> None:
    i = ctx.initiative
    cells.setup_sheet(ws, [30, 90], None)
    ws.append([cells.text(ws, i.name, font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, "A 90-day sprint from pilot to production")])
    ws.append([])
    for label, value, fmt in [
        ("Process", i.process, None), ("Owner", i.owner, None), ("Department", i.department, None),
        ("Stage", i.stage, None), ("Sprint start (day 1)", i.start_date.isoformat(), None),
        ("Sprint day", describe_day(ctx.day), None), ("Phase", phase_for_day(ctx.day), None),
        ("ROI in one sentence", i.roi_statement, None),
        ("One-off cost", i.one_off_cost, '"$"#,##0'), ("Monthly running cost", i.monthly_cost, '"$"#,##0'),
    ]:
        ws.append(_row(ws, label, value, fmt))
    ws.append([])
    ws.append(cells.header(ws, ["Readiness", "Share of the step's essentials done"]))
    for step in ctx.readiness:
        ws.append(_row(ws, step.step, step.score, "0%"))
        for essential in step.essentials:
            ws.append([cells.text(ws, ("done: " if essential.done else "to do: ") + essential.label)])
    ws.append([])
    counts = dashboard.status_counts(ctx.items)
    ws.append(cells.header(ws, ["Headline", "Figure"]))
    ws.append(_row(ws, "Metrics on track", f"{counts['on track']} of {len(ctx.items)}"))
    ws.append(_row(ws, "At risk / off track", f"{counts['at risk']} / {counts['off track']}"))
    if ctx.curve:
        payback = outcomes.payback_month(ctx.curve)
        ws.append(_row(ws, outcomes.ROI_LABEL, ctx.curve[-1].roi_pct / 100, "+0%;-0%;0%"))
        ws.append([cells.text(ws, outcomes.ROI_HOW, wrap=False)])
        note = outcomes.roi_note([item.metric.name for item in ctx.items])
        if note:
            ws.append([cells.text(ws, note, wrap=False)])
        ws.append(_row(ws, "Payback", f"month {payback}" if payback else "not yet"))
    ws.append([])
    _meta_rows(ws, meta)


def _meta_rows(ws: WriteOnlyWorksheet, meta: dict[str, str]) -> None:
    ws.append(_row(ws, "Exported at (UTC)", meta["exported_at"]))
    ws.append(_row(ws, "Exported by", meta["exported_by"]))
    ws.append(_row(ws, "Production Sprint version", meta["app_version"]))
    ws.append([cells.text(ws, "Monthly columns are sprint months: month 1 is days 1-30 from the sprint start.")])


def _summary_all(ws: WriteOnlyWorksheet, contexts: list[Picture], meta: dict[str, str]) -> None:
    cells.setup_sheet(ws, [34, 20, 30, 20, 22, 16, 16, 16, 16, 16, 14, 14], "A5")
    ws.append([cells.text(ws, "Every initiative", font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, "A 90-day sprint from pilot to production, per pilot")])
    ws.append([])
    ws.append(cells.header(ws, ["Initiative", "Department", "Owner", "Stage", "Sprint day", "Step 1 readiness",
                                "Step 2 readiness", "Step 3 readiness", "Step 4 readiness", "Step 5 readiness",
                                "On track", outcomes.ROI_LABEL]))
    for ctx in contexts:
        counts = dashboard.status_counts(ctx.items)
        roi = cells.WriteOnlyCell(ws, ctx.curve[-1].roi_pct / 100) if ctx.curve else None
        if roi is not None:
            roi.number_format = "+0%;-0%;0%"
        scores = [cells.number(ws, step.score, "0%") for step in ctx.readiness]
        ws.append([cells.text(ws, ctx.initiative.name), cells.text(ws, ctx.initiative.department),
                   cells.text(ws, ctx.initiative.owner), cells.text(ws, ctx.initiative.stage),
                   cells.text(ws, describe_day(ctx.day)), *scores,
                   cells.text(ws, f"{counts['on track']} of {len(ctx.items)}"), roi])
    ws.append([])
    _meta_rows(ws, meta)


def _metrics_sheet(ws: WriteOnlyWorksheet, ctx: Picture) -> list[tuple[WriteOnlyWorksheet, Picture, int]]:
    """Write the table; return the charts still to draw (their data goes on the 'Chart data' sheet)."""
    start, months = ctx.initiative.start_date, ctx.months
    headers = ["Department", "Metric", "Unit", "Direction", "Baseline",
               *[month_label(start, k) for k in range(1, months + 1)], "Target", "Progress", "Status"]
    status_col = get_column_letter(len(headers))
    cells.setup_sheet(ws, [20, 34, 10, 18, 13, *[19] * months, 13, 11, 12], "C2")
    ws.append(cells.header(ws, headers))
    for s in ctx.items:
        m = s.metric
        fmt = cells.number_format(m.unit, cells.decimals_needed([m.baseline, m.target, *s.actuals.values()]))
        progress = None
        if s.progress is not None:
            progress = cells.WriteOnlyCell(ws, s.progress)
            progress.number_format = "0%"
        ws.append([cells.text(ws, m.department), cells.text(ws, m.name), cells.text(ws, m.unit),
                   cells.text(ws, dashboard.direction_text(m.direction)), cells.number(ws, m.baseline, fmt),
                   *[cells.number(ws, s.actuals.get(k), fmt) for k in range(1, months + 1)],
                   cells.number(ws, m.target, fmt), progress, cells.text(ws, s.status)])
    last = len(ctx.items) + 1
    ws.print_area = f"A1:{status_col}{last}"  # print the table large; the charts sit beside it on screen
    if ctx.items:
        for status, colour in STATUS_FILLS.items():
            ws.conditional_formatting.add(
                f"{status_col}2:{status_col}{last}",
                CellIsRule(operator="equal", formula=[f'"{status}"'], font=Font(bold=True, color="FFFFFF"),
                           fill=PatternFill("solid", start_color=colour, end_color=colour)))
        return [(ws, ctx, len(headers) + 2)]
    return []


def _charts(data: WriteOnlyWorksheet, pending: list[tuple[WriteOnlyWorksheet, Picture, int]]) -> None:
    """Baseline vs actuals vs target per metric, as native Excel line charts beside each Metrics table.
    The series live on the 'Chart data' sheet, three rows per charted metric."""
    order = {"off track": 0, "at risk": 1, "on track": 2, "no data": 3}
    width = max((ctx.months for _, ctx, _ in pending), default=1)
    data.append(cells.header(data, ["Initiative", "Metric", "Series", *[f"Month {k}" for k in range(1, width + 1)]]))
    cells.setup_sheet(data, [28, 34, 10, *[10] * width], "D2")
    row = 2
    for ws, ctx, chart_col in pending:
        chosen = sorted(ctx.items, key=lambda s: order[s.status])[:MAX_CHARTS]
        for n, s in enumerate(chosen):
            _chart(data, ws, ctx, s, row, f"{get_column_letter(chart_col)}{1 + 15 * n}")
            row += 3


def _chart(data: WriteOnlyWorksheet, ws: WriteOnlyWorksheet, ctx: Picture, s, first: int, anchor: str) -> None:
    m, months = s.metric, ctx.months
    data.append([cells.text(data, ctx.initiative.name), cells.text(data, m.name), cells.text(data, "Actual"),
                 *[s.actuals.get(k) for k in range(1, months + 1)]])
    data.append([None, None, cells.text(data, "Baseline"), *[m.baseline] * months])
    data.append([None, None, cells.text(data, "Target"), *[m.target] * months])
    chart = LineChart()
    chart.title = f"{m.name} ({dashboard.direction_text(m.direction)})"
    chart.height, chart.width = 7, 16
    chart.y_axis.title = m.unit or None
    chart.x_axis.delete = False  # openpyxl 3.1 otherwise writes axes Excel hides
    chart.y_axis.delete = False
    for offset in range(3):
        row = first + offset
        series = Series(Reference(data, min_col=4, max_col=3 + months, min_row=row, max_row=row),
                        title_from_data=False, title=["Actual", "Baseline", "Target"][offset])
        if offset:
            series.graphicalProperties.line.dashStyle = "dash" if offset == 1 else "solid"
        series.smooth = False
        chart.series.append(series)
    chart.set_categories(Reference(data, min_col=4, max_col=3 + months, min_row=1, max_row=1))
    ws.add_chart(chart, anchor)


def _audit_sheet(ws: WriteOnlyWorksheet, store: Store, ids: list[int], sprint_wide: bool) -> None:
    cells.setup_sheet(ws, [20, 22, 14, 14, 13, 28, 60, 40, 40], "A2")
    ws.append(cells.header(ws, ["When (UTC)", "Who", "Role", "Action", "Record", "Initiative", "What changed",
                                "Before", "After"]))
    with store.reading() as cur:
        entries = audit.slice_for(cur, ids, sprint_wide=sprint_wide)
        while rows := entries.fetchmany(2000):
            for at, actor, role, action, entity, _entity_id, initiative, summary, before, after in rows:
                when = cells.WriteOnlyCell(ws, at)
                when.number_format = "yyyy-mm-dd hh:mm:ss"
                ws.append([when, *[cells.text(ws, v) for v in (actor, role, action, entity, initiative, summary,
                                                                 before, after)]])


def export_workbook(store: Store, initiative_id: int | None, *, exported_by: str, today: dt.date,
                    now: dt.datetime) -> bytes:
    """The snapshot of one initiative, or of every initiative (archived ones included) when None."""
    chosen = ([initiatives.get(store, initiative_id)] if initiative_id is not None
              else initiatives.list_all(store, include_archived=True))
    ids = [i.id for i in chosen]
    with store.reading() as cur:  # the audit log's anchor, taken before the data: check it later with verify-audit
        count, head = audit.read_head(cur)
    meta = {"version": FORMAT_VERSION, "exported_at": now.replace(microsecond=0).isoformat(sep=" "),
            "exported_by": exported_by, "app_version": __version__,
            "scope": "initiative" if initiative_id is not None else "all", "audit_anchor": f"{count}:{head}"}
    contexts = [Picture(store, i, today) for i in chosen]
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    summary = wb.create_sheet(cells.sheet_name("Summary", taken))
    pending = []
    if initiative_id is not None:
        _summary_one(summary, contexts[0], meta)
        step_sheets.scope_sheet(wb.create_sheet(cells.sheet_name("Scope", taken)), contexts[0])
        step_sheets.compliance_sheet(wb.create_sheet(cells.sheet_name("Compliance", taken)), contexts[0], today)
        step_sheets.workflow_sheet(wb.create_sheet(cells.sheet_name("Workflow", taken)), contexts[0])
        step_sheets.governance_sheet(wb.create_sheet(cells.sheet_name("Governance", taken)), store, contexts[0], today)
        pending += _metrics_sheet(wb.create_sheet(cells.sheet_name("Metrics", taken)), contexts[0])
    else:
        _summary_all(summary, contexts, meta)
        for ctx in contexts:
            if ctx.features:
                step_sheets.scope_sheet(wb.create_sheet(cells.sheet_name(f"Scope {ctx.initiative.name}", taken)), ctx)
            if ctx.statuses or ctx.register:
                step_sheets.compliance_sheet(wb.create_sheet(cells.sheet_name(f"Compliance {ctx.initiative.name}",
                                                                              taken)), ctx, today)
            if ctx.steps or ctx.sessions:
                step_sheets.workflow_sheet(wb.create_sheet(cells.sheet_name(f"Workflow {ctx.initiative.name}", taken)), ctx)
            step_sheets.governance_sheet(wb.create_sheet(cells.sheet_name(f"Governance {ctx.initiative.name}", taken)),
                              store, ctx, today)
            pending += _metrics_sheet(wb.create_sheet(cells.sheet_name(f"Metrics {ctx.initiative.name}", taken)), ctx)
    _audit_sheet(wb.create_sheet(cells.sheet_name("Audit log", taken)), store, ids, initiative_id is None)
    if pending:
        _charts(wb.create_sheet(cells.sheet_name("Chart data", taken)), pending)
    write_data_sheets(wb, store, ids, meta, include_sprint_wide_audit=initiative_id is None)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
