"""Regression: Python paint() overrides called thousands of times must not crash Qt.

PySide6 6.12.0 on Python 3.11 aborted the interpreter (none_dealloc) here; the project pins
a working pair per Python version, and this test keeps the pin honest.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QStyleOptionGraphicsItem, QWidget


class Bar(QGraphicsItem):
    painted = 0

    def __init__(self, row: int) -> None:
        super().__init__()
        self.setPos((row % 40) * 30.0, (row // 40) * 12.0)

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, 28, 10)

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> Any:
        Bar.painted += 1
        painter.fillRect(self.boundingRect(), QColor("#1F77B4"))


def test_thousands_of_python_items_paint_offscreen(qapp: Any) -> None:
    scene = QGraphicsScene()
    items = [Bar(row) for row in range(4000)]
    for item in items:
        scene.addItem(item)
    image = QImage(1200, 1200, QImage.Format.Format_ARGB32)
    for _ in range(3):
        image.fill(Qt.GlobalColor.white)
        painter = QPainter(image)
        scene.render(painter)
        painter.end()
    assert Bar.painted >= 3 * 4000
    assert image.pixelColor(5, 5) == QColor("#1F77B4")
