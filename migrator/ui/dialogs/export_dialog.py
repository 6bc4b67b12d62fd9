"""The status report export: what to write and where, run in the background with a progress bar."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.analysis.plan_state import SnapshotInfo
from migrator.domain.errors import MigratorError
from migrator.domain.wording import date_text
from migrator.reports import Progress
from migrator.reports.content import Audience
from migrator.services.reporting import ExportRequest, ExportResult
from migrator.ui.dialogs.working_dialog import WorkingDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR
from migrator.ui.widgets.date_edit import DateEdit, with_message
from migrator.ui.window_settings import WindowSettings

AUDIENCES = (
    (Audience.FULL, "Full", "Every sheet: for PMs and the coordinator."),
    (Audience.EXECUTIVE, "Executive", "The one-page summary and the changes."),
    (Audience.TEAM, "One team", "One team's work and the dependencies it gives and receives."),
)
NOT_IN_FILE_NAMES = re.compile(r'\s*[<>:"/\\|?*\x00-\x1f]+\s*')  # refused by Windows or macOS Finder


def file_name_of(name: str) -> str:
    """``name`` as a file name: what Windows or macOS Finder refuse becomes " - " (may be empty)."""
    return NOT_IN_FILE_NAMES.sub(" - ", name).strip(" .-")


def snapshot_text(snapshot: SnapshotInfo) -> str:
    """``#3 · 22 Feb 2027 · label``: how a stored snapshot is listed."""
    parts = [f"#{snapshot.id}", date_text(snapshot.as_of), snapshot.label]
    return " · ".join(part for part in parts if part)


class ExportDialog(WorkingDialog):
    _progressed = Signal(float, str)  # from the export's thread
    _finished = Signal(object)  # from the export's thread: ExportResult or the exception

    def __init__(
        self, document: PlanDocument, parent: QWidget | None = None, settings: WindowSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings or WindowSettings()  # the window's: its remembered folders
        self.running = False
        self.exported: ExportResult | None = None
        self._confirmed: Path | None = None  # a path whose replacing the user already agreed to
        self.setWindowTitle("Export status report")
        self.setMinimumWidth(640)

        self.audience = QComboBox()
        for audience, text, tip in AUDIENCES:
            self.audience.addItem(text, audience)
            self.audience.setItemData(self.audience.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        self.team = QComboBox()
        for team in document.plan.teams:
            self.team.addItem(f"{team.name} ({team.code})", team.code)
        self.as_of = DateEdit(today=document.as_of, required=True)
        self.as_of.set_value(document.as_of)
        self.compare = QComboBox()
        self.label = QLineEdit()
        self.label.setMaxLength(200)
        self.label.setPlaceholderText("Optional, e.g. Steering committee")
        self.keep_snapshot = QCheckBox("Keep a snapshot, so the next report can list what changed")
        self.output = QLineEdit()
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setAutoDefault(False)  # Enter exports, it doesn't open the file dialog
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_message = QLabel()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        output_row = QHBoxLayout()
        output_row.addWidget(self.output, 1)
        output_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Audience:", self.audience)
        form.addRow("Team:", self.team)
        form.addRow("As of:", with_message(self.as_of))
        form.addRow("Compare with:", self.compare)
        form.addRow("Label:", self.label)
        form.addRow("", self.keep_snapshot)
        form.addRow("Save as:", output_row)
        self.inputs: list[QWidget] = [
            self.audience, self.team, self.as_of, self.compare, self.label, self.keep_snapshot, self.output,
            self.browse_button,
        ]  # fmt: skip

        role = QDialogButtonBox.ButtonRole
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = self.buttons.addButton("Export", role.AcceptRole)
        self.open_folder_button = self.buttons.addButton("Open folder", role.ActionRole)
        self.open_report_button = self.buttons.addButton("Open report", role.ActionRole)
        self.cancel_button = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.open_folder_button.hide()
        self.open_report_button.hide()

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_message)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.progress.hide()
        self.progress_message.hide()
        self.outcome.hide()

        self._fill_snapshots()
        self._default_output = self._suggested_output()
        self.output.setText(str(self._default_output))
        if document.read_only:
            name = document.name
            self.keep_snapshot.setText(f"Keep a snapshot (not possible: {name} is read-only)")
        else:
            self.keep_snapshot.setChecked(True)
        self._update_enabled()

        self.audience.currentIndexChanged.connect(self._update_enabled)
        self.as_of.date_changed.connect(self._update_default_output)
        self.browse_button.clicked.connect(self.browse)
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)
        self.open_folder_button.clicked.connect(lambda: self._open(self._written().parent))
        self.open_report_button.clicked.connect(lambda: self._open(self._written()))
        # Queued: the worker emits from its own thread; the widgets change only in this one.
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self._finished.connect(self._show_outcome, Qt.ConnectionType.QueuedConnection)
        document.snapshot_added.connect(self._fill_snapshots)  # the one an export keeps

    # ------------------------------------------------------------ inputs

    def _fill_snapshots(self) -> None:
        self.compare.clear()
        self.compare.addItem("Last report before this as-of date (default)", None)
        for snapshot in self.document.snapshots():
            self.compare.addItem(snapshot_text(snapshot), str(snapshot.id))

    def _update_enabled(self) -> None:
        one_team = self._chosen_audience() is Audience.TEAM
        self.team.setEnabled(one_team and not self.running)
        # A read-only file can't keep a snapshot: the box stays off rather than failing the export.
        self.keep_snapshot.setEnabled(not self.document.read_only and not self.running)

    def _chosen_audience(self) -> Audience:
        return Audience(self.audience.currentData())  # Qt hands a StrEnum back as a plain str

    def _chosen_as_of(self) -> date:
        return self.as_of.value() or self.document.as_of  # required: never empty

    def _suggested_output(self) -> Path:
        name = file_name_of(self.document.plan.migration.name) or "Migration"
        return self.settings.folder("reports") / f"{name} status {self._chosen_as_of().isoformat()}.xlsx"

    def _update_default_output(self) -> None:
        suggested = self._suggested_output()
        if self.output.text() == str(self._default_output):  # not a name the user chose
            self.output.setText(str(suggested))
        self._default_output = suggested

    def browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, "Save the status report", self.output.text(), "Excel workbook (*.xlsx)"
        )
        if path:
            self.output.setText(path)
            self._confirmed = Path(path)

    # ------------------------------------------------------------ running the export

    def export(self) -> None:
        if not self.as_of.commit():
            self.as_of.setFocus()  # the reason is beside the date
            return
        text = self.output.text().strip()
        if not text:
            self._show_problem("Choose where to save the report.")
            return
        output = Path(text).expanduser()
        if not output.suffix:
            output = output.with_suffix(".xlsx")
        if output.is_file() and output != self._confirmed:
            answer = QMessageBox.question(
                self, "Replace the report?", f"{output.name} already exists in {output.parent}. Replace it?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        audience = self._chosen_audience()
        team = self.team.currentData() if audience is Audience.TEAM else None
        request = ExportRequest(
            output=output,
            as_of=self._chosen_as_of(),
            audience=audience,
            team=team,
            since=self.compare.currentData(),
            label=self.label.text(),
            keep_snapshot=self.keep_snapshot.isChecked(),
        )
        try:
            worker = self.document.export_worker()  # on a service of its own: see there why
        except MigratorError as error:  # e.g. a quickly opened file that can no longer be opened
            self._show_problem(str(error))
            return
        self._set_running(True)
        self.outcome.hide()
        self.open_folder_button.hide()
        self.open_report_button.hide()
        self.progress.setValue(0)
        self.progress_message.setText("Starting…")
        self.progress.show()
        self.progress_message.show()
        threading.Thread(target=self._work, args=(worker, request), name="export", daemon=True).start()

    def _work(
        self, worker: Callable[[ExportRequest, Progress], ExportResult], request: ExportRequest
    ) -> None:
        try:
            outcome: object = worker(request, self._progressed.emit)
        except BaseException as error:  # handed to the window's thread, which decides what to show
            outcome = error
        self._finished.emit(outcome)

    def _set_running(self, running: bool) -> None:
        self.running = running
        for widget in self.inputs:
            widget.setEnabled(not running)
        self._update_enabled()
        self.export_button.setEnabled(not running)
        self.cancel_button.setEnabled(not running)  # an export can't be stopped halfway

    def _show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.progress_message.setText(message)

    def _show_outcome(self, outcome: object) -> None:
        self._set_running(False)
        self.progress_message.hide()
        if isinstance(outcome, BaseException):
            self.progress.hide()
            if not isinstance(outcome, MigratorError | OSError):
                raise outcome  # unexpected: reaches the error dialog; the dialog stays usable
            self._show_problem(str(outcome))
            return
        assert isinstance(outcome, ExportResult)
        self.exported = outcome
        self.settings.set_folder("reports", outcome.path.parent)
        self._confirmed = outcome.path  # exporting again to it replaces it without asking twice
        self.outcome.setStyleSheet("")
        self.outcome.setText(self._success_text(outcome))
        self.outcome.show()
        self.open_folder_button.show()
        self.open_report_button.show()
        self.cancel_button.setText("Close")
        self.cancel_button.setDefault(True)

    def _success_text(self, result: ExportResult) -> str:
        lines = [f"Saved to {result.path}"]
        compared = result.compared_with
        if compared is None:
            lines.append("There was no earlier report to compare with.")
        else:
            changes = f"{result.changes} change{'' if result.changes == 1 else 's'}"
            lines.append(f"{changes} since snapshot {snapshot_text(compared)}.")
        if result.snapshot is not None:
            lines.append(f"Kept as snapshot #{result.snapshot.id}.")
        return "\n".join(lines)

    def _show_problem(self, message: str) -> None:
        self.outcome.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        self.outcome.setText(message)
        self.outcome.show()

    def _written(self) -> Path:
        assert self.exported is not None
        return self.exported.path

    def _open(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    # ------------------------------------------------------------ staying open while it runs

    def working(self) -> bool:
        return self.running
