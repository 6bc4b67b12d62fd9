"""Snapshots: the plan states kept with each report, and their headers."""

from __future__ import annotations

from sqlalchemy import select

from migrator.analysis import plan_state
from migrator.analysis.plan_state import PlanState, SnapshotInfo
from migrator.store import plan_reader
from migrator.store.repositories.common import Repository
from migrator.store.schema import SnapshotRow

_HEADER = tuple(getattr(SnapshotRow, name) for name in plan_reader.SNAPSHOT_HEADER)


class SnapshotRepository(Repository):
    def snapshots(self) -> list[SnapshotInfo]:
        """Every stored snapshot, oldest first."""
        with self.reading_rows() as connection:
            return plan_reader.read_snapshots(connection)

    def snapshot(self, snapshot_id: int) -> tuple[SnapshotInfo, PlanState, int] | None:
        """A snapshot's header, the plan state it kept and the last history entry it had seen."""
        query = select(*_HEADER, SnapshotRow.state, SnapshotRow.history_id).where(
            SnapshotRow.id == snapshot_id
        )
        with self.reading() as session:
            row = session.execute(query).one_or_none()
        if row is None:
            return None
        return plan_reader.snapshot_info(row[: len(_HEADER)]), plan_state.from_json(row.state), row.history_id

    def store(self, state: PlanState, seen: int, label: str, audience: str) -> SnapshotInfo:
        """Keep ``state`` (reflecting history up to entry ``seen``) in the open unit of work."""
        unit = self.unit
        row = SnapshotRow(
            taken_at=unit.at,
            as_of=state.as_of,
            label=label,
            actor=unit.actor,
            audience=audience,
            history_id=seen,
            projected_go_live=state.projected_go_live,
            overall_health=state.overall_health.value,
            state=plan_state.to_json(state),
        )
        self.session.add(row)
        self.session.flush()
        return plan_reader.snapshot_info([getattr(row, name) for name in plan_reader.SNAPSHOT_HEADER])
