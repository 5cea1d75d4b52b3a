"""The snapshot's sheet per roadmap step (Scope, Workflow, Governance), from an export context that has
already read the initiative's data."""

from __future__ import annotations

import datetime as dt

from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from sprint import room
from sprint.snapshots import cells
from sprint.steps.compliance import bias
from sprint.steps.compliance import rules as compliance_catalog
from sprint.steps.compliance import store as compliance_store
from sprint.steps.governance import rules as governance
from sprint.steps.governance import store as governance_store
from sprint.steps.scope import rules as scope
from sprint.steps.workflow import rules as workflow
from sprint.store import Store


def _print(ws: WriteOnlyWorksheet, widths: list[float], title_rows: str | None = None,
           title_cols: str | None = None) -> None:

    cells.print_setup(ws, widths, title_rows=title_rows, title_cols=title_cols)


def scope_sheet(ws: WriteOnlyWorksheet, ctx) -> None:
    """Step 1: the features ranked by impact, the core above the line, what the cut buys."""
    widths = [7, 9, 36, 13, 13, 11, 11, 11, 11, 11, 30]
    cells.setup_sheet(ws, widths, "D4")
    _print(ws, widths, "3:3")
    cut = scope.summarize_cut(ctx.ranked, ctx.core)
    rule = scope.volume_rule_set([f.candidate() for f in ctx.features])
    ws.append([cells.text(ws, f"{cut.sentence} Loaded hourly rate ${ctx.initiative.hourly_rate:,.0f}.",
                          font=cells.BOLD) if ctx.features else cells.text(ws, "No features listed yet.")])
    ws.append([cells.text(ws, f"The smallest set covering 80% of the volume has {len(rule)} features." if rule
                          else "The volume shares listed don't reach 80% together.")])
    ws.append(cells.header(ws, ["Rank", "Phase", "Feature", "Impact / month", "$ saved / month", "Hours / week",
                                "Volume %", "Cumulative value", "Cumulative volume", "Effort", "Notes"]))
    by_id = {f.id: f for f in ctx.features}
    for r in ctx.ranked:
        f = by_id[r.candidate.key]
        core = r.candidate.key in ctx.core
        row = [cells.WriteOnlyCell(ws, r.rank), cells.text(ws, "core" if core else "phase 2", font=cells.BOLD if core else None),
               cells.text(ws, f.name, font=cells.BOLD if core else None),
               cells.number(ws, r.impact, '"$"#,##0'), cells.number(ws, f.dollars_per_month, '"$"#,##0'),
               cells.number(ws, f.hours_per_week, "0.0#"), cells.number(ws, f.volume_share, '0.0#"%"'),
               cells.number(ws, r.cumulative_value_pct / 100, "0%"), cells.number(ws, r.cumulative_volume_pct / 100, "0%"),
               cells.text(ws, f.effort), cells.text(ws, f.notes, wrap=bool(f.notes))]
        ws.append(row)


COMPLIANCE_COLUMNS = ["Framework", "Obligation", "Duty (our summary)", "Level", "Applies from", "Status", "Due",
                      "Evidence", "Why it applies", "Applies to (and who is outside)", "Enforcement", "Caveat",
                      "Source", "Source checked", "Citation"]


def compliance_sheet(ws: WriteOnlyWorksheet, ctx, today: dt.date) -> None:
    """Step 2: the obligations that apply (sourced, dated, with when they take effect, who they cover and who is
    outside them, each one's enforcement and any caveat), their status and evidence; a stay of enforcement said
    above the table; the data register."""
    widths = [20, 30, 42, 14, 16, 12, 11, 30, 32, 40, 40, 32, 28, 12, 20]
    cells.setup_sheet(ws, widths, "A6")
    _print(ws, widths, "5:5", "A:B")
    ws.append([cells.text(ws, "Compliance: " + "; ".join(f"{st.framework} {st.label()}" for st in ctx.standing),
                          font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, compliance_catalog.NOT_LEGAL_ADVICE)])
    overdue, soon = ctx.deadlines
    ws.append([cells.text(ws, f"{len(overdue)} overdue, {len(soon)} due within 14 days (an obligation not yet in "
                              "force is due by the day it takes effect).", font=cells.BOLD)])
    applicable = [a for a in ctx.applicability if a.applies]
    stays = dict.fromkeys(a.obligation.stay for a in applicable if a.obligation.stay)
    ws.append([cells.text(ws, "Enforcement stayed: " + " ".join(stays), font=cells.BOLD) if stays else None])
    ws.append(cells.header(ws, COMPLIANCE_COLUMNS))
    for a in applicable:
        o, status = a.obligation, ctx.statuses.get(a.obligation.id, compliance_store.Status())
        due = cells.WriteOnlyCell(ws, status.due) if status.due else None
        if due is not None:
            due.number_format = "yyyy-mm-dd"
        as_of = cells.WriteOnlyCell(ws, o.as_of)
        as_of.number_format = "yyyy-mm-dd"
        later = not o.in_force(today)
        enforcement = (o.enforcement or "Not stated in the sources read for this record.") + (
            " Stayed for now (see row 4)." if o.stay else "")
        ws.append([cells.text(ws, o.framework), cells.text(ws, o.title), cells.text(ws, o.duty, wrap=True),
                   cells.text(ws, a.level), cells.text(ws, o.applies_from(today), font=cells.BOLD if later else None),
                   cells.text(ws, status.status), due, cells.text(ws, status.evidence or status.na_reason, wrap=True),
                   cells.text(ws, a.why, wrap=True), cells.text(ws, o.applies_to, wrap=True),
                   cells.text(ws, enforcement, wrap=True), cells.text(ws, o.caveat, wrap=bool(o.caveat)),
                   cells.text(ws, o.source), as_of, cells.text(ws, o.citation)])
    ws.append([])
    ws.append(cells.header(ws, ["Register", "Name", "Owner", "Personal data", "Categories", "Person reviews",
                                "Consequential", "Retention"]))
    for e in ctx.register:
        ws.append([cells.text(ws, e.kind), cells.text(ws, e.name), cells.text(ws, e.owner),
                   cells.text(ws, "yes" if e.personal_data else "no"), cells.text(ws, e.categories),
                   cells.text(ws, "yes" if e.human_review else ("NO" if e.consequential else "no")),
                   cells.text(ws, "yes" if e.consequential else "no"), cells.text(ws, e.retention)])
    if ctx.bias:
        ws.append([])
        at, attribute, _, summary = ctx.bias[0]
        ws.append([cells.text(ws, f"Latest bias screen ({attribute}, {at:%Y-%m-%d}): {summary}", font=cells.BOLD)])
        ws.append([cells.text(ws, bias.CAVEAT)])


def workflow_sheet(ws: WriteOnlyWorksheet, ctx) -> None:
    """Step 3: shadow sessions, the workflow as it really runs, systems touched, habits, shadow IT, adoption."""
    widths = [8, 30, 24, 26, 14, 12, 44, 14]
    cells.setup_sheet(ws, widths, "A4")
    _print(ws, widths)
    ws.append([cells.text(ws, f"Day in the life: {len(ctx.sessions)} of {workflow.SHADOW_TARGET} users shadowed, "
                              f"{len(ctx.steps)} steps, {workflow.total_minutes(ctx.steps):g} minutes end to end",
                          font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, f"Chosen design: {ctx.initiative.chosen_design or 'not chosen yet'}")])
    ws.append(cells.header(ws, ["Step", "What happens", "Who does it", "System or tool", "Official", "Minutes",
                                "Pain points", "AI"]))
    for n, step in enumerate(ctx.steps, start=1):
        ws.append([cells.WriteOnlyCell(ws, n), cells.text(ws, step.activity, wrap=True), cells.text(ws, step.actor),
                   cells.text(ws, step.system),
                   cells.text(ws, "official" if step.official else "workaround"), cells.number(ws, step.minutes, "0"),
                   cells.text(ws, step.pain_points, wrap=True), cells.text(ws, step.ai_touch)])
    ws.append([])
    ws.append(cells.header(ws, ["", "System", "Steps", "Minutes", "Workarounds"]))
    for use in workflow.systems(ctx.steps):
        ws.append([None, cells.text(ws, use.system), cells.WriteOnlyCell(ws, use.steps),
                   cells.number(ws, use.minutes, "0"), cells.WriteOnlyCell(ws, use.workarounds)])
    ws.append([])
    ws.append(cells.header(ws, ["", "Design", "Habits it asks people to change", "The room's habit check"]))
    designs = [*ctx.habits, *(d for d in ctx.habit_checks if d not in ctx.habits)]
    if ctx.initiative.chosen_design and ctx.initiative.chosen_design not in designs:
        designs.append(ctx.initiative.chosen_design)
    for design in designs:
        check = ctx.habit_checks.get(design)
        said = (f"{room.habit_count_text(check.habits)} in the middle of {check.people} "
                f"({check.spread()}), {check.checked_at:%Y-%m-%d}" if check else "")
        ws.append([None, cells.text(ws, design), cells.text(ws, "; ".join(ctx.habits.get(design, [])) or "none",
                                                            wrap=True), cells.text(ws, said, wrap=True)])
    ws.append([])
    ws.append(cells.header(ws, ["", "Shadowed", "Team", "Date", "Hours", "Notes"]))
    for session in ctx.sessions:
        when = cells.WriteOnlyCell(ws, session.held_on)
        when.number_format = "yyyy-mm-dd"
        ws.append([None, cells.text(ws, session.person_role), cells.text(ws, session.team), when,
                   cells.number(ws, session.hours, "0.0"), cells.text(ws, session.notes, wrap=True)])
    ws.append([])
    ws.append(cells.header(ws, ["", "Shadow-IT tool", "Kind", "Builder", "Involved", "What it solves"]))
    for tool in ctx.tools:
        ws.append([None, cells.text(ws, tool.tool), cells.text(ws, tool.kind), cells.text(ws, tool.builder),
                   cells.text(ws, "yes" if tool.builder_involved else "NOT YET"), cells.text(ws, tool.solves, wrap=True)])
    ws.append([])
    ws.append(cells.header(ws, ["", "Adoption, week of", "Share of target users"]))
    for week, share in ctx.adoption:
        when = cells.WriteOnlyCell(ws, week)
        when.number_format = "yyyy-mm-dd"
        ws.append([None, when, cells.number(ws, share, '0"%"')])


def governance_sheet(ws: WriteOnlyWorksheet, store: Store, ctx, today: dt.date) -> None:
    """Step 4: the phase, the owner, the checklists, the check-in log, the escalation path, the rules, the exit."""
    i = ctx.initiative
    widths = [26, 44, 20, 14, 30, 30, 12]
    cells.setup_sheet(ws, widths, None)
    _print(ws, widths)
    phase = governance.phase_on(i.start_date, today)
    starts = governance.phase_starts(i.start_date)
    ws.append([cells.text(ws, f"Governance: {phase or 'not started'}", font=cells.TITLE_FONT)])
    ws.append([cells.text(ws, "  ".join(f"{p.capitalize()} from {d:%d %b %Y}." for p, d in starts.items()))])
    ws.append([])
    ws.append(cells.header(ws, ["Owner", "Role", "Budget authority", "Amount"]))
    ws.append([cells.text(ws, i.owner or "none named"), cells.text(ws, i.owner_role),
               cells.text(ws, "yes" if i.budget_authority else "NO: a red flag"),
               cells.number(ws, i.budget_amount, '"$"#,##0') if i.budget_authority else None])
    ws.append([])
    ws.append(cells.header(ws, ["Phase", "Checklist item", "Done", "By", "When"]))
    for item in governance_store.checklist(store, i.id):
        ws.append([cells.text(ws, item.phase), cells.text(ws, item.label), cells.text(ws, "done" if item.done else "open"),
                   cells.text(ws, item.done_by), cells.text(ws, item.done_at.strftime("%Y-%m-%d") if item.done_at else None)])
    ws.append([])
    checkins = governance_store.list_checkins(store, i.id)
    rhythm = governance.rhythm([(c.held_on, c.minutes) for c in checkins], today)
    ws.append([cells.text(ws, f"Weekly check-ins: {len(checkins)} logged, a streak of {rhythm.streak} week(s), "
                              f"{len(rhythm.missed)} missed" + (f", {rhythm.average_minutes:.0f} minutes on average"
                                                                if rhythm.average_minutes else ""), font=cells.BOLD)])
    ws.append(cells.header(ws, ["Date", "Decisions", "Status", "Minutes", "Blockers", "Attendees", "Escalated"]))
    for c in checkins:
        when = cells.WriteOnlyCell(ws, c.held_on)
        when.number_format = "yyyy-mm-dd"
        ws.append([when, cells.text(ws, c.decisions, wrap=True), cells.text(ws, c.status),
                   cells.number(ws, c.minutes, "0"), cells.text(ws, c.blockers, wrap=True), cells.text(ws, c.attendees),
                   cells.text(ws, "yes" if c.escalated else "")])
    ws.append([])
    ws.append(cells.header(ws, ["Escalation level", "Who", "How to reach them", "", "When to escalate"]))
    for level in governance_store.list_levels(store, i.id):
        ws.append([cells.WriteOnlyCell(ws, level.level), cells.text(ws, level.who), cells.text(ws, level.contact), None,
                   cells.text(ws, level.trigger, wrap=True)])
    ws.append([])
    rules = governance_store.list_rules(store, i.id)
    warning = governance.rules_warning(len(rules))
    ws.append(cells.header(ws, ["Core rule", "Rule", "", "", "Trigger for adding more"]))
    for n, (rule, trigger) in enumerate(rules, start=1):
        ws.append([cells.WriteOnlyCell(ws, n), cells.text(ws, rule, wrap=True), None, None, cells.text(ws, trigger, wrap=True)])
    if warning:
        ws.append([cells.text(ws, warning)])
    ws.append([])
    exit_ = governance_store.vendor_exit(store, i.id)
    ws.append(cells.header(ws, ["Vendor exit", "Answer"]))
    for label, value in (("Open standards", exit_.open_standards), ("Documented", exit_.documented),
                         ("Can export all data today", exit_.data_portable)):
        ws.append([cells.text(ws, label), cells.text(ws, "yes" if value else "no")])
    for label, value in (("Pilot price / month", exit_.pilot_price), ("Production price / month", exit_.production_price),
                         ("Exit cost", exit_.exit_cost)):
        ws.append([cells.text(ws, label), cells.number(ws, value, '"$"#,##0')])
    for text in governance.vendor_warnings(exit_.pilot_price, exit_.production_price, exit_.open_standards,
                                           exit_.documented, exit_.data_portable):
        ws.append([cells.text(ws, text)])
