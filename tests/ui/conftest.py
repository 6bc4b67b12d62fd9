"""Qt tests: the offscreen platform is set in the top-level conftest before Qt loads; each test
gets its own settings file and a keyring in memory, so nothing a test remembers reaches the user
or the next test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox

from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.services.sharing import copy_plan
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.wheel_guard import install_wheel_guard
from tests.conftest import AS_OF
from tests.support.memory_keyring import MemoryKeyring
from tests.support.shared_plans import DialogAnswers, Logins, MessageBoxes

if TYPE_CHECKING:
    from tests.support.postgres import ThrowawayCluster


@pytest.fixture(autouse=True)
def private_settings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("settings")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    return folder


@pytest.fixture(scope="session", autouse=True)
def wheel_guard(qapp: Any) -> Any:
    """As the application installs it (app.main): the wheel never edits a box without focus."""
    return install_wheel_guard(qapp)


@pytest.fixture(autouse=True)
def private_keyring() -> Iterator[MemoryKeyring]:
    """Passwords a test remembers go to a keyring in memory, never to the desktop's."""
    import keyring

    previous, memory = keyring.get_keyring(), MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture(autouse=True)
def known_user(monkeypatch: pytest.MonkeyPatch) -> str:
    """The window never stops a test to ask who the user is; the tests of that question unset it."""
    monkeypatch.setenv("MIGRATOR_USER", "Test Coordinator")
    return "Test Coordinator"


@pytest.fixture
def document(demo_file: Path, qtbot: Any) -> Iterator[PlanDocument]:
    """The demo migration, open and analysed as of AS_OF (a test file may define its own)."""
    doc = PlanDocument(MigrationService.open(demo_file, today=lambda: AS_OF), as_of=AS_OF)
    qtbot.waitUntil(lambda: doc.analysis is not None)
    yield doc
    doc.close()


@pytest.fixture
def refusals(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Messages of refused edits (a modal box would stop the test)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    return shown


# ---------------------------------------------------------------- shared plans on the test server


@pytest.fixture
def shared_plan(demo_file: Path, server_url: str) -> ServerAddress:
    """The demo migration (as of AS_OF) put on this test's own database, as the superuser."""
    address = ServerAddress.parse(server_url)
    copy_plan(demo_file, address)
    return address


@pytest.fixture
def logins(postgres_cluster: ThrowawayCluster, shared_plan: ServerAddress) -> Iterator[Logins]:
    """Coordinators' own login roles on the shared plan's database (``logins.add("Ana Ruiz")``)."""
    made = Logins(postgres_cluster, shared_plan)
    yield made
    made.drop()


@pytest.fixture
def dialogs() -> Iterator[DialogAnswers]:
    """Answers the window's modal dialogs as they open (``dialogs.answer(Kind, act)``)."""
    answers = DialogAnswers()
    yield answers
    answers.stop()


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> MessageBoxes:
    """The message boxes shown (a modal box would stop the test), answered as told."""
    shown = MessageBoxes()
    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, shown.box(kind))
    return shown
