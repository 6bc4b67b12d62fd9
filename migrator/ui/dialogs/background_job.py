"""Long work a dialog starts (writing twenty workbooks, reading them back) run in a thread of its
own, its progress and its outcome handed to the window's thread by queued signals."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from migrator.reports import Progress


class BackgroundJob(QObject):
    """Runs one piece of work at a time; ``finished`` carries what it returned or raised."""

    progressed = Signal(float, str)  # fraction done, what it is doing now
    finished = Signal(object)  # the result, or the exception it raised
    _progressed = Signal(float, str)  # from the worker's thread
    _finished = Signal(object)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.running = False
        # Queued: the worker emits from its own thread; widgets change only in the window's.
        self._progressed.connect(self.progressed, Qt.ConnectionType.QueuedConnection)
        self._finished.connect(self._done, Qt.ConnectionType.QueuedConnection)

    def start(self, work: Callable[[Progress], object]) -> None:
        """Run ``work(progress)`` in another thread."""
        self.running = True
        threading.Thread(target=self._run, args=(work,), name=self.name, daemon=True).start()

    def _run(self, work: Callable[[Progress], object]) -> None:
        try:
            outcome = work(self._progressed.emit)
        except BaseException as error:  # handed to the window's thread, which decides what to show
            outcome = error
        self._finished.emit(outcome)

    def _done(self, outcome: object) -> None:
        self.running = False
        self.finished.emit(outcome)
