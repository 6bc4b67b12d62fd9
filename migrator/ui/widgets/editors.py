"""Editors shared by the table's inline editing and the details pane: each has value() and set_value()."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QIcon, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QInputDialog,
    QLineEdit,
    QMenu,
    QSpinBox,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.model import Health, Status
from migrator.ui import palette
from migrator.ui.plan_document import PlanDocument

# The day before the first plausible plan date stands for "no date": the edit shows "—" there.
_EMPTY = QDate(1999, 12, 31)
_LAST = QDate(2099, 12, 31)
_CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class OptionalDateEdit(QDateEdit):
    """A date that may be empty ("—"): Delete on the fully selected field or "Clear date" empties it."""

    edited = Signal()  # the user finished typing, picked a day in the calendar or cleared the date

    def __init__(self, parent: QWidget | None = None, today: date | None = None) -> None:
        super().__init__(parent)
        self.today = today or date.today()  # where typing into an empty field starts
        self.setCalendarPopup(True)
        self.setDisplayFormat("d MMM yyyy")
        self.setDateRange(_EMPTY, _LAST)
        self.setSpecialValueText("—")
        self.clear_action = QAction("Clear date", self)
        self.clear_action.triggered.connect(self._clear)
        self.today_action = QAction("Today", self)
        self.today_action.triggered.connect(lambda: self._pick(self.today))
        calendar = self.calendarWidget()
        calendar.installEventFilter(self)
        calendar.clicked.connect(lambda _day: self.edited.emit())
        calendar.activated.connect(lambda _day: self.edited.emit())
        self.editingFinished.connect(self.edited.emit)
        self.set_value(None)

    def value(self) -> date | None:
        return None if self.date() == _EMPTY else self.date().toPython()  # type: ignore[return-value]

    def set_value(self, value: date | None) -> None:
        self.setDate(_EMPTY if value is None else QDate(value))

    def _clear(self) -> None:
        self.set_value(None)
        self.edited.emit()

    def _pick(self, day: date) -> None:
        self.set_value(day)
        self.edited.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        line = self.lineEdit()
        if key in _CLEAR_KEYS and (self.value() is None or line.selectedText() == line.text()):
            self._clear()
            return
        if self.value() is None and event.text().isprintable() and event.text():
            # Typing into "—" starts from today rather than from the hidden "empty" day.
            self.set_value(self.today)
            self.setSelectedSection(QDateEdit.Section.DaySection)
        super().keyPressEvent(event)

    def stepBy(self, steps: int) -> None:
        if self.value() is None:
            self.set_value(self.today)
            return
        super().stepBy(steps)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        menu.addAction(self.today_action)
        menu.addAction(self.clear_action)
        self.clear_action.setEnabled(self.value() is not None)
        menu.exec(event.globalPos())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.value() is None:
            # An empty date would open the calendar in December 1999.
            self.calendarWidget().setCurrentPage(self.today.year, self.today.month)
        return super().eventFilter(watched, event)


class _ValueCombo(QComboBox):
    """A combo box whose items stand for Python values (enums survive, unlike in item data)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._values: list[Any] = []
        # Long team and person names must not widen the details pane or a table column.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def set_items(self, items: Sequence[tuple[str, Any, QIcon | None]]) -> None:
        """Replace the items, keeping the value; nothing happens when they are the same."""
        if [(text, value) for text, value, _icon in items] == [
            (self.itemText(row), value) for row, value in enumerate(self._values)
        ]:
            return
        current = self.value()
        blocked = self.blockSignals(True)
        self.clear()
        self._values = [value for _text, value, _icon in items]
        for text, _value, icon in items:
            if icon is None:
                self.addItem(text)
            else:
                self.addItem(icon, text)
        self.set_value(current)
        self.blockSignals(blocked)

    def value(self) -> Any:
        row = self.currentIndex()
        return self._values[row] if 0 <= row < len(self._values) else None

    def set_value(self, value: Any) -> None:
        self.setCurrentIndex(self._values.index(value) if value in self._values else -1)


class StatusCombo(_ValueCombo):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_items([(status.label, status, None) for status in Status])


class TeamCombo(_ValueCombo):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.update_items()

    def update_items(self) -> None:
        self.set_items([(t.name, t.id, palette.dot(t.colour)) for t in self.document.plan.teams])


class _AddPerson:
    """The value of the "Add person…" item."""


_ADD_PERSON = _AddPerson()


class OwnerCombo(_ValueCombo):
    """The people of the plan, searchable by typing part of a name; the last item adds a person."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.team_id: int | None = None  # the team a person added here joins
        self._chosen: int | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = self.completer()
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.lineEdit().setPlaceholderText("Type a name")
        self.update_items()
        # Connected before anyone else's slot, so they see the person just added.
        self.activated.connect(self._activated)

    def update_items(self) -> None:
        self.set_items(
            [("— Nobody —", None, None)]
            + [(p.name, p.id, None) for p in self.document.plan.people]
            + [("Add person…", _ADD_PERSON, None)]
        )

    def value(self) -> int | None:
        value = super().value()
        return self._chosen if value is _ADD_PERSON else value  # type: ignore[no-any-return]

    def set_value(self, value: Any) -> None:
        self._chosen = value
        super().set_value(value)

    def focusOutEvent(self, event: Any) -> None:
        super().focusOutEvent(event)
        self.setEditText(self.currentText())  # drop half-typed text that matched nobody

    def _activated(self, row: int) -> None:
        if self._values[row] is not _ADD_PERSON:
            self._chosen = self._values[row]
            return
        name, ok = QInputDialog.getText(self, "Add person", "Name of the new person:")
        person_id = (
            self.document.create_person(name.strip(), None, self.team_id) if ok and name.strip() else None
        )
        self.update_items()
        self.set_value(person_id if person_id is not None else self._chosen)


class ProgressSpin(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 100)
        self.setSuffix(" %")

    def set_value(self, value: int) -> None:
        self.setValue(value)


class HealthOverrideCombo(_ValueCombo):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        levels = (
            (Health.GREEN, HealthLevel.GREEN),
            (Health.AMBER, HealthLevel.AMBER),
            (Health.RED, HealthLevel.RED),
        )
        self.set_items(
            [("Automatic", None, None)]
            + [(health.value.capitalize(), health, palette.health_dot(level)) for health, level in levels]
        )


class TextLineEdit(QLineEdit):
    def value(self) -> str:
        return self.text()

    def set_value(self, value: str) -> None:
        if value != self.text():
            self.setText(value)
            self.setCursorPosition(0)  # long text shows its beginning


_DATE_FIELDS = ("planned_start", "planned_due", "actual_start", "actual_finish")
_EDITORS: dict[str, Callable[[PlanDocument, QWidget | None], QWidget]] = {
    "status": lambda document, parent: StatusCombo(parent),
    "team_id": TeamCombo,
    "owner_id": OwnerCombo,
    "progress": lambda document, parent: ProgressSpin(parent),
    "health_override": lambda document, parent: HealthOverrideCombo(parent),
    **{name: lambda document, parent: OptionalDateEdit(parent, document.as_of) for name in _DATE_FIELDS},
    **{
        name: lambda document, parent: TextLineEdit(parent)
        for name in ("title", "key", "description", "blocker_note")
    },
}


def editor_for(field: str, document: PlanDocument, parent: QWidget | None) -> QWidget:
    """The editor of a workstream field, as the table's delegate and the details pane use it."""
    return _EDITORS[field](document, parent)
