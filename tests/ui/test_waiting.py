"""Waiting for a server without freezing the window: a quick answer shows nothing, a slow one a
dialog saying what it waits for, whose Cancel gives the window back at once; a shared plan whose
server does not answer can be given up on that way."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton, QWidget

from migrator.domain.places import ServerAddress
from migrator.ui.file_opening import FileOpener
from migrator.ui.main_window import MainWindow
from migrator.ui.waiting import WaitCancelledError, wait_for
from migrator.ui.window_settings import WindowSettings
from tests.conftest import AS_OF
from tests.support.shared_plans import DialogAnswers, MessageBoxes


@pytest.fixture
def parent(qtbot: Any) -> QWidget:
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _click_cancel(dialog: QProgressDialog) -> None:
    next(b for b in dialog.findChildren(QPushButton) if b.text() == "Cancel").click()


def _press_escape(dialog: QProgressDialog) -> None:
    QTest.keyClick(dialog, Qt.Key.Key_Escape)


def _dialogs_shown() -> list[QProgressDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog) and w.isVisible()]


def test_a_quick_answer_is_returned_without_a_dialog(parent: QWidget) -> None:
    assert wait_for(parent, "Connecting…", lambda: 42) == 42
    assert _dialogs_shown() == []


def test_what_the_work_raised_is_raised_for_the_caller(parent: QWidget) -> None:
    def fails() -> int:
        raise ValueError("refused")

    with pytest.raises(ValueError, match="refused"):
        wait_for(parent, "Connecting…", fails)


def test_a_slow_answer_is_waited_for_with_a_dialog_saying_what_for(
    parent: QWidget, dialogs: DialogAnswers
) -> None:
    release = threading.Event()
    seen: list[str] = []
    dialogs.answer(QProgressDialog, lambda dialog: (seen.append(dialog.labelText()), release.set()))

    assert wait_for(parent, "Connecting to cards on db.example.com…", lambda: release.wait(10) and 7) == 7

    assert seen == ["Connecting to cards on db.example.com…"]
    assert _dialogs_shown() == []


def test_cancel_gives_the_window_back_and_what_comes_later_is_discarded(
    parent: QWidget, dialogs: DialogAnswers, qtbot: Any
) -> None:
    release = threading.Event()
    discarded: list[str] = []
    dialogs.answer(QProgressDialog, _click_cancel)

    with pytest.raises(WaitCancelledError):
        wait_for(parent, "Connecting…", lambda: release.wait(10) and "a service", discarded.append)

    assert discarded == []
    release.set()
    qtbot.waitUntil(lambda: discarded == ["a service"])


@pytest.fixture
def silent_server() -> Iterator[int]:
    """A port that takes connections and never answers, as a server behind a cut VPN."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


def test_opening_a_plan_whose_server_does_not_answer_can_be_cancelled(
    qtbot: Any, tmp_path: Path, silent_server: int, dialogs: DialogAnswers, boxes: MessageBoxes
) -> None:
    settings = WindowSettings(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, as_of=AS_OF, opener=FileOpener(settings, AS_OF))
    qtbot.addWidget(window)
    window.show()
    said: list[str] = []
    dialogs.answer(QProgressDialog, lambda dialog: (said.append(dialog.labelText()), _press_escape(dialog)))

    assert not window.open_shared(ServerAddress("cards", "127.0.0.1", silent_server, "ana"))

    assert said == ["Connecting to cards on 127.0.0.1…"]
    assert window.document is None and boxes.shown == []
    assert settings.recent_places() == []
    window.close()
