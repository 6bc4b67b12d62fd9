"""The Edit and Plan menus' actions on the open plan (undo, new, delete, status, owner, team, find,
what if, the plan's dialogs and as-of date), the table's context menu, and refused edits."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from migrator.domain.errors import MigratorError
from migrator.domain.model import Status
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.document.plan_edits import waiting
from migrator.ui.status_bar import StatusBar
from migrator.ui.widgets.date_edit import DateEdit, dates_read, with_message
from migrator.ui.widgets.plan_views import PlanViews
from migrator.ui.window_settings import WindowSettings
from migrator.ui.workspace import Workspace

XML_FILTER = "MS Project XML (*.xml)"
CSV_FILTER = "CSV (*.csv)"
PLAN_FILTERS = (XML_FILTER, CSV_FILTER)
PLAN_SUFFIXES = (".xml", ".csv")


def make_action(
    parent: QObject,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
) -> QAction:
    """A menu action; a standard key binds every shortcut the platform has (Ctrl+Y and Ctrl+Shift+Z)."""
    action = QAction(text, parent)
    if isinstance(shortcut, QKeySequence.StandardKey):
        action.setShortcuts(shortcut)
    elif shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.triggered.connect(slot)
    return action


class PlanActions:
    """What the menus do to the plan open in the window (set_plan names it, or None when closed)."""

    def __init__(self, window: QWidget, settings: WindowSettings, status_bar: StatusBar) -> None:
        self._window = window
        self._settings = settings
        self._status_bar = status_bar
        self._document: PlanDocument | None = None
        self._workspace: Workspace | None = None
        self._what_if: QDialog | None = None  # the slip-impact preview, while open
        self._what_if_came_from: int | None = None  # the tab it moved away from, to go back to
        keys = QKeySequence.StandardKey
        self.import_action = make_action(window, "&Import plan…", self.import_plan, "Ctrl+I")
        self.export_action = make_action(window, "&Export report…", self.export_report, "Ctrl+E")
        self.export_plan_action = make_action(window, "Export &plan…", self.export_plan)
        self.baseline_action = make_action(window, "Take &baseline…", self.take_baseline)
        self.request_updates_action = make_action(window, "Request &updates…", self.request_updates)
        self.collect_updates_action = make_action(
            window, "Co&llect updates…", lambda: self.collect_updates()
        )  # not with the checked flag as files
        self.undo_action = make_action(window, "&Undo", self.undo, keys.Undo)
        self.redo_action = make_action(window, "&Redo", self.redo, keys.Redo)
        self.new_action = make_action(window, "&New workstream…", self.new_workstream, keys.New)
        self.delete_action = make_action(window, "&Delete workstream…", self.delete_selected, keys.Delete)
        # The menu item deletes the selected rows wherever the focus is; the Delete key only
        # when it is not editing a field (the menu shows the key, the window's shortcut takes it).
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.delete_key = QShortcut(QKeySequence(keys.Delete), window)
        self.delete_key.activated.connect(self._delete_key_pressed)
        self.status_menu = QMenu("Set &status", window)
        for status in Status:
            self.status_menu.addAction(make_action(self.status_menu, status.label, self._setter(status)))
        self.owner_action = make_action(window, "Set &owner…", self.set_owner)
        self.team_action = make_action(window, "&Move to team…", self.move_to_team)
        self.find_action = make_action(window, "&Find", self.focus_filter, keys.Find)
        self.what_if_action = make_action(
            window, "&What if it slips…", lambda: self.what_if(), "Ctrl+Shift+I"
        )  # not with the checked flag as a workstream id
        self.teams_action = make_action(window, "&Teams and people…", self.edit_teams)
        self.settings_action = make_action(window, "Migration &settings…", self.edit_settings)
        self.as_of_action = make_action(window, "&As-of date…", self.choose_as_of)
        self.plan_actions = [
            self.import_action, self.export_action, self.export_plan_action, self.baseline_action,
            self.request_updates_action, self.collect_updates_action, self.new_action,
            self.delete_action, self.owner_action, self.team_action, self.find_action,
            self.teams_action, self.settings_action, self.as_of_action, self.what_if_action,
        ]  # fmt: skip
        self.editing_actions = [
            self.import_action, self.baseline_action, self.request_updates_action, self.new_action,
            self.delete_action,
            self.owner_action, self.team_action,
        ]  # fmt: skip

    def _setter(self, status: Status) -> Callable[[], None]:
        return lambda: self.set_status(status)

    def set_plan(self, document: PlanDocument | None, workspace: Workspace | None) -> None:
        """The plan the actions work on; None when the window closes it (the preview goes with it)."""
        if document is None:
            self.close_what_if()
        self._document, self._workspace = document, workspace

    def update_actions(self) -> None:
        """Enabled for an open plan, editing only when it is writable; Undo and Redo name the step."""
        document = self._document
        for action in self.plan_actions:
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

    def show_refusal(self, message: str) -> None:
        """An edit the plan cannot take, said over the window it was made in."""
        dialog = QApplication.activeModalWidget() or QApplication.activeWindow()
        if getattr(dialog, "shows_refusals", False):
            return  # the dialog the edit came from says it in place
        QMessageBox.warning(dialog if dialog is not None else self._window, "Migrator — not changed", message)

    # ------------------------------------------------------------ edits

    def undo(self) -> None:
        if self._document is not None:
            self._document.undo_stack.undo()

    def redo(self) -> None:
        if self._document is not None:
            self._document.undo_stack.redo()

    def _selection(self) -> list[int]:
        if self._workspace is None:
            return []
        table = self._workspace.table
        return table.selected_ids() or [i for i in [table.current_id()] if i]

    def new_workstream(self) -> None:
        document, workspace = self._document, self._workspace
        if document is None or workspace is None or document.read_only:
            return
        team_id = workspace.teams.chosen_team()
        current = workspace.table.current_id()
        if team_id is None and current is not None:
            team_id = document.plan.workstreams[current].team_id
        if team_id is None:
            if not document.plan.teams:
                QMessageBox.information(
                    self._window, "Migrator", "Add a team first (Plan → Teams and people…)."
                )
                return
            team_id = sorted(document.plan.teams, key=lambda t: t.name)[0].id
        team = document.team(team_id)
        title, ok = QInputDialog.getText(
            self._window,
            "New workstream",
            f"Title of the new workstream in {team.name if team else 'the team'}:",
        )
        if not ok or not title.strip():
            return
        new_id = document.create_workstream(team_id, title.strip())
        if new_id is not None and not workspace.table.select_workstream(new_id):
            workspace.filter_bar.clear()  # the filter hid it: show it
            workspace.table.select_workstream(new_id)

    def _delete_key_pressed(self) -> None:
        workspace, focus = self._workspace, QApplication.focusWidget()
        if workspace is None or focus is None:
            return
        typing = isinstance(focus, QComboBox | QLineEdit | QAbstractSpinBox | QPlainTextEdit | QTextEdit)
        tab = workspace.views.currentIndex()
        if typing or not workspace.views.isAncestorOf(focus):
            return  # in a field, a combo box or the teams list it is not about the rows
        if tab == PlanViews.RAID:  # the RAID log's own rows
            workspace.views.view(PlanViews.RAID).delete_selected()
        elif tab != PlanViews.DASHBOARD:  # the dashboard shows no rows
            self.delete_selected()

    def delete_selected(self) -> None:
        document, ids = self._document, self._selection()
        if document is None or not ids or document.read_only:
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
            self._window,
            "Delete workstream",
            f"Delete {what}{link_text}? Edit → Undo brings {'it' if len(ids) == 1 else 'them'} back "
            f"with {their} history.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            document.delete_workstreams(ids)

    def set_status(self, status: Status) -> None:
        document, ids = self._document, self._selection()
        if document is not None and ids:
            what = f"{len(ids)} workstreams" if len(ids) > 1 else document.plan.workstreams[ids[0]].key
            document.edit_workstreams(
                {i: {"status": status} for i in ids}, f"Set status of {what} to {status.label}"
            )

    def set_owner(self) -> None:
        document, ids = self._document, self._selection()
        if document is None or not ids:
            return
        people = document.plan.people
        teams = {t.id: t.code for t in document.plan.teams}
        # Names alone can repeat: each choice says the person's team or email, and maps by position.
        names = [
            "— Nobody —",
            *(f"{p.name} ({teams.get(p.team_id or 0) or p.email or 'no team'})" for p in people),
        ]
        owners = [None, *(p.id for p in people)]
        current = _first_choice(owners, [document.plan.workstreams[i].owner_id for i in ids])
        name, ok = QInputDialog.getItem(
            self._window, "Set owner", f"Owner of {len(ids)} selected workstream(s):", names, current, False
        )
        if ok:
            owner = owners[names.index(name)]
            changed = [i for i in ids if document.plan.workstreams[i].owner_id != owner]
            if changed:
                document.edit_workstreams(
                    {i: {"owner_id": owner} for i in changed}, f"Set owner of {len(changed)} workstream(s)"
                )

    def move_to_team(self) -> None:
        document, ids = self._document, self._selection()
        if document is None or not ids:
            return
        teams = sorted(document.plan.teams, key=lambda t: t.name)
        current = _first_choice([t.id for t in teams], [document.plan.workstreams[i].team_id for i in ids])
        name, ok = QInputDialog.getItem(
            self._window,
            "Move to team",
            f"Move {len(ids)} selected workstream(s) to:",
            [t.name for t in teams],
            current,
            False,
        )
        if ok:
            team_id = next(t.id for t in teams if t.name == name)
            moved = [i for i in ids if document.plan.workstreams[i].team_id != team_id]
            if moved:
                document.edit_workstreams(
                    {i: {"team_id": team_id} for i in moved}, f"Move {len(moved)} workstream(s) to {name}"
                )

    def focus_filter(self) -> None:
        if self._workspace is not None:
            self._workspace.filter_bar.text.setFocus()
            self._workspace.filter_bar.text.selectAll()

    def table_menu(self, position: QPoint) -> None:
        """The table's right-click menu: the Edit menu's actions on the rows, and What if."""
        if self._workspace is None:
            return
        menu = QMenu(self._window)
        menu.addAction(self.new_action)
        menu.addMenu(self.status_menu)
        menu.addAction(self.owner_action)
        menu.addAction(self.team_action)
        menu.addSeparator()
        menu.addAction(self.what_if_action)
        menu.addSeparator()
        menu.addAction(self.delete_action)
        menu.exec(self._workspace.table.viewport().mapToGlobal(position))

    # ------------------------------------------------------------ what if

    def what_if(self, workstream_id: int | None = None) -> None:
        """The slip-impact preview for a workstream (the current one unless named), beside the timeline."""
        from migrator.ui.dialogs.what_if_dialog import WhatIfDialog

        document, workspace = self._document, self._workspace
        if document is None or workspace is None:
            return
        if workstream_id is None:
            workstream_id = workspace.table.current_id()
        if workstream_id not in document.plan.workstreams:  # none chosen, or just deleted
            self._status_bar.showMessage("Select a workstream first, then ask what if it slips.", 5000)
            return
        came_from = self._what_if_came_from if self._what_if is not None else None
        self.close_what_if()
        views = workspace.views
        if views.currentIndex() in (PlanViews.TABLE, PlanViews.DASHBOARD):
            came_from = views.currentIndex()
            views.setCurrentIndex(PlanViews.TIMELINE)  # where the moved bars show
        self._what_if_came_from = came_from
        dialog = WhatIfDialog(document, workstream_id, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.previewed.connect(views.highlight)
        dialog.finished.connect(self._what_if_closed)
        self._what_if = dialog
        dialog.show()

    def close_what_if(self) -> None:
        if self._what_if is not None:
            self._what_if.finished.disconnect(self._what_if_closed)  # a later one may take its place
            self._what_if.close()
            self._what_if = None

    def _what_if_closed(self) -> None:
        self._what_if = None
        came_from, self._what_if_came_from = self._what_if_came_from, None
        views = self._workspace.views if self._workspace is not None else None
        if came_from is not None and views is not None and views.currentIndex() == PlanViews.TIMELINE:
            views.setCurrentIndex(came_from)  # back where the preview took the user from

    # ------------------------------------------------------------ the plan's dialogs

    # Dialogs are imported when first opened: the window shows sooner.

    @staticmethod
    def run_dialog(dialog: QDialog) -> None:
        dialog.exec()
        dialog.deleteLater()  # it stops listening to the document and frees its widgets

    def import_plan(self) -> None:
        from migrator.ui.dialogs.import_dialog import ImportDialog

        if self._document is not None:
            self.run_dialog(ImportDialog(self._document, self._window, self._settings))

    def export_report(self) -> None:
        from migrator.ui.dialogs.export_dialog import ExportDialog

        if self._document is not None:
            self.run_dialog(ExportDialog(self._document, self._window, self._settings))

    def export_plan(self) -> None:
        """Save the plan as MS Project XML or CSV where the user chooses; errors in a box, the
        result in the status bar."""
        from migrator.ui.dialogs.export_dialog import file_name_of

        document = self._document
        if document is None:
            return
        name = file_name_of(document.plan.migration.name) or "Migration"
        suggested = self._settings.folder("plans") / f"{name}.xml"
        chosen, chosen_filter = QFileDialog.getSaveFileName(
            self._window, "Export the plan", str(suggested), ";;".join(PLAN_FILTERS)
        )
        if not chosen:
            return
        path = Path(chosen)
        if path.suffix.lower() not in PLAN_SUFFIXES:
            path = path.with_name(path.name + (".csv" if chosen_filter == CSV_FILTER else ".xml"))
            if path.is_file() and not self._agree_to_replace(path):
                return  # the file dialog asked about the name typed, not this one
        try:
            with waiting():
                result = document.export_plan(path)
        except MigratorError as error:
            QMessageBox.critical(self._window, "Migrator — the plan was not exported", str(error))
            return
        self._settings.set_folder("plans", path.parent)
        self._status_bar.show_notice(result.summary())

    def _agree_to_replace(self, path: Path) -> bool:
        answer = QMessageBox.question(
            self._window, "Replace the file?", f"{path.name} already exists in {path.parent}. Replace it?"
        )
        return answer == QMessageBox.StandardButton.Yes

    def request_updates(self) -> None:
        from migrator.ui.dialogs.request_updates_dialog import RequestUpdatesDialog

        if self._document is not None and not self._document.read_only:
            self.run_dialog(RequestUpdatesDialog(self._document, self._window, self._settings))

    def collect_updates(self, files: Sequence[Path] = ()) -> None:
        """Review the returned workbooks ``files`` (none: ask which), then apply what is accepted."""
        from migrator.ui.dialogs.collect_updates_dialog import CollectUpdatesDialog, choose_returns

        document = self._document
        if document is None:
            return
        chosen = list(files) or choose_returns(self._window, self._settings)
        if not chosen:
            return
        dialog = CollectUpdatesDialog(document, chosen, self._window, self._settings)
        applied = dialog.exec() == QDialog.DialogCode.Accepted
        if applied and dialog.applied_text:
            self._status_bar.show_notice(dialog.applied_text)
        dialog.deleteLater()

    def take_baseline(self) -> None:
        from migrator.ui.dialogs.baseline_dialog import BaselineDialog

        if self._document is not None:
            self.run_dialog(BaselineDialog(self._document, self._window))

    def edit_teams(self) -> None:
        from migrator.ui.dialogs.teams_people_dialog import TeamsPeopleDialog

        if self._document is not None:
            self.run_dialog(TeamsPeopleDialog(self._document, self._window))

    def edit_settings(self) -> None:
        from migrator.ui.dialogs.settings_dialog import SettingsDialog

        if self._document is None:
            return
        try:
            dialog = SettingsDialog(self._document, self._window)  # reads the calendar's names
        except MigratorError as error:  # e.g. a shared plan's server away for now
            self.show_refusal(str(error))
            return
        self.run_dialog(dialog)

    def choose_as_of(self) -> None:
        document = self._document
        if document is None:
            return
        dialog = QDialog(self._window)
        dialog.setWindowTitle("As-of date")
        picker = DateEdit(today=document.as_of, required=True)
        picker.set_value(document.as_of)
        form = QFormLayout(dialog)
        form.addRow(QLabel("Health, lateness and forecasts are worked out as of this date."))
        form.addRow("As of:", with_message(picker))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(lambda: dialog.accept() if dates_read(picker) else None)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            document.set_as_of(picker.value() or document.as_of)
            self._status_bar.show_figures(document)


def _first_choice(choices: Sequence[object], selected: Sequence[object]) -> int:
    """Where a bulk edit's list starts: on the selection's own value (the first one's when they
    differ), so that OK without a choice changes nothing rather than the value at the top."""
    return choices.index(selected[0]) if selected and selected[0] in choices else 0
