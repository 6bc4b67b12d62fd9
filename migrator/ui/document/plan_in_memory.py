"""The plan in memory: what the window's table, panes and analysis are made from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from migrator.analysis import PlanAnalysis
from migrator.analysis.collector import CollectorHold
from migrator.analysis.plan_state import SnapshotInfo
from migrator.domain.model import Dependency, Migration, Person, Team, Workstream
from migrator.domain.places import ServerAddress
from migrator.domain.raid import RaidItem

if TYPE_CHECKING:
    from migrator.services import MigrationService
    from migrator.services.opening import StoredPlan


@dataclass
class Plan:
    """The plan as last read or patched: what the table, panes and analysis are made from."""

    migration: Migration
    teams: list[Team]
    people: list[Person]
    workstreams: dict[int, Workstream]  # in plan order (team, then key number)
    dependencies: dict[int, Dependency]
    last_updates: dict[int, datetime] = field(default_factory=dict)
    snapshots: list[SnapshotInfo] = field(default_factory=list)  # headers, oldest first
    raid: dict[int, RaidItem] = field(default_factory=dict)  # the RAID log, in key order

    @classmethod
    def of(cls, stored: StoredPlan) -> Plan:
        return cls(
            migration=stored.migration,
            teams=stored.teams,
            people=stored.people,
            workstreams={w.id: w for w in stored.workstreams},
            dependencies={d.id: d for d in stored.dependencies},
            last_updates=stored.last_updates,
            snapshots=stored.snapshots,
            raid={item.id: item for item in stored.raid},
        )


@dataclass(frozen=True)
class QuickStart:
    """A current, writable file's plan, read before its service is open, and how to open it."""

    path: Path
    plan: StoredPlan
    open_service: Callable[[], MigrationService]  # may raise MigratorError
    today: Callable[[], date]

    @property
    def place(self) -> Path:
        return self.path

    @property
    def name(self) -> str:
        return self.path.name


@dataclass(frozen=True)
class OpenedPlan:
    """A plan opened and read away from the window's thread (a shared plan: its server may take
    seconds to answer), with the last history entry it reflects, so that what others write from
    the moment it was read is news to the window; and its first analysis when that was made in
    the same thread (see PlanDocument.first_analysis), so the window paints the analysed plan once."""

    service: MigrationService
    plan: Plan
    seen_history: int
    read_only_asked: bool = False  # opened read-only on purpose (--read-only), not for want of rights
    analysis: PlanAnalysis | None = None  # of ``plan`` as of ``analysis.as_of``
    hold: CollectorHold | None = None  # the collector held off until the first analysed paint

    @classmethod
    def read(cls, service: MigrationService, *, read_only_asked: bool = False) -> OpenedPlan:
        """Note the plan's state, then read it: a change made in between is caught up, not lost."""
        service.file_changed_elsewhere()
        seen = service.last_history_id()
        return cls(service, Plan.of(service.read_plan()), seen, read_only_asked)

    @property
    def place(self) -> Path | ServerAddress:
        return self.service.place

    @property
    def name(self) -> str:
        return self.service.name

    def today(self) -> date:
        return self.service.today()
