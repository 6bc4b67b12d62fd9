"""The window credits a person, not the login, and two windows on one file keep each other's
edits: the other window's change is noticed in the status bar, a stale edit is refused."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from migrator import app
from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.services.who import account_name
from migrator.ui.main_window import MainWindow
from migrator.ui.window_settings import WindowSettings
from tests.conftest import AS_OF


@pytest.fixture
def no_named_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MIGRATOR_USER", raising=False)


def settings_of(tmp_path: Path, name: str, user: str | None = None) -> WindowSettings:
    """A window's own settings file, as another account or machine would have."""
    settings = WindowSettings(QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat))
    if user:
        settings.set_user_name(user)
    return settings


def open_window(qtbot: Any, path: Path, settings: WindowSettings) -> MainWindow:
    window = MainWindow(settings, as_of=AS_OF)
    qtbot.addWidget(window)
    assert window.open_file(path)
    window.show()
    qtbot.waitUntil(lambda: window.document is not None and window.document.service_is_open)
    return window


def set_status(window: MainWindow, key: str, status: Status) -> int:
    """Select ``key``'s row in the table and choose Edit → Set status → ``status``."""
    assert window.workspace is not None and window.document is not None
    table, model = window.workspace.table, window.workspace.table.model_
    workstream_id = next(w.id for w in window.document.plan.workstreams.values() if w.key == key)
    table.selectionModel().select(
        model.index(model.row_of(workstream_id), 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )
    next(a for a in window.status_menu.actions() if a.text() == status.label).trigger()
    return workstream_id


def latest_actor(path: Path) -> str:
    with MigrationService.open(path, read_only=True) as reader:
        return reader.recent_history(1)[0].actor


@pytest.fixture
def two_windows(
    qtbot: Any, demo_file: Path, tmp_path: Path, no_named_user: None
) -> Iterator[tuple[MainWindow, MainWindow]]:
    ana = open_window(qtbot, demo_file, settings_of(tmp_path, "ana", "Ana Ruiz"))
    ben = open_window(qtbot, demo_file, settings_of(tmp_path, "ben", "Ben Okafor"))
    yield ana, ben
    ana.close()
    ben.close()


def test_another_windows_edit_shows_in_the_status_bar_and_the_table(
    two_windows: tuple[MainWindow, MainWindow], qtbot: Any
) -> None:
    ana, ben = two_windows
    assert ben.document is not None
    changed = set_status(ana, "BNK-4", Status.BLOCKED)
    qtbot.waitUntil(lambda: ben.statusBar().currentMessage() != "")
    assert ben.statusBar().currentMessage() == "Ana Ruiz changed BNK-4 (1 workstream)"
    assert ben.document.plan.workstreams[changed].status is Status.BLOCKED
    assert ana.statusBar().currentMessage() == ""  # its own edit is no news to it


def test_a_stale_edit_in_the_window_is_refused_and_the_window_catches_up(
    two_windows: tuple[MainWindow, MainWindow], qtbot: Any, demo_file: Path, refusals: list[str]
) -> None:
    ana, ben = two_windows
    assert ben.document is not None
    changed = set_status(ana, "BNK-4", Status.BLOCKED)
    set_status(ben, "BNK-4", Status.DONE)  # before Ben's window has looked at the file again
    # The time is the real clock's: history records when Ana's window saved it.
    assert len(refusals) == 1 and re.fullmatch(
        r"BNK-4 was changed in another window by Ana Ruiz at \d\d:\d\d: status Blocked\. "
        r"Your change was not saved\. The plan is read again from the file\.",
        refusals[0],
    ), refusals
    qtbot.waitUntil(lambda: ben.document.plan.workstreams[changed].status is Status.BLOCKED)  # type: ignore[union-attr]
    with MigrationService.open(demo_file, read_only=True) as reader:
        assert reader.workstream(changed).status is Status.BLOCKED


def test_a_stale_undo_in_the_window_is_refused_in_a_message_box_and_the_window_keeps_working(
    two_windows: tuple[MainWindow, MainWindow], qtbot: Any, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ana, ben = two_windows
    assert ana.document is not None and ben.document is not None
    shown: list[str] = []

    def modal_box(_parent: Any, _title: str, text: str) -> None:
        shown.append(text)
        QTest.qWait(200)  # a real box runs the event loop until it is closed

    monkeypatch.setattr(QMessageBox, "warning", modal_box)
    changed = set_status(ana, "BNK-4", Status.BLOCKED)
    qtbot.waitUntil(lambda: ben.document.plan.workstreams[changed].status is Status.BLOCKED)  # type: ignore[union-attr]
    set_status(ben, "BNK-4", Status.DONE)
    qtbot.waitUntil(lambda: ana.document.plan.workstreams[changed].status is Status.DONE)  # type: ignore[union-attr]

    ana.undo_action.trigger()  # Edit → Undo of Ana's Blocked would wipe Ben's Done
    qtbot.waitUntil(lambda: shown != [])
    assert len(shown) == 1 and re.fullmatch(
        r"BNK-4 was changed in another window by Ben Okafor at \d\d:\d\d: status Done, actual finish "
        r"2027-03-01, progress 100\. Your change was not saved\. The plan was reloaded as it is in the file; "
        r"the undo history starts again here\.",
        shown[0],
    ), shown
    with MigrationService.open(demo_file, read_only=True) as reader:
        assert reader.workstream(changed).status is Status.DONE
    assert not ana.undo_action.isEnabled()
    set_status(ana, "BNK-5", Status.DONE)  # the window still edits
    assert latest_actor(demo_file) == "Ana Ruiz"


# ---------------------------------------------------------------- who


def test_the_window_credits_the_name_in_its_settings(
    qtbot: Any, demo_file: Path, tmp_path: Path, no_named_user: None
) -> None:
    window = open_window(qtbot, demo_file, settings_of(tmp_path, "carla", "Carla Diaz"))
    set_status(window, "BNK-4", Status.BLOCKED)
    assert latest_actor(demo_file) == "Carla Diaz"


def test_migrator_user_wins_over_the_settings_in_the_window(
    qtbot: Any, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIGRATOR_USER", "Ben Okafor")
    window = open_window(qtbot, demo_file, settings_of(tmp_path, "carla", "Carla Diaz"))
    set_status(window, "BNK-4", Status.BLOCKED)
    assert latest_actor(demo_file) == "Ben Okafor"


def test_the_first_run_asks_the_name_once_suggesting_the_accounts_full_name(
    qtbot: Any, demo_file: Path, no_named_user: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(_parent: Any, _title: str, _label: str, **options: Any) -> tuple[str, bool]:
        asked.append(options["text"])
        return "Carla Diaz", True

    monkeypatch.setattr(QInputDialog, "getText", answer)
    first = app.build_window(app.parse_arguments([str(demo_file), "--as-of", "2027-03-01"]), ask_name=True)
    qtbot.addWidget(first)
    assert asked == [account_name()]
    second = app.build_window(app.parse_arguments([str(demo_file), "--as-of", "2027-03-01"]), ask_name=True)
    qtbot.addWidget(second)
    assert asked == [account_name()]  # asked once, never again
    assert second.settings.user_name() == "Carla Diaz"
    second.show()
    qtbot.waitUntil(lambda: second.document is not None and second.document.service_is_open)
    set_status(second, "BNK-4", Status.BLOCKED)
    assert latest_actor(demo_file) == "Carla Diaz"


def test_preferences_change_the_name_later_edits_are_credited_to(
    qtbot: Any, demo_file: Path, tmp_path: Path, no_named_user: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_file, settings_of(tmp_path, "carla", "Carla Diaz"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *_args, **_options: ("Carla Díaz Pérez", True))
    window.preferences_action.trigger()
    set_status(window, "BNK-4", Status.BLOCKED)
    assert latest_actor(demo_file) == "Carla Díaz Pérez"
    assert window.settings.user_name() == "Carla Díaz Pérez"


def answers(*given: tuple[str, bool]) -> tuple[list[str], Any]:
    """The questions asked (their text) and a stand-in for the name question giving ``given`` in turn."""
    asked: list[str] = []
    replies = iter(given)

    def answer(_parent: Any, _title: str, label: str, **_options: Any) -> tuple[str, bool]:
        asked.append(label)
        return next(replies)

    return asked, answer


def test_a_name_too_long_for_history_is_refused_in_the_question_and_not_kept(
    qtbot: Any, demo_file: Path, tmp_path: Path, no_named_user: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_window(qtbot, demo_file, settings_of(tmp_path, "carla", "Carla Diaz"))
    asked, answer = answers(("A" * 201, True), ("Carla Díaz Pérez", True))
    monkeypatch.setattr(QInputDialog, "getText", answer)
    window.preferences_action.trigger()
    assert len(asked) == 2
    assert asked[1] == (
        "Your name is longer than 200 characters. Give a shorter one.\n\n"
        "Your name, as the history and reports will show it:"
    )
    assert window.settings.user_name() == "Carla Díaz Pérez"
    set_status(window, "BNK-4", Status.BLOCKED)
    assert latest_actor(demo_file) == "Carla Díaz Pérez"

    asked, answer = answers(("B" * 300, True), ("", False))  # refused, then cancelled
    monkeypatch.setattr(QInputDialog, "getText", answer)
    window.preferences_action.trigger()
    assert len(asked) == 2
    assert window.settings.user_name() == "Carla Díaz Pérez"


def test_the_first_run_question_refuses_a_name_too_long_too(
    qtbot: Any, demo_file: Path, no_named_user: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked, answer = answers(("C" * 250, True), ("Carla Diaz", True))
    monkeypatch.setattr(QInputDialog, "getText", answer)
    window = app.build_window(app.parse_arguments([str(demo_file), "--as-of", "2027-03-01"]), ask_name=True)
    qtbot.addWidget(window)
    assert asked[1].startswith("Your name is longer than 200 characters. Give a shorter one.")
    assert window.settings.user_name() == "Carla Diaz"
