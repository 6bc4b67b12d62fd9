"""The RAID items linked to a workstream: key, title, what the item is to it, and its score or date.

A double-click (or Enter) on one opens it in the RAID view, where it is edited.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from migrator.domain.raid import RaidItem, RaidLink, RiskBands, raid_order
from migrator.ui import palette
from migrator.ui.looks import give_look
from migrator.ui.models.raid_table_model import measure_text
from migrator.ui.widgets.details.text_edits import heading


class RaidSection(QWidget):
    item_requested = Signal(int)  # an item was double-clicked: show it in the RAID view

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setObjectName("raidOfWorkstream")
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)  # the whole title is in the tooltip
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.none = QLabel("None")
        give_look(self.none, "detailsMuted")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.list)
        layout.addWidget(self.none)
        self.list.itemActivated.connect(self._activated)
        self.list.itemDoubleClicked.connect(self._activated)

    def place(self, sections: QVBoxLayout) -> None:
        sections.addWidget(heading("Risks, assumptions, issues and decisions"))
        sections.addWidget(self)

    def show_items(self, rows: list[tuple[RaidItem, RaidLink]], bands: RiskBands) -> None:
        """Open items first, each as "R-3 · threatens · 20 red — Title"."""
        self.list.clear()
        for item, link in sorted(rows, key=lambda row: (not row[0].is_open, raid_order(row[0]))):
            measure = measure_text(item, bands)
            said = f"{link.role.value}" + (f" · {measure}" if measure else "")
            if not item.is_open:
                said += f" · {item.status.value}"
            entry = QListWidgetItem(f"{item.key} · {said} — {item.title}")
            entry.setData(Qt.ItemDataRole.UserRole, item.id)
            entry.setToolTip(
                f"{item.type.label} {item.key}: {item.title}\nDouble-click to open it in the RAID log"
            )
            if not item.is_open:
                entry.setForeground(palette.MUTED)
            self.list.addItem(entry)
        shown = self.list.count()
        self.list.setVisible(bool(shown))
        self.none.setVisible(not shown)
        if shown:
            rows_height = sum(self.list.sizeHintForRow(row) for row in range(min(shown, 6)))
            self.list.setFixedHeight(rows_height + 2 * self.list.frameWidth() + 4)

    def _activated(self, entry: QListWidgetItem) -> None:
        self.item_requested.emit(int(entry.data(Qt.ItemDataRole.UserRole)))
