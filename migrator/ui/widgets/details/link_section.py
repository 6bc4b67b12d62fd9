"""A workstream's links: what it waits on and what needs it, each a small table with Add…,
Edit… and Remove, and a warning when it started before what it waits on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from migrator.domain.model import Dependency, Workstream
from migrator.domain.workstream_state import key_order
from migrator.ui.looks import give_look
from migrator.ui.widgets.details.text_edits import heading

LinkRow = tuple[Dependency, Workstream]  # a link and the workstream at its other end


def link_text(link: Dependency) -> str:
    """A link's type and lag as the links tables show them: ``FS``, ``FS +2d``, ``SS -1d``."""
    return f"{link.type.value} {link.lag:+d}d" if link.lag else link.type.value


class LinkTable(QWidget):
    """One side of a workstream's links: a small table with Add…, Edit… and Remove."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Key", "Workstream", "Team", "Link"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.none = QLabel("None")
        give_look(self.none, "detailsMuted")
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(heading(title, "detailsSubheading"))
        layout.addWidget(self.table)
        layout.addWidget(self.none)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_button.click())

    def set_links(self, rows: list[LinkRow]) -> None:
        """Each link with the workstream at its other end."""
        chosen = self.selected_id()
        self.table.setRowCount(len(rows))
        for row, (link, other) in enumerate(rows):
            texts = (other.key, other.title, other.team_code, link_text(link))
            tip = f"{other.key} {other.title}\n{other.team_name}" + (
                f"\nNote: {link.note}" if link.note else ""
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                item.setData(Qt.ItemDataRole.UserRole, link.id)
                self.table.setItem(row, column, item)
            if link.id == chosen:
                self.table.selectRow(row)
        shown = min(len(rows), 6)  # more scroll inside the table
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + shown * self.table.verticalHeader().defaultSectionSize()
            + frame
        )
        self.table.setVisible(bool(rows))
        self.none.setVisible(not rows)
        self._selection_changed()

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _selection_changed(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)


class LinksSection:
    """Both sides of the workstream's links, other ends sorted by team and key."""

    def __init__(self) -> None:
        self.waits_on = LinkTable("Waits on (predecessors)")
        self.needed_by = LinkTable("Needed by (successors)")
        # Filled by the analysis: work started before what it waits on still depends on it.
        self.started_early = QLabel()
        give_look(self.started_early, "detailsProblem")
        self.started_early.setWordWrap(True)
        self.started_early.hide()

    def place(self, sections: QVBoxLayout) -> None:
        sections.addWidget(heading("Links"))
        sections.addWidget(self.started_early)
        sections.addWidget(self.waits_on)
        sections.addSpacing(4)
        sections.addWidget(self.needed_by)

    def show(self, waits: list[LinkRow], needed: list[LinkRow]) -> None:
        self.waits_on.set_links(sorted(waits, key=_by_team_and_key))
        self.needed_by.set_links(sorted(needed, key=_by_team_and_key))

    def set_read_only(self, read_only: bool) -> None:
        for table in (self.waits_on, self.needed_by):
            for button in (table.add_button, table.edit_button, table.remove_button):
                button.setVisible(not read_only)


def _by_team_and_key(row: LinkRow) -> tuple[str, tuple[str, int, str]]:
    return (row[1].team_code, key_order(row[1].key))
