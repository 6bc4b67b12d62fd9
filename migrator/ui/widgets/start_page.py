"""What the window shows with no migration open: start a new one, open a file or a shared plan,
the demo, or one of the recent files and shared plans."""

from __future__ import annotations

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

from migrator.domain.places import Place, ServerAddress
from migrator.ui.looks import give_look

# A card on the window's background; rounded corners need a style sheet.
START_CARD = "#startCard { background: palette(base); border: 1px solid #DDE3E8; border-radius: 8px; }"


def recent_name(place: Place) -> str:
    """How Open Recent and the start page name a plan: a file's name, or "cards on db.example.com
    (shared, as ana)", so two logins on one plan are told apart."""
    if not isinstance(place, ServerAddress):
        return place.name
    return f"{place.name} (shared, as {place.user})" if place.user else f"{place.name} (shared)"


class StartPage(QWidget):
    new_requested = Signal()
    open_requested = Signal()
    open_shared_requested = Signal()
    demo_requested = Signal()
    recent_chosen = Signal(object)  # a Path or a ServerAddress

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Migrator")
        give_look(title, "startTitle")
        subtitle = QLabel("Coordinate every team's workstreams, dependencies and status in one plan.")
        give_look(subtitle, "startSubtitle")
        subtitle.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.setSpacing(10)
        buttons.setAlignment(Qt.AlignmentFlag.AlignTop)
        for text, signal in (
            ("New migration…", self.new_requested),
            ("Open…", self.open_requested),
            ("Open shared plan…", self.open_shared_requested),
            ("Open the demo migration", self.demo_requested),
        ):
            button = QPushButton(text)
            button.setMinimumHeight(34)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        self.recent = QListWidget()
        self.recent.setAccessibleName("Recent plans")
        self.recent.setSpacing(3)  # two lines an entry: keep entries apart
        self.recent.itemActivated.connect(
            lambda item: self.recent_chosen.emit(self._places[self.recent.row(item)])
        )
        self._places: list[Place] = []
        self.no_recent = QLabel("Files and shared plans you open appear here.")
        give_look(self.no_recent, "startSubtitle")
        recent_column = QVBoxLayout()
        recent_column.setAlignment(Qt.AlignmentFlag.AlignTop)
        recent_heading = QLabel("Recent plans")
        give_look(recent_heading, "paneHeading")
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
        card.setStyleSheet(START_CARD)  # on the card alone: see looks.py
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

    def show_recent(self, places: list[Place]) -> None:
        """Files as their name and folder, shared plans as "database on host" and their address."""
        self.recent.clear()
        self._places = list(places)
        for place in places:
            if isinstance(place, ServerAddress):
                item = QListWidgetItem(f"{recent_name(place)}\n{place}")
            else:
                item = QListWidgetItem(f"{place.stem}\n{place.parent}")
            item.setToolTip(str(place))
            self.recent.addItem(item)
        self.recent.setVisible(bool(places))
        self.no_recent.setVisible(not places)
