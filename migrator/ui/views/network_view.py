"""The dependency network: workstreams as boxes in team lanes, links as arrows, live with the plan."""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QToolBar, QVBoxLayout, QWidget

from migrator.analysis import HealthLevel
from migrator.domain.model import Team, Workstream
from migrator.layout.network import Chains, NetworkLayout, lay_out
from migrator.ui import palette
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.views.network.canvas import GUTTER, MAX_SCALE, ZOOM_STEP, Canvas
from migrator.ui.views.network.ink import CHOSEN, CROSS_TEAM
from migrator.ui.views.view_support import critical_links, empty_text, workstream_tooltip

# The canvas's margin stays importable from here, where the network's tests look it up.
__all__ = ["GUTTER", "LEGEND", "ZOOM_STEP", "NetworkView", "Show"]

LEGEND = (
    f"<span style='color:{palette.HEALTH_COLOUR[HealthLevel.RED]}'>&#9473;&#9473;</span> critical path"
    f"&nbsp;&nbsp;<span style='color:{CROSS_TEAM}'>&#9473;&#9473;</span> between teams"
    f"&nbsp;&nbsp;<span style='color:{CHOSEN}'>&#9473;&#9473;</span> links of the selection"
)
RELAYOUT_WAIT = 120  # ms


class Show(enum.Enum):
    EVERYTHING = "Everything"
    UPSTREAM = "Upstream of selection"
    DOWNSTREAM = "Downstream of selection"


class NetworkView(QWidget):
    """The workstreams the filters let through, laid out by dependency order in their teams' lanes."""

    selected = Signal(list)
    what_if_requested = Signal(int)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.show_mode = Show.EVERYTHING
        self.selection: list[int] = []  # the first is the current workstream
        self._shown: set[int] | None = None  # None: every workstream
        self._chains: Chains | None = None  # of the whole plan, made when a chain is asked for
        self._network: NetworkLayout | None = None
        self._team_of: dict[int, int] = {}  # team of each box laid out: a move to another team relays
        self._healths: dict[int, HealthLevel | None] = {}  # of the analysis shown, read when first painted
        self._critical: dict[int, bool] = {}
        self._critical_links: set[tuple[int, int]] | None = None  # links along the critical path
        # A short wait gathers a burst of changes (typing in the filter) into one new layout.
        self._relayout = QTimer(self, singleShot=True, interval=RELAYOUT_WAIT)
        self._relayout.timeout.connect(self._lay_out_if_needed)
        self._stale = True
        self._fit_chain = False  # the next layout shows a new chain: fit it

        self.canvas = Canvas(self, self)  # it paints from this view through NetworkPaintModel only
        toolbar = QToolBar(self)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.zoom_out_action = self._action(toolbar, "Zoom out", QKeySequence.StandardKey.ZoomOut)
        self.zoom_in_action = self._action(toolbar, "Zoom in", QKeySequence.StandardKey.ZoomIn)
        self.fit_action = self._action(toolbar, "Fit", QKeySequence("Ctrl+0"))
        self.zoom_out_action.triggered.connect(lambda: self.canvas.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_action.triggered.connect(lambda: self.canvas.zoom_by(ZOOM_STEP))
        self.fit_action.triggered.connect(self.canvas.fit)
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(48)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        toolbar.insertWidget(self.fit_action, self.zoom_label)
        toolbar.addSeparator()
        toolbar.addWidget(QLabel(" Show: ", self))
        self.show_box = QComboBox(self)
        self.show_box.addItems([mode.value for mode in Show])
        self.show_box.setToolTip("Show only what the selected workstream waits on, or what it holds up")
        self.show_box.currentIndexChanged.connect(lambda index: self.set_show_mode(list(Show)[index]))
        toolbar.addWidget(self.show_box)
        # The summary and the legend get a line of their own under the tools: beside them, a
        # laptop-sized window pushed the legend and the Show box into the toolbar's overflow.
        self.summary = QLabel(self)
        legend = QLabel(LEGEND, self)
        key = QHBoxLayout()
        key.setContentsMargins(10, 0, 8, 4)
        key.addWidget(self.summary, 1)
        key.addWidget(legend)

        self.setFocusProxy(self.canvas)  # keys scroll and zoom the picture when the tab gets the focus
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(toolbar)
        layout.addLayout(key)
        layout.addWidget(self.canvas, 1)

        document.reloaded.connect(self._plan_changed)
        document.dependencies_changed.connect(self._plan_changed)
        document.workstreams_changed.connect(self._workstreams_changed)
        document.analysed.connect(self._analysed)

    def _action(self, toolbar: QToolBar, text: str, keys: QKeySequence | QKeySequence.StandardKey) -> QAction:
        action = toolbar.addAction(text)
        self.addAction(action)  # so the shortcut works while the picture has the focus
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setToolTip(f"{text} ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})")
        return action

    # ------------------------------------------------------------ the window's side

    def set_shown(self, ids: list[int]) -> None:
        """Show only these workstreams (the ones the filters let through)."""
        shown = set(ids)
        self.selection = [i for i in self.selection if i in shown]  # what the filters hide is not picked
        if shown != self._shown:
            self._shown = shown
            self._needs_layout()

    def select(self, ids: list[int]) -> None:
        """Highlight the window's selection and bring the first into view, without emitting ``selected``."""
        ids = [i for i in ids if i in self.document.plan.workstreams]
        if ids == self.selection:
            return  # our own click coming back: the picture is already where the user left it
        current_changed = ids[:1] != self.selection[:1]
        self.selection = ids
        if current_changed and self.show_mode is not Show.EVERYTHING:
            self._fit_chain = True
            self._needs_layout()
        elif ids:
            self.canvas.centre_on(ids[0])
        self.canvas.viewport().update()

    def set_show_mode(self, mode: Show) -> None:
        """Everything, or only the chain of the current workstream."""
        if mode is self.show_mode:
            return
        self.show_mode = mode
        self.show_box.setCurrentIndex(list(Show).index(mode))
        self._lay_out(fit_chain=mode is not Show.EVERYTHING)

    @property
    def network(self) -> NetworkLayout:
        """The layout on screen, brought up to date first."""
        self._lay_out_if_needed()
        assert self._network is not None
        return self._network

    # ------------------------------------------------------------ following the document

    def _plan_changed(self) -> None:
        self._chains = None
        self._healths.clear()
        self._critical.clear()
        self._critical_links = None
        self._needs_layout()

    def _workstreams_changed(self, ids: list[int]) -> None:
        """A new layout only when a box appears, goes or changes lane; otherwise a repaint (keys,
        titles and status are read when painting)."""
        rows = self.document.plan.workstreams
        for i in ids:
            row = rows.get(i)
            if i in self._team_of:
                moved = row is None or row.team_id != self._team_of[i]
            else:  # new work joins a chain only through a link, which relays anyway
                moved = row is not None and self.show_mode is Show.EVERYTHING and self._shown is None
            if moved:
                self._needs_layout()
                return
        self.canvas.viewport().update()

    def _analysed(self) -> None:
        self._healths.clear()
        self._critical.clear()
        self._critical_links = None
        self.canvas.viewport().update()

    def _needs_layout(self) -> None:
        self._stale = True
        if self.isVisible():
            self._relayout.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._lay_out_if_needed()

    def _lay_out_if_needed(self) -> None:
        if self._stale or self._network is None:
            self._lay_out(fit_chain=self._fit_chain)

    def _lay_out(self, fit_chain: bool = False) -> None:
        """Lay out what is shown now; the current workstream stays where it was on screen."""
        plan = self.document.plan
        self.selection = [i for i in self.selection if i in plan.workstreams]  # some may have gone
        ids = [i for i in plan.workstreams if self._shown is None or i in self._shown]
        current = self.selection[0] if self.selection else None
        if self.show_mode is not Show.EVERYTHING:
            chain = self._chain(current) if current is not None else set()
            ids = [i for i in ids if i in chain or i == current]
            if current is not None and current not in ids:
                ids.insert(0, current)  # the chain's own workstream even when filtered out
        links = [(d.predecessor_id, d.successor_id) for d in plan.dependencies.values()]
        nodes = [(i, plan.workstreams[i].team_id) for i in ids]
        anchor = self.canvas.screen_position(current) if current is not None and not fit_chain else None
        self._network = lay_out(nodes, [t.id for t in plan.teams], links)
        self._team_of = dict(nodes)
        self._stale = self._fit_chain = False
        self.canvas.set_network(self._network, current, anchor, fit_chain)
        self._describe()

    def _chain(self, current: int) -> set[int]:
        if self._chains is None:
            self._chains = Chains(
                (d.predecessor_id, d.successor_id) for d in self.document.plan.dependencies.values()
            )
        if self.show_mode is Show.UPSTREAM:
            return self._chains.upstream_of(current)
        return self._chains.downstream_of(current)

    def _describe(self) -> None:
        network, plan = self._network, self.document.plan
        assert network is not None
        boxes, links = len(network.ids), len(network.links)
        if self.show_mode is Show.EVERYTHING:
            text = f"{boxes:,} workstreams, {links:,} links"
        elif not self.selection:
            text = "Select a workstream to see its chain"
        else:
            key = plan.workstreams[self.selection[0]].key
            others = boxes - 1
            items = f"{others:,} workstream{'s' if others != 1 else ''}"
            text = f"{key} waits on {items}" if self.show_mode is Show.UPSTREAM else f"{key} holds up {items}"
        self.summary.setText(text)

    # ------------------------------------------------------------ what the canvas asks (NetworkPaintModel)

    @property
    def workstreams(self) -> Mapping[int, Workstream]:
        return self.document.plan.workstreams

    def lane_team(self, key: Hashable) -> Team | None:
        return self.document.team(key) if isinstance(key, int) else None  # lanes are keyed by team id

    def why_empty(self) -> str:
        if self.show_mode is not Show.EVERYTHING and not self.selection:
            return "Select a workstream to see its chain."
        return empty_text(self.document)

    def health(self, workstream_id: int) -> HealthLevel | None:
        """The box's colour (None before the first analysis or for work added since)."""
        if workstream_id not in self._healths:
            analysis = self.document.analysis
            known = analysis is not None and workstream_id in analysis.workstreams
            self._healths[workstream_id] = analysis.health_of(workstream_id) if known and analysis else None
        return self._healths[workstream_id]

    def critical(self, workstream_id: int) -> bool:
        found = self._critical.get(workstream_id)
        if found is None:
            analysis = self.document.analysis
            known = analysis is not None and workstream_id in analysis.workstreams
            found = self._critical[workstream_id] = (
                known and analysis is not None and analysis.glance(workstream_id).critical
            )
        return found

    def on_critical_path(self, predecessor_id: int, successor_id: int) -> bool:
        """Whether the link is a step of the critical path (a set made once per analysis, so
        thousands of links are sorted without reading each end's analysis)."""
        if self._critical_links is None:
            self._critical_links = critical_links(self.document.plan, self.document.analysis)
        return (predecessor_id, successor_id) in self._critical_links

    def tooltip(self, workstream_id: int) -> str:
        return workstream_tooltip(self.document, workstream_id)

    def user_selected(self, workstream_id: int) -> None:
        """A click on a box: it becomes the selection everywhere."""
        if self.selection != [workstream_id]:
            current_changed = self.selection[:1] != [workstream_id]
            self.selection = [workstream_id]
            if current_changed and self.show_mode is not Show.EVERYTHING:
                self._lay_out()
            self.canvas.viewport().update()
        self.selected.emit([workstream_id])

    def zoom_changed(self, scale: float) -> None:
        self.zoom_label.setText(f"{scale:.0%}")
        self.zoom_out_action.setEnabled(scale > self.canvas.least_scale() + 1e-9)
        self.zoom_in_action.setEnabled(scale < MAX_SCALE - 1e-9)

    def context_menu(self, workstream_id: int | None) -> QMenu:
        """A box's right-click menu (None: the empty picture's); a click on a box selects it first.

        It has no parent, so it goes when the caller lets go of it instead of piling up under the view."""
        menu = QMenu()
        if workstream_id is not None:
            self.user_selected(workstream_id)
            menu.addAction("What if it slips…", lambda: self.what_if_requested.emit(workstream_id))
            menu.addSeparator()
            menu.addAction("Show upstream", lambda: self.set_show_mode(Show.UPSTREAM))
            menu.addAction("Show downstream", lambda: self.set_show_mode(Show.DOWNSTREAM))
        if self.show_mode is not Show.EVERYTHING:
            menu.addAction("Show everything", lambda: self.set_show_mode(Show.EVERYTHING))
        menu.addAction("Fit", self.canvas.fit)
        return menu
