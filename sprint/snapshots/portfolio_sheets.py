"""The snapshot of every initiative: one sheet per kind, an Initiative column first, whatever the portfolio's
size (900 initiatives used to make 1,827 sheets). Each has a frozen header, an autofilter and a print setup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint import portfolio
from sprint.dates import describe_day
from sprint.picture import Picture
from sprint.snapshots import cells
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance import store as compliance_store
from sprint.steps.governance import rules as governance
from sprint.steps.outcomes import dashboard
from sprint.steps.outcomes import rules as outcomes
from sprint.steps.scope import rules as scope
from sprint.steps.workflow import rules as workflow

KINDS = ("Metrics", "Charts", "Scope", "Compliance", "Workflow", "Governance")


def _finish(ws: WriteOnlyWorksheet, widths: Sequence[float], header_row: int, last_row: int) -> None:

    last = cells.get_column_letter(len(widths))
    ws.auto_filter.ref = f"A{header_row}:{last}{max(last_row, header_row)}"
    cells.print_setup(ws, widths, last_row, title_rows=f"{header_row}:{header_row}", title_cols="A:A")


def titled_table(ws: WriteOnlyWorksheet, title: str, note: str, headers: list[str], widths: list[float], rows) -> None:
    """Title, a line saying what it holds, then the table from row 4 (frozen under its header)."""
    cells.setup_sheet(ws, widths, "B5")
    ws.append([cells.text(ws, title, font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, note)])
    ws.append([])
    ws.append(cells.header(ws, headers, wrap=True))
    count = 4
    for row in rows:
        ws.append(row)
        count += 1
    _finish(ws, widths, 4, count)


def _on_top(row: list) -> list:
    """Number cells set to the top of their row, beside wrapped text (text cells made with wrap=True already are)."""
    for cell in row:
        if hasattr(cell, "alignment") and not cell.alignment.wrap_text:
            cell.alignment = cells.TOP
    return row


def summary_sheet(ws: WriteOnlyWorksheet, contexts: Sequence[Picture], meta: dict[str, str], today: dt.date) -> None:
    """The portfolio's headline figures on top, then one row per initiative."""

    active = [c for c in contexts if not c.initiative.archived]
    numbers = portfolio.summary([c.initiative for c in active], today)
    counts = {status: sum(dashboard.status_counts(c.items)[status] for c in active) for status in outcomes.STATUSES}
    measured = sum(len(c.items) for c in active)
    saved = sum(sum(c.savings.values()) for c in active)
    widths = [27, 16, 14, 16, 13, 6.5, 6.5, 6.5, 6.5, 6.5, 20, 23, 8, 10]  # one landscape page wide
    cells.setup_sheet(ws, widths, None)
    head = [[cells.text(ws, "Every initiative", font=cells.TITLE_FONT)],
            [cells.text(ws, "A 90-day sprint from pilot to production, per pilot")], [],
            cells.header(ws, ["Headline", "Figure"]),
            cells.label_row(ws, "Active initiatives", numbers.active, "#,##0", bold=True),
            cells.label_row(ws, "In production (limited or full)", numbers.in_production, "#,##0", bold=True),
            cells.label_row(ws, "Past day 90, still a pilot", numbers.stuck_in_pilot, "#,##0", bold=True),
            cells.label_row(ws, "With red flags", sum(1 for c in active if c.flags), "#,##0", bold=True),
            cells.label_row(ws, "Metrics on track", f"{counts['on track']:,} of {measured:,}", bold=True),
            cells.label_row(ws, "At risk / off track", f"{counts['at risk']:,} / {counts['off track']:,}"),
            cells.label_row(ws, "Savings to date, all initiatives", saved, '"$"#,##0', bold=True),
            *cells.meta_rows(ws, meta), []]
    for row in head:
        ws.append(row)
    header_row = len(head) + 1
    ws.append(cells.header(ws, ["Initiative", "Department", "Owner", "Stage", "Sprint day", "Step 1", "Step 2",
                                "Step 3", "Step 4", "Step 5", "Red flags", "Headline", "On track",
                                outcomes.ROI_LABEL], wrap=True))
    for ctx in contexts:
        i = ctx.initiative
        counts = dashboard.status_counts(ctx.items)
        roi = cells.number(ws, ctx.curve[-1].roi_pct / 100, "+0%;-0%;0%") if ctx.curve else None
        # Every cell wraps and sits at the top of its row: a long name or headline grows the row, and the row's
        # short cells stay level with its first line (bottom-aligned, they read as the next row's).
        ws.append(_on_top([cells.text(ws, i.name + (" (archived)" if i.archived else ""), wrap=True),
                           cells.text(ws, i.department, wrap=True), cells.text(ws, i.owner, wrap=True),
                           cells.text(ws, i.stage, wrap=True), cells.text(ws, describe_day(ctx.day), wrap=True),
                           *[cells.number(ws, step.score, "0%") for step in ctx.readiness],
                           cells.text(ws, "; ".join(ctx.red_flags), wrap=True),
                           cells.text(ws, ctx.headline, wrap=True),
                           cells.text(ws, f"{counts['on track']} of {len(ctx.items)}", wrap=True), roi]))
    ws.freeze_panes = f"B{header_row + 1}"
    _finish(ws, widths, header_row, header_row + len(contexts))


def metrics_sheet(ws: WriteOnlyWorksheet, contexts: Sequence[Picture]) -> None:
    """The roadmap's success dashboard for every initiative: a heading row per initiative and its metrics
    under it as an outline group, so each folds."""
    months = max((c.months for c in contexts if c.items), default=1)
    headers = ["Initiative", "Department", "Metric", "Unit", "Direction", "Baseline",
               *[f"Month {k}" for k in range(1, months + 1)], "Target", "Progress", "Status"]
    figure = cells.value_width(((s.metric.baseline, s.metric.target, *s.actuals.values()), s.metric.unit)
                               for c in contexts for s in c.items)
    def fit(texts, least: float, most: float) -> float:  # a text column as wide as its longest entry, bounded
        return min(most, max([least, *(len(t) / 1.1 + 1 for t in texts)]))

    shown = [c for c in contexts if c.items]
    widths = [fit((c.initiative.name for c in shown), 14, 26),
              fit((s.metric.department for c in shown for s in c.items), 10, 18),
              fit((s.metric.name for c in shown for s in c.items), 12, 31), 8, 14,
              figure, *[figure] * months, figure, 9, 10]  # one landscape page wide for a usual portfolio
    cells.setup_sheet(ws, widths, "D5")
    ws.sheet_properties.outlinePr.summaryBelow = False  # the +/- sits on the initiative's heading row
    ws.append([cells.text(ws, "Success dashboard, every initiative", font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, "Month k is the k-th 30 days of each initiative's own sprint (the Summary gives each "
                              "start). Fold an initiative with the outline buttons on the left.")])
    ws.append([])
    ws.append(cells.header(ws, headers, wrap=True))
    row, number = 4, cells.NumberCells(ws)
    for ctx in contexts:
        if not ctx.items:
            continue
        row += 1
        ws.append([cells.text(ws, ctx.initiative.name, font=cells.BOLD),
                   cells.text(ws, f"{len(ctx.items)} metric{'s' if len(ctx.items) != 1 else ''}, sprint start "
                                  f"{ctx.initiative.start_date:%Y-%m-%d}")])
        for s in ctx.items:
            row += 1
            ws.row_dimensions[row].outlineLevel = 1
            m = s.metric
            fmt = cells.number_format(m.unit, cells.decimals_needed([m.baseline, m.target, *s.actuals.values()]))
            got = s.actuals.get
            ws.append([cells.text(ws, ctx.initiative.name), cells.text(ws, m.department), cells.text(ws, m.name),
                       cells.text(ws, m.unit), cells.text(ws, dashboard.direction_text(m.direction)),
                       number(6, m.baseline, fmt), *[number(6 + k, got(k), fmt) for k in range(1, months + 1)],
                       number(7 + months, m.target, fmt), number(8 + months, s.progress, "0%"),
                       cells.text(ws, s.status)])
    if row == 4:
        ws.append([cells.text(ws, "No initiative has metrics yet: define them on Step 5.")])
        row += 1
    _finish(ws, widths, 4, row)


def charted(contexts: Sequence[Picture], limit: int) -> list[tuple[Picture, dashboard.MetricSummary]]:
    """The initiatives a sponsor looks at first, one chart each: those needing attention (worst first), then
    the rest with metrics by name; each with its headline metric (savings if it has one, else the first
    measured)."""
    with_metrics = [c for c in contexts if c.items and not c.initiative.archived]
    first = portfolio.attention(with_metrics, limit=limit)
    rest = [c for c in sorted(with_metrics, key=lambda c: c.initiative.name.casefold()) if c not in first]
    out = []
    for ctx in [*first, *rest][:limit]:
        measured = [s for s in ctx.items if s.progress is not None]
        top = next((s for s in measured if s.metric.is_savings), measured[0] if measured else ctx.items[0])
        out.append((ctx, top))
    return out


def charts_sheet(ws: WriteOnlyWorksheet, charted_: Sequence[tuple[Picture, dashboard.MetricSummary]], data) -> None:
    widths = [12.0] * 14  # two charts side by side, one page wide
    cells.setup_sheet(ws, widths, None)
    ws.append([cells.text(ws, "Baseline, actual and target: the initiatives to look at first", font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, "Those needing attention first (worst red flags first), then the others with metrics; "
                              "each with its headline metric." if charted_ else
                          "No initiative has metrics yet: charts appear once Step 5 has values.")])
    bottom = data.grid(ws, charted_, first_row=4, widths=widths, title=True)

    cells.print_setup(ws, widths, bottom)


def scope_sheet(ws: WriteOnlyWorksheet, contexts: Sequence[Picture]) -> None:
    def rows():
        for ctx in contexts:
            by_id = {f.id: f for f in ctx.features}
            for r in ctx.ranked:
                f, core = by_id[r.candidate.key], r.candidate.key in ctx.core
                yield [cells.text(ws, ctx.initiative.name), cells.WriteOnlyCell(ws, r.rank),
                       cells.text(ws, "core" if core else "phase 2"), cells.text(ws, f.name),
                       cells.number(ws, r.impact, '"$"#,##0'), cells.number(ws, f.dollars_per_month, '"$"#,##0'),
                       cells.number(ws, f.hours_per_week, "0.0#"), cells.number(ws, f.volume_share, '0.0#"%"'),
                       cells.text(ws, f.effort), cells.text(ws, f.notes)]

    listed = sum(1 for c in contexts if c.features)
    titled_table(ws, "Scope: features ranked by what they pay", f"{listed:,} of {len(contexts):,} initiatives have "
           f"features listed; the core sits above each cut line ({scope.VOLUME_RULE:.0f}% of the volume is the aim).",
           ["Initiative", "Rank", "Phase", "Feature", "Impact / month", "$ saved / month", "Hours / week",
            "Volume %", "Effort", "Notes"], [30, 6, 9, 34, 14, 14, 12, 10, 10, 30], rows())


def compliance_sheet(ws: WriteOnlyWorksheet, contexts: Sequence[Picture], today: dt.date) -> None:
    def rows():
        for ctx in contexts:
            for a in ctx.applicability:
                if not a.applies:
                    continue
                o = a.obligation
                status = ctx.statuses.get(o.id, compliance_store.Status())
                due = cells.WriteOnlyCell(ws, status.due) if status.due else None
                if due is not None:
                    due.number_format = "yyyy-mm-dd"
                checked = cells.WriteOnlyCell(ws, o.as_of)
                checked.number_format = "yyyy-mm-dd"
                yield _on_top([cells.text(ws, ctx.initiative.name, wrap=True), cells.text(ws, o.framework, wrap=True),
                               cells.text(ws, o.title, wrap=True), cells.text(ws, a.level, wrap=True),
                               cells.text(ws, o.applies_from(today), wrap=True), cells.text(ws, status.status, wrap=True),
                               due, cells.text(ws, status.owner, wrap=True),
                               cells.text(ws, status.evidence or status.na_reason, wrap=True),
                               cells.text(ws, a.why, wrap=True), cells.text(ws, o.source), checked])

    titled_table(ws, "Compliance: the obligations that apply to each initiative",
           compliance_catalog.NOT_LEGAL_ADVICE + " Each initiative's own profile decides what applies; the Compliance "
           "sheet of a one-initiative snapshot adds each duty's summary, caveats and enforcement.",
           ["Initiative", "Framework", "Obligation", "Level", "Applies from", "Status", "Due", "Owner", "Evidence",
            "Why it applies", "Source", "Source checked"], [20, 15, 26, 11, 13, 11, 11, 13, 22, 28, 16, 11], rows())


def workflow_sheet(ws: WriteOnlyWorksheet, contexts: Sequence[Picture]) -> None:
    def rows():
        for ctx in contexts:
            chosen = ctx.initiative.chosen_design
            habits = ctx.habits.get(chosen, []) if chosen else []
            uninvolved = workflow.uninvolved_builders([(t.tool, t.builder, t.builder_involved) for t in ctx.tools])
            latest = ctx.adoption[-1][1] if ctx.adoption else None
            yield [cells.text(ws, ctx.initiative.name),
                   cells.text(ws, f"{len(ctx.sessions)} of {workflow.SHADOW_TARGET}"),
                   cells.WriteOnlyCell(ws, len(ctx.steps)), cells.number(ws, workflow.total_minutes(ctx.steps), "0"),
                   cells.text(ws, chosen or "not chosen yet"),
                   cells.text(ws, "; ".join(habits) if chosen else ""), cells.WriteOnlyCell(ws, len(ctx.tools)),
                   cells.text(ws, ", ".join(uninvolved)), cells.number(ws, latest, '0"%"')]

    titled_table(ws, "Day in the life: how each workflow really runs", "Users shadowed, the mapped workflow, the chosen "
           "design and the habits it asks people to change (at most one is the aim), shadow IT and adoption.",
           ["Initiative", "Users shadowed", "Steps mapped", "Minutes end to end", "Chosen design",
            "Habits it changes", "Shadow-IT tools", "Builders not yet involved", "Adoption, latest week"],
           [28, 11, 9, 11, 26, 36, 10, 24, 12], rows())


def governance_sheet(ws: WriteOnlyWorksheet, contexts: Sequence[Picture], today: dt.date) -> None:
    def rows():
        for ctx in contexts:
            i = ctx.initiative
            phase = governance.phase_on(i.start_date, today)
            current = [item for item in ctx.checklist if item.phase == phase]
            last = ctx.checkins[-1] if ctx.checkins else None
            when = cells.WriteOnlyCell(ws, last.held_on) if last else None
            if when is not None:
                when.number_format = "yyyy-mm-dd"
            yield [cells.text(ws, i.name), cells.text(ws, phase or "not started"),
                   cells.text(ws, i.owner or "none named"),
                   cells.text(ws, "yes" if i.budget_authority else "NO"),
                   cells.text(ws, f"{sum(item.done for item in current)} of {len(current)}" if current else ""),
                   cells.WriteOnlyCell(ws, len(ctx.checkins)), when, cells.text(ws, last.status if last else ""),
                   cells.WriteOnlyCell(ws, len(ctx.levels)), cells.WriteOnlyCell(ws, len(ctx.rules))]

    titled_table(ws, "Governance: crawl, walk, run", "One owner who can spend, a weekly check-in, a clear escalation "
           f"path and at most {governance.MAX_CORE_RULES} core rules.",
           ["Initiative", "Phase", "Owner", "Budget authority", "This phase's checklist", "Check-ins",
            "Last check-in", "Its status", "Escalation levels", "Core rules"],
           [34, 12, 24, 16, 20, 11, 14, 11, 17, 11], rows())
