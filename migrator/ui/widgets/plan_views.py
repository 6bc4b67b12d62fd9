"""The centre of the window: the table and the pictures of the plan, with one selection and one filter.

The timeline, network and dashboard are built the first time their tab is shown, so opening a
20,000-workstream plan pays only for the table. A view that is not on screen is told about filter
and selection changes when it next comes into view, not on every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.widgets.workstream_table import WorkstreamTable


def _timeline(document: PlanDocument) -> QWidget:
    from migrator.ui.views.timeline_view import TimelineView

    return TimelineView(document)


def _network(document: PlanDocument) -> QWidget:
    from migrator.ui.views.network_view import NetworkView

    return NetworkView(document)


def _dashboard(document: PlanDocument) -> QWidget:
    from migrator.ui.views.dashboard_view import DashboardView

    return DashboardView(document)


def _raid(document: PlanDocument) -> QWidget:
    from migrator.ui.views.raid_view import RaidView

    return RaidView(document)


class PlanViews(QTabWidget):
    TABLE, TIMELINE, NETWORK, DASHBOARD, RAID = range(5)
    TITLES = ("Table", "Timeline", "Network", "Dashboard", "RAID log")

    team_chosen = Signal(int)  # a dashboard card was clicked
    what_if_requested = Signal(int)  # a view asked "What if it slips…" for this workstream

    def __init__(self, document: PlanDocument, table: WorkstreamTable, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocumentMode(True)
        self.document = document
        self.table = table
        # A view is a QWidget with `selected` and `what_if_requested` signals, `set_shown` and
        # `select` (the timeline's `highlight`, the dashboard's `team_chosen`): looked up by name.
        self._makers: dict[int, Callable[[PlanDocument], Any]] = {
            self.TIMELINE: _timeline,
            self.NETWORK: _network,
            self.DASHBOARD: _dashboard,
            self.RAID: _raid,
        }
        self._views: dict[int, Any] = {}  # tab -> the view, once built
        self._stale_shown: set[int] = set()  # built views that missed a filter change
        self._quiet = False  # set while the table follows a view, so the view is not told back
        self._highlighted: list[int] = []  # what the slip-impact preview moves
        self.addTab(table, self.TITLES[self.TABLE])
        self._holders: dict[int, QVBoxLayout] = {}  # tab -> the layout its view joins when built
        for tab in self._makers:
            holder = QWidget()
            self._holders[tab] = QVBoxLayout(holder)
            self._holders[tab].setContentsMargins(0, 0, 0, 0)
            self.addTab(holder, self.TITLES[tab])
        self.currentChanged.connect(self._tab_shown)
        self._size_by_current_tab()

        # The model relays its rows out for every filter, sort, reload, new or deleted row; a
        # burst of them reaches the views once.
        self._shown_timer = QTimer(self)
        self._shown_timer.setSingleShot(True)
        self._shown_timer.setInterval(0)
        self._shown_timer.timeout.connect(self._shown_changed)
        table.model_.layoutChanged.connect(self._shown_timer.start)
        table.selectionModel().selectionChanged.connect(self._table_selection_changed)

    def view(self, tab: int) -> Any:
        """The view on ``tab``, built now if it has not been shown yet."""
        if tab == self.TABLE:
            return self.table
        built = self._views.get(tab)
        if built is None:
            built = self._views[tab] = self._makers[tab](self.document)
            built.selected.connect(self._view_selected)
            built.what_if_requested.connect(self.what_if_requested)
            if tab == self.DASHBOARD:
                built.team_chosen.connect(self.team_chosen)
            if tab == self.RAID:  # an item's linked work is shown where workstreams are edited
                built.selected.connect(lambda _ids: self.setCurrentIndex(self.TABLE))
            # Told what to show before it is first shown, so it lays the plan out once.
            built.set_shown(self.table.model_.visible_ids())
            built.select(self.selection())
            if tab == self.TIMELINE and self._highlighted:
                built.highlight(self._highlighted)
            self._holders[tab].addWidget(built)
            built.show()  # at once: a layout shows a new child only when events are next processed
        return built

    def highlight(self, ids: list[int]) -> None:
        """Mark on the timeline what a slip would move ([] clears)."""
        self._highlighted = list(ids)
        if (timeline := self._views.get(self.TIMELINE)) is not None:
            timeline.highlight(self._highlighted)

    def selection(self) -> list[int]:
        """The selected workstreams, the current one first."""
        ids = self.table.selected_ids()
        current = self.table.current_id()
        if current is not None and current in ids:
            ids.remove(current)
            ids.insert(0, current)
        return ids

    def _tab_shown(self, tab: int) -> None:
        self._size_by_current_tab()
        if tab == self.TABLE:
            return
        fresh = tab not in self._views
        view = self.view(tab)
        if not fresh:
            if tab in self._stale_shown:
                self._stale_shown.discard(tab)
                view.set_shown(self.table.model_.visible_ids())
            view.select(self.selection())
        view.setFocus()

    def _size_by_current_tab(self) -> None:
        """Only the tab shown sets how small the window may be: a tab's widget stack otherwise
        takes the widest of them all, and once the RAID log (with its own details) had been
        shown, going back to the table made the window 1584 px wide."""
        shown, hidden = QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored
        for tab in range(self.count()):
            page = self.widget(tab)
            assert page is not None
            policy = shown if tab == self.currentIndex() else hidden
            page.setSizePolicy(policy, policy)
        self.updateGeometry()

    def _shown_changed(self) -> None:
        shown = self.table.model_.visible_ids()
        for tab, view in self._views.items():
            if tab == self.currentIndex():
                view.set_shown(shown)
                # Rows the filter hid left the table's selection without a selection signal.
                view.select(self.selection())
            else:
                self._stale_shown.add(tab)

    def _table_selection_changed(self) -> None:
        if self._quiet:
            return
        view = self._views.get(self.currentIndex())
        if view is not None:
            view.select(self.selection())

    def _view_selected(self, ids: list[int]) -> None:
        """A click in a view selects the same workstreams in the table (and so in the details pane)."""
        self._quiet = True
        try:
            self.table.select_workstreams(ids)
        finally:
            self._quiet = False
