"""A file holding values another program wrote opens read-only, with each bad value listed."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from migrator.ui.main_window import MainWindow
from migrator.ui.models import workstream_table_model as columns
from tests.conftest import AS_OF


@pytest.fixture
def bogus_status(demo_file: Path) -> Path:
    path = demo_file
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute("UPDATE workstream SET status = 'bogus' WHERE key = 'BNK-4'")
    conn.commit()
    conn.close()
    return path


def test_a_file_with_a_bad_status_opens_read_only_with_the_value_named(
    qtbot: Any, bogus_status: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    refused: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, text: refused.append(text))
    before = bogus_status.read_bytes()
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(bogus_status)
    win.show()
    assert refused == []
    assert win.document is not None and win.workspace is not None
    assert win.document.read_only and "[read-only]" in win.windowTitle()
    banner = win.workspace.banner
    assert banner.isVisible()
    assert banner.text().splitlines() == [
        "demo.migrator holds values Migrator cannot use (another program wrote them), so it is open "
        "read-only. Each is shown empty, or as not started, FS or no lag:",
        "• workstream BNK-4 (id 20): status 'bogus' is not one of not started, in progress, blocked, "
        "done, cancelled",
    ]
    assert len(win.document.plan.workstreams) == 88  # the rest of the plan is there to look at
    model = win.workspace.table.model_
    assert not model.flags(model.index(0, columns.STATUS)) & Qt.ItemFlag.ItemIsEditable
    assert not win.new_action.isEnabled()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    win.close()
    assert bogus_status.read_bytes() == before


@pytest.fixture
def looped(demo_file: Path) -> Path:
    """The demo with LEG-2 → BNK-1 written in by another program: BNK-1 → LEG-2 is already a link."""
    path = demo_file
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO dependency (predecessor_id, successor_id, type, lag, note, version) "
        "SELECT s.id, p.id, 'FS', 0, '', 1 FROM workstream p, workstream s "
        "WHERE p.key = 'BNK-1' AND s.key = 'LEG-2'"
    )
    conn.commit()
    conn.close()
    return path


def test_a_loop_written_into_the_links_is_named_in_a_banner_until_a_link_of_it_goes(
    qtbot: Any, looped: Path
) -> None:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(looped)
    win.show()
    assert win.document is not None and win.workspace is not None
    banner = win.workspace.loop_banner
    qtbot.waitUntil(banner.isVisible)
    assert banner.text() == (
        "The links of demo.migrator form a loop (BNK-1 → LEG-2 → BNK-1), written by another program: "
        "nothing can be forecast until one of these links is removed (select one of these workstreams; "
        "its links are in the details pane)."
    )
    written = next(
        d.id for d in win.document.plan.dependencies.values()
        if (d.predecessor_key, d.successor_key) == ("LEG-2", "BNK-1")
    )  # fmt: skip
    assert win.document.remove_dependency(written)
    qtbot.waitUntil(lambda: not banner.isVisible())
    assert win.document.analysis_is_current
    win.close()
