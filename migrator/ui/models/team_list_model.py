"""The teams list: "All teams" then each team, with its health dot and what needs attention."""

from __future__ import annotations

import operator
from collections import Counter
from dataclasses import dataclass
from itertools import compress, repeat
from operator import attrgetter, is_
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from migrator.analysis import HealthLevel, TeamHealth
from migrator.domain.model import Status
from migrator.ui import palette
from migrator.ui.document.plan_document import PlanDocument

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class TeamRow:
    team_id: int | None  # None: all teams
    name: str
    colour: str
    health: HealthLevel | None
    workstreams: int
    red: int
    amber: int
    late: int
    blocked: int

    @property
    def counts_text(self) -> str:
        parts = [f"{n} {what}" for n, what in (
            (self.red, "red"), (self.amber, "amber"), (self.late, "late"), (self.blocked, "blocked"),
        ) if n]  # fmt: skip
        return " · ".join(parts) if parts else f"{self.workstreams} workstreams, all on track"


class TeamListModel(QAbstractListModel):
    TEAM_ID_ROLE = Qt.ItemDataRole.UserRole + 1
    ROW_ROLE = Qt.ItemDataRole.UserRole + 2  # the whole TeamRow, for the painting delegate

    def __init__(self, document: PlanDocument, parent: Any = None) -> None:
        super().__init__(parent)
        self.document = document
        self._rows: list[TeamRow] = []
        self._counted: tuple[object, object] | None = None  # the plan and analysis the rows count
        document.reloaded.connect(self.refresh)
        document.analysed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        counted = (self.document.plan, self.document.analysis)
        if self._counted is not None and all(map(operator.is_, counted, self._counted)):
            return  # e.g. panes built on an analysis that is then announced: nothing to count again
        self._counted = counted
        rows = self._compute()
        if [r.team_id for r in rows] == [r.team_id for r in self._rows]:
            self._rows = rows
            if rows:
                self.dataChanged.emit(self.index(0), self.index(len(rows) - 1))
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def _compute(self) -> list[TeamRow]:
        plan, analysis = self.document.plan, self.document.analysis
        # Counted in C (no Python call per workstream): this runs at every analysis.
        workstreams = plan.workstreams.values()
        team_ids = list(map(attrgetter("team_id"), workstreams))
        total = Counter(team_ids)
        is_blocked = map(is_, map(attrgetter("status"), workstreams), repeat(Status.BLOCKED))
        blocked = Counter(compress(team_ids, is_blocked))
        health: dict[int, TeamHealth] = {}
        if analysis is not None:  # red, amber and late come counted with the analysis
            health = {t.team_id: t for t in analysis.teams}

        def row(team_id: int | None, name: str, colour: str, level: HealthLevel | None) -> TeamRow:
            ids = [team_id] if team_id is not None else list(total)
            counts = [health[i].counts for i in ids if i in health]
            return TeamRow(
                team_id, name, colour, level,
                workstreams=sum(total[i] for i in ids),
                red=sum(c.get(HealthLevel.RED, 0) for c in counts),
                amber=sum(c.get(HealthLevel.AMBER, 0) for c in counts),
                late=sum(health[i].late for i in ids if i in health),
                blocked=sum(blocked[i] for i in ids),
            )  # fmt: skip

        overall = analysis.overall_health if analysis is not None else None
        rows = [row(None, "All teams", "#455A64", overall)]
        rows += [
            row(t.id, t.name, t.colour, health[t.id].health if t.id in health else None)
            for t in sorted(plan.teams, key=lambda t: t.name)
        ]
        return rows

    def row_of_team(self, team_id: int | None) -> int:
        return next((n for n, r in enumerate(self._rows) if r.team_id == team_id), 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row.name
        if role == Qt.ItemDataRole.DecorationRole:
            return palette.health_dot(row.health) if row.health else None
        if role == Qt.ItemDataRole.ToolTipRole:
            health = f"Health: {row.health.label}. " if row.health else ""
            return f"{row.name}: {row.workstreams} workstreams. {health}{row.counts_text}."
        if role == self.TEAM_ID_ROLE:
            return row.team_id
        if role == self.ROW_ROLE:
            return row
        return None
