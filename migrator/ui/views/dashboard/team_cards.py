"""A card per team: its health, progress, counts by status and health, and next milestone."""

from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from migrator.analysis import HealthLevel
from migrator.domain.model import Status
from migrator.domain.wording import date_text, day_text
from migrator.layout import dashboard as figures
from migrator.ui import palette
from migrator.ui.views.dashboard.text import MUTED_INK, coloured, scaled, text_label

PROGRESS = "#3F6FB5"
TRACK = "#E3E8EC"
STATUSES_SHOWN = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.BLOCKED, Status.DONE)
CARD_WIDTH = 250  # a card's least width: four status counts side by side still fit
CARD_SPACING = 12


class ProgressBar(QWidget):
    """A thin progress bar: calmer than a native one, and the same on every platform."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.percent = 0
        self.setFixedHeight(8)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(TRACK))
        painter.drawRoundedRect(QRectF(self.rect()), 4, 4)
        if self.percent:
            painter.setBrush(QColor(PROGRESS))
            done = QRectF(0, 0, max(8.0, self.width() * self.percent / 100), self.height())
            painter.drawRoundedRect(done, 4, 4)


class TeamCard(QFrame):
    """A team at a glance; clicking it (or Enter/Space on it) asks for the team's work in the table."""

    clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.team_id = 0
        self.setObjectName("teamCard")
        self.setAttribute(Qt.WidgetAttribute.WA_Hover)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setMinimumWidth(CARD_WIDTH)
        self.swatch = QFrame()
        self.swatch.setObjectName("swatch")
        self.swatch.setFixedSize(6, 22)
        self.name = text_label()
        self.name.setFont(scaled(self.font(), 1.1, bold=True))
        self.health = QLabel()
        self.health.setTextFormat(Qt.TextFormat.RichText)
        self.summary = text_label(name="note")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.bar = ProgressBar()
        self.percent = QLabel()
        self.counts: dict[Status, QLabel] = {}
        self.health_counts = text_label()
        self.health_counts.setTextFormat(Qt.TextFormat.RichText)
        self.health_counts.setToolTip("The health of the team's open work.")
        self.milestone = text_label()
        self.milestone.setTextFormat(Qt.TextFormat.RichText)

        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.swatch, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.name, 1)
        top.addWidget(self.health, 0, Qt.AlignmentFlag.AlignTop)
        progress = QHBoxLayout()
        progress.addWidget(self.bar, 1)
        progress.addWidget(self.percent)
        statuses = QGridLayout()
        statuses.setHorizontalSpacing(6)
        statuses.setVerticalSpacing(0)
        small = scaled(self.font(), 0.9)
        for column, status in enumerate(STATUSES_SHOWN):
            number = QLabel()
            number.setFont(scaled(self.font(), 1.15, bold=True))
            number.setStyleSheet(f"color: {palette.STATUS_TEXT[status].color().name()};")
            caption = text_label(status.label, "note", wrap=False)
            caption.setFont(small)
            statuses.addWidget(number, 0, column)
            statuses.addWidget(caption, 1, column)
            statuses.setColumnStretch(column, 1)
            self.counts[status] = number
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addLayout(progress)
        layout.addSpacing(2)
        layout.addLayout(statuses)
        layout.addWidget(self.health_counts)
        layout.addWidget(self.milestone)
        layout.addStretch(1)

    def show_card(self, card: figures.TeamCard) -> None:
        self.team_id = card.team_id
        self.swatch.setStyleSheet(f"background: {card.colour};")
        self.name.setText(card.name)
        self.health.setText(coloured(f"●&nbsp;{card.health.label}", palette.HEALTH_COLOUR[card.health]))
        red = palette.HEALTH_COLOUR[HealthLevel.RED]
        late = f"{card.late:,}&nbsp;late"
        self.summary.setText(
            f"{card.workstreams:,}&nbsp;workstream{'' if card.workstreams == 1 else 's'} · "
            + (coloured(late, red) if card.late else "none&nbsp;late")
        )  # blocked work is counted, in red, with the statuses below
        self.bar.percent = card.percent_complete
        self.bar.update()
        self.percent.setText(f"{card.percent_complete}% done")
        for status, label in self.counts.items():
            label.setText(f"{card.by_status[status]:,}")
        self.health_counts.setText(
            " &nbsp; ".join(
                f"{coloured('●', palette.HEALTH_COLOUR[level])}&nbsp;{n:,}&nbsp;{level.label.lower()}"
                for level, n in figures.open_health(card)
            )
        )
        milestone = card.next_milestone
        if milestone is None:
            self.milestone.setText(coloured("No open milestone", MUTED_INK))
        else:
            day = milestone.day
            when = day_text(day) if day else "no date"
            slipped = (
                milestone.forecast is not None
                and milestone.planned is not None
                and milestone.forecast > milestone.planned
            )
            if slipped and milestone.planned is not None:
                when = f"{coloured(when, red)} (planned {date_text(milestone.planned)})"
            title = html.escape(milestone.title)
            self.milestone.setText(
                f"{coloured('Next milestone', MUTED_INK)}<br><b>{milestone.key}</b> {title}<br>{when}"
            )
        cancelled = card.by_status[Status.CANCELLED]
        self.setToolTip(
            f"{card.name}: {card.health.label}. Progress {card.percent_complete}% is the done share of "
            "the team's work weighted by planned working days, as in the status report "
            "(milestones and cancelled work don't count)."
            + (
                f" {cancelled} cancelled workstream{'' if cancelled == 1 else 's'} not shown."
                if cancelled
                else ""
            )
            + " Click to show this team's work in the table."
        )
        self.setAccessibleName(f"{card.name}, {card.health.label}")

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.team_id)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.team_id)
            return
        super().keyPressEvent(event)


class CardGrid(QWidget):
    """Cards in the columns the dashboard gives it, rows as tall as their tallest card."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[TeamCard] = []
        self.columns = 2
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(CARD_SPACING)

    def set_cards(self, cards: list[TeamCard]) -> None:
        self.cards = cards
        self._place()

    def set_columns(self, columns: int) -> None:
        if columns != self.columns:
            self.columns = columns
            self._place()

    def _place(self) -> None:
        for card in self.cards:
            self.grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // self.columns, index % self.columns)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < self.columns else 0)
