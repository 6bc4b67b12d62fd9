"""A date field read from the whole typed text, with a calendar, showing "Wed 15 Jan 2027"."""

from __future__ import annotations

import datetime
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import QDate, QLocale, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QContextMenuEvent, QFocusEvent, QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QLabel,
    QLineEdit,
    QMenu,
    QStyle,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from migrator.domain.typed_date import DateTextError, date_examples, read_typed_date
from migrator.domain.wording import day_text
from migrator.ui.looks import tint

_HINT, _REFUSED = "#546E7A", "#C62828"  # the message's ink
_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class DateOrder(NamedTuple):
    day_first: bool  # 31/12 rather than 12/31
    year_first: bool  # the system's own order starts with the year: read_typed_date's year_first


def locale_date_order() -> DateOrder:
    """The order of the system's short date format, as Qt gives it: d/M/yy (UK) day first,
    M/d/yy (US) month first. A year-first format is the system's own order (China and Japan
    yyyy/M/d, Korea yy. M. d., Hungary yyyy. MM. dd.: the month comes before the day), except the
    ISO form with dashes (yyyy-MM-dd in Sweden and Canada), which people there do not write by
    hand: their slashed dates are read day first, as before."""
    text = QLocale().dateFormat(QLocale.FormatType.ShortFormat)
    day, month, year = text.find("d"), text.find("M"), text.find("y")
    if day < 0 or month < 0:
        return DateOrder(day_first=True, year_first=False)
    if 0 <= year < min(day, month):
        iso = "-" in text
        return DateOrder(day_first=iso or day < month, year_first=not iso)
    return DateOrder(day_first=day < month, year_first=False)


def _type_hint() -> str:
    return f"Type a date such as {date_examples(locale_date_order().year_first)}"


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _python_date(value: QDate | date) -> date | None:
    """The day a QDate holds (None for a null one; toPython is typed as returning object)."""
    day = value.toPython() if isinstance(value, QDate) else value
    return day if isinstance(day, date) else None


class DateEdit(QLineEdit):
    """Type a date as people write it, pick it in the calendar, or choose Today / Clear date.

    The text is read only when the user is done (Enter, Tab, leaving the field): while typing,
    ``message`` shows the date understood; text that is not a date is refused there in red and
    changes nothing; Esc puts back the saved date. ``message`` is placed by the owner (see
    ``with_message``); a table cell's editor floats it under the cell instead.
    """

    edited = Signal()  # the user set a new date (typed, picked or cleared)
    date_changed = Signal()  # the date held changed, by the user or by set_value (as QDateEdit's dateChanged)
    reverted = Signal()  # Esc dropped the typing: an owner may put back a newer saved date

    def __init__(
        self, parent: QWidget | None = None, today: date | None = None, required: bool = False
    ) -> None:
        super().__init__(parent)
        self.today = today or date.today()  # what "Today" and year-less dates go by when empty
        self.required = required
        self._value: date | None = None
        self._floating = False
        self.message = QLabel()
        self.message.setObjectName("dateMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.setPlaceholderText("" if required else "—")
        self.setToolTip(f"{_type_hint()}; Esc puts back the saved one")
        self._calendar: QCalendarWidget | None = None  # made when first opened
        self._calendar_menu = QMenu(self)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.calendar_action = self.addAction(icon, QLineEdit.ActionPosition.TrailingPosition)
        self.calendar_action.setToolTip("Pick the date in a calendar")
        self.calendar_action.triggered.connect(self.open_calendar)
        self.today_action = QAction("Today", self)
        self.today_action.triggered.connect(lambda: self._set_by_user(self.today))
        self.clear_action = QAction("Clear date", self)
        self.clear_action.triggered.connect(lambda: self._set_by_user(None))
        self.textEdited.connect(self._typed)

    # ------------------------------------------------------------ value

    def value(self) -> date | None:
        """The date the field holds: the last one accepted, never half-typed text."""
        return self._value

    def set_value(self, value: date | None) -> None:
        changed = value != self._value
        self._value = value
        self.setText(day_text(value) if value else "")
        self._say("")
        if changed:
            self.date_changed.emit()

    def date(self) -> QDate:
        """As QDateEdit has it, for code that speaks QDate (an empty field gives a null QDate)."""
        return _qdate(self._value) if self._value else QDate()

    # Below, annotations say datetime.date: in the class body ``date`` is the method above.
    def setDate(self, value: QDate | datetime.date) -> None:
        """As QDateEdit's, for code that speaks QDate: set_value."""
        self.set_value(_python_date(value))

    def is_typing(self) -> bool:
        """Whether the text differs from the date held: typed and not yet read."""
        return self.text() != (day_text(self._value) if self._value else "")

    def commit(self) -> bool:
        """Read the typed text: the date is taken (True) or refused beside the field (False)."""
        if not self.is_typing():
            self._say("")
            return True
        try:
            found = self._read()
        except DateTextError as refused:
            self._say(str(refused), refused=True)
            return False
        if found is None and self.required:
            self._say("A date is needed here.", refused=True)
            return False
        self._set_by_user(found)
        return True

    def revert(self) -> None:
        """Put back the date held, dropping what was typed."""
        self.set_value(self._value)

    # ------------------------------------------------------------ reading and saying

    def _read(self) -> datetime.date | None:
        order = locale_date_order()
        near = self._value or self.today
        return read_typed_date(self.text(), day_first=order.day_first, year_first=order.year_first, near=near)

    def _typed(self) -> None:
        try:
            found = self._read()
        except DateTextError:
            self._say(_type_hint())
            return
        if found is None:
            self._say("A date is needed here." if self.required else "No date", refused=self.required)
        else:
            self._say(day_text(found))

    def _say(self, text: str, refused: bool = False) -> None:
        self.message.setText(text)
        tint(self.message, _REFUSED if refused else _HINT)
        if self._floating:
            self._float_message()
        self.message.setVisible(bool(text))

    def _set_by_user(self, value: datetime.date | None) -> None:
        changed = value != self._value
        self.set_value(value)
        if changed:
            self.edited.emit()

    @property
    def calendar(self) -> QCalendarWidget:
        """The month the calendar button opens, made the first time: most fields never open it,
        and a details pane holds four."""
        if self._calendar is None:
            self._calendar = QCalendarWidget()
            self._calendar.setGridVisible(True)
            picker = QWidgetAction(self._calendar_menu)
            picker.setDefaultWidget(self._calendar)
            self._calendar_menu.addAction(picker)
            self._calendar.clicked.connect(self._picked)
            self._calendar.activated.connect(self._picked)
        return self._calendar

    def _picked(self, day: QDate) -> None:
        self._calendar_menu.close()
        self._set_by_user(_python_date(day))

    def open_calendar(self) -> None:
        shown = self._value or self.today
        self.calendar.setSelectedDate(_qdate(shown))
        self.calendar.setCurrentPage(shown.year, shown.month)
        self._calendar_menu.popup(self.mapToGlobal(QPoint(0, self.height())))

    # ------------------------------------------------------------ a table cell's editor

    def float_message(self) -> None:
        """Show ``message`` over the view under this editor (a cell has no room for a line below)."""
        self._floating = True
        self.destroyed.connect(self.message.deleteLater)

    def _float_message(self) -> None:
        host = self.parentWidget()
        if host is None:
            return
        self.message.setParent(host)
        self.message.setWordWrap(False)
        self.message.setAutoFillBackground(True)
        self.message.adjustSize()
        below = self.geometry().bottomLeft() + QPoint(0, 1)
        if below.y() + self.message.height() > host.height():
            below = self.geometry().topLeft() - QPoint(0, self.message.height() + 1)
        self.message.move(below)
        self.message.raise_()

    def hideEvent(self, event: QHideEvent) -> None:
        if self._floating:
            self.message.hide()
        super().hideEvent(event)

    # ------------------------------------------------------------ keys, focus, menu

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and (self.is_typing() or self.message.isVisible()):
            self.revert()
            self.reverted.emit()
            event.accept()  # Esc undoes the typing; a second Esc may close a dialog
            return
        if event.key() in _ENTER_KEYS and not self.commit():
            event.accept()  # refused: the dialog's default button must not take the old date
            return
        if event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:  # the calendar or a menu opened
            self.commit()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.createStandardContextMenu()
        menu.addSeparator()
        menu.addAction(self.today_action)
        menu.addAction(self.clear_action)
        self.clear_action.setEnabled(self._value is not None and not self.required)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        for action in (self.calendar_action, self.today_action, self.clear_action):
            action.setEnabled(not read_only)


def with_message(field: DateEdit) -> QWidget:
    """The field with its hint or refusal on the line below, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(field.message)
    return box


def dates_read(*fields: DateEdit) -> bool:
    """Read every field's typed text (each refusal shown beside its field): whether all are dates."""
    return all([field.commit() for field in fields])
