"""What the analysis tells a coordinator, as plain frozen dataclasses."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date


class HealthLevel(enum.StrEnum):
    """A workstream's, team's or the migration's health; finished work has its own levels."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        """As reports and the window write it: Green, Amber, Red, Done, Cancelled."""
        return self.value.capitalize()

    @property
    def severity(self) -> int:
        """Higher is worse: the worst of a team's items is the team's health."""
        return LEVELS.index(self)


# The levels from best to worst; the analysis keeps health as an index into this.
LEVELS = (HealthLevel.CANCELLED, HealthLevel.DONE, HealthLevel.GREEN, HealthLevel.AMBER, HealthLevel.RED)


@dataclass(frozen=True)
class WorkstreamAnalysis:
    workstream_id: int
    key: str
    forecast_start: date | None  # None for cancelled work
    forecast_finish: date | None
    latest_finish: date | None  # None for done and cancelled work
    total_float: int | None  # working days; negative when the go-live target can't be met
    days_late: int | None  # working days the forecast finish is past the planned due date
    critical: bool
    leads_to_go_live: bool
    health: HealthLevel
    derived_health: HealthLevel  # what the plan alone says, under a manual override
    health_reasons: tuple[str, ...]
    override: bool
    pushed_by: str | None  # key of the upstream item that pushed its forecast, if any
    # Keys of the FS or SS predecessors it started before (work in progress only), by key.
    started_before: tuple[str, ...] = ()


@dataclass(frozen=True)
class Conflict:
    """A link the plan's current dates break (actual ones once work started), by ``violation_days``."""

    dependency_id: int
    predecessor: str
    successor: str
    predecessor_team_id: int
    successor_team_id: int
    type: str
    lag: int
    violation_days: int
    message: str

    @property
    def cross_team(self) -> bool:
        return self.predecessor_team_id != self.successor_team_id


@dataclass(frozen=True)
class TeamHealth:
    team_id: int
    team: str
    health: HealthLevel
    counts: dict[HealthLevel, int] = field(default_factory=dict)
    late: int = 0  # open work forecast to finish after its due date


@dataclass(frozen=True)
class MovedWorkstream:
    workstream_id: int
    key: str
    team: str
    is_milestone: bool
    forecast_start_before: date
    forecast_start_after: date
    forecast_finish_before: date
    forecast_finish_after: date


@dataclass(frozen=True)
class WaitingWorkstream:
    """Work in progress that a slip leaves waiting on an FS or SS predecessor it started before."""

    workstream_id: int
    key: str
    team: str
    predecessor: str  # the key of what it waits on
    link_type: str  # "FS+2": the link and its lag
    waits_until: date  # the day that predecessor now finishes (FS) or starts (SS), lag included


@dataclass(frozen=True)
class SlipImpact:
    """What moves if one workstream finishes ``slip_days`` working days later; nothing is saved."""

    key: str
    slip_days: int
    projected_finish_before: date | None
    projected_finish_after: date | None
    go_live_shift: int  # working days the projected go-live moves (0 when it holds)
    moved: tuple[MovedWorkstream, ...]  # the slipped item first, then by new finish
    teams: tuple[str, ...]  # names of the teams whose work moves
    waiting: tuple[WaitingWorkstream, ...] = ()  # started work the slip leaves waiting, by key


@dataclass(frozen=True)
class RaidReason:
    """A health reason the RAID log gives a workstream: the item, the work it holds back, how."""

    item_id: int
    item_key: str  # D-4
    item_type: str  # "decision", "risk", "issue"
    workstream_id: int
    workstream_key: str
    health: HealthLevel  # the colour this item alone gives the workstream
    text: str  # as it stands among the workstream's health reasons


@dataclass(frozen=True)
class DecisionImpact:
    """What moves if an undecided decision comes ``late_days`` working days after its needed-by
    date: the work it gates (linked "decided for" or "blocks", not started) can't start before
    the end of the day it comes. Compared with the current forecast; nothing is saved."""

    key: str
    title: str
    owner: str | None
    needed_by: date
    late_days: int
    decided_on: date  # the day it is taken to come: late_days after needed_by, not before the as-of date
    gated: tuple[str, ...]  # keys of the work not yet started that waits on it, by key
    projected_finish_before: date | None
    projected_finish_after: date | None
    go_live_shift: int  # working days the projected go-live moves (0 when it holds)
    moved: tuple[MovedWorkstream, ...]  # the gated work first, then by new finish
    teams: tuple[str, ...]  # names of the teams whose work moves
