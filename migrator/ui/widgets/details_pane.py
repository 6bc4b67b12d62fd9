"""The right pane: one workstream's fields, health, links and history, each edit one undo step.

Its sections live in ui/widgets/details/: the fields form, the health and its override, the
links and the history. The pane fills them from the document and turns what is typed, chosen or
clicked in them into document edits.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from migrator.domain.errors import MigratorError, ServerUnreachableError
from migrator.domain.model import Dependency, Health, Workstream
from migrator.ui.dialogs.dependency_dialog import DependencyDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.looks import RuledLabel, give_look
from migrator.ui.models.workstream_table_model import edit_name, started_early_text
from migrator.ui.widgets.date_edit import DateEdit
from migrator.ui.widgets.details.fields import FieldsSection, connect_editors, set_read_only
from migrator.ui.widgets.details.health import HealthSection
from migrator.ui.widgets.details.history import HistorySection, history_text
from migrator.ui.widgets.details.link_section import LinksSection, LinkTable, link_text
from migrator.ui.widgets.details.raid_section import RaidSection
from migrator.ui.widgets.details.shown_values import ShownValues, has_focus, value_of

# What the pane's sections say stays importable from here.
__all__ = ["DetailsPane", "history_text", "link_text"]


class DetailsPane(QWidget):
    show_hidden_requested = Signal(int)  # "Clear the filter" was clicked on a workstream the filter hides
    raid_item_requested = Signal(int)  # a linked RAID item was double-clicked: open it in the RAID view

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown = ShownValues()
        self.document = document
        self._id: int | None = None
        self._linked: set[int] = set()
        self._links_shown: tuple[list[Dependency], list[Dependency]] | None = None
        self._pending_override: Health | None = None  # chosen, waiting for its reason
        self.link_dialog: DependencyDialog | None = None
        self.setMinimumWidth(340)

        self.empty_state = QLabel("Select a workstream to see its details")
        give_look(self.empty_state, "detailsMuted")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        body = QWidget()
        self.sections = QVBoxLayout(body)
        self.sections.setContentsMargins(10, 8, 12, 12)
        self.sections.setSpacing(6)
        self.fields = FieldsSection(document)
        self.health = HealthSection()
        self.links = LinksSection()
        self.raid = RaidSection()
        self.history = HistorySection()
        for section in (self.fields, self.health, self.links, self.raid, self.history):
            section.place(self.sections)
        self.sections.addStretch(1)
        self._name_the_editors()
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.scroll_area)
        # Above the scroll area, so it stays in view: the row shown is not in the table any more.
        self.hidden_notice = RuledLabel()
        give_look(self.hidden_notice, "hiddenNotice")
        self.hidden_notice.setWordWrap(True)
        self.hidden_notice.hide()
        self.hidden_notice.linkActivated.connect(self._show_hidden)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.hidden_notice)
        layout.addWidget(self.pages)
        self._connect_editors()
        document.workstreams_changed.connect(self._workstreams_changed)
        document.dependencies_changed.connect(self._links_changed)
        document.reloaded.connect(self._refresh)
        document.analysed.connect(self._fill_health)
        document.history_changed.connect(self._history_changed)
        document.raid_changed.connect(self._raid_changed)
        self.raid.item_requested.connect(self.raid_item_requested)
        self._set_read_only(document.read_only)
        self._refresh()
        self._fill_history()

    # ------------------------------------------------------------ building

    def _name_the_editors(self) -> None:
        """The sections' widgets by name on the pane, where the window's tests reach them."""
        fields, health, links = self.fields, self.health, self.links
        self.editors = fields.editors
        self.key, self.title, self.team, self.owner = fields.key, fields.title, fields.team, fields.owner
        self.status, self.progress, self.milestone = fields.status, fields.progress, fields.milestone
        self.planned_start, self.planned_due = fields.planned_start, fields.planned_due
        self.actual_start, self.actual_finish = fields.actual_start, fields.actual_finish
        self.description, self.blocker_note = fields.description, fields.blocker_note
        self.pill, self.critical, self.reasons = health.pill, health.critical, health.reasons
        self.forecast, self.float = health.forecast, health.float
        self.override, self.reason, self.override_message = (
            health.override,
            health.reason,
            health.override_message,
        )
        self.waits_on, self.needed_by, self.started_early = (
            links.waits_on,
            links.needed_by,
            links.started_early,
        )
        self.comment, self.comment_button = self.history.comment, self.history.comment_button

    @property
    def history_labels(self) -> list[QLabel]:
        return self.history.labels

    def _connect_editors(self) -> None:
        connect_editors(self.editors, self._commit, self._reverted)
        self.override.activated.connect(self._override_chosen)
        self.reason.editingFinished.connect(self._reason_given)
        self.waits_on.add_button.clicked.connect(lambda: self._add_link(waits_on=True))
        self.needed_by.add_button.clicked.connect(lambda: self._add_link(waits_on=False))
        for table in (self.waits_on, self.needed_by):
            table.edit_button.clicked.connect(lambda _checked=False, t=table: self._edit_link(t))
            table.remove_button.clicked.connect(lambda _checked=False, t=table: self._remove_link(t))
        self.comment_button.clicked.connect(self._add_comment)

    def _set_read_only(self, read_only: bool) -> None:
        set_read_only((*self.editors.values(), self.override, self.reason), read_only)
        self.links.set_read_only(read_only)
        self.history.set_read_only(read_only)

    # ------------------------------------------------------------ showing

    def show_workstream(self, workstream_id: int | None) -> None:
        if workstream_id == self._id:
            return  # the pane follows the document's signals itself
        self._flush()
        self._id = workstream_id
        self.hidden_notice.hide()
        self._pending_override = None
        self._refresh()
        self._fill_history()
        self.scroll_area.verticalScrollBar().setValue(0)

    def shown_id(self) -> int | None:
        """The workstream the pane shows, if it is still in the plan."""
        return self._id if self.workstream() is not None else None

    def set_hidden(self, hidden: bool) -> None:
        """Say (or stop saying) that the filter hides the workstream shown, which stays editable here."""
        ws = self.workstream()
        self.hidden_notice.setVisible(hidden and ws is not None)
        if hidden and ws is not None:
            self.hidden_notice.setText(
                f"{html.escape(ws.key)} is hidden by the filter, so it is not in the table. "
                '<a href="show">Clear the filter</a>'
            )

    def _show_hidden(self) -> None:
        if (shown := self.shown_id()) is not None:
            self.show_hidden_requested.emit(shown)

    def workstream(self) -> Workstream | None:
        return self.document.plan.workstreams.get(self._id) if self._id is not None else None

    def _refresh(self) -> None:
        ws = self.workstream()
        self.pages.setCurrentWidget(self.scroll_area if ws else self.empty_state)
        if ws is None:
            return
        self._fill_fields(ws)
        self._fill_health()
        self._fill_links()
        self._fill_raid()

    def _fill_fields(self, ws: Workstream) -> None:
        self.key.setText(ws.key)
        self.team.update_items()
        self.owner.update_items()
        self.owner.team_id = ws.team_id
        for date_edit in self.fields.dates():
            date_edit.today = self.document.as_of
        for field, widget in self.editors.items():
            self._shown.put(widget, getattr(ws, field))
            if self._shown.shows(widget, getattr(ws, field)):  # the field shows this version's value
                self._shown.set_version(widget, ws.version)
        if self._pending_override is None:
            self._shown.put(self.override, ws.health_override)
            self._shown.put(self.reason, ws.health_override_reason)
            self.override_message.hide()
        self.reason.setEnabled(self.override.value() is not None)

    def _fill_health(self) -> None:
        analysis = self.document.analysis
        found = analysis.workstreams.get(self._id) if analysis and self._id is not None else None
        if found is None:
            self.health.show_waiting()
            self.started_early.hide()
            return
        self.health.show(found)
        self.started_early.setText(f"⚠ {started_early_text(found.started_before)}")
        self.started_early.setVisible(bool(found.started_before))

    def _fill_links(self) -> None:
        if self._id is None:
            return
        plan = self.document.plan.workstreams
        before, after = self._links_shown = self.document.links_of(self._id)
        waits = [(d, plan[d.predecessor_id]) for d in before if d.predecessor_id in plan]
        needed = [(d, plan[d.successor_id]) for d in after if d.successor_id in plan]
        self._linked = {w.id for _d, w in waits + needed}
        self.links.show(waits, needed)

    def _fill_raid(self) -> None:
        if self._id is not None:
            self.raid.show_items(self.document.raid_of_workstream(self._id), self.document.risk_bands())

    def _raid_changed(self) -> None:
        if self.workstream() is not None:
            self._fill_raid()

    def _fill_history(self) -> None:
        if self._id is None or self.workstream() is None or not self.document.history_readable:
            # It comes once the window has shown the plan's first analysis and, after a quick
            # open, once the file's service is open (history_changed).
            return
        try:
            entries = self.document.workstream_history(self._id)
        except ServerUnreachableError:  # read again once it is back (history_changed)
            self.history.show_unreadable("It shows again once the server is back.")
            return
        except MigratorError as error:
            self.history.show_unreadable(str(error))
            return
        self.history.show(entries)

    # ------------------------------------------------------------ following the document

    def _workstreams_changed(self, ids: list[int]) -> None:
        if self._id in ids:
            self._refresh()
        elif self._linked.intersection(ids) and self.workstream() is not None:
            self._fill_links()

    def _links_changed(self) -> None:
        """Someone's links changed: this workstream's links follow if they were its."""
        shown = self._id if self.workstream() is not None else None
        if shown is not None and self.document.links_of(shown) != self._links_shown:
            self._fill_links()

    def _history_changed(self, ids: list[int] | None) -> None:
        """Edits, comments or links of these workstreams (None: any) were recorded: read ours again."""
        if ids is None or self._id in ids:
            self._fill_history()

    # ------------------------------------------------------------ editing

    def _commit(self, field: str) -> None:
        ws = self.workstream()
        if ws is None or self.document.read_only:
            return
        widget = self.editors[field]
        value = value_of(widget)
        if value == getattr(ws, field):
            return
        # Stated as shown: a change by someone else that arrived while typing refuses this edit.
        shown_at = {ws.id: self._shown.version(widget, ws.version)}
        text = edit_name(ws, field, value)
        if self.document.edit_workstreams({ws.id: {field: value}}, text, versions=shown_at):
            self._shown.remember(widget, value)
            self._shown.set_version(widget, self.document.versions_of([ws.id]).get(ws.id, ws.version))
        else:
            self._reverted(field)  # refused: show what the plan says now (it may have been read again)

    def _reverted(self, field: str) -> None:
        """Show the field's value as the plan holds it now (Esc, or an edit refused)."""
        ws = self.workstream()
        if ws is not None:
            widget = self.editors[field]
            self._shown.put(widget, getattr(ws, field), force=True)
            self._shown.set_version(widget, ws.version)

    def _flush(self) -> None:
        """Commit what is being typed before the pane moves to another workstream."""
        for field, widget in self.editors.items():
            if not has_focus(widget):
                continue
            if isinstance(widget, DateEdit):
                widget.commit()  # a typed date is read first; it commits through its edited signal
            else:
                self._commit(field)

    def _override_chosen(self) -> None:
        ws = self.workstream()
        if ws is None:
            return
        health: Health | None = self.override.value()
        self.reason.setEnabled(health is not None)
        reason = self.reason.text().strip()
        if health == ws.health_override:
            self._pending_override = None
            self.override_message.hide()
        elif health is None:
            self._save_override(ws, None, "")
        elif not reason:
            self._pending_override = health
            self.override_message.setText(
                f"Say why {ws.key} is {health.value} by hand, then press Enter: "
                "the override is saved only with a reason."
            )
            self.override_message.show()
            self.reason.setFocus()
        else:
            self._save_override(ws, health, reason)

    def _reason_given(self) -> None:
        ws = self.workstream()
        health: Health | None = self.override.value()
        if ws is None or health is None:
            return
        reason = self.reason.text().strip()
        if not reason:
            self.override_message.setText(
                f"A health override needs a reason, so stakeholders know why {ws.key} is {health.value}."
            )
            self.override_message.show()
        elif (health, reason) != (ws.health_override, ws.health_override_reason):
            self._save_override(ws, health, reason)

    def _save_override(self, ws: Workstream, health: Health | None, reason: str) -> None:
        self._pending_override = None
        self.override_message.hide()
        if not self.document.edit_workstreams(
            {ws.id: {"health_override": health, "health_override_reason": reason}},
            f"Change health override of {ws.key}",
        ):
            self._pending_override = health  # refused (said by the window): kept as chosen, to try again
            return
        for widget in (self.override, self.reason):  # committed, as in _commit
            self._shown.remember(widget, widget.value())
        self._fill_fields(self.document.plan.workstreams.get(ws.id, ws))

    def _add_link(self, waits_on: bool) -> None:
        if self._id is not None:
            self._open_link_dialog(DependencyDialog(self.document, self._id, self, waits_on=waits_on))

    def _edit_link(self, table: LinkTable) -> None:
        link_id = table.selected_id()
        if self._id is not None and link_id is not None:
            self._open_link_dialog(DependencyDialog(self.document, self._id, self, dependency_id=link_id))

    def _open_link_dialog(self, dialog: DependencyDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.link_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "link_dialog", None))
        dialog.open()

    def _remove_link(self, table: LinkTable) -> None:
        link_id = table.selected_id()
        if link_id is not None:
            self.document.remove_dependency(link_id)

    def _add_comment(self) -> None:
        text = self.comment.toPlainText().strip()
        if self._id is not None and text and self.document.add_comment(self._id, text):
            self.comment.clear()
