"""Dates typed in the details pane, the table and a dialog: saved as typed, or refused in place."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QDialogButtonBox

from migrator.domain.model import Workstream
from migrator.ui.dialogs.settings_dialog import SettingsDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.main_window import MainWindow
from migrator.ui.models.workstream_table_model import COLUMNS
from migrator.ui.widgets.date_edit import DateEdit, DateOrder, locale_date_order
from migrator.ui.widgets.details_pane import DetailsPane
from migrator.ui.widgets.workstream_table import WorkstreamTable
from tests.conftest import AS_OF

UK = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)  # 15/01/2027: day first
US = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)  # 1/15/27: month first
SWEDEN = QLocale(QLocale.Language.Swedish, QLocale.Country.Sweden)  # 2027-01-15: year first
CANADA = QLocale(QLocale.Language.English, QLocale.Country.Canada)  # 2027-01-15: year first
# Their own year-first orders, as Qt 6.11 gives them: yyyy/M/d, yyyy/MM/dd and yy. M. d.
CHINA = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
JAPAN = QLocale(QLocale.Language.Japanese, QLocale.Country.Japan)
KOREA = QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)


@pytest.fixture
def locale() -> Iterator[Any]:
    """Sets the system's locale for one test, as a coordinator's machine would have it."""
    before = QLocale()
    yield QLocale.setDefault
    QLocale.setDefault(before)


def _ws(document: PlanDocument, key: str) -> Workstream:
    return next(w for w in document.plan.workstreams.values() if w.key == key)


@pytest.fixture
def pane(qtbot: Any, document: PlanDocument) -> DetailsPane:
    pane = DetailsPane(document)
    qtbot.addWidget(pane)
    pane.resize(420, 700)
    pane.show()
    qtbot.waitUntil(lambda: document.analysis is not None)
    pane.show_workstream(_ws(document, "BNK-4").id)  # planned 11 Jan 2027 → 10 Mar 2027
    pane.activateWindow()
    return pane


def _type(qtbot: Any, field: DateEdit, text: str) -> None:
    """Click into the field, select all (Ctrl+A) and type over it, as a user does."""
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize(
    ("text", "system", "field", "saved"),
    [
        ("15 Jan 2027", UK, "planned_start", date(2027, 1, 15)),
        ("15 January 2027", US, "planned_start", date(2027, 1, 15)),
        ("04 Jan 2027", UK, "planned_start", date(2027, 1, 4)),
        ("12 Jul 2027", UK, "planned_due", date(2027, 7, 12)),
        ("2027-01-04", US, "planned_start", date(2027, 1, 4)),
        ("4/1/2027", UK, "planned_start", date(2027, 1, 4)),
        ("4/1/2027", US, "planned_due", date(2027, 4, 1)),
        ("15/01/2027", UK, "planned_start", date(2027, 1, 15)),
        ("01/15/2027", US, "planned_start", date(2027, 1, 15)),
        ("25/01/2027", US, "planned_start", date(2027, 1, 25)),
        ("15.01.2027", US, "planned_start", date(2027, 1, 15)),
        ("05/03/2027", SWEDEN, "planned_due", date(2027, 3, 5)),  # year-first formats: day first
        ("05/03/2027", CANADA, "planned_due", date(2027, 3, 5)),
        ("15 jan", UK, "planned_start", date(2027, 1, 15)),  # the 15 Jan nearest to 11 Jan 2027
        ("  15 JAN 2027 ", UK, "planned_start", date(2027, 1, 15)),
    ],
)
def test_a_typed_date_is_saved_as_typed_when_tab_leaves_the_field(
    pane: DetailsPane, document: PlanDocument, qtbot: Any, locale: Any,
    text: str, system: QLocale, field: str, saved: date,
) -> None:  # fmt: skip
    locale(system)
    ws = _ws(document, "BNK-4")
    edit: DateEdit = pane.editors[field]
    _type(qtbot, edit, text)
    assert getattr(document.service.workstream(ws.id), field) == getattr(ws, field)  # not saved yet
    qtbot.keyClick(edit, Qt.Key.Key_Tab)

    assert getattr(document.service.workstream(ws.id), field) == saved
    assert edit.value() == saved
    assert not edit.hasFocus()


def test_the_date_understood_shows_while_typing_and_enter_saves_it(
    pane: DetailsPane, document: PlanDocument, qtbot: Any, locale: Any
) -> None:
    locale(UK)
    ws = _ws(document, "BNK-4")
    _type(qtbot, pane.planned_due, "15/4/2027")
    assert pane.planned_due.message.isVisible()
    assert pane.planned_due.message.text() == "Thu 15 Apr 2027"
    assert document.service.workstream(ws.id).planned_due == date(2027, 3, 10)

    qtbot.keyClick(pane.planned_due, Qt.Key.Key_Return)
    assert document.service.workstream(ws.id).planned_due == date(2027, 4, 15)
    assert pane.planned_due.text() == "Thu 15 Apr 2027"  # one format across the window
    assert not pane.planned_due.message.isVisible()
    assert document.undo_stack.undoText() == "Change planned due of BNK-4"


def test_esc_puts_back_the_saved_date_and_nothing_is_saved_later(
    pane: DetailsPane, document: PlanDocument, qtbot: Any
) -> None:
    ws = _ws(document, "BNK-4")
    _type(qtbot, pane.planned_due, " Aug")
    qtbot.keyClick(pane.planned_due, Qt.Key.Key_Escape)
    assert pane.planned_due.text() == "Wed 10 Mar 2027"
    qtbot.keyClick(pane.planned_due, Qt.Key.Key_Tab)
    pane.show_workstream(_ws(document, "OPS-6").id)

    assert document.service.workstream(ws.id).planned_due == date(2027, 3, 10)
    assert document.undo_stack.count() == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2027-02-30", '"2027-02-30" is not a date: February 2027 has 28 days.'),
        ("31/13/2027", '"31/13/2027" is not a date: there is no month 13.'),
        ("next week", '"next week" is not a date: type it like 15 Jan 2027, 2027-01-15 or 15/01/2027.'),
    ],
)
def test_text_that_is_not_a_date_is_refused_beside_the_field_and_changes_nothing(
    pane: DetailsPane, document: PlanDocument, qtbot: Any, locale: Any, text: str, message: str
) -> None:
    locale(UK)
    ws = _ws(document, "BNK-4")
    _type(qtbot, pane.planned_due, text)
    qtbot.keyClick(pane.planned_due, Qt.Key.Key_Return)
    assert pane.planned_due.hasFocus()  # Enter keeps the field to mend it
    assert (pane.planned_due.message.text(), pane.planned_due.message.isVisible()) == (message, True)
    qtbot.keyClick(pane.planned_due, Qt.Key.Key_Tab)  # leaving does not save it either

    assert document.service.workstream(ws.id).planned_due == date(2027, 3, 10)
    assert pane.planned_due.value() == date(2027, 3, 10)
    assert pane.planned_due.message.text() == message
    assert document.undo_stack.count() == 0


@pytest.mark.parametrize(
    ("system", "short_format", "order"),
    [
        (UK, "dd/MM/yyyy", DateOrder(day_first=True, year_first=False)),
        (US, "M/d/yy", DateOrder(day_first=False, year_first=False)),
        (SWEDEN, "yyyy-MM-dd", DateOrder(day_first=True, year_first=False)),  # ISO: slashes day first
        (CANADA, "yyyy-MM-dd", DateOrder(day_first=True, year_first=False)),
        (CHINA, "yyyy/M/d", DateOrder(day_first=False, year_first=True)),
        (JAPAN, "yyyy/MM/dd", DateOrder(day_first=False, year_first=True)),
        (KOREA, "yy. M. d.", DateOrder(day_first=False, year_first=True)),
    ],
)
def test_the_order_dates_are_read_in_is_the_systems_short_date_format(
    locale: Any, system: QLocale, short_format: str, order: DateOrder
) -> None:
    locale(system)
    assert QLocale().dateFormat(QLocale.FormatType.ShortFormat) == short_format
    assert locale_date_order() == order


@pytest.mark.parametrize(
    ("text", "system", "understood", "saved"),
    [
        ("2027/01/15", CHINA, "Fri 15 Jan 2027", date(2027, 1, 15)),
        ("2027/1/15", JAPAN, "Fri 15 Jan 2027", date(2027, 1, 15)),
        ("2027.01.15", JAPAN, "Fri 15 Jan 2027", date(2027, 1, 15)),
        ("2027. 1. 15.", KOREA, "Fri 15 Jan 2027", date(2027, 1, 15)),
        ("01/15/2027", CHINA, "Fri 15 Jan 2027", date(2027, 1, 15)),
        ("05/03/2027", JAPAN, "Mon 3 May 2027", date(2027, 5, 3)),  # the month first, as after the year
        ("5/3", KOREA, "Mon 3 May 2027", date(2027, 5, 3)),
    ],
)
def test_where_the_system_writes_the_year_first_dates_are_read_in_its_own_order(
    pane: DetailsPane, document: PlanDocument, qtbot: Any, locale: Any,
    text: str, system: QLocale, understood: str, saved: date,
) -> None:  # fmt: skip
    locale(system)
    ws = _ws(document, "BNK-4")
    edit = pane.planned_start if saved < date(2027, 3, 10) else pane.planned_due
    _type(qtbot, edit, text)
    assert edit.message.text() == understood
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert edit.value() == saved
    field = "planned_start" if edit is pane.planned_start else "planned_due"
    assert getattr(document.service.workstream(ws.id), field) == saved


@pytest.mark.parametrize("system", [CHINA, JAPAN, KOREA])
def test_where_the_system_writes_the_year_first_a_day_first_date_is_refused_not_turned_round(
    pane: DetailsPane, document: PlanDocument, qtbot: Any, locale: Any, system: QLocale
) -> None:
    locale(system)
    ws = _ws(document, "BNK-4")
    _type(qtbot, pane.planned_due, "15/01/2027")
    assert pane.planned_due.message.text() == "Type a date such as 15 Jan 2027, 2027-01-15 or 2027/01/15"
    qtbot.keyClick(pane.planned_due, Qt.Key.Key_Tab)
    assert pane.planned_due.message.text() == (
        '"15/01/2027" is not a date: there is no month 15 (the month comes before the day here, '
        "as in 01/15/2027 or 2027/01/15)."
    )
    assert pane.planned_due.message.isVisible()
    assert document.service.workstream(ws.id).planned_due == date(2027, 3, 10)
    assert document.undo_stack.count() == 0


def test_emptied_text_clears_an_actual_date(pane: DetailsPane, document: PlanDocument, qtbot: Any) -> None:
    ws = _ws(document, "BNK-4")
    assert ws.actual_start == date(2027, 1, 11)
    _type(qtbot, pane.actual_start, "")
    qtbot.keyClick(pane.actual_start, Qt.Key.Key_Delete)
    assert pane.actual_start.message.text() == "No date"
    qtbot.keyClick(pane.actual_start, Qt.Key.Key_Tab)
    assert document.service.workstream(ws.id).actual_start is None
    assert pane.actual_start.placeholderText() == "—"


def test_the_tables_date_editor_reads_the_typed_text_and_keeps_a_refusal_open(
    qtbot: Any, document: PlanDocument, locale: Any
) -> None:
    locale(UK)
    table = WorkstreamTable(document)
    qtbot.addWidget(table)
    table.resize(1200, 500)
    table.show()
    qtbot.waitUntil(lambda: document.analysis is not None)
    ws = _ws(document, "BNK-4")
    column = next(n for n, spec in enumerate(COLUMNS) if spec.field == "planned_due")
    row = table.model_.row_of(ws.id)
    assert row is not None
    table.setCurrentIndex(table.model_.index(row, column))
    table.activateWindow()
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F2)
    assert table.state() == QAbstractItemView.State.EditingState
    editor = table.findChild(DateEdit)
    qtbot.waitUntil(editor.hasFocus)
    assert editor.text() == "Wed 10 Mar 2027"

    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "31/04/2027")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    qtbot.wait(50)  # a commit would come back through the event loop
    assert table.state() == QAbstractItemView.State.EditingState  # still open, with the reason under it
    assert editor.message.text() == '"31/04/2027" is not a date: April 2027 has 30 days.'
    assert editor.message.isVisible()
    assert document.service.workstream(ws.id).planned_due == date(2027, 3, 10)

    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "2027-04-30")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits it once back in the event loop
    qtbot.waitUntil(lambda: document.service.workstream(ws.id).planned_due == date(2027, 4, 30))
    assert table.model_.index(row, column).data() == "30 Apr 2027"


def test_esc_in_the_tables_date_editor_saves_nothing(qtbot: Any, document: PlanDocument) -> None:
    table = WorkstreamTable(document)
    qtbot.addWidget(table)
    table.show()
    ws = _ws(document, "BNK-4")
    column = next(n for n, spec in enumerate(COLUMNS) if spec.field == "planned_due")
    index = table.model_.index(table.model_.row_of(ws.id) or 0, column)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(DateEdit)
    qtbot.waitUntil(editor.hasFocus)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "2027-12-24")
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState)
    qtbot.wait(50)
    assert document.service.workstream(ws.id).planned_due == date(2027, 3, 10)


def test_a_dialogs_date_is_typed_too_and_a_wrong_one_adds_nothing(
    qtbot: Any, document: PlanDocument, locale: Any
) -> None:
    locale(UK)
    dialog = SettingsDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.tabs.setCurrentIndex(1)  # Working calendar
    before = dict(dialog.days)
    _type(qtbot, dialog.new_day, "2027-02-29")
    dialog.add_day_button.click()
    assert dialog.days == before
    assert dialog.new_day.message.text() == '"2027-02-29" is not a date: February 2027 has 28 days.'

    _type(qtbot, dialog.new_day, "26/03/2027")
    qtbot.keyClicks(dialog.new_day_name, "Good Friday")
    dialog.add_day_button.click()
    assert dialog.days[date(2027, 3, 26)] == "Good Friday"


def test_the_as_of_date_is_typed_and_ok_refuses_what_is_not_a_date(
    qtbot: Any, demo_file: Path, locale: Any
) -> None:
    locale(UK)
    window = MainWindow(as_of=AS_OF)
    qtbot.addWidget(window)
    assert window.open_file(demo_file)
    window.show()
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        field = dialog.findChild(DateEdit)
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        _type(qtbot, field, "31/02/2027")
        ok.click()
        seen.append(field.message.text())
        assert dialog.isVisible()  # not taken: the dialog stays with the reason
        _type(qtbot, field, "15/03/2027")
        ok.click()

    QTimer.singleShot(0, answer)
    window.choose_as_of()
    assert seen == ['"31/02/2027" is not a date: February 2027 has 28 days.']
    assert window.document is not None and window.document.as_of == date(2027, 3, 15)
    window.close()
