"""What one status workbook shows: the input the sheet writers read, nothing else."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from migrator.analysis.changes import Change
from migrator.analysis.plan_state import PlanState, SnapshotInfo, WorkstreamState
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import StatusComment
from migrator.domain.updates import TeamAnswers

__all__ = ["Audience", "Progress", "ReportContent", "SnapshotInfo"]

# Progress of a long export: the fraction done (0.0 to 1.0) and what is happening, for a progress bar.
Progress = Callable[[float, str], None]


class Audience(enum.StrEnum):
    FULL = "full"  # every sheet, for PMs and the coordinator
    EXECUTIVE = "executive"  # the one-page summary and the changes
    TEAM = "team"  # one team's work, the dependencies it gives and receives, its changes


@dataclass(frozen=True)
class ReportContent:
    state: PlanState  # the plan now
    audience: Audience
    calendar: WorkingCalendar
    generated_at: datetime
    generated_by: str
    label: str = ""
    team: str | None = None  # the team's code, for the team audience
    previous: PlanState | None = None  # the compared report's state, if any
    previous_info: SnapshotInfo | None = None
    changes: tuple[Change, ...] = ()
    # When each workstream (by id) was last changed or commented on.
    last_updates: Mapping[int, datetime] = field(default_factory=dict)
    # Each workstream's (by id) latest status comment, on the coordinator's clock.
    latest_comments: Mapping[int, StatusComment] = field(default_factory=dict)
    # Per team asked for status updates: when it last answered, what it has not (coordinator's clock).
    team_answers: tuple[TeamAnswers, ...] = ()

    def in_scope(self, w: WorkstreamState) -> bool:
        """Whether the workstream belongs in this report (all of them, or the team's)."""
        return self.team is None or w.team_code == self.team
