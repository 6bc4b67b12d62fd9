"""The filter bar above the table: text, status, health and quick toggles."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from migrator.analysis import HealthLevel
from migrator.domain.model import Status
from migrator.ui.models.workstream_table_model import RowFilter

CHECKED_LOOK = "QToolButton:checked { background: #E3F2FD; border: 1px solid #90CAF9; border-radius: 3px; }"


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QLineEdit()
        self.text.setPlaceholderText("Filter by key, title, owner or description  (Ctrl+F)")
        self.text.setClearButtonEnabled(True)
        self.text.setMinimumWidth(200)
        self.status = QComboBox()
        self.status.addItem("Any status", None)
        for status in Status:
            self.status.addItem(status.label, status)
        self.status.addItem("Open (not done)", "open")
        self.health = QComboBox()
        self.health.addItem("Any health", None)
        for level in (HealthLevel.RED, HealthLevel.AMBER, HealthLevel.GREEN):
            self.health.addItem(level.label, level)
        self.toggles: dict[str, QToolButton] = {}
        # Two rows, so the table keeps its width on a laptop screen.
        first, second = QHBoxLayout(), QHBoxLayout()
        for row in (first, second):
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(first)
        layout.addLayout(second)
        first.addWidget(self.text, 1)
        second.addWidget(self.status)
        second.addWidget(self.health)
        for name, label, tip in (
            ("late", "Late", "Forecast to finish after the due date"),
            ("blocked", "Blocked", "Status is Blocked"),
            ("critical", "Critical", "On the critical path to go-live"),
            ("changed", "Changed since last report", "Edited or commented on since the last report"),
        ):
            button = QToolButton()
            button.setText(label)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setStyleSheet(CHECKED_LOOK)  # on the button alone: see looks.py
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            button.toggled.connect(self.changed)
            second.addWidget(button)
            self.toggles[name] = button
        second.addStretch(1)
        self.count = QLabel()
        self.count.setMinimumWidth(140)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        first.addWidget(self.count)
        self.text.textChanged.connect(self.changed)
        self.status.currentIndexChanged.connect(self.changed)
        self.health.currentIndexChanged.connect(self.changed)

    def row_filter(self, team_id: int | None) -> RowFilter:
        # Qt hands item data back as plain str: turn it into the enums again.
        status, health = self.status.currentData(), self.health.currentData()
        statuses: frozenset[Status]
        if status == "open":
            statuses = frozenset(s for s in Status if s not in (Status.DONE, Status.CANCELLED))
        else:
            statuses = frozenset({Status(status)}) if status is not None else frozenset()
        return RowFilter(
            text=self.text.text(),
            team_id=team_id,
            statuses=statuses,
            health=HealthLevel(health) if health is not None else None,
            late=self.toggles["late"].isChecked(),
            blocked=self.toggles["blocked"].isChecked(),
            critical=self.toggles["critical"].isChecked(),
            changed=self.toggles["changed"].isChecked(),
        )

    def clear(self) -> None:
        """Every row again (one change, not one per field)."""
        self.blockSignals(True)
        try:
            self.text.clear()
            self.status.setCurrentIndex(0)
            self.health.setCurrentIndex(0)
            for button in self.toggles.values():
                button.setChecked(False)
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(f"{total:,} workstreams" if shown == total else f"{shown:,} of {total:,} shown")
