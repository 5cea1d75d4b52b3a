"""Step 3: what the map tells you (systems, minutes, habits, shadow IT), the DOT drawing, and storage."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from sprint import audit
from sprint.errors import PermissionDenied, ValidationError
from sprint.permissions import Actor, Role
from sprint.steps.workflow import rules as workflow
from sprint.steps.workflow import store as workflow_store
from sprint.steps.workflow.rules import Step
from sprint.steps.workflow.store import Session
from tests.conftest import TODAY

STEPS = [Step("Sales rep", "CRM", True, 10, "", "suggests"), Step("Sales rep", "Excel sheet", False, 25, "", "automates"),
         Step("Manager", "WhatsApp", False, 15, "", "none"), Step("Manager", "excel sheet ", False, 30, "", "automates")]


def test_systems_minutes_and_the_time_baseline():
    uses = workflow.systems(STEPS)
    assert [(u.system, u.steps, u.minutes, u.workarounds) for u in uses] == [
        ("Excel sheet", 2, 55, 2), ("WhatsApp", 1, 15, 1), ("CRM", 1, 10, 0)]
    assert workflow.total_minutes(STEPS) == 80 and workflow.minutes_after_ai(STEPS) == 25


def test_more_than_one_habit_change_is_a_warning():
    checked = workflow.habit_check({"Separate platform": ["Log into a second platform", "Re-enter deals"],
                                    "Inside the CRM": [], "New button": ["Click a new button"]})
    assert "asks people to change 2 habits" in checked["Separate platform"]
    assert checked["Inside the CRM"] is None and checked["New button"] is None


def test_uninvolved_builders_are_named_once():
    tools = [("Macro", "Priya", True), ("Zap", "Tom", False), ("Bot", "tom ", False), ("Group", "", False)]
    assert workflow.uninvolved_builders(tools) == ["Tom"]


def test_the_flow_as_dot():
    dot = workflow.flow_dot(STEPS)
    assert dot.startswith("digraph workflow {") and dot.rstrip().endswith("}")
    assert [line.strip() for line in dot.splitlines() if "->" in line] == ["s1 -> s2;", "s2 -> s3;", "s3 -> s4;"]
    s2 = next(line for line in dot.splitlines() if line.strip().startswith("s2 ["))
    assert "dashed" in s2 and "bold" in s2 and "AI automates" in s2  # a workaround the AI touches
    s3 = next(line for line in dot.splitlines() if line.strip().startswith("s3 ["))
    assert "dashed" in s3 and "bold" not in s3 and 'color="#c43c24"' in s3
    s1 = next(line for line in dot.splitlines() if line.strip().startswith("s1 ["))
    s4 = next(line for line in dot.splitlines() if line.strip().startswith("s4 ["))
    fill = lambda line: line.split('fillcolor="')[1].split('"')[0]  # noqa: E731
    assert fill(s2) == fill(s4) != fill(s1)  # one colour per system, whatever its spelling


def test_names_cannot_break_out_of_a_dot_label():
    dot = workflow.flow_dot([Step('Rep"]; evil [label="x', "CRM \\", True, 5, "", "none")])
    line = next(line for line in dot.splitlines() if line.strip().startswith("s1 ["))
    # Read as DOT does: the label is one quoted string (escapes included) that ends right before the next attribute.
    label = re.match(r'\s*s1 \[label="((?:[^"\\]|\\.)*)", fillcolor=', line)
    assert label and 'Rep\\"]; evil [label=\\"x' in label.group(1)


def test_steps_are_checked_per_cell(store, facilitator, pilot):
    rows = [{"actor": "", "system": "CRM", "official": True, "minutes": "10", "pain_points": "", "ai_touch": "none"},
            {"actor": "Rep", "system": "", "official": False, "minutes": "-5", "pain_points": "", "ai_touch": "magic"},
            {"actor": None, "system": None, "official": True, "minutes": None, "pain_points": None, "ai_touch": None}]
    with pytest.raises(ValidationError) as caught:
        workflow_store.save_steps(store, facilitator, pilot.id, rows, [])
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(1, "Who does it"), (2, "System or tool"), (2, "Minutes"), (2, "AI")}
    good = [{**rows[0], "actor": "Rep"}, {"actor": "Rep", "system": "Excel", "official": False, "minutes": "12.5",
                                           "pain_points": "copy-paste", "ai_touch": "automates"}]
    saved = workflow_store.save_steps(store, facilitator, pilot.id, good, [])
    assert [(s.system, s.minutes, s.official) for s in saved] == [("CRM", 10, True), ("Excel", 12.5, False)]
    assert workflow_store.list_steps(store, pilot.id) == saved
    assert audit.entries(store, entity="workflow").iloc[0]["summary"] == "Saved the workflow: 2 entries"


def test_sessions_adoption_and_permissions(store, facilitator, pilot):
    with pytest.raises(ValidationError) as caught:
        workflow_store.add_session(store, facilitator, pilot, Session(TODAY + dt.timedelta(days=1), "", "", 0, ""),
                                   today=TODAY)
    assert {p.field for p in caught.value.problems} == {"held_on", "person_role", "hours"}
    workflow_store.add_session(store, facilitator, pilot, Session(TODAY, "Account executive", "Enterprise", 4, ""),
                               today=TODAY)
    assert len(workflow_store.list_sessions(store, pilot.id)) == 1
    for bad in ("150", "-3", "lots", ""):
        with pytest.raises(ValidationError):
            workflow_store.record_adoption(store, facilitator, pilot.id, TODAY, bad, today=TODAY)
    workflow_store.record_adoption(store, facilitator, pilot.id, TODAY, "19%", today=TODAY)
    workflow_store.record_adoption(store, facilitator, pilot.id, TODAY, "24", today=TODAY)  # same week: replaced
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    assert workflow_store.adoption(store, pilot.id) == [(monday, 24.0)]
    with pytest.raises(PermissionDenied):
        workflow_store.record_adoption(store, Actor("Vic", Role.VIEWER), pilot.id, TODAY, "30", today=TODAY)


def test_habits_and_shadow_it_lists(store, facilitator, pilot):
    with pytest.raises(ValidationError, match="which design"):
        workflow_store.save_habits(store, facilitator, pilot.id, [{"design": "", "habit": "Log in twice"}], [])
    workflow_store.save_habits(store, facilitator, pilot.id, [{"design": "Portal", "habit": "Log in twice"},
                                                              {"design": "Portal", "habit": "Re-enter deals"}], [])
    assert workflow_store.habits_by_design(workflow_store.habits(store, pilot.id)) == {
        "Portal": ["Log in twice", "Re-enter deals"]}
    tools = workflow_store.save_shadow_tools(store, facilitator, pilot.id,
                                             [{"tool": "Macro", "kind": "Excel", "builder": "Priya", "solves": "",
                                               "builder_involved": False}], [])
    assert tools[0].builder == "Priya" and not tools[0].builder_involved


def test_rows_left_blank_apart_from_their_defaults_are_ignored(store, facilitator, pilot):
    """A new table row starts 'Official' ticked and 'AI' at none; a row with only those was never typed in, even
    between typed rows, and problems name the row as the table shows it."""
    untouched = {"activity": None, "actor": None, "system": None, "official": True, "minutes": None,
                 "pain_points": None, "ai_touch": "none"}
    rows = [{**untouched, "activity": "Opens the invoice", "actor": "AP clerk", "system": "Outlook"},
            untouched, {**untouched, "official": False}, {**untouched, "ai_touch": None},
            {**untouched, "activity": "Keys it", "system": "ERP"}]
    with pytest.raises(ValidationError) as caught:
        workflow_store.save_steps(store, facilitator, pilot.id, rows, [])
    assert [(p.row, p.field) for p in caught.value.problems] == [(5, "Who does it")]
    rows[4]["actor"] = "AP clerk"
    saved = workflow_store.save_steps(store, facilitator, pilot.id, rows, [])
    assert [(s.activity, s.system) for s in saved] == [("Opens the invoice", "Outlook"), ("Keys it", "ERP")]
    assert workflow_store.list_steps(store, pilot.id) == saved
    dot = workflow.flow_dot(saved)
    assert "1. Opens the invoice" in dot and "AP clerk" in dot  # what happens leads the box, who does it below
    workflow_store.save_habits(store, facilitator, pilot.id, [{"design": None, "habit": "  "}], [])
    assert workflow_store.habits(store, pilot.id) == []
    workflow_store.save_shadow_tools(store, facilitator, pilot.id, [{"tool": None, "kind": None, "builder": None,
                                                                     "solves": None, "builder_involved": None}], [])
    assert workflow_store.shadow_tools(store, pilot.id) == []
