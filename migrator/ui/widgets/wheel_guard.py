"""The mouse wheel scrolls what is under it; it changes a combo, spin or date box only once it has focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox)


class WheelGuard(QObject):
    """Installed once on the application: every combo and spin box in every window and dialog.

    Such a box no longer takes focus from the wheel (strong focus), and a wheel event over it
    without focus is marked ignored, so Qt passes it to the parent: the scroll area under it
    scrolls instead of a value changing under the pointer.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, _GUARDED):
            watched.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        elif kind == QEvent.Type.Wheel and isinstance(watched, _GUARDED) and not _focused(watched):
            event.ignore()
            return True  # not delivered here; ignored, so it goes on to the parent
        return False


def _focused(widget: QWidget) -> bool:
    focus = QApplication.focusWidget()
    return focus is not None and (focus is widget or widget.isAncestorOf(focus))


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Guard every combo and spin box of ``app``; the guard lives as long as the application."""
    guard = WheelGuard(app)
    app.installEventFilter(guard)
    return guard
