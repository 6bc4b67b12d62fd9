"""``migrator check``: how healthy a plan is, wherever it lives; nothing in it is changed."""

from __future__ import annotations

from migrator.domain.places import Place, ServerAddress
from migrator.store.database import CheckResult, check_file
from migrator.store.server_check import check_server

__all__ = ["CheckResult", "check_plan"]


def check_plan(place: Place, *, password: str | None = None) -> CheckResult:
    """A file's pages, references, schema revision and values; a shared plan's schema revision,
    rows, values and what the login may do (``password`` for the server, when it asks)."""
    if isinstance(place, ServerAddress):
        return check_server(place, password=password)
    return check_file(place)
