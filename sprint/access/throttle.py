"""Slowing join-code guessing without locking out the person who has the right code."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from sprint.errors import SignInRefused


class Throttle:
    """Slows guessing without locking out the person who has the right code.

    Each address gets `free` tries; after that, its tries are checked only through one shared lane that lets a
    single throttled try through every `lane_every` seconds across the whole server; the rest are refused
    unchecked, saying when to try again. Admission and counting are one atomic step, so eight tries sent at
    once count as eight and only the free ones (plus one in the lane) are checked. A right code is accepted
    whenever its try is checked, so a person sharing an address (a NAT, a proxy) with a guesser still gets in
    at the next free slot; a guesser, however many browsers or addresses it uses behind one proxy, gets one
    check per lane slot. An address's count is forgotten after `forget` quiet seconds.

    One per process, shared by sessions."""

    def __init__(self, free: int = 3, lane_every: float = 3.0, forget: float = 900.0,
                 clock: Callable[[], float] = time.monotonic):
        self.free, self.lane_every, self.forget, self.clock = free, lane_every, forget, clock
        self._tries: dict[str, tuple[int, float]] = {}
        self._lane_open_at = 0.0
        self._lock = threading.Lock()

    def admit(self, source: str) -> None:
        """Count this try and let it be checked, or refuse it (still counted) with how long to wait."""
        with self._lock:
            now = self.clock()
            count, last = self._tries.get(source, (0, now))
            if now - last > self.forget:
                count = 0
            self._tries[source] = (count + 1, now)
            if count < self.free:
                return
            if now >= self._lane_open_at:
                self._lane_open_at = now + self.lane_every
                return
            wait = max(1, math.ceil(self._lane_open_at - now))
        raise SignInRefused(f"Too many tries from this network, so codes are checked one at a time now. Try again "
                            f"in {wait} second{'s' if wait != 1 else ''}.")

    def was_right(self, source: str) -> None:
        """A try that opened the door does not count against its address (nor clear anyone else's tries)."""
        with self._lock:
            count, last = self._tries.get(source, (0, 0.0))
            if count <= 1:
                self._tries.pop(source, None)
            else:
                self._tries[source] = (count - 1, last)

    def tries(self, source: str) -> int:
        with self._lock:
            return self._tries.get(source, (0, 0.0))[0]
