"""A copy into a place that already holds a plan is refused as PlanExistsError (the window asks
whether to replace it), changes nothing there, and goes ahead when told to replace; a login that
may edit the plan but not own it is told copying takes the owner's rights."""

from __future__ import annotations

from pathlib import Path

import pytest
from psycopg import sql

from migrator.domain.errors import MigratorError, PlanExistsError
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.services.sharing import copy_plan
from tests.support.postgres import ThrowawayCluster


def _titles(place: Path | ServerAddress) -> dict[str, str]:
    with MigrationService.open(place, read_only=True) as service:
        return {w.key: w.title for w in service.workstreams()}


def test_a_server_holding_a_plan_is_refused_as_taken_until_replace_is_asked(
    demo_file: Path, server_url: str, tmp_path: Path
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    with MigrationService.open(address) as service:
        ledger = service.workstream_by_key("BNK-1")
        service.update_workstream(ledger.id, {"title": "Changed on the server"})

    with pytest.raises(PlanExistsError, match="already holds a plan; nothing was changed"):
        copy_plan(demo_file, address)
    assert _titles(address)["BNK-1"] == "Changed on the server"

    copy_plan(demo_file, address, replace=True)
    assert _titles(address) == _titles(demo_file)


def test_a_file_in_the_way_is_refused_as_taken_until_replace_is_asked(
    demo_file: Path, server_url: str, tmp_path: Path
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    in_the_way = tmp_path / "mine.migrator"
    in_the_way.write_bytes(b"not yet a plan")

    with pytest.raises(PlanExistsError, match="already holds a file; nothing was changed"):
        copy_plan(address, in_the_way)
    assert in_the_way.read_bytes() == b"not yet a plan"

    copy_plan(address, in_the_way, replace=True)
    assert _titles(in_the_way) == _titles(demo_file)


def test_an_editors_login_is_told_a_copy_onto_the_server_takes_the_owners_rights(
    demo_file: Path, server_url: str, postgres_cluster: ThrowawayCluster
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    with MigrationService.open(address) as service:
        before = service.last_history_id()
    editor = sql.Identifier("copying_editor")
    postgres_cluster.run_sql(sql.SQL("CREATE ROLE {} LOGIN").format(editor))
    try:
        for grant in (
            "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}",
            "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}",
        ):
            postgres_cluster.run_sql(sql.SQL(grant).format(editor), database=address.database)

        with pytest.raises(MigratorError) as refused:
            copy_plan(demo_file, address.with_user("copying_editor"), replace=True)

        assert str(refused.value) == (
            f"Your login may not copy a plan onto {address.name}; nothing was changed. Copying a whole "
            "plan there takes the rights of the database's owner: ask whoever runs the server."
        )
        with MigrationService.open(address) as service:
            assert service.last_history_id() == before
    finally:
        postgres_cluster.run_sql(sql.SQL("DROP OWNED BY {}").format(editor), database=address.database)
        postgres_cluster.run_sql(sql.SQL("DROP ROLE {}").format(editor))
