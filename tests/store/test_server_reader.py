"""The quick read of a shared plan: the same plan the service reads, with psycopg alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.services.opening import read_current_server
from migrator.services.sharing import copy_plan
from tests.support.postgres import ThrowawayCluster


def test_a_shared_plan_reads_as_the_file_it_was_copied_from(demo_file: Path, server_url: str) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    with MigrationService.open(demo_file) as service:
        from_file = service.read_plan()

    quick = read_current_server(address)

    assert quick is not None
    assert quick.migration.name == "Card fleet replacement: prepaid to debit"
    assert len(quick.workstreams) == 88
    assert quick == from_file


def test_a_database_without_a_plan_is_left_to_the_full_open(server_url: str) -> None:
    assert read_current_server(ServerAddress.parse(server_url)) is None


def test_a_login_that_may_only_read_is_left_to_the_full_open(
    demo_file: Path, server_url: str, postgres_cluster: ThrowawayCluster
) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    postgres_cluster.run_sql("CREATE ROLE quick_reader LOGIN")
    try:
        postgres_cluster.run_sql(
            "GRANT SELECT ON ALL TABLES IN SCHEMA public TO quick_reader", database=address.database
        )
        assert read_current_server(address.with_user("quick_reader")) is None
    finally:
        postgres_cluster.run_sql(
            "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM quick_reader", database=address.database
        )
        postgres_cluster.run_sql("DROP ROLE quick_reader")


def test_a_server_that_cannot_be_reached_is_left_to_the_full_open() -> None:
    assert read_current_server(ServerAddress(database="plan", host="127.0.0.1", port=1)) is None


def test_the_quick_read_does_not_load_sqlalchemy(demo_file: Path, server_url: str) -> None:
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    script = (
        "import sys\n"
        "from migrator.domain.places import ServerAddress\n"
        "from migrator.services.opening import read_current_server\n"
        f"plan = read_current_server(ServerAddress.parse({server_url!r}))\n"
        "print(len(plan.workstreams), 'sqlalchemy' in sys.modules)\n"
    )
    shown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert shown.stdout.split() == ["88", "False"]
