"""At most N files are read at once; the rest wait (and are told), or are refused after the wait."""

from __future__ import annotations

import threading
import time

import pytest

from sprint.importing.slots import Busy, Slots


def test_no_more_than_the_cap_run_at_once_and_the_others_are_told_they_wait():
    slots = Slots(2, wait_s=30)
    running, most, told = [0], [0], []
    lock = threading.Lock()
    release = threading.Event()

    def preview(n):
        with slots.slot(lambda: told.append(n)):
            with lock:
                running[0] += 1
                most[0] = max(most[0], running[0])
            release.wait(10)
            with lock:
                running[0] -= 1

    threads = [threading.Thread(target=preview, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 10
    while len(told) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(told) == 4  # four of six waited, and were told so before waiting
    release.set()
    for t in threads:
        t.join()
    assert most[0] == 2


def test_a_wait_that_never_ends_is_refused_in_words():
    slots = Slots(1, wait_s=0.05)
    with slots.slot(), pytest.raises(Busy, match="busy reading other people's files"), slots.slot():
        pass
