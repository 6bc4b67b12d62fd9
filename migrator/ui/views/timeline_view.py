"""The timeline: a Gantt chart of the shown workstreams by team, with links, drags, zoom and hover details.

The geometry comes from migrator.layout.timeline. The chart, row labels and date header
(ui/views/timeline/) paint the rows in view from what this view gives them through the
TimelineModel protocol, and pass mouse gestures back to it, which turns them into document
edits. What is kept per workstream is only what changes with the shown set or the links (its
row, its team, its links) and each team's span; bars, health and text are worked out while
painting the rows in view, so scrolling a 20,000-row plan costs only what is on screen.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QSplitter, QToolButton, QVBoxLayout, QWidget

from migrator.analysis import HealthLevel
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import Dependency, DependencyType, Team, Workstream
from migrator.domain.raid import RaidType
from migrator.domain.wording import date_text
from migrator.layout.timeline import (
    ROW_HEIGHT,
    Bar,
    DateScale,
    LinkIndex,
    TimelineRows,
    bar_for,
    chart_span,
    clamp_zoom,
    fit,
    group_by_team,
    moved,
    resized_due,
    team_span,
    working_shift,
    zoom_in,
    zoom_offset,
    zoom_out,
)
from migrator.ui.document.plan_document import PlanDocument
from migrator.ui.views.timeline.chart import CAPTION_GAP, Chart
from migrator.ui.views.timeline.date_header import HEADER_BAND, DateHeader
from migrator.ui.views.timeline.ink import (
    HEADER_FILL,
    SELECTION,
    SLIP,
    STARTED_EARLY,
    TARGET,
    WHAT_IF,
)
from migrator.ui.views.timeline.legend import Legend
from migrator.ui.views.timeline.paint_model import DecisionMark
from migrator.ui.views.timeline.row_labels import LABEL_WIDTH, RowLabels
from migrator.ui.views.view_support import SOFT_INK, critical_links, empty_text, workstream_tooltip

# The marks' colours stay importable from here, where the timeline's tests look them up.
__all__ = ["SELECTION", "SLIP", "STARTED_EARLY", "TARGET", "WHAT_IF", "TimelineView"]

START_ZOOM = 6.0  # pixels per day: weeks under months


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

        # The pieces paint from this view through the TimelineModel protocol, nothing else of it.
        self.chart = Chart(self, self)
        self.labels = RowLabels(self, self.chart, self)
        self.header = DateHeader(self, self.chart, self)
        self._build()
        self.setFocusProxy(self.chart)  # Up and Down move the selection once the tab is shown
        document.reloaded.connect(self._reloaded)
        document.workstreams_changed.connect(self._workstreams_changed)
        document.dependencies_changed.connect(self._dependencies_changed)
        document.analysed.connect(self._analysed)
        document.raid_changed.connect(self._raid_changed)
        self._decisions: dict[int, list[DecisionMark]] = {}
        self._read_decisions()
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
        tools.addWidget(Legend(), 1)

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

    def _read_decisions(self) -> None:
        """The open decisions with a needed-by date, by the workstreams they are linked to."""
        as_of = self.document.as_of
        marks: dict[int, list[DecisionMark]] = {}
        for item in self.document.raid_items().values():
            if item.type is RaidType.DECISION and item.is_open and item.needed_by is not None:
                mark = DecisionMark(item.key, item.title, item.needed_by, item.needed_by < as_of)
                for workstream_id in item.linked_workstreams():
                    marks.setdefault(workstream_id, []).append(mark)
        self._decisions = marks

    def decisions_of(self, workstream_id: int) -> list[DecisionMark]:
        return self._decisions.get(workstream_id, [])

    def _raid_changed(self) -> None:
        self._read_decisions()
        self.refresh()

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
        self._read_decisions()  # the as-of date may have moved: which are overdue
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
        # Each bar's caption inside the chart too: a milestone's runs 120 px past its bar.
        metrics, workstreams = self.chart.viewport().fontMetrics(), self.document.plan.workstreams
        shown = (workstreams[i] for ids in self._members.values() for i in ids)
        captions = [
            (w.planned_due, CAPTION_GAP + metrics.horizontalAdvance(self.caption(w)) + 8)
            for w in shown
            if w.planned_due is not None
        ]
        viewport = self.chart.viewport().width()
        self.scale, offset = fit(first, last, viewport, self.scale.origin, captions=captions)
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

    # ------------------------------------------------------------ what the painters ask (TimelinePaintModel)

    @property
    def workstreams(self) -> Mapping[int, Workstream]:
        return self.document.plan.workstreams

    @property
    def dependencies(self) -> Mapping[int, Dependency]:
        return self.document.plan.dependencies

    @property
    def as_of(self) -> date:
        return self.document.as_of

    @property
    def target_go_live(self) -> date | None:
        return self.document.plan.migration.target_go_live

    @property
    def read_only(self) -> bool:
        return self.document.read_only

    def why_empty(self) -> str:
        return empty_text(self.document)

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

    # ------------------------------------------------------------ what the user does (TimelineGestures)

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

    def move_workstreams(self, ids: list[int], shift: int) -> bool:
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
        decisions = "".join(
            f"<br>{'Overdue: d' if mark.overdue else 'D'}ecision <b>{html.escape(mark.key)}</b> "
            f"“{html.escape(mark.title)}” needed by {date_text(mark.needed_by)}"
            for mark in self.decisions_of(workstream_id)
        )
        return workstream_tooltip(self.document, workstream_id) + decisions
