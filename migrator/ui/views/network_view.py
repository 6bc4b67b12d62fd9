"""The dependency network: workstreams as boxes in team lanes, links as arrows, live with the plan."""

from __future__ import annotations

import enum
from collections.abc import Iterator

from PySide6.QtCore import QEvent, QLineF, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolBar,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.domain.model import Team
from migrator.layout.network import Chains, NetworkLayout, clip_route, lay_out
from migrator.ui import palette
from migrator.ui.plan_document import PlanDocument
from migrator.ui.views.view_support import (
    INK,
    NO_ANALYSIS,
    SOFT_INK,
    critical_links,
    empty_text,
    workstream_tooltip,
)

LINK = "#A3AEBA"
CROSS_TEAM = "#3E4C59"
CHOSEN = "#1565C0"  # the selection, and the links of the current workstream
LANE_RULE = "#D5DBE1"
LEGEND = (
    f"<span style='color:{palette.HEALTH_COLOUR[HealthLevel.RED]}'>&#9473;&#9473;</span> critical path"
    f"&nbsp;&nbsp;<span style='color:{CROSS_TEAM}'>&#9473;&#9473;</span> between teams"
    f"&nbsp;&nbsp;<span style='color:{CHOSEN}'>&#9473;&#9473;</span> links of the selection"
)

MIN_SCALE, MAX_SCALE, ZOOM_STEP = 0.02, 2.0, 1.25
TEXT_SCALE = 0.4  # below this the boxes are too small for their key: plain colour, no text
TITLE_SCALE = 0.7  # from this the title is shown under the key
ARROW_SCALE = 0.3  # below this arrowheads are too small to see
LINK_SCALE = 0.1  # below this only the critical path's and the selection's links are drawn
LONG_LINK = 3200.0  # picture units (four screens at 100 %): a plain link this tall is drawn as two stubs
STUB = 22.0  # picture units
RELAYOUT_WAIT = 120  # ms
CHAIN_SCALE = 0.6  # the least zoom a chain is shown at, fitting or not
GUTTER = 140  # screen pixels left of the picture for the lanes' team names


LINK_STYLES = (  # colour and width at 100 %, from plain to the selection's
    (LINK, 1.0),
    (CROSS_TEAM, 1.5),
    (palette.HEALTH_COLOUR[HealthLevel.RED], 2.4),
    (CHOSEN, 2.6),
)


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

        self.canvas = _Canvas(self)
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

    # ------------------------------------------------------------ what the canvas asks

    def health(self, workstream_id: int) -> HealthLevel | None:
        """The box's colour (None before the first analysis or for work added since)."""
        if workstream_id not in self._healths:
            analysis = self.document.analysis
            known = analysis is not None and workstream_id in analysis.workstreams
            self._healths[workstream_id] = analysis.health_of(workstream_id) if known else None
        return self._healths[workstream_id]

    def critical(self, workstream_id: int) -> bool:
        found = self._critical.get(workstream_id)
        if found is None:
            analysis = self.document.analysis
            known = analysis is not None and workstream_id in analysis.workstreams
            found = self._critical[workstream_id] = known and analysis.glance(workstream_id).critical
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


class _Canvas(QAbstractScrollArea):
    """Paints the part of the layout in view, and turns the mouse into selection, zoom and pan."""

    def __init__(self, view: NetworkView) -> None:
        super().__init__(view)
        self.view = view
        self.network: NetworkLayout | None = None
        self._counts: list[int] = []  # boxes in each lane
        self.scale = 1.0
        self._drag: QPointF | None = None  # where a pan started
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.horizontalScrollBar().setSingleStep(40)
        self.verticalScrollBar().setSingleStep(40)

    # ------------------------------------------------------------ geometry

    def set_network(
        self, network: NetworkLayout, current: int | None, anchor: QPointF | None, fit_chain: bool
    ) -> None:
        self.network = network
        self._counts = [0] * len(network.lanes)
        for lane in network.lane_of:
            self._counts[lane] += 1
        if fit_chain:  # the whole chain if it is readable so, else readable around the current one
            self.scale = min(1.0, max(self.fitting_scale(), CHAIN_SCALE))
        self._update_ranges()
        if current is not None and current in network.index:
            if anchor is not None:
                self._put(current, anchor)
            else:
                self.centre_on(current)
        self.view.zoom_changed(self.scale)
        self.viewport().update()

    def fitting_scale(self) -> float:
        network = self.network
        if network is None or not network.ids:
            return 1.0
        size = self.viewport().size()
        room = max(1, size.width() - GUTTER)
        return max(MIN_SCALE, min(1.0, room / network.width, size.height() / network.height))

    def least_scale(self) -> float:
        return min(self.fitting_scale(), 0.25)

    def _update_ranges(self) -> None:
        network = self.network
        width, height = (network.width, network.height) if network is not None else (0.0, 0.0)
        view = self.viewport().size()
        for bar, content, page in (
            (self.horizontalScrollBar(), width, max(0, view.width() - GUTTER)),
            (self.verticalScrollBar(), height, view.height()),
        ):
            bar.setPageStep(page)
            bar.setRange(0, max(0, round(content * self.scale) - page))

    def origin(self) -> tuple[float, float]:
        """Where the picture's (0, 0) is, in screen pixels from the top-left, negated: screen x is
        picture x * scale - origin x. Right of the lane names; a picture smaller than the room is centred."""
        network, view = self.network, self.viewport().size()
        width, height = (network.width, network.height) if network is not None else (0.0, 0.0)
        spare_x, spare_y = view.width() - GUTTER - width * self.scale, view.height() - height * self.scale
        return (
            (-spare_x / 2 if spare_x > 0 else float(self.horizontalScrollBar().value())) - GUTTER,
            -spare_y / 2 if spare_y > 0 else float(self.verticalScrollBar().value()),
        )

    def _scroll_to(self, ox: float, oy: float) -> None:
        self.horizontalScrollBar().setValue(round(ox + GUTTER))
        self.verticalScrollBar().setValue(round(oy))

    def screen_position(self, workstream_id: int) -> QPointF | None:
        """Where the box's centre is on screen now, if it is laid out."""
        network = self.network
        if network is None or workstream_id not in network.index:
            return None
        x, y, w, h = network.box(workstream_id)
        ox, oy = self.origin()
        return QPointF((x + w / 2) * self.scale - ox, (y + h / 2) * self.scale - oy)

    def _put(self, workstream_id: int, where: QPointF) -> None:
        assert self.network is not None
        x, y, w, h = self.network.box(workstream_id)
        self._scroll_to((x + w / 2) * self.scale - where.x(), (y + h / 2) * self.scale - where.y())

    def centre_on(self, workstream_id: int) -> None:
        if self.network is not None and workstream_id in self.network.index:
            size = self.viewport().size()
            self._put(workstream_id, QPointF((GUTTER + size.width()) / 2, size.height() / 2))

    def zoom_by(self, factor: float, around: QPointF | None = None) -> None:
        self.set_scale(self.scale * factor, around)

    def set_scale(self, scale: float, around: QPointF | None = None) -> None:
        scale = min(MAX_SCALE, max(self.least_scale(), scale))
        if around is None:
            around = QPointF(self.viewport().width() / 2, self.viewport().height() / 2)
        ox, oy = self.origin()
        wx, wy = (around.x() + ox) / self.scale, (around.y() + oy) / self.scale
        self.scale = scale
        self._update_ranges()
        self._scroll_to(wx * scale - around.x(), wy * scale - around.y())
        self.view.zoom_changed(scale)
        self.viewport().update()

    def fit(self) -> None:
        self.set_scale(self.fitting_scale())
        self.horizontalScrollBar().setValue(0)
        self.verticalScrollBar().setValue(0)

    def world(self, point: QPointF) -> tuple[float, float]:
        ox, oy = self.origin()
        return (point.x() + ox) / self.scale, (point.y() + oy) / self.scale

    def node_at(self, point: QPointF) -> int | None:
        if self.network is None or point.x() < GUTTER:
            return None
        return self.network.node_at(*self.world(point))

    # ------------------------------------------------------------ events

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_ranges()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP**steps, event.position())
            event.accept()
        else:
            super().wheelEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        found = self.node_at(event.position())
        if found is not None:
            self.view.user_selected(found)
        else:
            self._drag = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return super().mouseMoveEvent(event)
        moved = event.position() - self._drag
        self._drag = event.position()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(moved.x()))
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(moved.y()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None:
            self._drag = None
            self.viewport().unsetCursor()
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        found = self.node_at(QPointF(event.pos()))
        menu = QMenu()  # no parent: it goes when this method returns, not with the view
        if found is not None:
            self.view.user_selected(found)
            menu.addAction("What if it slips…", lambda: self.view.what_if_requested.emit(found))
            menu.addSeparator()
            menu.addAction("Show upstream", lambda: self.view.set_show_mode(Show.UPSTREAM))
            menu.addAction("Show downstream", lambda: self.view.set_show_mode(Show.DOWNSTREAM))
        if self.view.show_mode is not Show.EVERYTHING:
            menu.addAction("Show everything", lambda: self.view.set_show_mode(Show.EVERYTHING))
        menu.addAction("Fit", self.fit)
        menu.exec(event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            found = self.node_at(QPointF(event.pos()))
            if found is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.view.tooltip(found), self.viewport())
            return True
        return super().viewportEvent(event)

    # ------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:
        # The layout waits for its timer (or the first show): a repaint, say for a new analysis,
        # paints the layout there is.
        network = self.network
        painter = QPainter(self.viewport())
        painter.fillRect(self.viewport().rect(), QColor("#FFFFFF"))
        if network is None or not network.ids:
            self._paint_empty(painter)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self.scale
        ox, oy = self.origin()
        size = self.viewport().size()
        x0, y0 = ox / s, oy / s
        x1, y1 = x0 + size.width() / s, y0 + size.height() / s
        self._paint_lanes(painter, network, oy, y0, y1, size.width())
        self._paint_links(painter, network, network.links_in(x0, y0, x1, y1), ox, oy, (x0, y0, x1, y1))
        self._paint_boxes(painter, network, network.nodes_in(x0, y0, x1, y1), ox, oy)
        self._paint_lane_names(painter, network, oy, y0, y1, size.height())

    def _paint_empty(self, painter: QPainter) -> None:
        view = self.view
        if view.show_mode is not Show.EVERYTHING and not view.selection:
            text = "Select a workstream to see its chain."
        else:
            text = empty_text(view.document)
        painter.setPen(SOFT_INK)
        painter.drawText(QRectF(self.viewport().rect()), Qt.AlignmentFlag.AlignCenter, text)

    def _paint_lanes(
        self, painter: QPainter, network: NetworkLayout, oy: float, y0: float, y1: float, width: int
    ) -> None:
        for k, _team, colour, top, bottom in self._lanes_in(network, oy, y0, y1):
            tint = QColor(colour)
            tint.setAlpha(14 if k % 2 else 24)
            painter.fillRect(QRectF(0, top, width, bottom - top), tint)
            painter.setPen(QPen(QColor(LANE_RULE), 1))
            painter.drawLine(QPointF(0, bottom), QPointF(width, bottom))

    def _lanes_in(
        self, network: NetworkLayout, oy: float, y0: float, y1: float
    ) -> Iterator[tuple[int, Team | None, QColor, float, float]]:
        """The lanes between ``y0`` and ``y1``: index, team, colour, top and bottom on screen."""
        s = self.scale
        for k, lane in enumerate(network.lanes):
            if lane.top > y1 or lane.top + lane.height < y0:
                continue
            team = self.view.document.team(lane.key)
            colour = QColor(team.colour if team else NO_ANALYSIS)
            yield k, team, colour, lane.top * s - oy, (lane.top + lane.height) * s - oy

    def _paint_lane_names(
        self, painter: QPainter, network: NetworkLayout, oy: float, y0: float, y1: float, height: int
    ) -> None:
        """The teams' names in a margin on the left, each kept in view while its lane is."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(0, 0, GUTTER, height), QColor("#FFFFFF"))
        bold = QFont(self.font())
        bold.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(self.font().pointSizeF() * 0.9)
        bold_metrics, small_metrics = QFontMetricsF(bold), QFontMetricsF(small)
        wrap = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        for k, team, colour, top, bottom in self._lanes_in(network, oy, y0, y1):
            tint = QColor(colour)
            tint.setAlpha(34 if k % 2 else 46)
            painter.fillRect(QRectF(0, top, GUTTER, bottom - top), tint)
            painter.fillRect(QRectF(0, top, 5, bottom - top), colour)
            painter.setPen(QPen(QColor(LANE_RULE), 1))
            painter.drawLine(QPointF(0, bottom), QPointF(GUTTER, bottom))
            name = team.name if team else "No team"
            room = QRectF(14, max(top, 0) + 6, GUTTER - 22, 0)
            named = bold_metrics.boundingRect(room, int(wrap), name)
            space = bottom - 4 - room.top()
            painter.setFont(bold)
            painter.setPen(INK)
            if named.height() <= space:
                painter.drawText(named, int(wrap), name)
                if named.height() + small_metrics.height() <= space:
                    painter.setFont(small)
                    painter.setPen(SOFT_INK)
                    count = f"{self._counts[k]:,} shown"
                    painter.drawText(QPointF(room.left(), named.bottom() + small_metrics.ascent()), count)
            elif bold_metrics.height() <= bottom - max(top, 0):  # a thin lane: one line, centred
                line = QRectF(room.left(), max(top, 0), room.width(), bottom - max(top, 0))
                text = bold_metrics.elidedText(name, Qt.TextElideMode.ElideRight, room.width())
                painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        painter.setPen(QPen(QColor(LANE_RULE), 1))
        painter.drawLine(QPointF(GUTTER, 0), QPointF(GUTTER, height))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    def _paint_links(
        self,
        painter: QPainter,
        network: NetworkLayout,
        links: list[int],
        ox: float,
        oy: float,
        area: tuple[float, float, float, float],
    ) -> None:
        """Plain links first, then between teams, critical, and the selection's on top.

        A plain link longer than LONG_LINK is drawn as a stub at each end: across a big plan such
        links would hide everything under a curtain of lines (and take seconds to draw). The
        selection's and the critical path's links are always drawn whole."""
        s, view = self.scale, self.view
        top, bottom = area[1], area[3]
        chosen = set(view.selection)
        detailed = s >= TEXT_SCALE
        kinds: list[list[int]] = [[], [], [], []]
        stubs: list[int] = []
        for k in links:
            p, q = network.links[k]
            first, second = network.ids[p], network.ids[q]
            if first in chosen or second in chosen:
                kinds[3].append(k)
            elif view.on_critical_path(first, second):
                kinds[2].append(k)
            elif s >= LINK_SCALE:
                route = network.routes[k]
                if abs(route[7] - route[1]) <= LONG_LINK:
                    kinds[1 if network.lane_of[p] != network.lane_of[q] else 0].append(k)
                elif detailed:
                    stubs.append(k)
        margin = 40 / s  # a clipped curve's ends stay off screen, pen and arrowhead included
        arrow = 8 * min(s, 1.2) if s >= ARROW_SCALE else 0.0
        for members, (colour, width) in zip(kinds, LINK_STYLES, strict=True):
            if not members:
                continue
            pen = QPen(QColor(colour), width * min(max(s, 0.5), 1.5) if detailed else 1.0)
            if not detailed:  # far out: straight lines are all one can tell apart, and fast
                pen.setCosmetic(True)
                painter.setPen(pen)
                painter.drawLines(
                    [
                        QLineF(r[0] * s - ox, r[1] * s - oy, r[6] * s - ox, r[7] * s - oy)
                        for r in (network.routes[k] for k in members)
                    ]
                )
                continue
            heads = QPainterPath()
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for k in members:
                route = clip_route(network.routes[k], top - margin, bottom + margin)
                if route is None:
                    continue
                ax, ay, bx, by, cx, cy, dx, dy = route
                end = top - margin <= dy <= bottom + margin  # the arrowhead is on screen
                tip_x, tip_y = dx * s - ox, dy * s - oy
                path = QPainterPath(QPointF(ax * s - ox, ay * s - oy))
                path.cubicTo(
                    bx * s - ox,
                    by * s - oy,
                    cx * s - ox,
                    cy * s - oy,
                    tip_x - (arrow * 0.8 if end else 0),
                    tip_y,
                )
                painter.drawPath(path)  # one path per link: Qt strokes a path of many curves very slowly
                if arrow and end:
                    heads.addPolygon(_arrowhead(tip_x, tip_y, arrow))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(colour))
            painter.drawPath(heads)
        if stubs:
            self._paint_stubs(painter, network, stubs, ox, oy, arrow, area)

    def _paint_stubs(
        self,
        painter: QPainter,
        network: NetworkLayout,
        stubs: list[int],
        ox: float,
        oy: float,
        arrow: float,
        area: tuple[float, float, float, float],
    ) -> None:
        """A long link's ends on screen: a short dashed bend out of the predecessor towards the
        successor, and one into the successor from the predecessor's side."""
        s = self.scale
        left, top, right, bottom = area
        left, top, right, bottom = left - STUB, top - STUB, right + STUB, bottom + STUB
        reach = STUB * s
        lines, heads = [QPainterPath(), QPainterPath()], QPainterPath()
        for k in stubs:
            p, q = network.links[k]
            route = network.routes[k]
            x0, y0, x1, y1 = route[0], route[1], route[6], route[7]
            toward = reach if y1 > y0 else -reach
            path = lines[network.lane_of[p] != network.lane_of[q]]
            if left <= x0 <= right and top <= y0 <= bottom:
                sx, sy = x0 * s - ox, y0 * s - oy
                path.moveTo(sx, sy)
                path.quadTo(sx + reach, sy, sx + reach, sy + toward)
            if left <= x1 <= right and top <= y1 <= bottom:
                ex, ey = x1 * s - ox, y1 * s - oy
                path.moveTo(ex - reach, ey - toward)
                path.quadTo(ex - reach, ey, ex - (arrow * 0.8 if arrow else 0), ey)
                if arrow:
                    heads.addPolygon(_arrowhead(ex, ey, arrow))
        for path, (colour, width) in zip(lines, LINK_STYLES, strict=False):
            painter.setPen(QPen(QColor(colour), width, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(LINK))
        painter.drawPath(heads)

    def _paint_boxes(
        self, painter: QPainter, network: NetworkLayout, boxes: list[int], ox: float, oy: float
    ) -> None:
        s = self.scale
        metrics = network.metrics
        w, h = metrics.node_width * s, metrics.node_height * s
        rows = self.view.document.plan.workstreams
        chosen = set(self.view.selection)
        if s < TEXT_SCALE:  # far out: a patch of the health colour is all one can see
            patches: dict[HealthLevel | None, list[QRectF]] = {}
            xs, ys, ids, health = network.xs, network.ys, network.ids, self.view.health
            for i in boxes:
                patches.setdefault(health(ids[i]), []).append(QRectF(xs[i] * s - ox, ys[i] * s - oy, w, h))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setPen(Qt.PenStyle.NoPen)
            for health, rects in patches.items():
                painter.setBrush(QColor(palette.HEALTH_COLOUR[health] if health is not None else NO_ANALYSIS))
                painter.drawRects(rects)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._outline_chosen(painter, network, boxes, chosen, ox, oy)
            return
        key_font = QFont(self.font())
        key_font.setBold(True)
        key_font.setPointSizeF(max(6.0, self.font().pointSizeF() * s))
        title_font = QFont(self.font())
        title_font.setPointSizeF(max(6.0, self.font().pointSizeF() * 0.95 * s))
        title_metrics = QFontMetricsF(title_font)
        radius, pad, band = 5 * s, 8 * s, 5 * s
        for i in boxes:
            workstream_id = network.ids[i]
            row = rows.get(workstream_id)
            if row is None:
                continue
            health, critical = self.view.health(workstream_id), self.view.critical(workstream_id)
            colour = QColor(palette.HEALTH_COLOUR[health] if health is not None else NO_ANALYSIS)
            rect = QRectF(network.xs[i] * s - ox, network.ys[i] * s - oy, w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(palette.HEALTH_FILL[health] if health is not None else QColor("#FFFFFF"))
            painter.drawRoundedRect(rect, radius, radius)
            painter.setBrush(colour)
            painter.drawRoundedRect(QRectF(rect.left(), rect.top(), band * 2, h), radius, radius)
            painter.setBrush(palette.HEALTH_FILL[health] if health is not None else QColor("#FFFFFF"))
            painter.drawRect(QRectF(rect.left() + band, rect.top(), band, h))
            if critical:
                painter.setPen(QPen(palette.CRITICAL.color(), 2.2))
            else:
                painter.setPen(QPen(colour, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect, radius, radius)
            text = rect.adjusted(band + pad, 0, -pad, 0)
            painter.setPen(INK)
            painter.setFont(key_font)
            key = f"◆ {row.key}" if row.is_milestone else row.key
            if s >= TITLE_SCALE:
                half = QRectF(text.left(), text.top() + 4 * s, text.width(), h / 2 - 4 * s)
                painter.drawText(half, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, key)
                painter.setFont(title_font)
                painter.setPen(SOFT_INK)
                title = title_metrics.elidedText(row.title, Qt.TextElideMode.ElideRight, text.width())
                half.moveTop(text.top() + h / 2 - 1 * s)
                painter.drawText(half, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
            else:
                painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, key)
        self._outline_chosen(painter, network, boxes, chosen, ox, oy)

    def _outline_chosen(
        self,
        painter: QPainter,
        network: NetworkLayout,
        boxes: list[int],
        chosen: set[int],
        ox: float,
        oy: float,
    ) -> None:
        if not chosen:
            return
        s = self.scale
        m = network.metrics
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(QPen(QColor(CHOSEN), 2.5))
        for i in boxes:
            if network.ids[i] in chosen:
                rect = QRectF(
                    network.xs[i] * s - ox, network.ys[i] * s - oy, m.node_width * s, m.node_height * s
                )
                painter.drawRoundedRect(rect.adjusted(-3, -3, 3, 3), 7 * s + 2, 7 * s + 2)


def _arrowhead(tip_x: float, tip_y: float, size: float) -> QPolygonF:
    return QPolygonF(
        [
            QPointF(tip_x, tip_y),
            QPointF(tip_x - size, tip_y - size / 2),
            QPointF(tip_x - size, tip_y + size / 2),
        ]
    )
