"""Plans on the server engine for the tests: databases on the run's throwaway server, and the login roles that
use them, as a coordinator's would.

A coordinator logs in with a role of their own and history credits its display name (the
role's comment, else its name), so a test's server plan is opened as a role named for the
actor the test expects: "tester" for the ``service`` fixture, "Ben" where a test says Ben.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from psycopg import sql

from migrator.domain.places import Place, ServerAddress
from migrator.store.server import EDITORS, READERS
from tests.support.postgres import ThrowawayCluster

# The actor of the ``service`` fixture: on a server, a login role of that name.
TESTER = "tester"


# The roles made on each cluster (by port) as last set: (display name, reader).
_ROLES: dict[tuple[int, str], tuple[str | None, bool]] = {}


def login_role(
    cluster: ThrowawayCluster, name: str, *, display_name: str | None = None, reader: bool = False
) -> str:
    """A login role called ``name`` (made once per run), credited in history as ``display_name``
    when given, else by its name; a member of the editors' group role, or with ``reader`` of the
    readers' (``init_schema`` grants each plan's tables to both groups when they exist)."""
    if _ROLES.get((cluster.port, name)) == (display_name, reader):
        return name
    role = sql.Identifier(name)
    group, other = (READERS, EDITORS) if reader else (EDITORS, READERS)
    comment = sql.Literal(display_name) if display_name else sql.NULL
    statements = [
        *(_create_role(g, login=False) for g in (EDITORS, READERS)),
        _create_role(name, login=True),
        sql.SQL("COMMENT ON ROLE {} IS {}").format(role, comment),
        sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), role),
        sql.SQL("REVOKE {} FROM {}").format(sql.Identifier(other), role),
    ]
    cluster.run_sql(sql.SQL("; ").join(statements))  # one connection: many tests make their roles
    _ROLES[cluster.port, name] = (display_name, reader)
    return name


def _create_role(name: str, *, login: bool) -> sql.Composable:
    """CREATE ROLE unless it exists (roles are the whole server's, shared by the run's tests)."""
    create = sql.SQL("CREATE ROLE {} " + ("LOGIN" if login else "NOLOGIN")).format(sql.Identifier(name))
    unless = "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = {}) THEN {}; END IF; END $$"
    return sql.SQL(unless).format(sql.Literal(name), create)


# Template databases made on each cluster (by port), by what they hold and whose they are.
_TEMPLATES: dict[tuple[int, str], str] = {}


def database_holding(
    cluster: ThrowawayCluster, holding: str, make: Callable[[ServerAddress], object], owner: str = TESTER
) -> str:
    """A new database of ``owner``'s holding what ``make`` put in a new empty one: ``make`` runs
    once per run, on a template database, which is then copied for each test (a copy costs a few
    hundredths of a second; making a plan through the Alembic revisions, a few tenths)."""
    key = (cluster.port, f"{holding} of {owner}")
    if key not in _TEMPLATES:
        template = new_database(cluster, owner=owner)
        make(address(cluster, template, owner))  # leaves no connection open: it is copied next
        _TEMPLATES[key] = template
    name = f"test_{uuid.uuid4().hex[:16]}"
    copy = sql.SQL("CREATE DATABASE {} TEMPLATE {} OWNER {} STRATEGY FILE_COPY").format(
        sql.Identifier(name), sql.Identifier(_TEMPLATES[key]), sql.Identifier(owner)
    )
    cluster.run_sql(copy)
    return name


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
