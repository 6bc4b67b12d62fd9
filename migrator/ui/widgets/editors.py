"""Editors shared by the table's inline editing and the details pane: each has value() and set_value()."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QInputDialog,
    QLineEdit,
    QSpinBox,
    QToolTip,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.model import Health, Status
from migrator.ui import palette
from migrator.ui.plan_document import PlanDocument
from migrator.ui.widgets.date_edit import DateEdit


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
        self.refusal = ""  # why the name typed last could not be added, as shown beside the box
        self.update_items()
        # Connected before anyone else's slot, so they see the person just added.
        self.activated.connect(self._activated)
        # After the combo's own Enter handling, which chooses a name typed exactly as listed.
        self.lineEdit().returnPressed.connect(self._name_entered)

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
        person_id = self._add_person(name) if ok and name.strip() else None
        self.update_items()
        self.set_value(person_id if person_id is not None else self._chosen)

    def _name_entered(self) -> None:
        """Enter after typing a name: a listed person in any case, else a new person in the team."""
        name = " ".join(self.currentText().split())
        row = self.findText(name, Qt.MatchFlag.MatchFixedString)  # case-insensitive, whole name
        if not name or (row >= 0 and row == self.currentIndex()):
            return
        if row >= 0 and self._values[row] is _ADD_PERSON:
            return
        if row < 0:
            person_id = self._add_person(name)
            if person_id is None:
                return
            self.update_items()
            row = self._values.index(person_id)
        self.setCurrentIndex(row)
        self.activated.emit(row)  # as if picked from the list: the owner is saved

    def _add_person(self, name: str) -> int | None:
        """A new person in the workstream's team, or None with the reason beside the box."""
        with self.document.refusals() as heard:
            person_id = self.document.create_person(name.strip(), None, self.team_id)
        self.refusal = f"{name.strip()[:60]} was not added: {' '.join(heard)}" if person_id is None else ""
        if self.refusal:
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), self.refusal, self)
        return person_id


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
    **{name: lambda document, parent: DateEdit(parent, document.as_of) for name in _DATE_FIELDS},
    **{
        name: lambda document, parent: TextLineEdit(parent)
        for name in ("title", "key", "description", "blocker_note")
    },
}


def editor_for(field: str, document: PlanDocument, parent: QWidget | None) -> QWidget:
    """The editor of a workstream field, as the table's delegate and the details pane use it."""
    return _EDITORS[field](document, parent)
