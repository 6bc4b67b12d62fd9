"""The dialog for an unexpected error: what happened, where the details are; the window keeps running."""

from __future__ import annotations

import traceback
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

from migrator.logs import log_path, write_crash_log


class ErrorDialog(QMessageBox):
    def __init__(self, error: BaseException, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Migrator — unexpected error")
        self.setText(f"Something went wrong: {error or type(error).__name__}")
        self.setInformativeText(
            f"Your plan is safe: every edit was saved when it was made. The window keeps running.\n\n"
            f"The details are in {log_path()}."
        )
        self.setDetailedText(details)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)


def report_unexpected(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None, parent: QWidget | None = None
) -> ErrorDialog:
    """Log the traceback and show it; used as sys.excepthook while the window runs."""
    details = "".join(traceback.format_exception(kind, error, tb))
    write_crash_log(details)
    dialog = ErrorDialog(error, details, parent)
    dialog.open()  # not exec(): a hook must not block inside a paint or a slot
    return dialog
