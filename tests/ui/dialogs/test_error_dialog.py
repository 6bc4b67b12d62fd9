"""An error storm (a timer that keeps failing) gives the user one dialog that counts the rest."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from migrator.logs import log_path
from migrator.ui.dialogs.error_dialog import ErrorDialog, report_unexpected


def _shown() -> list[ErrorDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()]


def _fail_times(qtbot: Any, times: int) -> None:
    """A timer whose slot raises ``times`` times, each error reaching sys.excepthook from the event loop."""
    failed: list[int] = []
    timer = QTimer()

    def tick() -> None:
        failed.append(len(failed) + 1)
        if len(failed) == times:
            timer.stop()
        raise RuntimeError(f"refresh number {len(failed)} fell over")

    timer.timeout.connect(tick)
    timer.start(0)
    qtbot.waitUntil(lambda: len(failed) == times)


@pytest.mark.qt_no_exception_capture  # the errors must reach our hook, as they do in the window
def test_errors_while_a_dialog_is_open_are_logged_and_counted_in_it(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        report_unexpected(kind, error, tb, window)  # as migrator.app installs it

    monkeypatch.setattr(sys, "excepthook", hook)
    _fail_times(qtbot, 5)

    [dialog] = _shown()
    assert "refresh number 1 fell over" in dialog.text()
    assert "And 4 more errors since this one" in dialog.informativeText()
    assert str(log_path()) in dialog.informativeText()
    log = log_path().read_text()
    assert all(f"refresh number {n} fell over" in log for n in range(1, 6))

    dialog.accept()
    _fail_times(qtbot, 1)
    [again] = _shown()
    assert again is not dialog and "refresh number 1 fell over" in again.text()
    assert "more error" not in again.informativeText()
