"""Passwords for shared plans on the command line.

libpq's own ways come first and need nothing here: PGPASSWORD, ~/.pgpass (or the file
PGPASSFILE names) and PGSERVICE are read by the driver. When the server still asks and the
command runs at a terminal, the password is asked for once per server, without echo, and kept
only while the command runs; otherwise the command ends with the server's refusal and how to
give the password.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable, Sequence
from typing import TypeVar

from migrator.domain.errors import PasswordNeededError
from migrator.domain.places import Place, ServerAddress

T = TypeVar("T")

HINT = (
    "Give it in PGPASSWORD, or in ~/.pgpass (PGPASSFILE names another file), "
    "or run the command at a terminal to be asked for it."
)


class Passwords:
    """The passwords asked for during one command, by server."""

    def __init__(self) -> None:
        self._given: dict[ServerAddress, str] = {}

    def __call__(self, place: Place) -> str | None:
        """The password asked for ``place``, if one was (None: libpq's own ways)."""
        return self._given.get(place) if isinstance(place, ServerAddress) else None

    def retrying(self, attempt: Callable[[], T], places: Sequence[Place]) -> T:
        """``attempt()``, asked again with a password each time one of ``places`` asks for one
        that was not asked for yet; PasswordNeededError, with how to give it, when none can be."""
        while True:
            try:
                return attempt()
            except PasswordNeededError as needed:
                place = self._to_ask(needed, [p for p in places if isinstance(p, ServerAddress)])
                if place is None:
                    raise PasswordNeededError(f"{needed} {HINT}", refused=needed.refused) from None
                try:
                    self._given[place] = getpass.getpass(_prompt(place))
                except EOFError:  # Ctrl-D: no password to try
                    raise PasswordNeededError(f"{needed} {HINT}", refused=needed.refused) from None

    def _to_ask(self, needed: PasswordNeededError, servers: list[ServerAddress]) -> ServerAddress | None:
        if not at_terminal():
            return None
        # The refusal names the plan's server; of two servers, the one it names.
        named = [server for server in servers if server.name in str(needed)] or servers
        return next((server for server in named if server not in self._given), None)


def at_terminal() -> bool:
    """Whether someone at a terminal can be asked (stdin is one)."""
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (AttributeError, ValueError, OSError):  # a closed or replaced stdin
        return False


def _prompt(place: ServerAddress) -> str:
    who = f" of {place.user}" if place.user else ""
    return f"Password{who} for {place.name}: "
