"""Values another program wrote into a migration file that Migrator cannot use, named by their row.

The plan reader converts every row it reads; a value it cannot convert (a status 'bogus', a
date '2027-02-30', a lag of 10^9) is named here with its row instead of surfacing as a
KeyError. Reading strictly (the default), the read then stops with all the problems it met;
a store opened to show such a file (read-only, the problems listed to the user) reads on with
a neutral stand-in for each bad value instead (no date, not started, FS, no lag, no override).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any

from migrator.domain.errors import FileContentError
from migrator.domain.model import Status

TOLERANT = "tolerates_bad_values"  # attribute of a connection that reads on past bad values


def one_of(kind: type[enum.Enum]) -> str:
    return ", ".join(
        member.label.lower() if isinstance(member, Status) else str(member.value) for member in kind
    )


class BadValues:
    """The problems one read met; ``settle()`` raises them unless the connection tolerates them."""

    def __init__(self, connection: Any, file_name: str | None = None) -> None:
        self.connection = connection
        self.file_name = file_name
        self.tolerant = bool(getattr(connection, TOLERANT, False))
        self.problems: list[str] = []

    def add(self, row: str, what: str, value: Any, expected: str) -> None:
        self.problems.append(f"{row}: {what} {shown(value)} {expected}")

    def note(self, row: str, problem: str) -> None:
        self.problems.append(f"{row}: {problem}")

    def settle(self) -> None:
        if self.problems and not self.tolerant:
            raise FileContentError(self.file_name or _file_name(self.connection), list(self.problems))


def shown(value: Any) -> str:
    """A stored value as the message quotes it: text in quotes, numbers bare, NULL as 'empty'."""
    if value is None:
        return "(empty)"
    return f"'{value}'" if isinstance(value, str) else repr(value)


def _file_name(connection: Any) -> str:
    """The file's name from the connection itself (only when a problem is reported)."""
    if "sqlite" not in type(getattr(connection, "driver_connection", connection)).__module__:
        return "The plan"  # a server's plan: its name is said by whoever reads it
    try:
        cursor = connection.cursor()
        cursor.execute("PRAGMA database_list")
        rows = cursor.fetchall()
        cursor.close()
        path = next((str(row[2]) for row in rows if row[1] == "main"), "")
    except Exception:  # the name only decorates the message
        path = ""
    return path.replace("\\", "/").rsplit("/", 1)[-1] or "The migration file"


def weekday_problem(text: Any) -> str | None:
    if not isinstance(text, str) or not text or any(c not in "0123456" for c in text):
        return "is not a set of weekday digits from 0 (Monday) to 6 (Sunday)"
    return None


def loop_problems(links: Iterable[tuple[int, int]], keys: dict[int, str]) -> list[str]:
    """Each loop the stored links close, as "dependencies form a loop: A → B → A"."""
    from migrator.domain.graph import find_loops

    successors: dict[int, list[int]] = {}
    for predecessor, successor in links:
        if predecessor != successor:  # a link to itself is reported on its own row
            successors.setdefault(predecessor, []).append(successor)
    return [
        "dependencies form a loop: " + " → ".join(keys.get(i, f"#{i}") for i in loop)
        for loop in find_loops(successors)
    ]
