"""A database set up for a shared plan (``migrator server init``) that holds none yet is said so,
with how to put one there, when opened or set up again; creating a plan there still works."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain.errors import MigrationFileError
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService, NewMigration
from migrator.services.sharing import init_server


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
        f"{address.database} on 127.0.0.1 is already set up for a plan (schema revision r0005) but "
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
