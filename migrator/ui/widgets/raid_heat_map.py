"""The 5×5 probability × impact heat map of the open risks: a click on a cell filters the log to it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from migrator.analysis import HealthLevel
from migrator.analysis.health_palette import SCREEN
from migrator.domain.raid import SCALE, RaidItem, RaidType, RiskBands

_AXIS = 22  # room for the axis titles and numbers
_CELL = 30


class RaidHeatMap(QWidget):
    """Rows are probability (5 at the top), columns impact (5 at the right); each cell counts the
    open risks there, coloured by the band of its score. A click chooses the cell (emitted as
    ``cell_chosen``); a click on the chosen cell, or Esc, clears it (``None``)."""

    cell_chosen = Signal(object)  # (probability, impact) or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bands = RiskBands()
        self.counts: Counter[tuple[int, int]] = Counter()
        self.chosen: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            "Open risks by probability and impact: click a cell to list its risks, click again to clear"
        )
        self.setAccessibleName("Risk heat map")

    def show_risks(self, items: Iterable[RaidItem], bands: RiskBands) -> None:
        self.bands = bands
        self.counts = Counter(
            (item.probability, item.impact)
            for item in items
            if item.type is RaidType.RISK and item.is_open and item.probability and item.impact
        )
        self.update()

    def choose(self, cell: tuple[int, int] | None) -> None:
        """Mark ``cell`` as chosen (without emitting)."""
        self.chosen = cell
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(2 * _AXIS + 5 * _CELL + 4, 2 * _AXIS + 5 * _CELL + 4)

    def cell_rect(self, probability: int, impact: int) -> QRectF:
        return QRectF(_AXIS * 2 + (impact - 1) * _CELL, (5 - probability) * _CELL + 2, _CELL - 2, _CELL - 2)

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        for probability in SCALE:
            for impact in SCALE:
                if self.cell_rect(probability, impact).contains(point):
                    return probability, impact
        return None

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        muted = QColor("#546E7A")
        for probability in SCALE:
            for impact in SCALE:
                rect = self.cell_rect(probability, impact)
                level = HealthLevel(self.bands.band(probability * impact).value)
                shades = SCREEN[level]
                count = self.counts[(probability, impact)]
                fill = QColor(shades.fill)
                if count:  # the band's colour, as strong for green, amber and red alike
                    fill = _blend(QColor(shades.fill), QColor(shades.text), 0.45)
                painter.fillRect(rect, fill)
                if (probability, impact) == self.chosen:
                    painter.setPen(QPen(QColor("#212121"), 2.5))
                    painter.drawRect(rect.adjusted(1, 1, -1, -1))
                if count:
                    painter.setPen(QColor(shades.text).darker(140))
                    bold = QFont(self.font())
                    bold.setBold(True)
                    painter.setFont(bold)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count))
        painter.setFont(small)
        painter.setPen(muted)
        for value in SCALE:
            row = self.cell_rect(value, 1)
            painter.drawText(
                QRectF(_AXIS, row.top(), _AXIS - 4, row.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value),
            )  # fmt: skip
            column = self.cell_rect(1, value)
            painter.drawText(
                QRectF(column.left(), column.bottom() + 2, column.width(), _AXIS - 6),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(value),
            )  # fmt: skip
        bottom = self.cell_rect(1, 1).bottom()
        painter.drawText(
            QRectF(_AXIS * 2, bottom + _AXIS - 4, 5 * _CELL, _AXIS), Qt.AlignmentFlag.AlignHCenter, "Impact →"
        )
        painter.save()
        painter.translate(12, self.cell_rect(3, 1).center().y())
        painter.rotate(-90)
        painter.drawText(
            QRectF(-5 * _CELL / 2, -10, 5 * _CELL, 20), Qt.AlignmentFlag.AlignCenter, "Probability →"
        )
        painter.restore()
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if event.button() != Qt.MouseButton.LeftButton or cell is None:
            super().mousePressEvent(event)
            return
        self.chosen = None if cell == self.chosen else cell
        self.update()
        self.cell_chosen.emit(self.chosen)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.chosen is not None:
            self.chosen = None
            self.update()
            self.cell_chosen.emit(None)
            return
        super().keyPressEvent(event)


def _blend(light: QColor, strong: QColor, share: float) -> QColor:
    """``share`` of ``strong`` over ``light``."""
    return QColor(
        round(light.red() + (strong.red() - light.red()) * share),
        round(light.green() + (strong.green() - light.green()) * share),
        round(light.blue() + (strong.blue() - light.blue()) * share),
    )
