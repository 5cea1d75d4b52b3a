"""Step 3 page: the example's flow, adding a workflow step, recording a shadow session, habit warnings."""

from __future__ import annotations

from sprint.steps.outcomes import store as metrics
from sprint.steps.workflow import store as workflow_store
from sprint.ui import state
from tests.app.conftest import open_on as open_page
from tests.app.conftest import texts

PAGE = "app_pages/step3_workflow.py"


def open_on(app, name):
    return open_page(app, PAGE, name)


def test_the_sales_story(app, example_db):
    at, sales = open_on(app, "Sales pipeline assistant")
    dot = at.get("graphviz_chart")[0].proto.spec
    assert "WhatsApp deals group" in dot and "AI automates" in dot
    assert {m.label: m.value for m in at.metric}["Minutes end to end, before the AI"] == "115"
    at.segmented_control[0].set_value("Habits and shadow IT").run()
    assert "'Separate sales AI platform' asks people to change 2 habits" in texts(at, "warning")
    assert "'Inside the CRM' (chosen) asks for no habit changes." in texts(at, "success")
    assert "Not yet involved in the design: Tom Reyes, account executive, The sales managers" in texts(at, "warning")


def test_adding_a_step_and_tracking_the_time_in_step_5(app, example_db):
    at, sales = open_on(app, "Sales pipeline assistant")
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"actor": "Sales rep", "system": "Phone", "official": True, "minutes": "12", "ai_touch": "none"}]}
    at.run()
    at.button(key="save_steps").click().run()
    assert "Saved the workflow." in texts(at, "success")
    assert [s.system for s in workflow_store.list_steps(state.store(), sales.id)][-1] == "Phone"
    at.button(key="create_time_metric").click().run()
    assert not at.exception
    created = [m for m in metrics.list_metrics(state.store(), sales.id) if m.unit == "minutes"]
    assert [(m.baseline, m.target, m.direction) for m in created] == [(127, 72, "lower")]


def test_recording_a_shadow_session(app, example_db):
    at, routing = open_on(app, "Quality inspection vision")
    at.segmented_control[0].set_value("Shadow sessions").run()
    at.text_input(key="session_role").input("Van driver")
    next(b for b in at.button if b.label == "Save the session").click().run()
    assert "Saved the shadow session." in texts(at, "success")
    assert [s.person_role for s in workflow_store.list_sessions(state.store(), routing.id)] == ["Van driver"]
    at.text_input(key="session_role").input("")
    next(b for b in at.button if b.label == "Save the session").click().run()
    assert "say whose day you shadowed" in texts(at, "error")


def test_a_row_left_blank_is_ignored_when_saving_the_workflow(app, example_db):
    """A new row holds its column defaults (Official ticked, AI at none) until someone types in it: saving with
    such a row left at the bottom saves the typed rows and says nothing about the blank one."""
    at, sales = open_on(app, "Sales pipeline assistant")
    before = len(workflow_store.list_steps(state.store(), sales.id))
    editor = at.data_editor[0]
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": [], "added_rows": [
        {"activity": "Books the demo", "actor": "Sales rep", "system": "Calendar", "official": True, "minutes": "5",
         "ai_touch": "none"},
        {"official": True, "ai_touch": "none"}]}
    at.run()
    at.button(key="save_steps").click().run()
    assert "Saved the workflow." in texts(at, "success") and not texts(at, "error")
    steps = workflow_store.list_steps(state.store(), sales.id)
    assert len(steps) == before + 1 and steps[-1].activity == "Books the demo"
    assert "Books the demo" in at.get("graphviz_chart")[0].proto.spec


def test_without_any_ai_step_the_minutes_say_so_instead_of_a_red_zero(app, example_db):
    at, sales = open_on(app, "Sales pipeline assistant")
    editor = at.data_editor[0]
    steps = workflow_store.list_steps(state.store(), sales.id)
    at.session_state[editor.key] = {"edited_rows": {n: {"ai_touch": "none"} for n in range(len(steps))},
                                    "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_steps").click().run()
    minutes = next(m for m in at.metric if m.label == "Minutes end to end, before the AI")
    assert minutes.delta is None or minutes.delta == ""  # no "↑ 0 with the AI's automation" in red
    assert "No step uses the AI yet" in texts(at, "caption")
