"""Logging in to a shared plan's server for the window: the password typed this run or kept in the
desktop's keyring, else none (libpq then reads ~/.pgpass, PGPASSFILE or PGSERVICE's entry); asked
for only when the server asks, and again, saying so, when the server refused it."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, TypeVar

from PySide6.QtWidgets import QMessageBox, QWidget

from migrator.domain.errors import PasswordNeededError
from migrator.domain.places import ServerAddress
from migrator.ui.dialogs.password_dialog import PasswordAnswer, PasswordDialog
from migrator.ui.server_passwords import ServerPasswords
from migrator.ui.waiting import WaitCancelledError, wait_for

T = TypeVar("T")


class PasswordAsker(Protocol):
    def __call__(
        self, parent: QWidget | None, address: ServerAddress, why: str, *, refused: bool, can_remember: bool
    ) -> PasswordAnswer | None: ...


class ServerLogin:
    """``passwords``: where passwords are kept; ``ask``: how the user is asked (the password dialog)."""

    def __init__(self, passwords: ServerPasswords | None = None, ask: PasswordAsker | None = None) -> None:
        self.passwords = passwords or ServerPasswords()
        self._ask: PasswordAsker = ask or PasswordDialog.ask

    def run(
        self,
        parent: QWidget | None,
        address: ServerAddress,
        doing: str,
        work: Callable[[str | None], T],
        discard: Callable[[T], None] | None = None,
        *,
        can_cancel: bool = True,
    ) -> T | None:
        """What ``work(password)`` returns, run away from the window's thread while a dialog says
        ``doing``; None when the user cancelled the wait (``can_cancel``) or the password question. Any other
        refusal (MigratorError) is raised for the caller to explain."""
        password = self.passwords.known(address)
        answer: PasswordAnswer | None = None
        while True:
            try:
                result = wait_for(parent, doing, partial(work, password), discard, can_cancel=can_cancel)
            except WaitCancelledError:
                return None
            except PasswordNeededError as needed:
                if password is not None:
                    self.passwords.forget(address)
                answer = self._ask(
                    parent,
                    address,
                    str(needed),
                    refused=needed.refused,
                    can_remember=self.passwords.can_remember,
                )
                if answer is None:
                    return None
                password = answer.password
                continue
            if answer is not None:  # a password typed and taken: kept as the user chose
                trouble = self.passwords.use(address, answer.password, remember=answer.remember)
                if trouble is not None:
                    QMessageBox.warning(parent, "Migrator — the password was not remembered", trouble)
            return result

    def password(self, address: ServerAddress) -> str | None:
        """The password known for ``address`` now (typed this run, or the keyring's)."""
        return self.passwords.known(address)
