"""Plans on the server engine for the tests: databases on the run's throwaway server, and the login roles that
use them, as a coordinator's would.

A coordinator logs in with a role of their own and history credits its display name (the
role's comment, else its name), so a test's server plan is opened as a role named for the
actor the test expects: "tester" for the ``service`` fixture, "Ben" where a test says Ben.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from psycopg import sql

from migrator.domain.places import Place, ServerAddress
from migrator.store.server import EDITORS, READERS
from tests.support.postgres import ThrowawayCluster

# The actor of the ``service`` fixture: on a server, a login role of that name.
TESTER = "tester"


def login_role(
    cluster: ThrowawayCluster, name: str, *, display_name: str | None = None, reader: bool = False
) -> str:
    """A login role called ``name`` (made once per run), credited in history as ``display_name``
    when given, else by its name; a member of the editors' group role, or with ``reader`` of the
    readers' (``init_schema`` grants each plan's tables to both groups when they exist)."""
    for group in (EDITORS, READERS):
        if not _exists(cluster, group):
            cluster.run_sql(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(group)))
    if not _exists(cluster, name):
        cluster.run_sql(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
    comment = sql.Literal(display_name) if display_name else sql.NULL
    cluster.run_sql(sql.SQL("COMMENT ON ROLE {} IS {}").format(sql.Identifier(name), comment))
    group, other = (READERS, EDITORS) if reader else (EDITORS, READERS)
    cluster.run_sql(sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(name)))
    cluster.run_sql(sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), sql.Identifier(name)))
    return name


def _exists(cluster: ThrowawayCluster, role: str) -> bool:
    return bool(
        cluster.run_sql(sql.SQL("SELECT 1 FROM pg_roles WHERE rolname = {}").format(sql.Literal(role)))
    )


def new_database(cluster: ThrowawayCluster, owner: str = TESTER, *, collation: str | None = None) -> str:
    """A new empty database owned by ``owner`` (who may then create a plan's tables in it); its name.
    ``collation`` sorts its texts as that ICU locale does ("en-US", as most servers are set up),
    rather than by code point as the test server's default (C.UTF-8) does."""
    if collation is None:
        name = cluster.create_database().rsplit("/", 1)[1]
    else:
        name = f"test_{uuid.uuid4().hex[:16]}"
        cluster.run_sql(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE {}").format(
                sql.Identifier(name), sql.Literal(collation)
            )
        )
    owned = sql.SQL("ALTER DATABASE {} OWNER TO {}").format(sql.Identifier(name), sql.Identifier(owner))
    cluster.run_sql(owned)
    return name


def address(cluster: ThrowawayCluster, database: str, user: str = TESTER) -> ServerAddress:
    """Where ``user`` finds the plan in ``database`` (no password: the test server trusts 127.0.0.1)."""
    return ServerAddress.parse(cluster.url(database, user))


def drop(cluster: ThrowawayCluster, database: str) -> None:
    cluster.drop_database(cluster.url(database))


@contextmanager
def copy_on_server(cluster: ThrowawayCluster, source: Path, user: str = TESTER) -> Iterator[ServerAddress]:
    """The plan in the file ``source`` copied (copy_plan) into a new database of ``user``'s,
    dropped when the block ends."""
    from migrator.services.sharing import copy_plan

    login_role(cluster, user)
    database = new_database(cluster, owner=user)
    try:
        place = address(cluster, database, user)
        copy_plan(source, place)
        yield place
    finally:
        drop(cluster, database)


@contextmanager
def on_engine(engine: str, source: Path, request: pytest.FixtureRequest) -> Iterator[Place]:
    """The plan in the file ``source`` where ``engine`` keeps plans: the file itself, or a copy of
    it on the run's server (for fixtures wider than a test, which ``places`` is not)."""
    if engine == "file":
        yield source
        return
    with copy_on_server(request.getfixturevalue("postgres_cluster"), source) as place:
        yield place
