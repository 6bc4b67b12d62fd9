"""What only SQLite does: the corner a second database engine replaces.

The plan reader runs DB-API SQL on the session's own connection (inside its transaction),
and SQLite's ``data_version`` tells whether another connection committed since last asked.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session


def dbapi_connection(session: Session) -> Any:
    """The session's own DB-API connection, inside its transaction, for the plan reader's SELECTs."""
    return session.connection().connection


def data_version(session: Session) -> int:
    """A number that moves whenever another connection commits to the file (never for this one's)."""
    return int(session.connection().exec_driver_sql("PRAGMA data_version").scalar() or 0)
