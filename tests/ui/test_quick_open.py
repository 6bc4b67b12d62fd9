"""A current file is shown before SQLAlchemy loads; every change still goes through the service."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.store import file_probe
from migrator.ui.main_window import MainWindow
from tests.conftest import AS_OF

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "support" / "fixtures"


@pytest.fixture
def window(qtbot: Any) -> Iterator[MainWindow]:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    yield win
    win.close()


def _file_state(path: Path) -> tuple[bytes, int, list[Path]]:
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(path.parent.iterdir())


def test_a_current_file_is_shown_first_and_edited_through_the_service(
    window: MainWindow, demo_file: Path, qtbot: Any
) -> None:
    assert window.open_file(demo_file)
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    assert not document.service_is_open  # shown from the quick read
    assert workspace.table.model_.rowCount() == len(document.plan.workstreams) == 88
    assert "demo.migrator" in window.windowTitle() and workspace.banner.isHidden()
    assert window.new_action.isEnabled()

    todo = next(w for w in document.plan.workstreams.values() if w.status is Status.NOT_STARTED)
    assert document.edit_workstreams({todo.id: {"status": Status.BLOCKED}}, "Block")
    assert document.service_is_open  # opened by the edit that needed it
    with MigrationService.open(demo_file, read_only=True) as reader:
        assert reader.workstream(todo.id).status is Status.BLOCKED
    window.undo_action.trigger()
    assert document.plan.workstreams[todo.id].status is Status.NOT_STARTED
    with MigrationService.open(demo_file, read_only=True) as reader:
        assert reader.workstream(todo.id).status is Status.NOT_STARTED
        assert reader.workstream(todo.id) == document.plan.workstreams[todo.id]
    window.redo_action.trigger()
    with MigrationService.open(demo_file, read_only=True) as reader:
        assert reader.workstream(todo.id).status is Status.BLOCKED


def test_the_service_opens_after_the_first_paint_and_the_history_follows(
    window: MainWindow, demo_file: Path, qtbot: Any
) -> None:
    before = _file_state(demo_file)
    assert window.open_file(demo_file)
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    details = workspace.details
    assert details.workstream() is not None and details.history_labels == []
    window.show()
    qtbot.waitUntil(lambda: document.service_is_open)
    assert document.analysis is not None  # the analysed table was painted first
    assert details.history_labels  # the selected workstream's history, read once the service is open
    assert _file_state(demo_file) == before  # opening changed nothing


def test_with_its_service_open_the_history_follows_the_first_analysed_paint(
    window: MainWindow, demo_file: Path, qtbot: Any
) -> None:
    window.open_service(MigrationService.open(demo_file))
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    details = workspace.details
    assert details.workstream() is not None and details.history_labels == []
    assert document.service_is_open and not document.history_readable
    window.show()
    qtbot.waitUntil(lambda: bool(details.history_labels))
    assert document.analysis is not None and document.history_readable


def test_a_window_not_shown_reads_the_history_once_the_analysis_is_in(
    window: MainWindow, demo_file: Path, qtbot: Any
) -> None:
    window.open_service(MigrationService.open(demo_file))
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    qtbot.waitUntil(lambda: bool(workspace.details.history_labels))  # no paint to wait for
    assert document.analysis is not None and not window.isVisible()


def test_an_older_file_is_opened_the_full_way_and_upgraded(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "legacy.migrator"
    shutil.copyfile(FIXTURES / "r0001.migrator", path)
    assert window.open_file(path)
    assert window.document is not None and window.document.service_is_open
    assert [w.key for w in window.document.plan.workstreams.values()] == ["BNK-1", "BNK-2", "OPS-1"]
    assert (tmp_path / "legacy (before upgrade from r0001).migrator").exists()


def test_a_read_only_request_is_opened_the_full_way(window: MainWindow, demo_file: Path) -> None:
    assert window.open_file(demo_file, read_only=True)
    assert window.document is not None and window.document.service_is_open
    assert window.document.read_only and "[read-only]" in window.windowTitle()


def test_a_file_that_cannot_be_opened_any_more_is_reported_and_edits_are_refused(
    window: MainWindow, demo_file: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    assert window.open_file(demo_file)
    document = window.document
    assert document is not None
    demo_file.write_bytes(b"not a plan any more")  # replaced by another program after the quick read
    document.open_service()
    assert shown == [
        "demo.migrator is not a Migrator file: it is not a database at all. The plan shown cannot be changed."
    ]
    todo = next(iter(document.plan.workstreams))
    assert not document.edit_workstreams({todo: {"progress": 5}}, "Progress")
    assert len(shown) == 2 and document.undo_stack.count() == 0


WINDOW_BEFORE_SQLALCHEMY = """
import json, sys
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from migrator import app
application = QApplication(sys.argv[:1])
window = app.build_window(app.parse_arguments([sys.argv[1], "--as-of", "2027-03-01"]))
window.show()
loaded = {name: name in sys.modules for name in ("sqlalchemy", "alembic")}
document = window.document
guard = QTimer()
guard.start(50)
QTimer.singleShot(20000, application.quit)
while not document.service_is_open:
    application.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
print(json.dumps({
    "shown": loaded, "rows": len(document.plan.workstreams),
    "after paint": {"sqlalchemy": "sqlalchemy" in sys.modules, "analysed": document.analysis is not None},
}))
window.close()
"""


def test_the_window_shows_a_current_file_before_sqlalchemy_loads(demo_file: Path, tmp_path: Path) -> None:
    settings = {"MIGRATOR_DATA_DIR": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", WINDOW_BEFORE_SQLALCHEMY, str(demo_file)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**settings, "PATH": "", "QT_QPA_PLATFORM": "offscreen"},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["shown"] == {"sqlalchemy": False, "alembic": False}
    assert report["rows"] == 88
    assert report["after paint"] == {"sqlalchemy": True, "analysed": True}


def test_a_file_another_program_is_writing_is_said_busy_and_stays_in_open_recent(
    window: MainWindow, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(file_probe, "BUSY_TIMEOUT_MS", 50)
    said: list[tuple[str, str]] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(
            QMessageBox, kind, lambda _parent, title, text, *_rest: said.append((title, text))
        )
    window.settings.add_recent(demo_file)
    other = sqlite3.connect(demo_file, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        assert not window.open_file(demo_file)
    finally:
        other.rollback()
        other.close()
    assert said == [
        (
            "Migrator — the file is busy",
            "demo.migrator is busy: another program is writing to it. Try again in a moment.",
        )
    ]
    assert window.document is None and demo_file in window.settings.recent_files()
    assert window.open_file(demo_file)  # once it is free, it opens


def test_work_whose_team_another_program_removed_is_said_damaged_not_hidden(
    window: MainWindow, demo_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = sqlite3.connect(demo_file)
    other.execute("PRAGMA foreign_keys = OFF")  # as a program that does not know the file's rules
    (team_id, count) = other.execute(
        "SELECT team_id, count(*) FROM workstream GROUP BY team_id ORDER BY team_id LIMIT 1"
    ).fetchone()
    other.execute("DELETE FROM team WHERE id = ?", (team_id,))
    other.commit()
    other.close()
    before = _file_state(demo_file)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text, *_rest: said.append(text))
    assert not window.open_file(demo_file)
    assert said == [
        f"demo.migrator is damaged: {count} of its workstreams belong to a team that is not in the file."
    ]
    assert window.document is None and _file_state(demo_file) == before
