"""Pausing Python's cyclic garbage collector while the analysis builds many small containers."""

from __future__ import annotations

import gc
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
