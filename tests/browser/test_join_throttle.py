"""Guessing join codes through a real server: a forged X-Forwarded-For header buys no fresh tries unless the
operator named the proxy that sends it (SPRINT_TRUSTED_PROXIES)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sprint.access import codes as access
from sprint.dates import today_utc
from sprint.example import build as example
from sprint.permissions import Actor, Role
from sprint.store import Store
from sprint.ui import access_view
from tests.browser.conftest import assert_no_exception, new_page, wait_for_app

pytestmark = pytest.mark.browser
FAC = Actor("Fran", Role.FACILITATOR)


def _server(start_app, tmp_path, **env):
    db = tmp_path / "codes.duckdb"
    with Store(db) as store:
        example.load_example(store, FAC, today=today_utc())
        access.add_code(store, FAC, Role.FACILITATOR, "facilitate-2026")
    return start_app(db, env={access_view.LANE_ENV: "600", **env})


def _guess(page, url: str, code: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("textbox", name="Your name").fill("Mal")
    page.get_by_role("textbox", name="Code").fill(code)
    # A refused try answers at once, too fast for the run counter to see it start: each caller waits for the
    # message its try must show instead (every guess is on a freshly loaded page, so nothing stale is shown).
    page.get_by_role("button", name="Join").click()


def _browser_claiming(browser, address: str):
    return new_page(browser, extra_http_headers={"X-Forwarded-For": address})


@pytest.mark.parametrize("trusted", [False, True])
def test_a_forged_forwarded_address_gets_no_fresh_tries_unless_its_proxy_is_configured(start_app, browser, tmp_path,
                                                                                        trusted):
    server = _server(start_app, tmp_path, **({"SPRINT_TRUSTED_PROXIES": "127.0.0.1"} if trusted else {}))
    first = _browser_claiming(browser, "198.51.100.1")
    for n in range(3):
        _guess(first, server.url, f"wrong-code-{n}")
        expect(first.get_by_text("did not open", exact=False)).to_be_visible()
    _guess(first, server.url, "wrong-code-lane")  # the shared lane checks one more...
    expect(first.get_by_text("did not open", exact=False)).to_be_visible()
    _guess(first, server.url, "wrong-code-late")  # ...then this address waits
    expect(first.get_by_text("Too many tries from this network", exact=False)).to_be_visible()
    second = _browser_claiming(browser, "198.51.100.2")  # the same machine, claiming another address
    _guess(second, server.url, "wrong-code-second")
    if trusted:  # the operator says this proxy tells the truth: a different client, its own free tries
        expect(second.get_by_text("did not open", exact=False)).to_be_visible()
    else:  # nobody vouches for the header: the same count, no fresh guesses
        expect(second.get_by_text("Too many tries from this network", exact=False)).to_be_visible()
    assert_no_exception(second, server, "throttled join")
    first.context.close()
    second.context.close()
