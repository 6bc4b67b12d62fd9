"""Composition root of the window: open the file, build the service and the window, run."""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from types import TracebackType

from migrator.domain.errors import MigratorError
from migrator.logs import log_path, write_crash_log
from migrator.paths import demo_path


def ensure_demo(as_of: date | None = None) -> Path:
    """The demo migration in the user's data folder, written on first use."""
    from migrator.services.demo import write_demo

    path = demo_path()
    if not path.exists():
        write_demo(path, as_of or date.today())
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="migrator-window", description="Open a migration.")
    parser.add_argument("file", nargs="?", type=Path, help="migration file (default: the demo)")
    parser.add_argument("--demo", action="store_true", help="open the demo migration")
    parser.add_argument("--read-only", action="store_true", help="open without allowing changes")
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication, QMessageBox

    from migrator.services import MigrationService
    from migrator.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Migrator")
    app.setOrganizationName("Migrator")

    def show_unexpected(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        write_crash_log("".join(traceback.format_exception(kind, error, tb)))
        QMessageBox.critical(
            None,
            "Migrator — unexpected error",
            f"Something went wrong: {error}\n\nThe window keeps running. Details are in {log_path()}.",
        )

    try:
        path = ensure_demo() if args.demo or args.file is None else args.file
        service = MigrationService.open(path, read_only=args.read_only)
    except MigratorError as error:
        QMessageBox.critical(None, "Migrator — cannot open the file", str(error))
        return 2
    window = MainWindow(service)
    window.show()
    previous_hook, sys.excepthook = sys.excepthook, show_unexpected
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        service.close()


if __name__ == "__main__":
    sys.exit(main())
