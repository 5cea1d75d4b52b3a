"""The address the room's QR code points at: never a loopback address in silence."""

from __future__ import annotations

from sprint.access import join_link


def test_the_setting_wins():
    found = join_link.public_address(configured="https://sprint.acme.example/", browser_url="http://127.0.0.1:8501/",
                                     listen_address="127.0.0.1", lan_addresses=["10.0.0.5"])
    assert (found.base, found.source, found.warning) == ("https://sprint.acme.example", "setting", "")


def test_a_setting_that_is_not_an_address_is_named():
    found = join_link.public_address(configured="sprint.acme.example", lan_addresses=[])
    assert join_link.PUBLIC_URL_ENV in found.warning and "sprint.acme.example" in found.warning


def test_a_browser_on_a_reachable_host_is_used_with_its_base_path():
    found = join_link.public_address(browser_url="https://sprint.acme.example/ps/outcomes?x=1", base_path="/ps/",
                                     listen_address="127.0.0.1", lan_addresses=["10.0.0.5"])
    assert (found.base, found.source) == ("https://sprint.acme.example/ps", "browser")


def test_loopback_browser_on_all_interfaces_uses_the_network_address():
    for host in ("127.0.0.1", "localhost", "[::1]"):
        found = join_link.public_address(browser_url=f"http://{host}:8501/outcomes", listen_address="0.0.0.0",
                                         port=8501, lan_addresses=["192.168.1.20"])
        assert (found.base, found.source, found.warning) == ("http://192.168.1.20:8501", "network", "")
    # No address set means all interfaces too (Streamlit's default).
    assert join_link.public_address(browser_url="http://localhost:8501/", listen_address="", port=8501,
                                    lan_addresses=["192.168.1.20"]).source == "network"


def test_only_loopback_warns_with_the_line_that_fixes_it():
    found = join_link.public_address(browser_url="http://127.0.0.1:8501/outcomes", listen_address="127.0.0.1",
                                     port=8501, lan_addresses=["192.168.1.20"])
    assert found.source == "loopback" and found.base == "http://127.0.0.1:8501"
    assert join_link.FIX_COMMAND in found.warning and join_link.PUBLIC_URL_ENV in found.warning
    none = join_link.public_address(browser_url="http://localhost:8501/", listen_address="0.0.0.0", lan_addresses=[])
    assert none.source == "loopback" and "no network address" in none.warning


def test_the_entry_link_names_the_initiative_and_the_entry_view():
    assert join_link.entry_link("http://10.0.0.5:8501/", "invoice-processing") == \
        "http://10.0.0.5:8501/outcomes?initiative=invoice-processing&view=entry"
    assert join_link.entry_link("http://h", "a", "R&D").endswith("&department=R%26D")


def test_network_addresses_never_include_loopback():
    assert all(not a.startswith("127.") for a in join_link.network_addresses())
