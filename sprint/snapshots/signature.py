"""A snapshot's signature: who can vouch that a snapshot file was made here, unaltered.

The payload's SHA-256 beside it shows a damaged copy, but anyone can edit the payload and recompute it. The
signature is an HMAC over every fact of the snapshot (the payload's hash and size, the audit anchor, the
workspace, when and by whom), keyed with a key derived from this workspace's audit key, which the snapshot file
does not hold. A snapshot that carries a signature this workspace's key makes is *made here*; any other
(signed under another key, edited, unsigned, or older than signatures) is *not verified*: it restores only when
the facilitator confirms it, and its history comes in marked as imported and unverified.

What it does not show: who exported it (anyone who can use the app here can export), or that the numbers in it
were true; and a copy of the audit key lets anyone sign.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from enum import StrEnum

from sprint.audit_key import Seal

FIELD = "signature"
_PURPOSE = b"Production Sprint snapshot signature v1"


class Provenance(StrEnum):
    MADE_HERE = "made here"
    ANOTHER_KEY = "signed elsewhere"
    UNSIGNED = "unsigned"


def _signed_text(facts: dict[str, str]) -> bytes:
    return json.dumps({k: str(v) for k, v in facts.items() if k != FIELD}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def _key(seal: Seal) -> bytes:
    return hmac.new(seal.key, _PURPOSE, hashlib.sha256).digest()


def sign(seal: Seal, facts: dict[str, str]) -> str | None:
    """The signature of these facts, or None when there is no key to sign with (it is missing)."""
    if seal.missing or not seal.key:
        return None
    return hmac.new(_key(seal), _signed_text(facts), hashlib.sha256).hexdigest()


def provenance(seal: Seal, facts: dict[str, str]) -> Provenance:
    given = str(facts.get(FIELD) or "")
    if not given:
        return Provenance.UNSIGNED
    expected = sign(seal, facts)
    if expected is not None and hmac.compare_digest(expected, given):
        return Provenance.MADE_HERE
    return Provenance.ANOTHER_KEY
