"""The details pane says so when the filter hides the workstream it shows, and can bring it back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from migrator.domain.model import Status
from migrator.ui.main_window import MainWindow
from migrator.ui.workspace import Workspace
from tests.conftest import AS_OF


@pytest.fixture
def window(qtbot: Any, demo_file: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MainWindow]:
    monkeypatch.setattr(QMessageBox, "warning", lambda *_args: pytest.fail("an edit was refused"))
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def _select(workspace: Workspace, key: str) -> int:
    ws = next(w for w in workspace.document.plan.workstreams.values() if w.key == key)
    assert workspace.table.select_workstream(ws.id)
    assert workspace.details.shown_id() == ws.id
    return ws.id


def test_a_row_the_filter_text_hides_stays_in_the_pane_which_says_so(window: MainWindow, qtbot: Any) -> None:
    workspace = window.workspace
    assert workspace is not None
    shown = _select(workspace, "BNK-4")
    assert workspace.details.hidden_notice.isHidden()
    qtbot.keyClicks(workspace.filter_bar.text, "OPS-")

    assert workspace.table.model_.row_of(shown) is None
    assert workspace.details.shown_id() == shown
    assert workspace.details.hidden_notice.isVisible()
    assert workspace.details.hidden_notice.text() == (
        'BNK-4 is hidden by the filter, so it is not in the table. <a href="show">Clear the filter</a>'
    )

    workspace.details.hidden_notice.linkActivated.emit("show")
    assert workspace.filter_bar.text.text() == ""
    assert workspace.table.current_id() == shown
    assert workspace.details.hidden_notice.isHidden()


def test_a_row_edited_out_of_the_filter_stays_in_the_pane_and_another_row_can_be_chosen(
    window: MainWindow, qtbot: Any
) -> None:
    workspace, document = window.workspace, window.document
    assert workspace is not None and document is not None
    bar = workspace.filter_bar
    bar.status.setCurrentIndex(bar.status.findText(Status.BLOCKED.label))
    shown = _select(workspace, "OPS-6")
    pane = workspace.details
    row = pane.status._values.index(Status.IN_PROGRESS)
    pane.status.setCurrentIndex(row)
    pane.status.activated.emit(row)  # unblocked in the pane: the Blocked filter no longer shows it

    assert document.service.workstream(shown).status is Status.IN_PROGRESS
    assert workspace.table.model_.row_of(shown) is None
    assert pane.shown_id() == shown and pane.pages.currentWidget() is pane.scroll_area
    assert pane.hidden_notice.isVisible()
    assert pane.hidden_notice.text().startswith("OPS-6 is hidden by the filter")

    other = _select(
        workspace, next(document.plan.workstreams[i].key for i in workspace.table.model_.visible_ids())
    )
    assert pane.shown_id() == other
    assert pane.hidden_notice.isHidden()


def test_a_row_the_filter_shows_again_is_selected_again_as_the_pane_shows_it(
    window: MainWindow, qtbot: Any
) -> None:
    workspace = window.workspace
    assert workspace is not None
    shown = _select(workspace, "BNK-4")
    qtbot.keyClicks(workspace.filter_bar.text, "OPS-")  # hides it; the pane keeps it
    assert workspace.table.current_id() is None and workspace.details.shown_id() == shown

    workspace.filter_bar.text.clear()  # back in the table
    assert workspace.table.current_id() == shown  # selected, so Plan › What if… acts on it
    assert workspace.views.selection() == [shown]
    assert workspace.details.hidden_notice.isHidden()
