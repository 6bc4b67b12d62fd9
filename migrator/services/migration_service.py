"""MigrationService: the one door to a migration file, opening it and forwarding to a service
per aggregate (settings and calendar, teams and people, workstreams, dependencies, records).

Each public method is one user action in one transaction; inside ``with service.changing():``
many of them make one action (a plan import, a report with its snapshot, the demo).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from migrator.analysis import DecisionImpact, PlanAnalysis, analyse
from migrator.analysis.plan_state import PlanState, SnapshotInfo
from migrator.domain import rules
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import ConcurrentEditError
from migrator.domain.model import (
    Dependency,
    DependencyType,
    HistoryEntry,
    Migration,
    Person,
    StatusComment,
    Team,
    TeamSummary,
    Workstream,
)
from migrator.domain.places import Place, ServerAddress, place_of
from migrator.domain.raid import RaidItem
from migrator.services.dependencies import DependencyService
from migrator.services.raid import RaidService
from migrator.services.records import RecordService
from migrator.services.settings import SettingsService
from migrator.services.teams import TEAM_COLOURS, TeamService
from migrator.services.update_records import UpdateRecordService
from migrator.services.who import current_user
from migrator.services.workstreams import DeletedWorkstream, WorkstreamService
from migrator.store import database, server
from migrator.store.plan_images import EVERYTHING, PlanImage
from migrator.store.plan_reader import StoredPlan
from migrator.store.repositories.plan import PlanRepository
from migrator.store.stores import SAVING, MigrationStore
from migrator.store.unit_of_work import UnitOfWork, UnitOfWorkFactory

__all__ = ["TEAM_COLOURS", "AnalysedPlan", "DeletedWorkstream", "MigrationService", "NewMigration"]


@dataclass(frozen=True)
class NewMigration:
    """What a coordinator says when creating a migration file."""

    name: str
    start: date | None = None
    target_go_live: date | None = None
    description: str = ""


@dataclass(frozen=True)
class AnalysedPlan:
    """The plan and its analysis, read in one transaction (what a report is made from)."""

    analysis: PlanAnalysis
    teams: list[Team]
    dependencies: list[Dependency]
    last_updates: dict[int, datetime]  # workstream id -> when it was last changed or commented on
    history_id: int  # the last history entry the plan reflects
    latest_comments: dict[int, StatusComment] = dataclasses.field(default_factory=dict)  # by workstream id
    raid: list[RaidItem] = dataclasses.field(default_factory=list)  # the RAID log, read with the plan


class MigrationService:
    """Reads return plain dataclasses; each change is one validated, recorded transaction."""

    def __init__(
        self,
        store: MigrationStore,
        *,
        actor: str | None = None,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        # On a server, history credits the login's own name, whatever the program says.
        self._units = UnitOfWorkFactory(store, store.actor or actor or current_user(), now)
        self._today = today or date.today
        self._plan = PlanRepository(self._units)
        self.settings_service = SettingsService(self._units)
        self.team_service = TeamService(self._units)
        self.workstream_service = WorkstreamService(self._units, self.today)
        self.raid = RaidService(self._units, self.today)
        self.dependency_service = DependencyService(self._units, self.raid)
        self.record_service = RecordService(self._units, self._units.now)
        self.update_records = UpdateRecordService(self._units)

    # ------------------------------------------------------------ opening and closing

    @classmethod
    def open(
        cls,
        place: str | os.PathLike[str] | ServerAddress,
        *,
        read_only: bool = False,
        showing_bad_values: bool = False,
        password: str | None = None,
        **options: Any,
    ) -> MigrationService:
        """Open a file or a shared plan on a server (``password`` for the server, when it asks).

        ``showing_bad_values`` opens a file holding values Migrator cannot use read-only, to
        show it: reads then replace each by a neutral value and list them
        (``read_plan().problems``) instead of refusing the file."""
        where = place_of(place)
        store: MigrationStore
        if isinstance(where, ServerAddress):
            store = server.open_server_store(where, read_only=read_only, password=password)
        else:
            store = database.open_store(where, read_only=read_only, showing_bad_values=showing_bad_values)
        return cls(store, **options)

    @classmethod
    def create(
        cls,
        place: str | os.PathLike[str] | ServerAddress,
        migration: NewMigration,
        *,
        populate: Callable[[MigrationService], None] | None = None,
        password: str | None = None,
        **options: Any,
    ) -> MigrationService:
        """Create a new migration file, or a plan in an empty database on a server; ``populate``
        fills it before it appears, so a failure leaves no file (or empty database) behind."""
        where = place_of(place)
        rules.require_text(migration.name, "The migration's name")
        rules.check_target_after_start(migration.start, migration.target_go_live)
        new_store = (
            server.new_plan_on_server(where, password=password)
            if isinstance(where, ServerAddress)
            else database.new_file_in_place(where)
        )
        with new_store as store:
            service = cls(store, **options)
            with service.changing():  # one transaction: nobody sees a half-made plan
                service.settings_service.create_migration(
                    migration.name, migration.description, migration.start, migration.target_go_live
                )
                if populate is not None:
                    populate(service)
        return cls.open(where, password=password, **options)

    @property
    def place(self) -> Place:
        """Where the plan lives: a file's path or a server's address."""
        return self.store.place

    @property
    def name(self) -> str:
        """How messages name the plan: the file's name, or "database on host"."""
        return self.store.name

    @property
    def path(self) -> Path:
        """The file (a shared plan has none: see ``place``)."""
        return self.store.path

    @property
    def shared(self) -> bool:
        return self.store.shared

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def actor(self) -> str:
        """Who this service's changes are credited to in history and reports."""
        return self._units.actor

    def set_actor(self, name: str) -> None:
        """Credit later changes to ``name`` (on a server, the login's name stays)."""
        self._units.actor = self.store.actor or rules.require_text(name, "Your name", max_length=200)

    def today(self) -> date:
        return self._today()

    def now(self) -> datetime:
        """The service's clock (UTC, naive), as history records it."""
        return self._units.now()

    @property
    def units(self) -> UnitOfWorkFactory:
        """The units of work on this file, for work across aggregates (a plan import)."""
        return self._units

    def changing(self, activity: str = SAVING) -> AbstractContextManager[UnitOfWork]:
        """One action made of several changes: the service's methods called inside join it,
        and it commits (with their history) when the block ends, or changes nothing.
        ``activity`` is what others waiting meanwhile are told ("importing a plan")."""
        return self._units.changing(activity)

    def close(self) -> None:
        self.store.close()

    def listen_for_changes(self, heard: Callable[[str], None]) -> Callable[[], None] | None:
        """On a server, call ``heard`` from another thread when another coordinator commits
        ("change"), when the server goes away ("lost") and comes back ("back"); return what
        stops it. None for a file (its changes are found by asking, see file_changed_elsewhere)."""
        return self.store.listen(heard)

    def open_again(self) -> MigrationService:
        """Another service on the same plan, as the same person with the same clock (an export's
        thread gets a connection nobody else uses)."""
        return MigrationService(self.store.reopen(), actor=self.actor, today=self._today, now=self._units.now)

    def __enter__(self) -> MigrationService:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------ the whole plan

    def read_plan(self) -> StoredPlan:
        """What the window shows of the plan, read in one transaction."""
        return self._plan.read_plan()

    def analyse(self, as_of: date | None = None) -> PlanAnalysis:
        """Forecast, float, critical path, conflicts and health as of ``as_of`` (default: today).

        The plan and its RAID log are read in one transaction, so the analysis sees one consistent
        state; the log's decisions, risks and issues are among the health reasons.
        """
        plan = self._plan.plan_rows()
        return analyse(
            plan.migration,
            plan.teams,
            plan.workstreams,
            plan.dependencies,
            as_of or self.today(),
            raid=plan.raid,
        )

    def decision_impact(self, key: str, days: int, as_of: date | None = None) -> DecisionImpact:
        """What moves if decision ``key`` (D-4) comes ``days`` working days after its needed-by
        date, through the work it gates; nothing is saved (the window's What if)."""
        return self.analyse(as_of).decision_impact(key, days)

    def analyse_plan(self, as_of: date | None = None, *, with_updates: bool = True) -> AnalysedPlan:
        """``analyse`` plus the teams, links and (``with_updates``) last updates it was made from,
        all in one read."""
        plan = self._plan.plan_rows(with_updates=with_updates)
        analysis = analyse(
            plan.migration,
            plan.teams,
            plan.workstreams,
            plan.dependencies,
            as_of or self.today(),
            raid=plan.raid,
        )
        return AnalysedPlan(
            analysis, plan.teams, plan.dependencies, plan.last_updates, plan.history_id, plan.latest_comments,
            plan.raid,
        )  # fmt: skip

    # ------------------------------------------------------------ settings and calendar

    def migration(self) -> Migration:
        return self.settings_service.migration()

    def calendar(self) -> WorkingCalendar:
        return self.settings_service.calendar()

    def non_working_days(self) -> dict[date, str]:
        return self.settings_service.non_working_days()

    def update_migration(
        self, changes: Mapping[str, Any], comment: str = "", expected_version: int | None = None
    ) -> dict[str, Any]:
        """Change the migration's settings; returns the changed ones' new values."""
        return self.settings_service.update_migration(changes, comment, expected_version)

    def update_settings(
        self, changes: Mapping[str, Any], non_working_days: Mapping[date, str] | None,
        expected_version: int | None = None,
    ) -> None:  # fmt: skip
        self.settings_service.update_settings(changes, non_working_days, expected_version)

    def set_non_working_days(self, days: Mapping[date, str]) -> None:
        self.settings_service.set_non_working_days(days)

    # ------------------------------------------------------------ teams and people

    def teams(self) -> list[Team]:
        return self.team_service.teams()

    def team(self, team_id: int) -> Team:
        return self.team_service.team(team_id)

    def team_by_code(self, code: str) -> Team:
        return self.team_service.team_by_code(code)

    def team_summaries(self) -> list[TeamSummary]:
        return self.team_service.team_summaries()

    def create_team(
        self, name: str, code: str | None = None, colour: str | None = None, lead_id: int | None = None
    ) -> int:
        return self.team_service.create_team(name, code, colour, lead_id)

    def update_team(
        self, team_id: int, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> None:
        self.team_service.update_team(team_id, changes, expected_version)

    def delete_team(
        self, team_id: int, move_workstreams_to: int | None = None, expected_version: int | None = None
    ) -> None:
        self.team_service.delete_team(team_id, move_workstreams_to, expected_version)

    def people(self) -> list[Person]:
        return self.team_service.people()

    def create_person(self, name: str, email: str | None = None, team_id: int | None = None) -> int:
        return self.team_service.create_person(name, email, team_id)

    def update_person(
        self, person_id: int, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> None:
        self.team_service.update_person(person_id, changes, expected_version)

    def delete_person(self, person_id: int, expected_version: int | None = None) -> None:
        self.team_service.delete_person(person_id, expected_version)

    # ------------------------------------------------------------ workstreams

    def workstreams(self) -> list[Workstream]:
        """All workstreams with their team and owner names, ordered by team and key number."""
        return self.workstream_service.workstreams()

    def workstreams_by_id(self, workstream_ids: Iterable[int]) -> list[Workstream]:
        """The named workstreams that exist, in plan order."""
        return self.workstream_service.workstreams(workstream_ids)

    def workstream(self, workstream_id: int) -> Workstream:
        return self.workstream_service.workstream(workstream_id)

    def workstream_by_key(self, key: str) -> Workstream:
        return self.workstream_service.workstream_by_key(key)

    def create_workstream(
        self, title: str, team_id: int, *, key: str | None = None, comment: str = "", **fields: Any
    ) -> int:
        """Add a workstream; the key is generated from the team code when not given."""
        return self.workstream_service.create(title, team_id, key=key, comment=comment, **fields)

    def update_workstream(
        self, workstream_id: int, changes: Mapping[str, Any], *, comment: str = "",
        expected_version: int | None = None,
    ) -> Workstream:  # fmt: skip
        """Change fields of one workstream; a status move also fills actual dates."""
        self.workstream_service.update(
            workstream_id, changes, comment=comment, expected_version=expected_version
        )
        return self.workstream(workstream_id)

    def update_workstreams(
        self, changes: Mapping[int, Mapping[str, Any]], *, comment: str = "",
        expected_versions: Mapping[int, int] | None = None,
    ) -> list[Workstream]:  # fmt: skip
        """Change several workstreams as one action; returns them as they are now."""
        self.workstream_service.update_many(changes, comment=comment, expected_versions=expected_versions)
        return self.workstreams_by_id(changes)

    def add_comment(self, workstream_id: int, comment: str) -> None:
        self.workstream_service.add_comment(workstream_id, comment)

    def delete_workstream(self, workstream_id: int) -> DeletedWorkstream:
        """Delete a workstream and its links; its content and links stay in history."""
        return self.workstream_service.delete_many([workstream_id])[0]

    def delete_workstreams(
        self, workstream_ids: Iterable[int], expected_versions: Mapping[int, int] | None = None
    ) -> list[DeletedWorkstream]:
        return self.workstream_service.delete_many(workstream_ids, expected_versions)

    def restore_workstream(self, deleted: DeletedWorkstream) -> int:
        """Bring back a deleted workstream with its id, key and the links whose other end exists."""
        self.workstream_service.restore_many([deleted])
        return deleted.workstream.id

    def restore_workstreams(self, deleted: Sequence[DeletedWorkstream]) -> None:
        self.workstream_service.restore_many(deleted)

    # ------------------------------------------------------------ dependencies

    def dependencies(self) -> list[Dependency]:
        return self.dependency_service.dependencies()

    def dependencies_by_id(self, dependency_ids: Iterable[int]) -> list[Dependency]:
        """The named links that exist."""
        return self.dependency_service.dependencies(dependency_ids)

    def dependency(self, dependency_id: int) -> Dependency:
        return self.dependency_service.dependency(dependency_id)

    def add_dependency(
        self, predecessor_id: int, successor_id: int, type: DependencyType = DependencyType.FS,
        lag: int = 0, note: str = "",
    ) -> int:  # fmt: skip
        """Link two workstreams; refuses self links, duplicates and loops (naming the loop)."""
        return self.dependency_service.add(predecessor_id, successor_id, type, lag, note)

    def update_dependency(
        self, dependency_id: int, *, type: DependencyType | None = None, lag: int | None = None,
        note: str | None = None, expected_version: int | None = None,
    ) -> None:  # fmt: skip
        self.dependency_service.update(
            dependency_id, type=type, lag=lag, note=note, expected_version=expected_version
        )

    def remove_dependency(self, dependency_id: int, expected_version: int | None = None) -> Dependency:
        return self.dependency_service.remove(dependency_id, expected_version)

    def restore_dependency(self, link: Dependency) -> None:
        self.dependency_service.restore(link)

    # ------------------------------------------------------------ history, snapshots, baseline, undo

    def history(self, entity: str, entity_id: int) -> list[HistoryEntry]:
        return self.record_service.history(entity, entity_id)

    def workstream_history(self, workstream_id: int) -> list[HistoryEntry]:
        return self.record_service.workstream_history(workstream_id)

    def recent_history(self, limit: int = 200) -> list[HistoryEntry]:
        return self.record_service.recent_history(limit)

    def history_since(self, after_id: int = 0) -> list[HistoryEntry]:
        return self.record_service.history_since(after_id)

    def last_history_id(self) -> int:
        return self.record_service.last_history_id()

    def last_updates(self) -> dict[int, datetime]:
        return self.record_service.last_updates()

    def file_changed_elsewhere(self) -> bool:
        return self.record_service.file_changed_elsewhere()

    def changed_elsewhere(self, entity: str, entity_id: int, label: str) -> ConcurrentEditError:
        return self.record_service.changed_elsewhere(entity, entity_id, label)

    def changes_by_others(self, after_id: int) -> tuple[list[HistoryEntry], int]:
        return self.record_service.changes_by_others(after_id)

    def snapshots(self) -> list[SnapshotInfo]:
        return self.record_service.snapshots()

    def snapshot(self, snapshot_id: int) -> tuple[SnapshotInfo, PlanState, int]:
        return self.record_service.snapshot(snapshot_id)

    def find_snapshot(self, reference: str) -> SnapshotInfo:
        return self.record_service.find_snapshot(reference)

    def store_snapshot(
        self, state: PlanState, seen: int, *, label: str = "", audience: str = "full"
    ) -> SnapshotInfo:
        return self.record_service.store_snapshot(state, seen, label=label, audience=audience)

    def set_baseline(self, snapshot_id: int) -> int:
        return self.record_service.set_baseline(snapshot_id)

    def plan_image(self, parts: frozenset[str] = EVERYTHING) -> PlanImage:
        return self.record_service.plan_image(parts)

    def restore_plan_image(self, image: PlanImage, comment: str, expected: PlanImage | None = None) -> int:
        return self.record_service.restore_plan_image(image, comment, expected)
