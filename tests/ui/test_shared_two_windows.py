"""Two coordinators' windows on one shared plan, each logged in with their own role, against a real
PostgreSQL server: an edit in one shows in the other within about a second with a notice naming
who; a stale edit is refused naming who and when; when the server goes away both windows say so in
a banner and refuse edits without changing anything, and once it is back they catch up from
history, even with what was written while one of them was cut off."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from psycopg import sql
from PySide6.QtCore import QSettings

from migrator.domain.model import Status
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.ui.file_opening import FileOpener
from migrator.ui.main_window import MainWindow
from migrator.ui.models.workstream_table_model import STATUS
from migrator.ui.window_settings import WindowSettings
from migrator.ui.workspace import Workspace
from tests.conftest import AS_OF
from tests.support.postgres import ThrowawayCluster
from tests.support.shared_plans import Logins, MessageBoxes

NOTICE_MS = 3000  # "within about a second", with room for a loaded machine
RECONNECT_MS = 20_000  # the notice listener retries with back-off (0.5 s, 1 s, 2 s, 4 s, ...)


def _window(qtbot: Any, tmp_path: Path, who: str, address: ServerAddress) -> MainWindow:
    settings = WindowSettings(QSettings(str(tmp_path / f"{who}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(settings, as_of=AS_OF, opener=FileOpener(settings, AS_OF))
    qtbot.addWidget(window)
    window.show()
    assert window.open_shared(address)
    return window


@pytest.fixture
def ana_login(logins: Logins) -> ServerAddress:
    return logins.add("Ana Ruiz")


@pytest.fixture
def ben_login(logins: Logins) -> ServerAddress:
    return logins.add("Ben Okafor")


@pytest.fixture
def ana(qtbot: Any, tmp_path: Path, ana_login: ServerAddress) -> Iterator[MainWindow]:
    window = _window(qtbot, tmp_path, "ana", ana_login)
    yield window
    window.close()


@pytest.fixture
def ben(qtbot: Any, tmp_path: Path, ben_login: ServerAddress) -> Iterator[MainWindow]:
    window = _window(qtbot, tmp_path, "ben", ben_login)
    yield window
    window.close()


def _id(window: MainWindow, key: str) -> int:
    assert window.document is not None
    return next(w.id for w in window.document.plan.workstreams.values() if w.key == key)


def _status_shown(window: MainWindow, key: str) -> str:
    """The Status cell of ``key``'s row in the window's table."""
    assert window.workspace is not None
    model = window.workspace.table.model_
    row = model.row_of(_id(window, key))
    assert row is not None
    return str(model.index(row, STATUS).data())


def _set_status(window: MainWindow, key: str, status: Status) -> None:
    """Select ``key`` in the table, then Edit → Set status."""
    assert window.workspace is not None
    assert window.workspace.table.select_workstream(_id(window, key))
    action = next(a for a in window.status_menu.actions() if a.text() == status.label)
    action.trigger()


def _workspace(window: MainWindow) -> Workspace:
    assert window.workspace is not None
    return window.workspace


def _history_shown(window: MainWindow) -> str:
    """The details pane's history of the selected workstream, as its labels read."""
    return "\n".join(label.text() for label in _workspace(window).details.history.labels)


def _on_server(address: ServerAddress, key: str) -> Status:
    with MigrationService.open(address, read_only=True) as service:
        return service.workstream_by_key(key).status


def test_an_edit_in_one_window_shows_in_the_other_within_a_second_with_who_made_it(
    ana: MainWindow, ben: MainWindow, qtbot: Any, boxes: MessageBoxes
) -> None:
    assert _status_shown(ben, "BNK-7") == "Not started"

    _set_status(ana, "BNK-7", Status.BLOCKED)

    qtbot.waitUntil(lambda: _status_shown(ben, "BNK-7") == "Blocked", timeout=NOTICE_MS)
    assert ben.status_bar.currentMessage() == "Ana Ruiz changed BNK-7 (1 workstream)"
    assert ana.status_bar.currentMessage() == ""  # its own edit is no news to it
    assert boxes.shown == []


def test_a_stale_edit_is_refused_naming_who_and_when_and_nothing_is_overwritten(
    ana: MainWindow, ben: MainWindow, ana_login: ServerAddress, qtbot: Any, boxes: MessageBoxes
) -> None:
    _set_status(ana, "BNK-7", Status.BLOCKED)
    _set_status(ben, "BNK-7", Status.CANCELLED)  # before Ben's window heard of Ana's edit

    [(kind, title, text)] = boxes.shown
    assert (kind, title) == ("warning", "Migrator — not changed")
    assert re.fullmatch(
        r"BNK-7 was changed by Ana Ruiz at \d{1,2}:\d{2}: status Blocked\. "
        r"Your change was not saved\. The plan is read again from the server\.",
        text,
    ), text
    assert _on_server(ana_login, "BNK-7") is Status.BLOCKED
    qtbot.waitUntil(lambda: _status_shown(ben, "BNK-7") == "Blocked", timeout=NOTICE_MS)
    assert ben.document is not None and not ben.document.undo_stack.canUndo()


def test_a_server_that_goes_away_is_said_in_a_banner_edits_are_refused_and_it_catches_up_when_back(
    ana: MainWindow,
    ben: MainWindow,
    ben_login: ServerAddress,
    postgres_cluster: ThrowawayCluster,
    qtbot: Any,
    boxes: MessageBoxes,
) -> None:
    _set_status(ben, "BNK-8", Status.BLOCKED)  # an edit to undo while the server is away
    assert ben.document is not None and ben.document.undo_stack.count() == 1
    name = ben_login.name

    with postgres_cluster.stopped():
        for window in (ana, ben):
            banner = _workspace(window).server_banner
            qtbot.waitUntil(banner.isVisible, timeout=NOTICE_MS)
            assert banner.text() == (
                f"The server of {name} cannot be reached. You can look at the plan as it was; "
                "changes are refused until it is back. Migrator reconnects by itself."
            )
        _set_status(ben, "BNK-7", Status.CANCELLED)
        ben.undo_action.trigger()
        qtbot.waitUntil(lambda: len(boxes.shown) == 2)

    edit_refused, undo_refused = boxes.texts("warning")
    assert re.fullmatch(
        rf"The server of {re.escape(name)} cannot be reached \(.+\); nothing was changed\. "
        "Migrator reconnects by itself when it is back\\.",
        edit_refused,
    ), edit_refused
    assert undo_refused.endswith("; nothing was changed. Migrator reconnects by itself when it is back. "
                                 "The undo history is kept: try again in a moment.")  # fmt: skip
    assert _status_shown(ben, "BNK-7") == "Not started"
    assert _status_shown(ben, "BNK-8") == "Blocked"
    assert ben.document.undo_stack.count() == 1 and ben.document.undo_stack.canUndo()
    assert _history_shown(ben) == "The history cannot be read now. It shows again once the server is back."

    for window in (ana, ben):
        qtbot.waitUntil(lambda w=window: not _workspace(w).server_banner.isVisible(), timeout=RECONNECT_MS)
    assert ben.status_bar.currentMessage() == "The server is back; nothing changed meanwhile."
    assert "Product Ops" in _history_shown(ben)  # BNK-7's history, read again once back
    assert _on_server(ben_login, "BNK-7") is Status.NOT_STARTED
    assert _on_server(ben_login, "BNK-8") is Status.BLOCKED

    # Both windows work again: the undo kept goes through, and an edit reaches the other window.
    ben.undo_action.trigger()
    assert _status_shown(ben, "BNK-8") == "Not started"
    _set_status(ana, "BNK-7", Status.BLOCKED)
    qtbot.waitUntil(lambda: _status_shown(ben, "BNK-7") == "Blocked", timeout=NOTICE_MS)
    assert ben.status_bar.currentMessage() == "Ana Ruiz changed BNK-7 (1 workstream)"
    assert len(boxes.shown) == 2


def test_after_a_server_restart_both_windows_reconnect_and_hear_each_other_again(
    ana: MainWindow, ben: MainWindow, postgres_cluster: ThrowawayCluster, qtbot: Any, boxes: MessageBoxes
) -> None:
    assert ana.document is not None and ben.document is not None
    documents = [ana.document, ben.document]
    with (
        qtbot.waitSignals([d.server_back for d in documents], timeout=RECONNECT_MS),
        qtbot.waitSignals([d.server_lost for d in documents], timeout=NOTICE_MS),
    ):
        postgres_cluster.restart()

    for window in (ana, ben):
        assert not _workspace(window).server_banner.isVisible()
    _set_status(ana, "BNK-7", Status.BLOCKED)  # through a connection from after the restart
    qtbot.waitUntil(lambda: _status_shown(ben, "BNK-7") == "Blocked", timeout=NOTICE_MS)
    assert ben.status_bar.currentMessage() == "Ana Ruiz changed BNK-7 (1 workstream)"
    assert boxes.shown == []


def test_a_window_cut_off_catches_up_from_history_with_what_was_written_meanwhile(
    ana: MainWindow,
    ben: MainWindow,
    ben_login: ServerAddress,
    postgres_cluster: ThrowawayCluster,
    qtbot: Any,
    boxes: MessageBoxes,
) -> None:
    # Ben's network goes: his login is refused and his connections cut, Ana's stay.
    ben_role = sql.Identifier(ben_login.user)
    postgres_cluster.run_sql(sql.SQL("ALTER ROLE {} NOLOGIN").format(ben_role))
    postgres_cluster.run_sql(
        sql.SQL("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = {}").format(
            sql.Literal(ben_login.user)
        )
    )
    qtbot.waitUntil(_workspace(ben).server_banner.isVisible, timeout=NOTICE_MS)

    _set_status(ana, "BNK-7", Status.BLOCKED)
    qtbot.wait(1000)  # a notice Ben's window could have heard would have arrived by now
    assert _status_shown(ben, "BNK-7") == "Not started"
    assert not _workspace(ana).server_banner.isVisible()

    postgres_cluster.run_sql(sql.SQL("ALTER ROLE {} LOGIN").format(ben_role))
    qtbot.waitUntil(lambda: not _workspace(ben).server_banner.isVisible(), timeout=RECONNECT_MS)

    assert _status_shown(ben, "BNK-7") == "Blocked"
    assert ben.status_bar.currentMessage() == (
        "The server is back; caught up: Ana Ruiz changed BNK-7 (1 workstream)"
    )
    assert boxes.shown == []
