"""A shared plan read with psycopg alone, before SQLAlchemy loads: the window shows it at once.

The rows map to the domain through the plan reader, as every other read of a plan does; a
plan that is anything but current and writable is left to the full open, which explains.
"""

from __future__ import annotations

from typing import Any

import psycopg

from migrator.domain.errors import MigratorError
from migrator.domain.places import ServerAddress
from migrator.store.plan_reader import HEAD_REVISION, StoredPlan, read_plan

CONNECT_TIMEOUT_S = 5
# A network cut silently (a VPN drop) is noticed in about 10 s instead of hanging a query:
# TCP keepalives, and unacknowledged data given up on after 10 s.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 3,
    "tcp_user_timeout": 10_000,
}
APPLICATION = "Migrator"


def connect_arguments(address: ServerAddress, password: str | None) -> dict[str, Any]:
    """psycopg's arguments for ``address``; libpq fills the rest (PGPASSFILE, PGSERVICE…)."""
    arguments: dict[str, Any] = {
        "host": address.host or None,
        "port": address.port,
        "dbname": address.database or None,
        "user": address.user or None,
        "service": address.service or None,
        "connect_timeout": CONNECT_TIMEOUT_S,
        "application_name": APPLICATION,
        **KEEPALIVES,
    }
    if password is not None:
        arguments["password"] = password
    return {name: value for name, value in arguments.items() if value is not None}


def read_current_server(address: ServerAddress, *, password: str | None = None) -> StoredPlan | None:
    """The plan at ``address`` when it is at the newest revision and this login may change it,
    read in one read-only snapshot; None otherwise (or when the server cannot be reached)."""
    try:
        with psycopg.connect(**connect_arguments(address, password)) as connection:
            connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            connection.read_only = True
            found = connection.execute(
                "SELECT to_regclass('schema_revision') IS NOT NULL, "
                "has_table_privilege('workstream', 'UPDATE')"
            ).fetchone()
            if found is None or not found[0] or not found[1]:
                return None
            revision = connection.execute("SELECT version_num FROM schema_revision").fetchone()
            if revision is None or revision[0] != HEAD_REVISION:
                return None
            return read_plan(connection, address.name)
    except (psycopg.Error, MigratorError, ValueError, KeyError, TypeError):
        return None  # the full open says what is wrong
