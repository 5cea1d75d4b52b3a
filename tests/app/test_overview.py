"""Overview page: welcome on an empty database, the portfolio, and create / edit / archive / restore."""

from __future__ import annotations

import json

from sprint import addresses, initiatives
from sprint.initiatives import InitiativeDraft
from sprint.permissions import Actor, Role
from sprint.ui import state
from tests.app.conftest import texts


def test_an_empty_database_offers_the_example_and_loads_it_in_one_click(app):
    at = app()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Get an AI pilot into production in 90 days"
    at.button(key="load_example").click().run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert "Loaded the example sprint: 6 initiatives." in texts(at, "success")
    assert len(at.dataframe[0].value) == 6
    assert at.metric[0].value == "6"


def test_starting_a_new_initiative_from_the_welcome(app):
    at = app()
    at.run()
    at.text_input(key="new_initiative_0_name").input("Invoice processing")
    at.text_input(key="new_initiative_0_owner").input("Priya Raman")
    at.button(key="new_initiative_0_submit").click().run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert "Created 'Invoice processing'" in texts(at, "success")
    assert at.sidebar.selectbox[0].value is not None
    assert at.sidebar.selectbox[0].format_func(at.sidebar.selectbox[0].value) == "Invoice processing"


def test_a_nameless_initiative_is_refused_with_the_field_named(app):
    at = app()
    at.run()
    at.text_input(key="new_initiative_0_owner").input("Someone")
    at.button(key="new_initiative_0_submit").click().run()
    assert "**Name**: give the initiative a name" in texts(at, "error")
    assert at.text_input(key="new_initiative_0_owner").value == "Someone"  # nothing typed is lost
    assert initiatives.count(state.store()) == 0


def test_the_example_portfolio_renders_with_its_chart(app, example_db):
    at = app()
    at.run()
    assert not at.exception
    assert at.title[0].value == "Overview"
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    bars = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "bar")
    assert "Delivery route planner" in bars["encoding"]["y"]["sort"]
    assert len(bars["encoding"]["y"]["sort"]) == 6
    assert set(at.dataframe[0].value["Initiative"]) >= {"Support ticket assistant", "Delivery route planner"}


def test_red_flags_come_before_the_step_scores_and_each_links_to_the_step_that_clears_it(app, example_db):
    at = app()
    at.run()
    order = list(at.dataframe[0].proto.column_order)
    assert order[:3] == ["Initiative", "Red flags", "Headline"]  # in view at 1280 px, before the step scores
    links = {link.proto.label: (link.proto.page, link.proto.query_string) for link in at.get("page_link")}
    page, query = links["Quality inspection vision: no owner with budget authority"]
    assert page == "governance" and query == "initiative=quality-inspection-vision&view=phase-checklist"
    page, query = links["Support ticket assistant: 1 metric off track"]
    assert page == "outcomes" and "view=dashboard" in query
    at.query_params.update({"initiative": "quality-inspection-vision", "view": "phase-checklist"})
    at.switch_page("app_pages/step4_governance.py").run()  # where the link lands
    assert not at.exception and "Red flag: no owner with budget authority" in texts(at, "error")
    assert at.segmented_control[0].value == "Phase and checklist"


def _current(at):
    box = at.sidebar.selectbox[0]
    return initiatives.get(state.store(), box.value)


def test_editing_the_current_initiative(app, example_db):
    at = app()
    at.run()
    current = _current(at)
    key = f"edit_{current.id}_v{current.version}"
    at.text_input(key=f"{key}_owner").set_value("New Owner, COO")
    at.selectbox(key=f"{key}_stage").set_value("production")
    at.button(key=f"{key}_submit").click().run()
    assert not at.exception
    assert f"Saved '{current.name}'." in texts(at, "success")
    saved = initiatives.get(state.store(), current.id)
    assert (saved.owner, saved.stage, saved.version) == ("New Owner, COO", "production", 2)


def test_someone_elses_change_is_not_overwritten(app, example_db):
    at = app()
    at.run()
    current = _current(at)
    key = f"edit_{current.id}_v{current.version}"
    # Another person saves while this form is open.
    initiatives.update(state.store(), Actor("Olga Other", Role.FACILITATOR), current.id,
                       InitiativeDraft(**{**current.draft().__dict__, "owner": "Olga's pick"}),
                       expected_version=current.version, today=current.start_date)
    at.text_input(key=f"{key}_owner").set_value("My pick")
    at.button(key=f"{key}_submit").click().run()
    assert "was changed by Olga Other" in texts(at, "error")
    assert "Olga Other changed" in texts(at, "warning")
    assert initiatives.get(state.store(), current.id).owner == "Olga's pick"
    at.button(key="reload_edit").click().run()
    new_key = f"edit_{current.id}_v{current.version + 1}"
    assert at.text_input(key=f"{new_key}_owner").value == "Olga's pick"


def test_archive_then_restore(app, example_db):
    at = app()
    at.run()
    current = _current(at)
    at.button(key="archive_current").click().run()
    assert f"Archived '{current.name}'." in texts(at, "success")
    assert current.name not in set(at.dataframe[0].value["Initiative"])
    assert at.query_params["initiative"] != addresses.slugify(current.name)  # the address moved on too
    restore_box = next(s for s in at.selectbox if s.label == "Archived initiative")
    restore_box.set_value(current.id)
    at.button(key="restore_archived").click().run()
    assert f"Restored '{current.name}'." in texts(at, "success")
    assert current.name in set(at.dataframe[0].value["Initiative"])


def test_the_choice_of_initiative_survives_a_page_change(app, example_db):
    at = app()
    at.run()
    from sprint.ui import state

    box = at.sidebar.selectbox[0]
    other = [i.id for i in state.active_initiatives() if i.id != box.value][0]
    box.set_value(other).run()
    chosen = at.sidebar.selectbox[0].value
    assert chosen == other
    at.switch_page("app_pages/audit_log.py").run()
    assert at.sidebar.selectbox[0].value == chosen
    at.switch_page("app_pages/overview.py").run()
    assert at.sidebar.selectbox[0].value == chosen


def test_an_unreadable_database_is_explained_not_crashed(app, db_file):
    db_file.write_text("not a database")
    at = app()
    at.run()
    assert not at.exception
    assert "can't open its database" in texts(at, "error")


def test_typing_the_figures_the_data_cannot_give(app, example_db):
    from sprint.plan import store as plan_store

    at = app()
    at.run()
    field = at.number_input(key="reality_Time from pilot to production")
    field.set_value(5.0)
    at.button(key="FormSubmitter:reality_typed-Save").click().run()
    assert not at.exception
    assert "Saved the organisation's figures." in texts(at, "success")
    assert plan_store.org_figures(state.store())["Time from pilot to production"] == 5.0
    table = next(d.value for d in at.dataframe if "Yours" in d.value.columns)
    assert "5 months" in set(table["Yours"])


def test_a_large_portfolio_gets_counts_filters_attention_first_grouped_flags_and_pages(app, db_file):
    """60 initiatives shaped like an imported inventory: no bar per initiative, no flag repeated 52 times."""
    from sprint.store import Store
    from tests.conftest import TODAY
    from tests.portfolio_data import seed_portfolio

    with Store(db_file) as store:
        seed_portfolio(store, 60, TODAY)
    at = app()
    at.run()
    assert not at.exception
    assert at.metric[0].value == "60"
    assert [json.loads(c.proto.spec)["layer"][0]["encoding"]["y"]["field"] for c in at.get("vega_lite_chart")] == [
        "stage", "department"]  # counts, not one bar per initiative
    assert "The sprint timeline is drawn for 25 initiatives or fewer" in texts(at, "caption")
    assert len(at.dataframe[0].value) == 25 and "1-25 of 60, by name." in texts(at, "caption")
    # Worst first: an overdue obligation or metrics off track, never just a missing owner.
    first = at.get("page_link")[0].proto.label
    assert "overdue obligation" in first or "off track" in first
    assert "**52 initiatives** have no owner with budget authority. Expected right after an inventory is " \
           "imported" in texts(at, "markdown")
    at.button(key="show_flag_no owner").click().run()
    assert at.selectbox(key="overview_flag").value == "no owner"
    assert "1-25 of 52 (of 60 in all), by name." in texts(at, "caption")
    assert set(at.dataframe[0].value["Red flags"]) == {"no owner with budget authority"}
    at.text_input(key="overview_text").input("0018").run()
    assert len(at.dataframe[0].value) == 1
    assert len(at.get("vega_lite_chart")) == 3  # a set this small gets its sprint timeline back
    at.selectbox(key="overview_flag").set_value("overdue").run()
    assert "No initiative matches these filters" in texts(at, "info")


def test_a_name_written_in_markdown_is_shown_as_typed_in_the_red_flags_and_on_the_projector(app):
    """Security part 2, defect 7: a name such as '[win](https://...)' became a live link (and '![](...)' a
    fetched image) on the Overview's red flags and the presenter's table."""
    import datetime as dt

    from sprint import initiatives as inits
    from sprint.permissions import Actor, Role
    from sprint.ui import room
    from sprint.ui import state as ui_state

    at = app()
    at.run()
    name = "[win](https://evil.example) ![x](https://evil.example/p.png)"
    inits.create(ui_state.store(), Actor("Fran", Role.FACILITATOR), inits.InitiativeDraft(name, dt.date(2026, 11, 1)),
                 today=dt.date(2026, 12, 6))
    at.run()
    assert not at.exception
    labels = [e.proto.label for e in at.get("page_link")]
    flagged = [label for label in labels if "evil" in label]
    assert flagged and all("\\[win\\]\\(https" in label and "!\\[x\\]" in label for label in flagged)
    frame = room.literal(__import__("pandas").DataFrame({"Initiative": [name], "Ready": ["40%"]}))
    assert frame["Initiative"][0].startswith("\\[win\\]\\(https") and frame["Ready"][0] == "40%"
