"""The first window: the plan's workstreams in a table, read-only files flagged."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from migrator.domain.model import Status
from migrator.services import MigrationService
from migrator.ui.main_window import MainWindow


def _plan(service: MigrationService) -> None:
    bnk = service.create_team("Banking & Payments", "BNK")
    service.create_workstream(
        "Issuer contract", bnk, planned_start=date(2027, 1, 4), planned_due=date(2027, 2, 5)
    )
    service.create_workstream("Debit cards live", bnk, is_milestone=True, planned_due=date(2027, 6, 30))
    service.create_workstream(
        "BIN sponsorship", bnk, status=Status.BLOCKED, blocker_note="Waiting on the issuer"
    )


def test_window_lists_workstreams_and_counts(
    qtbot: Any, qtmodeltester: Any, service: MigrationService
) -> None:
    _plan(service)
    window = MainWindow(service)
    qtbot.addWidget(window)
    qtmodeltester.check(window.model)

    model = window.model
    assert model.rowCount() == 3
    titles = [model.index(row, model.TITLE).data() for row in range(3)]
    assert titles == ["Issuer contract", "◆ Debit cards live", "BIN sponsorship"]
    blocked = model.index(2, model.STATUS)
    assert blocked.data() == "Blocked"
    assert blocked.data(Qt.ItemDataRole.ToolTipRole) == "Blocked: Waiting on the issuer"
    assert "plan.migrator" in window.windowTitle()
    assert "3 workstreams" in window.counts_label.text()
    assert window.read_only_banner.isHidden()


def test_read_only_file_shows_a_banner(qtbot: Any, service: MigrationService) -> None:
    _plan(service)
    service.close()
    reader = MigrationService.open(service.store.path, read_only=True)
    window = MainWindow(reader)
    qtbot.addWidget(window)
    window.show()
    assert window.read_only_banner.isVisible()
    assert "read-only" in window.read_only_banner.text()
    reader.close()
