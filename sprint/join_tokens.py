"""Joined stays joined: a signed, expiring token a browser keeps after someone joins with a code, so a reload or
a new tab of the same browser doesn't ask again for the rest of the workshop day.

The token names the code it was earned with and the person's name, signed with HMAC-SHA256 under a secret
kept outside the database (the `SPRINT_SECRET` setting, else a file beside the database created on first use,
readable by its owner only). It proves nothing by itself: on every new session the code must still be valid,
so revoking the code ends every browser that joined with it; and it expires after `LIFETIME_HOURS`.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

SECRET_ENV = "SPRINT_SECRET"
COOKIE = "sprint_joined"
LIFETIME_HOURS = 12  # a workshop day
_VERSION = "v1"


@dataclass(frozen=True)
class Joined:
    code_id: int
    name: str
    expires_at: int  # seconds since the epoch


def secret_for(db_path: Path) -> bytes:
    """The signing secret: $SPRINT_SECRET, else `<database>.secret` (made once, mode 0600)."""
    configured = os.environ.get(SECRET_ENV, "").strip()
    if configured:
        return configured.encode()
    path = Path(str(db_path) + ".secret")
    try:
        return bytes.fromhex(path.read_text().strip())
    except (OSError, ValueError):
        pass
    fresh = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it a moment ago
        return bytes.fromhex(path.read_text().strip())
    with os.fdopen(fd, "w") as handle:
        handle.write(fresh)
    return bytes.fromhex(fresh)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make(secret: bytes, code_id: int, name: str, *, now: float, hours: float = LIFETIME_HOURS) -> str:
    """A token for a cookie: only URL-safe base64 characters and dots, so it is safe in a cookie value."""
    body = _b64(json.dumps({"c": int(code_id), "n": str(name), "e": int(now + hours * 3600)},
                           separators=(",", ":"), ensure_ascii=True).encode())
    signature = _b64(hmac.new(secret, f"{_VERSION}.{body}".encode(), hashlib.sha256).digest())
    return f"{_VERSION}.{body}.{signature}"


def read(secret: bytes, token: str | None, *, now: float) -> Joined | None:
    """The joined person a token names, or None if it is missing, forged, altered or expired."""
    try:
        version, body, signature = str(token or "").split(".")
    except ValueError:
        return None
    if version != _VERSION:
        return None
    expected = _b64(hmac.new(secret, f"{version}.{body}".encode(), hashlib.sha256).digest())
    if not hmac.compare_digest(expected, signature):
        return None
    try:
        data = json.loads(_unb64(body))
        joined = Joined(int(data["c"]), str(data["n"]), int(data["e"]))
    except (ValueError, KeyError, TypeError):
        return None
    return joined if joined.expires_at > now else None
