"""Reading a whole plan in one transaction: what the window shows and what the analysis reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from migrator.analysis.collector import collector_paused
from migrator.domain.model import Dependency, Migration, StatusComment, Team, Workstream
from migrator.domain.raid import RaidItem
from migrator.store import plan_reader
from migrator.store.plan_reader import StoredPlan
from migrator.store.repositories.common import Repository
from migrator.store.schema import HistoryRow
from migrator.store.stores import MigrationStore


@dataclass(frozen=True)
class PlanRows:
    """The plan's parts as domain values, read in one transaction."""

    migration: Migration
    teams: list[Team]
    workstreams: list[Workstream]
    dependencies: list[Dependency]
    last_updates: dict[int, datetime] = field(default_factory=dict)
    latest_comments: dict[int, StatusComment] = field(default_factory=dict)
    history_id: int = 0  # the last history entry the parts reflect
    raid: list[RaidItem] = field(default_factory=list)  # the RAID log, with its links


class PlanRepository(Repository):
    def read_plan(self) -> StoredPlan:
        """What the window shows of the plan."""
        with (
            self.reading_rows() as connection,
            self.units.rows_beside(connection, plan_reader.READ_BESIDE) as beside,
        ):
            return plan_reader.read_plan(connection, self.file_name, beside)

    def plan_rows(self, *, with_updates: bool = False) -> PlanRows:
        """The migration, teams, workstreams, links and RAID log (and, ``with_updates``, when each
        workstream last changed, its latest comment and the last history entry)."""
        with self.reading() as session, collector_paused():  # 60,000 rows, no cycles
            connection = MigrationStore.dbapi_connection(session)
            keys: dict[int, str] = {}
            workstreams = plan_reader.read_workstreams(connection, keys=keys)
            parts = PlanRows(
                plan_reader.read_migration(connection, self.file_name),
                plan_reader.read_teams(connection),
                workstreams,
                plan_reader.read_dependencies(connection, keys=keys),
                raid=plan_reader.read_raid(connection, keys=keys),
            )
            if not with_updates:
                return parts
            return PlanRows(
                parts.migration, parts.teams, parts.workstreams, parts.dependencies,
                plan_reader.read_last_updates(connection),
                plan_reader.read_latest_comments(connection),
                last_history_id(session), parts.raid,
            )  # fmt: skip


def last_history_id(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(HistoryRow.id), 0))) or 0)
