"""nginx from Debian (`nginx-light`) in front of app processes, with the repository's deploy/nginx-sprint.conf
(the ports put in): started in a temporary folder, stopped after. Nothing outside the folder is touched."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT
from tests.servers import free_port, wait_until_up

CONFIG = ROOT / "deploy" / "nginx-sprint.conf"
BINARY = shutil.which("nginx") or "/usr/sbin/nginx"


@contextlib.contextmanager
def proxy(*backends: int) -> Iterator[str]:
    """nginx on a free port before the app processes on `backends` (two ports, as in the config); its URL."""
    folder = Path(tempfile.mkdtemp(prefix="sprint-nginx-"))
    port = free_port()
    site = CONFIG.read_text().replace("listen 80;", f"listen 127.0.0.1:{port};")
    for placeholder, backend in zip(("127.0.0.1:8501", "127.0.0.1:8502"), backends, strict=True):
        site = site.replace(placeholder, f"127.0.0.1:{backend}")
    (folder / "sprint.conf").write_text(site)
    temp = "".join(f"{kind}_temp_path {folder / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi",
                                                                          "scgi"))
    (folder / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + f"worker_processes 1;\npid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\n"
        + "events {}\nhttp {\naccess_log off;\n" + temp + f"include {folder / 'sprint.conf'};\n}}\n")
    process = subprocess.Popen([BINARY, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        log = folder / "error.log"
        wait_until_up(url, process, "nginx", lambda: log.read_text() if log.exists() else "", seconds=60)
        yield url
    finally:
        process.terminate()
        process.wait(30)
        shutil.rmtree(folder, ignore_errors=True)
