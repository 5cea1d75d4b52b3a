"""Single sign-on end to end: a local OIDC provider (oidc-provider-mock) on loopback, the app configured with
`[auth]`, a department head who signs in, saves their own department's month, and is refused another's."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from sprint.access import sign_on
from sprint.dates import today_utc
from sprint.example import build as example
from sprint.permissions import Actor, Role
from sprint.store import Store
from tests.browser.conftest import (
    act,
    assert_no_exception,
    choose,
    fill_number,
    screenshot,
    wait_for_app,
)
from tests.servers import free_port

pytestmark = pytest.mark.browser
FAC = Actor("Fran", Role.FACILITATOR)


@pytest.fixture
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub="hal", claims={"email": "hal@acme.test", "email_verified": True, "name": "Hal Head"}),
             User(sub="mallory", claims={"email": "FRAN@acme.test", "email_verified": False, "name": "Not Fran"})]
    with run_server_in_thread(free_port(), user_claims=users) as server:
        yield f"http://127.0.0.1:{server.server_port}"


def _signed_in_as(start_app, page, tmp_path, provider, user: str, people):
    """The example sprint with Fran (and `people`) on the list, the app configured for the provider, and `page`
    signed in as the provider's `user`."""
    db = tmp_path / "sso.duckdb"
    with Store(db) as store:
        example.load_example(store, FAC, today=today_utc())
        sign_on.set_person(store, FAC, "fran@acme.test", Role.FACILITATOR, [], "Fran")
        for who, role, departments, name in people:
            sign_on.set_person(store, FAC, who, role, departments, name)
    port = free_port()
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-cookie-secret-for-tests-only"\n'
        'client_id = "production-sprint"\n'
        'client_secret = "test-secret"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n')
    server = start_app(db, extra_args=(f"--secrets.files={secrets}",), port=port)
    page.goto(server.url)
    wait_for_app(page)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=user).click()  # the provider's form: sign in as its predefined user
    page.wait_for_url(f"{server.url}/**", timeout=30_000)
    wait_for_app(page)
    return server, db


def test_a_department_head_signs_in_saves_their_month_and_is_refused_another(start_app, page, tmp_path, provider):
    server, db = _signed_in_as(start_app, page, tmp_path, provider, "hal",
                               [("hal@acme.test", Role.DEPARTMENT_HEAD, ["Customer Support"], "Hal Head")])
    expect(page.get_by_text("Hal Head · department head for Customer Support")).to_be_visible(timeout=30_000)
    assert_no_exception(page, server, "signed in")

    # Their own department's month: saved.
    page.goto(f"{server.url}/outcomes")
    wait_for_app(page)
    choose(page, page.get_by_role("combobox", name="Current initiative"), "Support ticket assistant")
    act(page, lambda: page.get_by_test_id("stButtonGroup").get_by_text("Monthly entry").click())
    fill_number(page, "Tickets resolved without a person", "43")
    act(page, lambda: page.get_by_role("button", name="Save Month").click())
    expect(page.get_by_text("Saved 1 value")).to_be_visible()
    screenshot(page, "sso-department-head-saved")

    # Another department's: the import is refused with the reason, and nothing is written.
    page.goto(f"{server.url}/import")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[{
        "name": "finance.csv", "mimeType": "text/csv",
        "buffer": b"Department,Metric,Baseline,Target,Month 1\nFinance,Invoice cost,10,5,8\n"}])
    expect(page.get_by_text("is department head for Customer Support and can't edit department data for Finance"))\
        .to_be_visible(timeout=30_000)
    expect(page.get_by_role("button", name="Import 2 changes")).to_be_disabled()
    assert_no_exception(page, server, "refused import")
    server.stop()  # DuckDB lets one process open the file: read the audit log once the app is gone
    with Store(db) as store:
        mine = store.fetch_all("SELECT summary FROM audit_log WHERE actor = 'Hal Head' ORDER BY seq")
        bound = store.fetch_one("SELECT subject FROM people WHERE who = 'hal@acme.test'")[0]
    assert [m[0] for m in mine][0].endswith("their account id is recorded") and bound.endswith(" hal")
    assert len(mine) == 2 and "Customer Support" in mine[1][0]


def test_an_unverified_address_is_refused_even_when_it_names_the_facilitator(start_app, page, tmp_path, provider):
    server, _ = _signed_in_as(start_app, page, tmp_path, provider, "mallory", [])
    expect(page.get_by_text("does not say that FRAN@acme.test is verified", exact=False)).to_be_visible()
    expect(page.get_by_text("Fran · facilitator")).to_have_count(0)
    expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)  # nothing of the workspace is shown
    assert_no_exception(page, server, "unverified address refused")
    screenshot(page, "sso-unverified-refused")
