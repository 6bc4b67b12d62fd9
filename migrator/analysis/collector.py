"""Pausing Python's cyclic garbage collector while the analysis builds many small containers."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the analysis builds its containers.

    A 20,000-workstream plan makes about 150,000 small lists and tuples that live as long
    as the analysis and form no cycles; meanwhile the collector would walk the whole heap
    several times for nothing (70 of 170 ms; see benchmarks/bench_analysis.py).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_holds = 0  # CollectorHolds not yet released (taken in one thread, released in another)
_holds_lock = threading.Lock()


def collector_held() -> bool:
    """Whether an open holds the collector off (a window collecting on a timer waits for it)."""
    return _holds > 0


class CollectorHold:
    """The collector held off across the steps of one open, in whichever threads they run (a
    shared plan: read and analysed in one, its panes built and painted in the window's), and
    released once by whichever step ends it: the 200,000 objects the read and the analysis
    make are walked by the young collections after the first paint, not while the window
    waits for it (45-90 ms of a 20,000-workstream plan's open; benchmarks/bench_shared.py)."""

    def __init__(self) -> None:
        global _holds
        with _holds_lock:
            _holds += 1
        self._held = True
        self._enable_after = gc.isenabled()  # else the window's own timer collects: it sees the hold
        gc.disable()

    def release(self) -> None:
        """Let the collector run again (once: later calls do nothing)."""
        global _holds
        if self._held:
            self._held = False
            with _holds_lock:
                _holds -= 1
            if self._enable_after:
                gc.enable()
