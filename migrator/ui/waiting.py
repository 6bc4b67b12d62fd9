"""Waiting for a server without freezing the window: the work runs in a thread of its own while
the window keeps painting; after a moment a dialog says what it waits for and offers Cancel."""

from __future__ import annotations

import concurrent.futures
import threading
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

T = TypeVar("T")

SAY_AFTER_MS = 1000  # quicker than this, no dialog flashes up (a 20,000-workstream plan opens in ~0.6 s)


class WaitCancelledError(Exception):
    """The user stopped waiting; what the work returns later is discarded."""


class _Relay(QObject):
    done = Signal()  # from the worker's thread


def wait_for(
    parent: QWidget | None,
    doing: str,
    work: Callable[[], T],
    discard: Callable[[T], None] | None = None,
    *,
    can_cancel: bool = True,
) -> T:
    """What ``work`` returns (or raises), run in another thread. Until then the window paints but
    takes no clicks or keys; after SAY_AFTER_MS a modal dialog says ``doing`` ("Connecting to …"),
    with a Cancel button when ``can_cancel`` (work that goes on regardless, a copy, has none),
    which raises WaitCancelledError at once; ``discard`` then gets the result when the work ends (a
    service to close)."""
    future: concurrent.futures.Future[T] = concurrent.futures.Future()
    relay = _Relay()
    loop = QEventLoop()
    relay.done.connect(loop.quit, Qt.ConnectionType.QueuedConnection)

    def run() -> None:
        try:
            future.set_result(work())
        except BaseException as error:
            future.set_exception(error)
        relay.done.emit()

    threading.Thread(target=run, name="waiting", daemon=True).start()
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(SAY_AFTER_MS)
    if not future.done():  # a quick answer is never interrupted by input meant for later
        loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
    if not future.done():
        dialog = QProgressDialog(doing, "Cancel", 0, 0, parent)
        dialog.setWindowTitle("Migrator")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        if not can_cancel:
            dialog.setCancelButton(None)  # no button
        # Cancel, Esc or closing the dialog: the window is the user's again at once.
        dialog.canceled.connect(loop.quit)
        dialog.rejected.connect(loop.quit)
        dialog.show()
        if not future.done():
            loop.exec()
        dialog.canceled.disconnect(loop.quit)
        dialog.rejected.disconnect(loop.quit)
        dialog.hide()
        dialog.deleteLater()
        if not future.done():  # the loop only ends early when the user gave up
            if discard is not None:
                future.add_done_callback(lambda done: _discard(done, discard))
            raise WaitCancelledError(doing)
    return future.result()


def _discard(done: concurrent.futures.Future[T], discard: Callable[[T], None]) -> None:
    if done.exception() is None:
        discard(done.result())
