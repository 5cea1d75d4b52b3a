"""A throwaway PostgreSQL for tests: Debian's `postgresql` server binaries, a cluster in a temporary folder on a
free port, gone when the test session ends. Nothing is mocked and nothing outside the folder is touched.

PostgreSQL refuses to run as root; as root (CI in a container) the cluster runs as the `postgres` user the
Debian package creates."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from tests.servers import free_port


def server_bin() -> Path | None:
    """The folder of initdb and pg_ctl: Debian keeps them under /usr/lib/postgresql/<version>/bin."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


@contextlib.contextmanager
def cluster() -> Iterator[str]:
    """Start a cluster; yields its URL (user `sprint`, database `postgres`, trust on loopback only)."""
    binaries = server_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL's server is not installed (apt-get install -y postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="sprint-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    port, data, log = free_port(), folder / "data", folder / "server.log"
    subprocess.run([*run_as, str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "sprint", "-E", "UTF8",
                    "--locale=C", "--no-sync"], check=True, capture_output=True, timeout=120)
    pg_ctl = [*run_as, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(log)]
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
    started = subprocess.run([*pg_ctl, "-w", "-t", "120", "-o", options, "start"], capture_output=True, text=True,
                             timeout=180)
    if started.returncode:
        raise RuntimeError(f"PostgreSQL did not start: {started.stdout}{started.stderr}"
                           f"{log.read_text(errors='replace') if log.exists() else ''}")
    try:
        yield f"postgresql://sprint@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True, timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(url: str) -> str:
    """A new empty database in the cluster at `url`; its address."""
    import uuid

    import psycopg

    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    return url.rsplit("/", 1)[0] + f"/{name}"
