"""What each of the pane's editors last showed, and at which version of the row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSignalBlocker
from PySide6.QtWidgets import QApplication, QCheckBox, QWidget

from migrator.ui.widgets.date_edit import DateEdit


def has_focus(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def value_of(widget: Any) -> Any:
    """An editor's value; a check box's is whether it is checked."""
    return widget.isChecked() if isinstance(widget, QCheckBox) else widget.value()


class ShownValues:
    """Edits are stated as shown (a change by someone else that arrived while typing refuses
    them), and a box being typed into is left alone when the plan changes under it."""

    def __init__(self) -> None:
        self._values: dict[int, Any] = {}  # what each editor last showed, by widget id
        self._versions: dict[int, int] = {}  # the row's version each editor's value was shown at

    def put(self, widget: Any, value: Any, force: bool = False) -> None:
        """Show ``value`` without committing it; a widget being typed into (focused, and changed
        since the pane last showed it) is left alone."""
        current = value_of(widget)
        changed = current != self._values.get(id(widget), current)
        typing = has_focus(widget) and (changed or (isinstance(widget, DateEdit) and widget.is_typing()))
        if typing and not force:
            return
        with QSignalBlocker(widget):
            if isinstance(widget, QCheckBox):
                widget.setChecked(value)
            else:
                widget.set_value(value)
        self._values[id(widget)] = value

    def shows(self, widget: QWidget, value: Any) -> bool:
        return bool(self._values.get(id(widget)) == value)

    def remember(self, widget: QWidget, value: Any) -> None:
        """``value`` is committed, no longer being typed: a refresh (an undo) may change it."""
        self._values[id(widget)] = value

    def version(self, widget: QWidget, default: int) -> int:
        return self._versions.get(id(widget), default)

    def set_version(self, widget: QWidget, version: int) -> None:
        self._versions[id(widget)] = version
