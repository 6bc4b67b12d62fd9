"""The pane's headings, and its text boxes that commit when done: a title in large type and notes."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTextEdit

from migrator.ui.looks import give_look


def heading(text: str, name: str = "detailsHeading") -> QLabel:
    label = QLabel(text)
    give_look(label, name)
    return label


class NoteEdit(QPlainTextEdit):
    """Several lines of text, committed when focus leaves; Esc drops what was typed."""

    edited = Signal()
    reverted = Signal()  # Esc: the owner puts back the text the plan holds

    def __init__(self, lines: int, placeholder: str) -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * lines + 2 * self.document().documentMargin()
        self.setFixedHeight(int(height) + margins.top() + margins.bottom() + 2)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str) -> None:
        if value != self.toPlainText():
            self.setPlainText(value)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.reverted.emit()  # and Esc goes on as before
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.edited.emit()


class TitleEdit(QTextEdit):
    """The title in large type, wrapped over as many lines as it needs; Enter commits it, Esc
    drops what was typed."""

    edited = Signal()
    reverted = Signal()  # Esc: the owner puts back the title the plan holds

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Title")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.setFont(font)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def value(self) -> str:
        return " ".join(self.toPlainText().split())

    def set_value(self, value: str) -> None:
        if value != self.value():
            self.setPlainText(value)

    def _fit(self) -> None:
        margins = self.contentsMargins()
        self.setFixedHeight(int(self.document().size().height()) + margins.top() + margins.bottom())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edited.emit()  # a title is one line: Enter saves it
            return
        if event.key() == Qt.Key.Key_Escape:
            self.reverted.emit()  # and Esc goes on as before
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.edited.emit()
