"""A database that holds no plan: one set up for a shared plan (``migrator server init``) that
holds none yet is said so, with how to put one there, when opened or set up again (creating a plan
there still works); another program's database is named as possibly the wrong one; and a copy
over a plan a newer Migrator wrote is refused as newer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from migrator.domain.errors import MigrationFileError
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService, NewMigration
from migrator.services.sharing import copy_plan, init_server

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster


def test_tables_without_a_plan_are_refused_on_open_with_how_to_put_one_there(server_url: str) -> None:
    address = ServerAddress.parse(server_url)
    init_server(address)

    with pytest.raises(MigrationFileError) as refused:
        MigrationService.open(address)

    assert str(refused.value) == (
        f"{address.database} on 127.0.0.1 holds no plan yet (its tables are ready). Put one there with "
        f"`migrator copy FILE {server_url}` (or File → Copy to server… in the window)."
    )


def test_setting_up_the_same_database_again_says_it_holds_no_plan_yet(server_url: str) -> None:
    address = ServerAddress.parse(server_url)
    init_server(address)

    with pytest.raises(MigrationFileError) as refused:
        init_server(address)

    assert str(refused.value) == (
        f"{address.database} on 127.0.0.1 is already set up for a plan (schema revision r0008) but "
        f"holds none yet; nothing was changed. Put one there with `migrator copy FILE {server_url}` "
        "(or File → Copy to server… in the window)."
    )


def test_a_plan_created_on_an_empty_database_opens(server_url: str) -> None:
    new = NewMigration("Card fleet replacement", date(2027, 1, 4), date(2027, 6, 30))
    with MigrationService.create(server_url, new) as created:
        assert created.migration().name == "Card fleet replacement"
    with pytest.raises(MigrationFileError, match="already holds a Migrator plan"):
        init_server(ServerAddress.parse(server_url))
    with MigrationService.open(server_url) as opened:
        assert opened.migration().target_go_live == date(2027, 6, 30)


def test_another_programs_database_is_named_as_possibly_the_wrong_one_and_left_alone(
    server_url: str, postgres_cluster: ThrowawayCluster
) -> None:
    address = ServerAddress.parse(server_url)
    postgres_cluster.run_sql("CREATE TABLE invoices (id integer PRIMARY KEY)", address.database)

    with pytest.raises(MigrationFileError) as refused:
        MigrationService.open(address)

    assert str(refused.value) == (
        f"{address.database} on 127.0.0.1 holds no Migrator plan but 1 other table(s): "
        "is it the right database? Check the address; nothing was changed."
    )
    tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
    assert postgres_cluster.run_sql(tables, address.database) == [("invoices",)]


def test_a_copy_over_a_plan_a_newer_migrator_wrote_is_refused_as_newer_and_changes_nothing(
    demo_file: Path, server_url: str, postgres_cluster: ThrowawayCluster
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    postgres_cluster.run_sql("UPDATE schema_revision SET version_num = 'r9999'", address.database)
    postgres_cluster.run_sql("DELETE FROM workstream WHERE key = 'BNK-1'", address.database)

    for replace in (False, True):
        with pytest.raises(MigrationFileError) as refused:
            copy_plan(demo_file, address, replace=replace)
        assert str(refused.value) == (
            f"{address.database} on 127.0.0.1 holds a plan written by a newer version of Migrator "
            "(schema revision r9999); nothing was changed. Update Migrator to copy over it."
        )

    assert postgres_cluster.run_sql("SELECT count(*) FROM workstream", address.database) == [(87,)]
