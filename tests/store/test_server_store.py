"""What only a shared plan's store does, tried on the test server: its schema, its refusals and
the values PostgreSQL holds to rules a file does not (who, snapshots, a newer Migrator's plan)."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from typing import Any

import psycopg
import pytest
import sqlalchemy

from migrator.domain.errors import FileBusyError, MigrationFileError
from migrator.domain.places import Place, ServerAddress
from migrator.services import MigrationService, NewMigration
from migrator.services.reporting import take_baseline
from migrator.store import database
from migrator.store.plan_reader import StoredPlan
from tests.conftest import AS_OF, Coordinators
from tests.support import engines
from tests.support.postgres import ThrowawayCluster

pytestmark = pytest.mark.server_only


def _url(place: Place) -> str:
    assert isinstance(place, ServerAddress)
    return str(place)


def test_models_and_revisions_agree_on_the_server(service: MigrationService) -> None:
    assert database.schema_differences(service.store) == []


def test_a_snapshot_is_never_changed_afterwards(service: MigrationService) -> None:
    take_baseline(service, as_of=AS_OF)
    with (
        psycopg.connect(_url(service.place)) as connection,
        pytest.raises(psycopg.errors.RaiseException, match="snapshots are never changed"),
    ):
        connection.execute("UPDATE snapshot SET label = 'rewritten'")


def test_a_damaged_snapshot_is_said_damaged(service: MigrationService) -> None:
    take_baseline(service, as_of=AS_OF)
    with psycopg.connect(_url(service.place)) as connection:
        connection.execute("ALTER TABLE snapshot DISABLE TRIGGER ALL")
        connection.execute("UPDATE snapshot SET state = '\\x00112233'::bytea")
    with pytest.raises(MigrationFileError, match="damaged"):
        service.snapshot(1)


def test_a_plan_whose_making_fails_leaves_the_database_empty(new_place: Place) -> None:
    def fail(_: MigrationService) -> None:
        raise RuntimeError("populating failed")

    with pytest.raises(RuntimeError, match="populating failed"):
        MigrationService.create(new_place, NewMigration("New", date(2027, 1, 4)), populate=fail)
    with psycopg.connect(_url(new_place)) as connection:
        tables = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
    assert tables == (0,)


def test_a_plan_a_newer_migrator_wrote_is_refused_untouched(service: MigrationService) -> None:
    service.close()
    with psycopg.connect(_url(service.place)) as connection:
        connection.execute("UPDATE schema_revision SET version_num = 'r9999'")
    with pytest.raises(MigrationFileError, match=r"newer version of Migrator \(schema revision r9999\)"):
        MigrationService.open(service.place)
    with psycopg.connect(_url(service.place)) as connection:
        assert connection.execute("SELECT version_num FROM schema_revision").fetchall() == [("r9999",)]


def test_a_login_whose_display_name_is_longer_than_history_keeps_is_credited_with_its_start(
    service: MigrationService, postgres_cluster: ThrowawayCluster
) -> None:
    long_name = "Ana Ruiz, " + "coordinator of the card fleet replacement programme, " * 5
    engines.login_role(postgres_cluster, "ana_long", display_name=long_name)
    place = service.place
    assert isinstance(place, ServerAddress)
    with MigrationService.open(place.with_user("ana_long")) as ana:
        team = ana.create_team("Banking", "BNK")
    [entry] = service.history("team", team)
    assert entry.actor == long_name[:200]


# ---------------------------------------------------------------- a plan read on two connections


@pytest.fixture
def linked(service: MigrationService) -> dict[str, int]:
    """Banking's BNK-1 → BNK-2 → BNK-3 (by key, their ids), BNK-1 → BNK-2 linked."""
    team = service.create_team("Banking", "BNK")
    ws = {
        f"BNK-{n}": service.create_workstream(title, team, planned_due=date(2027, 3, 31))
        for n, title in ((1, "Ledger"), (2, "Cards"), (3, "Branches"))
    }
    service.add_dependency(ws["BNK-1"], ws["BNK-2"])
    return ws


@pytest.fixture
def ben(service: MigrationService, linked: dict[str, int], coordinators: Coordinators) -> MigrationService:
    """Ben Okafor's own client on the linked plan."""
    return coordinators(service.place, "Ben Okafor")


def _links(plan: StoredPlan) -> list[tuple[str, str]]:
    return [(d.predecessor_key, d.successor_key) for d in plan.dependencies]


def _database(place: Place) -> str:
    return _url(place).rsplit("/", 1)[-1]


def test_a_plan_read_while_another_coordinator_saves_shows_one_moment(
    service: MigrationService, linked: dict[str, int], ben: MigrationService, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The links and the history are read on a second connection while the first builds the
    # workstreams. Ben saves after the read began and before that connection starts: the read
    # shows the plan as it was when it began, on both connections.
    engine = service.store.engine
    connect = engine.raw_connection
    connections_beside = []

    def ben_saves_first() -> Any:
        if threading.current_thread() is threading.main_thread():  # the read's own connection
            return connect()
        ben.add_dependency(linked["BNK-2"], linked["BNK-3"])
        ben.update_workstream(linked["BNK-3"], {"progress": 30})
        connections_beside.append(connect())
        return connections_beside[-1]

    monkeypatch.setattr(engine, "raw_connection", ben_saves_first)
    before = service.read_plan()
    assert len(connections_beside) == 1  # the read did use a second connection
    assert _links(before) == [("BNK-1", "BNK-2")]
    assert [w.progress for w in before.workstreams] == [0, 0, 0]
    assert before.last_updates[linked["BNK-3"]] == datetime(2027, 3, 1, 9, 30)  # the tester's, not Ben's

    after = service.read_plan()
    assert _links(after) == [("BNK-1", "BNK-2"), ("BNK-2", "BNK-3")]
    assert [w.progress for w in after.workstreams] == [0, 0, 30]
    assert after.last_updates[linked["BNK-3"]] == datetime(2027, 3, 1, 14, 2)


def test_a_login_allowed_one_connection_still_reads_its_plan_on_it(
    service: MigrationService,
    linked: dict[str, int],
    coordinators: Coordinators,
    postgres_cluster: ThrowawayCluster,
) -> None:
    # The server refuses the read's second connection: the one the plan is open on reads it all.
    una = coordinators(service.place, "Una Single")
    postgres_cluster.run_sql("ALTER ROLE una_single CONNECTION LIMIT 1")
    try:
        una.store.engine.dispose()  # no connection kept from opening
        with (
            pytest.raises(sqlalchemy.exc.OperationalError, match="too many connections for role"),
            una.store.engine.connect(),
            una.store.engine.connect(),
        ):
            pass
        plan = una.read_plan()
    finally:
        postgres_cluster.run_sql("ALTER ROLE una_single CONNECTION LIMIT -1")
    assert _links(plan) == [("BNK-1", "BNK-2")]
    assert [w.key for w in plan.workstreams] == ["BNK-1", "BNK-2", "BNK-3"]
    assert set(plan.last_updates) == set(linked.values())


def test_the_reads_second_connection_is_closed_once_the_plan_is_read(
    ben: MigrationService, postgres_cluster: ThrowawayCluster
) -> None:
    assert _links(ben.read_plan()) == [("BNK-1", "BNK-2")]
    assert ben.read_plan() == ben.read_plan()  # each read opens it anew
    connected = "SELECT count(*) FROM pg_stat_activity WHERE usename = 'ben_okafor'"
    deadline = time.monotonic() + 5
    while postgres_cluster.run_sql(connected) != [(1,)] and time.monotonic() < deadline:
        time.sleep(0.05)  # a server process ends a moment after its client has gone
    assert postgres_cluster.run_sql(connected) == [(1,)]  # the plan's own connection only


def test_a_login_that_may_not_export_snapshots_reads_its_plan_on_one_connection(
    ben: MigrationService, postgres_cluster: ThrowawayCluster
) -> None:
    database = _database(ben.place)
    postgres_cluster.run_sql("REVOKE EXECUTE ON FUNCTION pg_export_snapshot() FROM PUBLIC", database)
    try:
        plan = ben.read_plan()
    finally:
        postgres_cluster.run_sql("GRANT EXECUTE ON FUNCTION pg_export_snapshot() TO PUBLIC", database)
    assert _links(plan) == [("BNK-1", "BNK-2")]
    assert [w.key for w in plan.workstreams] == ["BNK-1", "BNK-2", "BNK-3"]


def test_a_schema_change_locking_the_tables_during_a_read_is_never_a_wait_the_server_cannot_see(
    service: MigrationService, ben: MigrationService, postgres_cluster: ThrowawayCluster
) -> None:
    # A program changing the schema locks the links, then the workstreams, which the read holds
    # (shared) by then, while the read's second connection waits for the links. Were the second
    # connection to wait on, nothing would end it: the read's thread waits for it, outside the
    # server's sight. It gives up instead, the read asks for the links itself, and the server
    # finds the deadlock at once: one of the two is refused, and the other goes on.
    database = _database(service.place)
    locks = (
        "SELECT count(*) FILTER (WHERE c.relname = 'dependency' AND NOT l.granted), "
        "count(*) FILTER (WHERE c.relname = 'workstream' AND l.granted AND l.mode = 'AccessShareLock') "
        "FROM pg_locks AS l JOIN pg_class AS c ON c.oid = l.relation JOIN pg_stat_activity AS a "
        "ON a.pid = l.pid WHERE a.usename = 'ben_okafor'"
    )
    locker_said: list[str] = []

    def change_the_schema() -> None:
        with psycopg.connect(_url(service.place)) as connection:
            connection.execute("SET lock_timeout = '20s'")  # far beyond the server's detection
            connection.execute("LOCK TABLE dependency IN ACCESS EXCLUSIVE MODE")
            locked.set()
            deadline = time.monotonic() + 10
            while postgres_cluster.run_sql(locks, database) != [(1, 1)] and time.monotonic() < deadline:
                time.sleep(0.01)  # until the read holds the workstreams and waits for the links
            try:
                connection.execute("LOCK TABLE workstream IN ACCESS EXCLUSIVE MODE")
                locker_said.append("locked")
            except psycopg.Error as error:
                locker_said.append(type(error).__name__)
            connection.rollback()

    locked = threading.Event()
    locker = threading.Thread(target=change_the_schema)
    locker.start()
    assert locked.wait(10)
    try:
        read: StoredPlan | FileBusyError = ben.read_plan()
    except FileBusyError as refused:
        read = refused
    locker.join()
    if isinstance(read, FileBusyError):  # the read was the one refused, said in words
        assert locker_said == ["locked"]
        assert "was being changed by another coordinator at the same moment" in str(read)
    else:
        assert locker_said == ["DeadlockDetected"]
        assert _links(read) == [("BNK-1", "BNK-2")]
