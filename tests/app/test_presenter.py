"""Presenter mode: every screen read-only, Previous / Next through the story, back out again."""

from __future__ import annotations

from sprint.ui import presenter
from tests.app.conftest import texts

EDITING = ("text_input", "text_area", "number_input", "date_input", "selectbox", "multiselect", "checkbox",
           "radio", "data_editor", "file_uploader", "toggle", "slider")


def editing_widgets(at) -> int:
    """Inputs that change data; the presenter's own initiative switcher only chooses what the screens show."""
    found = [w for kind in EDITING if hasattr(at, kind) for w in getattr(at, kind)]
    return sum(1 for w in found if getattr(w, "key", None) != "present_initiative"
               and not str(getattr(w, "key", "") or "").startswith("room_"))  # the room's question: asked on screen


def test_presenting_hides_every_input_on_every_screen(app, example_db):
    at = app()
    at.query_params["present"] = "1"
    at.run()
    assert not at.exception
    titles = []
    for _ in presenter.SCREENS:
        assert editing_widgets(at) == 0, titles
        titles.append(at.title[0].value)
        if not at.button(key="present_next").disabled:
            at.button(key="present_next").click().run()
            assert not at.exception
    assert titles == list(presenter.SCREENS)
    assert "live" in " ".join(c.value for c in at.caption)
    assert at.query_params["screen"] == "outcomes"  # the screen is in the address


def test_start_and_stop_presenting(app, example_db):
    at = app()
    at.run()
    assert editing_widgets(at) > 0  # the normal Overview has forms
    at.sidebar.button(key="start_presenting").click().run()
    assert at.title[0].value == "Overview" and editing_widgets(at) == 0
    at.button(key="present_stop").click().run()
    assert editing_widgets(at) > 0 and at.sidebar.selectbox


def test_the_address_keeps_the_screen_and_initiative_and_the_qr_follows_the_switch(app, example_db):
    from sprint import initiatives
    from sprint.ui import state

    at = app()
    at.query_params.update({"present": "1", "screen": "outcomes", "initiative": "invoice-processing"})
    at.run()
    assert not at.exception
    assert at.title[0].value == "Step 5 · Outcomes"
    assert "/outcomes?initiative=invoice-processing&view=entry" in at.get("caption")[-1].value.replace("\\", "")
    target = next(i.id for i in initiatives.list_all(state.store()) if i.name == "Support ticket assistant")
    at.selectbox(key="present_initiative").set_value(target).run()
    assert at.query_params["initiative"] == "support-ticket-assistant"
    assert "initiative=support-ticket-assistant&view=entry" in " ".join(
        c.value.replace("\\", "") for c in at.get("caption"))
    assert at.title[0].value == "Step 5 · Outcomes"  # still presenting, same screen


def test_the_compliance_screen_says_when_enforcement_is_stayed(app, example_db):
    """Presented to the room, Step 2 says plainly that Colorado's enforcement is stayed (the clinic has patients
    there); an initiative with no stayed law shows no such line."""
    at = app()
    at.query_params.update({"present": "1", "screen": "compliance", "initiative": "patient-scheduling-assistant"})
    at.run()
    assert not at.exception and at.title[0].value.startswith("Step 2")
    assert "Enforcement stayed for now** by a court order: Colorado SB 26-189." in texts(at, "warning")
    at.query_params.update({"initiative": "invoice-processing"})
    at.run()
    assert "Enforcement stayed" not in texts(at, "warning")


def test_a_sprint_larger_than_a_screen_is_paged_on_the_room_overview(app, example_db):
    """Eight initiatives: six rows on the first screen, those needing attention first, and a choice of pages
    ('1-6 of 8', '7-8 of 8') that shows the rest."""
    from sprint import initiatives
    from sprint.dates import today_utc
    from sprint.permissions import Actor, Role
    from sprint.ui import state

    at = app()
    at.run()
    for name in ("Contract review", "Forecasting assistant"):
        initiatives.create(state.store(), Actor("Fran", Role.FACILITATOR),
                           initiatives.InitiativeDraft(name, today_utc()), today=today_utc())
    at.query_params.update({"present": "1", "screen": "overview"})
    at.run()
    assert not at.exception
    pages = at.segmented_control(key="room_rows")
    assert list(pages.options) == ["1-6 of 8", "7-8 of 8"]
    first = list(at.table[0].value["Initiative"])
    assert len(first) == 6 and "8" in texts(at, "markdown").split("initiatives")[0]
    pages.set_value(6).run()
    rest = list(at.table[0].value["Initiative"])
    assert len(rest) == 2 and not set(first) & set(rest)


def test_the_room_lists_features_from_phones_and_the_facilitator_accepts_them(app, example_db):
    """Step 1's screen: the facilitator asks the room, two phones answer on /room (one of them twice: its answer
    changes), the tally shows them literally, one is hidden, and Accept puts the rest into Step 1's list."""
    from sprint import initiatives
    from sprint.steps.scope import store as features
    from sprint.ui import state

    room_screen = app()
    room_screen.query_params.update({"present": "1", "screen": "scope", "initiative": "quality-inspection-vision"})
    room_screen.run()
    room_screen.button(key="room_open_features").click().run()
    assert not room_screen.exception and "The room:" in " ".join(h.value for h in room_screen.subheader)
    assert editing_widgets(room_screen) == 0  # the room's own controls aside, the screen still edits nothing

    def phone(name: str, feature: str, dollars: float, hours: float | None = None):
        at = app()
        at.session_state["local_place"] = "on a phone"
        at.query_params.update({"initiative": "quality-inspection-vision"})
        at.run()
        at.switch_page("app_pages/room.py").run()
        key = next(w.key for w in at.text_input if w.key.endswith("_feature"))[:-len("_feature")]
        at.text_input(key=f"{key}_name").input(name)
        at.text_input(key=f"{key}_feature").input(feature)
        at.number_input(key=f"{key}_dollars").set_value(dollars)
        if hours is not None:
            at.number_input(key=f"{key}_hours").set_value(hours)
        at.button(key="room_send").click().run()
        assert not at.exception and "Sent" in texts(at, "success"), texts(at, "error")
        return at

    phone("Priya Shah", "Inspect welds [fast](http://x)", 9000)
    omar = phone("Omar Ali", "Count defects", 1500, 6)
    key = next(w.key for w in omar.text_input if w.key.endswith("_feature"))[:-len("_feature")]
    omar.text_input(key=f"{key}_feature").input("Count surface defects")  # changed until closed
    omar.button(key="room_send").click().run()
    room_screen.run()
    tally = room_screen.table[0].value
    from sprint.ui.text import md

    assert list(tally["Feature"]) == [md("Inspect welds [fast](http://x)"), "Count surface defects"]  # literal
    assert "**2** answers ·" in texts(room_screen, "markdown")
    room_screen.selectbox(key="room_hide_who").set_value("Omar Ali (on a phone)").run()
    room_screen.button(key="room_hide").click().run()
    room_screen.button(key="room_accept").click().run()
    assert not room_screen.exception
    quality = next(i for i in initiatives.list_all(state.store()) if i.name == "Quality inspection vision")
    names = [f.name for f in features.list_features(state.store(), quality.id)]
    assert "Inspect welds [fast](http://x)" in names and "Count surface defects" not in names


def _phone_answers(app, slug: str, name: str, fill) -> None:
    """A phone opens /room for the initiative, types its name, answers with `fill(at, key)` and sends."""
    at = app()
    at.session_state["local_place"] = "on a phone"
    at.query_params.update({"initiative": slug})
    at.run()
    at.switch_page("app_pages/room.py").run()
    key = next(w.key for w in at.text_input if w.key.endswith("_name"))[:-len("_name")]
    at.text_input(key=f"{key}_name").input(name)
    fill(at, key)
    at.button(key="room_send").click().run()
    assert not at.exception and "Sent" in texts(at, "success"), texts(at, "error")


def test_the_room_checks_a_designs_habits_and_the_spread_reaches_step_3(app, example_db):
    """Step 3's screen: a habit check of the chosen design; three phones answer 0, 2 and 3+; the projector shows
    the spread; accepting keeps the room's middle answer with its spread, shown on Step 3's page."""
    from sprint import initiatives, room
    from sprint.ui import state

    screen = app()
    screen.query_params.update({"present": "1", "screen": "workflow", "initiative": "sales-pipeline-assistant"})
    screen.run()
    assert screen.selectbox(key="room_design").value == "Inside the CRM"  # the chosen design, asked by default
    screen.button(key="room_open_habits").click().run()
    assert "How many of your habits would 'Inside the CRM' change?" in texts(screen, "markdown")
    for name, count, habit in (("Priya", "0", ""), ("Omar", "2", "Log in to the assistant"), ("Ana", "3+", "")):
        def fill(at, key, count=count, habit=habit):
            at.segmented_control(key=f"{key}_count").set_value(count)
            at.text_input(key=f"{key}_habit").input(habit)
        _phone_answers(app, "sales-pipeline-assistant", name, fill)
    screen.run()
    assert "**3** answers ·" in texts(screen, "markdown")
    assert [m.value for m in screen.metric] == ["2"]  # the middle of 0, 2, 3+
    screen.button(key="room_accept").click().run()
    assert not screen.exception
    sales = next(i for i in initiatives.list_all(state.store()) if i.name == "Sales pipeline assistant")
    check = room.habit_checks(state.store(), sales.id)["Inside the CRM"]
    assert (check.habits, check.said) == (2, (1, 0, 1, 1))
    page = app()
    page.query_params.update({"initiative": "sales-pipeline-assistant"})
    page.run()
    page.query_params["view"] = "habits-shadow"
    page.switch_page("app_pages/step3_workflow.py").run()
    warned = texts(page, "warning")
    assert "The room says 'Inside the CRM' changes 2" in warned and "0: 1 · 1: 0 · 2: 1 · 3+: 1" in warned


def test_the_rooms_check_in_status_becomes_the_weeks_check_in(app, example_db):
    from sprint import initiatives
    from sprint.steps.governance import store as governance
    from sprint.ui import state

    screen = app()
    screen.query_params.update({"present": "1", "screen": "governance", "initiative": "sales-pipeline-assistant"})
    screen.run()
    screen.button(key="room_open_checkin").click().run()
    for name, status, blocker in (("Priya", "on track", ""), ("Omar", "at risk", "No CRM sandbox yet"),
                                  ("Ana", "at risk", "<b>Legal</b> review")):
        def fill(at, key, status=status, blocker=blocker):
            at.segmented_control(key=f"{key}_status").set_value(status)
            at.text_input(key=f"{key}_blocker").input(blocker)
        _phone_answers(app, "sales-pipeline-assistant", name, fill)
    screen.run()
    assert [m.value for m in screen.metric] == ["at risk"]
    raw = "\n".join(m.value for m in screen.markdown)
    assert "- \\<b\\>Legal\\</b\\> review" in raw  # a blocker is shown as typed, never as HTML
    sales = next(i for i in initiatives.list_all(state.store()) if i.name == "Sales pipeline assistant")
    before = len(governance.list_checkins(state.store(), sales.id))
    assert screen.number_input(key="room_minutes").value == 15  # the roadmap's check-in, changed if it ran longer
    screen.number_input(key="room_minutes").set_value(25)
    screen = screen.button(key="room_accept").click().run()
    assert not screen.exception
    logged = governance.list_checkins(state.store(), sales.id)
    assert len(logged) == before + 1 and (logged[-1].status, logged[-1].minutes) == ("amber", 25.0)
    assert "Omar (on a phone): No CRM sandbox yet" in logged[-1].blockers
