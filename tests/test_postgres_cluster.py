"""The throwaway PostgreSQL server the suite starts itself (tests/support/postgres.py), checked for
what tests of shared plans rely on: a URL that connects, a database of each test's own, a server
that can be made to go away and come back, and no server process running as root."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from tests.support.postgres import PostgresNotInstalledError, ThrowawayCluster, find_server_programs

USER_TABLES = (
    "SELECT table_name FROM information_schema.tables "
    "WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
)


def user_tables(url: str) -> list[str]:
    with psycopg.connect(url) as connection:
        return [name for (name,) in connection.execute(USER_TABLES)]


def test_the_url_connects_and_answers_a_query(server_url: str, postgres_cluster: ThrowawayCluster) -> None:
    parts = urlsplit(server_url)
    assert (parts.scheme, parts.username, parts.hostname, parts.port) == (
        "postgresql",
        "postgres",
        "127.0.0.1",
        postgres_cluster.port,
    )
    with psycopg.connect(server_url) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)
        assert connection.execute("SHOW server_encoding").fetchone() == ("UTF8",)


def test_each_database_is_new_empty_and_separate(server_url: str, postgres_cluster: ThrowawayCluster) -> None:
    other_url = postgres_cluster.create_database()
    try:
        assert other_url != server_url
        assert user_tables(server_url) == []
        assert user_tables(other_url) == []

        with psycopg.connect(server_url) as connection:
            connection.execute("CREATE TABLE plan (id integer PRIMARY KEY)")

        assert user_tables(server_url) == ["plan"]
        assert user_tables(other_url) == []
    finally:
        postgres_cluster.drop_database(other_url)


def test_dropping_a_database_cuts_off_connections_left_open(postgres_cluster: ThrowawayCluster) -> None:
    url = postgres_cluster.create_database()
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url) as left_open:
        postgres_cluster.drop_database(url)

        still_there = sql.SQL("SELECT 1 FROM pg_database WHERE datname = {}").format(sql.Literal(name))
        assert postgres_cluster.run_sql(still_there) == []
        with pytest.raises(psycopg.OperationalError):
            left_open.execute("SELECT 1")


def test_a_restart_cuts_off_open_connections_and_keeps_the_data(
    server_url: str, postgres_cluster: ThrowawayCluster
) -> None:
    with psycopg.connect(server_url, autocommit=True) as before:
        before.execute("CREATE TABLE plan (id integer PRIMARY KEY)")
        before.execute("INSERT INTO plan VALUES (1)")
        port = postgres_cluster.port

        postgres_cluster.restart()

        with pytest.raises(psycopg.OperationalError):
            before.execute("SELECT 1")
    assert postgres_cluster.port == port
    with psycopg.connect(server_url) as after:
        assert after.execute("SELECT id FROM plan").fetchall() == [(1,)]


def test_a_login_of_its_own_reads_or_changes_and_may_need_a_password(
    server_url: str, postgres_cluster: ThrowawayCluster
) -> None:
    database = urlsplit(server_url).path.lstrip("/")
    with psycopg.connect(server_url, autocommit=True) as owner:
        owner.execute("CREATE TABLE plan (id integer PRIMARY KEY)")
    reader = postgres_cluster.add_login(database, may_change=False, display_name="Rita Reader")
    editor = postgres_cluster.add_login(database, password="s3cret")

    with psycopg.connect(reader) as connection:
        assert connection.execute("SELECT count(*) FROM plan").fetchone() == (0,)
        comment = "SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = current_user"
        assert connection.execute(comment).fetchone() == ("Rita Reader",)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            connection.execute("INSERT INTO plan VALUES (1)")
    with pytest.raises(psycopg.OperationalError, match="no password supplied"):
        psycopg.connect(editor, connect_timeout=5)
    with psycopg.connect(editor, password="s3cret") as connection:
        connection.execute("INSERT INTO plan VALUES (1)")
    with psycopg.connect(server_url) as trusted:  # the others are still let in without one
        assert trusted.execute("SELECT id FROM plan").fetchall() == [(1,)]


def test_a_stopped_server_refuses_connections_until_the_block_ends(
    server_url: str, postgres_cluster: ThrowawayCluster
) -> None:
    with psycopg.connect(server_url, autocommit=True) as before:
        before.execute("CREATE TABLE plan (id integer PRIMARY KEY)")
        with postgres_cluster.stopped():
            with pytest.raises(psycopg.OperationalError):
                before.execute("SELECT 1")
            with pytest.raises(psycopg.OperationalError):
                psycopg.connect(server_url, connect_timeout=5)
    with psycopg.connect(server_url) as after:
        assert after.execute("SELECT count(*) FROM plan").fetchall() == [(0,)]


def test_the_server_does_not_run_as_root(server_url: str) -> None:
    with psycopg.connect(server_url) as connection:
        row = connection.execute("SELECT current_setting('data_directory'), pg_backend_pid()").fetchone()
        assert row is not None
        data_directory, backend_pid = row
        owners = {"postmaster.pid": (Path(data_directory) / "postmaster.pid").stat().st_uid}
        if Path("/proc").is_dir():  # Linux: the process serving this (still open) connection
            owners["backend process"] = Path(f"/proc/{backend_pid}").stat().st_uid
    if os.geteuid() == 0:
        assert all(uid != 0 for uid in owners.values()), owners
    else:  # started directly, as whoever runs the tests
        assert set(owners.values()) == {os.geteuid()}, owners


def test_stop_ends_the_server_and_removes_its_folder() -> None:
    cluster = ThrowawayCluster.start()
    url = cluster.url("postgres")
    with psycopg.connect(url) as connection:
        connection.execute("SELECT 1")

    cluster.stop()

    assert not cluster.folder.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(url, connect_timeout=5)


def test_missing_server_programs_fail_with_how_to_install_them(tmp_path: Path) -> None:
    with pytest.raises(PostgresNotInstalledError) as missing:
        find_server_programs(search_path=str(tmp_path), versioned_folders=[str(tmp_path / "*" / "bin")])

    assert "sudo apt-get install postgresql" in str(missing.value)
    assert "brew install postgresql" in str(missing.value)


def test_the_newest_debian_version_is_chosen_when_none_is_on_path(tmp_path: Path) -> None:
    for version in ("9.6", "15", "13"):
        programs = tmp_path / "postgresql" / version / "bin"
        programs.mkdir(parents=True)
        for name in ("initdb", "pg_ctl", "postgres"):
            (programs / name).touch(mode=0o755)
    (tmp_path / "postgresql" / "16" / "bin").mkdir(parents=True)  # a leftover without its programs

    found = find_server_programs(
        search_path=str(tmp_path / "empty"), versioned_folders=[str(tmp_path / "postgresql" / "*" / "bin")]
    )

    assert found == tmp_path / "postgresql" / "15" / "bin"
