"""The main window: the frame around one open migration. It lays out the menus and composes the
rooms that do the work: the start page or the workspace (workspace.py), opening files and shared
plans (file_opening.py), the actions on the open plan (plan_actions.py), copies between a file and
a server (plan_copies.py) and the status bar (status_bar.py); every change to the plan goes
through the document."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox, QStackedWidget, QUndoView

from migrator.domain.places import Place, ServerAddress
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.document.plan_in_memory import OpenedPlan, QuickStart
from migrator.ui.dropped_files import dropped_workbooks
from migrator.ui.file_opening import FileOpener
from migrator.ui.plan_actions import PlanActions, make_action
from migrator.ui.plan_copies import PlanCopies
from migrator.ui.status_bar import StatusBar
from migrator.ui.who_edits import ask_user_name, credited_name, needs_asking
from migrator.ui.widgets.plan_views import PlanViews
from migrator.ui.widgets.start_page import StartPage
from migrator.ui.window_settings import WindowSettings
from migrator.ui.workspace import Workspace

if TYPE_CHECKING:
    from migrator.services import MigrationService


class MainWindow(QMainWindow):
    """``settings``: what the window remembers; ``as_of``: the date the analysis and edits take as
    today (--as-of); ``opener``: what opens files and shared plans into it (and logs in to servers
    for its copies). app.py builds and passes all three;
    a window made without them builds its own (the user's settings)."""

    def __init__(
        self,
        settings: WindowSettings | None = None,
        as_of: date | None = None,
        opener: FileOpener | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or WindowSettings()
        self.as_of = as_of
        self.document: PlanDocument | None = None
        self.workspace: Workspace | None = None
        self.opener = opener or FileOpener(self.settings, as_of)
        self.opener.open_into(self, self)
        self.start_page = StartPage()
        self.start_page.new_requested.connect(self.opener.new_migration)
        self.start_page.open_requested.connect(self.opener.open_dialog)
        self.start_page.open_shared_requested.connect(self.opener.open_shared_dialog)
        self.start_page.demo_requested.connect(self.opener.open_demo)
        self.start_page.recent_chosen.connect(self.opener.open_place)
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
        self.status_bar = StatusBar(self)
        self.setStatusBar(self.status_bar)
        # The status bar's figures, as tests and the benchmark read them on the window.
        self.go_live_label = self.status_bar.go_live_label
        self.health_label = self.status_bar.health_label
        self.as_of_label = self.status_bar.as_of_label
        self.plan_actions = PlanActions(self, self.settings, self.status_bar)
        self.plan_copies = PlanCopies(self, self.settings, self.opener)
        self._build_menus()
        self.setAcceptDrops(True)  # returned update workbooks dropped anywhere on the window
        if (geometry := self.settings.state("geometry")) is not None:
            self.restoreGeometry(geometry)
        else:  # a first start: a roomy window, but never larger than the screen
            self.resize(QSize(1440, 900).boundedTo(self.screen().availableGeometry().size()))
        self.show_start_page()

    # ------------------------------------------------------------ menus

    def _build_menus(self) -> None:
        keys, acts, opener = QKeySequence.StandardKey, self.plan_actions, self.opener
        file = self.menuBar().addMenu("&File")
        file.addAction(make_action(self, "&New migration…", opener.new_migration, "Ctrl+Shift+N"))
        file.addAction(make_action(self, "&Open…", opener.open_dialog, keys.Open))
        self.open_shared_action = make_action(self, "Open s&hared plan…", opener.open_shared_dialog)
        file.addAction(self.open_shared_action)
        self.recent_menu = file.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: opener.fill_recent_menu(self.recent_menu))
        file.addAction(make_action(self, "Open the &demo migration", opener.open_demo))
        file.addSeparator()
        file.addActions(
            [acts.import_action, acts.export_action, acts.export_plan_action, acts.baseline_action]
        )
        file.addSeparator()
        file.addActions([acts.request_updates_action, acts.collect_updates_action])
        file.addSeparator()
        # Only the copy that applies shows: a file's to a server, or a shared plan's to a file.
        file.addActions([self.plan_copies.copy_to_server_action, self.plan_copies.save_copy_action])
        file.addSeparator()
        self.close_action = make_action(self, "&Close", self.close_document, keys.Close)
        file.addActions([self.close_action, make_action(self, "&Quit", self.close, keys.Quit)])

        edit = self.menuBar().addMenu("&Edit")
        edit.addActions([acts.undo_action, acts.redo_action])
        self.undo_history_action = edit.addAction("Undo &history")
        self.undo_history_action.setCheckable(True)
        self.undo_history_action.toggled.connect(self.undo_dock.setVisible)
        self.undo_dock.visibilityChanged.connect(self.undo_history_action.setChecked)
        edit.addSeparator()
        edit.addActions([acts.new_action, acts.delete_action])
        edit.addMenu(acts.status_menu)
        edit.addActions([acts.owner_action, acts.team_action])
        edit.addSeparator()
        edit.addAction(acts.find_action)
        edit.addSeparator()
        self.preferences_action = make_action(self, "&Preferences…", self.edit_preferences, keys.Preferences)
        edit.addAction(self.preferences_action)

        view = self.menuBar().addMenu("&View")
        self.view_actions = [
            make_action(self, f"&{title}", self._shower(tab), f"Ctrl+{tab + 1}")
            for tab, title in enumerate(PlanViews.TITLES)
        ]
        view.addActions(self.view_actions)

        plan = self.menuBar().addMenu("&Plan")
        plan.addAction(acts.what_if_action)
        plan.addSeparator()
        plan.addActions([acts.teams_action, acts.settings_action, acts.as_of_action])

        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(make_action(self, "&About Migrator", self.about))
        # The plan's actions as tests and the benchmark reach them on the window.
        self.undo_action, self.redo_action = acts.undo_action, acts.redo_action
        self.new_action, self.delete_action = acts.new_action, acts.delete_action
        self.owner_action, self.find_action = acts.owner_action, acts.find_action
        self.export_action, self.what_if_action = acts.export_action, acts.what_if_action
        self.export_plan_action = acts.export_plan_action
        self.status_menu = acts.status_menu
        self.request_updates_action = acts.request_updates_action
        self.collect_updates_action = acts.collect_updates_action

    def _shower(self, tab: int) -> Callable[[], None]:
        return lambda: self.show_view(tab)

    def _update_actions(self) -> None:
        for action in (self.close_action, self.undo_history_action, *self.view_actions):
            action.setEnabled(self.document is not None)
        self.plan_actions.update_actions()
        self.plan_copies.update_actions()

    # ------------------------------------------------------------ the open plan

    def open_file(self, path: Path, read_only: bool = False) -> bool:
        """Open a migration file (see FileOpener.open_file); False, and nothing changed, when it cannot."""
        return self.opener.open_file(path, read_only)

    def open_shared(self, address: ServerAddress, read_only: bool = False) -> bool:
        """Open a shared plan (see FileOpener.open_shared); False, and nothing changed, when it cannot."""
        return self.opener.open_shared(address, read_only)

    def open_place(self, place: Place, read_only: bool = False) -> bool:
        """Open a file or a shared plan, whichever ``place`` is."""
        return self.opener.open_place(place, read_only)

    def open_demo(self) -> None:
        self.opener.open_demo()

    def open_service(self, service: MigrationService | QuickStart | OpenedPlan) -> None:
        """Show a plan in the window; the plan open before closes once this one has loaded."""
        document = PlanDocument(service, self.as_of, self)  # reads the plan: may refuse
        self.close_document()  # only once the new one has loaded
        self.document = document
        document.refused.connect(self.plan_actions.show_refusal)
        document.changed_elsewhere.connect(self.status_bar.show_notice)
        document.analysed.connect(self._update_status_bar)
        document.analysis_failed.connect(self._update_status_bar)
        document.reloaded.connect(self._update_title)
        document.server_back.connect(self._say_caught_up)
        document.undo_stack.indexChanged.connect(self._update_actions)
        self.undo_view.setStack(document.undo_stack)
        self.workspace = Workspace(document, self.settings)
        self.workspace.table.customContextMenuRequested.connect(self.plan_actions.table_menu)
        self.workspace.table.edit_dropped.connect(self.status_bar.show_notice)
        self.workspace.views.what_if_requested.connect(self.what_if)
        self.workspace.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        document.announce_analysis()  # one made with the read (a shared plan), before the first paint
        self.stack.addWidget(self.workspace)
        self.stack.setCurrentWidget(self.workspace)
        self.settings.add_recent(service.place)  # a shared plan as its address, never a password
        self.plan_actions.set_plan(document, self.workspace)
        self.plan_copies.set_plan(document)
        self._update_title()
        self._update_status_bar()
        self._update_actions()
        self.workspace.table.setFocus()

    def show_bad_values(self, problems: list[str]) -> None:
        assert self.workspace is not None
        self.workspace.show_bad_values(problems)

    def close_document(self) -> None:
        if self.document is None:
            return
        self.plan_actions.set_plan(None, None)
        self.plan_copies.set_plan(None)
        if self.workspace is not None:
            self.workspace.save_state(self.settings)
            self.stack.removeWidget(self.workspace)
            self.workspace.deleteLater()
            self.workspace = None
        self.undo_view.setStack(None)  # type: ignore[arg-type]  # Qt takes None: no stack shown
        self.document.close()
        self.document.deleteLater()
        self.document = None
        self.show_start_page()

    def show_start_page(self) -> None:
        self.start_page.show_recent(self.settings.recent_places())
        self.stack.setCurrentWidget(self.start_page)
        self.setWindowTitle("Migrator")
        self.status_bar.clear_figures()
        self._update_actions()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.set_state("geometry", self.saveGeometry())
        self.close_document()
        self.settings.sync()
        super().closeEvent(event)

    def _update_title(self) -> None:
        if self.document is None:
            return
        name = self.document.plan.migration.name
        mark = " [read-only]" if self.document.read_only else ""
        self.setWindowTitle(f"{name} — {self.document.name}{mark} — Migrator")

    def _say_caught_up(self) -> None:
        """The shared plan's server is back: the banner goes (workspace) and the status bar says
        the plan caught up, and with what."""
        document = self.document
        if document is None:
            return
        # Short: the bar's right half holds the go-live line (the title names the plan).
        news = f"caught up: {document.caught_up}" if document.caught_up else "nothing changed meanwhile."
        self.status_bar.show_notice(f"The server is back; {news}")

    def _update_status_bar(self) -> None:
        if self.document is not None:
            self.status_bar.show_figures(self.document)

    def show_view(self, tab: int) -> None:
        if self.workspace is not None:
            self.workspace.views.setCurrentIndex(tab)

    # ------------------------------------------------------------ returned workbooks dropped on it

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self._take_workbooks(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        self._take_workbooks(event)

    def _take_workbooks(self, event: QDragMoveEvent) -> None:
        if self.document is not None and dropped_workbooks(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        files = dropped_workbooks(event.mimeData())
        if self.document is None or not files:
            event.ignore()
            return
        event.acceptProposedAction()
        # Once the drop is done: the review is a modal dialog, and the source waits for the drop.
        QTimer.singleShot(0, self, lambda: self.collect_updates(files))

    def collect_updates(self, files: Sequence[Path] = ()) -> None:
        """Review returned update workbooks and apply what is accepted (none given: ask which)."""
        self.plan_actions.collect_updates(files)

    def request_updates(self) -> None:
        self.plan_actions.request_updates()

    # ------------------------------------------------------------ who edits, and about

    def user_name(self) -> str:
        """Who this window's edits and reports are credited to (see who_edits.credited_name)."""
        return credited_name(self.settings)

    def ask_user_name_once(self) -> None:
        """On the first run, ask the user's name for history and reports (never again after)."""
        if needs_asking(self.settings):
            self._ask_user_name("Migrator — who are you?", self.user_name())

    def edit_preferences(self) -> None:
        self._ask_user_name("Migrator — preferences", self.user_name())

    def _ask_user_name(self, title: str, suggested: str) -> None:
        ask_user_name(self, self.settings, title, suggested)
        if self.document is not None:  # a service not open yet opens under the new name
            self.document.set_actor(self.user_name())

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Migrator",
            "Migrator keeps a cross-team migration's workstreams, owners, dates and dependencies, "
            "shows early what is late, blocked or at risk and why, and writes stakeholder status reports.",
        )

    # ------------------------------------------------------------ the plan's actions, on the window

    def what_if(self, workstream_id: int | None = None) -> None:
        self.plan_actions.what_if(workstream_id)

    def import_plan(self) -> None:
        self.plan_actions.import_plan()

    def export_report(self) -> None:
        self.plan_actions.export_report()

    def choose_as_of(self) -> None:
        self.plan_actions.choose_as_of()
