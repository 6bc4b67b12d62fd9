"""Table model over plain Workstream rows, fed whole by set_rows()."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from migrator.domain.model import Status, Workstream

STATUS_COLOURS = {
    Status.NOT_STARTED: "#ECEFF1",
    Status.IN_PROGRESS: "#E3F2FD",
    Status.BLOCKED: "#FFEBEE",
    Status.DONE: "#E8F5E9",
    Status.CANCELLED: "#F5F5F5",
}

Index = QModelIndex | QPersistentModelIndex


class WorkstreamTableModel(QAbstractTableModel):
    KEY, TITLE, TEAM, OWNER, STATUS, START, DUE, PROGRESS = range(8)
    HEADERS = ("Key", "Workstream", "Team", "Owner", "Status", "Start", "Due", "Progress")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Workstream] = []

    def set_rows(self, rows: list[Workstream]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def workstream(self, row: int) -> Workstream:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        ws = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(ws, column)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.STATUS:
            return QColor(STATUS_COLOURS[ws.status])
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.STATUS and ws.blocker_note:
                return f"Blocked: {ws.blocker_note}"
            if column == self.TITLE and ws.description:
                return ws.description
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.PROGRESS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, ws: Workstream, column: int) -> str:
        if column == self.KEY:
            return ws.key
        if column == self.TITLE:
            return f"◆ {ws.title}" if ws.is_milestone else ws.title
        if column == self.TEAM:
            return ws.team_name
        if column == self.OWNER:
            return ws.owner_name or ""
        if column == self.STATUS:
            return ws.status.label
        if column == self.START:
            return ws.planned_start.isoformat() if ws.planned_start else ""
        if column == self.DUE:
            return ws.planned_due.isoformat() if ws.planned_due else ""
        return f"{ws.progress}%"
