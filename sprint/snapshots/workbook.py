"""The Excel snapshot sponsors open and print: the headline first, each step's sheet, the success dashboard
with native charts in the metric's unit, a readable audit log, and (hidden) the exact records from which
`sprint.snapshots.restore` rebuilds the sprint.

One initiative: Summary, Scope, Compliance, Workflow, Governance, Metrics (charts under the table), Audit log.
Every initiative: the same kinds of sheet with an Initiative column first, so the sheet count never grows
with the portfolio (`sprint.snapshots.portfolio_sheets`), and a Charts sheet for up to 12 initiatives.

Written in openpyxl's write-only mode (streams rows; memory stays bounded). Every text cell passes through
`cells.text`, so nothing a person typed can become a formula.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.data_source import NumFmt
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint import __version__, audit, initiatives
from sprint.access import codes as access
from sprint.dates import describe_day, month_label, phase_for_day
from sprint.initiatives import Initiative
from sprint.picture import Picture, pictures_for
from sprint.snapshots import audit_text, cells, portfolio_sheets, risk_sheet, step_sheets
from sprint.snapshots.data import write_data_sheets
from sprint.steps.outcomes import dashboard
from sprint.steps.outcomes import rules as outcomes
from sprint.store import Store

FORMAT_VERSION = "2"  # 1: a hidden sheet per table; 2: one compressed payload (sprint.snapshots.payload)
MAX_CHARTS = 12  # a readable selection for large sprints: the metrics that most need attention first
STATUS_FILLS = {"on track": "1B7F5F", "at risk": "D99A00", "off track": "C43C24"}
CHART_WIDTH_CM, CHART_HEIGHT_CM = 16.0, 7.5
CHART_ROWS = 16  # rows of the default height a chart covers, with a little air
CHART_WIDTH_UNITS = 88  # the chart's width in Excel column-width units (about 7 px each at 100%)

Progress = Callable[[float, str], None]


def snapshot_filename(initiative: Initiative | None, today: dt.date) -> str:
    name = initiative.name if initiative else "all-initiatives"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower() or "initiative"
    return f"{slug[:60]}-{today.isoformat()}.xlsx"


def _headline_rows(ws: WriteOnlyWorksheet, ctx: Picture) -> list[list]:
    counts = dashboard.status_counts(ctx.items)
    rows = [cells.header(ws, ["Headline", "Figure"]),
            cells.label_row(ws, "Metrics on track", f"{counts['on track']} of {len(ctx.items)}", bold=True),
            cells.label_row(ws, "At risk / off track", f"{counts['at risk']} / {counts['off track']}")]
    if ctx.curve:
        payback = outcomes.payback_month(ctx.curve)
        rows.append(cells.label_row(ws, outcomes.ROI_LABEL, ctx.curve[-1].roi_pct / 100, "+0%;-0%;0%", bold=True))
        rows.append(cells.label_row(ws, "Payback", f"month {payback}" if payback else "not yet", bold=True))
    rows.append(cells.label_row(ws, "Red flags", "; ".join(ctx.red_flags) or "none"))
    rows.append(cells.label_row(ws, "Sprint day", f"{describe_day(ctx.day)} ({phase_for_day(ctx.day)})"))
    if ctx.curve:
        rows.append([None, cells.text(ws, outcomes.ROI_HOW, wrap=True)])
        note = outcomes.roi_note([item.metric.name for item in ctx.items])
        if note:
            rows.append([None, cells.text(ws, note, wrap=True)])
    return rows


def _summary_one(ws: WriteOnlyWorksheet, ctx: Picture, meta: dict[str, str]) -> None:
    """The headline on top (what a sponsor reads on page 1), then who and what, then readiness step by step."""
    i = ctx.initiative
    widths = [30, 90]
    cells.setup_sheet(ws, widths, None)
    rows = [[cells.text(ws, i.name, font=cells.TITLE_FONT)],
            [cells.text(ws, "A 90-day sprint from pilot to production")], [],
            *_headline_rows(ws, ctx), []]
    for label, value, fmt in [
        ("Process", i.process, None), ("Owner", i.owner, None), ("Department", i.department, None),
        ("Stage", i.stage, None), ("Sprint start (day 1)", i.start_date.isoformat(), None),
        ("ROI in one sentence", i.roi_statement, None),
        ("One-off cost", i.one_off_cost, '"$"#,##0'), ("Monthly running cost", i.monthly_cost, '"$"#,##0'),
    ]:
        rows.append(cells.label_row(ws, label, value, fmt))
    rows += [[], cells.header(ws, ["Readiness", "Share of the step's essentials done"])]
    for step in ctx.readiness:
        rows.append(cells.label_row(ws, step.step, step.score, "0%"))
        rows += [[None, cells.text(ws, ("done: " if e.done else "to do: ") + e.label)] for e in step.essentials]
    rows += [[], *cells.meta_rows(ws, meta)]
    for row in rows:
        ws.append(row)
    cells.print_setup(ws, widths, len(rows))


def _metrics_sheet(ws: WriteOnlyWorksheet, ctx: Picture, data: ChartData) -> None:
    """The success dashboard table, then its charts underneath (in the print area, two to a row)."""
    start, months = ctx.initiative.start_date, ctx.months
    headers = ["Department", "Metric", "Unit", "Direction", "Baseline",
               *[month_label(start, k).replace(" (", "\n(") for k in range(1, months + 1)], "Target", "Progress",
               "Status"]
    figure = cells.value_width(((s.metric.baseline, s.metric.target, *s.actuals.values()), s.metric.unit)
                               for s in ctx.items)
    widths = [18, 30, 9, 15, figure, *[figure] * months, figure, 10, 11]
    status_col = get_column_letter(len(headers))
    cells.setup_sheet(ws, widths, "C2")
    ws.row_dimensions[1].height = 2 * cells.LINE_HEIGHT + 2  # "Month 1" over "(Jan 2026)"
    ws.append(cells.header(ws, headers, wrap=True))
    number = cells.NumberCells(ws)
    for s in ctx.items:
        m = s.metric
        fmt = cells.number_format(m.unit, cells.decimals_needed([m.baseline, m.target, *s.actuals.values()]))
        got = s.actuals.get
        ws.append([cells.text(ws, m.department), cells.text(ws, m.name), cells.text(ws, m.unit),
                   cells.text(ws, dashboard.direction_text(m.direction)), number(5, m.baseline, fmt),
                   *[number(5 + k, got(k), fmt) for k in range(1, months + 1)],
                   number(6 + months, m.target, fmt), number(7 + months, s.progress, "0%"), cells.text(ws, s.status)])
    last = len(ctx.items) + 1
    if ctx.items:
        for status, colour in STATUS_FILLS.items():
            ws.conditional_formatting.add(
                f"{status_col}2:{status_col}{last}",
                CellIsRule(operator="equal", formula=[f'"{status}"'], font=Font(bold=True, color="FFFFFF"),
                           fill=PatternFill("solid", start_color=colour, end_color=colour)))
    chosen = sorted(ctx.items, key=lambda s: CHART_ORDER[s.status])[:MAX_CHARTS]
    bottom = data.grid(ws, [(ctx, s) for s in chosen], first_row=last + 3, widths=widths)
    # No repeated name columns here: a printer repeats what sits on them, charts included.
    cells.print_setup(ws, widths, bottom, title_rows="1:1",
                extra_width=2 * CHART_WIDTH_UNITS if len(chosen) > 1 else CHART_WIDTH_UNITS * bool(chosen))


CHART_ORDER = {"off track": 0, "at risk": 1, "on track": 2, "no data": 3}


class ChartData:
    """The hidden sheet holding each chart's series (three rows per chart), and the charts drawn from it."""

    def __init__(self, wb: Workbook, taken: set[str], width: int):
        self.ws = cells.new_sheet(wb, "Chart data", taken)
        self.ws.sheet_state = "hidden"  # helper data: the charts read it, people read the charts
        self.width = max(width, 1)
        self.ws.append(cells.header(self.ws, ["Initiative", "Metric", "Series",
                                              *[f"Month {k}" for k in range(1, self.width + 1)]]))
        cells.setup_sheet(self.ws, [28, 34, 10, *[10] * self.width], "D2")
        self.next_row = 2

    def grid(self, ws: WriteOnlyWorksheet, charts: Sequence[tuple[Picture, dashboard.MetricSummary]], *,
             first_row: int, widths: Sequence[float], title: bool = False) -> int:
        """Draw the charts two to a row from `first_row`; returns the last row they cover."""
        second_col, offset = 1, 0.0
        for n, width in enumerate(widths, start=1):  # the first column starting right of the first chart
            if offset >= CHART_WIDTH_UNITS:
                second_col = n
                break
            offset += width
        else:
            second_col = len(widths) + max(1, math.ceil((CHART_WIDTH_UNITS - offset) / 8.43)) + 1
        for n, (ctx, s) in enumerate(charts):
            row = first_row + CHART_ROWS * (n // 2)
            col = 1 if n % 2 == 0 else second_col
            self._chart(ws, ctx, s, f"{get_column_letter(col)}{row}", title)
        return first_row + CHART_ROWS * math.ceil(len(charts) / 2) if charts else first_row

    def _chart(self, ws: WriteOnlyWorksheet, ctx: Picture, s: dashboard.MetricSummary, anchor: str,
               title: bool) -> None:
        m, months, first = s.metric, ctx.months, self.next_row
        data = self.ws
        data.append([cells.text(data, ctx.initiative.name), cells.text(data, m.name), cells.text(data, "Actual"),
                     *[s.actuals.get(k) for k in range(1, months + 1)]])
        data.append([None, None, cells.text(data, "Baseline"), *[m.baseline] * months])
        data.append([None, None, cells.text(data, "Target"), *[m.target] * months])
        self.next_row += 3
        chart = LineChart()
        chart.title = (f"{ctx.initiative.name}: " if title else "") + f"{m.name} ({dashboard.direction_text(m.direction)})"
        chart.height, chart.width = CHART_HEIGHT_CM, CHART_WIDTH_CM
        chart.y_axis.title = m.unit or None
        decimals = cells.decimals_needed([m.baseline, m.target, *s.actuals.values()])
        # The axis in the metric's unit ("$40,000", "8.2%"), not the bare number.
        chart.y_axis.numFmt = NumFmt(formatCode=cells.number_format(m.unit, decimals), sourceLinked=False)
        chart.x_axis.delete = False  # openpyxl 3.1 otherwise writes axes Excel hides
        chart.y_axis.delete = False
        chart.visible_cells_only = False  # the series sit on a hidden sheet
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


AUDIT_HEADERS = ["When (UTC)", "Who", "Role", "Action", "Record", "Initiative", "What changed", "Before", "After"]


def _audit_sheet(ws: WriteOnlyWorksheet, store: Store, ids: list[int], sprint_wide: bool) -> None:
    """The log in readable columns: for a change, only the fields that changed, before and after."""
    widths = [16, 16, 10, 10, 10, 20, 38, 30, 30]
    cells.setup_sheet(ws, widths, "A2")
    ws.append(cells.header(ws, AUDIT_HEADERS))
    count = 1
    with store.reading() as cur:
        entries = audit.slice_for(cur, ids, sprint_wide=sprint_wide)
        while rows := entries.fetchmany(2000):
            for at, actor, role, action, entity, _entity_id, initiative, summary, before, after in rows:
                when = cells.WriteOnlyCell(ws, at.replace(microsecond=0))
                when.number_format = "yyyy-mm-dd hh:mm"
                was, now = audit_text.readable(before, after)
                ws.append([when, *[cells.text(ws, v) for v in (actor, role, action, entity, initiative)],
                           cells.text(ws, summary, wrap=True), cells.text(ws, was, wrap=bool(was)),
                           cells.text(ws, now, wrap=bool(now))])
                count += 1
    ws.auto_filter.ref = f"A1:I{count}"
    cells.print_setup(ws, widths, count, title_rows="1:1")


def export_workbook(store: Store, initiative_id: int | None, *, exported_by: str, today: dt.date,
                    now: dt.datetime, progress: Progress | None = None) -> bytes:
    """The snapshot of one initiative, or of every initiative (archived ones included) when None.
    `progress(share, what)` is called as the work advances (a page shows it for large portfolios)."""
    report = progress or (lambda share, what: None)
    report(0.0, "Reading the sprint")
    chosen = ([initiatives.get(store, initiative_id)] if initiative_id is not None
              else initiatives.list_all(store, include_archived=True))
    ids = [i.id for i in chosen]
    with store.reading() as cur:  # the audit log's anchor, taken before the data: check it later with verify-audit
        count, head = audit.read_head(cur)
    meta = {"version": FORMAT_VERSION, "exported_at": now.replace(microsecond=0).isoformat(sep=" "),
            "exported_by": exported_by, "app_version": __version__,
            "scope": "initiative" if initiative_id is not None else "all", "audit_anchor": f"{count}:{head}",
            "workspace": access.workspace_id(store)}
    contexts = pictures_for(store, chosen, today)
    report(0.25, "Writing the summary and the steps")
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    summary = cells.new_sheet(wb, "Summary", taken)
    if initiative_id is not None:
        ctx = contexts[0]
        _summary_one(summary, ctx, meta)
        step_sheets.scope_sheet(cells.new_sheet(wb, "Scope", taken), ctx)
        step_sheets.compliance_sheet(cells.new_sheet(wb, "Compliance", taken), ctx, today)
        step_sheets.workflow_sheet(cells.new_sheet(wb, "Workflow", taken), ctx)
        step_sheets.governance_sheet(cells.new_sheet(wb, "Governance", taken), store, ctx, today)
        if risk_sheet.any_risks([ctx]):
            risk_sheet.risks_sheet(cells.new_sheet(wb, "Risks", taken), [ctx])
        metrics_ws = cells.new_sheet(wb, "Metrics", taken, fit_rows=False)
        audit_ws = cells.new_sheet(wb, "Audit log", taken)
        data = ChartData(wb, taken, ctx.months)
        report(0.45, "Writing the success dashboard")
        _metrics_sheet(metrics_ws, ctx, data)
    else:
        portfolio_sheets.summary_sheet(summary, contexts, meta, today)
        sheets = {kind: cells.new_sheet(wb, kind, taken, fit_rows=kind != "Metrics") for kind in portfolio_sheets.KINDS}
        risks_ws = cells.new_sheet(wb, "Risks", taken) if risk_sheet.any_risks(contexts) else None
        audit_ws = cells.new_sheet(wb, "Audit log", taken)
        charted = portfolio_sheets.charted(contexts, MAX_CHARTS)
        data = ChartData(wb, taken, max((ctx.months for ctx, _ in charted), default=1))
        portfolio_sheets.charts_sheet(sheets["Charts"], charted, data)
        report(0.35, "Writing the success dashboard")
        portfolio_sheets.metrics_sheet(sheets["Metrics"], contexts)
        report(0.5, "Writing the steps")
        portfolio_sheets.scope_sheet(sheets["Scope"], contexts)
        portfolio_sheets.compliance_sheet(sheets["Compliance"], contexts, today)
        portfolio_sheets.workflow_sheet(sheets["Workflow"], contexts)
        portfolio_sheets.governance_sheet(sheets["Governance"], contexts, today)
        if risks_ws is not None:
            risk_sheet.risks_sheet(risks_ws, contexts)
    report(0.65, "Writing the audit log")
    _audit_sheet(audit_ws, store, ids, initiative_id is None)
    report(0.75, "Writing the exact copy for restore")
    write_data_sheets(wb, store, ids, meta, include_sprint_wide_audit=initiative_id is None)
    report(0.85, "Packing the workbook")
    out = io.BytesIO()
    wb.save(out)
    report(1.0, "Done")
    return out.getvalue()
