"""Opening a migration into the window: a file (Open…, Open Recent, the start page, the command line),
the demo, or a new one. A current, writable file is shown from a quick read; a file holding values
another program wrote opens read-only with them listed; a file that cannot be opened is explained,
forgotten from Open Recent, and changes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from migrator.domain.errors import FileBusyError, FileContentError, MigratorError
from migrator.logs import write_crash_log
from migrator.services.opening import read_current_file
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.document.plan_in_memory import QuickStart
from migrator.ui.who_edits import credited_name
from migrator.ui.window_settings import WindowSettings

if TYPE_CHECKING:
    from migrator.services import MigrationService


class PlanHost(Protocol):
    """Where an opened plan is shown: the main window."""

    document: PlanDocument | None

    def open_service(self, service: MigrationService | QuickStart) -> None:
        """Show the plan; raises FileContentError for values another program wrote."""

    def show_bad_values(self, problems: list[str]) -> None:
        """Say which values of the plan just shown cannot be used."""

    def show_start_page(self) -> None: ...


class FileOpener:
    """Turns a path, the demo or a new migration into an open service handed to the window."""

    def __init__(self, settings: WindowSettings, as_of: date | None = None) -> None:
        self.settings = settings
        self.as_of = as_of
        self._parent: QWidget | None = None
        self._host: PlanHost | None = None

    def open_into(self, parent: QWidget, host: PlanHost) -> None:
        """The window that shows what is opened, and over which questions and refusals appear."""
        self._parent, self._host = parent, host

    def _window(self) -> tuple[QWidget, PlanHost]:
        assert self._parent is not None and self._host is not None, "open_into() names the window"
        return self._parent, self._host

    def today(self) -> date:
        """The window's "today": the as-of date it was started with, so status moves agree with it."""
        return self.as_of or date.today()

    def open_file(self, path: Path, read_only: bool = False) -> bool:
        """Open a migration file; a file that cannot be opened is explained and nothing changes.

        A current, writable file is shown from a quick read, its service (SQLAlchemy) opened
        after the first paint; any other file is opened by the service first, which upgrades it
        or explains what is wrong with it."""
        parent, host = self._window()

        def open_service() -> MigrationService:
            from migrator.services import MigrationService

            actor = credited_name(self.settings)
            return MigrationService.open(path, read_only=read_only, today=self.today, actor=actor)

        try:
            stored = None if read_only else read_current_file(path)
            service = QuickStart(path, stored, open_service, self.today) if stored else open_service()
        except FileBusyError as error:  # nothing wrong with it: it stays in Open Recent
            QMessageBox.warning(parent, "Migrator — the file is busy", str(error))
            return False
        except MigratorError as error:
            return self._cannot_open(path, str(error))
        try:
            host.open_service(service)
        except FileContentError as error:  # values another program wrote: shown read-only, listed
            if not isinstance(service, QuickStart):
                service.close()
            return self._show_bad_values(path, error)
        except Exception as error:  # rows a program other than Migrator damaged
            if not isinstance(service, QuickStart):
                service.close()
            write_crash_log(f"Opening {path}: {error!r}")
            said = str(error) if isinstance(error, MigratorError) else None  # already names the file
            return self._cannot_open(path, said or f"{path.name} is damaged and cannot be read ({error}).")
        return True

    def _show_bad_values(self, path: Path, error: FileContentError) -> bool:
        from migrator.services import MigrationService

        _, host = self._window()
        try:
            service = MigrationService.open(path, showing_bad_values=True, today=self.today)
        except MigratorError as again:
            return self._cannot_open(path, str(again))
        try:
            host.open_service(service)
        except MigratorError as again:
            service.close()
            return self._cannot_open(path, str(again))
        host.show_bad_values(error.problems)
        return True

    def _cannot_open(self, path: Path, message: str) -> bool:
        parent, host = self._window()
        QMessageBox.critical(parent, "Migrator — cannot open the file", message)
        self.settings.forget_recent(path)
        if host.document is None:
            host.show_start_page()
        return False

    def open_dialog(self) -> None:
        parent, _ = self._window()
        name, _ = QFileDialog.getOpenFileName(
            parent,
            "Open a migration",
            str(self.settings.folder("migrations")),
            "Migrator files (*.migrator);;All files (*)",
        )
        if name:
            self.settings.set_folder("migrations", Path(name).parent)
            self.open_file(Path(name))

    def fill_recent_menu(self, menu: QMenu) -> None:
        """File → Open Recent, filled as it opens: files since deleted are not offered."""
        menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        if not recent:
            menu.addAction("No recent files").setEnabled(False)

    def open_demo(self) -> None:
        from migrator.services.demo import ensure_demo

        parent, _ = self._window()
        try:
            path = ensure_demo(self.as_of)
        except (MigratorError, OSError) as error:
            QMessageBox.critical(parent, "Migrator — cannot write the demo", str(error))
            return
        self.open_file(path)

    def new_migration(self) -> None:
        from migrator.services import MigrationService
        from migrator.ui.dialogs.new_migration_dialog import NewMigrationDialog

        parent, host = self._window()
        answer = NewMigrationDialog.ask(parent, self.today(), self.settings)
        if answer is None:
            return
        path, migration = answer
        try:
            service = MigrationService.create(
                path, migration, today=self.today, actor=credited_name(self.settings)
            )
        except MigratorError as error:
            QMessageBox.critical(parent, "Migrator — cannot create the file", str(error))
            return
        host.open_service(service)
