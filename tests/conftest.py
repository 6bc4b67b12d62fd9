"""Shared fixtures: a fresh migration per test, a fixed clock, no real user data, the demo
migration written once per run and copied for each test that uses it, and a throwaway
PostgreSQL server, started on the first test that asks for it, with an empty database per test.

A plan lives in a file or on a server, and the store and service tests, and the undo tests, run
on both: their ``service``, ``new_place`` and ``demo_place`` hold the plan on the ``engine`` each
run is for (``test_...[file]``, ``test_...[server]``). A test about what only files have (pages,
journals, permissions, upgrades of old files, the quick open) is marked ``file_only``; one about
what only a server has (notices, roles, a restart) ``server_only``.
"""

from __future__ import annotations

import gc
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pytest

# Qt tests run headless everywhere (set before any Qt import).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from migrator.domain.places import Place, ServerAddress
from migrator.services import MigrationService, NewMigration
from migrator.services.demo import write_demo
from migrator.ui.collector import collect_if_due

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster

AS_OF = date(2027, 3, 1)

# Where a plan lives in a test: the ids of the runs of a test on both engines.
ENGINES = ("file", "server")
# Test folders whose tests run on both engines (relative to tests/), unless marked file_only.
BOTH_ENGINES = ("store", "services", "ui/document")
TESTS = Path(__file__).parent


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "file_only: about what only a migration file has; runs on the file engine alone"
    )
    config.addinivalue_line(
        "markers", "server_only: about what only a shared plan has; runs on the server engine alone"
    )


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run each test of the BOTH_ENGINES folders that uses a plan once per engine."""
    if "engine" not in metafunc.fixturenames or metafunc.definition.get_closest_marker("file_only"):
        return
    folder = Path(metafunc.definition.path).parent.relative_to(TESTS).as_posix()
    if metafunc.definition.get_closest_marker("server_only"):
        engines: tuple[str, ...] = ("server",)
    elif any(folder == both or folder.startswith(f"{both}/") for both in BOTH_ENGINES):
        engines = ENGINES
    else:
        return
    # Module-wide, so a module's own shared plan (a demo read by many tests) is made once per engine.
    metafunc.parametrize("engine", engines, indirect=True, scope="module")


@pytest.fixture(scope="session", autouse=True)
def collector_on_the_main_thread() -> Iterator[None]:
    """As in the app (migrator.ui.collector): no automatic collections, which run in whichever
    thread allocates (an analysis worker freeing a test's Qt objects hung a run)."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def collect_after_each_test(collector_on_the_main_thread: None) -> Iterator[None]:
    """Each test ends with the collection the automatic collector would have made, on this thread."""
    yield
    collect_if_due()


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Tests never touch the user's real data folder (demo file, crash log)."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("MIGRATOR_DATA_DIR", str(folder))
    monkeypatch.delenv("MIGRATOR_USER", raising=False)  # whoever runs the tests is not in them
    return folder


@pytest.fixture(scope="module")
def engine(request: pytest.FixtureRequest) -> str:
    """Where this run's plans live: "file" or "server" (a shared plan on the run's PostgreSQL
    server). Tests in BOTH_ENGINES run once with each; elsewhere plans are files."""
    return str(getattr(request, "param", "file"))


# What a place made by ``places`` holds: (what, how to make it), or None for nothing.
Holding = tuple[str, Callable[[Place], object]] | None


class Places(Protocol):
    """Gives a new empty place for a plan on the test's engine (see the ``places`` fixture)."""

    def __call__(self, name: str, *, user: str = "tester", holding: Holding = None) -> Place: ...


@pytest.fixture
def places(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Places]:
    """Gives new empty places for plans on this run's engine: ``places("plan")`` is
    tmp_path/plan.migrator for a file, or a new empty database on the test server for a shared
    plan, reached as the login role ``user`` ("tester"), which owns it and whose name history
    credits; the databases are dropped after the test. With ``holding=(what, make)`` the place
    holds what ``make`` puts in an empty one; on a server ``make`` runs once per run and its
    database is copied for each test (a template), so ``what`` must name all it puts there."""
    if engine == "file":

        def new_file(name: str, *, user: str = "tester", holding: Holding = None) -> Place:
            path = tmp_path / f"{name}.migrator"
            if holding is not None:
                holding[1](path)
            return path

        yield new_file
        return
    from tests.support import engines

    cluster: ThrowawayCluster = request.getfixturevalue("postgres_cluster")
    made: list[str] = []

    def new(_name: str, *, user: str = engines.TESTER, holding: Holding = None) -> Place:
        engines.login_role(cluster, user)
        if holding is None:
            made.append(engines.new_database(cluster, owner=user))
        else:
            made.append(engines.database_holding(cluster, holding[0], holding[1], owner=user))
        return engines.address(cluster, made[-1], user)

    yield new
    for database in made:
        engines.drop(cluster, database)


@pytest.fixture
def new_place(places: Places) -> Place:
    """An empty place for a new plan: tmp_path/plan.migrator, or a new empty database."""
    return places("plan")


def _empty_migration(place: Place) -> None:
    """The migration the ``service`` fixture gives, made by the tester at 09:30 on AS_OF."""
    MigrationService.create(
        place,
        NewMigration("Card fleet replacement", date(2027, 1, 4), date(2027, 6, 30)),
        actor="tester",
        today=lambda: AS_OF,
        now=lambda: datetime(2027, 3, 1, 9, 30),
    ).close()


@pytest.fixture
def service(places: Places) -> Iterator[MigrationService]:
    """An empty migration (starts 2027-01-04, target go-live 2027-06-30) the tester made on AS_OF
    at 09:30, in a file or on a server (there made once per run and copied), open for them."""
    place = places("plan", holding=("the empty migration", _empty_migration))
    svc = MigrationService.open(
        place, actor="tester", today=lambda: AS_OF, now=lambda: datetime(2027, 3, 1, 9, 30)
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


def changed_by(engine: str) -> str:
    """How a refused edit names whoever changed the row since: another window on a file, another
    coordinator on a server ("BNK-1 was changed [in another window ]by Ana at 14:02: ...")."""
    return "was changed in another window by" if engine == "file" else "was changed by"


class Coordinators(Protocol):
    """Opens a plan as another coordinator (see the ``coordinators`` fixture)."""

    def __call__(
        self, place: Place, name: str, *, at: datetime = ..., reader: bool = False
    ) -> MigrationService: ...


def role_of(name: str) -> str:
    """The login role a coordinator called ``name`` has on the test server: "Ana Ruiz" is ana_ruiz."""
    return name.lower().replace(" ", "_")


@pytest.fixture
def coordinators(request: pytest.FixtureRequest) -> Iterator[Coordinators]:
    """Opens the plan at a place as coordinator ``name`` whose clock says ``at`` (14:02 on the
    as-of day): in a file, a service whose edits are credited to ``name``; on a server, the login
    role role_of(name) with ``name`` as its display name (with ``reader``, one that may only read).
    Each is closed after the test."""
    opened: list[MigrationService] = []

    def open_as(
        place: Place, name: str, *, at: datetime = datetime(2027, 3, 1, 14, 2), reader: bool = False
    ) -> MigrationService:
        if isinstance(place, ServerAddress):
            from tests.support import engines

            cluster: ThrowawayCluster = request.getfixturevalue("postgres_cluster")
            engines.login_role(cluster, role_of(name), display_name=name, reader=reader)
            place = place.with_user(role_of(name))
        opened.append(MigrationService.open(place, actor=name, today=lambda: AS_OF, now=lambda: at))
        return opened[-1]

    yield open_as
    for service in opened:
        service.close()


@pytest.fixture
def demo_place(engine: str, demo_file: Path, places: Places) -> Place:
    """This test's own demo migration as of AS_OF on this run's engine: ``demo_file``, or a copy
    of it on the test server (as copy_plan puts a file there), free to change."""
    if engine == "file":
        return demo_file
    from migrator.services.sharing import copy_plan

    return places("demo", holding=("the demo", lambda place: copy_plan(demo_file, place)))


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
