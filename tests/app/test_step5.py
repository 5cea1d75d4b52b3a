"""Step 5 page: the dashboard, monthly entry (a rejected cell, a confirmed 3x jump) and metric set-up."""

from __future__ import annotations

from sprint import initiatives
from sprint.dates import today_utc
from sprint.permissions import Actor, Role
from sprint.steps.outcomes import actuals
from sprint.steps.outcomes import store as metrics
from sprint.ui import state
from tests.app.conftest import texts

PAGE = "app_pages/step5_outcomes.py"


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
    assert figures["On track"] == "4 of 6" and figures["Off track"] == "1" and figures["Computed ROI to date"] == "-42%"
    table = at.dataframe[0].value
    assert table.set_index("Metric").loc["Compliance incidents ↓", "Status"] == "off track"
    # On screen, status and progress sit right after the name (visible on a projector and on a 390-pixel
    # phone); the department and the months follow.
    shown = list(at.dataframe[0].proto.column_order)
    assert shown[:4] == ["Metric", "Status", "Progress", "Department"] and shown[-1] == "Target"
    assert "'Model accuracy' measures the model, not the business" in texts(at, "caption")
    assert len(at.get("vega_lite_chart")) == 3  # gap closed, ROI, one metric


def _entry(at, department):
    at.segmented_control[0].set_value("Monthly entry").run()
    at.button_group(key="department").set_value(department).run()
    initiative = current(at)
    month = at.selectbox(key="entry_month").value
    return initiative, month, f"entry_{initiative.id}_{department}_{month}_0"


def _field(at, key, metric_name):
    """The number field of one metric in the entry form."""
    metric = next(r.metric for r in at.session_state["entry_snapshot"]["rows"] if r.metric.name == metric_name)
    return at.number_input(key=f"{key}_{metric.id}"), metric


def test_a_value_the_metric_cannot_take_is_refused_by_name_and_nothing_is_saved(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Invoice processing")
    initiative, month, key = _entry(at, "Accounts Payable")
    before = actuals.actuals_by_metric(state.store(), initiative.id)
    field, _ = _field(at, key, "Processing time")
    field.set_value(-2)
    at.button(key="save_month").click().run()
    assert not at.exception
    error = texts(at, "error")
    assert "Processing time" in error and "can't be negative" in error
    assert actuals.actuals_by_metric(state.store(), initiative.id) == before


def test_saving_with_nothing_changed_says_so(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Invoice processing")
    _entry(at, "Finance")
    at.button(key="save_month").click().run()
    assert "Nothing to save" in texts(at, "error")


def test_a_3x_jump_is_saved_only_after_confirmation(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Delivery route planner")
    initiative, month, key = _entry(at, "Operations")
    field, savings = _field(at, key, "Monthly savings")
    field.set_value(150000)
    at.button(key="save_month").click().run()
    assert "moved more than 3x" in texts(at, "warning") and "4.2x" in texts(at, "warning")
    assert actuals.actuals_by_metric(state.store(), initiative.id)[savings.id][month] == 47000
    at.button(key="confirm_jumps").click().run()
    assert not at.exception
    assert f"Saved 1 value for Month {month}." in texts(at, "success")
    assert actuals.actuals_by_metric(state.store(), initiative.id)[savings.id][month] == 150000


def test_the_department_and_view_come_from_the_bookmark(app, example_db):
    at = app()
    at.query_params.update({"initiative": "invoice-processing", "view": "entry", "department": "Accounts Payable"})
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert current(at).name == "Invoice processing"
    assert "Invoice processing" in texts(at, "markdown")  # the page names its initiative
    assert at.segmented_control[0].value == "Monthly entry"
    assert at.button_group(key="department").value == "Accounts Payable"
    labels = [w.label for w in at.number_input]
    assert len(labels) == 2 and "Processing time" in labels[0] and "Error rate" in labels[1]


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

    from sprint.ui.steps.outcomes import dashboard as metric_dashboard

    at = open_page(app)
    initiative = current(at)
    key = (str(example_db), initiative.id, None, state.store().last_change(), today_utc(), 1.0)
    bundle = metric_dashboard.dashboard_bundle(*key)
    snapshot = copy.deepcopy({k: v for k, v in bundle.items() if k != "table"}), bundle["table"].copy()
    at.run()
    at.run()
    assert metric_dashboard.dashboard_bundle(*key) is bundle  # the page drew this very object from the cache
    assert {k: v for k, v in bundle.items() if k != "table"} == snapshot[0]
    assert bundle["table"].equals(snapshot[1])


def colleague_saves(at, initiative, month, metric, value):
    """Another Operations head saves one metric from their own session, seeing what this form showed."""
    colleague = Actor("Colleague", Role.DEPARTMENT_HEAD, frozenset({"Operations"}))
    actuals.save_month(state.store(), colleague, initiative, "Operations", month, {metric.id: value},
                       {metric.id: at.session_state["entry_snapshot"]["shown"][metric.id]}, today=today_utc())


def test_after_a_save_the_form_shows_what_a_colleague_saved_meanwhile(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Delivery route planner")
    initiative, month, key = _entry(at, "Operations")
    theirs_field, theirs = _field(at, key, "Deliveries planned automatically")
    mine_field, mine = _field(at, key, "Monthly savings")
    colleague_saves(at, initiative, month, theirs, "79")  # the first metric, while this form is open
    mine_field.set_value(48000)
    at.button(key="save_month").click().run()
    assert not at.exception and "Saved 1 value" in texts(at, "success")
    shown = at.session_state["entry_snapshot"]["shown"]
    assert shown[theirs.id] == 79 and shown[mine.id] == 48000
    values = {w.label.split("**")[1]: w.value for w in at.number_input}
    assert values["Deliveries planned automatically"] == 79 and values["Monthly savings"] == 48000


def test_a_colleague_saving_the_same_field_first_is_named_and_nothing_is_overwritten(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Delivery route planner")
    initiative, month, key = _entry(at, "Operations")
    field, metric = _field(at, key, "Monthly savings")
    colleague_saves(at, initiative, month, metric, "46000")  # the same metric, first
    field.set_value(48000)
    at.button(key="save_month").click().run()
    assert "Colleague" in texts(at, "error")
    assert actuals.actuals_by_metric(state.store(), initiative.id)[metric.id][month] == 46000


def test_a_large_department_is_entered_a_page_at_a_time_and_saving_one_page_keeps_the_others(app, example_db):
    from sprint.ui.steps.outcomes.entry import FIELDS_PER_PAGE

    at = open_page(app)
    choose_initiative(at, "Sales pipeline assistant")
    initiative = current(at)

    for k in range(FIELDS_PER_PAGE + 5):
        metrics.create(state.store(), Actor("Fran", Role.FACILITATOR), initiative.id,
                       metrics.MetricDraft(f"Extra {k:02d}", "Sales", "count", "higher", 0, 10))
    stored_before = actuals.actuals_by_metric(state.store(), initiative.id)
    _, month, key = _entry(at, "Sales")
    assert len(at.number_input) == FIELDS_PER_PAGE  # one page of fields, and a choice of pages
    pages = next(s for s in at.selectbox if s.label == "Metrics")
    assert pages.options == ["Metrics 1-20 of 26", "Metrics 21-26 of 26"]
    pages.set_value(FIELDS_PER_PAGE).run()
    assert len(at.number_input) == 6  # the rest: 1 + 25 metrics - 20
    at.number_input[0].set_value(7)
    at.button(key="save_month").click().run()
    assert not at.exception and "Saved 1 value" in texts(at, "success")
    after = actuals.actuals_by_metric(state.store(), initiative.id)
    changed = {m for m in after if after[m] != stored_before.get(m, {})}
    assert len(changed) == 1  # the metrics on the other page were left as they were, not cleared


def test_the_computed_roi_is_named_apart_from_a_typed_roi_metric(app, example_db):
    """Invoice processing tracks an 'ROI' metric its finance team types; the ROI this app works out from the
    savings metrics and the pilot's cost is named differently, says how it is computed, and the page says the
    two can disagree."""
    at = open_page(app)
    choose_initiative(at, "Invoice processing")
    computed = next(m for m in at.metric if m.label == "Computed ROI to date")
    assert "savings to date - cost to date" in computed.help
    assert "ROI to date" not in [m.label for m in at.metric]
    assert "'ROI' is a figure your team types each month" in texts(at, "caption")
    assert "ROI" in set(at.dataframe[0].value["Metric"].str.replace(r" [↑↓]$", "", regex=True))


def test_an_error_goes_once_the_value_is_fixed_and_only_the_new_warning_shows(app, example_db):
    """A refused value's error does not stay up beside the next save's 3x warning: each save's result replaces
    the last one's."""
    at = open_page(app)
    choose_initiative(at, "Invoice processing")
    initiative, month, key = _entry(at, "Accounts Payable")
    field, hours = _field(at, key, "Processing time")
    field.set_value(-2)
    at.button(key="save_month").click().run()
    assert "can't be negative" in texts(at, "error")
    _field(at, key, "Processing time")[0].set_value(40)
    at.button(key="save_month").click().run()
    assert "moved more than 3x" in texts(at, "warning")
    assert texts(at, "error") == ""
    at.button(key="confirm_jumps").click().run()
    assert texts(at, "error") == "" and "moved more than 3x" not in texts(at, "warning")
    assert f"Saved 1 value for Month {month}." in texts(at, "success")
    assert actuals.actuals_by_metric(state.store(), initiative.id)[hours.id][month] == 40


def test_set_up_starts_on_the_initiatives_department_and_offers_a_head_only_their_own(app, example_db):
    at = open_page(app)
    choose_initiative(at, "Support ticket assistant")
    at.segmented_control[0].set_value("Set up metrics").run()
    initiative = current(at)
    box = at.selectbox(key=f"new_metric_{initiative.id}_0_department")
    assert box.value == initiative.department == "Customer Support"
    assert "Counts as monthly savings" in [c.label for c in at.checkbox]  # its own row: the label is whole

    from sprint.access import codes as access
    from sprint.permissions import Actor, Role
    access.add_code(state.store(), Actor("Fran", Role.FACILITATOR), Role.FACILITATOR, "facilitate-2026")
    access.add_code(state.store(), Actor("Fran", Role.FACILITATOR), Role.DEPARTMENT_HEAD, "FN-4KQ7X", "Finance")
    head = app()
    head.run()
    head.text_input(key="join_name").input("Hal")
    head.text_input(key="join_code").input("FN-4KQ7X")
    head.button[0].click().run()
    head.switch_page(PAGE).run()
    choose_initiative(head, "Support ticket assistant")
    head.segmented_control[0].set_value("Set up metrics").run()
    assert not head.exception
    box = head.selectbox(key=f"new_metric_{initiative.id}_0_department")
    assert box.options == ["Finance"] and box.value == "Finance"
    assert not box.proto.accept_new_options  # no typing a department they may not use


def test_metrics_imported_before_they_were_defined_are_asked_for_a_baseline_and_target(app):
    from sprint import importing
    from tests.conftest import ROOT

    at = app()
    at.run()
    log = ROOT / "tests" / "files" / "layouts" / "kpi_log_undefined.csv"
    plan = importing.make_plan(state.store(), importing.open_source(log.read_bytes(), log.name),
                               new_initiative="Invoices", today=today_utc())
    importing.commit(state.store(), state.actor(), plan, today=today_utc())
    at.run()
    choose_initiative(at, "Invoices")
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "2 metrics need a baseline and target:** Cost per invoice, Processing time" in texts(at, "warning")
    table = at.dataframe[0].value
    assert list(table["Baseline"]) == ["needed", "needed"] and list(table["Target"]) == ["needed", "needed"]
    at.switch_page("app_pages/overview.py").run()
    assert not at.exception
    flags = next(d.value for d in at.dataframe if "Red flags" in d.value.columns)
    assert any("2 metrics need a baseline and target" in str(f) for f in flags["Red flags"])


def test_a_phone_gives_its_name_on_its_first_save_and_the_audit_log_says_who(app, example_db):
    """Without sign-in, a phone in the room (another device) is asked for a name beside Save; the save is refused
    until it gives one, then recorded as 'Priya Shah (Finance, on a phone)', and later saves don't ask again."""
    from sprint import audit

    at = app()
    at.session_state["local_place"] = "on a phone"  # what the connection and the User-Agent say of this browser
    at.run()
    at.switch_page(PAGE).run()
    choose_initiative(at, "Invoice processing")
    initiative, month, key = _entry(at, "Finance")
    field, metric = _field(at, key, "Process cost")
    assert at.text_input(key="entry_name_team").value == "Finance"  # the department chosen, as a start
    field.set_value(29.5)
    at.button(key="save_month").click().run()
    assert "Type your name above Save first" in texts(at, "error")
    assert actuals.actuals_by_metric(state.store(), initiative.id).get(metric.id, {}).get(month) != 29.5
    at.text_input(key="entry_name_input").input("Priya Shah")
    at.button(key="save_month").click().run()
    assert not at.exception and "Saved 1 value" in texts(at, "success")
    assert actuals.actuals_by_metric(state.store(), initiative.id)[metric.id][month] == 29.5
    assert audit.entries(state.store(), initiative_id=initiative.id).iloc[0]["actor"] == "Priya Shah (Finance, on a phone)"
    assert "entry_name_input" not in [w.key for w in at.text_input]  # asked once: the form no longer asks
    assert "Priya Shah (Finance, on a phone)" in texts(at.sidebar, "caption")
