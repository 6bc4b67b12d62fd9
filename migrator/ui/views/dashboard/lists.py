"""The dashboard's short lists (red work, due soon, open conflicts): a panel with a heading and
a count, a tree as tall as its rows, and the rows each list shows, in words."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from typing import TypeVar

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from migrator.domain.updates import TeamAnswers, answer_line
from migrator.domain.wording import day_text, working_days
from migrator.layout import dashboard as figures
from migrator.ui.views.dashboard.text import WRAP, scaled, text_label

CELL_PADDING = 5  # a list cell's text margin on each side, as the item delegate draws it
IDS = Qt.ItemDataRole.UserRole
Row = tuple[Sequence[str], list[int], str]  # cell texts, workstream ids, tooltip
Item = TypeVar("Item")


class ShortList(QTreeWidget):
    """A short list as tall as its rows, so the dashboard scrolls as one page.

    Long text wraps in the columns that take the width (``wrapped``); their row heights are
    measured here, as the tree itself measures wrapped text at the wrong width.
    """

    def __init__(self, headers: Sequence[str], wrapped: Sequence[int], share: float = 0.0) -> None:
        super().__init__()
        self.wrapped = tuple(wrapped)
        self.share = share  # of the width for the first column, when another takes the rest
        self.setHeaderLabels(list(headers))
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionsMovable(False)
        for column in range(len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.wrapped[-1], QHeaderView.ResizeMode.Stretch)
        if share:
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self._fitting = QTimer(self)
        self._fitting.setSingleShot(True)
        self._fitting.timeout.connect(self.fit)

    def fill(self, rows: Sequence[Row]) -> None:
        """Rows of (cell texts, workstream ids, tooltip)."""
        self.clear()
        items = []
        for texts, ids, tip in rows:
            item = QTreeWidgetItem(list(texts))
            item.setData(0, IDS, ids)
            for column in range(len(texts)):
                item.setToolTip(column, tip)
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            items.append(item)
        self.addTopLevelItems(items)
        self.setVisible(bool(items))
        self.fit()

    def items(self) -> list[QTreeWidgetItem]:
        """The rows, first to last."""
        return [
            item for row in range(self.topLevelItemCount()) if (item := self.topLevelItem(row)) is not None
        ]

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fitting.start(0)  # once the header has given the columns their new widths

    def fit(self) -> None:
        """Wrapped rows as tall as their text at the columns' widths, the list as tall as its rows."""
        if self.share:
            self.header().resizeSection(0, round(self.viewport().width() * self.share))
        metrics = self.fontMetrics()
        items = self.items()
        for item in items:
            for column in self.wrapped:
                width = self.columnWidth(column) - 2 * CELL_PADDING
                needed = metrics.boundingRect(0, 0, max(width, 20), 100_000, WRAP, item.text(column)).height()
                item.setSizeHint(column, QSize(self.columnWidth(column), needed + 6))
        self.doItemsLayout()
        height = self.header().sizeHint().height() + 2 * self.frameWidth()
        for item in items:
            height += self.visualItemRect(item).height()
        if height != self.height():
            self.setFixedHeight(height)


class Panel(QFrame):
    """A white panel: a heading (with a count for a list), a note, and its content."""

    def __init__(self, heading: str, content: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.title = heading
        self.content = content
        self.heading = text_label(heading, "heading")
        self.heading.setFont(scaled(self.font(), 1.1, bold=True))
        self.note = text_label(name="note")
        self.empty = text_label(name="note")
        self.more = text_label(name="note")
        self.total = 0
        self.empty.hide()
        self.more.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(4)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addSpacing(4)
        layout.addWidget(content, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.more)

    def show_rows(
        self, rows: Sequence[Row], capped: figures.Capped[Item],
        note: str, empty: str, where: str,
    ) -> None:  # fmt: skip
        """The list's first rows, how many there are in all, and what to do when it is cut short."""
        assert isinstance(self.content, ShortList)
        self.content.fill(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.empty.setText(empty)
        self.more.setText(f"…and {capped.hidden:,} more; {where}.")
        self.more.setVisible(capped.hidden > 0)
        self._count(capped.total)

    def show_all(self, rows: Sequence[Row], note: str, empty: str) -> None:
        """Every row of a list that is never cut short, with its note and what it says when empty."""
        assert isinstance(self.content, ShortList)
        self.content.fill(rows)
        self.note.setText(note)
        self.note.setVisible(bool(note))
        self.empty.setText(empty)
        self.more.hide()
        self._count(len(rows))

    def drop_gone(self, plan: Collection[int]) -> None:
        """Remove the rows naming a workstream no longer in ``plan``, until the next analysis lists afresh."""
        assert isinstance(self.content, ShortList)
        tree = self.content
        gone = [row for row, item in enumerate(tree.items()) if not all(i in plan for i in item.data(0, IDS))]
        if not gone:
            return
        for row in reversed(gone):
            tree.takeTopLevelItem(row)
        tree.setVisible(tree.topLevelItemCount() > 0)
        tree.fit()
        self._count(self.total - len(gone))

    def _count(self, total: int) -> None:
        self.total = total
        self.heading.setText(f"{self.title} ({total:,})" if total else self.title)
        self.empty.setVisible(not total)


def red_rows(items: Sequence[figures.RedItem]) -> list[Row]:
    return [
        (
            (
                f"{item.key}  {item.title}",
                item.team_code,
                str(item.days_late) if item.days_late else "—",
                "\n".join(f"• {reason}" for reason in item.reasons),
            ),
            [item.workstream_id],
            f"{item.key}: "
            + (f"{working_days(item.days_late)} late" if item.days_late else "not late")
            + (", on the critical path" if item.critical else ""),
        )
        for item in items
    ]


def due_rows(items: Sequence[figures.DueItem]) -> list[Row]:
    return [
        (
            (
                day_text(item.due),
                f"{item.key}  {item.title}",
                item.team_code,
                item.owner or "—",
                "Milestone" if item.is_milestone else f"{item.progress}%",
                f"● {item.health.label}",
            ),
            [item.workstream_id],
            f"{item.key} is planned to finish {day_text(item.due)}.",
        )
        for item in items
    ]


def conflict_rows(items: Sequence[figures.ConflictItem]) -> list[Row]:
    """Each link's successor first: it is the end whose dates the link holds back."""
    return [
        (
            (
                f"{item.predecessor_key} → {item.successor_key}",
                f"{item.predecessor_team} → {item.successor_team}",
                item.message,
            ),
            [item.successor_id, item.predecessor_id],
            f"Broken by {working_days(item.violation_days)}; click to select both ends.",
        )
        for item in items
    ]


def answer_rows(answers: Sequence[TeamAnswers], as_of: date) -> list[tuple[Row, bool]]:
    """Per team asked for status, as the report's Summary says it (answer_line), the longest
    waiting first; each row with whether its open request is past its due date."""
    waiting = sorted((a for a in answers if a.waiting_since is not None), key=lambda a: a.waiting_since or 0)
    answered = [a for a in answers if a.waiting_since is None]
    rows: list[tuple[Row, bool]] = []
    for item in (*waiting, *answered):
        late = item.waiting_since is not None and item.waiting_due is not None and item.waiting_due < as_of
        said = answer_line(item, as_of)
        rows.append((((f"{item.team_name} ({item.team_code})", said), [], said), late))
    return rows
