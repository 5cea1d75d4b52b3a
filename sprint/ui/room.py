"""What every screen projected to the room shares: the scale of its charts and type, the QR code phones scan to
enter their numbers, and tables whose cells are shown exactly as typed."""

from __future__ import annotations

import io

import segno
import streamlit as st

from sprint.access import join_link
from sprint.initiatives import Initiative
from sprint.ui import state
from sprint.ui.text import md

SCALE = 1.4  # charts' type and marks, for the back of the room


@st.cache_resource(ttl=300, show_spinner=False)
def _network_addresses() -> list[str]:
    # Asked of the OS (a host-name lookup among it) at most every 5 minutes, not on every live refresh.
    return join_link.network_addresses()


@st.cache_resource(max_entries=16, show_spinner=False)
def qr_png(target: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(target, error="m").save(buffer, kind="png", scale=5, border=2)
    return buffer.getvalue()


def public_address() -> join_link.PublicAddress:
    """Where phones in the room can reach this app (see `sprint.join_link`)."""
    return join_link.public_address(
        configured=join_link.configured_public_url(), browser_url=st.context.url or "",
        listen_address=str(st.get_option("server.address") or ""), port=int(st.get_option("server.port")),
        base_path=str(st.get_option("server.baseUrlPath") or ""), lan_addresses=_network_addresses())


def join_panel(initiative: Initiative | None) -> None:
    """A QR code for phones in the room: the presented initiative's monthly entry form. The code is at least a
    quarter of the screen's height (look.py). A warning that phones can't reach the address is the facilitator's
    (the sidebar and the presenter's help), never projected to the room."""
    if initiative is None:
        return
    target = join_link.entry_link(public_address().base, state.slug_of(initiative))
    with st.container(key="join_qr"):
        st.image(qr_png(target))
    st.markdown(f"**Scan to enter your numbers** for {md(initiative.name)}")
    with st.container(key="join_target"):
        st.caption(md(target))


def address_warning() -> str:
    """The facilitator's note when phones in the room can't open the address ('' when they can)."""
    return public_address().warning or ""


def literal(frame):
    """st.table renders Markdown in its cells: every text cell escaped, so an initiative named
    '[win](https://x)' or '![](https://x/p.png)' is shown as typed, never as a link or a fetched image."""
    return frame.map(lambda v: md(v) if isinstance(v, str) else v)
