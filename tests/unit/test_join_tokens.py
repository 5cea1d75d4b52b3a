"""Joined stays joined: the signed, expiring token a browser keeps."""

from __future__ import annotations

import os
import stat

from sprint import join_tokens

SECRET = b"k" * 32


def test_a_token_reads_back_until_it_expires():
    token = join_tokens.make(SECRET, 7, "Fiona O'Brien", now=1000.0, hours=1)
    assert set(token) <= set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    joined = join_tokens.read(SECRET, token, now=1000.0 + 3599)
    assert (joined.code_id, joined.name) == (7, "Fiona O'Brien")
    assert join_tokens.read(SECRET, token, now=1000.0 + 3600) is None


def test_a_forged_or_altered_token_is_refused():
    token = join_tokens.make(SECRET, 7, "Fiona", now=1000.0)
    version, body, signature = token.split(".")
    other = join_tokens.make(SECRET, 1, "Fiona", now=1000.0).split(".")[1]
    assert join_tokens.read(SECRET, f"{version}.{other}.{signature}", now=1001) is None
    assert join_tokens.read(b"another secret", token, now=1001) is None
    for junk in (None, "", "v1.abc", "v2." + body + "." + signature, "a.b.c.d"):
        assert join_tokens.read(SECRET, junk, now=1001) is None


def test_the_secret_lives_beside_the_database_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv(join_tokens.SECRET_ENV, raising=False)
    db = tmp_path / "sprint.duckdb"
    first = join_tokens.secret_for(db)
    assert first == join_tokens.secret_for(db) and len(first) == 32
    mode = stat.S_IMODE(os.stat(str(db) + ".secret").st_mode)
    assert mode == 0o600
    monkeypatch.setenv(join_tokens.SECRET_ENV, "from-the-setting")
    assert join_tokens.secret_for(db) == b"from-the-setting"
