"""Python's cyclic garbage collector, run on the window's thread only.

Left to itself the collector runs in whichever thread allocates when a count passes its
threshold: the analysis worker, or the thread reading a shared plan. A collection there frees
whatever Qt objects sit in reference cycles (a closed dialog's widgets and their slots), and a Qt
object must be destroyed in its own thread: a test run hung with the analysis thread in
QObject::~QObject waiting for the interpreter while the window's thread, connecting a signal,
waited for the lock that destructor held. So the window switches the automatic collector off
and collects on its own thread, on a timer, as the automatic collector would.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QObject, QTimer

from migrator.analysis.collector import collector_held

INTERVAL_MS = 200  # a young collection waits at most this long
FULL_AT_MOST_EVERY_S = 60.0  # a full collection walks every object: a 20,000-workstream plan's take 0.1-0.2 s

_last_full = time.monotonic()


def collect_if_due() -> None:
    """What the automatic collector would do now, in this thread: the generations whose counts
    passed their thresholds (the oldest only once a minute), unless an open holds it off."""
    global _last_full
    if collector_held():
        return
    threshold0, threshold1, threshold2 = gc.get_threshold()
    count0, count1, count2 = gc.get_count()
    if count0 <= threshold0:
        return
    generation = 1 if count1 > threshold1 else 0
    if count2 > threshold2 and time.monotonic() - _last_full >= FULL_AT_MOST_EVERY_S:
        generation = 2
        _last_full = time.monotonic()
    gc.collect(generation)


class MainThreadCollector(QObject):
    """Switches the automatic collector off and collects on this (the window's) thread."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(collect_if_due)
        self._timer.start()
