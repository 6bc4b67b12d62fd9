"""The workstream's history, newest change first, and the box to add a status comment."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from datetime import UTC, date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout

from migrator.domain.model import HistoryEntry, Status
from migrator.domain.wording import date_text
from migrator.domain.workstream_state import field_name
from migrator.ui.looks import RuledLabel, give_look
from migrator.ui.widgets.details.text_edits import heading

MAX_CHANGES_SHOWN = 50  # history groups; older ones stay in the file


class HistorySection:
    """A label per recorded change (``labels``), then the comment box and its Add button."""

    def __init__(self) -> None:
        self.history = QVBoxLayout()
        self.history.setSpacing(0)
        self.labels: list[QLabel] = []
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText("Add a status comment")
        self.comment.setTabChangesFocus(True)
        self.comment.setFixedHeight(self.comment.fontMetrics().lineSpacing() * 3 + 14)
        self.comment_button = QPushButton("Add")
        self.comment_button.setEnabled(False)
        self.comment.textChanged.connect(
            lambda: self.comment_button.setEnabled(bool(self.comment.toPlainText().strip()))
        )

    def place(self, sections: QVBoxLayout) -> None:
        add_row = QHBoxLayout()
        add_row.addStretch(1)
        add_row.addWidget(self.comment_button)
        sections.addWidget(heading("History"))
        sections.addLayout(self.history)
        sections.addWidget(self.comment)
        sections.addLayout(add_row)

    def set_read_only(self, read_only: bool) -> None:
        self.comment.setVisible(not read_only)
        self.comment_button.setVisible(not read_only)

    def show(self, entries: Iterable[HistoryEntry]) -> None:
        """The workstream's history, oldest entry first, as the document reads it."""
        for label in self.labels:
            self.history.removeWidget(label)
            label.deleteLater()
        # Newest change first, each change's entries in the order they were made.
        changes = [list(group)[::-1] for _id, group in itertools.groupby(
            entries, key=lambda entry: entry.change_id
        )]  # fmt: skip
        self.labels = [_change_label(change) for change in changes[:MAX_CHANGES_SHOWN]]
        if len(changes) > MAX_CHANGES_SHOWN:
            more = QLabel(f"{len(changes) - MAX_CHANGES_SHOWN} earlier changes are not shown.")
            give_look(more, "detailsMuted")
            self.labels.append(more)
        if not changes:
            nothing = QLabel("No changes recorded yet.")
            give_look(nothing, "detailsMuted")
            self.labels.append(nothing)
        for label in self.labels:
            self.history.addWidget(label)

    def show_unreadable(self, why: str) -> None:
        """The history cannot be read now (a shared plan's server is away): say so instead."""
        for label in self.labels:
            self.history.removeWidget(label)
            label.deleteLater()
        unreadable = QLabel(f"The history cannot be read now. {why}")
        give_look(unreadable, "detailsMuted")
        unreadable.setWordWrap(True)
        self.labels = [unreadable]
        self.history.addWidget(unreadable)


def _change_label(change: list[HistoryEntry]) -> RuledLabel:
    first = change[0]
    at = first.at.replace(tzinfo=UTC).astimezone()  # history keeps UTC; people read local time
    lines = [f'<span style="color:#78909C">{date_text(at)} {at:%H:%M} · {html.escape(first.actor)}</span>']
    lines += [html.escape(history_text(entry)) for entry in change if entry.action != "commented"]
    comment = first.comment.strip()
    if comment:
        lines.append(
            html.escape(comment) if first.action == "commented" else f"<i>{html.escape(comment)}</i>"
        )
    label = RuledLabel("<br>".join(line.replace("\n", "<br>") for line in lines))
    give_look(label, "historyEntry")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


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
