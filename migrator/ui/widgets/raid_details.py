"""One RAID item's fields, as its type has them, and its links: each edit one undo step.

Every editor commits when the user is done (Enter, leaving the field, a choice in a list); a
half-typed date is refused beside its field and saves nothing, and the wheel never changes a
box without focus (the application's WheelGuard).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from migrator.domain.raid import (
    SCALE,
    STATUSES_OF,
    TYPE_FIELDS,
    Escalation,
    RaidItem,
    RaidLink,
    RaidType,
    Response,
    Severity,
)
from migrator.ui import palette
from migrator.ui.dialogs.decision_what_if_dialog import DecisionWhatIfDialog
from migrator.ui.dialogs.workstream_picker_dialog import WorkstreamPickerDialog
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.looks import give_look
from migrator.ui.widgets.date_edit import DateEdit, with_message
from migrator.ui.widgets.details.fields import connect_editors, set_read_only
from migrator.ui.widgets.details.shown_values import ShownValues, has_focus, value_of
from migrator.ui.widgets.details.text_edits import NoteEdit, TitleEdit, heading
from migrator.ui.widgets.editors import TextLineEdit
from migrator.ui.widgets.owner_combo import OwnerCombo
from migrator.ui.widgets.value_combo import ValueCombo

_NONE = "—"

# Each field's label, in the order the form shows them.
LABELS = {
    "owner_id": "Owner:", "team_id": "Team:", "status": "Status:",
    "question": "Question:", "needed_by": "Needed by:", "decider": "Who decides:",
    "options": "Options, pros and cons:", "recommendation": "Recommendation:",
    "decided_on": "Decided on:", "outcome": "Outcome:", "rationale": "Rationale:",
    "revisit_by": "Revisit by:",
    "validation": "How it is validated:", "validate_by": "Validate by:",
    "cause": "Cause:", "event": "Event:", "effect": "Effect:",
    "probability": "Probability:", "impact": "Impact:", "proximity": "Expected by:",
    "response": "Response:",
    "severity": "Severity:", "priority": "Priority:", "target_date": "Target date:",
    "raised_from_id": "Raised from:",
    "actions": "Actions:", "actions_due": "Actions due:",
    "trigger": "Trigger / early warning:", "review_date": "Next review:",
    "escalated_to": "Escalated to:", "escalated_on": "Escalated on:",
    "description": "Description:",
}  # fmt: skip
_DATES = (
    "needed_by", "decided_on", "revisit_by", "proximity", "actions_due", "review_date", "escalated_on",
    "validate_by", "target_date",
)  # fmt: skip
_NOTES = (
    "question", "options", "recommendation", "outcome", "rationale", "cause", "event", "effect", "actions",
    "trigger", "validation", "description",
)  # fmt: skip


def _choices(values: Any, label: Any = str) -> list[tuple[str, Any, None]]:
    return [(_NONE, None, None)] + [(label(v), v, None) for v in values]


class RaidDetails(QWidget):
    """The right-hand pane of the RAID view: the item chosen in the table, edited in place."""

    converted = Signal(int)  # an assumption was found invalid: the id of the issue raised

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._id: int | None = None
        self._shown = ShownValues()
        self.link_dialog: WorkstreamPickerDialog | None = None
        self.setMinimumWidth(340)

        self.empty_state = QLabel("Select a risk, assumption, issue or decision to see its details")
        give_look(self.empty_state, "detailsMuted")
        self.empty_state.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_state.setWordWrap(True)

        self.key = QLabel()
        give_look(self.key, "detailsKey")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title = TitleEdit()
        self.editors: dict[str, Any] = {"title": self.title}
        as_of = document.as_of
        self.owner = OwnerCombo(document)
        self.team = ValueCombo()
        self.status = ValueCombo()
        self.editors.update(owner_id=self.owner, team_id=self.team, status=self.status)
        for name in _DATES:
            self.editors[name] = DateEdit(today=as_of)
        for name in _NOTES:
            self.editors[name] = NoteEdit(2 if name != "options" else 4, "")
        self.editors["decider"] = TextLineEdit()
        self.editors["decider"].setPlaceholderText("A person or a forum, e.g. Steering committee")
        for name, values in (
            ("probability", SCALE), ("impact", SCALE), ("priority", range(1, 5)),
        ):  # fmt: skip
            combo = ValueCombo()
            combo.set_items(_choices(values))
            self.editors[name] = combo
        for name, enum in (("response", Response), ("escalated_to", Escalation), ("severity", Severity)):
            combo = ValueCombo()
            combo.set_items(_choices(list(enum), lambda v: v.value.capitalize()))
            self.editors[name] = combo
        self.raised_from = ValueCombo()  # the risks and assumptions an issue can be raised from
        self.editors["raised_from_id"] = self.raised_from
        self.score = QLabel()
        self.score.setObjectName("raidScore")

        body = QWidget()
        sections = QVBoxLayout(body)
        sections.setContentsMargins(10, 8, 12, 12)
        sections.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.key)
        top.addStretch(1)
        self.found_invalid = QPushButton("Found invalid → issue")
        self.found_invalid.setToolTip(
            "This assumption does not hold: close it and raise an issue from it, keeping its links"
        )
        top.addWidget(self.found_invalid)
        self.what_if_button = QPushButton("What if it comes late…")
        self.what_if_button.setToolTip("Preview what moves if this decision comes some working days late")
        top.addWidget(self.what_if_button)
        sections.addLayout(top)
        sections.addWidget(self.title)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._rows: dict[str, QWidget] = {}  # the form's field of each editor (a date's has its message)
        for name, label in LABELS.items():
            widget = self.editors[name]
            self._rows[name] = with_message(widget) if isinstance(widget, DateEdit) else widget
            self.form.addRow(label, self._rows[name])
            if name == "impact":
                self.form.addRow("Score:", self.score)
        sections.addLayout(self.form)
        sections.addWidget(heading("Linked work"))
        self.links = QListWidget()
        self.links.setObjectName("raidLinks")
        self.links.setMaximumHeight(120)
        sections.addWidget(self.links)
        link_buttons = QHBoxLayout()
        self.add_link_button = QPushButton("Link workstream…")
        self.remove_link_button = QPushButton("Unlink")
        link_buttons.addWidget(self.add_link_button)
        link_buttons.addWidget(self.remove_link_button)
        link_buttons.addStretch(1)
        sections.addLayout(link_buttons)
        sections.addStretch(1)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidget(body)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.scroll_area)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

        self._connect_editors()
        self.found_invalid.clicked.connect(self._found_invalid)
        self.what_if_button.clicked.connect(self._what_if)
        self.what_if_dialog: DecisionWhatIfDialog | None = None
        self.add_link_button.clicked.connect(self._add_link)
        self.remove_link_button.clicked.connect(self._remove_link)
        self.links.currentRowChanged.connect(lambda _row: self._update_link_buttons())
        document.raid_changed.connect(self._items_changed)
        document.reloaded.connect(self._refresh)
        read_only = document.read_only
        set_read_only(self.editors.values(), read_only)
        for button in (self.found_invalid, self.add_link_button, self.remove_link_button):
            button.setVisible(not read_only)
        self._refresh()

    # ------------------------------------------------------------ showing

    def _connect_editors(self) -> None:
        connect_editors(self.editors, self._commit, self._reverted)

    def show_item(self, item_id: int | None) -> None:
        if item_id == self._id:
            return
        self._flush()
        self._id = item_id
        self._refresh()
        self.scroll_area.verticalScrollBar().setValue(0)

    def shown_id(self) -> int | None:
        return self._id if self.item() is not None else None

    def item(self) -> RaidItem | None:
        return self.document.raid_item(self._id) if self._id is not None else None

    def _items_changed(self, ids: list[int]) -> None:
        if not ids or self._id in ids:
            self._refresh()

    def _refresh(self) -> None:
        item = self.item()
        self.pages.setCurrentWidget(self.scroll_area if item else self.empty_state)
        if item is None:
            return
        self.key.setText(f"{item.type.label} {item.key}")
        self.owner.update_items()
        self.owner.team_id = item.team_id
        self.team.set_items(
            [(_NONE, None, None)] + [(t.name, t.id, palette.dot(t.colour)) for t in self.document.plan.teams]
        )
        self.status.set_items([(s.label, s, None) for s in STATUSES_OF[item.type]])
        sources = [
            i for i in self.document.raid_items().values()
            if i.type in (RaidType.RISK, RaidType.ASSUMPTION) and i.id != item.id
        ]  # fmt: skip
        self.raised_from.set_items(
            [(_NONE, None, None)] + [(f"{i.key} {i.title}", i.id, None) for i in sources]
        )
        shown = {"title", "description", "owner_id", "team_id", "status", *TYPE_FIELDS[item.type]}
        for name, widget in self.editors.items():
            if name != "title":
                self.form.setRowVisible(self._rows[name], name in shown)
            if isinstance(widget, DateEdit):
                widget.today = self.document.as_of
            value = getattr(item, name)
            self._shown.put(
                widget, value if value is not None or not isinstance(widget, QLineEdit | NoteEdit) else ""
            )
        self.form.setRowVisible(self.score, item.type is RaidType.RISK)
        score = item.score
        bands = self.document.risk_bands()
        self.score.setText(
            "Set probability and impact" if score is None else f"{score} ({bands.band(score).value})"
        )
        self.found_invalid.setVisible(
            item.type is RaidType.ASSUMPTION and item.is_open and not self.document.read_only
        )
        self.what_if_button.setVisible(
            item.type is RaidType.DECISION and item.is_open and item.needed_by is not None
        )
        self._fill_links(item)

    def _fill_links(self, item: RaidItem) -> None:
        self.links.clear()
        for link in item.links:
            entry = QListWidgetItem(f"{link.role.value.capitalize()}: {link.label}")
            entry.setData(Qt.ItemDataRole.UserRole, link.id)
            workstream = self.document.plan.workstreams.get(link.workstream_id or -1)
            if workstream is not None:
                entry.setToolTip(workstream.title)
            self.links.addItem(entry)
        if not item.links:
            empty = QListWidgetItem("Not linked to any work yet")
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.links.addItem(empty)
        self._update_link_buttons()

    def _update_link_buttons(self) -> None:
        self.remove_link_button.setEnabled(self._chosen_link() is not None)

    def _chosen_link(self) -> RaidLink | None:
        item, entry = self.item(), self.links.currentItem()
        if item is None or entry is None:
            return None
        link_id = entry.data(Qt.ItemDataRole.UserRole)
        return next((link for link in item.links if link.id == link_id), None)

    # ------------------------------------------------------------ editing

    def _commit(self, field: str) -> None:
        item = self.item()
        if item is None or self.document.read_only:
            return
        widget = self.editors[field]
        value = value_of(widget)
        if isinstance(value, str) and getattr(item, field) is None and not value:
            return
        if value == getattr(item, field):
            return
        if field == "title" and not value.strip():
            self._reverted(field)  # an item keeps a title
            return
        if self.document.edit_raid_item(item.id, {field: value}):
            self._shown.remember(widget, value)
        else:
            self._reverted(field)

    def _reverted(self, field: str) -> None:
        item = self.item()
        if item is not None:
            value = getattr(item, field)
            widget = self.editors[field]
            self._shown.put(
                widget,
                "" if value is None and isinstance(widget, QLineEdit | NoteEdit) else value,
                force=True,
            )

    def _flush(self) -> None:
        """Commit what is being typed before the pane moves to another item."""
        for field, widget in self.editors.items():
            if has_focus(widget):
                if isinstance(widget, DateEdit):
                    widget.commit()
                else:
                    self._commit(field)

    def _found_invalid(self) -> None:
        item = self.item()
        if item is not None and (issue_id := self.document.assumption_to_issue(item.id)) is not None:
            self.converted.emit(issue_id)

    def _what_if(self) -> None:
        item = self.item()
        if item is None:
            return
        dialog = DecisionWhatIfDialog(self.document, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.what_if_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "what_if_dialog", None))
        dialog.open()

    def _add_link(self) -> None:
        item = self.item()
        if item is None:
            return
        dialog = WorkstreamPickerDialog(self.document, item, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.link_dialog = dialog
        dialog.finished.connect(lambda _result: setattr(self, "link_dialog", None))
        dialog.open()

    def _remove_link(self) -> None:
        link = self._chosen_link()
        if link is not None:
            self.document.unlink_raid_item(link)
