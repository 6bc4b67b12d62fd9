"""File › Request updates…: choose the teams, then write each its workbook of open work to fill
in (and an e-mail draft to its lead) in the background, and show what was written where."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import MigratorError
from migrator.domain.model import Status
from migrator.domain.wording import plural
from migrator.services.status_requests import RequestResult, RequestSpec
from migrator.ui.dialogs.background_job import BackgroundJob
from migrator.ui.dialogs.working_dialog import WorkingDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.palette import HEALTH_COLOUR
from migrator.ui.widgets.date_edit import DateEdit, with_message
from migrator.ui.window_settings import WindowSettings

CLOSED = (Status.DONE, Status.CANCELLED)
ANSWER_WITHIN = timedelta(
    days=7
)  # the due date suggested: a week after the request (or the next working day)
CODE = Qt.ItemDataRole.UserRole


class RequestUpdatesDialog(WorkingDialog):
    """Which teams are asked, per team or per owner, as of when, by when, with what message, where."""

    def __init__(
        self, document: PlanDocument, parent: QWidget | None = None, settings: WindowSettings | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.settings = settings or WindowSettings()
        self.result_: RequestResult | None = None
        self.job = BackgroundJob("request updates", self)
        self.setWindowTitle("Request status updates")
        self.setMinimumSize(720, 640)

        intro = QLabel(
            "Each team gets a workbook of its open work to fill in: status, progress, dates, blocker "
            "and a comment for the report, with an e-mail draft to its lead. Drop the returned "
            "workbooks on the window (or File › Collect updates…) to review and apply the answers."
        )
        intro.setWordWrap(True)
        self.teams = QListWidget()
        self.teams.setAccessibleName("Teams to ask")
        self.teams.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._fill_teams()
        self.all_button = QPushButton("All")
        self.none_button = QPushButton("None")
        for button in (self.all_button, self.none_button):
            button.setAutoDefault(False)
        team_buttons = QHBoxLayout()
        team_buttons.addWidget(self.all_button)
        team_buttons.addWidget(self.none_button)
        team_buttons.addStretch(1)
        self.chosen_note = QLabel()

        self.per_team = QRadioButton("One per team, to its lead")
        self.per_owner = QRadioButton("One per owner, with the work they own")
        self.per_team.setChecked(True)
        self.per = QButtonGroup(self)
        self.per.addButton(self.per_team)
        self.per.addButton(self.per_owner)
        per_row = QHBoxLayout()
        per_row.addWidget(self.per_team)
        per_row.addWidget(self.per_owner)
        per_row.addStretch(1)

        self.as_of = DateEdit(today=document.as_of, required=True)
        self.as_of.set_value(document.as_of)
        self.due = DateEdit(today=document.as_of)
        migration = document.plan.migration  # a week on, on a day the plan works
        calendar = WorkingCalendar(migration.working_weekdays, migration.non_working_dates)
        self.due.set_value(calendar.next_working_day(document.as_of + ANSWER_WITHIN))
        self.message = QPlainTextEdit()
        self.message.setPlaceholderText("Optional, e.g. Please include the pilot's go/no-go items.")
        self.message.setFixedHeight(self.fontMetrics().lineSpacing() * 4)
        self.drafts = QCheckBox("Write an e-mail draft (.eml) beside each workbook")
        self.drafts.setChecked(True)
        self._default_folder = self._suggested_folder()
        self.folder = QLineEdit(str(self._default_folder))
        self.browse_button = QPushButton("Browse…")
        self.browse_button.setAutoDefault(False)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.browse_button)

        form = QFormLayout()
        form.addRow("Workbooks:", per_row)
        form.addRow("As of:", with_message(self.as_of))
        form.addRow("Answers due:", with_message(self.due))
        form.addRow("Message:", self.message)
        form.addRow("", self.drafts)
        form.addRow("Save in folder:", folder_row)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress_message = QLabel()
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.written = QTreeWidget()
        self.written.setAccessibleName("Workbooks written")
        self.written.setHeaderLabels(["Team", "Sent to", "Rows", "Workbook (and its e-mail draft)"])
        self.written.setRootIsDecorated(False)
        self.written.setAlternatingRowColors(True)
        header = self.written.header()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.written.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.written.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # a name's date end stays

        role = QDialogButtonBox.ButtonRole
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = self.buttons.addButton("Write requests", role.AcceptRole)
        self.open_folder_button = self.buttons.addButton("Open folder", role.ActionRole)
        self.open_folder_button.hide()
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        assert cancel is not None
        self.cancel_button = cancel

        self.choosing = QWidget()  # what is asked: hidden once written, the outcome takes its place
        choosing = QVBoxLayout(self.choosing)
        choosing.setContentsMargins(0, 0, 0, 0)
        choosing.addWidget(intro)
        choosing.addWidget(QLabel("Teams to ask (open work: not done, not cancelled):"))
        choosing.addWidget(self.teams, 1)
        choosing.addLayout(team_buttons)
        choosing.addWidget(self.chosen_note)
        choosing.addLayout(form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.choosing, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.progress_message)
        layout.addWidget(self.outcome)
        layout.addWidget(self.written, 1)
        layout.addWidget(self.buttons)
        for widget in (self.progress, self.progress_message, self.outcome, self.written):
            widget.hide()
        self.inputs: list[QWidget] = [
            self.teams, self.all_button, self.none_button, self.per_team, self.per_owner, self.as_of,
            self.due, self.message, self.drafts, self.folder, self.browse_button,
        ]  # fmt: skip

        self.all_button.clicked.connect(lambda: self._check_all(True))
        self.none_button.clicked.connect(lambda: self._check_all(False))
        self.teams.itemChanged.connect(self._update_chosen)
        self.browse_button.clicked.connect(self.browse)
        self.as_of.date_changed.connect(self._follow_as_of)
        self.buttons.accepted.connect(self.write)
        self.buttons.rejected.connect(self.reject)
        self.open_folder_button.clicked.connect(self.open_folder)
        self.job.progressed.connect(self._show_progress)
        self.job.finished.connect(self._show_outcome)
        self._update_chosen()
        if document.read_only:
            self._show_problem(f"{document.name} is read-only: requests sent are recorded in the plan.")
            self.write_button.setEnabled(False)

    # ------------------------------------------------------------ the teams

    def _fill_teams(self) -> None:
        open_work = Counter(
            w.team_id for w in self.document.plan.workstreams.values() if w.status not in CLOSED
        )
        for team in sorted(self.document.plan.teams, key=lambda t: t.name.casefold()):
            count = open_work.get(team.id, 0)
            lead = f"lead {team.lead_name}" if team.lead_name else "no lead: sent to the team"
            text = f"{team.name} ({team.code}) · {plural(count, 'open workstream')} · {lead}"
            item = QListWidgetItem(text if count else f"{team.name} ({team.code}) · no open work")
            item.setData(CODE, team.code)
            item.setFlags(
                Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled
                if count
                else Qt.ItemFlag.NoItemFlags
            )
            item.setCheckState(Qt.CheckState.Checked if count else Qt.CheckState.Unchecked)
            self.teams.addItem(item)

    def team_items(self) -> list[QListWidgetItem]:
        return [item for row in range(self.teams.count()) if (item := self.teams.item(row)) is not None]

    def chosen_codes(self) -> list[str]:
        return [str(i.data(CODE)) for i in self.team_items() if i.checkState() is Qt.CheckState.Checked]

    def _check_all(self, checked: bool) -> None:
        state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        for item in self.team_items():
            if item.flags() & Qt.ItemFlag.ItemIsEnabled:
                item.setCheckState(state)

    def _update_chosen(self) -> None:
        chosen = len(self.chosen_codes())
        self.chosen_note.setText(
            f"{plural(chosen, 'team')} chosen." if chosen else "Choose at least one team to ask."
        )
        self.write_button.setEnabled(chosen > 0 and not self.document.read_only and not self.job.running)

    # ------------------------------------------------------------ the folder

    def _suggested_folder(self) -> Path:
        as_of = self.as_of.value()
        return (
            self.settings.folder("requests") / f"Status requests {(as_of or self.document.as_of).isoformat()}"
        )

    def _follow_as_of(self) -> None:
        """The suggested folder names the as-of date, unless the user chose another folder."""
        suggested = self._suggested_folder()
        if self.folder.text() == str(self._default_folder):
            self.folder.setText(str(suggested))
        self._default_folder = suggested

    def browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, "Save the update workbooks in", str(self.settings.folder("requests"))
        )
        if chosen:
            self.folder.setText(chosen)

    def _folder(self) -> Path | None:
        """The folder chosen, made when only its last part is missing; None (said why) otherwise."""
        text = self.folder.text().strip()
        if not text:
            self._show_problem("Choose the folder to save the workbooks in.")
            return None
        folder = Path(text).expanduser()
        if not folder.is_dir():
            if not folder.parent.is_dir():
                self._show_problem(f"The folder {folder.parent} does not exist; choose another.")
                return None
            try:
                folder.mkdir()
            except OSError as error:
                self._show_problem(f"The folder {folder} could not be made: {error.strerror or error}.")
                return None
        return folder

    # ------------------------------------------------------------ writing

    def write(self) -> None:
        if not (self.as_of.commit() and self.due.commit()):
            return  # the reason is beside the date
        codes = self.chosen_codes()
        as_of = self.as_of.value() or self.document.as_of
        due: date | None = self.due.value()
        if due is not None and due < as_of:
            self._show_problem("The answers can't be due before the as-of date of the request.")
            self.due.setFocus()
            return
        folder = self._folder()
        if not codes or folder is None:
            return
        spec = RequestSpec(
            out=folder, teams=tuple(codes), per_owner=self.per_owner.isChecked(), as_of=as_of, due=due,
            message=self.message.toPlainText().strip(), drafts=self.drafts.isChecked(),
        )  # fmt: skip
        try:
            worker = self.document.request_worker()
        except MigratorError as error:  # e.g. a shared plan's server away
            self._show_problem(str(error))
            return
        self._set_running(True)
        self.outcome.hide()
        self.progress.setValue(0)
        self.progress_message.setText("Starting…")
        self.progress.show()
        self.progress_message.show()
        self.job.start(lambda progress: worker(spec, progress))

    def _set_running(self, running: bool) -> None:
        for widget in self.inputs:
            widget.setEnabled(not running)
        self.write_button.setEnabled(not running)
        self.cancel_button.setEnabled(not running)  # the files and records go together: no stopping halfway

    def _show_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(round(fraction * 100))
        self.progress_message.setText(message)

    def _show_outcome(self, outcome: object) -> None:
        self._set_running(False)
        self._update_chosen()
        self.progress.hide()
        self.progress_message.hide()
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, MigratorError | OSError):
                raise outcome  # unexpected: reaches the error dialog; the dialog stays usable
            self._show_problem(str(outcome))
            return
        assert isinstance(outcome, RequestResult)
        self.result_ = outcome
        self.settings.set_folder("requests", outcome.folder.parent)
        self.document.forget_answers()  # the dashboard lists the teams asked
        self._show_written(outcome)

    def _show_written(self, result: RequestResult) -> None:
        self.written.clear()
        for sent in result.sent:
            request = sent.request
            files = sent.workbook.name + (" + .eml" if sent.draft else "")
            item = QTreeWidgetItem([request.team_name, request.recipient, str(len(request.rows)), files])
            item.setToolTip(1, request.recipient_email or "No e-mail address in the people list")
            item.setToolTip(3, "\n".join(str(path) for path in (sent.workbook, sent.draft) if path))
            self.written.addTopLevelItem(item)
        lines = [f"{plural(len(result.sent), 'workbook')} written to {result.folder}."]
        if result.without_open_work:
            lines.append("Not asked, no open work: " + ", ".join(result.without_open_work) + ".")
        if any(s.draft for s in result.sent):
            lines.append("Open each e-mail draft to send it: the workbook is attached.")
        self.outcome.setStyleSheet("")
        self.outcome.setText("\n".join(lines))
        self.outcome.show()
        self.choosing.hide()
        self.written.show()
        self.write_button.hide()
        self.open_folder_button.show()
        self.cancel_button.setText("Close")
        self.cancel_button.setDefault(True)

    def _show_problem(self, message: str) -> None:
        self.outcome.setStyleSheet(f"color: {HEALTH_COLOUR[HealthLevel.RED]};")
        self.outcome.setText(message)
        self.outcome.show()

    def open_folder(self) -> None:
        if self.result_ is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_.folder)))

    # ------------------------------------------------------------ staying open while it runs

    def working(self) -> bool:
        return self.job.running
