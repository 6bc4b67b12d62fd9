"""The export and baseline dialogs on the demo plan: what they write, show and undo (the import
dialog: tests/ui/test_import_dialog.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox

from migrator.services import MigrationService, NewMigration
from migrator.ui.dialogs.baseline_dialog import BaselineDialog
from migrator.ui.dialogs.export_dialog import ExportDialog
from migrator.ui.document import plan_document
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.main_window import MainWindow
from migrator.ui.views.dashboard_view import DashboardView

AS_OF = date(2027, 3, 1)


@pytest.fixture
def document(demo_file: Path) -> Iterator[PlanDocument]:
    document = PlanDocument(MigrationService.open(demo_file, today=lambda: AS_OF))
    yield document
    document.close()


def _baselines(document: PlanDocument) -> dict[str, tuple[date | None, date | None]]:
    return {w.key: (w.baseline_start, w.baseline_due) for w in document.service.workstreams()}


# ---------------------------------------------------------------- export


def test_export_writes_the_workbook_and_keeps_a_snapshot(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    target = tmp_path / "reports" / "status.xlsx"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_args, **_kw: (str(target), ""))
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    assert document.last_report() is None

    dialog.browse_button.click()
    dialog.label.setText("Steering committee")
    dialog.export_button.click()
    assert not dialog.cancel_button.isEnabled()  # an export runs to its end
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)

    assert dialog.progress.value() == 100
    assert str(target) in dialog.outcome.text()
    assert "no earlier report" in dialog.outcome.text()
    assert dialog.open_report_button.isVisible() and dialog.open_folder_button.isVisible()
    workbook = openpyxl.load_workbook(target)
    assert "Summary" in workbook.sheetnames
    snapshots = document.service.snapshots()
    assert [(s.label, s.as_of) for s in snapshots] == [("Steering committee", AS_OF)]
    assert document.last_report() == snapshots[0]  # the document was read again
    assert dialog.compare.itemText(1) == "#1 · 1 Mar 2027 · Steering committee"
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", opened.append)
    dialog.open_folder_button.click()
    dialog.open_report_button.click()
    assert [url.toLocalFile() for url in opened] == [str(target.parent), str(target)]


def test_an_export_shows_its_report_on_the_dashboard_without_reading_the_plan_again(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_file: Path
) -> None:
    # The watch for other writers would read the plan again once it notices the export's own
    # connection wrote; held off here, so only the document's snapshot_added can tell the views.
    monkeypatch.setattr(plan_document, "WATCH_INTERVAL_MS", 3_600_000)
    document = PlanDocument(MigrationService.open(demo_file, today=lambda: AS_OF))
    view = DashboardView(document)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: document.analysis is not None and "Analysing" not in view.subtitle.text())
    assert [p.snapshot_id for p in view.chart.points] == [None]  # only "now": no report kept yet
    assert "No report kept yet" in view.health.detail.text()
    reloads: list[bool] = []
    document.reloaded.connect(lambda: reloads.append(True))

    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.output.setText(str(tmp_path / "status.xlsx"))
    dialog.label.setText("Steering committee")
    with qtbot.waitSignal(document.snapshot_added, timeout=30_000) as added:
        dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)

    assert (added.args[0].id, added.args[0].label) == (1, "Steering committee")
    assert [p.snapshot_id for p in view.chart.points] == [1, None]
    assert view.health.detail.text() == "Same as the last report (1 Mar 2027)"
    assert [s.id for s in document.snapshots()] == [1] and document.last_report() == added.args[0]
    assert dialog.compare.itemText(1) == "#1 · 1 Mar 2027 · Steering committee"
    assert reloads == []
    document.close()


def test_second_export_counts_the_changes_since_the_chosen_snapshot(
    qtbot: Any, tmp_path: Path, document: PlanDocument
) -> None:
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.output.setText(str(tmp_path / "first.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    first = next(iter(document.plan.workstreams.values()))
    assert document.edit_workstreams({first.id: {"progress": 55}}, "Progress")

    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    assert dialog.keep_snapshot.isChecked()
    dialog.compare.setCurrentIndex(1)  # snapshot #1
    dialog.audience.setCurrentIndex(dialog.audience.findText("One team"))
    assert dialog.team.isEnabled()
    dialog.team.setCurrentIndex(dialog.team.findData(first.team_code))
    dialog.keep_snapshot.setChecked(False)
    dialog.output.setText(str(tmp_path / "team"))  # the .xlsx is added
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)

    assert (tmp_path / "team.xlsx").is_file()
    assert "1 change since snapshot #1 · 1 Mar 2027." in dialog.outcome.text()
    assert len(document.service.snapshots()) == 1


def test_export_to_a_missing_folder_says_so_and_writes_nothing(
    qtbot: Any, tmp_path: Path, document: PlanDocument
) -> None:
    missing = tmp_path / "no such folder"
    dialog = ExportDialog(document)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.output.setText(str(missing / "status.xlsx"))
    dialog.export_button.click()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)

    assert dialog.isVisible()
    assert f"The folder {missing} does not exist" in dialog.outcome.text()
    assert not missing.exists()
    assert document.service.snapshots() == []
    assert dialog.export_button.isEnabled() and dialog.output.isEnabled()
    assert not dialog.open_report_button.isVisible()


def test_read_only_file_keeps_no_snapshot_and_takes_no_baseline(qtbot: Any, demo_file: Path) -> None:
    document = PlanDocument(MigrationService.open(demo_file, read_only=True, today=lambda: AS_OF))
    try:
        export = ExportDialog(document)
        qtbot.addWidget(export)
        assert not export.keep_snapshot.isChecked() and not export.keep_snapshot.isEnabled()
        baseline = BaselineDialog(document)
        qtbot.addWidget(baseline)
        assert not baseline.ok_button.isEnabled()
    finally:
        document.close()


# ---------------------------------------------------------------- baseline


def test_baseline_from_the_plan_now_is_undone_in_one_step(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, document: PlanDocument
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))
    before = _baselines(document)
    dialog = BaselineDialog(document)
    qtbot.addWidget(dialog)
    assert dialog.now.isChecked()
    assert not dialog.from_snapshot.isEnabled()  # the demo has no snapshots yet

    dialog.ok_button.click()
    after = _baselines(document)
    moved = sum(after[key] != before[key] for key in before)
    assert moved > 0
    assert shown and f"{moved} workstreams have new baseline dates" in shown[0]
    planned = [w for w in document.plan.workstreams.values() if w.planned_due]
    assert all(w.baseline_due == w.planned_due for w in planned)
    document.undo_stack.undo()
    assert _baselines(document) == before
    document.undo_stack.redo()
    assert _baselines(document) == after


def test_baseline_from_a_stored_snapshot(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, document: PlanDocument
) -> None:
    export = ExportDialog(document)
    qtbot.addWidget(export)
    export.output.setText(str(tmp_path / "status.xlsx"))
    export.export_button.click()
    qtbot.waitUntil(lambda: not export.running, timeout=30_000)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _parent, _title, text: shown.append(text))

    dialog = BaselineDialog(document)
    qtbot.addWidget(dialog)
    dialog.from_snapshot.setChecked(True)
    assert dialog.snapshots.isEnabled() and dialog.snapshots.currentItem().text() == "#1 · 1 Mar 2027"
    dialog.ok_button.click()

    assert shown and "snapshot #1 · 1 Mar 2027" in shown[0]
    assert dialog.result() == BaselineDialog.DialogCode.Accepted


def test_changed_since_last_report_counts_from_an_exported_report_at_once(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, demo_file: Path
) -> None:
    monkeypatch.setattr(plan_document, "WATCH_INTERVAL_MS", 3_600_000)  # as above: no reading again
    # A plan written now (the demo's history is stamped in 2027, after any report kept today).
    path = tmp_path / "small.migrator"
    start, go_live = date(2027, 2, 1), date(2027, 6, 30)
    new = NewMigration("Card fleet", start, go_live)
    with MigrationService.create(path, new, today=lambda: AS_OF) as service:
        team = service.create_team("Banking", "BNK")
        for title in ("Ledger", "Cards", "Branches"):
            service.create_workstream(title, team, planned_start=start, planned_due=date(2027, 3, 31))
    window = MainWindow(as_of=AS_OF)
    qtbot.addWidget(window)
    assert window.open_file(path)
    window.show()
    document, workspace = window.document, window.workspace
    assert document is not None and workspace is not None
    toggle, model = workspace.filter_bar.toggles["changed"], workspace.table.model_
    assert not toggle.isEnabled()

    def export(name: str) -> None:
        dialog = ExportDialog(document)
        qtbot.addWidget(dialog)
        dialog.output.setText(str(tmp_path / name))
        dialog.label.setText(name)
        with qtbot.waitSignal(document.snapshot_added, timeout=30_000):
            dialog.export_button.click()
        qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)

    export("week 9.xlsx")
    assert toggle.isEnabled()
    assert toggle.toolTip() == "Edited or commented on since report #1 “week 9.xlsx”, as of 1 Mar 2027"
    toggle.click()
    assert model.rowCount() == 0  # nothing edited since
    ledger = next(w.id for w in document.plan.workstreams.values() if w.key == "BNK-1")
    assert document.edit_workstreams({ledger: {"progress": 55}}, "Progress")
    assert [model.workstream_id(row) for row in range(model.rowCount())] == [ledger]
    export("week 10.xlsx")
    assert toggle.toolTip() == "Edited or commented on since report #2 “week 10.xlsx”, as of 1 Mar 2027"
    assert model.rowCount() == 0  # counted from the new report, without reading the plan again
    window.close()
