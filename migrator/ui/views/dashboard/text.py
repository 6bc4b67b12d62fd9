"""The dashboard's ink and type: its colours, scaled fonts, wrapped labels and short dates."""

from __future__ import annotations

import math
from datetime import date

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QFont, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QLabel

from migrator.domain.wording import date_text, month_text

INK = "#263238"
MUTED_INK = "#546E7A"  # 5:1 on the dashboard's grey, 5.4:1 on white
BACKGROUND = "#F4F6F8"
RULE = "#DDE3E8"
WRAP = Qt.TextFlag.TextWordWrap


def scaled(font: QFont, factor: float, bold: bool = False) -> QFont:
    larger = QFont(font)
    larger.setPointSizeF(max(7.0, font.pointSizeF() * factor))
    larger.setBold(bold)
    return larger


class WrappedText(QLabel):
    """Wrapped text that keeps the height it needs at its width as a plain minimum height.

    Nested grids inside a scroll area lay out minimum heights reliably, but give
    height-for-width labels too little room: the cards' lines would overlap.
    """

    def __init__(self, text: str = "") -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)  # names and titles are the user's: never markup
        self.setWordWrap(True)
        policy = self.sizePolicy()
        policy.setHeightForWidth(False)
        self.setSizePolicy(policy)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._keep_height()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._keep_height()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._keep_height()

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), self.minimumHeight()) if self.minimumHeight() else hint

    def _keep_height(self) -> None:
        # Measured here: QLabel's own answer never drops below the minimum height it was given.
        width = self.contentsRect().width()
        if width <= 0:
            return
        if self.textFormat() is Qt.TextFormat.RichText:
            document = QTextDocument()
            document.setDefaultFont(self.font())
            document.setDocumentMargin(0)
            document.setHtml(self.text())
            document.setTextWidth(width)
            needed = math.ceil(document.size().height())
        else:
            needed = self.fontMetrics().boundingRect(0, 0, width, 100_000, WRAP, self.text()).height()
        if needed != self.minimumHeight():
            self.setMinimumHeight(needed)


def text_label(text: str = "", name: str = "", wrap: bool = True) -> QLabel:
    """A label, wrapped unless told, named for the style sheet when ``name`` is given."""
    made = WrappedText(text) if wrap else QLabel(text)
    if name:
        made.setObjectName(name)
    return made


def coloured(text: str, colour: str) -> str:
    return f"<span style='color:{colour}'>{text}</span>"


def short_date(day: date, year: bool = False) -> str:
    """``28 Jun``, or ``28 Jun 2027`` where the dates around it span more than one year."""
    return date_text(day) if year else f"{day.day} {month_text(day)}"
