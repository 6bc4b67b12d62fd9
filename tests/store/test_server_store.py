"""What only a shared plan's store does, tried on the test server: its schema, its refusals and
the values PostgreSQL holds to rules a file does not (who, snapshots, a newer Migrator's plan)."""

from __future__ import annotations

from datetime import date

import psycopg
import pytest

from migrator.domain.errors import MigrationFileError
from migrator.domain.places import Place, ServerAddress
from migrator.services import MigrationService, NewMigration
from migrator.services.reporting import take_baseline
from migrator.store import database
from tests.conftest import AS_OF
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
