"""An analysis that fails is said in the status bar and logged, never silently left out of date."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from migrator.domain.model import Status
from migrator.logs import log_path
from migrator.ui.document import plan_document
from migrator.ui.main_window import MainWindow
from tests.conftest import AS_OF


@pytest.fixture
def window(qtbot: Any, demo_file: Path) -> Iterator[MainWindow]:
    win = MainWindow(as_of=AS_OF)
    qtbot.addWidget(win)
    assert win.open_file(demo_file)
    win.show()
    qtbot.waitUntil(lambda: win.document is not None and win.document.analysis is not None)
    yield win
    win.close()


def test_a_failed_analysis_is_shown_until_one_succeeds(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = window.document
    assert document is not None
    shown = window.go_live_label.text()
    assert shown.startswith("Go-live")

    def broken(*_args: Any) -> Any:
        raise RuntimeError("the calendar has no working days left")

    monkeypatch.setattr(plan_document, "analyse", broken)
    todo = [w.id for w in document.plan.workstreams.values() if w.status is Status.NOT_STARTED]
    with qtbot.waitSignal(document.analysis_failed):
        document.edit_workstreams({todo[0]: {"status": Status.BLOCKED}}, "Block")
    failed = window.go_live_label.text()
    assert failed.startswith("The analysis failed (the calendar has no working days left)")
    assert "out of date" in failed
    assert document.plan.workstreams[todo[0]].status is Status.BLOCKED  # the edit itself was kept
    assert "the calendar has no working days left" in log_path().read_text()
    assert "RuntimeError" in log_path().read_text()

    with qtbot.waitSignal(document.analysis_failed):  # still failing: still said
        document.set_as_of(AS_OF)
    assert window.go_live_label.text() == failed

    monkeypatch.undo()
    with qtbot.waitSignal(document.analysed):
        document.edit_workstreams({todo[1]: {"status": Status.BLOCKED}}, "Block")
    assert window.go_live_label.text().startswith("Go-live")
    assert document.analysis_error is None
