"""The timeline's date header: two bands of dates over the chart, scrolled with it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QPaintEvent, QPolygonF, QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

from migrator.layout.timeline import TickUnit, header_ticks, tick_units
from migrator.ui.views.timeline.ink import AS_OF, HEADER_FILL, HEADER_LINE, SHADE
from migrator.ui.views.timeline.paint_model import TimelinePaintModel
from migrator.ui.views.view_support import INK, SOFT_INK

HEADER_BAND = 22  # each of the date header's two bands


class DateHeader(QWidget):
    """Two bands of dates over the chart (months over weeks, say), scrolled with it."""

    def __init__(
        self, model: TimelinePaintModel, chart: QAbstractScrollArea, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.model = model
        self.chart = chart  # whose horizontal scroll the header follows
        self.setFixedHeight(2 * HEADER_BAND)

    def paintEvent(self, event: QPaintEvent) -> None:
        model = self.model
        scale = model.scale
        painter = QPainter(self)
        painter.fillRect(self.rect(), HEADER_FILL)
        left = self.chart.horizontalScrollBar().value()
        width = self.width()
        first, last = scale.day_at(left), scale.day_at(left + width)
        upper, lower = header_ticks(scale, first, last)
        metrics = self.fontMetrics()
        painter.translate(-left, 0)
        if tick_units(scale.px_per_day)[1] is TickUnit.DAY:
            for tick in lower:
                if not model.calendar.is_working_day(tick.day):
                    painter.fillRect(QRectF(tick.x, HEADER_BAND, tick.width, HEADER_BAND), SHADE)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for tick in upper:
            # The label stays in view while any of its unit is.
            x = max(tick.x, left) + 6
            room = tick.x + tick.width - x - 4
            text = painter.fontMetrics().elidedText(tick.label, Qt.TextElideMode.ElideRight, int(room))
            painter.setPen(INK)
            painter.drawText(QRectF(x, 0, max(room, 0), HEADER_BAND), Qt.AlignmentFlag.AlignVCenter, text)
            painter.setPen(HEADER_LINE)
            painter.drawLine(QPointF(tick.x, 0), QPointF(tick.x, 2 * HEADER_BAND))
        painter.setFont(self.font())
        for tick in lower:
            painter.setPen(HEADER_LINE)
            painter.drawLine(QPointF(tick.x, HEADER_BAND), QPointF(tick.x, 2 * HEADER_BAND))
            if metrics.horizontalAdvance(tick.label) + 4 <= tick.width:
                painter.setPen(SOFT_INK)
                box = QRectF(tick.x, HEADER_BAND, tick.width, HEADER_BAND)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tick.label)
        painter.setPen(HEADER_LINE)
        painter.drawLine(QPointF(left, HEADER_BAND), QPointF(left + width, HEADER_BAND))
        painter.drawLine(QPointF(left, 2 * HEADER_BAND - 0.5), QPointF(left + width, 2 * HEADER_BAND - 0.5))
        self._paint_as_of(painter)
        painter.end()

    def _paint_as_of(self, painter: QPainter) -> None:
        """A marker where the chart's as-of line starts, so the line is found from the header."""
        x = self.model.scale.x_centre(self.model.as_of)
        y = 2 * HEADER_BAND
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(AS_OF)
        painter.drawPolygon(QPolygonF([QPointF(x - 5, y - 7), QPointF(x + 5, y - 7), QPointF(x, y)]))

    def wheelEvent(self, event: QWheelEvent) -> None:
        QApplication.sendEvent(self.chart.viewport(), event)
