"""`python -m sprint serve`: start the app (`streamlit run app.py`) with the memory settings it needs.

Python's own allocator for small objects (pymalloc) keeps a 1 MB arena as long as one object in it lives, so after
a large file's preview tens of megabytes stay with the server, more after each file. With PYTHONMALLOC=malloc
every object comes from the C allocator, which `sprint.ui.memory` tunes and trims: measured with a 20 MB CSV in a
running server (bench/bench_upload_memory.py), what stays after the file is removed went from +67, +90, +97 MB
(one, two, three previews) to +32, +34, +35. That setting is read only when Python starts, hence this command:
it sets it (unless the environment already says otherwise) and becomes `streamlit run app.py` with any other
options given (`--server.port 8600`, `--server.address 0.0.0.0`)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence

from sprint.config import DB_ENV_VAR, PROJECT_ROOT

APP = PROJECT_ROOT / "app.py"
SERVER_ENV = {"PYTHONMALLOC": "malloc"}


def command(streamlit_options: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "streamlit", "run", str(APP), *streamlit_options]


def environment(current: Mapping[str, str], db: str | None = None) -> dict[str, str]:
    env = {**SERVER_ENV, **current}  # what the person set wins
    if db:
        env[DB_ENV_VAR] = db
    return env


def cmd_serve(args: argparse.Namespace) -> int:
    argv, env = command(args.streamlit_options), environment(os.environ, args.db)
    if os.name != "posix":  # Windows has no exec that keeps the process: run it and wait
        return subprocess.call(argv, env=env)
    os.execve(sys.executable, argv, env)  # become the server: its process id, signals and exit code are the server's
    return 1  # not reached


def add_serve_parser(sub, common: argparse.ArgumentParser) -> None:
    serve = sub.add_parser("serve", parents=[common], help="start the app (streamlit run app.py, set up to give "
                           "memory back after large imports); other options go to Streamlit",
                           description="Start the app in your browser. Options this command doesn't know go to "
                                       "'streamlit run', for example --server.port 8600 or --server.address "
                                       "0.0.0.0.")
    serve.set_defaults(func=cmd_serve, streamlit_options=[])
