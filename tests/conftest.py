"""Shared fixtures: a fresh migration file per test, a fixed clock, no real user data, the
demo migration written once per run and copied for each test that uses it, and a throwaway
PostgreSQL server, started on the first test that asks for it, with an empty database per test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# Qt tests run headless everywhere (set before any Qt import).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from migrator.services import MigrationService, NewMigration
from migrator.services.demo import write_demo

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster

AS_OF = date(2027, 3, 1)


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never touch the user's real data folder (demo file, crash log)."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("MIGRATOR_DATA_DIR", str(folder))
    monkeypatch.delenv("MIGRATOR_USER", raising=False)  # whoever runs the tests is not in them
    return folder


@pytest.fixture
def service(tmp_path: Path) -> Iterator[MigrationService]:
    """An empty migration file (starts 2027-01-04, target go-live 2027-06-30)."""
    svc = MigrationService.create(
        tmp_path / "plan.migrator",
        NewMigration("Card fleet replacement", date(2027, 1, 4), date(2027, 6, 30)),
        actor="tester",
        today=lambda: AS_OF,
        now=lambda: datetime(2027, 3, 1, 9, 30),
    )
    yield svc
    svc.close()


@pytest.fixture(scope="session")
def session_demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo migration as of AS_OF, written once per run; never opened: tests get copies."""
    with pytest.MonkeyPatch.context() as patch:  # the function-scoped private folder is not set yet
        patch.setenv("MIGRATOR_DATA_DIR", str(tmp_path_factory.mktemp("demo-data")))
        return write_demo(tmp_path_factory.mktemp("demo") / "demo.migrator", AS_OF)


def copy_of_demo(session_demo_file: Path, folder: Path) -> Path:
    """A copy of the demo as ``folder``/demo.migrator, as write_demo would have left it there."""
    return Path(shutil.copyfile(session_demo_file, folder / "demo.migrator"))


@pytest.fixture
def demo_file(session_demo_file: Path, tmp_path: Path) -> Path:
    """This test's own demo migration as of AS_OF (written by "Product Ops"), free to change."""
    return copy_of_demo(session_demo_file, tmp_path)


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[ThrowawayCluster]:
    """A PostgreSQL server of this run's own, started when a test first asks for it (about a second)
    and stopped at the end of the run. Without PostgreSQL installed, tests that use it fail with how
    to install it: they never skip."""
    from tests.support.postgres import ThrowawayCluster  # with psycopg (0.15 s): only when needed

    cluster = ThrowawayCluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def server_url(postgres_cluster: ThrowawayCluster) -> Iterator[str]:
    """The URL of a new empty database of this test's own on the run's server
    (``postgresql://postgres@127.0.0.1:PORT/test_...``), dropped after the test even if it left
    connections open."""
    url = postgres_cluster.create_database()
    yield url
    postgres_cluster.drop_database(url)
