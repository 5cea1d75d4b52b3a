"""The one rule for a tool the machine lacks (tests/servers.py): skip on a developer's machine, fail in CI, where
browser, print, PostgreSQL and proxy tests must run."""

from __future__ import annotations

import pytest

from tests.servers import unavailable


def test_a_missing_tool_skips_here_and_fails_under_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="nginx is not installed"):
        unavailable("nginx is not installed")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="nginx is not installed; CI must install it"):
        unavailable("nginx is not installed")
