"""Who history and reports credit: a person's name, not the login.

A command line's ``--user`` comes first, then $MIGRATOR_USER, then what the caller knows
(the window's user name setting), then the account's full name, then the login.
Plain Python: the window asks for it before SQLAlchemy loads.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

USER_VARIABLE = "MIGRATOR_USER"
# The name a command line's --user gives, for the command it runs (see acting_as).
_NAMED: ContextVar[str | None] = ContextVar("migrator_user", default=None)


def named_user() -> str | None:
    """The name --user or $MIGRATOR_USER gives, if either does."""
    return (_NAMED.get() or os.environ.get(USER_VARIABLE, "")).strip() or None


def current_user() -> str:
    """Who history and reports credit: --user, else $MIGRATOR_USER, else the account's full name."""
    return named_user() or account_name()


def account_name() -> str:
    """The account's full name (the GECOS field), or its login when it has none."""
    try:
        login = getpass.getuser()
    except Exception:  # no user name in the environment (some containers)
        return "unknown"
    try:
        import pwd  # not on Windows

        full = pwd.getpwnam(login).pw_gecos.split(",")[0].strip()
    except (ImportError, KeyError):
        full = ""
    return full or login


@contextmanager
def acting_as(name: str | None) -> Iterator[None]:
    """Credit what runs inside to ``name`` (a command line's --user); None changes nothing."""
    token = _NAMED.set(name.strip() or None if name else None)
    try:
        yield
    finally:
        _NAMED.reset(token)
