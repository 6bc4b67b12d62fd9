"""Editors shared by the table's inline editing and the details pane: each has value() and set_value().

The combo boxes live in value_combo.py and owner_combo.py; the table and the details pane take
every editor from here, by field name through ``editor_for``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QSpinBox, QWidget

from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.date_edit import DateEdit
from migrator.ui.widgets.owner_combo import OwnerCombo
from migrator.ui.widgets.value_combo import HealthOverrideCombo, StatusCombo, TeamCombo

__all__ = [
    "HealthOverrideCombo",
    "OwnerCombo",
    "ProgressSpin",
    "StatusCombo",
    "TeamCombo",
    "TextLineEdit",
    "editor_for",
]


class ProgressSpin(QSpinBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(0, 100)
        self.setSuffix(" %")

    def set_value(self, value: int) -> None:
        self.setValue(value)


class TextLineEdit(QLineEdit):
    """One line of text; in a pane Esc drops what was typed (a table's delegate handles Esc itself)."""

    reverted = Signal()  # Esc: the owner puts back the text the plan holds

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reverted.emit()  # and Esc goes on as before, to a dialog that closes on it
        super().keyPressEvent(event)

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
