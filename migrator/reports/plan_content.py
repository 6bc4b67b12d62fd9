"""What a plan export holds: the plan as plain data, for the MS Project XML and CSV writers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from migrator.domain.calendar import MONDAY_TO_FRIDAY
from migrator.domain.model import Dependency, Person, Team, Workstream


@dataclass(frozen=True)
class PlanContent:
    name: str  # the migration's name: the project's name and its summary task's
    start: date | None
    target_go_live: date | None
    teams: Sequence[Team]
    people: Sequence[Person]
    workstreams: Sequence[Workstream]  # in plan order: team, then key number
    dependencies: Sequence[Dependency]
    saved_at: datetime  # when the export was made (the project's CreationDate and LastSaved)
    working_weekdays: frozenset[int] = MONDAY_TO_FRIDAY  # 0 = Monday … 6 = Sunday
    non_working_days: Mapping[date, str] = field(default_factory=dict)  # a holiday → its name

    def by_team(self) -> list[tuple[Team, list[Workstream]]]:
        """Each team that has work, in the plan's team order, with its workstreams in plan order."""
        work: dict[int, list[Workstream]] = {}
        for workstream in self.workstreams:
            work.setdefault(workstream.team_id, []).append(workstream)
        return [(team, work[team.id]) for team in self.teams if team.id in work]
