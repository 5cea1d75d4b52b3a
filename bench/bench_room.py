"""The room answering at once: 30 phones send their answer to Step 1's question within about a second, and the
projector's tally shows all 30 by itself.

Starts `streamlit run` on the example sprint with Step 1's question open for the Quality inspection vision. Thirty
phones (390 x 844, touch, each its own address behind a proxy this machine trusts) open the question's page and
fill in a name, a feature and what it saves. Then every phone taps Send, one right after the other. It times:
  - the baseline: each phone seeing its own "Sent" (the plain job a person in the room sees), the median;
  - the projector showing "30 answers" and 30 names in its tally, from the last tap (target: within 3 s);
and checks afterwards, in the database, that all 30 answers and their 30 audit entries are there.
Asserts nothing: the machine is small and noisy.

Run: python bench/bench_room.py   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    PHONE_UA,
    RUN_COUNTER,
    AppServer,
    load_example_db,
    wait_for_app,
)

PHONES, INITIATIVE = 30, "quality-inspection-vision"
# When each phone first shows its "Sent" (the browser's wall clock, the same as this process's on one machine).
SENT_WATCH = """new MutationObserver((_, watch) => {
  if (!window.__sentAt && document.body && document.body.innerText.includes('Sent: it is on the screen')) {
    window.__sentAt = Date.now() / 1000; watch.disconnect();
  }
}).observe(document, {subtree: true, childList: true, characterData: true});"""


def ask(db: Path) -> int:
    from sprint import initiatives, room
    from sprint.permissions import Actor, Role
    from sprint.store import Store

    with Store(db) as store:
        quality = next(i for i in initiatives.list_all(store) if i.name == "Quality inspection vision")
        return room.open_question(store, Actor("Fran", Role.FACILITATOR), quality.id, room.FEATURES)


def counted(db: Path, question: int) -> tuple[int, int]:
    from sprint.store import Store

    with Store(db) as store:
        answers = store.fetch_one("SELECT count(*) FROM room_answers WHERE question_id = ?", [question])[0]
        audited = store.fetch_one("SELECT count(*) FROM audit_log WHERE entity = 'room answer' "
                                  "AND entity_id = ?", [str(question)])[0]
    return answers, audited


def main() -> None:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="sprint-bench-"))
    db = tmp / "example.duckdb"
    load_example_db(db)
    question = ask(db)
    server = AppServer(db, tmp / "server.log", env={"SPRINT_TRUSTED_PROXIES": "127.0.0.1"})
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            projector = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
            projector.add_init_script(RUN_COUNTER)
            projector.goto(f"{server.url}/?present=1&screen=scope&initiative={INITIATIVE}")
            wait_for_app(projector)
            phones = []
            started = time.perf_counter()
            for n in range(PHONES):
                phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                                            user_agent=PHONE_UA,
                                            extra_http_headers={"X-Forwarded-For": f"10.20.{n // 200}.{n % 200 + 20}"}
                                            ).new_page()
                phone.add_init_script(RUN_COUNTER)
                phone.add_init_script(SENT_WATCH)
                phone.goto(f"{server.url}/room?initiative={INITIATIVE}")
                wait_for_app(phone)
                phone.get_by_role("textbox", name="Your name").fill(f"Person {n + 1}")
                phone.get_by_role("textbox", name="The feature").fill(f"Feature {n + 1}")
                phone.get_by_role("spinbutton", name="Saves $ a month").fill(str(100 * (n + 1)))
                phones.append(phone)
            print(f"{PHONES} phones ready in {time.perf_counter() - started:.0f} s")
            taps = []
            for phone in phones:
                taps.append(time.time())
                phone.get_by_role("button", name="Send my answer").tap()
            last_tap = time.perf_counter()
            projector.locator(".st-key-room_tally").get_by_text(f"The 5 most named of {PHONES}",
                                                                exact=False).wait_for(timeout=120_000)
            projector.get_by_text(f"{PHONES} answers", exact=False).wait_for(timeout=120_000)
            tally = time.perf_counter() - last_tap
            sent = []
            for phone, tapped in zip(phones, taps, strict=True):
                phone.wait_for_function("window.__sentAt", timeout=120_000)
                sent.append(phone.evaluate("window.__sentAt") - tapped)
            print(f"taps took {taps[-1] - taps[0]:.2f} s from the first phone to the last")
            print(f"a phone sees its own 'Sent' (baseline): median {statistics.median(sent):.2f} s, "
                  f"slowest {max(sent):.2f} s")
            print(f"the projector shows all {PHONES}: {tally:.2f} s after the last tap "
                  f"({tally / statistics.median(sent):.2f}x the baseline); target within 3 s: "
                  f"{'ok' if tally <= 3 else 'OVER'}")
            browser.close()
    finally:
        server.stop()
    answers, audited = counted(db, question)
    print(f"stored: {answers} answers, {audited} audit entries (expected {PHONES} each): "
          f"{'ok' if answers == audited == PHONES else 'LOST SOME'}")


if __name__ == "__main__":
    main()
