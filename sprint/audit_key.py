"""The audit log's seal: a secret key kept outside the database file, and a keyed MAC of each entry's hash.

The hash chain (sprint.audit) shows an entry edited, removed from the middle or reordered, but anyone who can
write the database can rewrite the newest entries and recompute their hashes, or append an entry of their
own. A seal is HMAC-SHA256(key, entry hash); without the key nobody can make one, so a rewritten or forged
entry shows. The key lives in a small file beside the database (`<db>.audit-key`), or where
SPRINT_AUDIT_KEY_FILE says: keep it somewhere the people who can edit the database file cannot (another
volume, a secrets mount) for the seal to mean anything against them.

The key file also says from which entry the log is sealed, so entries written before the key existed (an
older database) are checked by hash only, and says so.

A key is made only for a log that has no sealed entry. When the log holds sealed entries and their key is not
there, nothing is made in its place (that would launder a rewritten log: "intact, by hash only"): verifying
fails, changes are refused, and the messages say to put the key back. Only a deliberate `new-audit-key` on the
command line starts a new key for such a log; the key file and a sealed entry in the log both record which
entries the lost key had sealed, and every later check says so.
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
from sprint.secret_files import create_whole

KEY_ENV = "SPRINT_AUDIT_KEY_FILE"


class KeyMissing(DatabaseError):
    """The log holds sealed entries and their key is not where it should be."""


def missing_message(path: Path | None) -> str:
    return (f"The audit key {path} is missing, but the audit log holds entries sealed with it: without it nobody "
            "can show that the log was not rewritten, so nothing is changed until it is back. Put the key file "
            "back from your backup (or point SPRINT_AUDIT_KEY_FILE at it). If it is lost for good, "
            "'python -m sprint new-audit-key' starts a new one and records the loss in the log.")


@dataclass(frozen=True)
class Seal:
    key: bytes
    sealed_from: int  # the first entry sealed with this key
    path: Path | None  # None: an in-memory database, whose key lives as long as the process
    created: bool = False  # made when this database was opened
    missing: bool = False  # the log has sealed entries and this key file is not there: nothing can be sealed
    lost_until: int = 0  # entries up to this one were sealed with a key declared lost (see new-audit-key)
    lost_on: str = ""  # when that was declared

    def of(self, entry_hash: str) -> str:
        if self.missing:
            raise KeyMissing(missing_message(self.path))
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


def load(path: Path) -> Seal | None:
    """The key at `path` as it is on disk now; None when there is no file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        lost = data.get("replaces_lost_key") or {}
        return Seal(bytes.fromhex(data["key"]), int(data["sealed_from"]), path,
                    lost_until=int(lost.get("sealed_until", 0)), lost_on=str(lost.get("declared_at", "")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise DatabaseError(f"The audit key {path} can't be read ({exc}). Put it back from your backup. If it is "
                            "lost for good, move it away and run 'python -m sprint new-audit-key', which starts a "
                            "new one and records the loss in the log.") from exc


def load_or_create(path: Path | None, next_seq: int, *, sealed_entries: bool = False) -> Seal:
    """The key at `path`, or a new one (sealing from `next_seq`, the next entry to be written) for a log that
    has no sealed entry. A log with sealed entries and no key gets a `missing` seal: nothing is made in its
    place."""
    if path is None:
        return Seal(secrets.token_bytes(32), next_seq, None, created=True)
    found = load(path)
    if found is not None:
        return found
    if sealed_entries:
        return Seal(b"", next_seq, path, missing=True)
    return _create(path, next_seq)


def replace_lost(path: Path, next_seq: int) -> Seal:
    """A new key for a log whose key is lost for good (the command line's `new-audit-key`): it seals from
    `next_seq` and records that the entries before it were sealed with a lost key."""
    if path.exists():
        raise DatabaseError(f"There is an audit key at {path} already; nothing was changed.")
    return _create(path, next_seq, lost_until=next_seq - 1)


def _create(path: Path, next_seq: int, *, lost_until: int = 0) -> Seal:
    key = secrets.token_bytes(32)
    now = dt.datetime.now(dt.UTC).isoformat()
    record = {"key": key.hex(), "sealed_from": next_seq, "created_at": now,
              "note": "Production Sprint audit key: keep it apart from the database and out of version control."}
    if lost_until:
        record["replaces_lost_key"] = {"sealed_until": lost_until, "declared_at": now}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        made = create_whole(path, json.dumps(record).encode("utf-8"))  # whole or not at all
    except OSError as exc:
        raise DatabaseError(f"Can't write the audit key {path}: {exc.strerror or exc}. Set {KEY_ENV} to a "
                            "writable place.") from exc
    if not made:  # another process made it a moment ago: theirs is whole
        return load_or_create(path, next_seq)
    return Seal(key, next_seq, path, created=True, lost_until=lost_until, lost_on=now if lost_until else "")
