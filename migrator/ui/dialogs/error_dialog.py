"""The dialog for an unexpected error: what happened, where the details are; the window keeps running."""

from __future__ import annotations

import traceback
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from migrator.logs import log_path, write_crash_log


class ErrorDialog(QMessageBox):
    def __init__(self, error: BaseException, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.more = 0  # errors logged while this dialog was open
        self.setIcon(QMessageBox.Icon.Critical)
        self.setWindowTitle("Migrator — unexpected error")
        self.setText(f"Something went wrong: {error or type(error).__name__}")
        self.setDetailedText(details)
        self.setStandardButtons(QMessageBox.StandardButton.Ok)
        self._explain()

    def count_another(self) -> None:
        """One more error happened while this dialog was open: say so here rather than in a new dialog."""
        self.more += 1
        self._explain()

    def _explain(self) -> None:
        where = f"The details are in {log_path()}."
        if self.more:
            errors = f"{self.more} more error{'' if self.more == 1 else 's'}"
            where = f"And {errors} since this one. The details of each are in {log_path()}."
        self.setInformativeText(
            "Your plan is safe: every edit was saved when it was made. The window keeps running.\n\n" + where
        )


def report_unexpected(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None, parent: QWidget | None = None
) -> ErrorDialog:
    """Log the traceback and show it; used as sys.excepthook while the window runs.

    A paint or a timer that fails keeps failing: while an error dialog is open, later errors are
    only logged and counted in it, so the user gets one dialog rather than a stack of them."""
    details = "".join(traceback.format_exception(kind, error, tb))
    write_crash_log(details)
    showing = next(
        (w for w in QApplication.topLevelWidgets() if isinstance(w, ErrorDialog) and w.isVisible()), None
    )
    if showing is not None:
        showing.count_another()
        return showing
    dialog = ErrorDialog(error, details, parent)
    dialog.open()  # not exec(): a hook must not block inside a paint or a slot
    return dialog
