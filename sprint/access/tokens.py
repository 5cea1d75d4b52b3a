"""Joined stays joined: a signed, expiring token a browser keeps after someone joins with a code, so a reload or
a new tab of the same browser doesn't ask again for the rest of the workshop day.

The token names the workspace (a random id kept in its database), the code it was earned with and the
person's name, signed with HMAC-SHA256 under a secret
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
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from sprint.errors import SprintError
from sprint.secret_files import create_whole

SECRET_ENV = "SPRINT_SECRET"
COOKIE = "sprint_joined"
LIFETIME_HOURS = 12  # a workshop day
_VERSION = "v2"  # v1 named no workspace: such a token is refused (its browser joins once more)


@dataclass(frozen=True)
class Joined:
    workspace: str
    code_id: int
    name: str
    expires_at: int  # seconds since the epoch


class SecretUnusable(SprintError):
    """The signing secret is missing, empty or damaged: it is never used as it is (anyone could sign with an
    empty key). The message says what is wrong and how to put it right."""


SETTING_MIN = 16  # characters of $SPRINT_SECRET
_HEX64 = re.compile(r"[0-9a-f]{64}")
_FIX = ("Delete the file (a new secret is made; everyone who joined joins once more) or set SPRINT_SECRET to a "
        "long random value (python -c \"import secrets; print(secrets.token_hex(32))\").")


def secret_for(db_path: Path) -> bytes:
    """The signing secret: $SPRINT_SECRET, else `<database>.secret` (made once, mode 0600, written whole or not
    at all). A secret that is too short, empty or damaged raises `SecretUnusable`; it is never used."""
    configured = os.environ.get(SECRET_ENV, "").strip()
    if configured:
        if len(configured) < SETTING_MIN:
            raise SecretUnusable(f"{SECRET_ENV} is {len(configured)} characters long; a secret that signs who has "
                                 f"joined needs at least {SETTING_MIN}. {_FIX}")
        return configured.encode()
    path = Path(str(db_path) + ".secret")
    if path.exists():
        return _read(path)
    return _create(path)


def _read(path: Path) -> bytes:
    try:
        text = path.read_text(errors="replace").strip()
    except OSError as exc:
        raise SecretUnusable(f"The join secret {path} can't be read ({exc.strerror or exc}). {_FIX}") from exc
    if not _HEX64.fullmatch(text):
        what = "empty" if not text else "not 64 hexadecimal characters"
        raise SecretUnusable(f"The join secret {path} is damaged ({what}), so nobody can be signed in with it. "
                             f"{_FIX}")
    return bytes.fromhex(text)


def _create(path: Path) -> bytes:
    """Write a new secret to a temporary file, flush it to disk, then link it into place: another process
    sees either no file or the whole secret, and a full disk leaves nothing behind."""
    fresh = secrets.token_hex(32)
    try:
        if not create_whole(path, fresh.encode()):  # another process made it a moment ago: theirs is whole
            return _read(path)
    except OSError as exc:
        raise SecretUnusable(f"The join secret {path} could not be written ({exc.strerror or exc}): nobody can "
                             "stay joined until it can. Free some disk space, or set SPRINT_SECRET.") from exc
    return bytes.fromhex(fresh)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def make(secret: bytes, workspace: str, code_id: int, name: str, *, now: float,
         hours: float = LIFETIME_HOURS) -> str:
    """A token for a cookie: only URL-safe base64 characters and dots, so it is safe in a cookie value."""
    body = _b64(json.dumps({"w": str(workspace), "c": int(code_id), "n": str(name), "e": int(now + hours * 3600)},
                           separators=(",", ":"), ensure_ascii=True).encode())
    signature = _b64(hmac.new(secret, f"{_VERSION}.{body}".encode(), hashlib.sha256).digest())
    return f"{_VERSION}.{body}.{signature}"


def read(secret: bytes, workspace: str, token: str | None, *, now: float) -> Joined | None:
    """The joined person a token names, or None if it is missing, forged, altered, expired or made for another
    workspace (two workshops may share one SPRINT_SECRET; their code ids overlap)."""
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
        joined = Joined(str(data["w"]), int(data["c"]), str(data["n"]), int(data["e"]))
    except (ValueError, KeyError, TypeError):
        return None
    if not workspace or not hmac.compare_digest(joined.workspace.encode(), str(workspace).encode()):
        return None
    return joined if joined.expires_at > now else None
