"""The timeline's legend: what each mark means, in one line beside the zoom buttons."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from migrator.analysis import HealthLevel
from migrator.ui.palette import CRITICAL
from migrator.ui.views.timeline.ink import (
    AS_OF,
    BASELINE,
    CROSS_TEAM_LINK,
    DECISION,
    INKS,
    SLIP,
    SLIP_BRUSH,
    SLIP_FILL,
    STARTED_EARLY,
    TARGET,
    diamond,
    wedge,
)
from migrator.ui.views.view_support import SOFT_INK


class Legend(QWidget):
    """What the marks mean, in one line beside the zoom buttons; it gives way to them when narrow."""

    ITEMS = (
        "Planned",
        "Done",
        "Forecast slip",
        "Started early",
        "Baseline",
        "Milestone",
        "Cross-team",
        "Critical",
        "As of",
        "Target go-live",
        "Decision needed",
    )
    DAY_LINES: ClassVar = {
        "As of": (AS_OF, Qt.PenStyle.DashLine),
        "Target go-live": (TARGET, Qt.PenStyle.DotLine),
    }

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(sum(metrics.horizontalAdvance(t) + 34 for t in self.ITEMS), 24)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        ink = INKS[HealthLevel.GREEN]
        x, y = 4.0, self.height() / 2
        for text in self.ITEMS:
            if x + metrics.horizontalAdvance(text) + 24 > self.width():
                break  # a narrow window shows the first few, whole
            box = QRectF(x, y - 5, 18, 10)
            painter.setPen(Qt.PenStyle.NoPen)
            if text == "Planned":
                painter.setBrush(ink.fill)
                painter.setPen(QPen(ink.outline, 1))
                painter.drawRoundedRect(box, 2, 2)
            elif text == "Done":
                painter.setBrush(ink.done)
                painter.setPen(QPen(ink.outline, 1))
                painter.drawRoundedRect(box, 2, 2)
            elif text == "Forecast slip":
                painter.setBrush(SLIP_FILL)
                painter.drawRect(box)
                painter.setBrush(SLIP_BRUSH)
                painter.setPen(QPen(SLIP, 1))
                painter.drawRect(box)
            elif text == "Started early":
                painter.setBrush(STARTED_EARLY)
                painter.drawPolygon(wedge(x + 9, y + 4))
            elif text == "Baseline":
                painter.setBrush(BASELINE)
                painter.drawRect(QRectF(x, y - 2, 18, 4))
            elif text == "Decision needed":  # as on a bar: a flag on a dashed line
                painter.setPen(QPen(DECISION, 1.5, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x + 6, y - 7), QPointF(x + 6, y + 7))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(DECISION)
                painter.drawPolygon(
                    QPolygonF([QPointF(x + 6, y - 7), QPointF(x + 14, y - 4), QPointF(x + 6, y - 1)])
                )
            elif text == "Milestone":
                painter.setBrush(ink.outline)
                painter.drawPolygon(diamond(x + 9, y, 6))
            else:
                if text in self.DAY_LINES:  # drawn as on the chart: a vertical line across the rows
                    colour, style = self.DAY_LINES[text]
                    painter.setPen(QPen(colour, 2, style))
                    painter.drawLine(QPointF(x + 9, y - 7), QPointF(x + 9, y + 7))
                else:
                    painter.setPen(QPen(CROSS_TEAM_LINK if text == "Cross-team" else CRITICAL.color(), 2))
                    painter.drawLine(QPointF(x, y), QPointF(x + 18, y))
            painter.setPen(SOFT_INK)
            painter.drawText(QPointF(x + 24, y + metrics.ascent() / 2 - 1), text)
            x += metrics.horizontalAdvance(text) + 34
        painter.end()
