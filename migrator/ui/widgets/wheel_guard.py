"""The mouse wheel scrolls what is under it. It changes a combo or spin box only once the user has
clicked into it, and never one in a pane that scrolls, where each change is saved at once."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Installed once on the application: every combo and spin box in every window and dialog.

    Such a box no longer takes focus from the wheel (strong focus), and a wheel event over it
    is marked ignored unless it has focus and sits in no scrolling pane, so Qt passes it to the
    parent: the scroll area under it scrolls instead of a value changing under the pointer.
    In a pane (the details pane, a table's cell editor) the wheel scrolls even over the box
    just clicked into: the pointer is wherever that edit left it, and the pane saves at once.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, _GUARDED):
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(watched, _GUARDED) and not _takes_wheel(watched):
            event.ignore()
            return True  # not delivered here; ignored, so it goes on to the parent
        return False


def _takes_wheel(widget: QWidget) -> bool:
    return _focused(widget) and not _in_scrolling_pane(widget)


def _in_scrolling_pane(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _focused(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Guard every combo and spin box of ``app``; the guard lives as long as the application."""
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
