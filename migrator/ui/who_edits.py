"""Who the window's edits and reports are credited to, and asking the user for that name."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from migrator.domain import rules
from migrator.domain.errors import ValidationError
from migrator.services.who import USER_VARIABLE, account_name, named_user
from migrator.ui.window_settings import WindowSettings


def credited_name(settings: WindowSettings) -> str:
    """$MIGRATOR_USER, else the name the user gave (Edit → Preferences), else the account's full name."""
    return named_user() or settings.user_name() or account_name()


def needs_asking(settings: WindowSettings) -> bool:
    """A first run: nobody has said who they are yet."""
    return not (named_user() or settings.user_name())


def ask_user_name(parent: QWidget, settings: WindowSettings, title: str, suggested: str) -> None:
    """Ask the name history and reports show, and keep it in the settings; a name history cannot
    keep is refused in the question, which is asked again."""
    said = (
        f"${USER_VARIABLE} is set, so for now edits are credited to {named_user()}.\n\n"
        if named_user() else ""
    )  # fmt: skip
    problem, text = "", suggested
    while True:
        typed, ok = QInputDialog.getText(
            parent, title, f"{problem}{said}Your name, as the history and reports will show it:", text=text
        )
        name = typed.strip() if ok else ""
        try:
            name = rules.require_text(name, "Your name") if name else ""
            break
        except ValidationError as error:
            problem, text = f"{error} Give a shorter one.\n\n", typed
    if not settings.user_name() or name:  # the first run keeps the suggestion when cancelled
        settings.set_user_name(name or suggested[: rules.MAX_NAME])
