"""Reading history: one item's, a workstream's with its links', the latest, and since an entry."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from migrator.domain.errors import ConcurrentEditError
from migrator.domain.model import HistoryEntry, StatusComment
from migrator.store import plan_reader
from migrator.store.repositories.common import Repository
from migrator.store.repositories.plan import last_history_id
from migrator.store.rows import history_from_row
from migrator.store.schema import HistoryRow, WorkstreamRow
from migrator.store.stale_rows import changed_elsewhere


class HistoryRepository(Repository):
    def history(self, entity: str, entity_id: int) -> list[HistoryEntry]:
        """One entity's history, newest first."""
        h = HistoryRow
        query = select(h).where(h.entity == entity, h.entity_id == entity_id).order_by(h.id.desc())
        with self.reading() as session:
            return [history_from_row(row) for row in session.scalars(query).all()]

    def workstream_history(self, workstream_id: int) -> list[HistoryEntry]:
        """A workstream's own history and that of its links, newest first."""
        h = HistoryRow
        with self.reading() as session:
            own = (h.entity == "workstream") & (h.entity_id == workstream_id)
            # Its links are recorded under the keys it had then: every key it has had.
            keys: set[str] = set()
            for label, field, old, new in session.execute(
                select(h.entity_label, h.field, h.old_value, h.new_value).where(own)
            ):
                keys.add(label)
                if field == "key":
                    keys.update(k for k in (old, new) if k)
            if (current := session.get(WorkstreamRow, workstream_id)) is not None:
                keys.add(current.key)
            condition = own
            for key in sorted(keys):
                condition |= (h.entity == "dependency") & (
                    h.entity_label.like(f"{key} → %") | h.entity_label.like(f"% → {key}")
                )
            rows = session.scalars(select(h).where(condition).order_by(h.id.desc())).all()
            return [history_from_row(row) for row in rows]

    def workstream_changes_since(self, at: datetime, entity: str = "workstream") -> list[HistoryEntry]:
        """Workstreams' (or another ``entity``'s) changes and deletes recorded at or after ``at``,
        oldest first."""
        h = HistoryRow
        query = (
            select(h)
            .where(h.entity == entity, h.action.in_(("changed", "deleted")), h.at >= at)
            .order_by(h.id)
        )
        with self.reading() as session:
            return [history_from_row(row) for row in session.scalars(query)]

    def recent(self, limit: int) -> list[HistoryEntry]:
        with self.reading() as session:
            rows = session.scalars(select(HistoryRow).order_by(HistoryRow.id.desc()).limit(limit)).all()
            return [history_from_row(row) for row in rows]

    def since(self, after_id: int) -> list[HistoryEntry]:
        """Every entry recorded after entry ``after_id``, oldest first."""
        with self.reading() as session:
            rows = session.scalars(select(HistoryRow).where(HistoryRow.id > after_id).order_by(HistoryRow.id))
            return [history_from_row(row) for row in rows]

    def last_id(self) -> int:
        with self.reading() as session:
            return last_history_id(session)

    def last_updates(self) -> dict[int, datetime]:
        """When each workstream (by id) was last changed or commented on."""
        with self.reading_rows() as connection:
            return plan_reader.read_last_updates(connection)

    def latest_comments(self) -> dict[int, StatusComment]:
        with self.reading_rows() as connection:
            return plan_reader.read_latest_comments(connection)

    def data_version(self) -> int:
        """A number that moves when another connection commits to the file."""
        with self.reading() as session:
            return self.units.store.data_version(session, frozenset(self.units.own_changes))

    def changed_elsewhere(
        self, now: datetime, entity: str, entity_id: int, label: str
    ) -> ConcurrentEditError:
        """The refusal of an edit of a row someone else changed: who, when and what."""
        with self.reading() as session:
            return changed_elsewhere(session, now, entity, entity_id, label)
