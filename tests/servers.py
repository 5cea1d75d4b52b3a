"""What the tests that start real servers share (the app, nginx, PostgreSQL): a free port, waiting for a server
to answer, and the rule for a tool the machine lacks (skip on a developer's machine, fail under CI=true)."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from typing import NoReturn

import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, what: str, log: Callable[[], str] = str,
                  seconds: float = 90) -> None:
    """Until `url`/_stcore/health answers ok (Streamlit's health check, passed on by a proxy); RuntimeError naming
    `what` and its `log` if the process ends or `seconds` pass first."""
    deadline = time.time() + seconds
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            pass
        if process.poll() is not None or time.time() > deadline:
            raise RuntimeError(f"{what} did not start; log:\n{log()}")
        time.sleep(0.2)


def unavailable(message: str) -> NoReturn:
    """A tool these tests need is not installed: they skip here, and fail under CI=true, where .ci/run installs
    every one of them (browser tests must run there, never skip)."""
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must install it (.ci/run)")
    pytest.skip(message)
