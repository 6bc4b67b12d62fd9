"""Composition root of the window: the application, its settings, the window, the file, the error hook.

What the window would otherwise make for itself (its remembered settings and the file opener that
reads through them) is built here and passed down, so a test or a second window can hand it another."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, cast

from migrator.domain.places import AddressError, Place, place_of

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from migrator.ui.main_window import MainWindow
    from migrator.ui.window_settings import WindowSettings


def _as_of(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date (YYYY-MM-DD)") from None


def _place(text: str) -> Place:
    try:
        return place_of(text)
    except AddressError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="migrator-window", description="Open a migration.")
    parser.add_argument(
        "file",
        nargs="?",
        type=_place,
        metavar="FILE|URL",
        help="migration file, or a shared plan's postgresql://host[:port]/database "
        "(default: the last one opened)",
    )
    parser.add_argument("--demo", action="store_true", help="open the demo migration")
    parser.add_argument("--read-only", action="store_true", help="open without allowing changes")
    parser.add_argument("--as-of", type=_as_of, help="work out health and lateness as of this date")
    return parser.parse_args(argv)


def build_window(
    args: argparse.Namespace, *, ask_name: bool = False, settings: WindowSettings | None = None
) -> MainWindow:
    """The main window with the file or shared plan the arguments name, the last one, or the start page;
    ``ask_name``: on the first run, ask who the user is before anything is edited; ``settings``:
    what the window remembers (recent files, geometry), the user's own QSettings by default."""
    from migrator.ui.file_opening import FileOpener
    from migrator.ui.main_window import MainWindow
    from migrator.ui.window_settings import WindowSettings

    settings = settings or WindowSettings()
    window = MainWindow(settings, as_of=args.as_of, opener=FileOpener(settings, args.as_of))
    if ask_name:
        window.ask_user_name_once()
    if args.demo:
        window.open_demo()
    elif args.file is not None:
        window.open_place(args.file, read_only=args.read_only)
    elif (last := window.settings.last_place()) is not None:
        window.open_place(last)
    return window


def name_application(app: QApplication) -> None:
    """The name, the icon every window shows, and the desktop entry (resources/linux) it belongs to."""
    from migrator.ui.app_icon import app_icon

    app.setApplicationName("Migrator")
    app.setOrganizationName("Migrator")
    app.setDesktopFileName("migrator")
    app.setWindowIcon(app_icon())


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_arguments(argv)

    from PySide6.QtWidgets import QApplication

    from migrator.ui.collector import MainThreadCollector
    from migrator.ui.dialogs.error_dialog import report_unexpected
    from migrator.ui.widgets.wheel_guard import install_wheel_guard
    from migrator.ui.window_settings import WindowSettings

    app = cast(QApplication, QApplication.instance() or QApplication(sys.argv[:1]))
    name_application(app)  # before the settings: QSettings files them under its names
    install_wheel_guard(app)  # before any window: each box is guarded as it is first shown
    MainThreadCollector(app)  # Qt objects in cycles are freed here, never in a worker thread
    windows: list[MainWindow] = []

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        report_unexpected(kind, error, tb, windows[0] if windows else None)

    previous_hook, sys.excepthook = sys.excepthook, hook  # before the first file is read
    try:
        window = build_window(args, ask_name=True, settings=WindowSettings())
        windows.append(window)
        window.show()
        return app.exec()
    finally:
        sys.excepthook = previous_hook


if __name__ == "__main__":
    sys.exit(main())
