"""Asking for a shared plan's place: the server's address and the login to use there
(File → Open shared plan…, File → Copy to server…). The address is checked as it is typed."""

from __future__ import annotations

import getpass

from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.places import AddressError, ServerAddress
from migrator.ui.palette import HEALTH_COLOUR

EXAMPLE = "postgresql://db.example.com/cards"


def _account() -> str:
    """The login libpq uses when none is given: the computer account's name."""
    try:
        return getpass.getuser()
    except Exception:  # no name for this account (a container's uid): libpq says so itself
        return "your account's name"


class ServerAddressDialog(QDialog):
    """``intro`` says what the address is for; ``action`` names the OK button ("Open", "Copy");
    ``suggested`` fills the fields (the last shared plan opened); ``known`` are offered as typed."""

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        title: str = "Open a shared plan",
        intro: str = "",
        action: str = "Open",
        suggested: ServerAddress | None = None,
        known: list[ServerAddress] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.intro = QLabel(
            intro
            or "A shared plan lives in a database on a PostgreSQL server, where every coordinator "
            "opens it with their own login and sees the others' changes as they are saved."
        )
        self.intro.setWordWrap(True)
        self.address = QLineEdit()
        self.address.setPlaceholderText(EXAMPLE)
        self.address.setAccessibleName("Server address")
        self.address.setToolTip(
            "postgresql://host[:port]/database, or postgresql:///database?service=NAME for an "
            "entry of your pg_service.conf. Never a password: Migrator asks for it when the server does."
        )
        if known:
            completer = QCompleter([str(a.with_user("")) for a in known], self)
            self.address.setCompleter(completer)
        self.message = QLabel()
        self.message.setObjectName("addressMessage")
        self.message.setWordWrap(True)
        self.user = QLineEdit()
        self.user.setAccessibleName("User name")
        self.user.setPlaceholderText(f"your login on the server (if empty: {_account()})")
        form = QFormLayout()
        form.addRow("Server address:", self.address)
        form.addRow("", self.message)
        form.addRow("User name:", self.user)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(action)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        if suggested is not None:
            self.address.setText(str(suggested.with_user("")))
            self.user.setText(suggested.user)
        self.address.textChanged.connect(self._validate)
        self.user.textChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None = None,
        *,
        title: str = "Open a shared plan",
        intro: str = "",
        action: str = "Open",
        suggested: ServerAddress | None = None,
        known: list[ServerAddress] | None = None,
    ) -> ServerAddress | None:
        """The address with its user, or None when the user cancelled."""
        dialog = cls(parent, title=title, intro=intro, action=action, suggested=suggested, known=known)
        try:
            return dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()

    def _problem(self) -> tuple[str, bool]:
        """What is wrong with the fields (and whether it is a mistake rather than a gap)."""
        text = self.address.text().strip()
        if not text:
            return f"Type the server's address, as in {EXAMPLE}", False
        try:
            address = ServerAddress.parse(text)
        except AddressError as error:
            return str(error), True
        user = self.user.text().strip()
        if address.user and user and address.user != user:
            return f"The address names the login {address.user!r} and the user name {user!r}: keep one.", True
        return "", False

    def chosen(self) -> ServerAddress | None:
        """The address typed, with the user name given (beside or in it), or None while invalid."""
        if self._problem()[0]:
            return None
        address = ServerAddress.parse(self.address.text())
        user = self.user.text().strip()
        return address.with_user(user) if user else address

    def _validate(self) -> bool:
        problem, mistake = self._problem()
        self.message.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};" if mistake else "")
        address = self.chosen()
        if address is not None:
            self.message.setText(f"{address.name}, as {address.user or _account()}")
        else:
            self.message.setText(problem)
        self.ok_button.setEnabled(address is not None)
        return address is not None

    def accept(self) -> None:
        if self._validate():
            super().accept()
