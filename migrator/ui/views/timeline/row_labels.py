"""The timeline's row labels: team headers to fold, workstream keys and titles, beside the chart."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QToolTip, QWidget

from migrator.layout.timeline import ROW_HEIGHT
from migrator.ui.views.timeline.ink import (
    HEADER_LINE,
    INKS,
    ROW_LINE,
    SELECTED_ROW,
    TEAM_ROW,
    WHAT_IF_ROW,
    WHITE,
)
from migrator.ui.views.timeline.paint_model import TimelineModel
from migrator.ui.views.view_support import INK, NO_ANALYSIS, SOFT_INK

LABEL_WIDTH = 250


class RowLabels(QWidget):
    """The row labels beside the chart: team headers to fold, workstream keys and titles."""

    def __init__(
        self, model: TimelineModel, chart: QAbstractScrollArea, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.chart = chart  # whose vertical scroll the labels follow, and which takes the focus
        self.key_width = 60
        self.setMinimumWidth(160)

    def sizeHint(self) -> QSize:
        return QSize(LABEL_WIDTH, 400)

    def measure_keys(self, ids: list[int]) -> None:
        workstreams = self.model.workstreams
        longest = max((workstreams[i].key for i in ids), key=len, default="ABC-99")
        self.key_width = self.fontMetrics().horizontalAdvance(longest) + 12

    def offset(self) -> int:
        return self.chart.verticalScrollBar().value()

    def row_at(self, y: float) -> int | None:
        return self.model.rows.row_at(y + self.offset())

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model
        painter = QPainter(self)
        painter.fillRect(self.rect(), WHITE)
        painter.translate(0, -self.offset())
        top = self.offset()
        width = self.width()
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        selection, marked = model.chosen, model.highlighted
        workstreams = model.workstreams
        for row in model.rows.visible(top, top + self.height()):
            team_id, workstream_id = model.rows[row]
            y = model.rows.y(row)
            band = QRectF(0, y, width, ROW_HEIGHT)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if workstream_id is None:
                painter.fillRect(band, TEAM_ROW)
                self._paint_team(painter, band, team_id, bold)
            else:
                if workstream_id in selection:
                    painter.fillRect(band, SELECTED_ROW)
                elif workstream_id in marked:
                    painter.fillRect(band, WHAT_IF_ROW)
                w = workstreams[workstream_id]
                health = model.health_of(workstream_id)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INKS[health].outline if health else NO_ANALYSIS)
                painter.drawEllipse(QPointF(26, y + ROW_HEIGHT / 2), 4, 4)
                painter.setPen(SOFT_INK)
                key_box = QRectF(38, y, self.key_width, ROW_HEIGHT)
                painter.drawText(key_box, Qt.AlignmentFlag.AlignVCenter, w.key)
                title_left = 38 + self.key_width
                title = metrics.elidedText(w.title, Qt.TextElideMode.ElideRight, int(width - title_left - 8))
                painter.setPen(INK)
                painter.drawText(
                    QRectF(title_left, y, width, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, title
                )
            painter.setPen(QPen(ROW_LINE, 1))
            painter.drawLine(QPointF(0, y + ROW_HEIGHT - 0.5), QPointF(width, y + ROW_HEIGHT - 0.5))
        painter.resetTransform()
        painter.setPen(QPen(HEADER_LINE, 1))
        painter.drawLine(width - 1, 0, width - 1, self.height())
        painter.end()

    def _paint_team(self, painter: QPainter, band: QRectF, team_id: int, bold: QFont) -> None:
        model = self.model
        y = band.center().y()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SOFT_INK)
        if model.is_collapsed(team_id):
            arrow = [QPointF(9, y - 5), QPointF(14, y), QPointF(9, y + 5)]
        else:
            arrow = [QPointF(7, y - 3), QPointF(17, y - 3), QPointF(12, y + 3)]
        painter.drawPolygon(QPolygonF(arrow))
        painter.setBrush(model.team_colour(team_id))
        painter.drawRoundedRect(QRectF(22, y - 5, 10, 10), 2, 2)
        count = f"{model.team_size(team_id)}"
        count_width = self.fontMetrics().horizontalAdvance(count) + 12
        painter.setFont(bold)
        name = painter.fontMetrics().elidedText(
            model.team_name(team_id), Qt.TextElideMode.ElideRight, int(band.width() - 40 - count_width)
        )
        painter.setPen(INK)
        painter.drawText(band.adjusted(38, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(self.font())
        painter.setPen(SOFT_INK)
        painter.drawText(
            band.adjusted(0, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if row is None or event.button() != Qt.MouseButton.LeftButton:
            return
        team_id, workstream_id = self.model.rows[row]
        if workstream_id is None:
            self.model.toggle_team(team_id)
        else:
            self.model.pick(workstream_id, event.modifiers())
        self.chart.setFocus(Qt.FocusReason.MouseFocusReason)

    def wheelEvent(self, event: QWheelEvent) -> None:
        QApplication.sendEvent(self.chart.verticalScrollBar(), event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.model.context_menu(self.row_at(event.pos().y())).exec(event.globalPos())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            row = self.row_at(event.pos().y())
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.model.tooltip(row), self)
            return True
        return super().event(event)
