"""The address a join-code try is counted against: forwarded headers trusted only from configured proxies."""

from __future__ import annotations

from sprint.access import client_address as ca

NONE = ca.trusted_proxies("")
LOCAL_PROXY = ca.trusted_proxies("127.0.0.1, ::1")
REMOTE_PROXY = ca.trusted_proxies("10.0.0.0/24")


def test_without_configured_proxies_a_forged_header_gets_no_fresh_address():
    # uvicorn rewrites a loopback peer's address to the header's last entry: each forged value looks new...
    assert ca.source("198.51.100.1", ["198.51.100.1"], NONE) == ca.UNVERIFIED
    assert ca.source("198.51.100.2", ["1.2.3.4, 198.51.100.2"], NONE) == ca.UNVERIFIED
    # ...so all of them share one count, and so does this machine with a header
    assert ca.source(None, ["198.51.100.3"], NONE) == ca.UNVERIFIED
    assert ca.source(None, [], NONE) == ca.THIS_MACHINE
    assert ca.source("203.0.113.7", [], NONE) == "203.0.113.7"  # a direct client, no header
    assert ca.source("203.0.113.7", ["198.51.100.9"], NONE) == "203.0.113.7"  # its header ignored


def test_a_configured_proxy_is_believed_and_only_it():
    # nginx on this machine, configured: uvicorn already took the client from the header
    assert ca.source("203.0.113.7", ["198.51.100.66, 203.0.113.7"], LOCAL_PROXY) == "203.0.113.7"
    # a proxy elsewhere: its header names the client; a forged entry further left is not believed
    assert ca.source("10.0.0.5", ["198.51.100.66, 203.0.113.7"], REMOTE_PROXY) == "203.0.113.7"
    assert ca.source("10.0.0.5", ["203.0.113.7, 10.0.0.4"], REMOTE_PROXY) == "203.0.113.7"
    # a client that is not the proxy: its header is ignored
    assert ca.source("203.0.113.9", ["198.51.100.66"], REMOTE_PROXY) == "203.0.113.9"
    assert ca.source("10.0.0.5", ["not-an-address"], REMOTE_PROXY) == ca.UNVERIFIED


def test_bad_entries_in_the_setting_are_ignored():
    assert ca.trusted_proxies("10.0.0.5, nonsense, ,::1") == (ca.trusted_proxies("10.0.0.5")[0],
                                                              ca.trusted_proxies("::1")[0])
