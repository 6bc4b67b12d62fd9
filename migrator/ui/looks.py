"""How the window's own text looks: pane headings, muted and problem text, the banners.

Set with fonts, palettes and margins, not Qt style sheets: a sheet on the window or on a pane
sends every widget under it (the table, the combos, the details pane's seventy fields) through
QStyleSheetStyle, whose polish was half the time it took to build the panes of a 20,000-workstream
plan (100 ms against 50 ms; benchmarks/bench_shared.py). A style sheet stays only where a look
needs one (a rounded pill, a checked tool button), on that widget alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QWidget


@dataclass(frozen=True)
class Look:
    ink: str | None = None  # the text's colour
    bold: bool = False
    point_size: int | None = None
    padding: tuple[int, int, int, int] = (0, 0, 0, 0)  # left, top, right, bottom
    fill: str | None = None  # the background
    rule: str | None = None  # a hairline along the bottom (drawn by RuledLabel)


_WARNING = Look("#664D03", padding=(10, 6, 10, 6), fill="#FFF3CD", rule="#F0D78C")
_HEADING_INK, _SOFT_INK, _MUTED_INK, _PROBLEM_INK = "#37474F", "#546E7A", "#78909C", "#C62828"

LOOKS = {
    # Banners over the panes: read-only, a loop in the links, rows the filter hides; the server away.
    "readOnlyBanner": _WARNING,
    "loopBanner": _WARNING,
    "hiddenNotice": _WARNING,
    "serverBanner": Look("#7F1D1D", padding=(10, 6, 10, 6), fill="#FDECEA", rule="#F3B9B4"),
    "paneHeading": Look(_HEADING_INK, bold=True, padding=(2, 6, 2, 2)),
    "startTitle": Look("#263238", bold=True, point_size=26),
    "startSubtitle": Look(_SOFT_INK),
    "goLive": Look(bold=True, padding=(8, 0, 8, 0)),
    # The details panes (a workstream's, a RAID item's).
    "detailsHeading": Look(_HEADING_INK, bold=True, padding=(0, 10, 0, 0)),
    "detailsSubheading": Look(_SOFT_INK),
    "detailsKey": Look(_SOFT_INK, bold=True),
    "detailsMuted": Look(_MUTED_INK),
    "detailsProblem": Look(_PROBLEM_INK),
    "historyEntry": Look(padding=(0, 4, 0, 6), rule="#E6EAED"),
}


class RuledLabel(QLabel):
    """A label with a hairline along its bottom edge (a banner, a history entry)."""

    rule: QColor | None = None

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.rule is not None:
            painter = QPainter(self)
            painter.setPen(self.rule)
            bottom = self.height() - 1
            painter.drawLine(0, bottom, self.width() - 1, bottom)
            painter.end()


def give_look(widget: QWidget, name: str) -> None:
    """Dress ``widget`` as the look ``name`` says; it is also its object name (tests and
    screenshots find it by that)."""
    look = LOOKS[name]
    widget.setObjectName(name)
    if look.ink is not None:
        tint(widget, look.ink)
    if look.fill is not None:
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(look.fill))
        widget.setPalette(palette)
        widget.setAutoFillBackground(True)
    if look.bold or look.point_size is not None:
        font = widget.font()
        if look.bold:
            font.setWeight(QFont.Weight.DemiBold)
        if look.point_size is not None:
            font.setPointSize(look.point_size)
        widget.setFont(font)
    if any(look.padding):
        widget.setContentsMargins(*look.padding)
    if isinstance(widget, RuledLabel) and look.rule is not None:
        widget.rule = QColor(look.rule)


def tint(widget: QWidget, colour: str) -> None:
    """Write ``widget``'s text in ``colour``."""
    palette = widget.palette()
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text):
        palette.setColor(role, QColor(colour))
    widget.setPalette(palette)
