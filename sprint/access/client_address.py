"""Which address a sign-in try comes from, for the join-code throttle, trusting forwarded headers only from
proxies the operator named.

The web server under Streamlit (uvicorn) replaces the peer's address with the last entry of `X-Forwarded-For`
whenever the connection comes from this machine, so anyone on loopback, or behind an unconfigured local
proxy, could claim a fresh address on every try. Here a forwarded address counts only when the connection
comes from a proxy listed in SPRINT_TRUSTED_PROXIES (addresses or networks, comma-separated: "127.0.0.1" for a
proxy on this machine, "10.0.0.5" or "10.0.0.0/24" for one elsewhere). Otherwise every try that carries a
forwarded header shares one count, whatever address it claims, and the lane in `throttle.Throttle` keeps a
person with the right code from being locked out by it.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Iterable, Sequence

TRUSTED_PROXIES_ENV = "SPRINT_TRUSTED_PROXIES"
THIS_MACHINE = "this machine"
UNVERIFIED = "a forwarded address no configured proxy vouches for"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def trusted_proxies(text: str | None = None) -> tuple[Network, ...]:
    """The configured proxies (SPRINT_TRUSTED_PROXIES); entries that aren't addresses are ignored."""
    out = []
    for part in (os.environ.get(TRUSTED_PROXIES_ENV, "") if text is None else text).split(","):
        try:
            out.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            continue
    return tuple(out)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        return None


def _trusted(address, proxies: Sequence[Network]) -> bool:
    return address is not None and any(address in net for net in proxies)


def source(peer: str | None, forwarded_for: Iterable[str], proxies: Sequence[Network]) -> str:
    """The address to count a try against.

    `peer`: the address Streamlit reports (None on loopback); `forwarded_for`: every X-Forwarded-For header
    value of the connection; `proxies`: the trusted proxies."""
    chain = [part.strip() for value in forwarded_for for part in str(value).split(",") if part.strip()]
    if not proxies:
        if chain and (peer is None or peer in chain):
            return UNVERIFIED  # the reported address may come from the header itself: trust none of it
        return peer or THIS_MACHINE
    here = _address(peer) if peer else ipaddress.ip_address("127.0.0.1")
    if not _trusted(here, proxies):
        return str(here) if peer else THIS_MACHINE
    for hop in reversed(chain):  # the nearest hop the trusted proxies did not add is the client
        address = _address(hop)
        if address is None:
            return UNVERIFIED
        if not _trusted(address, proxies):
            return str(address)
    return str(here)
