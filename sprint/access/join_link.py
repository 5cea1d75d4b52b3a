"""The address phones in the room can open: where the presenter's QR code points.

The presenter's own browser address is no good when it is `127.0.0.1` or `localhost` (a phone that opens it
talks to itself). In order of preference:
1. `SPRINT_PUBLIC_URL`, set by whoever runs the app (behind a proxy, a tunnel, a real host name);
2. the presenter's browser address, when its host is not a loopback one (they reached the app by a name or an
   address others can reach too);
3. this machine's address on the local network, when the app listens on all interfaces
   (`--server.address 0.0.0.0`, or no address set);
4. otherwise the loopback address, with a warning that says the one line that fixes it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

PUBLIC_URL_ENV = "SPRINT_PUBLIC_URL"
FIX_COMMAND = "python -m sprint serve --server.address 0.0.0.0"
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", ""}


@dataclass(frozen=True)
class PublicAddress:
    base: str  # 'http://192.168.1.20:8501', no trailing slash
    source: str  # 'setting', 'browser', 'network', 'loopback'
    warning: str = ""  # set when phones can't open `base`


def is_loopback(host: str) -> bool:
    host = (host or "").strip("[]").lower()
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _all_interfaces(listen_address: str) -> bool:
    return (listen_address or "").strip() in ("", "0.0.0.0", "::", "[::]")


def public_address(*, configured: str = "", browser_url: str = "", listen_address: str = "", port: int = 8501,
                   base_path: str = "", lan_addresses: list[str] | None = None) -> PublicAddress:
    """Decide the base address for links and QR codes (see the module's docstring for the order). `base_path`
    is Streamlit's server.baseUrlPath (the app served under /sprint, say)."""
    path = "/" + base_path.strip("/") if base_path.strip("/") else ""
    configured = (configured or "").strip().rstrip("/")
    if configured:
        if urlsplit(configured).scheme not in ("http", "https") or not urlsplit(configured).hostname:
            return PublicAddress(configured, "setting", f"{PUBLIC_URL_ENV} is '{configured}', which is not an "
                                 "http(s) address such as https://sprint.example.org.")
        return PublicAddress(configured, "setting")
    parts = urlsplit(browser_url or "")
    if parts.hostname and not is_loopback(parts.hostname):
        return PublicAddress(f"{parts.scheme}://{parts.netloc}{path}", "browser")
    if _all_interfaces(listen_address):
        for address in lan_addresses if lan_addresses is not None else network_addresses():
            return PublicAddress(f"http://{address}:{port}{path}", "network")
    loopback = f"{parts.scheme or 'http'}://{parts.netloc or f'localhost:{port}'}{path}"
    if _all_interfaces(listen_address):
        why = "this machine has no network address other than its own loopback"
    else:
        why = f"the app listens on {listen_address} only"
    return PublicAddress(loopback, "loopback",
                         f"Phones in the room can't open {loopback}: {why}. Restart with `{FIX_COMMAND}` "
                         f"(or set {PUBLIC_URL_ENV} to the address people can reach) and the code will point "
                         "there.")


def entry_link(base: str, initiative_slug: str, department: str | None = None) -> str:
    """The monthly entry form of one initiative: what the room's QR code opens."""
    params = {"initiative": initiative_slug, "view": "entry"}
    if department:
        params["department"] = department
    return f"{base.rstrip('/')}/outcomes?{urlencode(params)}"


def room_link(base: str, initiative_slug: str) -> str:
    """The page where a phone answers the room's open question for one initiative."""
    return f"{base.rstrip('/')}/room?{urlencode({'initiative': initiative_slug})}"


def network_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback and link-local, private ones first. Asks the
    operating system only; nothing is sent on the network."""
    found: list[str] = []
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, family=socket.AF_INET)
        found += [info[4][0] for info in infos]
    except OSError:
        pass
    found += _interface_addresses()
    usable = []
    for text in dict.fromkeys(found):
        address = ipaddress.ip_address(text)
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            usable.append(address)
    usable.sort(key=lambda a: (not a.is_private, str(a)))
    return [str(a) for a in usable]


def _interface_addresses() -> list[str]:
    """IPv4 addresses of the network interfaces (Linux: SIOCGIFADDR per interface); [] elsewhere."""
    if not hasattr(socket, "if_nameindex") or os.name != "posix":
        return []
    try:
        import fcntl
        import struct
    except ImportError:
        return []
    addresses = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for _, name in socket.if_nameindex():
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name[:15].encode()))
                addresses.append(socket.inet_ntoa(packed[20:24]))
            except OSError:
                continue
    return addresses


def configured_public_url() -> str:
    return os.environ.get(PUBLIC_URL_ENV, "")
