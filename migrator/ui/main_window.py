"""The main window: menus and panes around one open migration; the work happens in the document."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QUndoView,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain import rules
from migrator.domain.errors import FileBusyError, FileContentError, MigratorError, ValidationError
from migrator.domain.model import Status
from migrator.logs import write_crash_log
from migrator.paths import style_sheet
from migrator.services.opening import read_current_file
from migrator.services.who import USER_VARIABLE, account_name, named_user
from migrator.ui.models.workstream_table_model import date_text
from migrator.ui.palette import HEALTH_COLOUR
from migrator.ui.plan_document import PlanDocument, QuickStart
from migrator.ui.widgets.date_edit import DateEdit, dates_read, with_message
from migrator.ui.widgets.details_pane import DetailsPane
from migrator.ui.widgets.filter_bar import FilterBar
from migrator.ui.widgets.plan_views import PlanViews
from migrator.ui.widgets.start_page import StartPage
from migrator.ui.widgets.teams_panel import TeamsPanel
from migrator.ui.widgets.workstream_table import WorkstreamTable
from migrator.ui.window_settings import WindowSettings

if TYPE_CHECKING:
    from migrator.services import MigrationService

CHANGE_NOTICE_MS = 60_000  # how long the notice of a change made elsewhere stays in the status bar


class Workspace(QWidget):
    """The panes over one document: teams | filter bar and table | details."""

    def __init__(
        self, document: PlanDocument, settings: WindowSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.banner = QLabel(
            f"{document.path.name} is read-only: you can look at the plan and export reports "
            "without a snapshot, but changes cannot be saved."
        )
        self.banner.setObjectName("readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setVisible(document.read_only)
        # A loop another program wrote into the links: nothing can be forecast until one goes.
        self.loop_banner = QLabel()
        self.loop_banner.setObjectName("loopBanner")
        self.loop_banner.setWordWrap(True)
        self.loop_banner.setVisible(False)
        document.analysis_failed.connect(self._say_loop)
        document.analysed.connect(self._say_loop)
        self.teams = TeamsPanel(document)
        self.filter_bar = FilterBar()
        self.table = WorkstreamTable(document)
        self.details = DetailsPane(document)
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.setSpacing(6)
        centre_layout.addWidget(self.filter_bar)
        self.views = PlanViews(document, self.table)
        centre_layout.addWidget(self.views, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.teams)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.teams.setMinimumWidth(200)
        self.details.setMinimumWidth(340)
        self.splitter.setSizes([250, 800, 390])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.loop_banner)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(8, 6, 8, 4)
        body_layout.addWidget(self.splitter)
        layout.addWidget(body, 1)

        if (state := settings.state("splitter")) is not None:
            self.splitter.restoreState(state)
        if (state := settings.state("table")) is not None:
            self.table.horizontalHeader().restoreState(state)
        self.teams.team_chosen.connect(self.apply_filter)
        self.views.team_chosen.connect(self._show_team)
        self.filter_bar.changed.connect(self.apply_filter)
        model = self.table.model_
        model.layoutChanged.connect(self._count_rows)
        model.modelReset.connect(self._count_rows)
        model.layoutChanged.connect(self._note_hidden_details)
        model.modelReset.connect(self._note_hidden_details)
        self.details.show_hidden_requested.connect(self._show_hidden)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        document.workstreams_changed.connect(self._keep_details)
        document.reloaded.connect(self._follow_last_report)
        document.snapshot_added.connect(self._follow_last_report)  # an export keeps a new report
        document.analysed.connect(self._follow_last_report)  # a new as-of date may pick another
        self._follow_last_report()
        self._count_rows()
        if model.rowCount():
            self.table.select_workstream(model.workstream_id(0))

    def show_bad_values(self, problems: list[str], shown: int = 12) -> None:
        """Say in the banner which values of the file (written by another program) cannot be used."""
        listed = [f"• {problem}" for problem in problems[:shown]]
        if len(problems) > shown:
            listed.append(f"… and {len(problems) - shown} more: `migrator check` lists them all.")
        self.banner.setText(
            f"{self.document.path.name} holds values Migrator cannot use (another program wrote them), "
            "so it is open read-only. Each is shown empty, or as not started, FS or no lag:\n"
            + "\n".join(listed)
        )
        self.banner.setVisible(True)

    def _say_loop(self) -> None:
        loop = self.document.analysis_loop
        if loop:
            self.loop_banner.setText(
                f"The links of {self.document.path.name} form a loop ({' → '.join(loop)}), written by "
                "another program: nothing can be forecast until one of these links is removed "
                "(select one of these workstreams; its links are in the details pane)."
            )
        self.loop_banner.setVisible(bool(loop))

    def save_state(self, settings: WindowSettings) -> None:
        settings.set_state("splitter", self.splitter.saveState())
        settings.set_state("table", self.table.horizontalHeader().saveState())

    def _show_team(self, team_id: int) -> None:
        """A dashboard card was clicked: that team's work in the table, all of it."""
        self.filter_bar.clear()
        self.teams.choose(team_id)
        self.views.setCurrentIndex(PlanViews.TABLE)

    def apply_filter(self) -> None:
        self.table.model_.set_filter(self.filter_bar.row_filter(self.teams.chosen_team()))

    def _follow_last_report(self) -> None:
        """The "Changed since last report" toggle names the report it counts from; off without one."""
        toggle, report = self.filter_bar.toggles["changed"], self.document.last_report()
        if report is None:
            toggle.setChecked(False)
            toggle.setToolTip(
                "No report is kept as of this date yet: once one is exported (File → Export report…), "
                "this shows what was edited or commented on since."
            )
        else:
            label = f" “{report.label}”" if report.label else ""
            toggle.setToolTip(
                f"Edited or commented on since report #{report.id}{label}, as of {date_text(report.as_of)}"
            )
        toggle.setEnabled(report is not None)

    def _count_rows(self) -> None:
        self.filter_bar.show_count(self.table.model_.rowCount(), len(self.document.plan.workstreams))

    def _current_row_changed(self) -> None:
        self.details.show_workstream(self.table.current_id())

    def _keep_details(self) -> None:
        """A new or restored row keeps the details pane on what is selected; a row the filter
        has just hidden stays in the pane, which says so (see _note_hidden_details)."""
        current = self.table.current_id()
        if current is not None or self.details.shown_id() is None:
            self.details.show_workstream(current)
        self._note_hidden_details()

    def _note_hidden_details(self) -> None:
        shown = self.details.shown_id()
        self.details.set_hidden(shown is not None and self.table.model_.row_of(shown) is None)

    def _show_hidden(self, workstream_id: int) -> None:
        """The pane's "Clear the filter": every row again, the one in the pane selected."""
        self.filter_bar.clear()
        self.teams.choose(None)
        self.table.select_workstream(workstream_id)


class MainWindow(QMainWindow):
    def __init__(self, settings: WindowSettings | None = None, as_of: date | None = None) -> None:
        super().__init__()
        self.settings = settings or WindowSettings()
        self.as_of = as_of
        self.today = (
            as_of  # what edits record as today (--as-of); Plan → As-of date changes only the analysis
        )
        self.document: PlanDocument | None = None
        self.workspace: Workspace | None = None
        self._what_if: QDialog | None = None  # the slip-impact preview, while open
        self.setStyleSheet(style_sheet("window"))
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.new_migration)
        self.start_page.open_requested.connect(self.open_dialog)
        self.start_page.demo_requested.connect(self.open_demo)
        self.start_page.recent_chosen.connect(self.open_file)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_page)
        self.setCentralWidget(self.stack)
        self.undo_dock = QDockWidget("Undo history", self)
        self.undo_dock.setObjectName("undoHistory")
        self.undo_view = QUndoView()
        self.undo_view.setEmptyLabel("The plan as opened")
        self.undo_dock.setWidget(self.undo_view)
        self.undo_dock.hide()
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.undo_dock)
        self._build_status_bar()
        self._build_menus()
        if (geometry := self.settings.state("geometry")) is not None:
            self.restoreGeometry(geometry)
        else:  # a first start: a roomy window, but never larger than the screen
            self.resize(QSize(1440, 900).boundedTo(self.screen().availableGeometry().size()))
        self._show_start_page()

    # ------------------------------------------------------------ menus and status bar

    def _action(
        self, menu: QMenu, text: str, slot: object, shortcut: QKeySequence | str | None = None
    ) -> QAction:
        action = menu.addAction(text)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)  # every binding the platform has (Ctrl+Y and Ctrl+Shift+Z)
        elif shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_menus(self) -> None:
        keys = QKeySequence.StandardKey
        file = self.menuBar().addMenu("&File")
        self._action(file, "&New migration…", self.new_migration, "Ctrl+Shift+N")
        self._action(file, "&Open…", self.open_dialog, keys.Open)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self._action(file, "Open the &demo migration", self.open_demo)
        file.addSeparator()
        self.import_action = self._action(file, "&Import plan…", self.import_plan, "Ctrl+I")
        self.export_action = self._action(file, "&Export report…", self.export_report, "Ctrl+E")
        self.baseline_action = self._action(file, "Take &baseline…", self.take_baseline)
        file.addSeparator()
        self.close_action = self._action(file, "&Close", self.close_document, keys.Close)
        self._action(file, "&Quit", self.close, keys.Quit)

        edit = self.menuBar().addMenu("&Edit")
        self.undo_action = self._action(edit, "&Undo", self._undo, keys.Undo)
        self.redo_action = self._action(edit, "&Redo", self._redo, keys.Redo)
        self.undo_history_action = edit.addAction("Undo &history")
        self.undo_history_action.setCheckable(True)
        self.undo_history_action.toggled.connect(self.undo_dock.setVisible)
        self.undo_dock.visibilityChanged.connect(self.undo_history_action.setChecked)
        edit.addSeparator()
        self.new_action = self._action(edit, "&New workstream…", self.new_workstream, keys.New)
        self.delete_action = self._action(edit, "&Delete workstream…", self.delete_selected, keys.Delete)
        # The menu item deletes the selected rows wherever the focus is; the Delete key only
        # when it is not editing a field (the menu shows the key, the window's shortcut takes it).
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_key = QShortcut(QKeySequence(keys.Delete), self)
        self.delete_key.activated.connect(self._delete_key_pressed)
        self.status_menu = edit.addMenu("Set &status")
        for status in Status:
            self._action(self.status_menu, status.label, lambda _=False, s=status: self.set_status(s))
        self.owner_action = self._action(edit, "Set &owner…", self.set_owner)
        self.team_action = self._action(edit, "&Move to team…", self.move_to_team)
        edit.addSeparator()
        self.find_action = self._action(edit, "&Find", self.focus_filter, keys.Find)
        edit.addSeparator()
        self.preferences_action = self._action(edit, "&Preferences…", self.edit_preferences, keys.Preferences)

        view = self.menuBar().addMenu("&View")
        self.view_actions = []
        for tab, title in enumerate(PlanViews.TITLES):
            self.view_actions.append(
                self._action(view, f"&{title}", lambda _=False, t=tab: self.show_view(t), f"Ctrl+{tab + 1}")
            )

        plan = self.menuBar().addMenu("&Plan")
        self.what_if_action = self._action(plan, "&What if it slips…", lambda: self.what_if(), "Ctrl+Shift+I")
        plan.addSeparator()
        self.teams_action = self._action(plan, "&Teams and people…", self.edit_teams)
        self.settings_action = self._action(plan, "Migration &settings…", self.edit_settings)
        self.as_of_action = self._action(plan, "&As-of date…", self.choose_as_of)

        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, "&About Migrator", self.about)
        self.document_actions = [
            self.import_action, self.export_action, self.baseline_action, self.close_action,
            self.new_action, self.delete_action, self.owner_action, self.team_action, self.find_action,
            self.teams_action, self.settings_action, self.as_of_action, self.undo_history_action,
            self.what_if_action, *self.view_actions,
        ]  # fmt: skip
        self.editing_actions = [
            self.import_action, self.baseline_action, self.new_action, self.delete_action,
            self.owner_action, self.team_action,
        ]  # fmt: skip

    def _build_status_bar(self) -> None:
        self.go_live_label = QLabel()
        self.go_live_label.setObjectName("goLive")
        self.health_label = QLabel()
        self.as_of_label = QLabel()
        for label in (self.go_live_label, self.health_label, self.as_of_label):
            self.statusBar().addPermanentWidget(label)

    def _update_actions(self) -> None:
        document = self.document
        for action in self.document_actions:
            action.setEnabled(document is not None)
        writable = document is not None and not document.read_only
        for action in self.editing_actions:
            action.setEnabled(writable)
        self.status_menu.setEnabled(writable)
        stack = document.undo_stack if document else None
        self.undo_action.setEnabled(bool(stack and stack.canUndo()))
        self.redo_action.setEnabled(bool(stack and stack.canRedo()))
        self.undo_action.setText(f"&Undo {stack.undoText()}" if stack and stack.canUndo() else "&Undo")
        self.redo_action.setText(f"&Redo {stack.redoText()}" if stack and stack.canRedo() else "&Redo")

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for path in recent:
            action = self.recent_menu.addAction(path.name)
            action.setToolTip(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_file(p))
        if not recent:
            self.recent_menu.addAction("No recent files").setEnabled(False)

    # ------------------------------------------------------------ opening and closing

    def _today(self) -> date:
        """The window's "today": the as-of date it was started with, so status moves agree with it."""
        return self.today or date.today()

    def open_file(self, path: Path, read_only: bool = False) -> bool:
        """Open a migration file; a file that cannot be opened is explained and nothing changes.

        A current, writable file is shown from a quick read, its service (SQLAlchemy) opened
        after the first paint; any other file is opened by the service first, which upgrades it
        or explains what is wrong with it."""

        def open_service() -> MigrationService:
            from migrator.services import MigrationService

            return MigrationService.open(path, read_only=read_only, today=self._today, actor=self.user_name())

        try:
            stored = None if read_only else read_current_file(path)
            service = QuickStart(path, stored, open_service, self._today) if stored else open_service()
        except FileBusyError as error:  # nothing wrong with it: it stays in Open Recent
            QMessageBox.warning(self, "Migrator — the file is busy", str(error))
            return False
        except MigratorError as error:
            return self._cannot_open(path, str(error))
        try:
            self.open_service(service)
        except FileContentError as error:  # values another program wrote: shown read-only, listed
            if not isinstance(service, QuickStart):
                service.close()
            return self._show_bad_values(path, error)
        except Exception as error:  # rows a program other than Migrator damaged
            if not isinstance(service, QuickStart):
                service.close()
            write_crash_log(f"Opening {path}: {error!r}")
            said = str(error) if isinstance(error, MigratorError) else None  # already names the file
            return self._cannot_open(path, said or f"{path.name} is damaged and cannot be read ({error}).")
        return True

    def _show_bad_values(self, path: Path, error: FileContentError) -> bool:
        from migrator.services import MigrationService

        try:
            service = MigrationService.open(path, showing_bad_values=True, today=self._today)
        except MigratorError as again:
            return self._cannot_open(path, str(again))
        try:
            self.open_service(service)
        except MigratorError as again:
            service.close()
            return self._cannot_open(path, str(again))
        assert self.workspace is not None
        self.workspace.show_bad_values(error.problems)
        return True

    def _cannot_open(self, path: Path, message: str) -> bool:
        QMessageBox.critical(self, "Migrator — cannot open the file", message)
        self.settings.forget_recent(path)
        if self.document is None:
            self._show_start_page()
        return False

    def open_service(self, service: MigrationService | QuickStart) -> None:
        document = PlanDocument(service, self.as_of, self)  # reads the plan: may refuse
        self.close_document()  # only once the new one has loaded
        self.document = document
        document.refused.connect(self._show_refusal)
        document.changed_elsewhere.connect(self._show_change_elsewhere)
        document.analysed.connect(self._update_status_bar)
        document.analysis_failed.connect(self._update_status_bar)
        document.reloaded.connect(self._update_title)
        document.undo_stack.indexChanged.connect(self._update_actions)
        self.undo_view.setStack(document.undo_stack)
        self.workspace = Workspace(document, self.settings)
        self.workspace.table.customContextMenuRequested.connect(self._table_menu)
        self.workspace.table.edit_dropped.connect(self._show_dropped_edit)
        self.workspace.views.what_if_requested.connect(self.what_if)
        self.workspace.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.settings.add_recent(service.path)
        self._update_title()
        self._update_status_bar()
        self._update_actions()
        self.workspace.table.setFocus()
        document.open_service_after(self.workspace.table.viewport())

    def open_dialog(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Open a migration",
            str(self.settings.folder("migrations")),
            "Migrator files (*.migrator);;All files (*)",
        )
        if name:
            self.settings.set_folder("migrations", Path(name).parent)
            self.open_file(Path(name))

    def open_demo(self) -> None:
        from migrator.services.demo import ensure_demo

        try:
            path = ensure_demo(self.as_of)
        except (MigratorError, OSError) as error:
            QMessageBox.critical(self, "Migrator — cannot write the demo", str(error))
            return
        self.open_file(path)

    def new_migration(self) -> None:
        from migrator.services import MigrationService
        from migrator.ui.dialogs.new_migration_dialog import NewMigrationDialog

        answer = NewMigrationDialog.ask(self, self._today(), self.settings)
        if answer is None:
            return
        path, migration = answer
        try:
            service = MigrationService.create(path, migration, today=self._today, actor=self.user_name())
        except MigratorError as error:
            QMessageBox.critical(self, "Migrator — cannot create the file", str(error))
            return
        self.open_service(service)

    def close_document(self) -> None:
        if self.document is None:
            return
        self._close_what_if()
        if self.workspace is not None:
            self.workspace.save_state(self.settings)
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.undo_view.setStack(None)
        self.document.close()
        self.document.deleteLater()
        self.document = None
        self._show_start_page()

    def _show_start_page(self) -> None:
        self.start_page.show_recent(self.settings.recent_files())
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle("Migrator")
        for label in (self.go_live_label, self.health_label, self.as_of_label):
            label.clear()
        self._update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_state("geometry", self.saveGeometry())
        self.close_document()
        self.settings.sync()
        super().closeEvent(event)

    # ------------------------------------------------------------ title and status bar

    def _update_title(self) -> None:
        if self.document is None:
            return
        name = self.document.plan.migration.name
        mark = " [read-only]" if self.document.read_only else ""
        self.setWindowTitle(f"{name} — {self.document.path.name}{mark} — Migrator")

    def _update_status_bar(self) -> None:
        document = self.document
        if document is None:
            return
        self.as_of_label.setText(f"As of {date_text(document.as_of)}")
        if document.analysis_error is not None:
            self.go_live_label.setText(
                f"The analysis failed ({document.analysis_error}): forecasts and health are out of date"
            )
            self.go_live_label.setStyleSheet("color: #C62828;")
            return
        analysis = document.analysis
        if analysis is None:
            self.go_live_label.setText("Analysing…")
            return
        target = analysis.target_date
        projected = analysis.projected_finish
        if projected is None:
            text, colour = "Go-live: no forecast yet", "#455A64"
        elif target is None:
            text, colour = f"Go-live forecast {date_text(projected)} (no target set)", "#455A64"
        else:
            late = analysis.slip_days > 0
            slip = f"{analysis.slip_days} working days late" if late else "on time"
            text = f"Go-live {date_text(projected)} · target {date_text(target)} · {slip}"
            colour = HEALTH_COLOUR[HealthLevel.RED if late else HealthLevel.GREEN]
        self.go_live_label.setText(text)
        self.go_live_label.setStyleSheet(f"color: {colour};")
        red = sum(team.counts.get(HealthLevel.RED, 0) for team in analysis.teams)
        amber = sum(team.counts.get(HealthLevel.AMBER, 0) for team in analysis.teams)
        self.health_label.setText(
            f"<span style='color:{HEALTH_COLOUR[HealthLevel.RED]}'>● {red} red</span>  "
            f"<span style='color:{HEALTH_COLOUR[HealthLevel.AMBER]}'>● {amber} amber</span>"
        )

    # ------------------------------------------------------------ edits

    def _show_change_elsewhere(self, notice: str) -> None:
        """What another window or program changed, until the next message (or a minute)."""
        self.statusBar().showMessage(notice, CHANGE_NOTICE_MS)

    def _show_dropped_edit(self, message: str) -> None:
        """Text typed in a cell that was closed without saving it: what and why, as long as a notice."""
        self.statusBar().showMessage(message, CHANGE_NOTICE_MS)

    def _show_refusal(self, message: str) -> None:
        # The window in front (a modal dialog, or What if) is where the edit was made.
        dialog = QApplication.activeModalWidget() or QApplication.activeWindow()
        if getattr(dialog, "shows_refusals", False):
            return  # the dialog the edit came from says it in place
        QMessageBox.warning(dialog if dialog is not None else self, "Migrator — not changed", message)

    def _undo(self) -> None:
        if self.document is not None:
            self.document.undo_stack.undo()

    def _redo(self) -> None:
        if self.document is not None:
            self.document.undo_stack.redo()

    def _selection(self) -> list[int]:
        if self.workspace is None:
            return []
        return self.workspace.table.selected_ids() or [i for i in [self.workspace.table.current_id()] if i]

    def new_workstream(self) -> None:
        document, workspace = self.document, self.workspace
        if document is None or workspace is None or document.read_only:
            return
        team_id = workspace.teams.chosen_team()
        current = workspace.table.current_id()
        if team_id is None and current is not None:
            team_id = document.plan.workstreams[current].team_id
        if team_id is None:
            if not document.plan.teams:
                QMessageBox.information(self, "Migrator", "Add a team first (Plan → Teams and people…).")
                return
            team_id = sorted(document.plan.teams, key=lambda t: t.name)[0].id
        team = document.team(team_id)
        title, ok = QInputDialog.getText(
            self, "New workstream", f"Title of the new workstream in {team.name if team else 'the team'}:"
        )
        if not ok or not title.strip():
            return
        new_id = document.create_workstream(team_id, title.strip())
        if new_id is not None and not workspace.table.select_workstream(new_id):
            workspace.filter_bar.clear()  # the filter hid it: show it
            workspace.table.select_workstream(new_id)

    def _delete_key_pressed(self) -> None:
        workspace, focus = self.workspace, QApplication.focusWidget()
        if workspace is None or focus is None:
            return
        typing = isinstance(focus, QComboBox | QLineEdit | QAbstractSpinBox)
        on_rows = workspace.views.currentIndex() != PlanViews.DASHBOARD  # the dashboard shows no rows
        if not typing and on_rows and workspace.views.isAncestorOf(focus):
            self.delete_selected()  # in a field, a combo box or the teams list it is not about the rows

    def delete_selected(self) -> None:
        document, workspace = self.document, self.workspace
        ids = self._selection()
        if document is None or workspace is None or not ids or document.read_only:
            return
        chosen = set(ids)
        links = sum(
            1
            for d in document.plan.dependencies.values()
            if d.predecessor_id in chosen or d.successor_id in chosen
        )
        if len(ids) == 1:
            ws = document.plan.workstreams[ids[0]]
            what = f"{ws.key} “{ws.title}”"
        else:
            what = f"{len(ids)} workstreams"
        their = "its" if len(ids) == 1 else "their"
        link_text = f" and {their} {links} link{'s' if links != 1 else ''}" if links else ""
        answer = QMessageBox.question(
            self,
            "Delete workstream",
            f"Delete {what}{link_text}? Edit → Undo brings {'it' if len(ids) == 1 else 'them'} back "
            f"with {their} history.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            document.delete_workstreams(ids)

    def set_status(self, status: Status) -> None:
        ids = self._selection()
        if self.document is not None and ids:
            what = f"{len(ids)} workstreams" if len(ids) > 1 else self.document.plan.workstreams[ids[0]].key
            self.document.edit_workstreams(
                {i: {"status": status} for i in ids}, f"Set status of {what} to {status.label}"
            )

    def set_owner(self) -> None:
        document, ids = self.document, self._selection()
        if document is None or not ids:
            return
        people = document.plan.people
        teams = {t.id: t.code for t in document.plan.teams}
        # Names alone can repeat: each choice says the person's team or email, and maps by position.
        names = [
            "— Nobody —",
            *(f"{p.name} ({teams.get(p.team_id or 0) or p.email or 'no team'})" for p in people),
        ]
        name, ok = QInputDialog.getItem(
            self, "Set owner", f"Owner of {len(ids)} selected workstream(s):", names, 0, False
        )
        if ok:
            chosen = names.index(name)
            owner = people[chosen - 1].id if chosen > 0 else None
            document.edit_workstreams(
                {i: {"owner_id": owner} for i in ids}, f"Set owner of {len(ids)} workstream(s)"
            )

    def move_to_team(self) -> None:
        document, ids = self.document, self._selection()
        if document is None or not ids:
            return
        teams = sorted(document.plan.teams, key=lambda t: t.name)
        name, ok = QInputDialog.getItem(
            self,
            "Move to team",
            f"Move {len(ids)} selected workstream(s) to:",
            [t.name for t in teams],
            0,
            False,
        )
        if ok:
            team_id = next(t.id for t in teams if t.name == name)
            document.edit_workstreams(
                {i: {"team_id": team_id} for i in ids}, f"Move {len(ids)} workstream(s) to {name}"
            )

    def show_view(self, tab: int) -> None:
        if self.workspace is not None:
            self.workspace.views.setCurrentIndex(tab)

    def what_if(self, workstream_id: int | None = None) -> None:
        """The slip-impact preview for a workstream (the current one unless named), beside the timeline."""
        from migrator.ui.dialogs.what_if_dialog import WhatIfDialog

        if self.document is None or self.workspace is None:
            return
        if workstream_id is None:
            workstream_id = self.workspace.table.current_id()
        if workstream_id not in self.document.plan.workstreams:  # none chosen, or just deleted
            self.statusBar().showMessage("Select a workstream first, then ask what if it slips.", 5000)
            return
        self._close_what_if()
        views = self.workspace.views
        if views.currentIndex() in (PlanViews.TABLE, PlanViews.DASHBOARD):
            views.setCurrentIndex(PlanViews.TIMELINE)  # where the moved bars show
        dialog = WhatIfDialog(self.document, workstream_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.previewed.connect(views.highlight)
        dialog.finished.connect(self._what_if_closed)
        self._what_if = dialog
        dialog.show()

    def _close_what_if(self) -> None:
        if self._what_if is not None:
            self._what_if.finished.disconnect(self._what_if_closed)  # a later one may take its place
            self._what_if.close()
            self._what_if = None

    def _what_if_closed(self) -> None:
        self._what_if = None

    def focus_filter(self) -> None:
        if self.workspace is not None:
            self.workspace.filter_bar.text.setFocus()
            self.workspace.filter_bar.text.selectAll()

    def _table_menu(self, position: object) -> None:
        if self.workspace is None:
            return
        menu = QMenu(self)
        menu.addAction(self.new_action)
        menu.addMenu(self.status_menu)
        menu.addAction(self.owner_action)
        menu.addAction(self.team_action)
        menu.addSeparator()
        menu.addAction(self.what_if_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self.workspace.table.viewport().mapToGlobal(position))  # type: ignore[arg-type]

    # ------------------------------------------------------------ dialogs

    # Dialogs are imported when first opened: the window shows sooner.

    @staticmethod
    def _run(dialog: QDialog) -> None:
        dialog.exec()
        dialog.deleteLater()  # it stops listening to the document and frees its widgets

    def import_plan(self) -> None:
        from migrator.ui.dialogs.import_dialog import ImportDialog

        if self.document is not None:
            self._run(ImportDialog(self.document, self, self.settings))

    def export_report(self) -> None:
        from migrator.ui.dialogs.export_dialog import ExportDialog

        if self.document is not None:
            self._run(ExportDialog(self.document, self, self.settings))

    def take_baseline(self) -> None:
        from migrator.ui.dialogs.baseline_dialog import BaselineDialog

        if self.document is not None:
            self._run(BaselineDialog(self.document, self))

    def edit_teams(self) -> None:
        from migrator.ui.dialogs.teams_people_dialog import TeamsPeopleDialog

        if self.document is not None:
            self._run(TeamsPeopleDialog(self.document, self))

    def edit_settings(self) -> None:
        from migrator.ui.dialogs.settings_dialog import SettingsDialog

        if self.document is not None:
            self._run(SettingsDialog(self.document, self))

    def choose_as_of(self) -> None:
        document = self.document
        if document is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle("As-of date")
        picker = DateEdit(today=document.as_of, required=True)
        picker.set_value(document.as_of)
        form = QFormLayout(dialog)
        form.addRow(QLabel("Health, lateness and forecasts are worked out as of this date."))
        form.addRow("As of:", with_message(picker))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(lambda: dates_read(picker) and dialog.accept())
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            document.set_as_of(picker.value() or document.as_of)
            self._update_status_bar()

    # ------------------------------------------------------------ who edits

    def user_name(self) -> str:
        """Who this window's edits and reports are credited to: $MIGRATOR_USER, else the name the
        user gave (Edit → Preferences), else the account's full name."""
        return named_user() or self.settings.user_name() or account_name()

    def ask_user_name_once(self) -> None:
        """On the first run, ask the user's name for history and reports (never again after)."""
        if named_user() or self.settings.user_name():
            return
        self._ask_user_name("Migrator — who are you?", account_name())

    def edit_preferences(self) -> None:
        self._ask_user_name("Migrator — preferences", self.user_name())

    def _ask_user_name(self, title: str, suggested: str) -> None:
        said = (
            f"${USER_VARIABLE} is set, so for now edits are credited to {named_user()}.\n\n"
            if named_user() else ""
        )  # fmt: skip
        problem, text = "", suggested
        while True:  # a name history cannot keep is refused in the question, which is asked again
            typed, ok = QInputDialog.getText(
                self, title, f"{problem}{said}Your name, as the history and reports will show it:", text=text
            )
            name = typed.strip() if ok else ""
            try:
                name = rules.require_text(name, "Your name") if name else ""
                break
            except ValidationError as error:
                problem, text = f"{error} Give a shorter one.\n\n", typed
        if not self.settings.user_name() or name:  # the first run keeps the suggestion when cancelled
            self.settings.set_user_name(name or suggested[: rules.MAX_NAME])
        if self.document is not None:  # a service not open yet opens under the new name
            self.document.set_actor(self.user_name())

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Migrator",
            "Migrator keeps a cross-team migration's workstreams, owners, dates and dependencies, "
            "shows early what is late, blocked or at risk and why, and writes stakeholder status reports.",
        )
