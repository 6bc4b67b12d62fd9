"""Choose a workstream (searched by key, title or team) and what a RAID item is to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from migrator.domain.raid import LinkRole, RaidItem, RaidType
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.value_combo import ValueCombo

# The role a new link of each type starts with.
DEFAULT_ROLE = {
    RaidType.RISK: LinkRole.THREATENS,
    RaidType.ASSUMPTION: LinkRole.ASSUMED_BY,
    RaidType.ISSUE: LinkRole.BLOCKS,
    RaidType.DECISION: LinkRole.DECIDED_FOR,
}
SHOWN_AT_MOST = 500  # a 20,000-workstream plan lists what the search finds, not everything


class WorkstreamPickerDialog(QDialog):
    """Link ``item`` to a workstream: the link is made (one undo step) when the dialog is accepted."""

    shows_refusals = True  # the main window leaves a refusal to the dialog's own message

    def __init__(self, document: PlanDocument, item: RaidItem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.item = item
        self.setWindowTitle(f"Link {item.key} to a workstream")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type part of a key, title or team")
        self.search.setClearButtonEnabled(True)
        self.list = QListWidget()
        self.list.setMinimumSize(420, 280)
        self.role = ValueCombo()
        self.role.set_items([(role.value.capitalize(), role, None) for role in LinkRole])
        self.role.set_value(DEFAULT_ROLE[item.type])
        self.capped = QLabel(f"The first {SHOWN_AT_MOST} shown: type to find the others.")
        self.capped.setObjectName("pickerCapped")
        self.capped.setStyleSheet("color: #546E7A;")
        self.capped.hide()
        self.message = QLabel()
        self.message.setObjectName("pickerMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #C62828;")
        self.message.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.link_button = QPushButton("Link")
        self.link_button.setDefault(True)
        self.buttons.addButton(self.link_button, QDialogButtonBox.ButtonRole.AcceptRole)
        form = QFormLayout()
        form.addRow("Find:", self.search)
        form.addRow("Role:", self.role)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.capped)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        linked = set(item.linked_workstreams())
        # What a search looks in, worked out once: each keystroke is one pass over plain strings.
        self._haystacks = [
            (ws, f"{ws.key} {ws.title} {ws.team_name}".casefold())
            for ws in document.plan.workstreams.values()
            if ws.id not in linked
        ]
        self.search.textChanged.connect(self._fill)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        self.list.currentRowChanged.connect(lambda _row: self._update())
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._fill("")

    def _fill(self, text: str) -> None:
        words = text.casefold().split()
        self.list.clear()
        shown, more = 0, False
        for ws, haystack in self._haystacks:
            if not all(word in haystack for word in words):
                continue
            if shown == SHOWN_AT_MOST:
                more = True
                break
            entry = QListWidgetItem(f"{ws.key}  {ws.title}")
            entry.setData(Qt.ItemDataRole.UserRole, ws.id)
            entry.setToolTip(f"{ws.team_name}: {ws.title}")
            self.list.addItem(entry)
            shown += 1
        self.capped.setVisible(more)
        if self.list.count():
            self.list.setCurrentRow(0)
        self._update()

    def _update(self) -> None:
        self.link_button.setEnabled(self.chosen_id() is not None)

    def chosen_id(self) -> int | None:
        entry = self.list.currentItem()
        return None if entry is None else int(entry.data(Qt.ItemDataRole.UserRole))

    def chosen_role(self) -> LinkRole:
        role: LinkRole = self.role.value()
        return role

    def accept(self) -> None:
        workstream_id = self.chosen_id()
        if workstream_id is None:
            return
        with self.document.refusals() as heard:
            linked = self.document.link_raid_item(
                self.item.id, self.chosen_role(), workstream_id=workstream_id
            )
        if not linked:
            self.message.setText(" ".join(heard) or "The link was not made.")
            self.message.show()
            return
        super().accept()
