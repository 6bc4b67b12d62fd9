"""Shared plans: putting a plan on a server, and copying whole plans between places."""

from __future__ import annotations

from migrator.domain.places import Place, ServerAddress
from migrator.store import copying, server
from migrator.store.copying import CopyResult

__all__ = ["CopyResult", "copy_plan", "init_server"]


def init_server(address: ServerAddress, *, password: str | None = None) -> None:
    """Create a plan's tables in an empty database (``migrator server init``), granted to the
    editors' and readers' group roles when they exist."""
    server.init_server(address, password=password)


def copy_plan(
    source: Place,
    destination: Place,
    *,
    replace: bool = False,
    source_password: str | None = None,
    destination_password: str | None = None,
) -> CopyResult:
    """Copy the whole plan at ``source`` to ``destination`` (file or server, either way) and
    check that the copy holds the same rows with the same checksum; a destination holding a
    plan is replaced only with ``replace``."""
    return copying.copy_plan(
        source,
        destination,
        replace=replace,
        source_password=source_password,
        destination_password=destination_password,
    )
