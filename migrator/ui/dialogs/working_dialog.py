"""A dialog whose work runs in the background: it stays open until that work is done."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog


class WorkingDialog(QDialog):
    """Esc, Cancel and the close button wait while ``working()`` says the work still runs, so
    its outcome always has a dialog to land in."""

    def working(self) -> bool:
        return False

    def reject(self) -> None:
        if not self.working():
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.working():
            event.ignore()
        else:
            super().closeEvent(event)
