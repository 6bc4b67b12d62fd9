"""Shared plans on a PostgreSQL server: what only that engine does.

One database holds one migration, in the same tables and through the same Alembic revisions
as a file. Coordinators log in with their own roles: history credits the role's display name
(its comment, else its name), and a role without the right to change workstreams opens the
plan read-only. Writers queue behind one advisory lock held for their transaction, as SQLite's
writers queue behind the file's lock, so history's change numbers stay one per action and a
long action (a plan import) is named to those who wait for it. Each commit sends a notice
(NOTIFY) that other windows hear at once; they then read what changed from history.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import psycopg
from alembic import command
from psycopg import sql
from sqlalchemy import URL, Connection, Engine, Table, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from migrator.domain.errors import (
    FileBusyError,
    MigrationFileError,
    MigratorError,
    PasswordNeededError,
    ReadOnlyError,
    ServerUnreachableError,
)
from migrator.domain.places import ServerAddress
from migrator.store.file_probe import VERSION_TABLE
from migrator.store.plan_reader import RowsBeside
from migrator.store.server_connections import APPLICATION, KEEPALIVES, connect_arguments
from migrator.store.server_reading import chunked, reading_beside
from migrator.store.stores import MigrationStore

NOTICE_CHANNEL = "migrator_changes"
RECONNECT_AT_MOST_S = 5.0
WRITE_LOCK = 0x4D494752  # the advisory lock every writer holds for its transaction ("MIGR")
WAIT_FOR_WRITER = "3s"  # how long a write waits for another before it is refused, naming it
# Group roles ``init_schema`` grants to when they exist (see the README's shared plans).
EDITORS, READERS = "migrator_editor", "migrator_reader"
_UNREACHABLE = (
    "could not connect", "connection refused", "could not translate host", "timeout expired",
    "server closed the connection", "connection is closed", "terminating connection",
    "the database system is", "no route to host", "network is unreachable",
    "consuming input failed", "connection timed out", "ssl syscall", "eof detected",
    "connection to server",
)  # fmt: skip


class ServerStore(MigrationStore):
    """A shared plan open on its server."""

    read_only_advice = "Your login may only read this plan; ask whoever runs the server for an editor's role."

    def __init__(
        self, address: ServerAddress, engine: Engine, read_only: bool, actor: str, password: str | None
    ) -> None:
        super().__init__(engine, read_only)
        self.place = address
        self._actor = actor
        self._password = password
        self._others_seen = 0  # the last history entry of another's this store has seen

    @property
    def address(self) -> ServerAddress:
        assert isinstance(self.place, ServerAddress)
        return self.place

    @property
    def actor(self) -> str:
        return self._actor

    def reading_connection(self, session: Session) -> Any:
        return chunked(self.dbapi_connection(session))

    def rows_beside(
        self, connection: Any, queries: Sequence[str]
    ) -> AbstractContextManager[RowsBeside | None]:
        return reading_beside(self.engine, connection, queries)

    def write_options(self) -> dict[str, Any]:
        # Reads see one snapshot (REPEATABLE READ); a writer reads what others committed
        # before it took the lock, so it must not keep the snapshot it started with.
        return {"isolation_level": "READ COMMITTED"}

    def begin_writing(self, session: Session, actor: str, activity: str) -> None:
        connection = session.connection()
        doing = f"{APPLICATION}: {actor} is {activity}"
        connection.execute(text("SELECT set_config('application_name', :doing, true)"), {"doing": doing[:63]})
        connection.execute(text(f"SET LOCAL lock_timeout = '{WAIT_FOR_WRITER}'"))
        try:
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
        except DBAPIError as error:
            if getattr(error.orig, "sqlstate", None) != "55P03":  # lock_not_available
                raise
            raise FileBusyError(
                f"{self._writer()}; your change was not saved. Try again when it is done."
            ) from None
        connection.execute(text("SET LOCAL lock_timeout = 0"))

    def _writer(self) -> str:
        """Who holds the write lock and what they do, from their connection's application name."""
        sql = (
            "SELECT a.application_name FROM pg_locks AS l JOIN pg_stat_activity AS a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.objid = :key AND l.database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())"
        )
        try:
            with self.engine.connect() as connection:
                name = connection.execute(text(sql), {"key": WRITE_LOCK}).scalar()
        except DBAPIError:
            name = None
        prefix = f"{APPLICATION}: "
        if isinstance(name, str) and name.startswith(prefix):
            return f"{name.removeprefix(prefix)} on {self.name}"
        return f"Another coordinator is saving a long change to {self.name}"

    def announce(self, session: Session, change_id: int) -> None:
        # Sent when the transaction commits, and only then.
        session.connection().execute(
            text("SELECT pg_notify(:channel, :change)"), {"channel": NOTICE_CHANNEL, "change": str(change_id)}
        )

    def data_version(self, session: Session, own_changes: frozenset[int] = frozenset()) -> int:
        found = (
            session.connection()
            .execute(
                text(
                    "SELECT (SELECT max(id) FROM history WHERE id > :seen AND NOT change_id = ANY(:own)), "
                    "(SELECT coalesce(max(id), 0) FROM snapshot)"
                ),
                {"seen": self._others_seen, "own": sorted(own_changes)},
            )
            .one()
        )
        self._others_seen = max(self._others_seen, found[0] or 0)
        return (self._others_seen << 32) | int(found[1])

    def explain(self, error: BaseException, *, reading: bool) -> MigratorError:
        return explain(self.name, error, reading=reading)

    def listen(self, heard: Callable[[str], None]) -> Callable[[], None]:
        listener = ChangeListener(self.address, self._password, heard)
        return listener.stop

    def reopen(self) -> ServerStore:
        return open_server_store(self.address, read_only=self.read_only, password=self._password)


# ---------------------------------------------------------------- connecting


def _connect_arguments(address: ServerAddress, password: str | None) -> dict[str, Any]:
    """What SQLAlchemy's URL does not carry: the timeouts, the program's name, a password."""
    arguments = connect_arguments(address, password)
    return {
        name: arguments[name]
        for name in ("connect_timeout", "application_name", "password", *KEEPALIVES)
        if name in arguments
    }


def server_engine(address: ServerAddress, password: str | None) -> Engine:
    url = URL.create(
        "postgresql+psycopg",
        username=address.user or None,
        host=address.host or None,
        port=address.port,
        database=address.database or None,
        query={"service": address.service} if address.service else {},
    )
    return create_engine(
        url,
        connect_args=_connect_arguments(address, password),
        isolation_level="REPEATABLE READ",  # a plan is read in one consistent snapshot
        pool_pre_ping=True,  # a connection from before a server restart is replaced, not used
        pool_size=2,
    )


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0].removeprefix(
        "(psycopg.OperationalError) "
    )


def is_unreachable(error: BaseException) -> bool:
    text = str(error).lower()
    return isinstance(error, psycopg.OperationalError | DBAPIError) and any(s in text for s in _UNREACHABLE)


def explain(name: str, error: BaseException, *, reading: bool) -> MigratorError:
    """The server's or driver's ``error`` said for a person, naming the plan."""
    orig = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    state = getattr(orig, "sqlstate", None)
    done = "" if reading else "; nothing was changed"
    if state == "42501":  # insufficient_privilege
        return ReadOnlyError(
            f"Your login may only read {name}{done}. Ask whoever runs the server for an editor's role."
        )
    if state in ("40001", "40P01"):  # serialization failure, deadlock: another's change came first
        return FileBusyError(
            f"{name} was being changed by another coordinator at the same moment{done}. Try again."
        )
    if is_unreachable(orig):
        return ServerUnreachableError(
            f"The server of {name} cannot be reached ({_first_line(orig)}){done}. "
            "Migrator reconnects by itself when it is back."
        )
    if reading:
        return MigratorError(f"{name} could not be read ({_first_line(orig)}).")
    return MigratorError(f"{name}: the server refused the change ({_first_line(orig)}){done}.")


def _connection_error(address: ServerAddress, error: BaseException) -> MigratorError:
    """Why a connection could not be made, for the person opening the plan."""
    orig = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    text = str(orig).lower()
    who = address.user or "your login"
    if "no password supplied" in text:
        return PasswordNeededError(f"The server of {address.name} asks for {who}'s password.")
    if "password authentication failed" in text:
        return PasswordNeededError(f"The server of {address.name} refused {who}'s password.", refused=True)
    if "does not exist" in text and "database" in text:
        return MigrationFileError(
            f"There is no database {address.database!r} on {address.host or 'this computer'}. "
            "Check the address, or ask whoever runs the server to create it."
        )
    if "role" in text and "does not exist" in text:
        return MigratorError(f"The server of {address.name} has no login {who!r}.")
    if "no pg_hba.conf entry" in text or "permission denied" in text:
        return MigratorError(f"The server of {address.name} does not let {who} in ({_first_line(orig)}).")
    if is_unreachable(orig):
        return ServerUnreachableError(
            f"The server of {address.name} cannot be reached ({_first_line(orig)})."
        )
    return MigratorError(f"{address.name} could not be opened ({_first_line(orig)}).")


@contextmanager
def connected(address: ServerAddress, engine: Engine) -> Iterator[Connection]:
    try:
        with engine.connect() as connection:
            yield connection
    except DBAPIError as error:
        if error.connection_invalidated or isinstance(error.orig, psycopg.OperationalError):
            raise _connection_error(address, error) from None
        raise explain(address.name, error, reading=True) from None


def lock_for_writing(connection: Connection, activity: str) -> None:
    """Hold the write lock for the rest of the connection's transaction, saying what it does."""
    doing = f"{APPLICATION}: {activity}"
    connection.execute(text("SELECT set_config('application_name', :doing, true)"), {"doing": doing[:63]})
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})


def copy_rows(connection: Connection, table: Table, rows: Sequence[Sequence[Any]]) -> None:
    """Put ``rows`` (every column's value, in the table's column order) into ``table`` with COPY,
    in the connection's transaction: a whole plan's rows in a fifth of the time INSERTs take."""
    driver = connection.connection.driver_connection
    assert isinstance(driver, psycopg.Connection)
    names = [column.name for column in table.columns]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table.name), sql.SQL(", ").join(map(sql.Identifier, names))
    )
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)


def follow_ids(connection: Connection) -> None:
    """Move each table's id sequence past the ids written explicitly (a copy), so new rows
    never take one: PostgreSQL's sequences do not look at the rows."""
    from migrator.store.schema import Base

    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce(max(id), 0) + 1, false) FROM {table.name}"
                )
            )


# ---------------------------------------------------------------- the schema


def schema_revision(connection: Connection) -> str | None:
    """The plan's schema revision; None when the database holds no Migrator plan."""
    if connection.execute(text("SELECT to_regclass(:table)"), {"table": VERSION_TABLE}).scalar() is None:
        return None
    found = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    return None if found is None else str(found)


def _upgrade(connection: Connection, target: str = "head") -> None:
    from migrator.store.database import alembic_config

    command.upgrade(alembic_config(connection), target)


def _grant_to_groups(connection: Connection) -> None:
    """Editors change every table; readers read them. Roles that do not exist are skipped."""
    existing = set(
        connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname IN (:editors, :readers)"),
            {"editors": EDITORS, "readers": READERS},
        ).scalars()
    )
    if EDITORS in existing:
        connection.execute(
            text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {EDITORS}")
        )
        connection.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {EDITORS}"))
    if READERS in existing:
        connection.execute(text(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {READERS}"))


def holds_plan(connection: Connection) -> bool:
    """Whether the plan's tables hold a migration (after ``server init`` they hold none yet)."""
    return bool(connection.execute(text("SELECT EXISTS (SELECT 1 FROM migration)")).scalar())


def login(connection: Connection) -> tuple[str, bool]:
    """The login's display name (its role's comment, else its name) and whether it may change
    the plan (rather than only read it). A comment longer than history keeps of a name is cut
    there: the server would refuse every change credited to it whole."""
    from migrator.store.schema import HistoryRow

    actor, may_write = connection.execute(
        text(
            "SELECT coalesce(nullif(shobj_description(oid, 'pg_authid'), ''), rolname), "
            "has_table_privilege('workstream', 'UPDATE') FROM pg_roles WHERE rolname = current_user"
        )
    ).one()
    return str(actor)[: HistoryRow.actor.type.length], bool(may_write)


def put_one_there(address: ServerAddress) -> str:
    """How a plan gets to a database that holds none."""
    return f"Put one there with `migrator copy FILE {address}` (or File → Copy to server… in the window)."


def _other_tables(connection: Connection) -> int:
    found = connection.execute(
        text("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    ).scalar()
    return int(found or 0)


def no_plan(connection: Connection, address: ServerAddress) -> MigrationFileError:
    """The database holds no plan's tables: empty, or another program's database."""
    others = _other_tables(connection)
    if others:
        return MigrationFileError(
            f"{address.name} holds no Migrator plan but {others} other table(s): "
            "is it the right database? Check the address; nothing was changed."
        )
    return MigrationFileError(f"{address.name} holds no Migrator plan. {put_one_there(address)}")


def no_plan_yet(address: ServerAddress) -> MigrationFileError:
    """The plan's tables are there (``server init``), a plan is not."""
    return MigrationFileError(
        f"{address.name} holds no plan yet (its tables are ready). {put_one_there(address)}"
    )


def init_schema(connection: Connection, address: ServerAddress) -> None:
    """Create the plan's tables at the newest revision in an empty database (one transaction)."""
    name = address.name
    revision = schema_revision(connection)
    if revision is not None and not holds_plan(connection):
        raise MigrationFileError(
            f"{name} is already set up for a plan (schema revision {revision}) but holds none yet; "
            f"nothing was changed. {put_one_there(address)}"
        )
    if revision is not None:
        raise MigrationFileError(
            f"{name} already holds a Migrator plan (schema revision {revision}); nothing was changed."
        )
    taken = _other_tables(connection)
    if taken:
        raise MigrationFileError(
            f"{name} already holds {taken} other table(s), so Migrator will not put a plan there; "
            "nothing was changed. Use an empty database."
        )
    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
    _upgrade(connection)
    _grant_to_groups(connection)


def init_server(address: ServerAddress, *, password: str | None = None) -> None:
    """``migrator server init``: the schema in an empty database, granted to the group roles."""
    engine = server_engine(address, password)
    try:
        with connected(address, engine) as connection, connection.begin():
            try:
                init_schema(connection, address)
            except DBAPIError as error:
                raise explain(address.name, error, reading=False) from None
    finally:
        engine.dispose()


# ---------------------------------------------------------------- opening


def open_server_store(
    address: ServerAddress, *, read_only: bool = False, password: str | None = None, new: bool = False
) -> ServerStore:
    """Open the shared plan at ``address``: refused untouched when a newer Migrator wrote it,
    brought up to the newest revision (under the write lock) when an older one did. Tables that
    hold no plan yet are refused, unless ``new`` (a plan being created there)."""
    from migrator.store.database import head_revision, known_revisions

    engine = server_engine(address, password)
    try:
        with connected(address, engine) as connection:
            revision = schema_revision(connection)
            if revision is None:
                raise no_plan(connection, address)
            if revision not in known_revisions():
                raise MigrationFileError(
                    f"{address.name} was written by a newer version of Migrator (schema revision "
                    f"{revision}). Update Migrator to open it; nothing was changed."
                )
            actor, may_write = login(connection)
            connection.rollback()
            read_only = read_only or not may_write
            if revision != head_revision():
                if read_only:
                    raise MigrationFileError(
                        f"{address.name} was written by an older version of Migrator and must be "
                        "upgraded by a coordinator who may change it; nothing was changed."
                    )
                with connection.begin():
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})
                    if schema_revision(connection) != head_revision():  # not upgraded meanwhile
                        _upgrade(connection)
                        _grant_to_groups(connection)  # the tables a newer schema adds
            if not new and not holds_plan(connection):
                raise no_plan_yet(address)
            connection.rollback()
    except BaseException:
        engine.dispose()
        raise
    return ServerStore(address, engine, read_only, actor, password)


@contextmanager
def new_plan_on_server(address: ServerAddress, *, password: str | None = None) -> Iterator[ServerStore]:
    """A new plan on an empty database: the schema is created and the block fills it, all in
    the block's units of work; on failure the database is left as empty as it was."""
    init_server(address, password=password)
    store = open_server_store(address, password=password, new=True)
    try:
        yield store
    except BaseException:
        store.close()
        drop_plan(address, password=password)
        raise
    store.close()


def drop_plan(address: ServerAddress, *, password: str | None = None) -> None:
    """Remove every table of the plan (the undoing of a failed ``new_plan_on_server``)."""
    from migrator.store.schema import Base

    engine = server_engine(address, password)
    try:
        with engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(text(f"DROP TABLE IF EXISTS {VERSION_TABLE}"))
            connection.execute(text("DROP FUNCTION IF EXISTS snapshot_never_changes()"))
    finally:
        engine.dispose()


# ---------------------------------------------------------------- notices


class ChangeListener:
    """Hears other coordinators' commits on a connection of its own, in a thread of its own.

    ``heard`` gets "change" for each notice, "lost" when the server goes away and "back" when
    it is reachable again (notices are not kept by the server: the listener's owner then reads
    history from the last change it saw). Reconnects with back-off, from half a second to 5 s:
    the banner goes soon after the server is back, and a try every 5 s costs a down server nothing.
    """

    PING_EVERY_S = 2.0  # a cut network is noticed by a query, not by a silent socket
    WAKE_EVERY_S = 0.2  # how soon stop() is heard: a window closing the plan waits this long at most

    def __init__(self, address: ServerAddress, password: str | None, heard: Callable[[str], None]) -> None:
        self._address = address
        self._password = password
        self._heard = heard
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="plan-notices", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=5)

    def _connect(self) -> psycopg.Connection[Any]:
        return psycopg.connect(autocommit=True, **connect_arguments(self._address, self._password))

    def _run(self) -> None:
        delay, lost = 0.5, False
        while not self._stopped.is_set():
            try:
                with self._connect() as connection:
                    connection.execute(f"LISTEN {NOTICE_CHANNEL}")
                    if lost:
                        self._heard("back")
                    delay, lost = 0.5, False
                    self._listen(connection)
            except psycopg.Error:
                if self._stopped.is_set():
                    return
                if not lost:
                    self._heard("lost")
                lost = True
                self._stopped.wait(delay)
                delay = min(delay * 2, RECONNECT_AT_MOST_S)

    def _listen(self, connection: psycopg.Connection[Any]) -> None:
        quiet_since = time.monotonic()
        while not self._stopped.is_set():
            for _ in connection.notifies(timeout=self.WAKE_EVERY_S):
                quiet_since = time.monotonic()
                if not self._stopped.is_set():
                    self._heard("change")
            if time.monotonic() - quiet_since >= self.PING_EVERY_S and not self._stopped.is_set():
                connection.execute("SELECT 1")
                quiet_since = time.monotonic()
