"""The right pane: one workstream's fields, health, links and history, each edit one undo step."""

from __future__ import annotations

import html
import itertools
from datetime import UTC, date
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.model import Dependency, Health, HistoryEntry, Status, Workstream
from migrator.domain.wording import date_text, day_text, working_days
from migrator.domain.workstream_state import field_name, key_order
from migrator.paths import style_sheet
from migrator.ui.dialogs.dependency_dialog import DependencyDialog
from migrator.ui.models.workstream_table_model import started_early_text
from migrator.ui.palette import HEALTH_COLOUR, HEALTH_FILL
from migrator.ui.plan_document import PlanDocument
from migrator.ui.widgets.date_edit import DateEdit, with_message
from migrator.ui.widgets.editors import (
    HealthOverrideCombo,
    OwnerCombo,
    ProgressSpin,
    StatusCombo,
    TeamCombo,
    TextLineEdit,
)

MAX_CHANGES_SHOWN = 50  # history groups; older ones stay in the file


def link_text(link: Dependency) -> str:
    """A link's type and lag as the links tables show them: ``FS``, ``FS +2d``, ``SS -1d``."""
    return f"{link.type.value} {link.lag:+d}d" if link.lag else link.type.value


def _has_focus(widget: QWidget) -> bool:
    focused = QApplication.focusWidget()
    return focused is not None and (focused is widget or widget.isAncestorOf(focused))


def _heading(text: str, name: str = "detailsHeading") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


class _NoteEdit(QPlainTextEdit):
    """Several lines of text, committed when focus leaves."""

    edited = Signal()

    def __init__(self, lines: int, placeholder: str) -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        self.setTabChangesFocus(True)
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * lines + 2 * self.document().documentMargin()
        self.setFixedHeight(int(height) + margins.top() + margins.bottom() + 2)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: str) -> None:
        if value != self.toPlainText():
            self.setPlainText(value)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.edited.emit()


class _TitleEdit(QTextEdit):
    """The title in large type, wrapped over as many lines as it needs; Enter commits it."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Title")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.setFont(font)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def value(self) -> str:
        return " ".join(self.toPlainText().split())

    def set_value(self, value: str) -> None:
        if value != self.value():
            self.setPlainText(value)

    def _fit(self) -> None:
        margins = self.contentsMargins()
        self.setFixedHeight(int(self.document().size().height()) + margins.top() + margins.bottom())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edited.emit()  # a title is one line: Enter saves it
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.edited.emit()


class _LinkSection(QWidget):
    """One side of a workstream's links: a small table with Add…, Edit… and Remove."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Key", "Workstream", "Team", "Link"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.none = QLabel("None")
        self.none.setObjectName("detailsMuted")
        self.add_button = QPushButton("Add…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(_heading(title, "detailsSubheading"))
        layout.addWidget(self.table)
        layout.addWidget(self.none)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_button.click())

    def set_links(self, rows: list[tuple[Dependency, Workstream]]) -> None:
        """Each link with the workstream at its other end."""
        chosen = self.selected_id()
        self.table.setRowCount(len(rows))
        for row, (link, other) in enumerate(rows):
            texts = (other.key, other.title, other.team_code, link_text(link))
            tip = f"{other.key} {other.title}\n{other.team_name}" + (
                f"\nNote: {link.note}" if link.note else ""
            )
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(tip)
                item.setData(Qt.ItemDataRole.UserRole, link.id)
                self.table.setItem(row, column, item)
            if link.id == chosen:
                self.table.selectRow(row)
        shown = min(len(rows), 6)  # more scroll inside the table
        frame = 2 * self.table.frameWidth()
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + shown * self.table.verticalHeader().defaultSectionSize()
            + frame
        )
        self.table.setVisible(bool(rows))
        self.none.setVisible(not rows)
        self._selection_changed()

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _selection_changed(self) -> None:
        chosen = self.selected_id() is not None
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)


class DetailsPane(QWidget):
    show_hidden_requested = Signal(int)  # "Clear the filter" was clicked on a workstream the filter hides

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown: dict[int, Any] = {}  # what each editor last showed, by widget id
        self._shown_at: dict[int, int] = {}  # the row's version each editor's value was shown at
        self.document = document
        self._id: int | None = None
        self._linked: set[int] = set()
        self._links_shown: tuple[list[Dependency], list[Dependency]] | None = None
        self._pending_override: Health | None = None  # chosen, waiting for its reason
        self.link_dialog: DependencyDialog | None = None
        self.setStyleSheet(style_sheet("details"))
        self.setMinimumWidth(340)

        self.empty_state = QLabel("Select a workstream to see its details")
        self.empty_state.setObjectName("detailsMuted")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)
        body = QWidget()
        self.sections = QVBoxLayout(body)
        self.sections.setContentsMargins(10, 8, 12, 12)
        self.sections.setSpacing(6)
        self._build_header()
        self._build_fields()
        self._build_notes()
        self._build_health()
        self._build_links()
        self._build_history()
        self.sections.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.scroll_area)
        # Above the scroll area, so it stays in view: the row shown is not in the table any more.
        self.hidden_notice = QLabel()
        self.hidden_notice.setObjectName("hiddenNotice")
        self.hidden_notice.setWordWrap(True)
        self.hidden_notice.hide()
        self.hidden_notice.linkActivated.connect(self._show_hidden)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.hidden_notice)
        layout.addWidget(self.pages)

        for field, widget in self.editors.items():
            if isinstance(widget, QCheckBox):
                signal = widget.clicked
            elif isinstance(widget, QComboBox):
                signal = widget.activated
            elif isinstance(widget, DateEdit | _NoteEdit | _TitleEdit):
                signal = widget.edited
            else:
                signal = widget.editingFinished
            signal.connect(lambda *_args, name=field: self._commit(name))
            if isinstance(widget, DateEdit):
                widget.reverted.connect(lambda name=field: self._reverted(name))
        self.override.activated.connect(self._override_chosen)
        self.reason.editingFinished.connect(self._reason_given)
        self.waits_on.add_button.clicked.connect(lambda: self._add_link(waits_on=True))
        self.needed_by.add_button.clicked.connect(lambda: self._add_link(waits_on=False))
        for section in (self.waits_on, self.needed_by):
            section.edit_button.clicked.connect(lambda _checked=False, s=section: self._edit_link(s))
            section.remove_button.clicked.connect(lambda _checked=False, s=section: self._remove_link(s))
        self.comment.textChanged.connect(
            lambda: self.comment_button.setEnabled(bool(self.comment.toPlainText().strip()))
        )
        self.comment_button.clicked.connect(self._add_comment)
        document.workstreams_changed.connect(self._workstreams_changed)
        document.dependencies_changed.connect(self._links_changed)
        document.reloaded.connect(self._refresh)
        document.analysed.connect(self._fill_health)
        document.history_changed.connect(self._history_changed)
        self._set_read_only(document.read_only)
        self._refresh()
        self._fill_history()

    # ------------------------------------------------------------ building

    def _build_header(self) -> None:
        self.key = QLabel()
        self.key.setObjectName("detailsKey")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title = _TitleEdit()
        self.sections.addWidget(self.key)
        self.sections.addWidget(self.title)

    def _build_fields(self) -> None:
        self.team = TeamCombo(self.document)
        self.owner = OwnerCombo(self.document)
        self.status = StatusCombo()
        as_of = self.document.as_of
        self.planned_start = DateEdit(today=as_of)
        self.planned_due = DateEdit(today=as_of)
        self.actual_start = DateEdit(today=as_of)
        self.actual_finish = DateEdit(today=as_of)
        self.progress = ProgressSpin()
        self.milestone = QCheckBox("Milestone")
        self.milestone.setToolTip("A milestone has a single date and no duration")
        self.description = _NoteEdit(4, "What this workstream delivers")
        self.blocker_note = _NoteEdit(3, "What it waits for, if it is blocked")
        self.editors: dict[str, Any] = {
            "title": self.title, "team_id": self.team, "owner_id": self.owner, "status": self.status,
            "planned_start": self.planned_start, "planned_due": self.planned_due,
            "actual_start": self.actual_start, "actual_finish": self.actual_finish,
            "progress": self.progress, "is_milestone": self.milestone,
            "description": self.description, "blocker_note": self.blocker_note,
        }  # fmt: skip
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Team:", self.team)
        form.addRow("Owner:", self.owner)
        form.addRow("Status:", self.status)
        form.addRow("Planned start:", with_message(self.planned_start))
        form.addRow("Planned due:", with_message(self.planned_due))
        form.addRow("Actual start:", with_message(self.actual_start))
        form.addRow("Actual finish:", with_message(self.actual_finish))
        form.addRow("Progress:", self.progress)
        form.addRow("", self.milestone)
        self.sections.addLayout(form)

    def _build_notes(self) -> None:
        self.sections.addWidget(_heading("Description"))
        self.sections.addWidget(self.description)
        self.sections.addWidget(_heading("Blocker note"))
        self.sections.addWidget(self.blocker_note)

    def _build_health(self) -> None:
        self.pill = QLabel()
        self.critical = QLabel("● On the critical path")
        self.critical.setObjectName("detailsProblem")
        pills = QHBoxLayout()
        pills.addWidget(self.pill)
        pills.addSpacing(8)
        pills.addWidget(self.critical)
        pills.addStretch(1)
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.forecast = QLabel()
        self.forecast.setWordWrap(True)
        self.float = QLabel()
        self.float.setWordWrap(True)
        self.override = HealthOverrideCombo()
        self.reason = TextLineEdit()
        self.reason.setPlaceholderText("Why the health is set by hand")
        self.override_message = QLabel()
        self.override_message.setObjectName("detailsProblem")
        self.override_message.setWordWrap(True)
        self.override_message.hide()
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Forecast finish:", self.forecast)
        form.addRow("Float:", self.float)
        form.addRow("Override:", self.override)
        form.addRow("Reason:", self.reason)
        self.sections.addWidget(_heading("Health"))
        self.sections.addLayout(pills)
        self.sections.addWidget(self.reasons)
        self.sections.addLayout(form)
        self.sections.addWidget(self.override_message)

    def _build_links(self) -> None:
        self.waits_on = _LinkSection("Waits on (predecessors)")
        self.needed_by = _LinkSection("Needed by (successors)")
        # Filled by the analysis: work started before what it waits on still depends on it.
        self.started_early = QLabel()
        self.started_early.setObjectName("detailsProblem")
        self.started_early.setWordWrap(True)
        self.started_early.hide()
        self.sections.addWidget(_heading("Links"))
        self.sections.addWidget(self.started_early)
        self.sections.addWidget(self.waits_on)
        self.sections.addSpacing(4)
        self.sections.addWidget(self.needed_by)

    def _build_history(self) -> None:
        self.history = QVBoxLayout()
        self.history.setSpacing(0)
        self.history_labels: list[QLabel] = []
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText("Add a status comment")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 3 + 14)
        self.comment_button = QPushButton("Add")
        self.comment_button.setEnabled(False)
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.comment_button)
        self.sections.addWidget(_heading("History"))
        self.sections.addLayout(self.history)
        self.sections.addWidget(self.comment)
        self.sections.addLayout(add_row)

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (*self.editors.values(), self.override, self.reason):
            if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
                widget.setReadOnly(read_only)  # text stays readable and can be copied
            else:
                widget.setEnabled(not read_only)
        for section in (self.waits_on, self.needed_by):
            for button in (section.add_button, section.edit_button, section.remove_button):
                button.setVisible(not read_only)
        self.comment.setVisible(not read_only)
        self.comment_button.setVisible(not read_only)

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

    def _put(self, widget: Any, value: Any, force: bool = False) -> None:
        """Show ``value`` without committing it; a widget being typed into (focused, and changed
        since the pane last showed it) is left alone."""
        current = widget.isChecked() if isinstance(widget, QCheckBox) else widget.value()
        changed = current != self._shown.get(id(widget), current)
        typing = _has_focus(widget) and (changed or (isinstance(widget, DateEdit) and widget.is_typing()))
        if typing and not force:
            return
        with QSignalBlocker(widget):
            if isinstance(widget, QCheckBox):
                widget.setChecked(value)
            else:
                widget.set_value(value)
        self._shown[id(widget)] = value

    def _fill_fields(self, ws: Workstream) -> None:
        self.key.setText(ws.key)
        self.team.update_items()
        self.owner.update_items()
        self.owner.team_id = ws.team_id
        for date_edit in (self.planned_start, self.planned_due, self.actual_start, self.actual_finish):
            date_edit.today = self.document.as_of
        for field, widget in self.editors.items():
            self._put(widget, getattr(ws, field))
            if self._shown.get(id(widget)) == getattr(ws, field):  # the field shows this version's value
                self._shown_at[id(widget)] = ws.version
        if self._pending_override is None:
            self._put(self.override, ws.health_override)
            self._put(self.reason, ws.health_override_reason)
            self.override_message.hide()
        self.reason.setEnabled(self.override.value() is not None)

    def _fill_health(self) -> None:
        analysis = self.document.analysis
        found = analysis.workstreams.get(self._id) if analysis and self._id is not None else None
        if found is None:
            self.pill.setText("Working out…")
            self.pill.setStyleSheet("color: #607D8B;")
            self.reasons.setText("")
            self.forecast.setText("—")
            self.float.setText("—")
            self.critical.hide()
            self.started_early.hide()
            return
        level = found.health
        self.pill.setText(level.label + (" · set by hand" if found.override else ""))
        self.pill.setStyleSheet(
            f"color: {HEALTH_COLOUR[level]}; background: {HEALTH_FILL[level].color().name()};"
            f"border: 1px solid {HEALTH_COLOUR[level]}; border-radius: 10px; padding: 2px 12px;"
            "font-weight: 600;"
        )
        reasons = found.health_reasons or (
            ("Nothing needs attention.",) if level is HealthLevel.GREEN else ()
        )
        self.reasons.setText("\n".join(f"• {reason}" for reason in reasons))
        self.reasons.setVisible(bool(reasons))
        forecast = day_text(found.forecast_finish) if found.forecast_finish else "—"
        if found.days_late and found.days_late > 0:
            forecast += f", {working_days(found.days_late)} late"
        self.forecast.setText(forecast)
        if found.total_float is None:
            self.float.setText("—")
        elif found.total_float < 0:
            self.float.setText(f"−{working_days(found.total_float)}: the go-live target can't be met")
        else:
            self.float.setText(working_days(found.total_float))
        self.critical.setVisible(found.critical)
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
        self.waits_on.set_links(sorted(waits, key=lambda pair: (pair[1].team_code, key_order(pair[1].key))))
        self.needed_by.set_links(sorted(needed, key=lambda pair: (pair[1].team_code, key_order(pair[1].key))))

    def _fill_history(self) -> None:
        if self.workstream() is None or not self.document.service_is_open:
            return  # a quickly opened file's history comes once its service is open (history_changed)
        for label in self.history_labels:
            self.history.removeWidget(label)
            label.deleteLater()
        # Newest change first, each change's entries in the order they were made.
        changes = [list(group)[::-1] for _id, group in itertools.groupby(
            self.document.workstream_history(self._id), key=lambda entry: entry.change_id
        )]  # fmt: skip
        self.history_labels = [self._history_label(change) for change in changes[:MAX_CHANGES_SHOWN]]
        if len(changes) > MAX_CHANGES_SHOWN:
            more = QLabel(f"{len(changes) - MAX_CHANGES_SHOWN} earlier changes are not shown.")
            more.setObjectName("detailsMuted")
            self.history_labels.append(more)
        if not changes:
            nothing = QLabel("No changes recorded yet.")
            nothing.setObjectName("detailsMuted")
            self.history_labels.append(nothing)
        for label in self.history_labels:
            self.history.addWidget(label)

    @staticmethod
    def _history_label(change: list[HistoryEntry]) -> QLabel:
        first = change[0]
        at = first.at.replace(tzinfo=UTC).astimezone()  # history keeps UTC; people read local time
        lines = [
            f'<span style="color:#78909C">{date_text(at)} {at:%H:%M} · {html.escape(first.actor)}</span>'
        ]
        lines += [html.escape(history_text(entry)) for entry in change if entry.action != "commented"]
        comment = first.comment.strip()
        if comment:
            lines.append(
                html.escape(comment) if first.action == "commented" else f"<i>{html.escape(comment)}</i>"
            )
        label = QLabel("<br>".join(line.replace("\n", "<br>") for line in lines))
        label.setObjectName("historyEntry")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

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
        value = widget.value() if not isinstance(widget, QCheckBox) else widget.isChecked()
        if value == getattr(ws, field):
            return
        # Stated as shown: a change by someone else that arrived while typing refuses this edit.
        shown_at = {ws.id: self._shown_at.get(id(widget), ws.version)}
        text = f"Change {field_name(field)} of {ws.key}"
        if self.document.edit_workstreams({ws.id: {field: value}}, text, versions=shown_at):
            self._shown[id(widget)] = value  # committed, no longer being typed: an undo may change it
            self._shown_at[id(widget)] = self.document.versions_of([ws.id]).get(ws.id, ws.version)
        else:
            self._reverted(field)  # refused: show what the plan says now (it may have been read again)

    def _reverted(self, field: str) -> None:
        """Show the field's value as the plan holds it now (Esc, or an edit refused)."""
        ws = self.workstream()
        if ws is not None:
            widget = self.editors[field]
            self._put(widget, getattr(ws, field), force=True)
            self._shown_at[id(widget)] = ws.version

    def _flush(self) -> None:
        """Commit what is being typed before the pane moves to another workstream."""
        for field, widget in self.editors.items():
            if not _has_focus(widget):
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
            self._shown[id(widget)] = widget.value()
        self._fill_fields(self.document.plan.workstreams.get(ws.id, ws))

    def _add_link(self, waits_on: bool) -> None:
        if self._id is not None:
            self._open_link_dialog(DependencyDialog(self.document, self._id, self, waits_on=waits_on))

    def _edit_link(self, section: _LinkSection) -> None:
        link_id = section.selected_id()
        if self._id is not None and link_id is not None:
            self._open_link_dialog(DependencyDialog(self.document, self._id, self, dependency_id=link_id))

    def _open_link_dialog(self, dialog: DependencyDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.link_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "link_dialog", None))
        dialog.open()

    def _remove_link(self, section: _LinkSection) -> None:
        link_id = section.selected_id()
        if link_id is not None:
            self.document.remove_dependency(link_id)

    def _add_comment(self) -> None:
        text = self.comment.toPlainText().strip()
        if self._id is not None and text and self.document.add_comment(self._id, text):
            self.comment.clear()


def history_text(entry: HistoryEntry) -> str:
    """One recorded change in words: "Status: In progress → Done", "Link LEG-6 → OPS-6 added (FS)"."""
    if entry.entity == "dependency":
        verb = {"created": "added", "deleted": "removed", "restored": "restored"}.get(entry.action)
        if verb:
            value = entry.new_value if entry.action != "deleted" else entry.old_value
            return f"Link {entry.entity_label} {verb}" + (f" ({value})" if value else "")
        change = f"{field_name(entry.field or '')} {entry.old_value} → {entry.new_value}"
        return f"Link {entry.entity_label}: {change}"
    if entry.action != "changed":
        return entry.action.capitalize()
    name = field_name(entry.field or "")
    return f"{name[:1].upper()}{name[1:]}: {_value_text(entry.field, entry.old_value)} → " + _value_text(
        entry.field, entry.new_value
    )


def _value_text(field: str | None, value: str | None) -> str:
    if field == "health_override" and not value:
        return "Automatic"
    if value is None or value == "":
        return "—"
    if field == "status" and value in Status._value2member_map_:
        return Status(value).label
    if field == "health_override":
        return value.capitalize()
    if field == "progress":
        return f"{value} %"
    if field in (
        "planned_start",
        "planned_due",
        "actual_start",
        "actual_finish",
        "baseline_start",
        "baseline_due",
    ):
        try:
            return date_text(date.fromisoformat(value))
        except ValueError:
            return value
    return value.capitalize() if value in ("yes", "no") else value
