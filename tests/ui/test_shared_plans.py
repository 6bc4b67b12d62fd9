"""A shared plan in the window, against a real PostgreSQL server: File → Open shared plan…, its
password asked only when the server asks (kept in the keyring when the user says so, never in
the settings), errors said in words, a read-only login's banner, Open Recent and the start page,
the command line, and the copies between a file and a server."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QMessageBox

from migrator import app
from migrator.analysis.collector import collector_held
from migrator.domain.places import ServerAddress
from migrator.services import MigrationService
from migrator.ui.dialogs.password_dialog import PasswordDialog
from migrator.ui.dialogs.server_address_dialog import ServerAddressDialog
from migrator.ui.file_opening import FileOpener
from migrator.ui.main_window import MainWindow
from migrator.ui.models import workstream_table_model as columns
from migrator.ui.server_passwords import KEYRING_SERVICE
from migrator.ui.window_settings import WindowSettings
from migrator.ui.workspace import Workspace
from tests.conftest import AS_OF
from tests.support.memory_keyring import MemoryKeyring
from tests.support.postgres import ThrowawayCluster
from tests.support.shared_plans import DialogAnswers, Logins, MessageBoxes

DEMO_NAME = "Card fleet replacement: prepaid to debit"


@pytest.fixture
def settings(tmp_path: Path) -> WindowSettings:
    return WindowSettings(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot: Any, settings: WindowSettings) -> Iterator[MainWindow]:
    win = MainWindow(settings, as_of=AS_OF, opener=FileOpener(settings, AS_OF))
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


def _open_dialog(dialogs: DialogAnswers, address: str, user: str = "") -> None:
    """File → Open shared plan…: the next address dialog gets ``address`` and ``user`` typed."""

    def fill(dialog: ServerAddressDialog) -> None:
        dialog.address.clear()
        QTest.keyClicks(dialog.address, address)
        dialog.user.clear()
        QTest.keyClicks(dialog.user, user)
        dialog.ok_button.click()

    dialogs.answer(ServerAddressDialog, fill)


def _type_password(dialogs: DialogAnswers, password: str, remember: bool = False) -> list[str]:
    """The next password dialog gets ``password``; what it said is returned (filled when it opens)."""
    said: list[str] = []

    def fill(dialog: PasswordDialog) -> None:
        said.append(dialog.why.text())
        QTest.keyClicks(dialog.password, password)
        dialog.remember.setChecked(remember)
        dialog.ok_button.click()

    dialogs.answer(PasswordDialog, fill)
    return said


def _shown_keys(window: MainWindow) -> list[str]:
    assert window.workspace is not None
    model = window.workspace.table.model_
    return [str(model.index(row, 0).data()) for row in range(model.rowCount())]


def _file_menu(window: MainWindow) -> list[str]:
    """The File menu's items as the user sees them (hidden ones left out)."""
    menu = window.menuBar().actions()[0].menu()
    assert isinstance(menu, QMenu)
    return [a.text() for a in menu.actions() if a.isVisible() and not a.isSeparator()]


# ---------------------------------------------------------------- opening


def test_open_shared_plan_shows_it_named_in_the_title_with_its_copies_menu(
    window: MainWindow, shared_plan: ServerAddress, dialogs: DialogAnswers, boxes: MessageBoxes
) -> None:
    _open_dialog(dialogs, str(shared_plan.with_user("")), shared_plan.user)

    window.open_shared_action.trigger()

    assert not dialogs.pending and boxes.shown == []
    assert window.windowTitle() == f"{DEMO_NAME} — {shared_plan.database} on 127.0.0.1 — Migrator"
    assert len(_shown_keys(window)) == 88 and "BNK-7" in _shown_keys(window)
    assert window.workspace is not None and not window.workspace.banner.isVisible()
    assert "Save a &local copy…" in _file_menu(window)
    assert "Copy to &server…" not in _file_menu(window)
    assert window.settings.recent_places() == [shared_plan]


def test_a_shared_plan_is_analysed_with_its_read_so_its_first_paint_shows_health_and_forecast(
    window: MainWindow, shared_plan: ServerAddress, boxes: MessageBoxes
) -> None:
    assert window.open_shared(shared_plan)

    # Nothing has been processed since the open returned: no "Analysing…", no blank health column.
    assert window.document is not None and window.workspace is not None
    assert window.document.analysis_is_current
    assert window.go_live_label.text() == "Go-live 28 Jun 2027 · target 28 Jun 2027 · on time"
    model = window.workspace.table.model_
    row = next(r for r in range(model.rowCount()) if model.index(r, columns.KEY).data() == "BNK-5")
    assert model.index(row, columns.HEALTH).data() == "Red"
    assert boxes.shown == []


def test_the_collector_waits_for_the_first_analysed_paint_and_runs_again_after_it(
    qtbot: Any, window: MainWindow, shared_plan: ServerAddress, boxes: MessageBoxes
) -> None:
    assert window.open_shared(shared_plan)
    assert collector_held()  # the plan's objects are not walked while the table waits to show
    qtbot.waitUntil(lambda: not collector_held())
    window.close_document()
    assert window.open_shared(shared_plan)
    window.close_document()  # closed before it ever painted
    assert not collector_held()


def test_a_loop_written_into_a_shared_plan_is_named_in_the_banner_as_for_a_file(
    qtbot: Any, window: MainWindow, shared_plan: ServerAddress, postgres_cluster: ThrowawayCluster
) -> None:
    """The analysis made with the read fails on the loop; the window's own one says which it is."""
    postgres_cluster.run_sql(
        "INSERT INTO dependency (predecessor_id, successor_id, type, lag, note, version) "
        "SELECT s.id, p.id, 'FS', 0, '', 1 FROM workstream p, workstream s "
        "WHERE p.key = 'BNK-1' AND s.key = 'LEG-2'",
        shared_plan.database,
    )
    assert window.open_shared(shared_plan)
    assert window.workspace is not None
    banner = window.workspace.loop_banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.text().startswith(
        f"The links of {shared_plan.database} on 127.0.0.1 form a loop (BNK-1 → LEG-2 → BNK-1), "
        "written by another program: nothing can be forecast"
    )


def test_a_file_offers_copy_to_server_and_no_plan_offers_neither(window: MainWindow, demo_file: Path) -> None:
    assert "Copy to &server…" not in _file_menu(window)
    assert "Save a &local copy…" not in _file_menu(window)

    assert window.open_file(demo_file)

    assert "Copy to &server…" in _file_menu(window)
    assert "Save a &local copy…" not in _file_menu(window)


def test_errors_are_said_in_words_and_leave_the_start_page(
    window: MainWindow,
    server_url: str,
    shared_plan: ServerAddress,
    postgres_cluster: ThrowawayCluster,
    boxes: MessageBoxes,
) -> None:
    on_server = ServerAddress.parse(server_url)
    missing = ServerAddress("no_such_plan", on_server.host, on_server.port, on_server.user)
    empty = ServerAddress.parse(postgres_cluster.create_database())
    unreachable = ServerAddress("cards", "127.0.0.1", 1, "postgres")
    try:
        assert not window.open_shared(missing)
        assert not window.open_shared(empty)
        assert not window.open_shared(unreachable)
        postgres_cluster.run_sql(
            "UPDATE schema_revision SET version_num = 'r9999'", database=on_server.database
        )
        assert not window.open_shared(shared_plan)
    finally:
        postgres_cluster.drop_database(str(empty))

    assert window.document is None and window.stack.currentWidget() is window.start_page
    no_database, no_plan, away, newer = boxes.shown
    assert no_database == (
        "critical",
        "Migrator — cannot open the shared plan",
        "There is no database 'no_such_plan' on 127.0.0.1. Check the address, or ask whoever runs the "
        "server to create it.",
    )
    assert no_plan[2].startswith(f"{empty.database} on 127.0.0.1 holds no Migrator plan. Put one there")
    assert "File → Copy to server…" in no_plan[2]
    assert away[:2] == ("warning", "Migrator — the server cannot be reached")
    assert away[2].startswith("The server of cards on 127.0.0.1 cannot be reached (")
    assert newer[2] == (
        f"{shared_plan.name} was written by a newer version of Migrator (schema revision r9999). "
        "Update Migrator to open it; nothing was changed."
    )


def test_the_password_is_asked_only_when_the_server_asks_again_when_refused_and_kept_in_the_keyring(
    qtbot: Any,
    settings: WindowSettings,
    tmp_path: Path,
    logins: Logins,
    postgres_cluster: ThrowawayCluster,
    dialogs: DialogAnswers,
    boxes: MessageBoxes,
    private_keyring: MemoryKeyring,
) -> None:
    ana = logins.add("Ana Ruiz", password="correct horse")
    with _password_asked_for(postgres_cluster, ana.user):
        window = MainWindow(settings, as_of=AS_OF, opener=FileOpener(settings, AS_OF))
        qtbot.addWidget(window)
        first = _type_password(dialogs, "wrong horse")
        second = _type_password(dialogs, "correct horse", remember=True)

        assert window.open_shared(ana)

        assert first == [f"The server of {ana.name} asks for {ana.user}'s password."]
        assert second == [f"The server of {ana.name} refused {ana.user}'s password. Type it again."]
        assert not dialogs.pending and boxes.shown == []
        assert window.document is not None and window.document.name == ana.name
        assert private_keyring.passwords == {(KEYRING_SERVICE, str(ana)): "correct horse"}
        window.close()

        # The next run finds it in the keyring: nothing is asked.
        settings.sync()
        again = WindowSettings(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
        second_run = MainWindow(again, as_of=AS_OF, opener=FileOpener(again, AS_OF))
        qtbot.addWidget(second_run)
        assert second_run.open_place(again.last_place() or Path("none"))
        assert second_run.document is not None and second_run.document.name == ana.name
        second_run.close()

    remembered = (tmp_path / "window.ini").read_text(encoding="utf-8")
    assert str(ana) in remembered and "horse" not in remembered


def test_a_pgpass_file_logs_in_without_asking(
    window: MainWindow,
    tmp_path: Path,
    logins: Logins,
    postgres_cluster: ThrowawayCluster,
    monkeypatch: pytest.MonkeyPatch,
    boxes: MessageBoxes,
) -> None:
    ben = logins.add("Ben Okafor", password="pgpass only")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{ben.port}:{ben.database}:{ben.user}:pgpass only\n", encoding="utf-8")
    pgpass.chmod(stat.S_IRUSR | stat.S_IWUSR)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    with _password_asked_for(postgres_cluster, ben.user):
        assert window.open_shared(ben)  # a password dialog would wait for ever
    assert boxes.shown == []
    assert window.document is not None and window.document.name == ben.name


def test_cancelling_the_password_question_opens_nothing_and_keeps_the_plan_open_before(
    window: MainWindow,
    demo_file: Path,
    logins: Logins,
    postgres_cluster: ThrowawayCluster,
    dialogs: DialogAnswers,
    boxes: MessageBoxes,
) -> None:
    ana = logins.add("Ana Ruiz", password="secret")
    assert window.open_file(demo_file)
    dialogs.answer(PasswordDialog, lambda dialog: dialog.reject())

    with _password_asked_for(postgres_cluster, ana.user):
        assert not window.open_shared(ana)

    assert not dialogs.pending and boxes.shown == []
    assert window.document is not None and window.document.place == demo_file


class _password_asked_for:  # noqa: N801  # a context manager read as a phrase
    """The server asks ``role`` for a password (the test server trusts everyone else)."""

    def __init__(self, cluster: ThrowawayCluster, role: str) -> None:
        self.rules = cluster.data / "pg_hba.conf"
        self.cluster = cluster
        self.role = role

    def __enter__(self) -> None:
        self.before = self.rules.read_text(encoding="utf-8")
        self.rules.write_text(f"host all {self.role} 127.0.0.1/32 scram-sha-256\n{self.before}", "utf-8")
        self.cluster.run_sql("SELECT pg_reload_conf()")

    def __exit__(self, *_: object) -> None:
        self.rules.write_text(self.before, encoding="utf-8")
        self.cluster.run_sql("SELECT pg_reload_conf()")


# ---------------------------------------------------------------- read-only logins


def test_a_login_that_may_only_read_opens_with_the_read_only_banner_for_a_server(
    window: MainWindow, logins: Logins
) -> None:
    reader = logins.add("Rita Reader", reads_only=True)

    assert window.open_shared(reader)

    workspace = window.workspace
    assert isinstance(workspace, Workspace) and window.document is not None
    assert window.document.read_only
    assert workspace.banner.isVisible()
    assert workspace.banner.text() == (
        f"Your login may only read this plan ({reader.name}): you can look at it and export reports "
        "without a snapshot, but changes cannot be saved. Ask whoever runs the server for an editor's role."
    )
    assert window.windowTitle().endswith("[read-only] — Migrator")
    assert not window.new_action.isEnabled() and not window.status_menu.isEnabled()


# ---------------------------------------------------------------- Open Recent and the start page


def test_shared_plans_join_open_recent_beside_files_and_reopen_from_there(
    window: MainWindow, demo_file: Path, shared_plan: ServerAddress, qtbot: Any
) -> None:
    assert window.open_shared(shared_plan)
    assert window.open_file(demo_file)

    menu = window.recent_menu
    menu.popup(window.mapToGlobal(QPoint(20, 20)))
    qtbot.waitUntil(menu.isVisible)
    items = [(a.text(), a.toolTip()) for a in menu.actions()]
    assert items == [
        ("demo.migrator", str(demo_file.resolve())),
        (f"{shared_plan.name} (shared, as postgres)", str(shared_plan)),
    ]
    shared_item = menu.actions()[1]
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(shared_item).center())
    qtbot.waitUntil(lambda: window.document is not None and window.document.place == shared_plan)

    window.close_document()
    assert window.start_page.recent.count() == 2
    assert (
        window.start_page.recent.item(0).text() == f"{shared_plan.name} (shared, as postgres)\n{shared_plan}"
    )
    assert window.start_page.recent.item(1).text() == f"demo\n{demo_file.parent.resolve()}"
    window.start_page.recent.itemActivated.emit(window.start_page.recent.item(1))
    assert window.document is not None and window.document.place == demo_file.resolve()


def test_the_last_plan_a_window_had_is_reopened_on_the_next_start_even_when_shared(
    qtbot: Any, tmp_path: Path, shared_plan: ServerAddress
) -> None:
    settings = WindowSettings(QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    settings.add_recent(shared_plan)

    window = app.build_window(app.parse_arguments(["--as-of", AS_OF.isoformat()]), settings=settings)
    qtbot.addWidget(window)

    assert window.document is not None and window.document.place == shared_plan
    window.close()


# ---------------------------------------------------------------- the command line


def test_the_command_line_opens_a_shared_plan_as_it_opens_a_file(
    qtbot: Any, settings: WindowSettings, shared_plan: ServerAddress
) -> None:
    args = app.parse_arguments([str(shared_plan), "--as-of", AS_OF.isoformat()])
    window = app.build_window(args, settings=settings)
    qtbot.addWidget(window)

    assert window.document is not None and window.document.place == shared_plan
    assert window.windowTitle() == f"{DEMO_NAME} — {shared_plan.name} — Migrator"
    window.close()


def test_a_shared_plan_opened_read_only_on_purpose_says_so_not_that_the_login_may_only_read(
    qtbot: Any, settings: WindowSettings, shared_plan: ServerAddress
) -> None:
    args = app.parse_arguments([str(shared_plan), "--read-only", "--as-of", AS_OF.isoformat()])
    window = app.build_window(args, settings=settings)
    qtbot.addWidget(window)
    window.show()

    assert window.workspace is not None and window.workspace.banner.isVisible()
    assert window.workspace.banner.text() == (
        f"{shared_plan.name} is read-only: you can look at the plan and export reports without a "
        "snapshot, but changes cannot be saved."
    )
    window.close()


def test_the_command_line_refuses_an_address_holding_a_password(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        app.parse_arguments(["postgresql://ana:secret@db.example.com/cards"])

    assert stopped.value.code == 2
    assert "A server address must not hold a password" in capsys.readouterr().err


# ---------------------------------------------------------------- copies


def _titles(place: Path | ServerAddress) -> dict[str, str]:
    with MigrationService.open(place, read_only=True) as service:
        return {w.key: w.title for w in service.workstreams()}


def test_copy_to_server_puts_the_open_file_on_an_empty_database_and_opens_it(
    window: MainWindow,
    demo_file: Path,
    server_url: str,
    dialogs: DialogAnswers,
    boxes: MessageBoxes,
) -> None:
    address = ServerAddress.parse(server_url)
    assert window.open_file(demo_file)
    _open_dialog(dialogs, str(address))
    boxes.answers.append(QMessageBox.StandardButton.Open)

    window.plan_copies.copy_to_server_action.trigger()

    assert not dialogs.pending
    (kind, title, text), *_ = boxes.shown
    assert (kind, title) == ("question", "Migrator — copied to the server")
    assert text.startswith(f"Copied {demo_file} to {address.name} in ")
    assert ": 10 teams, 31 people, 88 workstreams, 119 links, 1 migration, 9 non-working days" in text
    assert "\nChecked: the copy holds the same rows, checksum " in text
    assert window.document is not None and window.document.place == address
    assert _titles(address) == _titles(demo_file)


def test_copy_to_server_over_a_plan_replaces_it_only_once_the_user_agrees(
    window: MainWindow,
    demo_file: Path,
    shared_plan: ServerAddress,
    dialogs: DialogAnswers,
    boxes: MessageBoxes,
) -> None:
    with MigrationService.open(shared_plan) as on_server:
        bnk7 = on_server.workstream_by_key("BNK-7")
        on_server.update_workstream(bnk7.id, {"title": "Cut-in, as the server has it"})
    assert window.open_file(demo_file)

    _open_dialog(dialogs, str(shared_plan))
    boxes.answers.append(QMessageBox.StandardButton.Cancel)  # replace? no
    window.plan_copies.copy_to_server_action.trigger()

    assert [(k, t) for k, t, _ in boxes.shown] == [("warning", "Migrator — replace the shared plan?")]
    assert boxes.shown[0][2].startswith(
        f"{shared_plan.name} already holds a plan. Replace it with demo.migrator?"
    )
    assert _titles(shared_plan)["BNK-7"] == "Cut-in, as the server has it"

    boxes.shown.clear()
    _open_dialog(dialogs, str(shared_plan))
    boxes.answers.extend([QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.Close])
    window.plan_copies.copy_to_server_action.trigger()

    assert [t for _k, t, _ in boxes.shown] == [
        "Migrator — replace the shared plan?",
        "Migrator — copied to the server",
    ]
    assert _titles(shared_plan) == _titles(demo_file)
    assert window.document is not None and window.document.place == demo_file.resolve()  # stays on the file
    assert shared_plan in window.settings.recent_places()


def test_save_a_local_copy_writes_the_shared_plan_to_a_file(
    window: MainWindow,
    shared_plan: ServerAddress,
    tmp_path: Path,
    boxes: MessageBoxes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    assert window.open_shared(shared_plan)
    assert window.document is not None
    bnk7 = next(w.id for w in window.document.plan.workstreams.values() if w.key == "BNK-7")
    assert window.document.edit_workstreams({bnk7: {"title": "Edited before the trip"}}, "Rename")
    asked: list[str] = []

    def save_as(_parent: Any, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(tmp_path / "for the trip"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    window.plan_copies.save_copy_action.trigger()

    assert Path(asked[0]).name == f"{shared_plan.database}.migrator"
    copy = tmp_path / "for the trip.migrator"
    [(kind, title, text)] = boxes.shown
    assert (kind, title) == ("information", "Migrator — a local copy saved")
    assert text.startswith(f"Copied {shared_plan.name} to {copy} in ")
    assert text.endswith("changes made to it stay in it, and the shared plan goes on without them.")
    assert _titles(copy)["BNK-7"] == "Edited before the trip"
    assert _titles(copy) == _titles(shared_plan)
