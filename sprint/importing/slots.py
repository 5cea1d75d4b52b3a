"""A cap on how many files the server reads or checks at once: each preview of a large file can take a few
hundred MB, and a room of people importing at the same moment must not take the server's memory with them."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sprint.errors import SprintError


class Busy(SprintError):
    """Every slot stayed taken for the whole wait: nothing was read."""


class Slots:
    def __init__(self, at_once: int, wait_s: float = 180.0):
        self.at_once, self.wait_s = at_once, wait_s
        self._free = threading.BoundedSemaphore(at_once)

    @contextmanager
    def slot(self, on_wait: Callable[[], object] = lambda: None) -> Iterator[None]:
        """Hold one slot for the `with` block. When none is free, `on_wait()` is called (to tell the person)
        and the block waits up to `wait_s` seconds for one, then refuses."""
        if not self._free.acquire(blocking=False):
            on_wait()
            if not self._free.acquire(timeout=self.wait_s):
                raise Busy("The server is busy reading other people's files. Nothing was read; try again in a "
                           "minute.")
        try:
            yield
        finally:
            self._free.release()
