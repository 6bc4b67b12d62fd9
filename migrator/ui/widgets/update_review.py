"""The review of collected status updates: per team and workstream, each returned field as the
plan has it now → as the team returned it, with a box to accept or reject it; conflicts say who
changed the plan's side and when; comments read as the report will show them; what a file or
a row could not give is said in place."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from migrator.analysis import HealthLevel
from migrator.domain.updates import (
    CommentUpdate,
    FieldUpdate,
    ReturnReview,
    Review,
    ReviewProblem,
    RowReview,
    Verdict,
)
from migrator.domain.wording import date_text, plural
from migrator.ui.palette import HEALTH_COLOUR, MUTED

Ref = tuple[int, int, str]  # (request id, workstream id, field or "comment"): what is accepted
REF = Qt.ItemDataRole.UserRole
KIND = Qt.ItemDataRole.UserRole + 1
SPAN = Qt.ItemDataRole.UserRole + 2  # a line across the columns (spanned once in the tree)
SIZE = Qt.ItemDataRole.SizeHintRole
UPDATE, ALREADY, COMMENT, PROBLEM, GROUP = "update", "already", "comment", "problem", "group"
COLUMNS = ("Update", "In the plan now", "Returned", "Notes")
CONFLICT_FILL = QBrush(QColor("#FFF4E0"))  # amber wash: the team's and the plan's changes differ
PROBLEM_INK = QBrush(QColor(HEALTH_COLOUR[HealthLevel.RED]))


def when_text(at: datetime) -> str:
    """A moment kept in UTC as the user's local day and time: "2 Mar 2027 14:10"."""
    local = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone()
    return f"{date_text(local.date())} {local:%H:%M}"


def conflict_note(update: FieldUpdate) -> str:
    """Why a conflict is one: what the team was sent, and who changed the plan since, and when."""
    who = update.changed_by or "someone"
    when = f" on {when_text(update.changed_at)}" if update.changed_at else ""
    return (
        f"Conflict: {who} changed it{when}, after the request went out with "
        f"{update.shown(update.sent)}. Ticking it overwrites that change."
    )


class UpdateReview(QTreeWidget):
    """The review as a tree: team › workstream › field. Clean updates start accepted, conflicts
    rejected; ``accepted()`` is what the boxes say."""

    choice_changed = Signal()  # a box was ticked or cleared

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderLabels(list(COLUMNS))
        self.setAccessibleName("Collected updates")
        self.setAlternatingRowColors(False)  # conflicts and problems carry their own colours
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setStyleSheet("QTreeView::item { padding: 2px 0px; }")  # rows of boxes need air between them
        header = self.header()
        header.setStretchLastSection(True)
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.review: Review | None = None
        self._updates: tuple[FieldUpdate, ...] = ()  # the review's, in its order
        self._boxes: list[QTreeWidgetItem] = []  # the updates and comments to accept or reject
        self._accepted: set[Ref] = set()
        self._filling = False
        self.itemChanged.connect(self._changed)
        self._fitting = QTimer(self)
        self._fitting.setSingleShot(True)
        self._fitting.timeout.connect(self.fit)
        header.sectionResized.connect(lambda *_: self._fitting.start(0))

    # ------------------------------------------------------------ filling

    def clear(self) -> None:
        """No review shown (one is being read)."""
        super().clear()
        self.review, self._updates, self._boxes, self._accepted = None, (), [], set()

    def show_review(self, review: Review) -> None:
        """Built away from the tree, then added at once: an item in the tree tells the view of
        each change (twenty files of a thousand rows would take seconds)."""
        self._filling = True
        self.clear()
        self.review = review
        groups: dict[str, QTreeWidgetItem] = {}
        for returned in review.returns:
            name = returned.team_name or "Files not taken"  # not matched to a request, or refused whole
            group = groups.get(name)
            if group is None:
                group = groups[name] = self._group(name)
            self._add_return(group, returned)
        for group in groups.values():
            self._count_group(group)
        self._updates = review.updates
        self._boxes = [
            item
            for group in groups.values()
            for item in _descendants(group)
            if item.data(0, KIND) in (UPDATE, COMMENT)
        ]
        self._accepted = {_ref(i) for i in self._boxes if i.checkState(0) is Qt.CheckState.Checked}
        self.addTopLevelItems(list(groups.values()))
        for group in groups.values():
            for item in (group, *_descendants(group)):
                if item.data(0, SPAN):
                    item.setFirstColumnSpanned(True)  # only an item in the tree can be spanned
        self.expandAll()
        for column, width in enumerate((300, 150, 190)):
            self.setColumnWidth(column, width)
        self._filling = False
        self.fit()
        self._fitting.stop()  # the widths just set asked for another fit: this one is it
        self.choice_changed.emit()

    def _group(self, name: str, parent: QTreeWidgetItem | None = None) -> QTreeWidgetItem:
        """A bold heading spanning the row: a team's (top level), or a file's RAID items in it."""
        item = QTreeWidgetItem([name]) if parent is None else QTreeWidgetItem(parent, [name])
        item.setData(0, KIND, GROUP)
        font = QFont(self.font())
        font.setBold(True)
        item.setFont(0, font)
        item.setData(0, SPAN, True)
        return item

    def _add_return(self, group: QTreeWidgetItem, returned: ReturnReview) -> None:
        by = f", answered by {returned.answered_by}" if returned.answered_by else ""
        file_line = QTreeWidgetItem(group, [f"{returned.file_name}{by}"])
        file_line.setData(0, KIND, GROUP)
        file_line.setData(0, SPAN, True)
        file_line.setForeground(0, MUTED)
        if returned.refused:
            file_line.setText(0, f"{returned.file_name}: refused, nothing from it is applied")
            file_line.setForeground(0, PROBLEM_INK)
        for problem in _file_problems(returned):
            self._problem(file_line, problem)
        if returned.refused:
            return
        for row in returned.rows:
            self._add_row(group, row)
        shown = [row for row in returned.raid_rows if row.changes or row.comment is not None or row.problems]
        if shown:  # the RAID items the team answered for: a group of their own beside the workstreams
            raid = self._group(f"RAID items · {returned.file_name}", group)
            for row in shown:
                self._add_row(raid, row)

    def _add_row(self, group: QTreeWidgetItem, row: RowReview) -> None:
        changes = row.changes
        if not changes and row.comment is None and not row.problems:
            return  # left as sent: nothing to review
        kind = f" ({row.raid_type.label})" if row.raid_type is not None else ""
        title = QTreeWidgetItem(group, [f"{row.key}{kind}  {row.title}"])
        title.setData(0, KIND, GROUP)
        title.setData(0, SPAN, True)
        for update in changes:
            self._add_update(title, update)
        if row.comment is not None:
            self._add_comment(title, row.comment)
        for problem in row.problems:
            self._problem(title, problem)

    def _add_update(self, parent: QTreeWidgetItem, update: FieldUpdate) -> None:
        item = QTreeWidgetItem(
            parent,
            [
                update.label,
                update.shown(update.current),
                update.shown(update.returned),
                "",
            ],
        )
        item.setData(0, REF, update.ref)
        item.setToolTip(1, "What the plan holds now")
        item.setToolTip(2, f"What {update.answered_by or 'the team'} returned")
        if update.verdict is Verdict.ALREADY:
            item.setData(0, KIND, ALREADY)
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsUserCheckable)  # nothing to accept
            item.setText(3, "Already in the plan: nothing to apply.")
            for column in range(4):
                item.setForeground(column, MUTED)
            return
        item.setData(0, KIND, UPDATE)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        clean = update.verdict is Verdict.CLEAN
        item.setCheckState(0, Qt.CheckState.Checked if clean else Qt.CheckState.Unchecked)
        if clean:
            item.setText(3, "Clean update: the plan still holds what was sent.")
            item.setForeground(3, MUTED)  # the conflicts are what the eye should find
        else:
            item.setText(3, conflict_note(update))
            for column in range(4):
                item.setBackground(column, CONFLICT_FILL)
        item.setToolTip(3, item.text(3))

    def _add_comment(self, parent: QTreeWidgetItem, comment: CommentUpdate) -> None:
        """The comment as the report's Changes will show it, on a line of its own (it may be long)."""
        shown = comment_text(comment)
        heading = "Comment" if comment.raid_type is not None else "Comment for the report"
        item = QTreeWidgetItem(parent, [f"{heading}: {shown}"])
        item.setData(0, REF, comment.ref)
        item.setData(0, KIND, COMMENT)
        item.setData(0, SPAN, True)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        kept = (
            "Kept in the RAID item's history."
            if comment.raid_type is not None
            else "Kept in the workstream's history and shown in the report's Changes."
        )
        item.setToolTip(0, f"{shown}\n{kept}")

    def _problem(self, parent: QTreeWidgetItem, problem: ReviewProblem) -> None:
        item = QTreeWidgetItem(parent, [f"⚠ {problem.message}"])  # the message names sheet and row
        item.setData(0, KIND, PROBLEM)
        item.setData(0, SPAN, True)
        item.setForeground(0, PROBLEM_INK)
        item.setToolTip(0, problem.text)  # with the file's name

    def _count_group(self, group: QTreeWidgetItem) -> None:
        items = list(_descendants(group))
        updates = sum(1 for i in items if i.data(0, KIND) == UPDATE)
        problems = sum(1 for i in items if i.data(0, KIND) == PROBLEM)
        parts = [plural(updates, "update")] if updates else ["no update to apply"]
        if problems:
            parts.append(plural(problems, "problem"))
        group.setText(0, f"{group.text(0)} · {', '.join(parts)}")

    # ------------------------------------------------------------ long lines wrap

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fitting.start(0)  # once the header has given the columns their new widths

    def fit(self) -> None:
        """Rows as tall as their wrapped text: a spanned line (a comment, a problem) across the
        width, a long value or note in its column; the tree would cut them off with "…". Only
        the lines that need more than one line get a height (a size hint is costly to set)."""
        metrics = self.fontMetrics()
        flags = Qt.TextFlag.TextWordWrap
        full = self.viewport().width()
        columns = [(column, max(self.columnWidth(column) - 8, 40)) for column in (1, 2, 3)]
        advance: dict[str, int] = {}  # many lines repeat a text ("Clean update: ..."): measured once
        for top in range(self.topLevelItemCount()):
            group = self.topLevelItem(top)
            if group is None:
                continue
            for item in _descendants(group):
                if item.data(0, SPAN):
                    depth, parent = 1, item.parent()
                    while parent is not None:
                        depth, parent = depth + 1, parent.parent()
                    box = 24 if item.data(0, KIND) == COMMENT else 0
                    wrapped = [(0, max(full - depth * self.indentation() - box - 8, 40))]
                else:
                    wrapped = columns
                for column, width in wrapped:
                    text = item.text(column)
                    if text not in advance:
                        advance[text] = metrics.horizontalAdvance(text)
                    wanted = None
                    if advance[text] > width:
                        needed = metrics.boundingRect(0, 0, width, 100_000, flags, text).height()
                        # A valid size, or the tree ignores it (a width of -1 is not one).
                        wanted = QSize(width, needed + 6)
                    if item.data(column, SIZE) != wanted:
                        item.setData(column, SIZE, wanted)
        self.doItemsLayout()

    # ------------------------------------------------------------ choosing

    def items_of(self, kind: str) -> list[QTreeWidgetItem]:
        return [
            item
            for row in range(self.topLevelItemCount())
            if (top := self.topLevelItem(row)) is not None
            for item in _descendants(top)
            if item.data(0, KIND) == kind
        ]

    def checkable(self) -> list[QTreeWidgetItem]:
        return list(self._boxes)

    def accepted(self) -> frozenset[Ref]:
        """What the boxes say, kept as they change: a click on one of thousands stays quick."""
        return frozenset(self._accepted)

    def accepted_updates(self) -> list[FieldUpdate]:
        chosen = self._accepted
        return [update for update in self._updates if update.ref in chosen]

    def accept_clean(self) -> None:
        """Every clean update and comment accepted; conflicts left as they are."""
        clean = {u.ref for u in self.review.clean} if self.review else set()
        self._set(item for item in self._boxes if item.data(0, KIND) == COMMENT or _ref(item) in clean)

    def reject_all(self) -> None:
        self._set(self._boxes, Qt.CheckState.Unchecked)

    def _set(self, items: Iterable[QTreeWidgetItem], state: Qt.CheckState = Qt.CheckState.Checked) -> None:
        self._filling = True
        for item in items:
            item.setCheckState(0, state)
            self._note(item)
        self._filling = False
        self.choice_changed.emit()

    def _note(self, item: QTreeWidgetItem) -> None:
        if item.checkState(0) is Qt.CheckState.Checked:
            self._accepted.add(_ref(item))
        else:
            self._accepted.discard(_ref(item))

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if column == 0 and not self._filling and item.data(0, KIND) in (UPDATE, COMMENT):
            self._note(item)
            self.choice_changed.emit()


def comment_text(comment: CommentUpdate) -> str:
    """A returned comment as the report shows it: the words, then who said them and how."""
    return f"“{comment.text}” — {comment.credit}"


def _ref(item: QTreeWidgetItem) -> Ref:
    ref: Ref = tuple(item.data(0, REF))  # Qt hands the tuple back as it was given
    return ref


def _descendants(item: QTreeWidgetItem) -> Iterable[QTreeWidgetItem]:
    for index in range(item.childCount()):
        child = item.child(index)
        if child is not None:
            yield child
            yield from _descendants(child)


def _file_problems(returned: ReturnReview) -> list[ReviewProblem]:
    """The file's own problems and those of rows not shown as rows (not matched to a workstream);
    a refused file's rows are not shown, so all of them."""
    if returned.refused:
        return list(returned.problems)
    in_rows = {problem for row in returned.all_rows for problem in row.problems}
    return [problem for problem in returned.problems if problem not in in_rows]
