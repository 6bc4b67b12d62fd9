"""The projected go-live at each kept report and now, drawn from the trail it is given."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QWidget

from migrator.domain.wording import date_text
from migrator.layout import dashboard as figures
from migrator.ui import palette
from migrator.ui.views.dashboard.text import INK, MUTED_INK, RULE, WRAP, scaled, short_date

TARGET_LINE = "#37474F"
LATE_ZONE = "#FDECEC"
TRAIL = "#607D8B"
NO_TREND = (
    "No trend yet: the chart needs at least one kept report besides now. "
    "Export a status report with a snapshot to start it."
)


class GoLiveChart(QWidget):
    """The projected go-live at each snapshot and now: is it slipping week after week?"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: list[figures.TrailPoint] = []
        self.target: date | None = None
        self.target_box: QRectF | None = None  # where the target's label was last drawn
        self.marks: list[QRectF] = []  # the points and their labels, as last drawn
        self.setMinimumWidth(280)
        self.setFixedHeight(self._height())

    def set_trail(self, points: Sequence[figures.TrailPoint], target: date | None) -> None:
        self.points, self.target = list(points), target
        lines = [
            f"{'Now' if p.snapshot_id is None else f'#{p.snapshot_id}'} as of {date_text(p.as_of)}: "
            f"go-live {date_text(p.projected)} ({p.health.label.lower()})"
            + (f" · {p.label}" if p.label and p.snapshot_id is not None else "")
            for p in self.points
        ]
        self.setToolTip("\n".join(lines))
        self.setAccessibleDescription("; ".join(lines) if len(self.points) >= 2 else NO_TREND)
        self.setFixedHeight(self._height())
        self.update()

    def _height(self) -> int:
        """Room for the chart, or for the line that says why there is none yet."""
        line = self.fontMetrics().height()
        return line * 4 + 150 if len(self.points) >= 2 else line * 3

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        line = metrics.height()
        if len(self.points) < 2:
            painter.setPen(QColor(MUTED_INK))
            painter.drawText(
                QRectF(self.rect()),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | WRAP,
                NO_TREND,
            )
            return
        days = [p.projected for p in self.points] + ([self.target] if self.target else [])
        years = len({day.year for day in days} | {p.as_of.year for p in self.points}) > 1
        # Room for the last point's labels, centred on it.
        bold = QFont(self.font())
        bold.setBold(True)
        last_label = short_date(self.points[-1].projected, years)
        right = max(16, QFontMetrics(bold).horizontalAdvance(last_label) // 2 + 6)
        plot = QRectF(self.rect()).adjusted(16, line + 10, -right, -(line * 2 + 10))
        earliest, latest = min(days).toordinal(), max(days).toordinal()
        pad = max(latest - earliest, 10) * 0.2
        low, high = earliest - pad, latest + pad
        first, last = self.points[0].as_of.toordinal(), self.points[-1].as_of.toordinal()
        if first == last:
            first, last = first - 7, last + 7

        def x(day: date) -> float:
            return plot.left() + (day.toordinal() - first) / (last - first) * plot.width()

        def y(day: date) -> float:
            return plot.bottom() - (day.toordinal() - low) / (high - low) * plot.height()

        painter.setPen(QPen(QColor(RULE), 1))
        painter.drawLine(plot.bottomLeft(), plot.bottomRight())
        if self.target is not None:
            level = y(self.target)
            late = QRectF(plot.left(), plot.top() - line, plot.width(), level - plot.top() + line)
            painter.fillRect(late, QColor(LATE_ZONE))
            painter.setPen(QPen(QColor(TARGET_LINE), 1, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), level), QPointF(plot.right(), level))
        places = [QPointF(x(p.as_of), y(p.projected)) for p in self.points]
        painter.setPen(QPen(QColor(TRAIL), 2))
        painter.drawPolyline(places)
        taken: list[QRectF] = []  # labels already drawn, the latest first: later ones win a clash
        dots: list[QRectF] = []
        for point, place in reversed(list(zip(self.points, places, strict=True))):
            now = point.snapshot_id is None
            colour = QColor(palette.HEALTH_COLOUR[point.health])
            painter.setPen(QPen(QColor("#FFFFFF"), 2))
            painter.setBrush(colour)
            radius = 6.5 if now else 4.5
            painter.drawEllipse(place, radius, radius)
            ring = radius + 5 if now else radius + 2
            dots.append(QRectF(place.x() - ring, place.y() - ring, 2 * ring, 2 * ring))
            if now:
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(colour, 1.5))
                painter.drawEllipse(place, radius + 3, radius + 3)
            above = place.y() - line - radius - (6 if now else 2)
            self._label(painter, taken, short_date(point.projected, years), place.x(), above, now)
            below = "Now" if now else short_date(point.as_of, years)
            self._label(painter, taken, below, place.x(), plot.bottom() + 6, now, muted=not now)
        painter.setPen(QColor(MUTED_INK))
        painter.drawText(
            QRectF(plot.left(), plot.bottom() + line + 8, plot.width(), line),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            "as-of date of each snapshot",
        )
        self.marks = taken + dots
        self.target_box = None
        if self.target is not None:
            self._target_label(
                painter, f"Target {short_date(self.target, years)}", plot, y(self.target), places
            )

    def _target_label(
        self, painter: QPainter, text: str, plot: QRectF, level: float, places: list[QPointF]
    ) -> None:
        """Label the target line where it is clear of the trail, its points and their labels:
        at its left end above the line, else below it, else further along."""
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(text) + 8, metrics.height()
        trail = QPainterPath(places[0])
        for place in places[1:]:
            trail.lineTo(place)
        stroker = QPainterPathStroker()
        stroker.setWidth(4)
        trail = stroker.createStroke(trail)
        lefts = (plot.left() + 14, plot.center().x() - width / 2, plot.right() - 14 - width)
        boxes = [
            QRectF(left, top, width, height) for left in lefts for top in (level - height - 2, level + 3)
        ]
        box = next(
            (
                box
                for box in boxes
                if not trail.intersects(box) and not any(box.intersects(mark) for mark in self.marks)
            ),
            boxes[0],
        )
        self.target_box = box
        painter.setPen(QColor(TARGET_LINE))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _label(
        self, painter: QPainter, taken: list[QRectF], text: str, centre: float, top: float, bold: bool,
        muted: bool = False,
    ) -> None:  # fmt: skip
        """Draws ``text`` centred on ``centre`` unless it would overlap a label already drawn."""
        painter.setFont(scaled(self.font(), 1.0, bold=bold))
        width = painter.fontMetrics().horizontalAdvance(text) + 8
        left = min(max(centre - width / 2, 0.0), self.width() - width)
        box = QRectF(left, top, width, painter.fontMetrics().height())
        if not any(box.intersects(other) for other in taken):
            taken.append(box)
            painter.setPen(QColor(MUTED_INK if muted else INK))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.setFont(self.font())
