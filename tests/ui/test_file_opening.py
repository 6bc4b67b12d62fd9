"""Opening files into the window through the FileOpener app.py builds: File → Open Recent, the demo
with the window's as-of date, and a remembered file that has since been damaged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QMessageBox

from migrator import app
from migrator.paths import demo_path
from migrator.services.demo import write_demo
from migrator.ui.file_opening import FileOpener
from migrator.ui.main_window import MainWindow
from migrator.ui.window_settings import WindowSettings
from tests.conftest import AS_OF


@pytest.fixture
def settings(tmp_path: Path) -> WindowSettings:
    return WindowSettings(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: Any, settings: WindowSettings) -> Any:
    win = MainWindow(settings, as_of=AS_OF, opener=FileOpener(settings, AS_OF))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _shown_recent_menu(window: MainWindow, qtbot: Any) -> QMenu:
    """File → Open Recent as it pops up (it is filled as it opens)."""
    menu = window.recent_menu
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    qtbot.waitUntil(menu.isVisible)
    return menu


def _click(menu: QMenu, text: str) -> None:
    action = next(a for a in menu.actions() if a.text() == text)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_open_recent_lists_the_remembered_files_newest_first_and_opens_the_one_clicked(
    window: MainWindow, settings: WindowSettings, tmp_path: Path, qtbot: Any
) -> None:
    older = write_demo(tmp_path / "older.migrator", AS_OF)
    newer = write_demo(tmp_path / "newer.migrator", AS_OF)
    gone = write_demo(tmp_path / "gone.migrator", AS_OF)
    for path in (older, gone, newer):
        settings.add_recent(path)
    gone.unlink()

    menu = _shown_recent_menu(window, qtbot)
    assert [a.text() for a in menu.actions()] == ["newer.migrator", "older.migrator"]
    assert menu.actions()[1].toolTip() == str(older.resolve())
    _click(menu, "older.migrator")

    assert window.document is not None and window.document.path == older.resolve()
    assert window.windowTitle() == "Card fleet replacement: prepaid to debit — older.migrator — Migrator"
    assert [p.name for p in settings.recent_files()] == ["older.migrator", "newer.migrator"]


def test_open_recent_names_the_folder_of_files_whose_names_repeat(
    window: MainWindow, settings: WindowSettings, tmp_path: Path, qtbot: Any
) -> None:
    (tmp_path / "q3").mkdir()
    (tmp_path / "backup").mkdir()
    for path in (tmp_path / "q3" / "cards.migrator", tmp_path / "backup" / "cards.migrator"):
        settings.add_recent(write_demo(path, AS_OF))
    settings.add_recent(write_demo(tmp_path / "other.migrator", AS_OF))

    menu = _shown_recent_menu(window, qtbot)
    assert [a.text() for a in menu.actions()] == [
        "other.migrator",
        f"cards.migrator (in {tmp_path.resolve() / 'backup'})",
        f"cards.migrator (in {tmp_path.resolve() / 'q3'})",
    ]
    menu.close()


def test_with_nothing_remembered_open_recent_says_so(window: MainWindow, qtbot: Any) -> None:
    menu = _shown_recent_menu(window, qtbot)
    assert [(a.text(), a.isEnabled()) for a in menu.actions()] == [("No recent files", False)]
    menu.close()


def test_a_remembered_file_damaged_since_is_explained_and_leaves_open_recent(
    window: MainWindow, settings: WindowSettings, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    path = write_demo(tmp_path / "notes.migrator", AS_OF)
    settings.add_recent(path)
    path.write_text("not a plan")

    _click(_shown_recent_menu(window, qtbot), "notes.migrator")

    assert shown == [
        (
            "Migrator — cannot open the file",
            "notes.migrator is not a Migrator file: it is not a database at all.",
        )
    ]
    assert window.document is None and window.stack.currentWidget() is window.start_page
    assert settings.recent_files() == []


def test_the_window_app_builds_opens_the_demo_as_of_the_date_given_into_its_settings(
    qtbot: Any, settings: WindowSettings
) -> None:
    window = app.build_window(app.parse_arguments(["--demo", "--as-of", "2027-03-01"]), settings=settings)
    qtbot.addWidget(window)
    assert window.document is not None
    assert window.document.path == demo_path().resolve()
    assert window.document.as_of.isoformat() == "2027-03-01"
    assert window.as_of_label.text() == "As of 1 Mar 2027"
    assert settings.recent_files() == [demo_path().resolve()]
    window.close()
