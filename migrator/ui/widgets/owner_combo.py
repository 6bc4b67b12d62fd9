"""The owner picker: the plan's people, searchable by typing part of a name; the last item adds a person."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QInputDialog, QToolTip, QWidget

from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.value_combo import ValueCombo


class _AddPerson:
    """The value of the "Add person…" item."""


_ADD_PERSON = _AddPerson()


class OwnerCombo(ValueCombo):
    """The people of the plan, searchable by typing part of a name; the last item adds a person."""

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.team_id: int | None = None  # the team a person added here joins
        self._chosen: int | None = None
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer, line = self.completer(), self.lineEdit()
        assert completer is not None and line is not None  # an editable combo has both
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        line.setPlaceholderText("Type a name")
        self.refusal = ""  # why the name typed last could not be added, as shown beside the box
        self.update_items()
        # Connected before anyone else's slot, so they see the person just added.
        self.activated.connect(self._activated)
        # After the combo's own Enter handling, which chooses a name typed exactly as listed.
        line.returnPressed.connect(self._name_entered)

    def update_items(self) -> None:
        self.set_items(
            [("— Nobody —", None, None)]
            + [(p.name, p.id, None) for p in self.document.plan.people]
            + [("Add person…", _ADD_PERSON, None)]
        )

    def value(self) -> int | None:
        value = super().value()
        return self._chosen if value is _ADD_PERSON else value

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
