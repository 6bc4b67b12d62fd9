"""Taking a baseline: from the plan as it is now or from a stored snapshot, as one undoable step."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from migrator.domain.wording import date_text
from migrator.ui.dialogs.export_dialog import snapshot_text
from migrator.ui.document.plan_document import PlanDocument


class BaselineDialog(QDialog):
    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle("Take baseline")
        self.setMinimumWidth(520)

        explanation = QLabel(
            "A baseline keeps each workstream's start and due dates as the plan you agreed to, "
            "so later slips are measured against it."
        )
        explanation.setWordWrap(True)
        self.now = QRadioButton(f"The plan as it is now (as of {date_text(document.as_of)})")
        self.from_snapshot = QRadioButton("A stored snapshot:")
        choice = QButtonGroup(self)
        choice.addButton(self.now)
        choice.addButton(self.from_snapshot)
        self.snapshots = QListWidget()
        self.snapshots.setMaximumHeight(160)
        for snapshot in reversed(document.snapshots()):  # newest first
            item = QListWidgetItem(snapshot_text(snapshot))
            item.setData(Qt.ItemDataRole.UserRole, snapshot.id)
            self.snapshots.addItem(item)
        if self.snapshots.count():
            self.snapshots.setCurrentRow(0)
        else:
            self.from_snapshot.setText("A stored snapshot (none yet: every exported report keeps one)")
            self.from_snapshot.setEnabled(False)
            self.snapshots.hide()
        self.now.setChecked(True)
        note = QLabel("Any earlier baseline is replaced; Edit → Undo puts it back.")
        note.setWordWrap(True)
        if document.read_only:
            note.setText(f"{document.name} is read-only, so its baseline can't be changed.")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Take baseline")
        self.ok_button.setEnabled(not document.read_only)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.now)
        layout.addWidget(self.from_snapshot)
        layout.addWidget(self.snapshots)
        layout.addWidget(note)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._update_list()

        self.from_snapshot.toggled.connect(self._update_list)
        self.snapshots.itemDoubleClicked.connect(lambda _item: self.ok_button.click())
        self.buttons.accepted.connect(self.take)
        self.buttons.rejected.connect(self.reject)

    def _update_list(self) -> None:
        self.snapshots.setEnabled(self.from_snapshot.isChecked())

    def take(self) -> None:
        snapshot: str | None = None
        if self.from_snapshot.isChecked():
            item = self.snapshots.currentItem()
            if item is None:
                return
            snapshot = str(item.data(Qt.ItemDataRole.UserRole))
        result = self.document.take_baseline(snapshot)
        if result is None:
            return  # refused: the window says why; nothing changed
        changed = result.changed
        QMessageBox.information(
            self,
            "Baseline taken",
            f"The baseline now comes from snapshot {snapshot_text(result.snapshot)}.\n"
            f"{changed} workstream{' has' if changed == 1 else 's have'} new baseline dates.",
        )
        self.accept()
