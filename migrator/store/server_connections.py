"""How psycopg reaches a shared plan's server: the arguments every connection is made with."""

from __future__ import annotations

from typing import Any

from migrator.domain.places import ServerAddress

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
