"""The audit log's seal: a secret key kept outside the database file, and a keyed MAC of each entry's hash.

The hash chain (sprint.audit) shows an entry edited, removed from the middle or reordered, but anyone who can
write the database can rewrite the newest entries and recompute their hashes, or append an entry of their
own. A seal is HMAC-SHA256(key, entry hash); without the key nobody can make one, so a rewritten or forged
entry shows. The key lives in a small file beside the database (`<db>.audit-key`), or where
SPRINT_AUDIT_KEY_FILE says: keep it somewhere the people who can edit the database file cannot (another
volume, a secrets mount) for the seal to mean anything against them.

The key file also says from which entry the log is sealed, so entries written before the key existed (an
older database) are checked by hash only, and says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from sprint.errors import DatabaseError

KEY_ENV = "SPRINT_AUDIT_KEY_FILE"


@dataclass(frozen=True)
class Seal:
    key: bytes
    sealed_from: int  # the first entry sealed with this key
    path: Path | None  # None: an in-memory database, whose key lives as long as the process
    created: bool = False  # made when this database was opened

    def of(self, entry_hash: str) -> str:
        return hmac.new(self.key, entry_hash.encode("ascii"), hashlib.sha256).hexdigest()

    def matches(self, entry_hash: str, mac: str | None) -> bool:
        return mac is not None and hmac.compare_digest(self.of(entry_hash), mac)


def key_path(db_path: Path) -> Path | None:
    configured = os.environ.get(KEY_ENV, "").strip()
    if configured:
        return Path(configured)
    if str(db_path) == ":memory:":
        return None
    return db_path.with_name(db_path.name + ".audit-key")


def load_or_create(path: Path | None, next_seq: int) -> Seal:
    """The key at `path`, or a new one (sealing from `next_seq`, the next entry to be written)."""
    if path is None:
        return Seal(secrets.token_bytes(32), next_seq, None, created=True)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Seal(bytes.fromhex(data["key"]), int(data["sealed_from"]), path)
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DatabaseError(f"The audit key {path} can't be read ({exc}). Restore it from your backup, or move it "
                            "away to start sealing afresh (the entries it sealed are then checked by hash only).") from exc
    key = secrets.token_bytes(32)
    record = {"key": key.hex(), "sealed_from": next_seq, "created_at": dt.datetime.now(dt.UTC).isoformat(),
              "note": "Production Sprint audit key: keep it apart from the database and out of version control."}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
    except FileExistsError:  # another process made it a moment ago
        return load_or_create(path, next_seq)
    except OSError as exc:
        raise DatabaseError(f"Can't write the audit key {path}: {exc.strerror or exc}. Set {KEY_ENV} to a "
                            "writable place.") from exc
    return Seal(key, next_seq, path, created=True)
