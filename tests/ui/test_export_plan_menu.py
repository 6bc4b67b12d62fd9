"""File → Export plan…: where it sits in the menu, the save dialog's formats, the file written
through the document with the result in the status bar, and a refusal in a message box."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from migrator.ui.main_window import MainWindow
from tests.conftest import AS_OF

Asked = list[tuple[str, str, str]]


@pytest.fixture
def window(qtbot: Any, demo_file: Path, refusals: list[str]) -> Iterator[MainWindow]:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def _saving_as(monkeypatch: pytest.MonkeyPatch, path: Path, chosen_filter: str) -> Asked:
    asked: Asked = []

    def save_name(_parent: Any, caption: str, suggested: str, filters: str) -> tuple[str, str]:
        asked.append((caption, suggested, filters))
        return str(path), chosen_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_name)
    return asked


def test_export_plan_follows_export_report_in_the_file_menu(window: MainWindow) -> None:
    file_menu = window.menuBar().actions()[0].menu()
    texts = [action.text() for action in file_menu.actions()]
    assert texts[texts.index("&Export report…") + 1] == "Export &plan…"
    assert window.export_plan_action.isEnabled()


def test_export_plan_writes_ms_project_xml_and_says_so(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "handed back.xml"
    asked = _saving_as(monkeypatch, target, "MS Project XML (*.xml)")
    window.export_plan_action.trigger()

    caption, suggested, filters = asked[0]
    assert caption == "Export the plan"
    assert Path(suggested).name == "Card fleet replacement - prepaid to debit.xml"
    assert filters == "MS Project XML (*.xml);;CSV (*.csv)"
    assert target.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
    assert window.statusBar().currentMessage() == (
        f"Wrote {target} (MS Project XML): 88 workstreams in 10 teams, 119 dependencies"
    )


def test_a_name_without_suffix_takes_the_chosen_formats(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _saving_as(monkeypatch, tmp_path / "plan", "CSV (*.csv)")
    window.export_plan_action.trigger()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.migrator", "plan.csv"]
    assert (tmp_path / "plan.csv").read_bytes().startswith(b"\xef\xbb\xbfKey,Title,Team,Owner,Status,")
    assert (
        window.statusBar().currentMessage().startswith(f"Wrote {tmp_path / 'plan.csv'} (CSV): 88 workstreams")
    )


def test_a_refused_write_is_said_in_a_message_box_and_writes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, title, text: shown.append((title, text)))
    missing = tmp_path / "gone" / "plan.xml"
    _saving_as(monkeypatch, missing, "MS Project XML (*.xml)")
    window.export_plan_action.trigger()
    message = f"The folder {missing.parent} does not exist; the plan was not exported."
    assert shown == [("Migrator — the plan was not exported", message)]
    assert not missing.parent.exists()


def test_cancelling_the_save_dialog_writes_nothing(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args: ("", ""))
    window.export_plan_action.trigger()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.migrator"]


def test_a_read_only_plan_exports_too(
    qtbot: Any, demo_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file, read_only=True)
    assert win.export_plan_action.isEnabled() and not win.new_action.isEnabled()
    _saving_as(monkeypatch, tmp_path / "plan.csv", "CSV (*.csv)")
    win.export_plan_action.trigger()
    assert (tmp_path / "plan.csv").read_bytes().startswith(b"\xef\xbb\xbfKey,")
    win.close()
