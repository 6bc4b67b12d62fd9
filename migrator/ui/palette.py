"""The window's colours: health, status and team dots, readable on light backgrounds."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from migrator.analysis import HealthLevel
from migrator.analysis.health_palette import SCREEN
from migrator.domain.model import Status

# The screen shades of the one health palette (the workbook prints its own, stronger set).
HEALTH_COLOUR = {level: shades.text for level, shades in SCREEN.items()}
HEALTH_TEXT = {level: QBrush(QColor(colour)) for level, colour in HEALTH_COLOUR.items()}
HEALTH_FILL = {level: QBrush(QColor(shades.fill)) for level, shades in SCREEN.items()}

STATUS_FILL = {
    Status.NOT_STARTED: QBrush(QColor("#F1F3F4")),
    Status.IN_PROGRESS: QBrush(QColor("#E3F2FD")),
    Status.BLOCKED: QBrush(QColor("#FDECEC")),
    Status.DONE: QBrush(QColor("#EDF7EE")),
    Status.CANCELLED: QBrush(QColor("#F5F5F5")),
}
STATUS_TEXT = {
    Status.NOT_STARTED: QBrush(QColor("#455A64")),
    Status.IN_PROGRESS: QBrush(QColor("#0D47A1")),
    Status.BLOCKED: QBrush(QColor("#B71C1C")),
    Status.DONE: QBrush(QColor("#1B5E20")),
    Status.CANCELLED: QBrush(QColor("#757575")),
}
CRITICAL = QBrush(QColor(HEALTH_COLOUR[HealthLevel.RED]))
MUTED = QBrush(QColor("#757575"))


@cache
def dot(colour: str, size: int = 12) -> QIcon:
    """A filled circle, for health and team markers."""
    pixmap = QPixmap(size * 2, size * 2)  # drawn at 2x so it stays round on high-DPI screens
    pixmap.setDevicePixelRatio(2.0)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return QIcon(pixmap)


def health_dot(level: HealthLevel) -> QIcon:
    return dot(HEALTH_COLOUR[level])
