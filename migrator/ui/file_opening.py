"""Opening a migration into the window: a file (Open…, Open Recent, the start page, the command line),
a shared plan on a server (Open shared plan…, and the same ways), the demo, or a new one. A current,
writable file is shown from a quick read; a file holding values another program wrote opens
read-only with them listed; a shared plan is connected to and read in another thread, its password
asked for only when the server asks; a plan that cannot be opened is explained, forgotten from
Open Recent (unless its server is only away for now), and changes nothing."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget

from migrator.analysis.collector import CollectorHold
from migrator.domain.errors import FileBusyError, FileContentError, MigratorError, ServerUnreachableError
from migrator.domain.places import Place, ServerAddress
from migrator.logs import write_crash_log
from migrator.services.opening import read_current_file
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.document.plan_in_memory import OpenedPlan, QuickStart
from migrator.ui.server_login import ServerLogin
from migrator.ui.who_edits import credited_name
from migrator.ui.widgets.start_page import recent_name
from migrator.ui.window_settings import WindowSettings

if TYPE_CHECKING:
    from migrator.services import MigrationService


class PlanHost(Protocol):
    """Where an opened plan is shown: the main window."""

    document: PlanDocument | None

    def open_service(self, service: MigrationService | QuickStart | OpenedPlan) -> None:
        """Show the plan; raises FileContentError for values another program wrote."""

    def show_bad_values(self, problems: list[str]) -> None:
        """Say which values of the plan just shown cannot be used."""

    def show_start_page(self) -> None: ...


class FileOpener:
    """Turns a path, a server's address, the demo or a new migration into an open service handed
    to the window. ``login``: how servers are logged in to (the desktop's keyring, the password
    dialog), shared with the window's copies to and from servers."""

    def __init__(
        self, settings: WindowSettings, as_of: date | None = None, login: ServerLogin | None = None
    ) -> None:
        self.settings = settings
        self.as_of = as_of
        self.login = login or ServerLogin()
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

    def _cannot_open(self, place: Place, message: str) -> bool:
        parent, host = self._window()
        what = "the file" if isinstance(place, Path) else "the shared plan"
        QMessageBox.critical(parent, f"Migrator — cannot open {what}", message)
        self.settings.forget_recent(place)
        if host.document is None:
            host.show_start_page()
        return False

    def open_place(self, place: Place, read_only: bool = False) -> bool:
        """Open a file or a shared plan, as Open Recent and the command line name them."""
        if isinstance(place, ServerAddress):
            return self.open_shared(place, read_only)
        return self.open_file(place, read_only)

    def open_shared(self, address: ServerAddress, read_only: bool = False) -> bool:
        """Open the shared plan at ``address``; False, and nothing changed, when it cannot be
        opened (said why) or the user cancelled. The connection and the first read run in
        another thread: the window keeps painting, and says what it waits for after a moment."""
        from migrator.services import MigrationService

        parent, host = self._window()
        actor = credited_name(self.settings)

        def open_and_read(password: str | None) -> OpenedPlan:
            service = MigrationService.open(
                address, password=password, read_only=read_only, today=self.today, actor=actor
            )
            hold = CollectorHold()  # released by the document once its first analysis is painted
            try:
                opened = OpenedPlan.read(service, read_only_asked=read_only)
                return dataclasses.replace(PlanDocument.first_analysis(opened, self.today()), hold=hold)
            except BaseException:
                hold.release()
                service.close()
                raise

        def close(opened: OpenedPlan) -> None:  # opened after the user stopped waiting
            _let_go(opened)

        try:
            opened = self.login.run(parent, address, f"Connecting to {address.name}…", open_and_read, close)
        except ServerUnreachableError as error:  # nothing wrong with the plan: it stays in Open Recent
            QMessageBox.warning(parent, "Migrator — the server cannot be reached", str(error))
            return False
        except MigratorError as error:
            return self._cannot_open(address, str(error))
        if opened is None:  # cancelled
            return False
        try:
            host.open_service(opened)
        except MigratorError as error:
            _let_go(opened)
            return self._cannot_open(address, str(error))
        except BaseException:
            _let_go(opened)
            raise
        return True

    def open_shared_dialog(self) -> None:
        """File → Open shared plan…: the address and login asked for, the last one suggested."""
        from migrator.ui.dialogs.server_address_dialog import ServerAddressDialog

        parent, _ = self._window()
        known = self.settings.recent_servers()
        address = ServerAddressDialog.ask(parent, suggested=known[0] if known else None, known=known)
        if address is not None:
            self.open_shared(address)

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
        """File → Open Recent, filled as it opens: files since deleted are not offered; shared
        plans are named "database on host", their address in the tooltip."""
        menu.clear()
        menu.setToolTipsVisible(True)
        recent = self.settings.recent_places()
        names = Counter(map(recent_name, recent))
        for place in recent:
            name = recent_name(place)
            if names[name] > 1 and isinstance(place, Path):  # two plan.migrator: say which is which
                name = f"{name} (in {place.parent})"
            action = menu.addAction(name)
            action.setToolTip(str(place))
            action.triggered.connect(lambda _=False, p=place: self.open_place(p))
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


def _let_go(opened: OpenedPlan) -> None:
    """A plan read but not shown: its connection closed, the collector running again."""
    if opened.hold is not None:
        opened.hold.release()
    opened.service.close()
