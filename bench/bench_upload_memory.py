"""A 20 MB CSV preview in a running server: the server's peak and retained resident memory.

A real `streamlit run` on the example sprint (as a facilitator would run it), a real browser (Debian's
Chromium through Playwright) opening the import page and dropping a 19.9 MB monthly log (386,969 rows) on it.
Printed, from /proc of the server process:
- idle: resident memory once the import page has read a 20 KB file of the same layout and let it go (the
  reading and checking code loads on first use, once for every later file);
- peak: the highest resident memory while the file is read and checked and its preview shown (VmHWM, reset
  just before the upload), over idle. Goal: under 300 MB.
- with the file removed: resident memory after the person removes the file from the uploader, over idle;
- after the tab closed: resident memory some seconds after the browser tab is closed, over idle.
Both "retained" figures should be close to 0: the parsed file belongs to the session that previewed it. Every
Python object of the preview is let go (counted: the server's objects return to their idle number); what stays
resident is the allocator's, so it runs three times: the server as the README's first command starts it
(`python -m sprint serve`), as a bare `streamlit run app.py` (Python's small-object allocator), and with jemalloc
where Debian's libjemalloc2 is installed. `python bench/bench_upload_memory.py serve` runs only the first.

Also: a 0.9 MB CSV of 100,000 columns, dropped on the page: how long until the page says why it can't be
imported (goal: under 2 s).

Nothing is asserted: the machine is small and noisy. Run: python bench/bench_upload_memory.py
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, RUN_COUNTER, AppServer, act, wait_for_app  # noqa: E402

TIMEOUT_MS = 600_000
SESSION_TTL = 120  # server.disconnectedSessionTTL, Streamlit's default


def monthly_log(size: int = 19_900_000) -> bytes:
    rows, k, total = ["Department,Metric,Month,Value,Unit,Baseline,Target"], 0, 0
    while total < size:
        d, m, mo = k // 6000, (k // 24) % 250, k % 24
        line = (f"Department {d + 1},Metric {m + 1},{2025 + mo // 12}-{mo % 12 + 1:02d},"
                f"{100.0 - mo - m * 0.01:.2f},$,120.0,50.0")
        rows.append(line)
        total += len(line) + 1
        k += 1
    return "\n".join(rows).encode()


def wide_csv(columns: int = 100_000) -> bytes:
    header = ",".join(f"Column {n}" for n in range(columns))
    return (header + "\n" + "\n".join(",".join("1" for _ in range(columns)) for _ in range(3))).encode()[:950_000]


def status(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def reset_peak(pid: int) -> None:
    Path(f"/proc/{pid}/clear_refs").write_text("5")


def settle(pid: int, seconds: float) -> float:
    """Resident memory after `seconds` (the lowest seen: a collection may be under way)."""
    low, end = status(pid, "VmRSS"), time.time() + seconds
    while time.time() < end:
        time.sleep(0.5)
        low = min(low, status(pid, "VmRSS"))
    return low


JEMALLOC = Path("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2")  # Debian's libjemalloc2
# The server as README's "On a server" section runs it: Python's small objects from jemalloc, which returns freed
# pages to the system within a second; glibc's allocator (and Python's own arenas) keep pages a few survivors pin.
JEMALLOC_ENV = {"LD_PRELOAD": str(JEMALLOC), "PYTHONMALLOC": "malloc",
                "MALLOC_CONF": "dirty_decay_ms:1000,muzzy_decay_ms:0,background_thread:true"}


SERVERS = {  # how the server is started -> the environment that differs
    "serve": ("as the README's first command starts it (python -m sprint serve: PYTHONMALLOC=malloc)", {}),
    "plain": ("as a bare 'streamlit run app.py' (Python's small-object allocator)", {"PYTHONMALLOC": "pymalloc"}),
    "jemalloc": (f"with jemalloc ({' '.join(f'{k}={v}' for k, v in JEMALLOC_ENV.items())})", JEMALLOC_ENV),
}


def main(which: list[str] | None = None) -> None:
    """`which`: some of SERVERS (default: all; jemalloc only where Debian's libjemalloc2 is installed)."""
    for name in which or list(SERVERS):
        label, env = SERVERS[name]
        if name == "jemalloc" and not JEMALLOC.exists():
            print("(apt-get install libjemalloc2 to measure the server with jemalloc too)")
            continue
        print(f"The server {label}:")
        run(env)


def run(env: dict[str, str] | None = None) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    db = work / "sprint.duckdb"
    subprocess.run([sys.executable, "-m", "sprint", "demo", "--db", str(db)], cwd=ROOT, check=True,
                   capture_output=True)
    big, wide, tiny = work / "monthly-log.csv", work / "wide.csv", work / "warm-up.csv"
    big.write_bytes(monthly_log())
    tiny.write_bytes(monthly_log(20_000))
    second, third = work / "monthly-log-2.csv", work / "monthly-log-3.csv"
    second.write_bytes(big.read_bytes())
    third.write_bytes(big.read_bytes())
    wide.write_bytes(wide_csv())
    server = AppServer(db, work / "streamlit.log", env=env)
    pid = server.proc.pid
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1280, "height": 720})
            context.set_default_timeout(TIMEOUT_MS)
            context.add_init_script(RUN_COUNTER)
            page = context.new_page()
            page.goto(f"{server.url}/import")
            wait_for_app(page)
            # Idle is a server that has already read one small file of the same layout and let it go: the first
            # read loads the reading and checking code once for every later file (about 80 MB of modules and
            # their tables), which is not what a preview holds.
            act(page, lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(tiny)))
            expect(page.get_by_text("The rows as they will be stored")).to_be_visible(timeout=TIMEOUT_MS)
            act(page, lambda: page.get_by_role("button", name=f"Remove {tiny.name}").click())
            idle = settle(pid, 8)
            reset_peak(pid)
            t0 = time.perf_counter()
            act(page, lambda: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(big)))
            expect(page.get_by_text("The rows as they will be stored")).to_be_visible(timeout=TIMEOUT_MS)
            shown = time.perf_counter() - t0
            peak = status(pid, "VmHWM")
            print(f"20 MB CSV ({big.stat().st_size / 1e6:.1f} MB): preview shown in {shown:.1f} s; server idle "
                  f"{idle:.0f} MB, peak {peak - idle:.0f} MB over idle  (goal: < 300 MB)")
            act(page, lambda: page.get_by_role("button", name=f"Remove {big.name}").click())
            removed = settle(pid, 8)
            print(f"  file removed from the uploader: {removed - idle:+.0f} MB over idle")
            for again in (second, third):  # the same rows under new names (a browser ignores the same file twice)
                act(page, lambda f=again: page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(f)))
                expect(page.get_by_text("The rows as they will be stored")).to_be_visible(timeout=TIMEOUT_MS)
                if again is second:
                    act(page, lambda f=again: page.get_by_role("button", name=f"Remove {f.name}").click())
                    removed = settle(pid, 8)
                    print(f"  a second time, removed: {removed - idle:+.0f} MB over idle")
            page.close()
            time.sleep(SESSION_TTL)  # Streamlit keeps a disconnected session this long (a phone may come back)
            closed = settle(pid, 40)
            print(f"  tab closed with the file still in it, {SESSION_TTL + 40} s later: {closed - idle:+.0f} MB "
                  "over idle")
            page = context.new_page()
            page.goto(f"{server.url}/import")
            wait_for_app(page)
            t0 = time.perf_counter()
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(wide))
            expect(page.get_by_text("can't be imported")).to_be_visible(timeout=TIMEOUT_MS)
            print(f"0.9 MB CSV of 100,000 columns: refused on the page in {time.perf_counter() - t0:.1f} s  "
                  "(goal: < 2 s)")
            browser.close()
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
