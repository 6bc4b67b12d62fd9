"""The workstream table view: spreadsheet keys, inline editors, remembered column widths."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.models.workstream_table_model import COLUMNS, TITLE, WorkstreamTableModel
from migrator.ui.widgets.date_edit import DateEdit
from migrator.ui.widgets.editors import OwnerCombo, editor_for

Index = QModelIndex | QPersistentModelIndex
# Keys that leave a cell: on a date that cannot be read they keep the editor open instead.
_LEAVING_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Return, Qt.Key.Key_Enter,
                 Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)  # fmt: skip


class _FieldDelegate(QStyledItemDelegate):
    """Edits a cell with the same editor the details pane uses for that field.

    A date editor whose text is not a date never closes without a word: moving in the table
    (a click, Tab, Enter, an arrow) or switching windows keeps it open with the reason under it;
    leaving it for another part of the window closes it, and ``date_dropped`` says what was not saved.
    """

    date_dropped = Signal(str)  # "BNK-4 Due was not changed: <why>"

    def __init__(self, document: PlanDocument, parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self._cells: dict[QWidget, str] = {}  # date editor → "BNK-4 Due", said if its text is dropped

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        field = COLUMNS[index.column()].field
        assert field is not None  # only editable columns reach here
        editor = editor_for(field, self.document, parent)
        row = self.document.plan.workstreams.get(index.data(WorkstreamTableModel.ID_ROLE))
        if isinstance(editor, OwnerCombo):  # a person added here joins the row's team, as in the details
            editor.team_id = row.team_id if row is not None else None
        if isinstance(editor, DateEdit):
            editor.float_message()
            self._cells[editor] = f"{row.key if row else 'The workstream'} {COLUMNS[index.column()].title}"
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, DateEdit) and editor.is_typing():
            return  # the row was refreshed while a date is being typed: keep the typing
        editor.set_value(index.data(Qt.ItemDataRole.EditRole))  # type: ignore[attr-defined]

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, DateEdit) and not editor.commit():
            return  # text that is not a date changes nothing
        model.setData(index, editor.value(), Qt.ItemDataRole.EditRole)  # type: ignore[attr-defined]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, DateEdit):
            if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
                if event.key() == Qt.Key.Key_Escape:
                    watched.revert()  # dropped on purpose: nothing to say when the editor closes
                elif event.key() in _LEAVING_KEYS and not watched.commit():
                    return True  # the editor stays open with the reason under it
            elif isinstance(event, QFocusEvent) and self._stays_open(watched, event):
                return False  # the editor still sees the focus go; the delegate does not close it
        return super().eventFilter(watched, event)

    def _stays_open(self, editor: DateEdit, event: QFocusEvent) -> bool:
        """Whether a date editor losing the focus stays open: its text is not a date, and the user
        clicked elsewhere in the table (the focus comes back to the editor) or switched windows."""
        if (
            event.type() != QEvent.Type.FocusOut
            or event.reason() == Qt.FocusReason.PopupFocusReason
            or editor.commit()
        ):
            return False
        if event.reason() == Qt.FocusReason.ActiveWindowFocusReason:
            return True  # the window gives the editor its focus back when it is active again
        table, focus = self.parent(), QApplication.focusWidget()
        if isinstance(table, QWidget) and focus is not None and (focus is table or table.isAncestorOf(focus)):
            QTimer.singleShot(0, editor, editor.setFocus)
            return True
        return False

    def destroyEditor(self, editor: QWidget, index: Index) -> None:
        cell = self._cells.pop(editor, "")
        # Closed holding text that is not a date: the focus left for another pane, or the row left.
        if isinstance(editor, DateEdit) and editor.is_typing() and not editor.commit():
            self.date_dropped.emit(f"{cell} was not changed: {editor.message.text()}")
        super().destroyEditor(editor, index)


class WorkstreamTable(QTableView):
    ROW_HEIGHT = 26
    edit_dropped = Signal(str)  # a cell's typed text was not saved, and why (for the status bar)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = WorkstreamTableModel(document, self)
        self.setModel(self.model_)
        delegate = _FieldDelegate(document, self)
        delegate.date_dropped.connect(self.edit_dropped)
        self.setItemDelegate(delegate)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(True)
        # Plan order until a header is clicked; the model sorts itself, no proxy in between.
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSectionsMovable(True)
        self.horizontalHeader().setHighlightSections(False)
        self.horizontalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        vertical = self.verticalHeader()
        vertical.hide()
        # Fixed row heights: the view never asks 20,000 rows for their size.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.ROW_HEIGHT)
        for column, spec in enumerate(COLUMNS):
            self.setColumnWidth(column, spec.width)
        self.horizontalHeader().setStretchLastSection(False)
        self.horizontalHeader().setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Interactive)

    def selected_ids(self) -> list[int]:
        # From the selection's ranges: selectedRows() builds an index per row, slow for 20,000.
        rows = sorted(
            {
                row
                for span in self.selectionModel().selection()  # type: ignore[attr-defined]  # a QList: the stubs lack __iter__
                for row in range(span.top(), span.bottom() + 1)
            }
        )
        return [self.model_.workstream_id(row) for row in rows]

    def current_id(self) -> int | None:
        index = self.currentIndex()
        return self.model_.workstream_id(index.row()) if index.isValid() else None

    def select_workstream(self, workstream_id: int) -> bool:
        row = self.model_.row_of(workstream_id)
        if row is None:
            return False
        index = self.model_.index(row, max(self.currentIndex().column(), 0))
        self.setCurrentIndex(index)
        self.selectRow(row)
        self.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        return True

    def select_workstreams(self, workstream_ids: list[int]) -> None:
        """Select these rows, the first one current and scrolled to; ids the filter hides are skipped."""
        row_of = self.model_.row_of
        rows = sorted({row for i in workstream_ids if (row := row_of(i)) is not None})
        if not rows:
            self.clearSelection()
            return
        first = next((row for i in workstream_ids if (row := row_of(i)) is not None), rows[0])
        # Contiguous ranges, not a row at a time: selecting 20,000 rows one by one is slow.
        selection = QItemSelection()
        last_column = self.model_.columnCount() - 1
        start = end = rows[0]
        for row in [*rows[1:], None]:
            if row is not None and row == end + 1:
                end = row
                continue
            selection.select(self.model_.index(start, 0), self.model_.index(end, last_column))
            if row is not None:
                start = end = row
        current = self.model_.index(first, max(self.currentIndex().column(), 0))
        flags = QItemSelectionModel.SelectionFlag
        self.selectionModel().setCurrentIndex(current, flags.NoUpdate)
        self.selectionModel().select(selection, flags.ClearAndSelect)
        self.scrollTo(current, QAbstractItemView.ScrollHint.EnsureVisible)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self._holds_a_refused_date():
            super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if not self._holds_a_refused_date():
            super().mouseDoubleClickEvent(event)

    def _holds_a_refused_date(self) -> bool:
        """Whether the cell being edited holds a date that cannot be read: a click elsewhere in the
        table then gives the focus back to it (the reason shows under it) instead of moving on."""
        editor = self.indexWidget(self.currentIndex())
        if isinstance(editor, DateEdit) and editor.isVisible() and not editor.commit():
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter edits the current cell, as F2 does, like a spreadsheet.
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        idle = self.state() != QAbstractItemView.State.EditingState and self.currentIndex().isValid()
        if (
            enter
            and idle
            and self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.EditKeyPressed, event)
        ):
            return
        super().keyPressEvent(event)
