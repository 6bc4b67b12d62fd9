"""Asking for a shared plan's password when its server asks for one (or refused the last one),
with the offer to keep it in the desktop's keyring."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.places import ServerAddress
from migrator.ui.looks import give_look
from migrator.ui.palette import HEALTH_COLOUR


@dataclass(frozen=True)
class PasswordAnswer:
    password: str
    remember: bool  # keep it in the desktop's keyring


class PasswordDialog(QDialog):
    """``why``: the server's question ("The server of cards on db asks for ana's password.");
    ``refused``: the last password was refused; ``can_remember``: the desktop has a keyring."""

    def __init__(
        self,
        address: ServerAddress,
        why: str,
        *,
        refused: bool = False,
        can_remember: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._can_remember = can_remember
        self.setWindowTitle("Password for a shared plan")
        self.setMinimumWidth(480)
        self.why = QLabel(why + (" Type it again." if refused else ""))
        self.why.setWordWrap(True)
        if refused:
            self.why.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName("Password")
        self.remember = QCheckBox("Remember it in this desktop's keyring")
        self.remember.setVisible(can_remember)
        self.no_keyring = QLabel(
            "This desktop has no keyring to keep it in, so Migrator asks again next time "
            "(or put it in ~/.pgpass, which the server's tools read too)."
        )
        give_look(self.no_keyring, "startSubtitle")
        self.no_keyring.setWordWrap(True)
        self.no_keyring.setVisible(not can_remember)
        form = QFormLayout()
        form.addRow("Login:", QLabel(address.user or "your account's name"))
        form.addRow("Password:", self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Log in")
        layout = QVBoxLayout(self)
        layout.addWidget(self.why)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.no_keyring)
        layout.addWidget(self.buttons)
        self.password.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def answer(self) -> PasswordAnswer | None:
        text = self.password.text()
        return PasswordAnswer(text, self._can_remember and self.remember.isChecked()) if text else None

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        address: ServerAddress,
        why: str,
        *,
        refused: bool = False,
        can_remember: bool = False,
    ) -> PasswordAnswer | None:
        """The password typed, or None when the user cancelled."""
        dialog = cls(address, why, refused=refused, can_remember=can_remember, parent=parent)
        try:
            return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
