"""What the network's canvas reads and asks: the interface the NetworkView fills, so the canvas
never reaches into the view's own attributes."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Protocol

from PySide6.QtWidgets import QMenu

from migrator.analysis import HealthLevel
from migrator.domain.model import Team, Workstream


class NetworkPaintModel(Protocol):
    """The boxes' text and colours, the links' kinds, and what a click or right-click asks for."""

    @property
    def selection(self) -> list[int]:
        """The selected workstreams, the current one first."""
        ...

    @property
    def workstreams(self) -> Mapping[int, Workstream]: ...

    def lane_team(self, key: Hashable) -> Team | None:
        """The team a lane of the layout stands for (None: work without a team)."""
        ...

    def health(self, workstream_id: int) -> HealthLevel | None: ...

    def critical(self, workstream_id: int) -> bool: ...

    def on_critical_path(self, predecessor_id: int, successor_id: int) -> bool: ...

    def why_empty(self) -> str:
        """What the canvas says when it shows no box."""
        ...

    def tooltip(self, workstream_id: int) -> str: ...

    def user_selected(self, workstream_id: int) -> None:
        """A click on a box."""
        ...

    def zoom_changed(self, scale: float) -> None: ...

    def context_menu(self, workstream_id: int | None) -> QMenu:
        """The right-click menu of a box (None: of the empty picture); the caller's to keep."""
        ...
