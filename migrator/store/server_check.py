"""``migrator check`` on a shared plan: what the server lets a client see of it.

The server keeps its own pages and references (there is no file to check and no PRAGMA to run),
so the check says the plan's schema revision, the rows each table holds, whether every value
reads as Migrator needs it, and whether the login may change the plan or only read it.
"""

from __future__ import annotations

from typing import Any

import psycopg
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from migrator.domain.errors import MigratorError
from migrator.domain.places import ServerAddress
from migrator.store import database, server
from migrator.store.bad_values import TOLERANT
from migrator.store.copying import ORDER, count_text
from migrator.store.database import CheckResult


def check_server(address: ServerAddress, *, password: str | None = None) -> CheckResult:
    """A check of the shared plan at ``address`` that changes nothing (not even an older schema:
    opening it does that). MigrationFileError when the database holds no plan."""
    engine = server.server_engine(address, password)
    try:
        with server.connected(address, engine) as connection:
            try:
                return _check(connection, address)
            except MigratorError:
                raise
            except (DBAPIError, psycopg.Error) as error:  # the plan reader's cursor is the driver's own
                raise server.explain(address.name, error, reading=True) from None
            finally:
                connection.rollback()
    finally:
        engine.dispose()


def _check(connection: Connection, address: ServerAddress) -> CheckResult:
    revision = server.schema_revision(connection)
    if revision is None:
        raise server.no_plan(connection, address)
    head = database.head_revision()
    if revision not in database.known_revisions():
        return CheckResult(
            False,
            [f"schema revision: {revision} (newer than this Migrator's {head}: update Migrator to open it)"],
        )
    current = revision == head
    if current and not server.holds_plan(connection):
        raise server.no_plan_yet(address)
    upgraded = f"older, upgraded to {head} when a coordinator who may change it opens it"
    state = "current" if current else upgraded
    lines = [f"schema revision: {revision} ({state})", f"rows: {_counts(connection)}"]
    healthy = True
    if current:
        problems = database.plan_problems(_Tolerant(connection.connection), address.name)
        healthy = not problems
        lines.append(f"values: {'ok' if not problems else f'{len(problems)} problem(s)'}")
        lines += [f"  {problem}" for problem in problems]
    actor, may_write = server.login(connection)
    if may_write:
        lines.append(f"access: may change it; history credits {actor}")
    else:
        lines.append("access: read-only (your login may only read it)")
    return CheckResult(healthy, lines)


def _counts(connection: Connection) -> str:
    """The rows of each of the plan's tables (those an older schema has)."""
    counts = []
    for table in ORDER:
        if connection.execute(text("SELECT to_regclass(:table)"), {"table": table}).scalar() is not None:
            rows = connection.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            counts.append(count_text(int(rows or 0), table))
    return ", ".join(counts)


class _Tolerant:
    """The plan reader's connection, reading on past bad values so that all are listed."""

    def __init__(self, connection: Any) -> None:
        self._connection = connection
        setattr(self, TOLERANT, True)

    def cursor(self) -> Any:
        return self._connection.cursor()
