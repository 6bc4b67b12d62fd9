"""Whole copies of the open plan between places: File → Copy to server… puts the open file's plan
on a server as a shared plan, File → Save a local copy… writes the open shared plan to a file.
Each is in the menu only while it applies; a place that already holds a plan is replaced only
when the user says so; the copy is checked, and the result says what went across."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from migrator.domain.errors import MigratorError, PlanExistsError
from migrator.domain.places import ServerAddress
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.file_opening import FileOpener
from migrator.ui.plan_actions import make_action
from migrator.ui.window_settings import WindowSettings

if TYPE_CHECKING:
    from migrator.services.sharing import CopyResult

SUFFIX = ".migrator"


class PlanCopies:
    """The copy actions of the window's File menu, on the plan set_plan names (None: none open)."""

    def __init__(self, window: QWidget, settings: WindowSettings, opener: FileOpener) -> None:
        self._window = window
        self._settings = settings
        self._opener = opener
        self._document: PlanDocument | None = None
        self.copy_to_server_action = make_action(window, "Copy to &server…", self.copy_to_server)
        self.copy_to_server_action.setStatusTip("Put this file's plan on a server, to share it")
        self.save_copy_action = make_action(window, "Save a &local copy…", self.save_local_copy)
        self.save_copy_action.setStatusTip("Write this shared plan to a file (a backup, or for a trip)")
        self.update_actions()

    def set_plan(self, document: PlanDocument | None) -> None:
        self._document = document
        self.update_actions()

    def update_actions(self) -> None:
        place = self._document.place if self._document is not None else None
        self.copy_to_server_action.setVisible(isinstance(place, Path))
        self.save_copy_action.setVisible(isinstance(place, ServerAddress))

    # ------------------------------------------------------------ file → server

    def copy_to_server(self) -> None:
        from migrator.ui.dialogs.server_address_dialog import ServerAddressDialog

        document = self._document
        if document is None or not isinstance(document.place, Path):
            return
        path = document.place
        known = self._settings.recent_servers()
        address = ServerAddressDialog.ask(
            self._window,
            title="Copy to a server",
            intro=(
                f"Copy {path.name} — its workstreams, links, history and snapshots — into a database on "
                "a PostgreSQL server, where other coordinators open it as a shared plan. The database "
                "must exist; Migrator creates the plan's tables in it. The file stays as it is."
            ),
            action="Copy",
            suggested=known[0] if known else None,
            known=known,
        )
        if address is None:
            return
        lines = self._copy(path, address, f"Copying {path.name} to {address.name}…")
        if lines is None:
            return
        answer = QMessageBox.question(
            self._window,
            "Migrator — copied to the server",
            "\n".join(lines)
            + f"\n\nOpen the shared plan now? This window then shows {address.name} instead of "
            f"{path.name}; changes made to the file from now on stay in the file.",
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close,
            QMessageBox.StandardButton.Open,
        )
        if answer == QMessageBox.StandardButton.Open:
            self._opener.open_shared(address)
        else:  # a shared plan made here is one to find again
            self._settings.add_recent(address)

    def _copy(self, path: Path, address: ServerAddress, doing: str) -> list[str] | None:
        """The result's lines of copying ``path`` to ``address`` (replacing a plan there only
        once the user agreed); None when it was not copied (said why, or the user stopped)."""
        replace = False
        while True:
            try:
                result = self._opener.login.run(
                    self._window,
                    address,
                    doing,
                    partial(_copy_to_server, path, address, replace),
                    can_cancel=False,
                )
            except PlanExistsError:
                if replace or not self._agree_to_replace(address, path):
                    return None
                replace = True
                continue
            except MigratorError as error:
                QMessageBox.critical(self._window, "Migrator — not copied", str(error))
                return None
            return result.lines() if result is not None else None

    def _agree_to_replace(self, address: ServerAddress, path: Path) -> bool:
        answer = QMessageBox.warning(
            self._window,
            "Migrator — replace the shared plan?",
            f"{address.name} already holds a plan. Replace it with {path.name}?\n\n"
            "Everything in it now is lost, its history and snapshots too. Coordinators who have it "
            "open should open it again afterwards.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------ server → file

    def save_local_copy(self) -> None:
        from migrator.services.sharing import copy_plan

        document = self._document
        if document is None or not isinstance(document.place, ServerAddress):
            return
        address = document.place
        suggested = self._settings.folder("migrations") / f"{address.database or address.service}{SUFFIX}"
        chosen, _filter = QFileDialog.getSaveFileName(
            self._window,
            "Save a local copy of the shared plan",
            str(suggested),
            f"Migrator files (*{SUFFIX})",
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() != SUFFIX:
            path = path.with_name(path.name + SUFFIX)
            if path.exists() and not self._agree_to_overwrite(path):
                return  # the file dialog asked about the name typed, not this one
        replace = path.exists()  # the file dialog asked the user already
        try:
            result = self._opener.login.run(
                self._window,
                address,
                f"Saving a copy of {address.name} as {path.name}…",
                lambda password: copy_plan(address, path, replace=replace, source_password=password),
                can_cancel=False,
            )
        except MigratorError as error:
            QMessageBox.critical(self._window, "Migrator — no copy saved", str(error))
            return
        if result is None:
            return
        self._settings.set_folder("migrations", path.parent)
        QMessageBox.information(
            self._window,
            "Migrator — a local copy saved",
            "\n".join(result.lines())
            + "\n\nThe copy is a file of its own: changes made to it stay in it, and the shared plan "
            "goes on without them.",
        )

    def _agree_to_overwrite(self, path: Path) -> bool:
        answer = QMessageBox.warning(
            self._window,
            "Migrator — replace the file?",
            f"{path.name} already exists in {path.parent}. Replace it with the copy?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes


def _copy_to_server(path: Path, address: ServerAddress, replace: bool, password: str | None) -> CopyResult:
    from migrator.services.sharing import copy_plan

    return copy_plan(path, address, replace=replace, destination_password=password)
