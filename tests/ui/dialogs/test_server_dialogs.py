"""The questions a shared plan asks: its address and login, checked as they are typed (OK only
while they make an address), and its password, in a password field, offered to the keyring only
when the desktop has one."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from migrator.domain.places import ServerAddress
from migrator.ui.dialogs.password_dialog import PasswordAnswer, PasswordDialog
from migrator.ui.dialogs.server_address_dialog import ServerAddressDialog

RED = "color: #C62828;"


def _dialog(qtbot: Any, **options: Any) -> ServerAddressDialog:
    dialog = ServerAddressDialog(**options)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _type(qtbot: Any, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def test_an_empty_address_asks_for_one_with_an_example_and_ok_is_off(qtbot: Any) -> None:
    dialog = _dialog(qtbot)

    assert dialog.message.text() == "Type the server's address, as in postgresql://db.example.com/cards"
    assert dialog.message.styleSheet() == ""  # a gap to fill, not a mistake
    assert not dialog.ok_button.isEnabled()
    assert dialog.ok_button.text() == "Open"


def test_what_is_wrong_with_the_address_shows_beside_it_as_it_is_typed(qtbot: Any) -> None:
    dialog = _dialog(qtbot)

    _type(qtbot, dialog.address, "db.example.com/cards")
    assert dialog.message.text() == (
        "'db.example.com/cards' is not a server address: it should start with postgresql://"
    )
    assert dialog.message.styleSheet() == RED
    assert not dialog.ok_button.isEnabled()

    _type(qtbot, dialog.address, "postgresql://db.example.com")
    assert dialog.message.text().startswith("'postgresql://db.example.com' names no database")
    assert not dialog.ok_button.isEnabled()

    _type(qtbot, dialog.address, "postgresql://ana:secret@db.example.com/cards")
    assert dialog.message.text().startswith("A server address must not hold a password")
    assert not dialog.ok_button.isEnabled()

    _type(qtbot, dialog.address, "postgresql://db.example.com:5433/cards")
    _type(qtbot, dialog.user, "ana")
    assert dialog.message.text() == "cards on db.example.com, as ana"
    assert dialog.message.styleSheet() == ""
    assert dialog.ok_button.isEnabled()
    assert dialog.chosen() == ServerAddress("cards", "db.example.com", 5433, "ana")


def test_a_login_in_the_address_serves_as_the_user_name_unless_another_is_given(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    _type(qtbot, dialog.address, "postgresql://ben@db.example.com/cards")

    assert dialog.chosen() == ServerAddress("cards", "db.example.com", None, "ben")
    assert dialog.message.text() == "cards on db.example.com, as ben"

    _type(qtbot, dialog.user, "ana")
    assert dialog.message.text() == "The address names the login 'ben' and the user name 'ana': keep one."
    assert not dialog.ok_button.isEnabled()


def test_the_last_shared_plan_is_suggested_and_enter_opens_it(qtbot: Any) -> None:
    last = ServerAddress("cards", "db.example.com", 5433, "ana")
    dialog = _dialog(qtbot, suggested=last, known=[last])

    assert dialog.address.text() == "postgresql://db.example.com:5433/cards"
    assert dialog.user.text() == "ana"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.address, Qt.Key.Key_Return)
    assert dialog.chosen() == last


def test_copying_names_its_button_and_says_what_it_does(qtbot: Any) -> None:
    dialog = _dialog(qtbot, title="Copy to a server", intro="Copy plan.migrator …", action="Copy")

    assert dialog.windowTitle() == "Copy to a server"
    assert dialog.intro.text() == "Copy plan.migrator …"
    assert dialog.ok_button.text() == "Copy"


def test_the_password_is_typed_hidden_and_offered_to_the_keyring_when_there_is_one(qtbot: Any) -> None:
    address = ServerAddress("cards", "db.example.com", None, "ana")
    dialog = PasswordDialog(
        address, "The server of cards on db.example.com asks for ana's password.", can_remember=True
    )
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.password.echoMode() == QLineEdit.EchoMode.Password
    assert dialog.why.text() == "The server of cards on db.example.com asks for ana's password."
    assert dialog.remember.isVisible() and not dialog.remember.isChecked()
    assert not dialog.no_keyring.isVisible()
    assert not dialog.ok_button.isEnabled()  # nothing typed yet
    qtbot.keyClicks(dialog.password, "s3cret")
    dialog.remember.setChecked(True)
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        dialog.ok_button.click()
    assert dialog.answer() == PasswordAnswer("s3cret", remember=True)


def test_a_refused_password_is_asked_again_saying_so_and_without_a_keyring_nothing_is_offered(
    qtbot: Any,
) -> None:
    address = ServerAddress("cards", "db.example.com", None, "ana")
    dialog = PasswordDialog(
        address, "The server of cards on db.example.com refused ana's password.", refused=True
    )
    qtbot.addWidget(dialog)
    dialog.show()

    assert dialog.why.text() == "The server of cards on db.example.com refused ana's password. Type it again."
    assert dialog.why.styleSheet() == RED
    assert not dialog.remember.isVisible()
    assert dialog.no_keyring.isVisible()
    assert dialog.no_keyring.text().startswith("This desktop has no keyring to keep it in")
    qtbot.keyClicks(dialog.password, "again")
    dialog.remember.setChecked(True)  # hidden: it cannot count
    assert dialog.answer() == PasswordAnswer("again", remember=False)
