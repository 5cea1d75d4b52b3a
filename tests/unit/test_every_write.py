"""Every write in `sprint` x every role: allowed or refused inside `sprint` whatever the screen shows, and when
allowed, the audit log names the real person. A department head is also tried on another department's data.

The writes are found by the test (every public function taking `(store, actor, ...)`), so a new write without
a case here fails `test_every_write_has_a_case`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import inspect
import pkgutil
import shutil

import pytest

import sprint
from sprint import initiatives, room
from sprint.access import codes as access
from sprint.access import sign_on
from sprint.errors import PermissionDenied
from sprint.example import build as example
from sprint.importing import profiles
from sprint.permissions import Actor, Role
from sprint.plan import store as plan_store
from sprint.snapshots import export_workbook
from sprint.snapshots import restore as restoring
from sprint.steps.compliance import store as compliance_store
from sprint.steps.compliance.rules import Profile
from sprint.steps.governance import risks
from sprint.steps.governance import store as governance_store
from sprint.steps.governance.store import Checkin
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.steps.scope import store as features
from sprint.steps.workflow import store as workflow_store
from sprint.steps.workflow.store import Session
from sprint.store import Store
from tests.conftest import TODAY

FAC = Actor("Fran Facilitator", Role.FACILITATOR)
HEAD = Actor("Hal Head", Role.DEPARTMENT_HEAD, frozenset({"Customer Support"}))
VIEWER = Actor("Vic Viewer", Role.VIEWER)
SUPPORT = "Support ticket assistant"


class Ctx:
    def __init__(self, store: Store):
        self.store = store
        self.initiative = next(i for i in initiatives.list_all(store) if i.name == SUPPORT)
        self.id = self.initiative.id
        mine = metrics.list_metrics(store, self.id, "Customer Support")
        self.metric = mine[0]
        self.other_metric = metrics.list_metrics(store, self.id, "Finance")[0]

    def month(self) -> int:
        return max(actuals.open_months(self.initiative, TODAY))


def _entry(ctx: Ctx, metric) -> tuple:
    month = ctx.month()
    shown = actuals.month_values(ctx.store, [metric.id], month)
    value = shown.get(metric.id)
    new = (value or 1) * 1.01
    return month, {metric.id: str(round(new, 4))}, {metric.id: value}


def _save_month(ctx: Ctx, actor: Actor, metric) -> None:
    month, typed, shown = _entry(ctx, metric)
    actuals.save_month(ctx.store, actor, ctx.initiative, metric.department, month, typed, shown, today=TODAY,
                       confirm_jumps=True)


def _metric_update(ctx: Ctx, actor: Actor, metric) -> None:
    draft = dataclasses.replace(metric.draft(), target=metric.target * 0.99)
    metrics.update(ctx.store, actor, metric.id, draft, expected_version=metric.version)


def _import_metrics(ctx: Ctx, actor: Actor, department: str) -> None:
    from sprint import importing

    text = f"Department,Metric,Baseline,Target,Month 1\n{department},Imported metric,10,5,8\n"
    plan = importing.make_plan(ctx.store, importing.open_source(text.encode(), "kpis.csv"), initiative_id=ctx.id,
                               today=TODAY)
    assert plan.ok, plan.problems
    importing.commit(ctx.store, actor, plan, today=TODAY)


def _restore(ctx: Ctx, actor: Actor) -> None:
    data = export_workbook(ctx.store, ctx.id, exported_by="test", today=TODAY, now=dt.datetime(2026, 3, 10, 9))
    snapshot = restoring.read_snapshot(data, "snap.xlsx")
    restoring.restore(ctx.store, actor, snapshot, on_clash=restoring.KEEP_BOTH, today=TODAY)


def _with_passcode(ctx: Ctx) -> int:
    return access.add_code(ctx.store, FAC, Role.FACILITATOR, "facilitate-2026")


def _features(ctx: Ctx, actor: Actor) -> None:
    shown = {f.id: f for f in features.list_features(ctx.store, ctx.id)}
    rows = [features.RowInput(f.id, {"name": f.name, "dollars_per_month": f.dollars_per_month + (i == 0),
                                     "hours_per_week": f.hours_per_week, "volume_share": f.volume_share,
                                     "effort": f.effort, "notes": f.notes})
            for i, f in enumerate(shown.values())]
    features.save_features(ctx.store, actor, ctx.id, rows, shown)


def _question(ctx: Ctx) -> int:
    return room.open_question(ctx.store, FAC, ctx.id, room.FEATURES)


def _answered(ctx: Ctx) -> int:
    question = _question(ctx)
    room.answer(ctx.store, FAC, question, {"feature": "A feature nobody listed yet", "hours": "3"})
    return question


def _as_rows(items) -> list[dict]:
    return [dataclasses.asdict(i) if dataclasses.is_dataclass(i) else dict(zip(("rule", "trigger"), i, strict=True))
            for i in items]


# name -> (write, scoped to a department?). `write(ctx, actor, own)`: own=False tries another department.
CASES = {
    "access.codes.add_code": (lambda c, a, own: access.add_code(c.store, a, Role.FACILITATOR, "facilitate-2026"), False),
    "access.codes.revoke_code": (lambda c, a, own: access.revoke_code(c.store, a, _with_passcode(c)), False),
    "access.sign_on.set_person": (lambda c, a, own: sign_on.set_person(c.store, a, "sam@acme.test", Role.VIEWER, []), False),
    "access.sign_on.remove_person": (lambda c, a, own: (sign_on.set_person(c.store, FAC, "sam@acme.test", Role.VIEWER, []),
                                                sign_on.remove_person(c.store, a, "sam@acme.test")), False),
    "access.sign_on.set_unknown_people": (lambda c, a, own: sign_on.set_unknown_people(c.store, a, sign_on.UNKNOWN_NONE),
                                  False),
    "steps.outcomes.actuals.save_month": (lambda c, a, own: _save_month(c, a, c.metric if own else c.other_metric), True),
    "steps.compliance.store.save_profile": (lambda c, a, own: compliance_store.save_profile(
        c.store, a, c.id, Profile(sectors=("government",), locations=("Texas",)), "help@acme.test"), False),
    "steps.compliance.store.set_statuses": (lambda c, a, own: compliance_store.set_statuses(
        c.store, a, c.id, {"co-24-205-risk-program": compliance_store.Status("in progress", "Legal")}), False),
    "steps.compliance.store.save_register": (lambda c, a, own: compliance_store.save_register(
        c.store, a, c.id, [*_as_rows(compliance_store.register(c.store, c.id)),
                           {"name": "CRM export", "kind": "data source"}],
        compliance_store.register(c.store, c.id)), False),
    "steps.compliance.store.run_bias_screen": (lambda c, a, own: compliance_store.run_bias_screen(
        c.store, a, c.id, "age band", [("under 40", 50, 30), ("40 and over", 50, 28)]), False),
    "steps.compliance.store.save_notice": (lambda c, a, own: compliance_store.save_notice(
        c.store, a, c.id, "web", "This service uses AI to suggest answers; a person reviews them."), False),
    "example.build.load_example": (lambda c, a, own: example.load_example(c.store, a, today=TODAY), False),
    "steps.scope.store.save_features": (lambda c, a, own: _features(c, a), False),
    "room.questions.open_question": (lambda c, a, own: room.open_question(c.store, a, c.id, room.FEATURES), False),
    "room.questions.answer": (lambda c, a, own: room.answer(c.store, a, _question(c), {"feature": "Read", "dollars": "5"}),
                    False),
    "room.questions.hide": (lambda c, a, own: room.hide(c.store, a, _answered(c), FAC.name), False),
    "room.questions.close": (lambda c, a, own: room.close(c.store, a, _question(c)), False),
    "room.accepting.accept": (lambda c, a, own: room.accept(c.store, a, _answered(c)), False),
    "steps.scope.store.apply_cut": (lambda c, a, own: features.apply_cut(c.store, a, c.initiative, 2), False),
    "steps.scope.store.move": (lambda c, a, own: features.move(c.store, a, features.list_features(c.store, c.id)[0].id,
                                                      "phase 2"), False),
    "steps.governance.store.tick": (lambda c, a, own: governance_store.tick(c.store, a, c.id, "walk",
                                                                      "Monthly performance reviews", True), False),
    "steps.governance.store.add_item": (lambda c, a, own: governance_store.add_item(c.store, a, c.id, "crawl",
                                                                              "A named data steward"), False),
    "steps.governance.store.log_checkin": (lambda c, a, own: governance_store.log_checkin(
        c.store, a, c.initiative, Checkin(TODAY, 15, "Dana", "green", "", "", False), today=TODAY,
        second_meeting=True), False),
    "steps.governance.store.save_levels": (lambda c, a, own: governance_store.save_levels(
        c.store, a, c.id, [*_as_rows(governance_store.list_levels(c.store, c.id)),
                           {"level": 9, "who": "CFO", "contact": "cfo@acme.test", "trigger": "budget"}],
        governance_store.list_levels(c.store, c.id)), False),
    "steps.governance.store.save_rules": (lambda c, a, own: governance_store.save_rules(
        c.store, a, c.id, [{"rule": "No customer data leaves the EU", "trigger": "a new vendor"}],
        governance_store.list_rules(c.store, c.id)), False),
    "steps.governance.risks.save_risks": (lambda c, a, own: risks.save_risks(
        c.store, a, c.id, [{"title": "Vendor raises prices", "likelihood": 3, "impact": 4, "owner": "Dana",
                            "status": "open"}], risks.list_risks(c.store, c.id)), False),
    "steps.governance.store.save_vendor_exit": (lambda c, a, own: governance_store.save_vendor_exit(
        c.store, a, c.id, open_standards=True, documented=True, data_portable=False, pilot_price="2000",
        production_price="9000", exit_cost="15000", notes="checked"), False),
    "initiatives.create": (lambda c, a, own: initiatives.create(c.store, a, initiatives.InitiativeDraft(
        "Another pilot", TODAY), today=TODAY), False),
    "initiatives.update": (lambda c, a, own: initiatives.update(
        c.store, a, c.id, dataclasses.replace(c.initiative.draft(), owner="Someone else"),
        expected_version=c.initiative.version, today=TODAY), False),
    "initiatives.set_archived": (lambda c, a, own: initiatives.set_archived(
        c.store, a, c.id, True, expected_version=c.initiative.version), False),
    "initiatives.set_figures": (lambda c, a, own: initiatives.set_figures(
        c.store, a, c.id, expected_version=c.initiative.version, hourly_rate=75.0), False),
    "initiatives.set_investment": (lambda c, a, own: initiatives.set_investment(
        c.store, a, c.id, one_off_cost=1.0, monthly_cost=2.0, expected_version=c.initiative.version), False),
    "initiatives.set_owner": (lambda c, a, own: initiatives.set_owner(
        c.store, a, c.id, name="Pat", role="COO", budget_authority=True, budget_amount=5000.0,
        expected_version=c.initiative.version), False),
    "initiatives.set_roi_statement": (lambda c, a, own: initiatives.set_roi_statement(
        c.store, a, c.id, "Cut the cost per ticket from $12 to $3 by June.", expected_version=c.initiative.version,
        today=TODAY), False),
    "lists.replace_list": (lambda c, a, own: governance_store.save_rules(
        c.store, a, c.id, [{"rule": "Log every override", "trigger": "an audit finding"}],
        governance_store.list_rules(c.store, c.id)), False),
    "steps.outcomes.store.create": (lambda c, a, own: metrics.create(c.store, a, c.id, metrics.MetricDraft(
        "Refund cost", "Customer Support" if own else "Finance", "$", "lower", 10, 5)), True),
    "steps.outcomes.store.update": (lambda c, a, own: _metric_update(c, a, c.metric if own else c.other_metric), True),
    "steps.outcomes.store.archive": (lambda c, a, own: metrics.archive(c.store, a, (c.metric if own else c.other_metric).id,
                                                          expected_version=(c.metric if own else c.other_metric)
                                                          .version), True),
    "plan.store.tick": (lambda c, a, own: plan_store.tick(c.store, a, c.id, "days 31-60",
                                                          "Run parallel tests with real users", True), False),
    "plan.store.record_launch": (lambda c, a, own: plan_store.record_launch(c.store, a, c.id, TODAY, "12",
                                                                            today=TODAY), False),
    "plan.store.set_org_figures": (lambda c, a, own: plan_store.set_org_figures(c.store, a, {"pilots_total": 40.0}),
                                   False),
    "snapshots.restore.restore": (lambda c, a, own: _restore(c, a), False),
    "steps.workflow.store.add_session": (lambda c, a, own: workflow_store.add_session(
        c.store, a, c.initiative, Session(TODAY, "Agent", "Tier 1", 4.0, "notes"), today=TODAY), False),
    "steps.workflow.store.save_steps": (lambda c, a, own: workflow_store.save_steps(
        c.store, a, c.id, [*_as_rows(workflow_store.list_steps(c.store, c.id)),
                           {"actor": "Agent", "system": "Excel", "official": False, "minutes": 5,
                            "pain_points": "", "ai_touch": "none"}],
        workflow_store.list_steps(c.store, c.id)), False),
    "steps.workflow.store.save_habits": (lambda c, a, own: workflow_store.save_habits(
        c.store, a, c.id, [*({"design": d, "habit": h} for d, h in workflow_store.habits(c.store, c.id)),
                           {"design": "Inline suggestions", "habit": "Reads a suggestion first"}],
        workflow_store.habits(c.store, c.id)), False),
    "steps.workflow.store.save_shadow_tools": (lambda c, a, own: workflow_store.save_shadow_tools(
        c.store, a, c.id, [*_as_rows(workflow_store.shadow_tools(c.store, c.id)),
                           {"tool": "Macro sheet", "kind": "spreadsheet", "builder": "Lee", "solves": "triage",
                            "builder_involved": False}],
        workflow_store.shadow_tools(c.store, c.id)), False),
    "steps.workflow.store.record_adoption": (lambda c, a, own: workflow_store.record_adoption(c.store, a, c.id, TODAY, "33",
                                                                                       today=TODAY), False),
    "steps.workflow.store.choose_design": (lambda c, a, own: workflow_store.choose_design(c.store, a, c.initiative,
                                                                                    "Side panel"), False),
    "importing.committing.commit": (lambda c, a, own: _import_metrics(c, a, "Customer Support" if own else "Finance"), True),
    "importing.profiles.save_profile": (lambda c, a, own: profiles.save_profile(c.store, a, "Monthly pack", ["Metric", "Target"],
                                                                      profiles.Mapping("metrics_wide", {}, {})),
                              False),
}
# Who may: facilitators everything; department heads their own department's metric data and import profiles.
HEAD_MAY = {name for name, (_, scoped) in CASES.items() if scoped} | {"importing.profiles.save_profile", "room.questions.answer"}
VIEWER_MAY = {"room.questions.answer"}  # anyone in the room answers its question


def _writes_in_sprint() -> set[str]:
    found = set()
    for info in pkgutil.walk_packages(sprint.__path__, "sprint."):
        if ".ui" in info.name or info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or name.startswith("_"):
                continue
            params = list(inspect.signature(func).parameters)
            if params[:2] == ["store", "actor"]:
                found.add(f"{module.__name__.removeprefix('sprint.')}.{name}")  # steps.scope.store.save_features
    return found


def test_every_write_has_a_case():
    assert _writes_in_sprint() == set(CASES)


@pytest.fixture(scope="module")
def example_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("template") / "example.build.duckdb"
    with Store(path) as store:
        example.load_example(store, FAC, today=TODAY)
    return path


def _ctx(example_file, tmp_path, name) -> Ctx:
    path = tmp_path / "db.duckdb"
    if name == "example.build.load_example":
        store = Store(path)  # the example loads into an empty database
        initiatives.create(store, FAC, initiatives.InitiativeDraft(SUPPORT + " (mine)", TODAY), today=TODAY)
        return type("EmptyCtx", (), {"store": store})()
    shutil.copy(example_file, path)
    shutil.copy(example_file.with_name(example_file.name + ".audit-key"), path.with_name(path.name + ".audit-key"))
    return Ctx(Store(path))


ROWS = [(name, actor, own, expected)
        for name, (_, scoped) in sorted(CASES.items())
        for actor, own, expected in [(FAC, True, True), (VIEWER, True, name in VIEWER_MAY),
                                     (HEAD, True, name in HEAD_MAY),
                                     *([(HEAD, False, False)] if scoped else [])]]


@pytest.mark.parametrize(("name", "actor", "own", "expected"), ROWS,
                         ids=[f"{n}-{a.role}{'' if o else '-other-department'}" for n, a, o, _ in ROWS])
def test_write_by_role(example_file, tmp_path, name, actor, own, expected):
    ctx = _ctx(example_file, tmp_path, name)
    write, _ = CASES[name]
    before = ctx.store.last_change()
    try:
        if expected:
            write(ctx, actor, own)
            rows = ctx.store.fetch_all("SELECT actor FROM audit_log WHERE seq > ? ORDER BY seq", [before])
            assert rows, f"{name} wrote no audit entry"
            assert rows[-1][0] == actor.name
        else:
            with pytest.raises(PermissionDenied, match=actor.name):
                write(ctx, actor, own)
            # (a case may first set something up as the facilitator; nothing is recorded for the refused person)
            assert ctx.store.fetch_one("SELECT count(*) FROM audit_log WHERE seq > ? AND actor = ?",
                                       [before, actor.name])[0] == 0
    finally:
        ctx.store.close()
