"""A date typed in a table cell that is not a date is never dropped without a word: inside the
table the editor stays open with the text and the reason; leaving the table says what was not saved."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemView, QWidget

from migrator.ui.main_window import MainWindow
from migrator.ui.models.workstream_table_model import COLUMNS
from migrator.ui.widgets.date_edit import DateEdit
from migrator.ui.widgets.workstream_table import WorkstreamTable
from tests.conftest import AS_OF

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
DUE = next(n for n, spec in enumerate(COLUMNS) if spec.field == "planned_due")
TITLE = next(n for n, spec in enumerate(COLUMNS) if spec.field == "title")
REFUSED = '"31/02/2027" is not a date: February 2027 has 28 days.'


@pytest.fixture
def window(qtbot: Any, demo_file: Path, refusals: list[str]) -> Iterator[MainWindow]:
    before = QLocale()
    QLocale.setDefault(UK)
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.resize(1500, 800)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()
    QLocale.setDefault(before)


def _table(window: MainWindow) -> WorkstreamTable:
    assert window.workspace is not None
    return window.workspace.table


def _index(window: MainWindow, key: str, column: int) -> QModelIndex:
    assert window.document is not None
    ws = next(w for w in window.document.plan.workstreams.values() if w.key == key)
    table = _table(window)
    row = table.model_.row_of(ws.id)
    assert row is not None
    return table.model_.index(row, column)


def _saved_due(window: MainWindow, key: str) -> date | None:
    assert window.document is not None
    ws = next(w for w in window.document.plan.workstreams.values() if w.key == key)
    return window.document.service.workstream(ws.id).planned_due


def _type_in_due_cell(qtbot: Any, window: MainWindow, text: str) -> DateEdit:
    """F2 on BNK-4's Due cell (10 Mar 2027), Ctrl+A and type over it, as a user does."""
    table = _table(window)
    table.setCurrentIndex(_index(window, "BNK-4", DUE))
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = table.findChild(DateEdit)
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)
    return editor


def _click(widget: QWidget, at: Any) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)


@pytest.mark.parametrize("leave", ["click on another row", "click on the next cell", "arrow down"])
def test_a_date_that_is_no_date_stays_open_with_its_text_and_reason_when_the_user_moves_in_the_table(
    qtbot: Any, window: MainWindow, leave: str
) -> None:
    table = _table(window)
    editor = _type_in_due_cell(qtbot, window, "31/02/2027")
    if leave == "arrow down":
        qtbot.keyClick(editor, Qt.Key.Key_Down)
    else:
        other = _index(window, "OPS-2" if leave == "click on another row" else "BNK-4", TITLE)
        _click(table.viewport(), table.visualRect(other).center())
    qtbot.waitUntil(editor.hasFocus)  # the focus is given back to the cell being typed in
    assert table.state() == QAbstractItemView.State.EditingState
    assert table.currentIndex() == _index(window, "BNK-4", DUE)
    assert editor.text() == "31/02/2027"
    assert editor.message.text() == REFUSED
    assert editor.message.isVisible()
    assert _saved_due(window, "BNK-4") == date(2027, 3, 10)

    qtbot.keyClick(editor, Qt.Key.Key_Escape)  # Esc still puts the saved date back
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert _index(window, "BNK-4", DUE).data() == "10 Mar 2027"
    assert _saved_due(window, "BNK-4") == date(2027, 3, 10)
    assert window.statusBar().currentMessage() == ""  # dropped on purpose: nothing to say


def test_switching_to_another_window_and_back_keeps_the_text_and_the_reason(
    qtbot: Any, window: MainWindow
) -> None:
    table = _table(window)
    editor = _type_in_due_cell(qtbot, window, "31/02/2027")
    other = QWidget()
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.activateWindow()
    qtbot.waitUntil(editor.hasFocus)
    assert table.state() == QAbstractItemView.State.EditingState
    assert editor.text() == "31/02/2027"
    assert editor.message.text() == REFUSED
    assert _saved_due(window, "BNK-4") == date(2027, 3, 10)


def test_a_click_after_the_text_is_mended_moves_on_and_saves_it(qtbot: Any, window: MainWindow) -> None:
    table = _table(window)
    editor = _type_in_due_cell(qtbot, window, "31/02/2027")
    other = _index(window, "OPS-2", TITLE)
    _click(table.viewport(), table.visualRect(other).center())
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "28/02/2027")
    _click(table.viewport(), table.visualRect(other).center())
    qtbot.waitUntil(lambda: _saved_due(window, "BNK-4") == date(2027, 2, 28))
    assert table.state() != QAbstractItemView.State.EditingState
    assert table.currentIndex() == other


def test_leaving_the_table_with_a_date_that_is_no_date_says_in_the_status_bar_what_was_not_saved(
    qtbot: Any, window: MainWindow
) -> None:
    table = _table(window)
    assert window.workspace is not None
    _type_in_due_cell(qtbot, window, "hello")
    search = window.workspace.filter_bar.text
    _click(search, search.rect().center())
    qtbot.waitUntil(search.hasFocus)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    assert window.statusBar().currentMessage() == (
        'BNK-4 Due was not changed: "hello" is not a date: '
        "type it like 15 Jan 2027, 2027-01-15 or 15/01/2027."
    )
    assert _index(window, "BNK-4", DUE).data() == "10 Mar 2027"
    assert _saved_due(window, "BNK-4") == date(2027, 3, 10)
