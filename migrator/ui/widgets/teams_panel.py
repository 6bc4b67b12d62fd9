"""The left pane: teams with a health dot and counts; choosing one filters the table."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.ui import palette
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.looks import give_look
from migrator.ui.models.team_list_model import TeamListModel, TeamRow

_TEXT_LEFT = 28  # the dot and the team's colour bar take the left of each row


def _detail_width(row_width: int) -> int:
    """The room for the counts in a row of ``row_width`` pixels (what paint leaves them)."""
    return row_width - _TEXT_LEFT - 9


_MAX_DETAIL_LINES = 2


def _small_font(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(max(7.0, font.pointSizeF() - 1))
    return small


def _detail_lines(text: str, metrics: QFontMetrics, width: int) -> list[str]:
    """What needs attention, broken between its counts onto a second line when one is too
    narrow (a 20,000-workstream plan has four-digit counts), the last line elided if need be."""
    lines: list[str] = []
    for part in text.split(" · "):
        if lines and metrics.horizontalAdvance(f"{lines[-1]} · {part}") <= width:
            lines[-1] = f"{lines[-1]} · {part}"
        elif len(lines) < _MAX_DETAIL_LINES:
            lines.append(part)
        else:
            lines[-1] = f"{lines[-1]} · {part}"
    return [metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines]


class _TeamDelegate(QStyledItemDelegate):
    """Dot and name, then what needs attention in small type, on one line or two."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        row: TeamRow = index.data(TeamListModel.ROW_ROLE)
        widget = option.widget
        # As wide as the list shows, never wider: a wider row would be cut off at the right.
        width = widget.viewport().width() if isinstance(widget, QListView) else 200
        small = QFontMetrics(_small_font(option.font))
        lines = len(_detail_lines(row.counts_text, small, _detail_width(width)))
        return QSize(width, option.fontMetrics.height() + lines * small.height() + 16)

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        row: TeamRow = index.data(TeamListModel.ROW_ROLE)
        self.initStyleOption(option, index)
        option.text = ""
        option.icon = palette.dot("#00000000")
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        rect: QRect = option.rect.adjusted(10, 6, -8, -6)
        line = option.fontMetrics.height()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colour = palette.HEALTH_COLOUR[row.health] if row.health else "#B0BEC5"
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(rect.left(), rect.top() + (line - 10) // 2, 10, 10)
        # The team's own colour as a thin bar, so it matches the timeline and reports.
        painter.setBrush(QColor(row.colour))
        painter.drawRoundedRect(rect.left() + 1, rect.top() + line + 4, 8, line - 6, 2, 2)
        text_left = option.rect.left() + _TEXT_LEFT
        font = QFont(option.font)
        font.setBold(row.team_id is None)
        painter.setFont(font)
        painter.setPen(
            option.palette.highlightedText().color() if selected else option.palette.text().color()
        )
        name_rect = QRect(text_left, rect.top(), rect.right() - text_left - 40, line)
        painter.drawText(
            name_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            option.fontMetrics.elidedText(row.name, Qt.TextElideMode.ElideRight, name_rect.width()),
        )
        painter.setFont(option.font)
        count_rect = QRect(rect.right() - 40, rect.top(), 40, line)
        painter.drawText(
            count_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(row.workstreams)
        )
        small = _small_font(option.font)
        painter.setFont(small)
        attention = row.red or row.late or row.blocked
        painter.setPen(
            option.palette.highlightedText().color() if selected
            else QColor(palette.HEALTH_COLOUR[HealthLevel.RED] if attention else "#607D8B")
        )  # fmt: skip
        metrics = QFontMetrics(small)
        top = rect.top() + line + 2
        for text in _detail_lines(row.counts_text, metrics, _detail_width(option.rect.width())):
            detail_rect = QRect(text_left, top, rect.right() - text_left, metrics.height())
            painter.drawText(detail_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
            top += metrics.height()
        painter.restore()


class TeamsPanel(QWidget):
    team_chosen = Signal(object)  # a team id, or None for all teams

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = TeamListModel(document, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(_TeamDelegate(self.list))
        self.list.setResizeMode(QListView.ResizeMode.Adjust)  # narrower: counts may need two lines
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # rows fit its width
        self.list.setMouseTracking(True)
        self.list.setAccessibleName("Teams")
        heading = QLabel("Teams")
        give_look(heading, "paneHeading")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(heading)
        layout.addWidget(self.list)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        self.model.modelReset.connect(self._keep_choice)
        self._chosen: int | None = None
        self.list.setCurrentIndex(self.model.index(0))

    def chosen_team(self) -> int | None:
        return self._chosen

    def choose(self, team_id: int | None) -> None:
        self.list.setCurrentIndex(self.model.index(self.model.row_of_team(team_id)))

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        team_id = current.data(TeamListModel.TEAM_ID_ROLE) if current.isValid() else None
        if team_id != self._chosen:
            self._chosen = team_id
            self.team_chosen.emit(team_id)

    def _keep_choice(self) -> None:
        """After teams come or go, stay on the same team, or go back to all teams if it went."""
        row = self.model.row_of_team(self._chosen)
        self.list.setCurrentIndex(self.model.index(row))
