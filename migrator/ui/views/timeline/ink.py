"""The timeline's colours and marks: how bars of each health, slips, baselines and day lines are drawn."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPolygonF

from migrator.analysis import HealthLevel
from migrator.layout.timeline import BAR_HEIGHT, BAR_TOP, DIAMOND_HALF, Bar, bar_middle
from migrator.ui.palette import HEALTH_COLOUR
from migrator.ui.views.view_support import NO_ANALYSIS

WHITE = QColor("#FFFFFF")
HEADER_FILL = QColor("#F5F7FA")
HEADER_LINE = QColor("#D5DCE3")
GRID = QColor("#EDF0F3")
ROW_LINE = QColor("#F2F4F6")
SHADE = QColor("#F1F3F5")
TEAM_ROW = QColor("#F6F8FA")
SELECTED_ROW = QColor("#E8F0FE")
SELECTION = QColor("#1A73E8")
WHAT_IF_ROW = QColor("#FFF3E0")
WHAT_IF = QColor("#E65100")
AS_OF = QColor("#1565C0")
TARGET = QColor("#6A1B9A")
DECISION = QColor("#0D47A1")  # a decision's needed-by mark on the bars it gates
DECISION_OVERDUE = QColor("#C62828")
BASELINE = QColor("#A7B4BE")
SLIP = QColor("#C62828")
SLIP_FILL = QColor("#FBE4E4")
LINK = QColor("#9AA9B3")
CROSS_TEAM_LINK = QColor("#37474F")
STARTED_EARLY = QColor(HEALTH_COLOUR[HealthLevel.AMBER])  # the mark on work started before it may


def _mix(colour: QColor, white: float) -> QColor:
    """``colour`` lightened towards white by the fraction ``white``."""
    return QColor.fromRgbF(*(c + (1 - c) * white for c in (colour.redF(), colour.greenF(), colour.blueF())))


@dataclass(frozen=True)
class Ink:
    """How a bar of one health is painted: a light fill, the done part darker, a dark outline."""

    outline: QColor
    fill: QColor
    done: QColor

    @classmethod
    def of(cls, colour: QColor) -> Ink:
        return cls(colour, _mix(colour, 0.78), _mix(colour, 0.35))


INKS = {level: Ink.of(QColor(colour)) for level, colour in HEALTH_COLOUR.items()}
NO_INK = Ink.of(NO_ANALYSIS)
SLIP_BRUSH = QBrush(SLIP, Qt.BrushStyle.BDiagPattern)


def wedge(x: float, tip: float) -> QPolygonF:
    """A small downward triangle whose tip is at (x, tip), 6 px tall."""
    return QPolygonF([QPointF(x - 5, tip - 6), QPointF(x + 5, tip - 6), QPointF(x, tip)])


def diamond(x: float, y: float, half: float) -> QPolygonF:
    return QPolygonF([QPointF(x - half, y), QPointF(x, y - half), QPointF(x + half, y), QPointF(x, y + half)])


def around(bar: Bar, y: float, margin: float) -> QRectF:
    """A rectangle around the bar and its slip, for the selection and what-if outlines."""
    if bar.milestone:
        top, height = bar_middle(0) - DIAMOND_HALF, 2 * DIAMOND_HALF
    else:
        top, height = BAR_TOP, BAR_HEIGHT
    return QRectF(bar.left, y + top, bar.reach - bar.left, height).adjusted(-margin, -margin, margin, margin)
