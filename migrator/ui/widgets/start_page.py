"""What the window shows with no migration open: start a new one, open one, or the demo."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(Path)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Migrator")
        title.setObjectName("startTitle")
        subtitle = QLabel("Coordinate every team's workstreams, dependencies and status in one plan.")
        subtitle.setObjectName("startSubtitle")
        subtitle.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        buttons.setAlignment(Qt.AlignmentFlag.AlignTop)
        for text, signal in (
            ("New migration…", self.new_requested),
            ("Open…", self.open_requested),
            ("Open the demo migration", self.demo_requested),
        ):
            button = QPushButton(text)
            button.setMinimumHeight(34)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent files")
        self.recent.itemActivated.connect(
            lambda item: self.recent_chosen.emit(Path(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.no_recent = QLabel("Files you open appear here.")
        self.no_recent.setObjectName("startSubtitle")
        recent_column = QVBoxLayout()
        recent_column.setAlignment(Qt.AlignmentFlag.AlignTop)
        recent_heading = QLabel("Recent files")
        recent_heading.setObjectName("paneHeading")
        recent_column.addWidget(recent_heading)
        recent_column.addWidget(self.recent, 1)
        recent_column.addWidget(self.no_recent)
        recent_column.addStretch(0)  # takes the room only while the list is hidden
        columns = QHBoxLayout()
        columns.setSpacing(32)
        columns.addLayout(buttons, 1)
        columns.addLayout(recent_column, 2)
        card = QWidget()
        card.setObjectName("startCard")
        card.setMaximumWidth(820)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(40, 36, 40, 36)
        inner.setSpacing(12)
        inner.addWidget(title)
        inner.addWidget(subtitle)
        inner.addSpacing(16)
        inner.addLayout(columns, 1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 4)
        row.addStretch(1)
        outer.addLayout(row, 3)
        outer.addStretch(1)

    def show_recent(self, paths: list[Path]) -> None:
        self.recent.clear()
        for path in paths:
            item = QListWidgetItem(f"{path.stem}\n{path.parent}")
            item.setData(Qt.ItemDataRole.UserRole, str(path))
            item.setToolTip(str(path))
            self.recent.addItem(item)
        self.recent.setVisible(bool(paths))
        self.no_recent.setVisible(not paths)
