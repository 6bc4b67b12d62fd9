"""The timeline: a Gantt chart of the shown workstreams by team, with links, drags, zoom and hover details.

The geometry comes from migrator.layout.timeline; these widgets only paint the rows in view
and turn mouse gestures into document edits. What is kept per workstream is only what changes
with the shown set or the links (its row, its team, its links) and each team's span; bars,
health and text are worked out while painting the rows in view, so scrolling a 20,000-row plan
costs only what is on screen.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, timedelta
from typing import ClassVar

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QContextMenuEvent,
    QCursor,
    QFont,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPolygonF,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSplitter,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from migrator.analysis import HealthLevel
from migrator.analysis.wording import date_text, working_days
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import DependencyType, Team, Workstream
from migrator.layout.timeline import (
    BAR_HEIGHT,
    BAR_TOP,
    BASELINE_HEIGHT,
    BASELINE_TOP,
    DIAMOND_HALF,
    HANDLE_RADIUS,
    ROW_HEIGHT,
    Bar,
    BarPart,
    DateScale,
    LinkIndex,
    TickUnit,
    TimelineRows,
    arrow_route,
    bar_for,
    bar_middle,
    chart_span,
    clamp_zoom,
    days_dragged,
    fit,
    group_by_team,
    handle_centre,
    header_ticks,
    moved,
    non_working_runs,
    part_at,
    resized_due,
    team_span,
    tick_units,
    working_days_in,
    working_shift,
    zoom_in,
    zoom_offset,
    zoom_out,
)
from migrator.ui.palette import CRITICAL, HEALTH_COLOUR
from migrator.ui.plan_document import PlanDocument
from migrator.ui.views.view_support import (
    INK,
    NO_ANALYSIS,
    SOFT_INK,
    critical_links,
    empty_text,
    workstream_tooltip,
)

START_ZOOM = 6.0  # pixels per day: weeks under months
HEADER_BAND = 22  # each of the date header's two bands
LABEL_WIDTH = 250
SHADE_FROM = 3.0  # pixels per day from which weekends and holidays are shaded
CAPTION_GAP = 22  # a bar's caption starts past its link handle

WHITE = QColor("#FFFFFF")
HEADER_FILL = QColor("#F5F7FA")
HEADER_LINE = QColor("#D5DCE3")
GRID = QColor("#EDF0F3")
ROW_LINE = QColor("#F2F4F6")
SHADE = QColor("#F1F3F5")
TEAM_ROW = QColor("#F6F8FA")
SELECTED_ROW = QColor("#E8F0FE")
SELECTION = QColor("#1A73E8")
WHAT_IF_ROW = QColor("#FFF3E0")
WHAT_IF = QColor("#E65100")
AS_OF = QColor("#1565C0")
TARGET = QColor("#6A1B9A")
BASELINE = QColor("#A7B4BE")
SLIP = QColor("#C62828")
SLIP_FILL = QColor("#FBE4E4")
LINK = QColor("#9AA9B3")
CROSS_TEAM_LINK = QColor("#37474F")
STARTED_EARLY = QColor(HEALTH_COLOUR[HealthLevel.AMBER])  # the mark on work started before it may


def _mix(colour: QColor, white: float) -> QColor:
    """``colour`` lightened towards white by the fraction ``white``."""
    return QColor.fromRgbF(*(c + (1 - c) * white for c in (colour.redF(), colour.greenF(), colour.blueF())))


@dataclass(frozen=True)
class _Ink:
    """How a bar of one health is painted: a light fill, the done part darker, a dark outline."""

    outline: QColor
    fill: QColor
    done: QColor

    @classmethod
    def of(cls, colour: QColor) -> _Ink:
        return cls(colour, _mix(colour, 0.78), _mix(colour, 0.35))


INKS = {level: _Ink.of(QColor(colour)) for level, colour in HEALTH_COLOUR.items()}
NO_INK = _Ink.of(NO_ANALYSIS)
SLIP_BRUSH = QBrush(SLIP, Qt.BrushStyle.BDiagPattern)


@dataclass
class _Drag:
    """A gesture in progress on the chart, in content coordinates."""

    part: BarPart
    workstream_id: int
    ids: list[int]  # what a move carries (the selection, when the bar was in it)
    start: QPointF
    at: QPointF
    started: bool = False  # past the drag distance: a click that moves a little is still a click

    @property
    def dx(self) -> float:
        return self.at.x() - self.start.x()


# What one paint of the chart has looked up per workstream: the workstream and its bar.
_Painted = dict[int, tuple[Workstream, Bar | None]]


class TimelineView(QWidget):
    """A Gantt chart of the workstreams the filters let through, grouped by team."""

    selected = Signal(list)  # ids the user picked here; the first is the current one
    what_if_requested = Signal(int)

    def __init__(self, document: PlanDocument, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.scale = DateScale(document.as_of, START_ZOOM)
        self.end = self.scale.origin
        self.rows = TimelineRows([])
        self.links = LinkIndex([])
        self._selection: list[int] = []
        self.chosen: frozenset[int] = frozenset()  # the selection as a set, for painting row by row
        self.highlighted: set[int] = set()
        self._shown: list[int] = []
        self._team_of: dict[int, int] = {}  # shown workstream -> its team
        self._members: dict[int, list[int]] = {}  # team -> its shown workstreams
        self._spans: dict[int, tuple[date, date]] = {}
        self._collapsed: set[int] = set()
        self._teams: dict[int, Team] = {}
        self.calendar = WorkingCalendar()
        self._critical_links: set[tuple[int, int]] | None = None  # made once per analysis
        self._placed = False  # scrolled to the as-of date once the chart has its size

        self.chart = _Chart(self)
        self.labels = _RowLabels(self)
        self.header = _DateHeader(self)
        self._build()
        self.setFocusProxy(self.chart)  # Up and Down move the selection once the tab is shown
        document.reloaded.connect(self._reloaded)
        document.workstreams_changed.connect(self._workstreams_changed)
        document.dependencies_changed.connect(self._dependencies_changed)
        document.analysed.connect(self._analysed)
        self._read_plan()
        self._index_links()
        self.set_shown(list(document.plan.workstreams))

    def _build(self) -> None:
        tools = QHBoxLayout()
        tools.setContentsMargins(4, 2, 4, 2)
        tools.setSpacing(2)
        for text, tip, slot in (
            ("−", "Zoom out (Ctrl+wheel down)", lambda: self.zoom_to(zoom_out(self.scale.px_per_day))),
            ("+", "Zoom in (Ctrl+wheel up)", lambda: self.zoom_to(zoom_in(self.scale.px_per_day))),
            ("Today", "Scroll to the as-of date", self.go_to_as_of),
            ("Fit", "Zoom to show the whole plan", self.fit_all),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setAutoRaise(True)
            button.setMinimumWidth(28)
            button.clicked.connect(slot)
            tools.addWidget(button)
        tools.addSpacing(12)
        tools.addWidget(_Legend(), 1)

        corner = QLabel("Team / workstream")
        corner.setFixedHeight(2 * HEADER_BAND)
        corner.setIndent(8)
        corner.setStyleSheet(f"background: {HEADER_FILL.name()}; color: {SOFT_INK.name()};")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(corner)
        left_layout.addWidget(self.labels, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(0)
        right_layout.addWidget(self.header)
        right_layout.addWidget(self.chart, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([LABEL_WIDTH, 800])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(tools)
        layout.addWidget(self.splitter, 1)

        self.chart.horizontalScrollBar().valueChanged.connect(self.header.update)
        self.chart.verticalScrollBar().valueChanged.connect(self.labels.update)

    # ------------------------------------------------------------ the contract with the window

    def set_shown(self, ids: list[int]) -> None:
        """Show these workstreams (the table's rows, in its order), grouped by team."""
        workstreams = self.document.plan.workstreams
        self._shown = [i for i in ids if i in workstreams]
        shown = set(self._shown)
        self.selection = [i for i in self.selection if i in shown]  # a drag must not move hidden work
        self._team_of = {i: workstreams[i].team_id for i in self._shown}
        groups = group_by_team(self._shown, self._team_of)
        self._members = dict(groups)
        self._spans = {}
        for team_id in self._members:
            self._measure_team(team_id)
        self._layout_rows()
        self._fit_span()
        self.refresh()

    @property
    def selection(self) -> list[int]:
        """The selected workstreams, the current one first."""
        return self._selection

    @selection.setter
    def selection(self, ids: list[int]) -> None:
        self._selection = list(ids)
        self.chosen = frozenset(self._selection)

    def shown_ids(self) -> list[int]:
        """The workstreams the timeline shows (collapsed teams' included), in the order given."""
        return list(self._shown)

    def select(self, ids: list[int]) -> None:
        """The window's selection: outline it and bring the first into view, without `selected`."""
        self.selection = list(ids)
        if ids and (team_id := self._team_of.get(ids[0])) in self._collapsed:
            self.set_collapsed(team_id, False)
        if ids and self._placed:  # before the first show the chart's size is not known yet
            self.scroll_to(ids[0])
        self.refresh()

    def highlight(self, ids: list[int]) -> None:
        """Mark these bars (a what-if preview's moved work); [] clears the marks."""
        self.highlighted = set(ids)
        self.chart.viewport().update()
        self.labels.update()

    # ------------------------------------------------------------ rows, spans and links

    def _read_plan(self) -> None:
        plan = self.document.plan
        self._teams = {t.id: t for t in plan.teams}
        migration = plan.migration
        self.calendar = WorkingCalendar(migration.working_weekdays, migration.non_working_dates)

    def _measure_team(self, team_id: int) -> None:
        workstreams = self.document.plan.workstreams
        members = self._members.get(team_id, [])
        span = team_span((w.planned_start, w.planned_due) for w in map(workstreams.__getitem__, members))
        if span is None:
            self._spans.pop(team_id, None)
        else:
            self._spans[team_id] = span

    def _layout_rows(self) -> None:
        self.rows = TimelineRows(list(self._members.items()), self._collapsed)
        self.labels.measure_keys(self._shown)
        self.chart.update_scrollbars()

    def _fit_span(self) -> None:
        """Let the chart scroll over the shown dates, the as-of date and the target; the view stays put."""
        plan, analysis = self.document.plan, self.document.analysis
        days = [self.document.as_of]
        days += [d for span in self._spans.values() for d in span]
        days += [d for d in (plan.migration.target_go_live, analysis and analysis.projected_finish) if d]
        origin, end = chart_span(min(days), max(days))
        if origin != self.scale.origin:
            bar = self.chart.horizontalScrollBar()
            value = bar.value() + (self.scale.origin - origin).days * self.scale.px_per_day
            self.scale = DateScale(origin, self.scale.px_per_day)
            self.end = end
            self.chart.update_scrollbars()
            bar.setValue(round(value))
        elif end != self.end:
            self.end = end
            self.chart.update_scrollbars()

    def _reloaded(self) -> None:
        self._critical_links = None
        self.chart.cancel_drag_if_gone()
        self._read_plan()
        self._index_links()
        self.set_shown(self._shown)

    def _workstreams_changed(self, ids: list[int]) -> None:
        """A removed row or a team change relays the rows; a date change measures one team."""
        workstreams = self.document.plan.workstreams
        self.chart.cancel_drag_if_gone()  # an undo may take away what is being dragged
        relayout = any(
            i in self._team_of and (i not in workstreams or workstreams[i].team_id != self._team_of[i])
            for i in ids
        )
        if relayout:
            self.set_shown(self._shown)
            return
        for team_id in {self._team_of[i] for i in ids if i in self._team_of}:
            self._measure_team(team_id)
        self._fit_span()
        self.refresh()

    def _index_links(self) -> None:
        links = self.document.plan.dependencies.values()
        self.links = LinkIndex((d.id, d.predecessor_id, d.successor_id) for d in links)

    def _dependencies_changed(self) -> None:
        self.links.sync(self.document.plan.dependencies)
        self.chart.viewport().update()

    def _analysed(self) -> None:
        self._critical_links = None
        self._fit_span()  # the projected go-live may have moved past the chart's end
        self.refresh()

    def refresh(self) -> None:
        self.chart.viewport().update()
        self.labels.update()
        self.header.update()

    # ------------------------------------------------------------ collapsing, zoom and scrolling

    def set_collapsed(self, team_id: int, collapsed: bool) -> None:
        if collapsed:
            self._collapsed.add(team_id)
        else:
            self._collapsed.discard(team_id)
        self._layout_rows()
        self.refresh()

    def toggle_team(self, team_id: int) -> None:
        self.set_collapsed(team_id, team_id not in self._collapsed)

    def set_all_collapsed(self, collapsed: bool) -> None:
        self._collapsed = set(self._members) if collapsed else set()
        self._layout_rows()
        self.refresh()

    def zoom_to(self, px_per_day: float, anchor: float | None = None) -> None:
        """Zoom, keeping the date at viewport x ``anchor`` (the middle by default) where it is."""
        old, new = self.scale.px_per_day, clamp_zoom(px_per_day)
        if new == old:
            return
        bar = self.chart.horizontalScrollBar()
        anchor = self.chart.viewport().width() / 2 if anchor is None else anchor
        offset = zoom_offset(bar.value(), anchor, old, new)
        self.scale = self.scale.zoomed(new)
        self.chart.update_scrollbars()
        bar.setValue(round(offset))
        self.refresh()

    def go_to_as_of(self) -> None:
        """The as-of date a third of the way across."""
        width = self.chart.viewport().width()
        self.chart.horizontalScrollBar().setValue(round(self.scale.x(self.document.as_of) - width / 3))

    def fit_all(self) -> None:
        """Zoom so the shown plan fills the chart's width."""
        if not self._spans:
            return
        first = min(span[0] for span in self._spans.values())
        last = max(span[1] for span in self._spans.values())
        self.scale, offset = fit(first, last, self.chart.viewport().width(), self.scale.origin)
        self.chart.update_scrollbars()
        self.chart.horizontalScrollBar().setValue(round(offset))
        self.refresh()

    def scroll_to(self, workstream_id: int, sideways: bool = True) -> None:
        """Bring the workstream's row into view, and its bar when it is off to the side."""
        row = self.rows.row_of(workstream_id)
        if row is None:
            return
        chart = self.chart
        vertical, horizontal = chart.verticalScrollBar(), chart.horizontalScrollBar()
        top, height = self.rows.y(row), chart.viewport().height()
        if top < vertical.value():
            vertical.setValue(top - ROW_HEIGHT)
        elif top + ROW_HEIGHT > vertical.value() + height:
            vertical.setValue(top + 2 * ROW_HEIGHT - height)
        bar = self.bar_of(workstream_id) if sideways else None
        left, width = horizontal.value(), chart.viewport().width()
        if bar is not None and (bar.reach < left or bar.left > left + width):
            horizontal.setValue(round(bar.left - width / 3))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._placed:  # the first time the chart has its real size
            self._placed = True
            self.chart.update_scrollbars()
            self.go_to_as_of()
            if self.selection:
                self.scroll_to(self.selection[0], sideways=False)  # opened on the as-of date

    # ------------------------------------------------------------ what the painters ask

    def bar_of(self, workstream_id: int) -> Bar | None:
        """The workstream's bar in content coordinates, with the forecast the analysis has."""
        w = self.document.plan.workstreams.get(workstream_id)
        if w is None:
            return None
        analysis = self.document.analysis
        forecast = None
        if analysis is not None and workstream_id in analysis.workstreams:
            forecast = analysis.glance(workstream_id).forecast_finish
        return bar_for(
            self.scale,
            w.planned_start,
            w.planned_due,
            progress=w.progress,
            forecast_finish=forecast,
            baseline_start=w.baseline_start,
            baseline_due=w.baseline_due,
            milestone=w.is_milestone,
        )

    def started_before(self, workstream_id: int) -> tuple[str, ...]:
        """Keys of the FS or SS predecessors the workstream started before (marked on its bar)."""
        analysis = self.document.analysis
        if analysis is None or workstream_id not in analysis.workstreams:
            return ()
        return analysis.glance(workstream_id).started_before

    def caption(self, w: Workstream) -> str:
        """The key right of the bar (and a milestone's date); ⚠ when it started early."""
        text = f"{w.key}  {date_text(w.planned_due)}" if w.is_milestone and w.planned_due else w.key
        return f"{text} ⚠" if self.started_before(w.id) else text

    def health_of(self, workstream_id: int) -> HealthLevel | None:
        analysis = self.document.analysis
        if analysis is None or workstream_id not in analysis.workstreams:
            return None
        return analysis.health_of(workstream_id)

    def team_colour(self, team_id: int) -> QColor:
        team = self._teams.get(team_id)
        return QColor(team.colour if team else "#78909C")

    def team_size(self, team_id: int) -> int:
        return len(self._members.get(team_id, ()))

    def team_name(self, team_id: int) -> str:
        team = self._teams.get(team_id)
        return team.name if team else ""

    def is_collapsed(self, team_id: int) -> bool:
        return team_id in self._collapsed

    def team_span_of(self, team_id: int) -> tuple[date, date] | None:
        return self._spans.get(team_id)

    def on_critical_path(self, predecessor_id: int, successor_id: int) -> bool:
        """Whether the link is a step of the critical path (the network's rule too)."""
        if self._critical_links is None:
            self._critical_links = critical_links(self.document.plan, self.document.analysis)
        return (predecessor_id, successor_id) in self._critical_links

    # ------------------------------------------------------------ what the user does

    def pick(self, workstream_id: int, modifiers: Qt.KeyboardModifier) -> None:
        """A click on a row: Ctrl adds or removes it, Shift takes the rows from the current one."""
        if modifiers & Qt.KeyboardModifier.ControlModifier:
            rest = [i for i in self.selection if i != workstream_id]
            chosen = [workstream_id, *rest] if len(rest) == len(self.selection) else rest
        elif modifiers & Qt.KeyboardModifier.ShiftModifier and self.selection:
            ids = self.rows.workstream_ids()
            current = self.selection[0]
            if self.rows.row_of(current) is not None and self.rows.row_of(workstream_id) is not None:
                a, b = sorted((ids.index(current), ids.index(workstream_id)))
                chosen = [current, *(i for i in ids[a : b + 1] if i != current)]
            else:
                chosen = [workstream_id]
        else:
            chosen = [workstream_id]
        self._choose(chosen)

    def _choose(self, ids: list[int]) -> None:
        if ids != self.selection:
            self.selection = ids
            self.refresh()
            self.selected.emit(list(ids))

    def step_selection(self, step: int) -> None:
        """Up or Down: the next workstream row, past team headers."""
        rows = self.rows
        start = rows.row_of(self.selection[0]) if self.selection else None
        if start is None:  # nothing chosen yet: from the top, or from the bottom going up
            start = -1 if step > 0 else len(rows)
        row = start + step
        while 0 <= row < len(rows) and rows[row].workstream_id is None:  # past team headers
            row += step
        if 0 <= row < len(rows):
            target = rows[row].workstream_id
            assert target is not None
            self._choose([target])
            self.scroll_to(target)

    def drag_shift(self, workstream_id: int, days: int) -> int:
        """The working days a drag of the workstream's bar by ``days`` calendar days moves work."""
        w = self.document.plan.workstreams.get(workstream_id)
        day = w and (w.planned_start or w.planned_due)
        return working_shift(self.calendar, day, days) if day else 0

    def move(self, ids: list[int], shift: int) -> bool:
        """Move workstreams by ``shift`` working days, both dates, as one undo step."""
        workstreams = self.document.plan.workstreams
        ids = [i for i in ids if i in workstreams]  # an undo during the drag may have taken some away
        if not ids or not shift:
            return False
        changes = {}
        for i in ids:
            w = workstreams[i]
            start, due = moved(self.calendar, w.planned_start, w.planned_due, shift)
            changes[i] = {k: v for k, v in (("planned_start", start), ("planned_due", due)) if v is not None}
        text = f"Move {workstreams[ids[0]].key}" if len(ids) == 1 else f"Move {len(ids)} workstreams"
        return self.document.edit_workstreams(changes, text)

    def change_due(self, workstream_id: int, days: int) -> bool:
        """The due date dragged ``days`` calendar days, onto a working day."""
        w = self.document.plan.workstreams.get(workstream_id)
        if w is None or w.planned_due is None:
            return False
        due = resized_due(self.calendar, w.planned_start, w.planned_due, days)
        return self.document.edit_workstreams(
            {workstream_id: {"planned_due": due}}, f"Change due date of {w.key}"
        )

    def link(self, predecessor_id: int, successor_id: int) -> bool:
        """Finish-to-start from one bar to another; the document refuses a loop and says why."""
        return self.document.add_dependency(predecessor_id, successor_id, DependencyType.FS)

    def context_menu(self, row: int | None) -> QMenu:
        """The right-click menu of a row (None: below the last row); the caller's to keep.

        It has no parent, so it goes when the caller lets go of it instead of piling up under the view."""
        menu = QMenu()
        if row is not None:
            team_id, workstream_id = self.rows[row]
            if workstream_id is not None:
                menu.addAction("What if it slips…", lambda: self.what_if_requested.emit(workstream_id))
                menu.addSeparator()
            name = self.team_name(team_id)
            if self.is_collapsed(team_id):
                menu.addAction(f"Expand {name}", lambda: self.set_collapsed(team_id, False))
            else:
                menu.addAction(f"Collapse {name}", lambda: self.set_collapsed(team_id, True))
        menu.addAction("Collapse all teams", lambda: self.set_all_collapsed(True))
        menu.addAction("Expand all teams", lambda: self.set_all_collapsed(False))
        return menu

    def tooltip(self, row: int) -> str:
        team_id, workstream_id = self.rows[row]
        if workstream_id is None:
            span = self._spans.get(team_id)
            dates = f"<br>{date_text(span[0])} – {date_text(span[1])}" if span else ""
            count = self.team_size(team_id)
            return f"<b>{html.escape(self.team_name(team_id))}</b><br>{count} shown workstreams{dates}"
        return workstream_tooltip(self.document, workstream_id)


# ---------------------------------------------------------------- the chart


class _Chart(QAbstractScrollArea):
    """The bars and arrows of the rows in view; both scroll bars of the timeline live here."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.drag: _Drag | None = None
        self.hovered: int | None = None  # the workstream whose link handle shows
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.viewport().setMouseTracking(True)
        self.viewport().setAutoFillBackground(False)
        self.setFrameShape(QAbstractScrollArea.Shape.NoFrame)
        self.verticalScrollBar().setSingleStep(ROW_HEIGHT)
        self.horizontalScrollBar().setSingleStep(40)

    def update_scrollbars(self) -> None:
        view, size = self.view, self.viewport().size()
        width = view.scale.x(view.end)
        horizontal, vertical = self.horizontalScrollBar(), self.verticalScrollBar()
        horizontal.setRange(0, max(round(width) - size.width(), 0))
        horizontal.setPageStep(size.width())
        vertical.setRange(0, max(view.rows.height - size.height() + ROW_HEIGHT, 0))
        vertical.setPageStep(size.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.update_scrollbars()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()  # everything is painted from the scroll offsets

    def offset(self) -> QPointF:
        return QPointF(self.horizontalScrollBar().value(), self.verticalScrollBar().value())

    def viewport_point(self, x: float, y: float) -> QPoint:
        """A point in content coordinates, where it is on the viewport now."""
        return (QPointF(x, y) - self.offset()).toPoint()

    def hit(self, position: QPointF) -> tuple[int | None, int | None, BarPart | None]:
        """(row, workstream id, part of its bar) under a viewport position."""
        content = position + self.offset()
        row = self.view.rows.row_at(content.y())
        if row is None:
            return None, None, None
        workstream_id = self.view.rows[row].workstream_id
        if workstream_id is None:
            return row, None, None
        bar = self.view.bar_of(workstream_id)
        return row, workstream_id, part_at(bar, content.x()) if bar else None

    # -------------------------------------------------------- painting

    def paintEvent(self, event: QPaintEvent) -> None:
        view, scale = self.view, self.view.scale
        painter = QPainter(self.viewport())
        rect = QRectF(self.viewport().rect())
        painter.fillRect(rect, WHITE)
        offset = self.offset()
        painter.translate(-offset)
        area = rect.translated(offset)
        left, top, right, bottom = area.left(), area.top(), area.right(), area.bottom()
        first, last = scale.day_at(left), scale.day_at(right)
        visible = view.rows.visible(top, bottom)

        if scale.px_per_day >= SHADE_FROM:
            for day, count in non_working_runs(view.calendar, first, last):
                painter.fillRect(QRectF(scale.x(day), top, count * scale.px_per_day, area.height()), SHADE)
        _, lower = header_ticks(scale, first, last)
        painter.setPen(QPen(GRID, 1))
        for tick in lower:
            painter.drawLine(QPointF(tick.x, top), QPointF(tick.x, bottom))
        painted: _Painted = {}
        self._paint_rows(painter, visible, area, painted)
        self._paint_day_lines(painter, area)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_links(painter, visible, painted)
        for row in visible:
            team_id, workstream_id = view.rows[row]
            if workstream_id is None:
                self._paint_team_span(painter, row, team_id)
            else:
                self._paint_bar(painter, row, workstream_id, painted)
        if self.drag is not None and self.drag.started:
            self._paint_drag(painter, self.drag, visible)
        if not len(view.rows):
            painter.resetTransform()
            painter.setPen(SOFT_INK)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, empty_text(view.document))
        painter.end()

    def _paint_rows(self, painter: QPainter, visible: range, area: QRectF, painted: _Painted) -> None:
        view = self.view
        selection, marked = view.chosen, view.highlighted
        workstreams = view.document.plan.workstreams
        painter.setPen(QPen(ROW_LINE, 1))
        for row in visible:
            workstream_id = view.rows[row].workstream_id
            y = view.rows.y(row)
            band = QRectF(area.left(), y, area.width(), ROW_HEIGHT)
            if workstream_id is None:
                painter.fillRect(band, TEAM_ROW)
            else:
                painted[workstream_id] = (workstreams[workstream_id], view.bar_of(workstream_id))
                if workstream_id in selection:
                    painter.fillRect(band, SELECTED_ROW)
                elif workstream_id in marked:
                    painter.fillRect(band, WHAT_IF_ROW)
            painter.drawLine(
                QPointF(area.left(), y + ROW_HEIGHT - 0.5), QPointF(area.right(), y + ROW_HEIGHT - 0.5)
            )

    def _paint_day_lines(self, painter: QPainter, area: QRectF) -> None:
        """The as-of date and the go-live target, across the whole height."""
        view, scale = self.view, self.view.scale
        target = view.document.plan.migration.target_go_live
        for day, colour, style in (
            (target, TARGET, Qt.PenStyle.DotLine),
            (view.document.as_of, AS_OF, Qt.PenStyle.DashLine),
        ):
            if day is not None:
                x = scale.x_centre(day)
                painter.setPen(QPen(colour, 1.5, style))
                painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()))

    def _paint_links(self, painter: QPainter, visible: range, painted: _Painted) -> None:
        view = self.view
        plan, rows = view.document.plan, view.rows
        for link_id in view.links.touching(rows, visible):
            link = plan.dependencies.get(link_id)
            if link is None:
                continue
            ends = []
            for end in (link.predecessor_id, link.successor_id):
                if end not in painted and end in plan.workstreams:
                    painted[end] = (plan.workstreams[end], view.bar_of(end))
                ends.append(painted.get(end, (None, None)))
            (before, before_bar), (after, after_bar) = ends
            if before is None or after is None or before_bar is None or after_bar is None:
                continue
            before_row, after_row = rows.row_of(before.id), rows.row_of(after.id)
            assert before_row is not None and after_row is not None
            route = arrow_route(link.type, before_bar, before_row, after_bar, after_row)
            if view.on_critical_path(before.id, after.id):
                colour, width = CRITICAL.color(), 2.0
            elif before.team_id != after.team_id:
                colour, width = CROSS_TEAM_LINK, 1.6
            else:
                colour, width = LINK, 1.0
            painter.setPen(QPen(colour, width))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPolyline(QPolygonF([QPointF(x, y) for x, y in route.points]))
            x, y = route.points[-1]
            back = -route.heading * 6
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawPolygon(
                QPolygonF([QPointF(x, y), QPointF(x + back, y - 3.5), QPointF(x + back, y + 3.5)])
            )

    def _paint_team_span(self, painter: QPainter, row: int, team_id: int) -> None:
        """The team's summary: a bracket from its earliest start to its latest due date."""
        view = self.view
        span = view.team_span_of(team_id)
        if span is None:
            return
        left, right = view.scale.x(span[0]), view.scale.x_end(span[1])
        y = view.rows.y(row) + ROW_HEIGHT / 2 - 3
        colour = view.team_colour(team_id)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRect(QRectF(left, y, right - left, 6))
        for x, direction in ((left, 1), (right, -1)):
            painter.drawPolygon(QPolygonF([QPointF(x, y), QPointF(x + 7 * direction, y), QPointF(x, y + 11)]))

    def _paint_bar(self, painter: QPainter, row: int, workstream_id: int, painted: _Painted) -> None:
        view = self.view
        w, bar = painted[workstream_id]
        if bar is None:
            return
        y = view.rows.y(row)
        health = view.health_of(workstream_id)
        ink = INKS[health] if health is not None else NO_INK
        middle = bar_middle(row)
        if bar.baseline is not None:
            self._paint_baseline(painter, bar, y)
        if bar.slip_right is not None:
            self._paint_slip(painter, bar, y, middle)
        if bar.milestone:
            painter.setPen(QPen(ink.outline.darker(130), 1))
            painter.setBrush(ink.outline)
            painter.drawPolygon(_diamond(bar.centre, middle, DIAMOND_HALF))
        else:
            body = QRectF(bar.left, y + BAR_TOP, bar.right - bar.left, BAR_HEIGHT)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(ink.fill)
            painter.drawRoundedRect(body, 3, 3)
            if bar.progress_right > bar.left:
                done = QRectF(body)
                done.setRight(bar.progress_right)
                painter.setBrush(ink.done)
                painter.drawRoundedRect(done, 3, 3)
            painter.setPen(QPen(ink.outline, 1.2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(body.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        if view.started_before(workstream_id):
            self._paint_started_early(painter, bar, y)
        if workstream_id in view.highlighted:
            painter.setPen(QPen(WHAT_IF, 2, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(_around(bar, y, 4), 4, 4)
        if workstream_id in view.chosen:
            painter.setPen(QPen(SELECTION, 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(_around(bar, y, 3), 4, 4)
        self._paint_caption(painter, w, bar, middle)
        if workstream_id == self.hovered and self.drag is None and not view.document.read_only:
            painter.setPen(QPen(SELECTION, 1.5))
            painter.setBrush(WHITE)
            painter.drawEllipse(QPointF(handle_centre(bar), middle), HANDLE_RADIUS, HANDLE_RADIUS)

    def _paint_baseline(self, painter: QPainter, bar: Bar, y: float) -> None:
        assert bar.baseline is not None
        start, end = bar.baseline
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(BASELINE)
        if bar.milestone:
            painter.drawPolygon(_diamond(start, y + BASELINE_TOP + BASELINE_HEIGHT / 2, 3.5))
        else:
            painter.drawRect(QRectF(start, y + BASELINE_TOP, end - start, BASELINE_HEIGHT))

    def _paint_slip(self, painter: QPainter, bar: Bar, y: float, middle: float) -> None:
        """Forecast past the due date: a hatched red run from the bar's end to the forecast."""
        assert bar.slip_right is not None
        if bar.milestone:
            band = QRectF(bar.right, middle - 3, bar.slip_right - bar.right, 6)
        else:
            band = QRectF(bar.right, y + BAR_TOP + 1, bar.slip_right - bar.right, BAR_HEIGHT - 2)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SLIP_FILL)
        painter.drawRect(band)
        painter.setBrush(SLIP_BRUSH)
        painter.drawRect(band)
        painter.setPen(QPen(SLIP, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(band.adjusted(0.5, 0.5, -0.5, -0.5))
        if bar.milestone:
            painter.setBrush(WHITE)
            painter.drawPolygon(_diamond(bar.slip_right, middle, DIAMOND_HALF - 1))

    def _paint_started_early(self, painter: QPainter, bar: Bar, y: float) -> None:
        """Started before what it waits on: an amber wedge over the bar's start, pointing at it."""
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(STARTED_EARLY)
        painter.drawPolygon(_wedge(bar.left, y + BAR_TOP))

    def _paint_caption(self, painter: QPainter, w: Workstream, bar: Bar, middle: float) -> None:
        """The key right of the bar, so a bar is known without the labels."""
        text = self.view.caption(w)
        x = bar.reach + CAPTION_GAP
        painter.setPen(SOFT_INK)
        painter.drawText(QRectF(x, middle - 9, 200, 18), Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_drag(self, painter: QPainter, drag: _Drag, visible: range) -> None:
        view, scale = self.view, self.view.scale
        pen = QPen(SELECTION, 1.5, Qt.PenStyle.DashLine)
        if drag.part is BarPart.LINK_HANDLE:
            source = view.bar_of(drag.workstream_id)
            row = view.rows.row_of(drag.workstream_id)
            if source is None or row is None:
                return
            _, target, _ = self.hit(drag.at - self.offset())
            if target is not None and target != drag.workstream_id:
                bar, target_row = view.bar_of(target), view.rows.row_of(target)
                if bar is not None and target_row is not None:
                    painter.setPen(QPen(SELECTION, 2))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(_around(bar, view.rows.y(target_row), 3), 4, 4)
            painter.setPen(pen)
            painter.drawLine(QPointF(handle_centre(source), bar_middle(row)), drag.at)
            return
        days = days_dragged(drag.dx, scale.px_per_day)
        shift = view.drag_shift(drag.workstream_id, days)
        # Ghosts only on the rows in view: a drag may carry all 20,000 selected workstreams.
        carried = frozenset(drag.ids if drag.part is BarPart.BODY else [drag.workstream_id])
        workstreams = view.document.plan.workstreams
        for row in visible:
            workstream_id = view.rows[row].workstream_id
            if workstream_id not in carried:
                continue
            w = workstreams.get(workstream_id)
            if w is None:
                continue
            y = view.rows.y(row)
            start, due = self._dropped(w, drag.part, days, shift)
            dropped = bar_for(scale, start, due, milestone=w.is_milestone)
            if dropped is None:
                continue
            left, right = dropped.left, dropped.right
            painter.setPen(pen)
            painter.setBrush(QColor(26, 115, 232, 40))
            painter.drawRoundedRect(QRectF(left, y + BAR_TOP - 2, right - left, BAR_HEIGHT + 4), 3, 3)
            if workstream_id == drag.workstream_id:
                self._paint_drag_text(painter, right + 10, y, self._drag_text(w, start, due))

    def _paint_drag_text(self, painter: QPainter, x: float, y: float, text: str) -> None:
        """The dates a drop would give, on a pill over whatever the bar's row shows there."""
        box = QRectF(x, y + 4, self.fontMetrics().horizontalAdvance(text) + 14, ROW_HEIGHT - 8)
        painter.setPen(QPen(SELECTION, 1))
        painter.setBrush(WHITE)
        painter.drawRoundedRect(box, 4, 4)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _dropped(
        self, w: Workstream, part: BarPart, days: int, shift: int
    ) -> tuple[date | None, date | None]:
        """The planned dates a drop would give: the same rules as the edit the drop makes."""
        calendar = self.view.calendar
        if part is BarPart.END and w.planned_due:
            return w.planned_start, resized_due(calendar, w.planned_start, w.planned_due, days)
        return moved(calendar, w.planned_start, w.planned_due, shift)

    def _drag_text(self, w: Workstream, start: date | None, due: date | None) -> str:
        """The dates a drop would give, and by how many working days the due date moves."""
        shift = ""
        if w.planned_due and due:
            forward = due >= w.planned_due
            first, last = (w.planned_due, due) if forward else (due, w.planned_due)
            count = working_days_in(self.view.calendar, first + timedelta(days=1), last)
            shift = f" ({'+' if forward else '−'}{working_days(count)})" if count else ""
        if w.is_milestone or start is None or due is None:
            return f"{date_text(due or start)}{shift}" if due or start else ""
        return f"{date_text(start)} – {date_text(due)}{shift}"

    def cancel_drag_if_gone(self) -> None:
        """Drop the gesture when what it drags is no longer in the plan (an undo took it away)."""
        drag, workstreams = self.drag, self.view.document.plan.workstreams
        if drag is None:
            return
        if drag.workstream_id not in workstreams or any(i not in workstreams for i in drag.ids):
            self.drag = None
            self.viewport().unsetCursor()
            self.viewport().update()

    # -------------------------------------------------------- mouse and keys

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        _, workstream_id, part = self.hit(event.position())
        if workstream_id is None or part is None:
            return
        view = self.view
        at = event.position() + self.offset()
        if part is BarPart.BODY or view.document.read_only:
            carry = workstream_id in view.selection and not event.modifiers()
            if not carry:
                view.pick(workstream_id, event.modifiers())
            ids = list(view.selection) if carry else [workstream_id]
            if view.document.read_only or workstream_id not in view.selection:
                return
            self.drag = _Drag(BarPart.BODY, workstream_id, ids, at, at)
        else:
            self.drag = _Drag(part, workstream_id, [workstream_id], at, at, started=True)
            self.viewport().update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        drag = self.drag
        if drag is not None:
            drag.at = event.position() + self.offset()
            distance = (drag.at - drag.start).manhattanLength()
            drag.started = drag.started or distance >= QApplication.startDragDistance()
            if drag.started:
                self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
                self.viewport().update()
            return
        _, workstream_id, part = self.hit(event.position())
        if self.view.document.read_only:
            part = None
        hovered = workstream_id if part is not None else None
        if hovered != self.hovered:
            self.hovered = hovered
            self.viewport().update()
        cursors = {
            BarPart.END: Qt.CursorShape.SizeHorCursor,
            BarPart.LINK_HANDLE: Qt.CursorShape.CrossCursor,
            BarPart.BODY: Qt.CursorShape.OpenHandCursor,
        }
        self.viewport().setCursor(cursors.get(part, Qt.CursorShape.ArrowCursor) if part else QCursor())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        drag, self.drag = self.drag, None
        self.viewport().unsetCursor()
        if drag is None or event.button() != Qt.MouseButton.LeftButton:
            return
        if drag.workstream_id not in self.view.document.plan.workstreams:
            self.viewport().update()
            return
        view = self.view
        drag.at = event.position() + self.offset()
        days = days_dragged(drag.dx, view.scale.px_per_day)
        if drag.part is BarPart.LINK_HANDLE:
            _, target, _ = self.hit(event.position())
            if target is not None and target != drag.workstream_id:
                view.link(drag.workstream_id, target)
        elif not drag.started:
            if len(drag.ids) > 1:  # a click (not a drag) on a bar of a wider selection picks it alone
                view.pick(drag.workstream_id, Qt.KeyboardModifier.NoModifier)
        elif days and drag.part is BarPart.END:
            view.change_due(drag.workstream_id, days)
        elif days:
            view.move(drag.ids, view.drag_shift(drag.workstream_id, days))
        self.viewport().update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape and self.drag is not None:
            self.drag = None
            self.viewport().unsetCursor()
            self.viewport().update()
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.view.step_selection(-1 if key == Qt.Key.Key_Up else 1)
        else:
            super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and delta:
            scale = self.view.scale.px_per_day
            self.view.zoom_to(zoom_in(scale) if delta > 0 else zoom_out(scale), event.position().x())
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier and delta:
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() - delta)
        else:
            super().wheelEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        row, _, _ = self.hit(QPointF(event.pos()))
        self.view.context_menu(row).exec(event.globalPos())

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            row, _, _ = self.hit(QPointF(event.pos()))
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.view.tooltip(row), self.viewport())
            return True
        if event.type() == QEvent.Type.Leave and self.hovered is not None:
            self.hovered = None
            self.viewport().update()
        return super().viewportEvent(event)


def _wedge(x: float, tip: float) -> QPolygonF:
    """A small downward triangle whose tip is at (x, tip), 6 px tall."""
    return QPolygonF([QPointF(x - 5, tip - 6), QPointF(x + 5, tip - 6), QPointF(x, tip)])


def _diamond(x: float, y: float, half: float) -> QPolygonF:
    return QPolygonF([QPointF(x - half, y), QPointF(x, y - half), QPointF(x + half, y), QPointF(x, y + half)])


def _around(bar: Bar, y: float, margin: float) -> QRectF:
    """A rectangle around the bar and its slip, for the selection and what-if outlines."""
    if bar.milestone:
        top, height = bar_middle(0) - DIAMOND_HALF, 2 * DIAMOND_HALF
    else:
        top, height = BAR_TOP, BAR_HEIGHT
    return QRectF(bar.left, y + top, bar.reach - bar.left, height).adjusted(-margin, -margin, margin, margin)


# ---------------------------------------------------------------- row labels and the date header


class _RowLabels(QWidget):
    """The row labels beside the chart: team headers to fold, workstream keys and titles."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.key_width = 60
        self.setMinimumWidth(160)

    def sizeHint(self) -> QSize:
        return QSize(LABEL_WIDTH, 400)

    def measure_keys(self, ids: list[int]) -> None:
        workstreams = self.view.document.plan.workstreams
        longest = max((workstreams[i].key for i in ids), key=len, default="ABC-99")
        self.key_width = self.fontMetrics().horizontalAdvance(longest) + 12

    def offset(self) -> int:
        return self.view.chart.verticalScrollBar().value()

    def row_at(self, y: float) -> int | None:
        return self.view.rows.row_at(y + self.offset())

    def paintEvent(self, event: QPaintEvent) -> None:
        view = self.view
        painter = QPainter(self)
        painter.fillRect(self.rect(), WHITE)
        painter.translate(0, -self.offset())
        top = self.offset()
        width = self.width()
        metrics = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        selection, marked = view.chosen, view.highlighted
        workstreams = view.document.plan.workstreams
        for row in view.rows.visible(top, top + self.height()):
            team_id, workstream_id = view.rows[row]
            y = view.rows.y(row)
            band = QRectF(0, y, width, ROW_HEIGHT)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if workstream_id is None:
                painter.fillRect(band, TEAM_ROW)
                self._paint_team(painter, band, team_id, bold)
            else:
                if workstream_id in selection:
                    painter.fillRect(band, SELECTED_ROW)
                elif workstream_id in marked:
                    painter.fillRect(band, WHAT_IF_ROW)
                w = workstreams[workstream_id]
                health = view.health_of(workstream_id)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(INKS[health].outline if health else NO_ANALYSIS)
                painter.drawEllipse(QPointF(26, y + ROW_HEIGHT / 2), 4, 4)
                painter.setPen(SOFT_INK)
                key_box = QRectF(38, y, self.key_width, ROW_HEIGHT)
                painter.drawText(key_box, Qt.AlignmentFlag.AlignVCenter, w.key)
                title_left = 38 + self.key_width
                title = metrics.elidedText(w.title, Qt.TextElideMode.ElideRight, int(width - title_left - 8))
                painter.setPen(INK)
                painter.drawText(
                    QRectF(title_left, y, width, ROW_HEIGHT), Qt.AlignmentFlag.AlignVCenter, title
                )
            painter.setPen(QPen(ROW_LINE, 1))
            painter.drawLine(QPointF(0, y + ROW_HEIGHT - 0.5), QPointF(width, y + ROW_HEIGHT - 0.5))
        painter.resetTransform()
        painter.setPen(QPen(HEADER_LINE, 1))
        painter.drawLine(width - 1, 0, width - 1, self.height())
        painter.end()

    def _paint_team(self, painter: QPainter, band: QRectF, team_id: int, bold: QFont) -> None:
        view = self.view
        y = band.center().y()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(SOFT_INK)
        if view.is_collapsed(team_id):
            arrow = [QPointF(9, y - 5), QPointF(14, y), QPointF(9, y + 5)]
        else:
            arrow = [QPointF(7, y - 3), QPointF(17, y - 3), QPointF(12, y + 3)]
        painter.drawPolygon(QPolygonF(arrow))
        painter.setBrush(view.team_colour(team_id))
        painter.drawRoundedRect(QRectF(22, y - 5, 10, 10), 2, 2)
        count = f"{view.team_size(team_id)}"
        count_width = self.fontMetrics().horizontalAdvance(count) + 12
        painter.setFont(bold)
        name = painter.fontMetrics().elidedText(
            view.team_name(team_id), Qt.TextElideMode.ElideRight, int(band.width() - 40 - count_width)
        )
        painter.setPen(INK)
        painter.drawText(band.adjusted(38, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(self.font())
        painter.setPen(SOFT_INK)
        painter.drawText(
            band.adjusted(0, 0, -8, 0), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, count
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if row is None or event.button() != Qt.MouseButton.LeftButton:
            return
        team_id, workstream_id = self.view.rows[row]
        if workstream_id is None:
            self.view.toggle_team(team_id)
        else:
            self.view.pick(workstream_id, event.modifiers())
        self.view.chart.setFocus(Qt.FocusReason.MouseFocusReason)

    def wheelEvent(self, event: QWheelEvent) -> None:
        QApplication.sendEvent(self.view.chart.verticalScrollBar(), event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.view.context_menu(self.row_at(event.pos().y())).exec(event.globalPos())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            row = self.row_at(event.pos().y())
            if row is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.view.tooltip(row), self)
            return True
        return super().event(event)


class _DateHeader(QWidget):
    """Two bands of dates over the chart (months over weeks, say), scrolled with it."""

    def __init__(self, view: TimelineView) -> None:
        super().__init__(view)
        self.view = view
        self.setFixedHeight(2 * HEADER_BAND)

    def paintEvent(self, event: QPaintEvent) -> None:
        view, scale = self.view, self.view.scale
        painter = QPainter(self)
        painter.fillRect(self.rect(), HEADER_FILL)
        left = view.chart.horizontalScrollBar().value()
        width = self.width()
        first, last = scale.day_at(left), scale.day_at(left + width)
        upper, lower = header_ticks(scale, first, last)
        metrics = self.fontMetrics()
        painter.translate(-left, 0)
        if tick_units(scale.px_per_day)[1] is TickUnit.DAY:
            for tick in lower:
                if not view.calendar.is_working_day(tick.day):
                    painter.fillRect(QRectF(tick.x, HEADER_BAND, tick.width, HEADER_BAND), SHADE)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        for tick in upper:
            # The label stays in view while any of its unit is.
            x = max(tick.x, left) + 6
            room = tick.x + tick.width - x - 4
            text = painter.fontMetrics().elidedText(tick.label, Qt.TextElideMode.ElideRight, int(room))
            painter.setPen(INK)
            painter.drawText(QRectF(x, 0, max(room, 0), HEADER_BAND), Qt.AlignmentFlag.AlignVCenter, text)
            painter.setPen(HEADER_LINE)
            painter.drawLine(QPointF(tick.x, 0), QPointF(tick.x, 2 * HEADER_BAND))
        painter.setFont(self.font())
        for tick in lower:
            painter.setPen(HEADER_LINE)
            painter.drawLine(QPointF(tick.x, HEADER_BAND), QPointF(tick.x, 2 * HEADER_BAND))
            if metrics.horizontalAdvance(tick.label) + 4 <= tick.width:
                painter.setPen(SOFT_INK)
                box = QRectF(tick.x, HEADER_BAND, tick.width, HEADER_BAND)
                painter.drawText(box, Qt.AlignmentFlag.AlignCenter, tick.label)
        painter.setPen(HEADER_LINE)
        painter.drawLine(QPointF(left, HEADER_BAND), QPointF(left + width, HEADER_BAND))
        painter.drawLine(QPointF(left, 2 * HEADER_BAND - 0.5), QPointF(left + width, 2 * HEADER_BAND - 0.5))
        self._paint_as_of(painter)
        painter.end()

    def _paint_as_of(self, painter: QPainter) -> None:
        """A marker where the chart's as-of line starts, so the line is found from the header."""
        x = self.view.scale.x_centre(self.view.document.as_of)
        y = 2 * HEADER_BAND
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(AS_OF)
        painter.drawPolygon(QPolygonF([QPointF(x - 5, y - 7), QPointF(x + 5, y - 7), QPointF(x, y)]))

    def wheelEvent(self, event: QWheelEvent) -> None:
        QApplication.sendEvent(self.view.chart.viewport(), event)


class _Legend(QWidget):
    """What the marks mean, in one line beside the zoom buttons; it gives way to them when narrow."""

    ITEMS = (
        "Planned",
        "Done",
        "Forecast slip",
        "Started early",
        "Baseline",
        "Milestone",
        "Cross-team",
        "Critical",
        "As of",
        "Target go-live",
    )
    DAY_LINES: ClassVar = {
        "As of": (AS_OF, Qt.PenStyle.DashLine),
        "Target go-live": (TARGET, Qt.PenStyle.DotLine),
    }

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(sum(metrics.horizontalAdvance(t) + 34 for t in self.ITEMS), 24)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, 24)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = self.fontMetrics()
        ink = INKS[HealthLevel.GREEN]
        x, y = 4.0, self.height() / 2
        for text in self.ITEMS:
            if x + metrics.horizontalAdvance(text) + 24 > self.width():
                break  # a narrow window shows the first few, whole
            box = QRectF(x, y - 5, 18, 10)
            painter.setPen(Qt.PenStyle.NoPen)
            if text == "Planned":
                painter.setBrush(ink.fill)
                painter.setPen(QPen(ink.outline, 1))
                painter.drawRoundedRect(box, 2, 2)
            elif text == "Done":
                painter.setBrush(ink.done)
                painter.setPen(QPen(ink.outline, 1))
                painter.drawRoundedRect(box, 2, 2)
            elif text == "Forecast slip":
                painter.setBrush(SLIP_FILL)
                painter.drawRect(box)
                painter.setBrush(SLIP_BRUSH)
                painter.setPen(QPen(SLIP, 1))
                painter.drawRect(box)
            elif text == "Started early":
                painter.setBrush(STARTED_EARLY)
                painter.drawPolygon(_wedge(x + 9, y + 4))
            elif text == "Baseline":
                painter.setBrush(BASELINE)
                painter.drawRect(QRectF(x, y - 2, 18, 4))
            elif text == "Milestone":
                painter.setBrush(ink.outline)
                painter.drawPolygon(_diamond(x + 9, y, 6))
            else:
                if text in self.DAY_LINES:  # drawn as on the chart: a vertical line across the rows
                    colour, style = self.DAY_LINES[text]
                    painter.setPen(QPen(colour, 2, style))
                    painter.drawLine(QPointF(x + 9, y - 7), QPointF(x + 9, y + 7))
                else:
                    painter.setPen(QPen(CROSS_TEAM_LINK if text == "Cross-team" else CRITICAL.color(), 2))
                    painter.drawLine(QPointF(x, y), QPointF(x + 18, y))
            painter.setPen(SOFT_INK)
            painter.drawText(QPointF(x + 24, y + metrics.ascent() / 2 - 1), text)
            x += metrics.horizontalAdvance(text) + 34
        painter.end()
