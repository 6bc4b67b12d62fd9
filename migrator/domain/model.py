"""The entities of a migration plan, as frozen dataclasses that cross every layer."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from migrator.domain.raid import RiskBands


class Status(enum.StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Health(enum.StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"


class DependencyType(enum.StrEnum):
    """Which instants a link compares: Finish-to-Start, Start-to-Start, ..."""

    FS = "FS"
    SS = "SS"
    FF = "FF"
    SF = "SF"


@dataclass(frozen=True)
class HealthThresholds:
    """When the analysis turns a workstream amber or red; the same numbers for every team."""

    red_slip_days: int = 10  # red when forecast to finish more than this many working days late
    amber_float_days: int = 5  # amber when work leading to go-live has this much float or less
    due_soon_days: int = 5  # amber when due within this many working days ...
    due_soon_progress: int = 50  # ... and less than this percent done


@dataclass(frozen=True)
class Migration:
    name: str
    description: str
    start: date | None
    target_go_live: date | None
    go_live_milestone_id: int | None
    working_weekdays: frozenset[int]  # 0 = Monday ... 6 = Sunday
    non_working_dates: frozenset[date]
    version: int
    health_thresholds: HealthThresholds = HealthThresholds()
    risk_bands: RiskBands = field(default_factory=RiskBands)  # when a RAID risk's score is amber or red


@dataclass(frozen=True)
class Team:
    id: int
    name: str
    code: str
    colour: str
    lead_id: int | None
    lead_name: str | None
    version: int


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    email: str | None
    team_id: int | None
    version: int


@dataclass(frozen=True)
class Workstream:
    id: int
    key: str
    title: str
    team_id: int
    team_code: str
    team_name: str
    owner_id: int | None
    owner_name: str | None
    status: Status
    planned_start: date | None
    planned_due: date | None
    actual_start: date | None
    actual_finish: date | None
    progress: int
    is_milestone: bool
    description: str
    blocker_note: str
    health_override: Health | None
    health_override_reason: str
    baseline_start: date | None
    baseline_due: date | None
    source_ref: str | None
    version: int


@dataclass(frozen=True)
class Dependency:
    id: int
    predecessor_id: int
    successor_id: int
    predecessor_key: str
    successor_key: str
    type: DependencyType
    lag: int  # working days; negative is lead
    note: str
    version: int


@dataclass(frozen=True)
class HistoryEntry:
    id: int
    change_id: int  # entries recorded by one user action share it
    at: datetime
    actor: str
    entity: str  # "workstream", "dependency", "team", "person", "migration"
    entity_id: int
    entity_label: str  # e.g. the workstream key, kept readable after a delete
    action: str  # "created", "changed", "deleted", "commented", "restored"
    field: str | None
    old_value: str | None
    new_value: str | None
    comment: str


@dataclass(frozen=True)
class StatusComment:
    """A status comment from a workstream's history: what was said, by whom, when (UTC)."""

    text: str
    who: str
    at: datetime


@dataclass(frozen=True)
class TeamSummary:
    team: Team
    workstreams: int
    by_status: dict[Status, int] = field(default_factory=dict)
