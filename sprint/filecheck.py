"""Uploaded files are hostile until proven otherwise: bound the size, sniff the content (not the name),
and refuse zip bombs before any parser inflates them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from sprint.errors import SprintError

MAX_UPLOAD_BYTES = 20_000_000  # decimal megabytes, as the upload widget counts them
# What the upload widgets accept (server.maxUploadSize in .streamlit/config.toml): twice the limit, so a file
# a little too large reaches the page and is refused in words. The browser shows only a red mark for larger.
RECEIVE_MB = 40
MAX_INFLATED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed; real workbooks sit well under 20
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and password-protected .xlsx


class FileRefused(SprintError):
    pass


@dataclass(frozen=True)
class Sniffed:
    kind: str  # "xlsx" (any zip-based workbook: xlsx, xlsm, ods), "ole" (xls or encrypted), "text"
    size: int


def too_large(size: int, filename: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> str | None:
    """The sentence refusing a file over the limit, before anyone reads it; None when it fits."""
    if size <= max_bytes:
        return None
    return f"'{filename}' is {size / 1e6:.1f} MB; the limit is {max_bytes / 1e6:.0f} MB."


def check(data: bytes, filename: str, *, max_bytes: int = MAX_UPLOAD_BYTES) -> Sniffed:
    size = len(data)
    if size == 0:
        raise FileRefused(f"'{filename}' is empty.")
    refusal = too_large(size, filename, max_bytes=max_bytes)
    if refusal:
        raise FileRefused(refusal)
    if data.startswith(ZIP_MAGIC):
        try:
            members = zipfile.ZipFile(io.BytesIO(data)).infolist()
        except zipfile.BadZipFile as exc:
            raise FileRefused(f"'{filename}' looks like a workbook but is damaged ({exc}).") from exc
        inflated = sum(m.file_size for m in members)
        packed = sum(m.compress_size for m in members) or 1
        if inflated > MAX_INFLATED_BYTES or inflated / packed > MAX_RATIO:
            raise FileRefused(f"'{filename}' would inflate to {inflated / 1e6:.0f} MB ({inflated / packed:.0f}x its "
                              "size): refused as a possible zip bomb.")
        return Sniffed("xlsx", size)
    if data.startswith(OLE_MAGIC):
        return Sniffed("ole", size)
    return Sniffed("text", size)
