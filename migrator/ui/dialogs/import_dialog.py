"""Importing a plan file: choose it, preview what it would change (a dry run), then apply it as one step."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.errors import MigratorError
from migrator.services.plan_import import ImportReport, PlanImportError
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR
from migrator.ui.window_settings import WindowSettings

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
COLUMNS_HINT = (
    "A CSV file or Excel sheet with a header row: Key, Title, Team, Owner, Status, Start, Due, Progress, "
    "Milestone, Predecessors, Description (only Title is required). A row whose key is already in the "
    "plan updates that workstream; the other rows are added."
)


class ImportDialog(QDialog):
    def __init__(
        self, document: PlanDocument, parent: QWidget | None = None, settings: WindowSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings or WindowSettings()  # the window's: its remembered folders
        self.report: ImportReport | None = None  # the preview of the file as chosen now
        self._previewed: tuple[str, str | None] | None = None
        self.setWindowTitle("Import plan")
        self.setMinimumSize(640, 480)

        self.path = QLineEdit()
        self.path.setPlaceholderText("A .csv or .xlsx file")
        self.browse_button = QPushButton("Browse…")
        self.sheet = QLineEdit()
        self.sheet.setPlaceholderText("The first sheet")
        hint = QLabel(COLUMNS_HINT)
        hint.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary = QPlainTextEdit()
        self.summary.setReadOnly(True)
        self.problems = QTableWidget(0, 3)
        self.problems.setHorizontalHeaderLabels(["Row", "Column", "Problem"])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow("Plan file:", path_row)
        form.addRow("Sheet:", self.sheet)
        role = QDialogButtonBox.ButtonRole
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = self.buttons.addButton("Preview", role.ActionRole)
        self.import_button = self.buttons.addButton("Import", role.AcceptRole)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.buttons)
        self._show_message("Choose a plan file to see what importing it would change.")
        # Enter previews; importing always takes a deliberate click on Import.
        for button in (self.browse_button, self.import_button):
            button.setAutoDefault(False)
        self.preview_button.setDefault(True)  # once inside the dialog, or Qt ignores it

        self.browse_button.clicked.connect(self.browse)
        self.path.textEdited.connect(self._forget_preview)
        self.sheet.textEdited.connect(self._forget_preview)
        self.preview_button.clicked.connect(self.preview)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------ choosing the file

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import a plan", str(self.settings.folder("plans")),
            "Plans (*.csv *.xlsx);;CSV (*.csv);;Excel workbook (*.xlsx)",
        )  # fmt: skip
        if path:
            self.path.setText(path)
            self.settings.set_folder("plans", Path(path).parent)
            self.preview()

    def _chosen(self) -> tuple[str, str | None]:
        path = self.path.text().strip()
        is_workbook = Path(path).suffix.lower() in WORKBOOK_SUFFIXES
        # A CSV file has no sheets: the reader refuses a sheet name for one.
        self.sheet.setEnabled(is_workbook or not path)
        return path, (self.sheet.text().strip() or None) if is_workbook else None

    def _forget_preview(self) -> None:
        self._chosen()
        self.report = None
        self._show_message("Press Preview (or Enter) to see what importing this file would change.")

    # ------------------------------------------------------------ the preview

    def preview(self) -> None:
        """Run the import as a dry run (nothing changes) and show what it would do or what is wrong."""
        path, sheet = self._previewed = self._chosen()
        self.report = None
        if not path:
            self._show_message("Choose a plan file to see what importing it would change.")
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            file = Path(path).expanduser()
            report = self.document.import_preview(file, sheet)
        except PlanImportError as error:
            self._show_problems(error)
            return
        except MigratorError as error:  # the file can't be read as a plan, or the migration is read-only
            self._show_message(str(error), problem=True)
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.report = report
        self.message.setStyleSheet("")
        self.message.setText(
            "Importing would make these changes, as one step you can undo:"
            if report.changes_anything
            else "The plan already matches this file: importing it would change nothing."
        )
        self.summary.setPlainText("\n".join(report.summary_lines()[1:]))  # without the dry-run heading
        self.summary.show()
        self.problems.hide()
        self.import_button.setEnabled(report.changes_anything)

    def _show_message(self, message: str, problem: bool = False) -> None:
        self.message.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};" if problem else "")
        self.message.setText(message)
        self.summary.clear()
        self.summary.show()  # empty, so the dialog keeps its shape
        self.problems.hide()
        self.import_button.setEnabled(False)

    def _show_problems(self, error: PlanImportError) -> None:
        headline = str(error).splitlines()[0]
        self._show_message(f"{headline} Correct the file and preview it again.", problem=True)
        self.summary.hide()
        self.problems.setRowCount(len(error.problems))
        for row, problem in enumerate(error.problems):
            cells = ("" if problem.row is None else str(problem.row), problem.column or "", problem.message)
            for column, text in enumerate(cells):
                self.problems.setItem(row, column, QTableWidgetItem(text))
        self.problems.resizeRowsToContents()
        self.problems.show()

    # ------------------------------------------------------------ applying

    def apply(self) -> None:
        path, sheet = self._chosen()
        if self.report is None or (path, sheet) != self._previewed:
            return
        if self.document.import_plan(Path(path).expanduser(), sheet) is not None:
            self.accept()
        else:
            self.preview()  # the window told why; show what the file would do now
