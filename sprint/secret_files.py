"""Small secret files (the join secret, the audit key) written whole or not at all."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


def create_whole(path: Path, data: bytes) -> bool:
    """Write `data` to a new file at `path`, readable by its owner only (0600): to a temporary file first,
    flushed to disk, then linked into place, so another process sees no file or the whole of it and a full disk
    leaves nothing behind. False if `path` already exists (another process made it a moment ago: theirs is
    whole); OSError when it can't be written."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            if os.write(descriptor, data) != len(data):
                raise OSError(28, "No space left on device")
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        try:
            os.link(temporary, path)
        except FileExistsError:
            return False
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
