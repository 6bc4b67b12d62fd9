"""File › Import plan…: choose a plan file (ours, MS Project, GanttProject, Jira, Smartsheet),
preview what importing it would change under the coordinator's choices (how its columns are read,
where teams come from, the day/month order of its dates), then apply it as one step."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.errors import MigratorError
from migrator.importing.source_plan import NO_TEAM, OUTLINE, ColumnUse, DateOrder, ImportChoices
from migrator.services.plan_import import ImportProblemsError, ImportReport, PlanImportError, PlanProblem
from migrator.ui.dialogs.background_job import BackgroundJob
from migrator.ui.dialogs.working_dialog import WorkingDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR, MUTED
from migrator.ui.widgets.preview_lists import PreviewLists
from migrator.ui.window_settings import WindowSettings

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
PLAN_FILES = (
    "Plans (*.csv *.xlsx *.xml *.gan);;MS Project XML (*.xml);;GanttProject (*.gan);;"
    "CSV: Migrator, MS Project, Jira, Smartsheet (*.csv);;Excel workbook (*.xlsx);;Every file (*)"
)
HINT = (
    "A plan from MS Project (saved as XML, or exported to CSV or Excel), GanttProject (.gan), a Jira or "
    "Smartsheet export, or a CSV file or Excel sheet of Migrator's own columns (Key, Title, Team, Owner, "
    "Status, Start, Due, Progress, Milestone, Depends on, Description). The preview shows how "
    "it is read; change a choice and it is read again. Workstreams imported before are matched and "
    "updated; the others are added."
)
NOT_READ = "(not read)"
TEAM_FROM_NAMES = {OUTLINE: "Summary tasks", NO_TEAM: "None (Unassigned)"}
DATE_ORDERS: tuple[tuple[str, DateOrder | None], ...] = (
    ("Choose…", None),
    ("Day first: 04/01/2027 is 4 January", "dmy"),
    ("Month first: 04/01/2027 is 1 April", "mdy"),
)
REMEMBERED = "Choices remembered from the last import of this kind of file."
RED = HEALTH_COLOUR[HealthLevel.RED]


def field_label(field: str) -> str:
    """A field as the mapping names it: "depends_on" → "Depends on"."""
    return field.replace("_", " ").capitalize() if field else NOT_READ


class ImportDialog(WorkingDialog):
    """The file, then its preview (a dry run in the background), then Import."""

    def __init__(
        self, document: PlanDocument, parent: QWidget | None = None, settings: WindowSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings or WindowSettings()  # the window's: its remembered folders
        self.report: ImportReport | None = None  # the preview of the file as chosen now
        self.choices = ImportChoices()  # the coordinator's: nothing chosen means remembered or guessed
        self._previewed: tuple[str, str | None, ImportChoices] | None = None
        self._filling = False  # combos being filled from a preview: not the coordinator's choice
        self.job = BackgroundJob("import preview", self)
        self.setWindowTitle("Import plan")
        self.setMinimumSize(760, 560)
        self.resize(1100, 720)

        hint = QLabel(HINT)
        hint.setWordWrap(True)
        self.path = QLineEdit()
        self.path.setPlaceholderText("A .xml, .gan, .csv or .xlsx file")
        self.browse_button = QPushButton("Browse…")
        self.sheet = QLineEdit()
        self.sheet.setPlaceholderText("The first sheet")
        path_row = QHBoxLayout()
        path_row.addWidget(self.path, 1)
        path_row.addWidget(self.browse_button)

        self.format_label = QLabel()
        self.format_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.remembered_label = QLabel(REMEMBERED)
        self.remembered_label.setStyleSheet(f"color: {MUTED.color().name()};")
        self.team_from = QComboBox()
        self.team_from.setAccessibleName("Team from")
        self.team_from.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date_order = QComboBox()
        self.date_order.setAccessibleName("Day/month order")
        for text, order in DATE_ORDERS:
            self.date_order.addItem(text, order)
        self.form = QFormLayout()
        self.form.addRow("Plan file:", path_row)
        self.form.addRow("Sheet:", self.sheet)
        self.form.addRow("Read as:", self.format_label)
        self.team_row, self.order_row = _left(self.team_from), _left(self.date_order)
        self.form.addRow("Team from:", self.team_row)
        self.form.addRow("Day/month order:", self.order_row)

        self.mapping = QTableWidget(0, 2)
        self.mapping.setAccessibleName("Columns as read")
        self.mapping.setHorizontalHeaderLabels(["In the file", "Read as"])
        self.mapping.verticalHeader().hide()
        self.mapping.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.mapping.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        mapping_header = self.mapping.horizontalHeader()
        mapping_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        mapping_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the combos, whole

        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.busy = QProgressBar()  # while the file is read: a plan of thousands of tasks takes seconds
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.problems = QTableWidget(0, 3)
        self.problems.setAccessibleName("Problems")
        self.problems.setHorizontalHeaderLabels(["Row", "Column", "Problem"])
        self.problems.verticalHeader().hide()
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet(f"color: {RED};")
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.changes = PreviewLists()
        self.changes.setAccessibleName("What importing would do")

        outcome = QWidget()
        outcome_layout = QVBoxLayout(outcome)
        outcome_layout.setContentsMargins(0, 0, 0, 0)
        outcome_layout.addWidget(self.message)
        outcome_layout.addWidget(self.busy)
        outcome_layout.addWidget(self.problems, 1)
        outcome_layout.addWidget(self.changes, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.mapping)
        self.splitter.addWidget(outcome)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)

        role = QDialogButtonBox.ButtonRole
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.preview_button = self.buttons.addButton("Preview", role.ActionRole)
        self.import_button = self.buttons.addButton("Import", role.AcceptRole)

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(self.form)
        layout.addWidget(self.remembered_label)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.buttons)
        # Enter previews; importing always takes a deliberate click on Import.
        for button in (self.browse_button, self.import_button):
            button.setAutoDefault(False)
        self.preview_button.setDefault(True)  # once inside the dialog, or Qt ignores it

        self.browse_button.clicked.connect(self.browse)
        self.path.textEdited.connect(self._forget_preview)
        self.sheet.textEdited.connect(self._forget_preview)
        self.preview_button.clicked.connect(self.preview)
        self.team_from.currentIndexChanged.connect(self._team_from_chosen)
        self.date_order.currentIndexChanged.connect(self._date_order_chosen)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        self.job.finished.connect(self._show_preview)
        self._show_nothing("Choose a plan file to see what importing it would change.")

    # ------------------------------------------------------------ choosing the file

    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import a plan", str(self.settings.folder("plans")), PLAN_FILES
        )
        if path:
            self.path.setText(path)
            self.settings.set_folder("plans", Path(path).parent)
            self._forget_preview()
            self.preview()

    def _chosen(self) -> tuple[str, str | None]:
        path = self.path.text().strip()
        is_workbook = Path(path).suffix.lower() in WORKBOOK_SUFFIXES
        # Only a workbook has sheets: the reader refuses a sheet name for any other file.
        self.form.setRowVisible(self.sheet, is_workbook or not path)
        return path, (self.sheet.text().strip() or None) if is_workbook else None

    def _forget_preview(self) -> None:
        """Another file (or sheet): its own choices, remembered or guessed, once previewed."""
        self._chosen()
        self.choices = ImportChoices()
        self._show_nothing("Press Preview (or Enter) to see what importing this file would change.")

    # ------------------------------------------------------------ the preview

    def preview(self) -> None:
        """Read the file and run the import as a dry run (nothing changes), in the background."""
        if self.job.running:
            return
        path, sheet = self._chosen()
        if not path:
            self._show_nothing("Choose a plan file to see what importing it would change.")
            return
        try:
            worker = self.document.import_preview_worker()
        except MigratorError as error:  # e.g. a shared plan's server away
            self._show_nothing(str(error), problem=True)
            return
        file, choices = Path(path).expanduser(), self.choices
        self._previewed = (path, sheet, choices)
        self.report = None
        self.message.setStyleSheet("")
        self.message.setText(f"Reading {file.name}…")
        self.job.start(lambda _progress: worker(file, sheet, choices))
        self._update_controls()

    def _show_preview(self, outcome: object) -> None:
        if isinstance(outcome, PlanImportError):
            self._show_problems(outcome)
        elif isinstance(outcome, MigratorError | OSError):  # not a plan, unreadable, read-only
            self._show_nothing(str(outcome), problem=True)
        elif isinstance(outcome, BaseException):
            self._show_nothing("The file could not be previewed.", problem=True)
            raise outcome  # unexpected: reaches the error dialog; the dialog stays usable
        else:
            assert isinstance(outcome, ImportReport)
            self._show_report(outcome)
        self._update_controls()

    def _show_report(self, report: ImportReport) -> None:
        self.report = report
        self._show_reading(report)
        self.message.setStyleSheet("")
        self.message.setText(
            "Importing would make these changes, as one step you can undo:"
            if report.changes_anything
            else "The plan already matches this file: importing it would change nothing."
        )
        self.problems.hide()
        self.changes.show_sections(report_sections(report))

    def _show_problems(self, error: PlanImportError) -> None:
        """The file's problems in place, by row; what was read of it stays shown, so a choice
        (the day/month order, a column) can put them right."""
        if isinstance(error, ImportProblemsError):
            self._show_reading(error.report)
            self.changes.show_sections(report_sections(error.report))
        else:
            self._clear_reading()
            self.changes.show_sections([])
        count = len(error.problems)
        self.message.setStyleSheet(f"color: {RED};")
        self.message.setText(
            f"The plan has {count} problem{'s' if count != 1 else ''}; importing it would change nothing. "
            + (
                "Choose the day/month order above, or correct the file and preview it again."
                if self.form.isRowVisible(self.order_row)
                else "Correct the file (or how its columns are read) and preview it again."
            )
        )
        _fill_problems(self.problems, error.problems)
        self.problems.show()

    def _show_nothing(self, message: str, problem: bool = False) -> None:
        self.report = None
        self._previewed = None
        self.message.setStyleSheet(f"color: {RED};" if problem else "")
        self.message.setText(message)
        self._clear_reading()
        self.changes.clear()
        self.changes.show()  # empty, so the dialog keeps its shape
        self.problems.hide()
        self._update_controls()

    # ------------------------------------------------------------ how the file was read

    def _show_reading(self, report: ImportReport) -> None:
        """The format, the columns and the choices as this preview used them."""
        self._filling = True
        try:
            self.format_label.setText(report.source_label)
            self.form.setRowVisible(self.format_label, True)
            self._fill_team_from(report)
            self._fill_date_order(report)
            self._fill_mapping(report)
            self.remembered_label.setVisible(report.choices_remembered)
        finally:
            self._filling = False

    def _clear_reading(self) -> None:
        self._filling = True
        try:
            self.format_label.setText("")
            self.form.setRowVisible(self.format_label, False)
            self.team_from.clear()
            self.form.setRowVisible(self.team_row, False)
            self.form.setRowVisible(self.order_row, False)
            self.mapping.setRowCount(0)
            self.remembered_label.hide()
        finally:
            self._filling = False

    def _fill_team_from(self, report: ImportReport) -> None:
        self.team_from.clear()
        chosen = report.choices.team_from
        if not report.grouping_choices and chosen in (None, NO_TEAM):  # our own columns name the team
            self.form.setRowVisible(self.team_row, False)
            return
        # And the one chosen for this kind of file when the file lacks it: its problem says so.
        names = [*report.grouping_choices]
        names += [name for name in (OUTLINE, NO_TEAM, chosen) if name is not None and name not in names]
        for name in names:
            self.team_from.addItem(TEAM_FROM_NAMES.get(name, name), name)
        self.team_from.setCurrentIndex(max(0, self.team_from.findData(chosen)))
        self.form.setRowVisible(self.team_row, True)

    def _fill_date_order(self, report: ImportReport) -> None:
        chosen = report.choices.date_order
        self.date_order.setCurrentIndex(self.date_order.findData(chosen) if chosen else 0)
        self.form.setRowVisible(self.order_row, report.date_order_needed or chosen is not None)

    def _fill_mapping(self, report: ImportReport) -> None:
        # A table's columns can be read otherwise; an XML file's elements mean what its tool says.
        fields = report.column_fields
        self.mapping.setRowCount(len(report.columns))
        for row, column in enumerate(report.columns):
            source = QTableWidgetItem(column.source)
            source.setToolTip(column.source)
            self.mapping.setItem(row, 0, source)
            if fields:
                self.mapping.setCellWidget(row, 1, self._field_combo(column, fields))
            else:
                used = QTableWidgetItem(field_label(_field_of(column, report.choices)))
                if used.text() == NOT_READ:
                    used.setForeground(MUTED)
                self.mapping.setItem(row, 1, used)
        self.mapping.resizeRowsToContents()

    def _field_combo(self, column: ColumnUse, fields: list[str]) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(f"{column.source} read as")
        combo.addItem(NOT_READ, None)
        for name in fields:
            combo.addItem(field_label(name), name)
        combo.setCurrentIndex(max(0, combo.findData(column.field)))
        combo.currentIndexChanged.connect(lambda _index, c=column: self._column_chosen(c.source))
        return combo

    # ------------------------------------------------------------ changing a choice reads it again

    def _team_from_chosen(self) -> None:
        if not self._filling:
            self._choose(replace(self.choices, team_from=self.team_from.currentData()))

    def _date_order_chosen(self) -> None:
        if not self._filling:
            self._choose(replace(self.choices, date_order=self.date_order.currentData()))

    def _column_chosen(self, header: str) -> None:
        """One column's field changed: the others keep theirs (a field is fed by one column, so
        the column that fed it before is no longer read)."""
        if self._filling or self.report is None:
            return
        fed: dict[str, str] = {}
        for row in range(self.mapping.rowCount()):
            combo, source = self.mapping.cellWidget(row, 1), self.mapping.item(row, 0)
            if isinstance(combo, QComboBox) and source is not None and combo.currentData():
                name = combo.currentData()
                if name not in fed or source.text() == header:
                    fed[name] = source.text()
        # Every field stated: one no column feeds now ("") is not guessed again from its header.
        self._choose(replace(self.choices, columns={name: "" for name in self.report.column_fields} | fed))

    def _choose(self, choices: ImportChoices) -> None:
        """One more choice made; the others stay as the coordinator left them (what was never
        chosen stays remembered or guessed)."""
        self.choices = choices
        self.preview()

    def _update_controls(self) -> None:
        reading = self.job.running
        self.busy.setVisible(reading)
        for widget in (self.path, self.sheet, self.browse_button, self.preview_button, self.team_from,
                       self.date_order, self.mapping):  # fmt: skip
            widget.setEnabled(not reading)
        self._chosen()  # the sheet box: only for a workbook
        ready = self.report is not None and self.report.changes_anything and not reading
        self.import_button.setEnabled(ready and not self.document.read_only)

    # ------------------------------------------------------------ applying

    def apply(self) -> None:
        path, sheet = self._chosen()
        if self.report is None or self.job.running or self._previewed != (path, sheet, self.choices):
            return
        # The choices the preview was made with: what the coordinator saw is what is imported.
        if self.document.import_plan(Path(path).expanduser(), sheet, self.choices) is not None:
            self.accept()
        else:
            self.preview()  # the window told why; show what the file would do now

    # ------------------------------------------------------------ staying open while it reads

    def working(self) -> bool:
        return self.job.running


def _field_of(column: ColumnUse, choices: ImportChoices) -> str:
    """What a column feeds: the grouping chosen as "Team from" feeds the team."""
    if column.field is None and column.source == choices.team_from:
        return "team"
    return column.field or ""


def _left(combo: QComboBox) -> QWidget:
    """``combo`` as wide as its choices, at the left of its row."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(combo)
    layout.addStretch(1)
    return row


def report_sections(report: ImportReport) -> list[tuple[str, list[str]]]:
    """The preview's lists, by heading: what would be created, updated, skipped, and the notices."""
    return [
        ("Teams to create", report.teams_created),
        ("People to create", report.people_created),
        ("Workstreams to create", report.named(report.workstreams_created)),
        ("Workstreams to update", report.named(report.workstreams_updated)),
        ("Dependencies to add", report.dependencies_added),
        ("Dependencies to change", report.dependencies_changed),
        ("Dependencies to remove", report.dependencies_removed),
        ("Migration changes", report.migration_changed),
        ("Calendar changes", report.calendar_changed),
        ("Skipped", report.skipped),
        ("Notices", report.notices),
    ]


def _fill_problems(table: QTableWidget, problems: list[PlanProblem]) -> None:
    table.setRowCount(len(problems))
    for row, problem in enumerate(problems):
        cells = ("" if problem.row is None else str(problem.row), problem.column or "", problem.message)
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(row, column, item)
    table.resizeRowsToContents()
