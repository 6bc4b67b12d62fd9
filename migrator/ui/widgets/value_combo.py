"""Combo boxes whose items stand for Python values: the base, and the status, team and health pickers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QComboBox, QWidget

from migrator.analysis import HealthLevel
from migrator.domain.model import Health, Status
from migrator.ui import palette
from migrator.ui.document.plan_document import PlanDocument


class ValueCombo(QComboBox):
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


class StatusCombo(ValueCombo):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_items([(status.label, status, None) for status in Status])


class TeamCombo(ValueCombo):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.update_items()

    def update_items(self) -> None:
        self.set_items([(t.name, t.id, palette.dot(t.colour)) for t in self.document.plan.teams])


class HealthOverrideCombo(ValueCombo):
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
