"""The workstream's own fields: its key and title, the form of team, owner, status, dates,
progress and milestone, and its description and blocker note."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
)

from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.looks import give_look
from migrator.ui.widgets.date_edit import DateEdit, with_message
from migrator.ui.widgets.details.text_edits import NoteEdit, TitleEdit, heading
from migrator.ui.widgets.editors import OwnerCombo, ProgressSpin, StatusCombo, TeamCombo, TextLineEdit


class FieldsSection:
    """The field editors, by the workstream field each one edits (``editors``)."""

    def __init__(self, document: PlanDocument) -> None:
        self.key = QLabel()
        give_look(self.key, "detailsKey")
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title = TitleEdit()
        self.team = TeamCombo(document)
        self.owner = OwnerCombo(document)
        self.status = StatusCombo()
        as_of = document.as_of
        self.planned_start = DateEdit(today=as_of)
        self.planned_due = DateEdit(today=as_of)
        self.actual_start = DateEdit(today=as_of)
        self.actual_finish = DateEdit(today=as_of)
        self.progress = ProgressSpin()
        self.milestone = QCheckBox("Milestone")
        self.milestone.setToolTip(
            "A milestone has a single date and no duration: its planned and baseline starts move to "
            "its due dates (Edit → Undo puts them back)"
        )
        self.description = NoteEdit(4, "What this workstream delivers")
        self.blocker_note = NoteEdit(3, "What it waits for, if it is blocked")
        self.editors: dict[str, Any] = {
            "title": self.title, "team_id": self.team, "owner_id": self.owner, "status": self.status,
            "planned_start": self.planned_start, "planned_due": self.planned_due,
            "actual_start": self.actual_start, "actual_finish": self.actual_finish,
            "progress": self.progress, "is_milestone": self.milestone,
            "description": self.description, "blocker_note": self.blocker_note,
        }  # fmt: skip

    def dates(self) -> tuple[DateEdit, ...]:
        return (self.planned_start, self.planned_due, self.actual_start, self.actual_finish)

    def place(self, sections: QVBoxLayout) -> None:
        sections.addWidget(self.key)
        sections.addWidget(self.title)
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
        sections.addLayout(form)
        sections.addWidget(heading("Description"))
        sections.addWidget(self.description)
        sections.addWidget(heading("Blocker note"))
        sections.addWidget(self.blocker_note)


def set_read_only(widgets: Any, read_only: bool) -> None:
    """Text stays readable and can be copied; other editors are disabled."""
    for widget in widgets:
        if isinstance(widget, QLineEdit | QTextEdit | QPlainTextEdit):
            widget.setReadOnly(read_only)
        else:
            widget.setEnabled(not read_only)


def connect_editors(
    editors: Mapping[str, Any], commit: Callable[[str], None], reverted: Callable[[str], None]
) -> None:
    """Call ``commit(field)`` when the user acts on a field's editor (a click, a choice, Enter or
    leaving it), and ``reverted(field)`` when Esc drops what was typed into a date or a text box."""
    for field, widget in editors.items():
        if isinstance(widget, QCheckBox):
            signal = widget.clicked
        elif isinstance(widget, QComboBox):
            signal = widget.activated
        elif isinstance(widget, DateEdit | NoteEdit | TitleEdit):
            signal = widget.edited
        else:
            signal = widget.editingFinished
        signal.connect(lambda *_args, name=field: commit(name))
        if isinstance(widget, DateEdit | NoteEdit | TitleEdit | TextLineEdit):
            widget.reverted.connect(lambda name=field: reverted(name))
