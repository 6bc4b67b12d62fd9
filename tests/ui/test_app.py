"""Starting the window and its safety net: an unexpected error is logged and explained, never silent."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from migrator import app
from migrator.logs import log_path
from migrator.ui.dialogs.error_dialog import report_unexpected
from migrator.ui.window_settings import WindowSettings


def test_main_runs_the_window_and_restores_the_hook(
    qapp: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Any] = []
    monkeypatch.setattr(QApplication, "exec", lambda *_: seen.append(sys.excepthook) or 0)
    previous = sys.excepthook
    assert app.main(["--demo", "--as-of", "2027-03-01"]) == 0
    assert seen and seen[0] is not previous  # errors reach the dialog while the window runs
    assert sys.excepthook is previous
    for widget in QApplication.topLevelWidgets():
        widget.close()


def test_an_unexpected_error_is_logged_and_shown_with_the_log_path(qtbot: Any) -> None:
    try:
        raise RuntimeError("the analysis worker fell over")
    except RuntimeError as error:
        dialog = report_unexpected(type(error), error, error.__traceback__)
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert "the analysis worker fell over" in dialog.text()
    assert str(log_path()) in dialog.informativeText()
    assert "RuntimeError" in dialog.detailedText()
    assert "the analysis worker fell over" in log_path().read_text()


def test_a_bad_as_of_date_is_refused_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        app.parse_arguments(["--as-of", "2027-02-30"])
    assert "'2027-02-30' is not a date" in capsys.readouterr().err


def test_the_window_remembers_through_the_settings_it_is_given(
    qtbot: Any, demo_file: Path, tmp_path: Path
) -> None:
    """app.py builds what the window remembers and passes it down: the last file of those settings
    opens, and the user's own settings are neither read nor written."""
    settings = WindowSettings(QSettings(str(tmp_path / "elsewhere.ini"), QSettings.Format.IniFormat))
    settings.add_recent(demo_file)
    window = app.build_window(app.parse_arguments(["--as-of", "2027-03-01"]), settings=settings)
    qtbot.addWidget(window)
    assert window.settings is settings
    assert window.document is not None and window.document.service.path == demo_file.resolve()
    assert WindowSettings().recent_files() == []
    window.close()
