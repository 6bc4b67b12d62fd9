"""The RAID view (Ctrl+5): the log's filters, its table and heat map, and the chosen item's details.

Built the first time its tab is shown; the log is read then. Its selection is its own (items,
not workstreams): double-clicking an item's linked work selects those workstreams in the table.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QStyle,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from migrator.domain.raid import RaidStatus, RaidType
from migrator.domain.wording import plural
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.looks import give_look
from migrator.ui.models.raid_table_model import COLUMNS, TITLE, RaidFilter, RaidTableModel
from migrator.ui.widgets.raid_details import RaidDetails
from migrator.ui.widgets.raid_heat_map import RaidHeatMap
from migrator.ui.widgets.value_combo import ValueCombo

MIN_TITLE_WIDTH = 220  # pixels: about 30 characters of a title


class RaidView(QWidget):
    selected = Signal(list)  # workstream ids: an item's linked work, to select in the table
    what_if_requested = Signal(int)  # the RAID view asks no slip of a workstream; kept for PlanViews

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.model = RaidTableModel(self)

        # The filter row.
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the log")
        self.search.setToolTip("Finds items by key, title, description, owner or linked work")
        self.search.setClearButtonEnabled(True)
        # Value combos: the enums they choose survive (Qt's item data turns them into strings).
        self.type_filter = ValueCombo()
        self.type_filter.set_items([("All types", None, None)] + [(f"{k.label}s", k, None) for k in RaidType])
        self.status_filter = ValueCombo()
        self.status_filter.set_items([("Any status", None, None)] + [(s.label, s, None) for s in RaidStatus])
        self.team_filter = ValueCombo()
        self.owner_filter = ValueCombo()
        for combo in (self.type_filter, self.status_filter, self.team_filter, self.owner_filter):
            combo.setMinimumContentsLength(9)
        self.needs_review = QCheckBox("Needs review")
        self.needs_review.setToolTip("Open items whose next review date has passed")
        self.decisions_due = QCheckBox("Decisions due")
        self.decisions_due.setToolTip("Open decisions needed within two weeks, or overdue")
        self.count = QLabel()
        self.count.setObjectName("raidCount")
        self.new_button = QToolButton()
        self.new_button.setText("New…")
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.new_menu = QMenu(self.new_button)
        self.new_actions: dict[RaidType, QAction] = {}
        for kind in RaidType:
            action = self.new_menu.addAction(kind.label)
            action.triggered.connect(lambda _checked=False, k=kind: self.new_item(k))
            self.new_actions[kind] = action
        self.new_button.setMenu(self.new_menu)
        # Room for the menu's arrow, which the style draws in the corner, over the text's end otherwise.
        arrow = self.new_button.style().pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator)
        self.new_button.setMinimumWidth(self.new_button.sizeHint().width() + arrow)
        # The Delete key reaches delete_selected through the window's own Delete shortcut.
        self.delete_action = QAction("Delete", self)
        self.delete_action.setToolTip("Delete the selected items (Delete); Edit → Undo brings them back")
        self.delete_action.triggered.connect(self.delete_selected)
        self.delete_button = QToolButton()
        self.delete_button.setDefaultAction(self.delete_action)
        # Two rows, so the view fits a laptop's screen beside its details pane.
        filters = QVBoxLayout()
        filters.setContentsMargins(0, 0, 0, 0)
        rows: tuple[tuple[QWidget | None, ...], ...] = (
            (self.search, self.type_filter, self.status_filter, self.team_filter, self.owner_filter, None),
            (self.needs_review, self.decisions_due, None, self.count, self.new_button, self.delete_button),
        )
        for row in rows:
            line = QHBoxLayout()
            for part in row:
                if part is None:
                    line.addStretch(1)
                else:
                    line.addWidget(part)
            filters.addLayout(line)
        self.search.setMinimumWidth(160)

        # The table and the heat map.
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column, spec in enumerate(COLUMNS):
            header.resizeSection(column, spec.width)
        # The title takes the room the other columns leave, but never less than MIN_TITLE_WIDTH: in a
        # narrow window the table scrolls sideways rather than cut every title to "…".
        header.sectionResized.connect(self._section_resized)
        self.table.viewport().installEventFilter(self)
        self.heat_map = RaidHeatMap()
        self.heat_title = QLabel("Open risks")
        give_look(self.heat_title, "detailsHeading")
        self.heat_hint = QLabel("Click a cell to list its risks")
        give_look(self.heat_hint, "detailsMuted")
        self.heat_hint.setWordWrap(True)
        side = QVBoxLayout()
        side.addWidget(self.heat_title)
        side.addWidget(self.heat_map)
        self.heat_hint.setMaximumWidth(self.heat_map.sizeHint().width())
        side.addWidget(self.heat_hint)
        side.addStretch(1)
        middle = QHBoxLayout()
        middle.setContentsMargins(0, 0, 0, 0)
        middle.addWidget(self.table, 1)
        middle.addLayout(side)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 4, 0, 0)
        left_layout.addLayout(filters)
        left_layout.addLayout(middle, 1)
        self.details = RaidDetails(document)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        for combo in (self.type_filter, self.status_filter, self.team_filter, self.owner_filter):
            combo.activated.connect(lambda _row: self.apply_filter())
        for box in (self.needs_review, self.decisions_due):
            box.toggled.connect(lambda _on: self.apply_filter())
        self.search.textChanged.connect(lambda _text: self.apply_filter())
        self.heat_map.cell_chosen.connect(lambda _cell: self.apply_filter())
        self.table.selectionModel().currentRowChanged.connect(lambda _now, _before: self._current_changed())
        self.table.doubleClicked.connect(self._double_clicked)
        self.details.converted.connect(self.select_item)
        self.model.layoutChanged.connect(self._count)
        self.model.modelReset.connect(self._count)
        document.raid_changed.connect(self._items_changed)
        document.reloaded.connect(self._fill_choices)
        document.analysed.connect(self._as_of_moved)
        for button in (self.new_button, self.delete_button):
            button.setVisible(not document.read_only)
        self._fill_choices()
        self._reset()

    # ------------------------------------------------------------ PlanViews' view protocol

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_title()
        return super().eventFilter(watched, event)

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if column != TITLE:  # another column dragged wider or narrower: the title takes up the rest
            self._fit_title()

    def _fit_title(self) -> None:
        header = self.table.horizontalHeader()
        others = sum(
            header.sectionSize(c) for c in range(len(COLUMNS)) if c != TITLE and not header.isSectionHidden(c)
        )
        header.resizeSection(TITLE, max(MIN_TITLE_WIDTH, self.table.viewport().width() - others))

    def set_shown(self, workstream_ids: list[int]) -> None:
        """The table's workstream filter does not narrow the log: it has filters of its own."""

    def select(self, workstream_ids: list[int]) -> None:
        """A workstream chosen elsewhere leaves the item chosen here as it is."""

    # ------------------------------------------------------------ filling

    def _reset(self) -> None:
        items = self.document.raid_items()
        self.model.set_items(items, self.document.risk_bands(), self.document.as_of)
        self.heat_map.show_risks(items.values(), self.document.risk_bands())
        self._count()
        if self.current_id() is None and self.model.rowCount():
            self.select_item(self.model.item_id(0))  # the details pane is never empty beside a list

    def _items_changed(self, ids: list[int]) -> None:
        items = self.document.raid_items()
        if not ids or self.model.bands != self.document.risk_bands():
            current = self.current_id()
            self._reset()
            if current is not None:
                self.select_item(current)
        else:
            self.model.items_changed(items, ids)
        self.heat_map.show_risks(items.values(), self.document.risk_bands())
        if self.details.shown_id() is None:
            self._current_changed()

    def _as_of_moved(self) -> None:
        if self.model.as_of != self.document.as_of or self.model.bands != self.document.risk_bands():
            self._reset()

    def _fill_choices(self) -> None:
        """The teams and people to filter by (a chosen one that is gone leaves its filter)."""
        self.team_filter.set_items(
            [("All teams", None, None)] + [(t.name, t.id, None) for t in self.document.plan.teams]
        )
        self.owner_filter.set_items(
            [("All owners", None, None)] + [(p.name, p.id, None) for p in self.document.plan.people]
        )
        for combo in (self.team_filter, self.owner_filter):
            if combo.currentIndex() < 0:
                combo.setCurrentIndex(0)
        self.apply_filter()

    def row_filter(self) -> RaidFilter:
        return RaidFilter(
            text=self.search.text(),
            type=self.type_filter.value(),
            status=self.status_filter.value(),
            team_id=self.team_filter.value(),
            owner_id=self.owner_filter.value(),
            needs_review=self.needs_review.isChecked(),
            decisions_due=self.decisions_due.isChecked(),
            cell=self.heat_map.chosen,
        )

    def apply_filter(self) -> None:
        cell = self.heat_map.chosen
        self.heat_hint.setText(
            "Click a cell to list its risks"
            if cell is None
            else f"Listing the open risks of probability {cell[0]} × impact {cell[1]}: click the cell "
            "again (or Esc) to list everything"
        )
        self.model.set_filter(self.row_filter())
        if self.current_id() is None and self.model.rowCount():
            self.select_item(self.model.item_id(0))
        self._current_changed()

    def clear_filter(self) -> None:
        self.search.clear()
        for combo in (self.type_filter, self.status_filter, self.team_filter, self.owner_filter):
            combo.setCurrentIndex(0)
        self.needs_review.setChecked(False)
        self.decisions_due.setChecked(False)
        self.heat_map.choose(None)
        self.apply_filter()

    def _count(self) -> None:
        shown, total = self.model.rowCount(), self.model.total()
        self.count.setText(plural(total, "item") if shown == total else f"{shown} of {plural(total, 'item')}")

    # ------------------------------------------------------------ selection

    def current_id(self) -> int | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.item_id(index.row()) if index.isValid() else None

    def selected_ids(self) -> list[int]:
        return [self.model.item_id(index.row()) for index in self.table.selectionModel().selectedRows()]

    def select_item(self, item_id: int) -> None:
        """Choose an item in the table (the filter is cleared when it hides it)."""
        row = self.model.row_of(item_id)
        if row is None and self.document.raid_item(item_id) is not None:
            self.clear_filter()
            row = self.model.row_of(item_id)
        if row is None:
            return
        index = self.model.index(row, 1)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        self.details.show_item(item_id)

    def _current_changed(self) -> None:
        self.details.show_item(self.current_id())
        self.delete_action.setEnabled(bool(self.selected_ids()) and not self.document.read_only)

    def _double_clicked(self) -> None:
        item = self.document.raid_item(self.current_id() or -1)
        if item is not None and item.linked_workstreams():
            self.selected.emit(list(item.linked_workstreams()))

    # ------------------------------------------------------------ creating and deleting

    def new_item(self, kind: RaidType) -> int | None:
        title, ok = QInputDialog.getText(self, f"New {kind.value}", f"Title of the new {kind.value}:")
        if not ok or not title.strip():
            return None
        item_id = self.document.create_raid_item(kind, " ".join(title.split()))
        if item_id is not None:
            self.select_item(item_id)
        return item_id

    def delete_selected(self) -> None:
        ids = [i for i in self.selected_ids() if self.document.raid_item(i) is not None]
        if not ids or self.document.read_only:
            return
        first = self.document.raid_item(ids[0])
        assert first is not None
        what = f"{first.key} “{first.title}”" if len(ids) == 1 else plural(len(ids), "RAID item")
        answer = QMessageBox.question(
            self, "Delete", f"Delete {what}? Edit → Undo brings {'it' if len(ids) == 1 else 'them'} back."
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.document.delete_raid_items(ids)
