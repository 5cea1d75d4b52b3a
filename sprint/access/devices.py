"""Where a browser is, in words for the audit log: "on a phone", "on a tablet", "on another computer", or ""
for the machine running the app. Read from the connection (loopback or not) and the browser's User-Agent."""

from __future__ import annotations

import re

_PHONE = re.compile(r"iPhone|iPod|Android.*Mobile|Windows Phone|Mobile.*Firefox|BlackBerry|Opera Mini|"
                    r"Mobile Safari", re.IGNORECASE)
_TABLET = re.compile(r"iPad|Android(?!.*Mobile)|Tablet|Silk/|Kindle", re.IGNORECASE)


def kind(user_agent: str) -> str:
    """'phone', 'tablet' or 'computer', from a User-Agent header (an unknown one reads as a computer)."""
    text = user_agent or ""
    if _PHONE.search(text):
        return "phone"
    if _TABLET.search(text):
        return "tablet"
    return "computer"


def place(on_this_machine: bool, user_agent: str) -> str:
    """How the audit log says where a change came from: '' at the machine running the app, else 'on a phone',
    'on a tablet' or 'on another computer'."""
    if on_this_machine:
        return ""
    found = kind(user_agent)
    return "on another computer" if found == "computer" else f"on a {found}"
