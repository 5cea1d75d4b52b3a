"""Joined stays joined: the signed, expiring token a browser keeps."""

from __future__ import annotations

import os
import stat

import pytest

from sprint.access import tokens as join_tokens

SECRET = b"k" * 32


def test_a_token_reads_back_until_it_expires():
    token = join_tokens.make(SECRET, "ws-1", 7, "Fiona O'Brien", now=1000.0, hours=1)
    assert set(token) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    joined = join_tokens.read(SECRET, "ws-1", token, now=1000.0 + 3599)
    assert (joined.code_id, joined.name) == (7, "Fiona O'Brien")
    assert join_tokens.read(SECRET, "ws-1", token, now=1000.0 + 3600) is None


def test_a_forged_or_altered_token_is_refused():
    token = join_tokens.make(SECRET, "ws-1", 7, "Fiona", now=1000.0)
    version, body, signature = token.split(".")
    other = join_tokens.make(SECRET, "ws-1", 1, "Fiona", now=1000.0).split(".")[1]
    assert join_tokens.read(SECRET, "ws-1", f"{version}.{other}.{signature}", now=1001) is None
    assert join_tokens.read(b"another secret", "ws-1", token, now=1001) is None
    for junk in (None, "", "v2.abc", "v1." + body + "." + signature, "v3." + body + "." + signature, "a.b.c.d"):
        assert join_tokens.read(SECRET, "ws-1", junk, now=1001) is None


def test_a_token_from_another_workshop_is_refused_whatever_secret_signed_it(tmp_path):
    """Defect 2 of #32: two workshops ran with one SPRINT_SECRET, and a viewer's cookie from workshop P opened
    workshop Q as its facilitator (both had a code #1). Each database has its own workspace id in its tokens."""
    from sprint.access import codes as access
    from sprint.permissions import Actor, Role
    from sprint.store import Store

    with Store(tmp_path / "p.duckdb") as p, Store(tmp_path / "q.duckdb") as q:
        assert access.workspace_id(p) and access.workspace_id(q) and access.workspace_id(p) != access.workspace_id(q)
        boss = Actor.local("Fiona")
        access.add_code(p, boss, Role.FACILITATOR, "PPPP-PPPP-PPPP")
        viewer_in_p = access.add_code(p, boss, Role.VIEWER, "VIEW-PPPP")
        first_in_q = access.add_code(q, boss, Role.FACILITATOR, "QQQQ-QQQQ-QQQQ")
        token = join_tokens.make(SECRET, access.workspace_id(p), viewer_in_p, "Mallory", now=1000.0)
        assert join_tokens.read(SECRET, access.workspace_id(p), token, now=1001).code_id == viewer_in_p
        assert join_tokens.read(SECRET, access.workspace_id(q), token, now=1001) is None
        forged_for_q = join_tokens.make(SECRET, access.workspace_id(p), first_in_q, "Mallory", now=1000.0)
        assert join_tokens.read(SECRET, access.workspace_id(q), forged_for_q, now=1001) is None
        assert access.workspace_id(p) == access.workspace_id(p)  # kept, not made afresh on each read


def test_a_token_of_the_older_kind_naming_no_workspace_is_refused():
    import base64
    import hashlib
    import hmac
    import json

    body = base64.urlsafe_b64encode(json.dumps({"c": 1, "n": "Old", "e": 99999}).encode()).decode().rstrip("=")
    signature = base64.urlsafe_b64encode(hmac.new(SECRET, f"v1.{body}".encode(), hashlib.sha256).digest())
    assert join_tokens.read(SECRET, "ws-1", f"v1.{body}.{signature.decode().rstrip('=')}", now=1001) is None


def test_the_secret_lives_beside_the_database_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv(join_tokens.SECRET_ENV, raising=False)
    db = tmp_path / "sprint.duckdb"
    first = join_tokens.secret_for(db)
    assert first == join_tokens.secret_for(db) and len(first) == 32
    mode = stat.S_IMODE(os.stat(str(db) + ".secret").st_mode)
    assert mode == 0o600
    monkeypatch.setenv(join_tokens.SECRET_ENV, "from-the-setting")
    assert join_tokens.secret_for(db) == b"from-the-setting"


def test_an_empty_or_damaged_secret_file_is_never_used_and_says_how_to_fix_it(tmp_path, monkeypatch):
    """Defect 1 of security part 2: a 0-byte secret left by a full disk let anyone sign a facilitator cookie
    with an empty key; a file of non-hex text crashed every new visitor."""
    monkeypatch.delenv(join_tokens.SECRET_ENV, raising=False)
    db = tmp_path / "sprint.duckdb"
    secret = tmp_path / "sprint.duckdb.secret"
    secret.write_text("")
    with pytest.raises(join_tokens.SecretUnusable, match=r"is damaged \(empty\).*Delete the file"):
        join_tokens.secret_for(db)
    secret.write_text("not a secret at all")
    with pytest.raises(join_tokens.SecretUnusable, match="not 64 hexadecimal characters"):
        join_tokens.secret_for(db)
    secret.unlink()
    assert len(join_tokens.secret_for(db)) == 32  # deleted: made again, whole


def test_a_full_disk_leaves_no_secret_file_behind(tmp_path, monkeypatch):
    monkeypatch.delenv(join_tokens.SECRET_ENV, raising=False)
    db = tmp_path / "sprint.duckdb"

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(join_tokens.os, "write", full)
    with pytest.raises(join_tokens.SecretUnusable, match="could not be written .No space left on device."):
        join_tokens.secret_for(db)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # neither the secret nor its temporary file
    monkeypatch.undo()
    monkeypatch.delenv(join_tokens.SECRET_ENV, raising=False)
    assert len(join_tokens.secret_for(db)) == 32  # space freed: made whole


def test_a_short_secret_setting_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(join_tokens.SECRET_ENV, "abc")
    with pytest.raises(join_tokens.SecretUnusable, match="SPRINT_SECRET is 3 characters long"):
        join_tokens.secret_for(tmp_path / "sprint.duckdb")
