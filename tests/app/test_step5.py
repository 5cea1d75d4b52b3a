"""Step 5 page: the dashboard, monthly entry (a rejected cell, a confirmed 3x jump) and metric set-up."""

from __future__ import annotations

from sprint import actuals, initiatives, metrics
from sprint.dates import today_utc
from sprint.permissions import Actor, Role
from sprint.ui import state
from tests.app.conftest import texts

PAGE = "app_pages/step5_metrics.py"


def open_page(app):
    at = app()
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    return at


def current(at):
    return initiatives.get(state.store(), at.sidebar.selectbox[0].value)


def choose_initiative(at, name):
    box = at.sidebar.selectbox[0]
    target = next(i.id for i in initiatives.list_all(state.store()) if i.name == name)
    box.set_value(target).run()
    assert not at.exception


def test_without_an_initiative_it_points_to_the_overview(app):
    at = open_page(app)
    assert "Create an initiative" in texts(at, "info")


def test_the_dashboard_shows_status_roi_and_the_pilot_metric_flag(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Support ticket assistant")
    figures = {m.label: m.value for m in at.metric}
    assert figures["On track"] == "4 of 6" and figures["Off track"] == "1" and figures["ROI to date"] == "-42%"
    table = at.dataframe[0].value
    assert table.set_index("Metric").loc["Compliance incidents ↓", "Status"] == "off track"
    # On screen, status and progress sit beside the name (visible on a 1280-pixel projector); months follow.
    shown = list(at.dataframe[0].proto.column_order)
    assert shown[:4] == ["Department", "Metric", "Status", "Progress"] and shown[-1] == "Target"
    assert "'Model accuracy' measures the model, not the business" in texts(at, "caption")
    assert len(at.get("vega_lite_chart")) == 3  # gap closed, ROI, one metric


def _entry(at, department):
    at.segmented_control[0].set_value("Monthly entry").run()
    at.selectbox(key="department").set_value(department).run()
    initiative = current(at)
    month = at.selectbox(key="entry_month").value
    return initiative, month, f"entry_{initiative.id}_{department}_{month}_0"


def test_a_cell_that_is_not_a_number_is_refused_by_name(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Delivery route planner")
    initiative, month, key = _entry(at, "Operations")
    before = actuals.actuals_by_metric(state.store(), initiative.id)
    at.session_state[key] = {"edited_rows": {0: {"This month": "lots"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_month").click().run()
    assert not at.exception
    error = texts(at, "error")
    assert "Deliveries planned automatically" in error and "lots" in error and "is not a number" in error
    assert actuals.actuals_by_metric(state.store(), initiative.id) == before


def test_a_3x_jump_is_saved_only_after_confirmation(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Delivery route planner")
    initiative, month, key = _entry(at, "Operations")
    savings = next(m for m in metrics.list_metrics(state.store(), initiative.id) if m.name == "Monthly savings")
    at.session_state[key] = {"edited_rows": {1: {"This month": "$150k"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_month").click().run()
    assert "moved more than 3x" in texts(at, "warning") and "4.2x" in texts(at, "warning")
    assert actuals.actuals_by_metric(state.store(), initiative.id)[savings.id][month] == 47000
    at.button(key="confirm_jumps").click().run()
    assert not at.exception
    assert "Saved Month 3" in texts(at, "success") and "for Operations: 1 value" in texts(at, "success")
    assert actuals.actuals_by_metric(state.store(), initiative.id)[savings.id][month] == 150000


def test_the_department_is_remembered_from_the_bookmark(app, example_db):
    at = app()
    at.run()
    choose_initiative(at, "Invoice processing")
    at.query_params["department"] = "Accounts Payable"
    at.switch_page(PAGE).run()
    at.segmented_control[0].set_value("Monthly entry").run()
    assert at.selectbox(key="department").value == "Accounts Payable"
    assert list(at.data_editor[0].value["Metric"]) == ["Processing time", "Error rate"]


def test_adding_a_metric_and_refusing_a_bad_baseline(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Sales pipeline assistant")
    at.segmented_control[0].set_value("Set up metrics").run()
    initiative = current(at)
    key = f"new_metric_{initiative.id}_0"
    at.text_input(key=f"{key}_name").input("Deals updated by the assistant")
    at.selectbox(key=f"{key}_department").set_value("Sales")
    at.selectbox(key=f"{key}_unit").set_value("%")
    at.text_input(key=f"{key}_baseline").input("zero")
    at.text_input(key=f"{key}_target").input("60%")
    at.radio(key=f"{key}_direction").set_value("higher")
    at.button(key=f"{key}_submit").click().run()
    assert "**Baseline**: 'zero' is not a number" in texts(at, "error")
    assert len(metrics.list_metrics(state.store(), initiative.id)) == 1
    at.text_input(key=f"{key}_baseline").input("0")
    at.button(key=f"{key}_submit").click().run()
    assert not at.exception
    assert "Saved 'Deals updated by the assistant' for Sales." in texts(at, "success")
    added = [m for m in metrics.list_metrics(state.store(), initiative.id) if m.name.startswith("Deals")]
    assert [(m.baseline, m.target, m.direction, m.unit) for m in added] == [(0, 60, "higher", "%")]


def test_cached_dashboard_objects_are_not_changed_by_drawing_them(app, example_db):
    import copy

    from sprint.ui import metric_dashboard

    at = open_page(app)
    initiative = current(at)
    key = (str(example_db), initiative.id, None, state.store().last_change(), today_utc(), 1.0)
    bundle = metric_dashboard._bundle(*key)
    snapshot = copy.deepcopy({k: v for k, v in bundle.items() if k != "table"}), bundle["table"].copy()
    at.run()
    at.run()
    assert metric_dashboard._bundle(*key) is bundle  # the page drew this very object from the cache
    assert {k: v for k, v in bundle.items() if k != "table"} == snapshot[0]
    assert bundle["table"].equals(snapshot[1])


def test_after_a_save_the_table_shows_what_a_colleague_saved_meanwhile(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Delivery route planner")
    initiative, month, key = _entry(at, "Operations")
    rows = at.session_state["entry_snapshot"]["rows"]
    theirs, mine = rows[0]["id"], rows[1]["id"]
    # A colleague saves the first metric from another session while this table is open.
    colleague = Actor("Colleague", Role.DEPARTMENT_HEAD, frozenset({"Operations"}))
    actuals.save_month(state.store(), colleague, initiative, "Operations", month, {theirs: "123"},
                       {theirs: at.session_state["entry_snapshot"]["shown"][theirs]}, today=today_utc())
    at.session_state[key] = {"edited_rows": {1: {"This month": "48000"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.button(key="save_month").click().run()
    assert not at.exception and "1 value" in texts(at, "success")
    shown = at.session_state["entry_snapshot"]["shown"]
    assert shown[theirs] == 123 and shown[mine] == 48000
    table = at.data_editor[0].value
    assert list(table["This month"][:2]) == ["123", "48000"]
