"""Joined stays joined: the signed, expiring token a browser keeps."""

from __future__ import annotations

import os
import stat

import pytest

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
