"""What the timeline's painters read and ask: the interface the TimelineView fills for its chart,
row labels and date header, so they never reach into the view's own attributes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMenu

from migrator.analysis import HealthLevel
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import Dependency, Workstream
from migrator.layout.timeline import Bar, DateScale, LinkIndex, TimelineRows


@dataclass(frozen=True)
class DecisionMark:
    """An open decision linked to a bar: marked on it at its needed-by date."""

    key: str
    title: str
    needed_by: date
    overdue: bool


class TimelinePaintModel(Protocol):
    """The rows, dates and marks to paint, in content coordinates."""

    @property
    def scale(self) -> DateScale: ...

    @property
    def end(self) -> date:
        """The last day the chart scrolls to."""
        ...

    @property
    def rows(self) -> TimelineRows: ...

    @property
    def links(self) -> LinkIndex: ...

    @property
    def calendar(self) -> WorkingCalendar: ...

    @property
    def chosen(self) -> frozenset[int]:
        """The selection as a set, for painting row by row."""
        ...

    @property
    def highlighted(self) -> set[int]:
        """A what-if preview's moved work."""
        ...

    @property
    def workstreams(self) -> Mapping[int, Workstream]: ...

    @property
    def dependencies(self) -> Mapping[int, Dependency]: ...

    @property
    def as_of(self) -> date: ...

    @property
    def target_go_live(self) -> date | None: ...

    @property
    def read_only(self) -> bool: ...

    def bar_of(self, workstream_id: int) -> Bar | None: ...

    def health_of(self, workstream_id: int) -> HealthLevel | None: ...

    def started_before(self, workstream_id: int) -> tuple[str, ...]: ...

    def decisions_of(self, workstream_id: int) -> list[DecisionMark]: ...

    def caption(self, w: Workstream) -> str: ...

    def team_colour(self, team_id: int) -> QColor: ...

    def team_size(self, team_id: int) -> int: ...

    def team_name(self, team_id: int) -> str: ...

    def is_collapsed(self, team_id: int) -> bool: ...

    def team_span_of(self, team_id: int) -> tuple[date, date] | None: ...

    def on_critical_path(self, predecessor_id: int, successor_id: int) -> bool: ...

    def why_empty(self) -> str:
        """What the chart says when it has no rows."""
        ...


class TimelineGestures(Protocol):
    """What a click, drag, key or wheel on the chart or the row labels asks the view to do."""

    @property
    def selection(self) -> list[int]: ...

    def pick(self, workstream_id: int, modifiers: Qt.KeyboardModifier) -> None: ...

    def toggle_team(self, team_id: int) -> None: ...

    def step_selection(self, step: int) -> None: ...

    def zoom_to(self, px_per_day: float, anchor: float | None = None) -> None: ...

    def drag_shift(self, workstream_id: int, days: int) -> int: ...

    def move_workstreams(self, ids: list[int], shift: int) -> bool: ...

    def change_due(self, workstream_id: int, days: int) -> bool: ...

    def link(self, predecessor_id: int, successor_id: int) -> bool: ...

    def context_menu(self, row: int | None) -> QMenu: ...

    def tooltip(self, row: int) -> str: ...


class TimelineModel(TimelinePaintModel, TimelineGestures, Protocol):
    """Both: what the chart and the row labels, which paint and take gestures, are given."""
