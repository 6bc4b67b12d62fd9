"""Pausing Python's cyclic garbage collector while a plan or its analysis is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the plan is read or analysed.

    A 20,000-workstream plan makes about 60,000 values when read and 150,000 small lists and
    tuples when analysed, which live as long as the plan or the analysis and form no cycles.
    Meanwhile the collector would walk the whole heap several times for nothing (70 of 170 ms;
    see benchmarks/bench_analysis.py). Afterwards, what was built is moved to the oldest
    generation at once (``gc.freeze()`` then ``gc.unfreeze()``: two list splices), so the young
    collections do not walk it either: that walk was 45-90 ms of opening a 20,000-workstream
    shared plan (benchmarks/bench_shared.py). Full collections still visit it, as they visit any
    long-lived object, so a cycle among it is still freed.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()
