"""The room and the phones: the workshop loop as people live it.

The facilitator presents an initiative; a phone in the room opens the QR code's address, lands on that
initiative's monthly entry form, saves a number, and the projected screen shows it within seconds, untouched.
Addresses carry their state (a bookmark opens exactly its view); setting a passcode leaves the projector
running; every presenter screen fits a 1280 x 720 projector without scrolling sideways.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from sprint.access import join_link
from sprint.ui import presenter
from tests.browser.conftest import (
    PHONE_UA,
    SCREENSHOTS,
    act,
    after_rerun,
    assert_no_exception,
    choose,
    fill_number,
    load_example_db,
    new_page,
    phone_page,
    runs,
    wait_for_app,
)
from tests.servers import free_port

pytestmark = pytest.mark.browser


# Returns the visible texts of the page whose colour stands under 4.5:1 against their background (opacity and
# translucent backgrounds blended in; disabled buttons, icons and charts left out, as WCAG leaves them).
CONTRAST_JS = (Path(__file__).parent / "contrast.js").read_text()


def _example_server(start_app, tmp_path, **kwargs):
    db = tmp_path / "example.duckdb"
    load_example_db(db)
    return start_app(db, **kwargs)


@pytest.fixture(autouse=True)
def _screenshots_folder():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)


def qr_target(page) -> str:
    """The address the QR code encodes, as the page prints it under the code."""
    return page.locator(".st-key-join_target").inner_text().strip()


def test_the_room_joins_by_qr_code_and_the_projector_moves(start_app, browser, tmp_path):
    port = free_port()  # the public address is set, as a facilitator would behind a name or a tunnel
    server = _example_server(start_app, tmp_path, port=port,
                             env={join_link.PUBLIC_URL_ENV: f"http://127.0.0.1:{port}"})
    room = new_page(browser, viewport={"width": 1280, "height": 720})
    phone = phone_page(browser)
    try:
        # The facilitator chooses Invoice processing on Step 5 and presents.
        room.goto(f"{server.url}/outcomes")
        wait_for_app(room)
        choose(room, room.get_by_role("combobox", name="Current initiative"), "Invoice processing")
        act(room, lambda: room.get_by_role("button", name="Present to the room").click())
        expect(room.get_by_role("heading", name="Step 5 · Outcomes")).to_be_visible()
        assert "initiative=invoice-processing" in room.url and "screen=outcomes" in room.url
        target = qr_target(room)
        assert target == f"{server.url}/outcomes?initiative=invoice-processing&view=entry"

        # A phone opens the QR code's address: the entry form of that initiative, named on the page.
        phone.goto(target)
        wait_for_app(phone)
        expect(phone.get_by_role("heading", name="Invoice processing")).to_be_visible()
        expect(phone.get_by_role("radio", name="Monthly entry")).to_be_checked()
        act(phone, lambda: phone.get_by_role("radio", name="Finance").tap())
        assert "department=Finance" in phone.url
        fill_number(phone, "Process cost", "29.5")
        save = phone.get_by_role("button", name=re.compile("^Save Month 3"))
        assert save.bounding_box()["y"] + save.bounding_box()["height"] <= 844  # no scrolling to save
        act(phone, lambda: save.tap())
        saved = phone.get_by_text("Saved 1 value for Month 3.")
        expect(saved).to_be_in_viewport()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        phone.screenshot(path=str(SCREENSHOTS / "phone-entry-saved.png"))

        # Nobody touches the projector: it shows the new value by itself.
        expect(room.get_by_test_id("stTable").get_by_text("$29.5/unit", exact=True)).to_be_visible(timeout=10_000)
        assert_no_exception(room, server, "the presenter")
        room.screenshot(path=str(SCREENSHOTS / "presenter-after-phone-entry.png"))
    finally:
        room.context.close()
        phone.context.close()


def test_a_bookmark_opens_exactly_its_view_and_back_returns(start_app, browser, tmp_path):
    server = _example_server(start_app, tmp_path)
    page = new_page(browser)
    try:
        page.goto(f"{server.url}/outcomes?initiative=invoice-processing&view=entry&department=Accounts+Payable")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Invoice processing")).to_be_visible()
        expect(page.get_by_role("radio", name="Monthly entry")).to_be_checked()
        expect(page.get_by_role("radio", name="Accounts Payable")).to_be_checked()
        expect(page.get_by_role("spinbutton", name=re.compile("Processing time"))).to_be_visible()
        # The tab's icon is served by the app itself (offline rooms get it too), not fetched from elsewhere.
        expect(page.locator("link[rel*='icon']")).to_have_attribute("href", re.compile(
            "^" + re.escape(server.url) + "/media/.+[.]png$"))
        # The sidebar's switch moves the address; Back returns to the previous initiative.
        choose(page, page.get_by_role("combobox", name="Current initiative"), "Support ticket assistant")
        assert "initiative=support-ticket-assistant" in page.url
        expect(page.get_by_role("heading", name="Support ticket assistant")).to_be_visible()
        act(page, page.go_back)
        expect(page.get_by_role("heading", name="Invoice processing")).to_be_visible()
        assert "initiative=invoice-processing" in page.url
        # An address naming no initiative says so and offers the list.
        page.goto(f"{server.url}/scope?initiative=no-such-pilot")
        wait_for_app(page)
        expect(page.get_by_text("No initiative goes by 'no-such-pilot'")).to_be_visible()
        choose(page, page.get_by_role("combobox", name="Initiative", exact=True), "Invoice processing")
        expect(page.get_by_role("heading", name="Invoice processing")).to_be_visible()
        # A presenter's second screen opens on the same screen and initiative.
        page.goto(f"{server.url}/?present=1&screen=scope&initiative=invoice-processing")
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Step 1 · Scope")).to_be_visible()
        expect(page.get_by_text("The core: 3 of 8")).to_be_visible()
    finally:
        page.context.close()


def test_setting_a_passcode_leaves_the_projector_running_and_joining_keeps_the_address(start_app, browser,
                                                                                     tmp_path):
    server = _example_server(start_app, tmp_path)
    room = new_page(browser, viewport={"width": 1280, "height": 720})
    facilitator = new_page(browser)
    phone = phone_page(browser)
    try:
        room.goto(f"{server.url}/?present=1&screen=overview&initiative=invoice-processing")
        wait_for_app(room)
        before = runs(room)
        facilitator.goto(f"{server.url}/people")
        wait_for_app(facilitator)
        code_box = facilitator.get_by_role("textbox", name="Code", exact=True)
        code_box.fill("FACILITATE-2026")
        act(facilitator, lambda: facilitator.get_by_role("button", name="Save the code").click())
        # The save reruns twice (save, then redraw with the message): wait for the message, and the run.
        expect(facilitator.get_by_test_id("stAlertContentSuccess").get_by_text("Share the code FACILITATE-2026")).to_be_visible()
        after_rerun(facilitator, 0)
        act(facilitator, lambda: facilitator.get_by_role("radiogroup", name="New code")
            .get_by_text("Join code for a department", exact=True).click())
        choose(facilitator, facilitator.get_by_role("combobox", name="Department", exact=True),
               "Finance", reruns=False)  # inside the form: no rerun until Save
        code_box.fill("FIN-2026X")
        act(facilitator, lambda: facilitator.get_by_role("button", name="Save the code").click())
        expect(facilitator.get_by_test_id("stAlertContentSuccess").get_by_text("Share the code FIN-2026X")).to_be_visible()

        # The projector notices the change by itself (a rerun nobody asked it for) and keeps presenting.
        after_rerun(room, before)
        expect(room.get_by_role("heading", name="Overview")).to_be_visible()
        expect(room.get_by_text("Join the sprint")).to_have_count(0)

        # A phone joins first, then lands on the page and view its link asked for; a reload keeps it in.
        phone.goto(f"{server.url}/outcomes?initiative=invoice-processing&view=entry")
        wait_for_app(phone)
        expect(phone.get_by_role("heading", name="Join the sprint")).to_be_visible()
        phone.get_by_role("textbox", name="Your name").fill("Fiona")
        phone.get_by_role("textbox", name="Code").fill("fin 2026x")
        act(phone, lambda: phone.get_by_role("button", name="Join").tap())
        expect(phone.get_by_role("heading", name="Invoice processing")).to_be_visible()
        expect(phone.get_by_role("radio", name="Monthly entry")).to_be_checked()
        assert "/outcomes?" in phone.url
        phone.reload()
        wait_for_app(phone)
        expect(phone.get_by_role("heading", name="Invoice processing")).to_be_visible()
        other_tab = phone.context.new_page()
        other_tab.goto(f"{server.url}/outcomes?initiative=invoice-processing&view=entry")
        wait_for_app(other_tab)
        expect(other_tab.get_by_role("heading", name="Invoice processing")).to_be_visible()
        expect(other_tab.get_by_text("Fiona (joined with the Finance code) · department head for Finance")).to_be_attached()
    finally:
        room.context.close()
        facilitator.context.close()
        phone.context.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_every_presenter_screen_fits_the_projector_and_reads_from_the_back(start_app, browser, tmp_path, size):
    """Each screen at a projector's size: nothing wider than the screen, no shell command projected to the room,
    the QR code at least a quarter of the screen's height, and the Overview's six initiatives all in view."""
    server = _example_server(start_app, tmp_path)
    width, height = size
    room = new_page(browser, viewport={"width": width, "height": height})
    try:
        for slug, name in zip(presenter.SCREEN_SLUGS, presenter.SCREENS, strict=True):
            room.goto(f"{server.url}/?present=1&screen={slug}&initiative=delivery-route-planner")
            wait_for_app(room)
            expect(room.get_by_role("heading", name=name, exact=True)).to_be_visible()
            content = ["stVegaLiteChart", "stTable", "stMetric", "stGraphVizChart", "stAlert", "stMarkdown"]
            found = room.get_by_test_id(content[0])
            for test_id in content[1:]:
                found = found.or_(room.get_by_test_id(test_id))
            expect(found.first).to_be_visible()
            room.screenshot(path=str(SCREENSHOTS / f"presenter-{width}x{height}-{slug}.png"))
            overflow = room.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{name} needs {overflow}px of sideways scrolling at {width}x{height}"
            # Served on loopback only: the room never sees the shell command that fixes it (the facilitator does)
            expect(room.get_by_text(join_link.FIX_COMMAND, exact=False)).to_have_count(0)
            low = room.evaluate(CONTRAST_JS)  # every visible text against what is behind it (WCAG's formula)
            assert not low, f"text under 4.5:1 on {name}: {low[:5]}"
            qr = room.locator(".st-key-join_qr img")
            if qr.count():
                assert qr.bounding_box()["height"] >= height / 4, f"the QR code on {name} is too small to scan"
            assert_no_exception(room, server, name)
        room.goto(f"{server.url}/?present=1&screen=overview&initiative=delivery-route-planner")
        wait_for_app(room)
        rows = room.get_by_test_id("stTable").locator("tbody tr")
        expect(rows).to_have_count(6)
        last = rows.last.bounding_box()
        assert last["y"] + last["height"] <= height, "the Overview's last initiative is below the screen"
    finally:
        room.context.close()


ROOM_ASKED = (  # (initiative, presenter screen, kind, subject, answers): each initiative's open question
    ("quality-inspection-vision", "scope", "features", "", [
        {"feature": f"Feature {n} <b>[link](http://x)</b> with a longer name to wrap", "dollars": str(900 * n)}
        for n in range(1, 10)]),
    ("sales-pipeline-assistant", "workflow", "tools", "", [
        {"tool": f"Tracker {n}", "kind": "Spreadsheet", "solves": "Weekly numbers for the VP, kept by hand",
         "built": n % 2 == 0} for n in range(1, 10)]),
    ("delivery-route-planner", "workflow", "habits", "Inside the dispatch screen", [
        {"count": str(min(n % 4, 3)), "habit": f"Habit {n % 3}"} for n in range(1, 12)]),
    ("invoice-processing", "governance", "checkin", "", [
        {"status": ("on track", "at risk", "off track")[n % 3], "blocker": f"Blocker {n}: waiting on access"}
        for n in range(1, 10)]),
)


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_every_room_question_reads_from_the_back_with_its_controls_in_view(start_app, browser, tmp_path, size):
    """Each kind of question, open with nine or more answers: the tally, the QR code (a quarter of the height) and
    the facilitator's Accept button all on the screen, nothing wider than it, every text at 4.5:1 or more."""
    from sprint import initiatives, room
    from sprint.permissions import Actor, Role
    from sprint.store import Store

    db = tmp_path / "example.duckdb"
    load_example_db(db)
    with Store(db) as store:
        ids = {i.name.lower().replace(" ", "-"): i.id for i in initiatives.list_all(store)}
        for slug, _, kind, subject, said in ROOM_ASKED:
            question = room.open_question(store, Actor("Fran", Role.FACILITATOR), ids[slug], kind, subject)
            for n, values in enumerate(said):
                room.answer(store, Actor(f"Person {n} (Team {n}, on a phone)", Role.VIEWER), question, values)
    server = start_app(db)
    width, height = size
    screen = new_page(browser, viewport={"width": width, "height": height})
    try:
        for slug, where, kind, _, _ in ROOM_ASKED:
            screen.goto(f"{server.url}/?present=1&screen={where}&initiative={slug}")
            wait_for_app(screen)
            expect(screen.get_by_role("heading", name=re.compile("^The room:"))).to_be_visible()
            screen.screenshot(path=str(SCREENSHOTS / f"presenter-{width}x{height}-room-{kind}.png"))
            assert screen.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
            for control in ("^Accept", "^Close$"):  # the facilitator's controls, all on the screen
                box = screen.get_by_role("button", name=re.compile(control)).bounding_box()
                assert box["y"] + box["height"] <= height, f"{kind}: {control} is below the screen"
            assert screen.locator(".st-key-join_qr img").bounding_box()["height"] >= height / 4
            low = screen.evaluate(CONTRAST_JS)
            assert not low, f"text under 4.5:1 on the {kind} question: {low[:5]}"
            assert_no_exception(screen, server, f"the {kind} question")
    finally:
        screen.context.close()


def test_the_facilitator_is_told_when_phones_cannot_reach_the_app(start_app, page, tmp_path):
    """Served on loopback only: the facilitator's own pages say so, with the one command that fixes it."""
    server = _example_server(start_app, tmp_path)
    page.goto(server.url)
    wait_for_app(page)
    expect(page.get_by_test_id("stSidebar").get_by_text(join_link.FIX_COMMAND, exact=False)).to_be_visible()


def test_a_phone_in_the_room_gives_its_name_once_and_its_save_carries_it(start_app, browser, tmp_path):
    """Without sign-in, a phone reaching the app through the room's network (here a proxy on this machine that
    the operator trusts, passing the phone's address on) is asked its name beside Save on its first save; the
    audit log then says 'Priya Shah (Finance, on a phone)', and the next save does not ask again."""
    from sprint import audit
    from sprint.store import Store

    server = _example_server(start_app, tmp_path, env={"SPRINT_TRUSTED_PROXIES": "127.0.0.1"})
    phone = new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                     device_scale_factor=2, extra_http_headers={"X-Forwarded-For": "10.20.30.40"},
                     user_agent="Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                                "Chrome/126.0 Mobile Safari/537.36")
    try:
        phone.goto(f"{server.url}/outcomes?initiative=invoice-processing&view=entry&department=Finance")
        wait_for_app(phone)
        fill_number(phone, "Process cost", "29.5")
        act(phone, lambda: phone.get_by_role("button", name=re.compile("^Save Month 3")).tap())
        expect(phone.get_by_text("Type your name above Save first", exact=False)).to_be_visible()
        name = phone.get_by_role("textbox", name="Your name")
        name.tap()
        name.type("Priya Shah", delay=60)
        save = phone.get_by_role("button", name=re.compile("^Save Month 3"))
        assert save.bounding_box()["y"] + save.bounding_box()["height"] <= 844  # Save still in view
        act(phone, lambda: save.tap())
        expect(phone.get_by_text("Saved 1 value for Month 3.")).to_be_in_viewport()
        expect(phone.get_by_role("textbox", name="Your name")).to_have_count(0)  # asked once
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        phone.screenshot(path=str(SCREENSHOTS / "phone-named-save.png"))
        assert_no_exception(phone, server, "the phone's named save")
    finally:
        phone.context.close()
        server.stop()
    with Store(tmp_path / "example.duckdb") as store:
        assert audit.entries(store).iloc[0]["actor"] == "Priya Shah (Finance, on a phone)"




def _phone_in_the_room(browser, n: int):
    """A phone on the room's network (a proxy this machine trusts passes its own address on)."""
    return new_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                    device_scale_factor=2, user_agent=PHONE_UA,
                    extra_http_headers={"X-Forwarded-For": f"10.20.31.{50 + n}"})


def _type(page, label: str, text: str) -> None:
    box = page.get_by_role("textbox", name=label)
    box.tap()
    box.press_sequentially(text, delay=40)


def _ask(projector, question: str) -> str:
    """The facilitator asks the room from the presenter's header; returns the address the QR code encodes."""
    projector.get_by_role("button", name="Ask", exact=True).click()
    act(projector, lambda: projector.get_by_role("button", name=question).click())
    expect(projector.get_by_role("heading", name=re.compile("^The room:"))).to_be_visible()
    return qr_target(projector)


def _send(phone) -> None:
    """Send the answer (the button in view on the phone) and see it confirmed, nothing wider than the phone."""
    send = phone.get_by_role("button", name="Send my answer")
    assert send.bounding_box()["y"] + send.bounding_box()["height"] <= 844
    act(phone, lambda: send.tap())
    expect(phone.get_by_text("Sent: it is on the screen.", exact=False)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def _tally_shows(projector, lines: int, name: str) -> None:
    """Untouched, the projector's tally comes to `lines` lines by itself."""
    tally = projector.locator(".st-key-room_tally").get_by_test_id("stTable").locator("tbody tr")
    expect(tally).to_have_count(lines, timeout=30_000)
    projector.screenshot(path=str(SCREENSHOTS / name))


def _accept(projector, step: int, server, where: str) -> None:
    act(projector, lambda: projector.get_by_role("button", name=re.compile(f"^Accept into Step {step}")).click())
    expect(projector.get_by_role("heading", name=re.compile("^The room:"))).to_have_count(0)
    assert_no_exception(projector, server, where)


def test_the_room_lists_the_features_from_three_phones_and_the_facilitator_accepts(start_app, browser, tmp_path):
    """Step 1's question: the presenter asks it, three phones open the QR code's address (each reaching the app
    over the room's network: a proxy this machine trusts passes its address on), each adds a feature with its
    person's name, the projector's tally shows three by itself, the facilitator accepts, and Step 1's list holds
    them with each person's name in the audit log."""
    from sprint import audit
    from sprint.store import Store

    server = _example_server(start_app, tmp_path, env={"SPRINT_TRUSTED_PROXIES": "127.0.0.1"})
    projector = new_page(browser, viewport={"width": 1280, "height": 720})
    phones = []
    try:
        projector.goto(f"{server.url}/?present=1&screen=scope&initiative=quality-inspection-vision")
        wait_for_app(projector)
        target = _ask(projector, "List the features")
        assert target.endswith("/room?initiative=quality-inspection-vision")
        people = [("Priya Shah", "Inspect welds", "9000"), ("Omar Ali", "Count surface defects", "1500"),
                  ("Lena Park", "Flag missing labels", "800")]
        for n, (name, feature, dollars) in enumerate(people):
            phone = _phone_in_the_room(browser, n)
            phones.append(phone)
            phone.goto(target)
            wait_for_app(phone)
            _type(phone, "Your name", name)
            _type(phone, "The feature", feature)
            money = phone.get_by_role("spinbutton", name="Saves $ a month")
            money.tap()
            money.press_sequentially(dollars, delay=40)
            _send(phone)
        phones[-1].screenshot(path=str(SCREENSHOTS / "phone-room-answer.png"))
        _tally_shows(projector, 3, "presenter-room-tally.png")
        _accept(projector, 1, server, "the room's question")
    finally:
        for page in (projector, *phones):
            page.context.close()
        server.stop()
    with Store(tmp_path / "example.duckdb") as store:
        log = audit.entries(store)
        quality = store.fetch_one("SELECT id FROM initiatives WHERE name = 'Quality inspection vision'")[0]
        names = {r[0] for r in store.fetch_all("SELECT name FROM features WHERE initiative_id = ?", [quality])}
    assert {"Inspect welds", "Count surface defects", "Flag missing labels"} <= names
    for name, _, _ in people:
        assert f"{name} (on a phone)" in set(log["actor"]), name


def test_the_room_says_what_it_really_uses_and_it_joins_the_shadow_it_inventory(start_app, browser, tmp_path):
    """Step 3's question: three phones name the sheet, chat group or tool behind the official process (two say
    the same group in different case: one line, named by two); the projector's tally shows them by itself; the
    facilitator accepts; the shadow-IT inventory holds them, and the audit log each person's name."""
    from sprint import audit
    from sprint.steps.workflow import store as workflow
    from sprint.store import Store

    server = _example_server(start_app, tmp_path, env={"SPRINT_TRUSTED_PROXIES": "127.0.0.1"})
    projector = new_page(browser, viewport={"width": 1280, "height": 720})
    phones = []
    try:
        projector.goto(f"{server.url}/?present=1&screen=workflow&initiative=sales-pipeline-assistant")
        wait_for_app(projector)
        early = _phone_in_the_room(browser, 9)  # a phone that scanned before the question was asked
        phones.append(early)
        early.goto(f"{server.url}/room?initiative=sales-pipeline-assistant")
        wait_for_app(early)
        expect(early.get_by_text("No question is open for the room right now", exact=False)).to_be_visible()
        target = _ask(projector, "What do you really use")
        # The early phone shows the question by itself, untouched.
        expect(early.get_by_role("textbox", name="The sheet, chat group or tool")).to_be_visible()
        people = [("Priya Shah", "Forecast tracker", "Spreadsheet", "Weekly numbers for the VP", True),
                  ("Omar Ali", "Deal desk WhatsApp", "Chat group", "Discounts approved in minutes", False),
                  ("Lena Park", "deal desk whatsapp", "Chat group", "", False)]
        for n, (name, tool, kind, does, built) in enumerate(people):
            phone = _phone_in_the_room(browser, n)
            phones.insert(n, phone)
            phone.goto(target)
            wait_for_app(phone)
            _type(phone, "Your name", name)
            _type(phone, "The sheet, chat group or tool", tool)
            choice = phone.get_by_role("radiogroup", name="What it is").get_by_role("radio", name=kind)
            choice.tap()  # inside the form: no rerun until Send
            expect(choice).to_be_checked()
            if does:
                _type(phone, "What it does for you", does)
            if built:
                phone.get_by_text("I built it or keep it going").tap()
                expect(phone.get_by_role("checkbox", name="I built it or keep it going")).to_be_checked()
            _send(phone)
        phones[0].screenshot(path=str(SCREENSHOTS / "phone-room-tools.png"))
        _tally_shows(projector, 2, "presenter-room-tools.png")  # the same group, said twice, is one line
        expect(projector.get_by_text("3 answers", exact=False)).to_be_visible()
        _accept(projector, 3, server, "the room's Step 3 question")
    finally:
        for page in (projector, *phones):
            page.context.close()
        server.stop()
    with Store(tmp_path / "example.duckdb") as store:
        sales = store.fetch_one("SELECT id FROM initiatives WHERE name = 'Sales pipeline assistant'")[0]
        tools = {t.tool: t for t in workflow.shadow_tools(store, sales)}
        log = audit.entries(store)
    assert tools["Forecast tracker"].builder == "Priya Shah (on a phone)"
    assert tools["Deal desk WhatsApp"].kind == "Chat group" and "deal desk whatsapp" not in tools
    for name, *_ in people:
        assert f"{name} (on a phone)" in set(log["actor"]), name
