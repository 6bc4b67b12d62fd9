"""Workstreams: reading them, writing one or many (with their version checks), deleting and
bringing them back, and the bulk inserts of a plan import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from sqlalchemy import delete, insert, select

from migrator.domain.model import Dependency, Workstream
from migrator.domain.workstream_state import link_label, link_text
from migrator.store import plan_reader
from migrator.store.repositories.common import IN_CHUNK, Repository, get, rows_by_id
from migrator.store.repositories.dependencies import forget_links
from migrator.store.rows import column_value, field_label, row_state
from migrator.store.schema import DependencyRow, MigrationRow, PersonRow, TeamRow, WorkstreamRow
from migrator.store.stale_rows import check_version, check_versions
from migrator.store.stores import MigrationStore


@dataclass(frozen=True)
class StoredWorkstream:
    """A workstream's row as an edit reads it: its id, the version it was read at, its fields."""

    id: int
    key: str
    version: int
    state: dict[str, Any]  # WORKSTREAM_FIELDS -> domain values


class BaselineDates(NamedTuple):
    """A workstream's baseline as the baseline action reads and writes it (with its version)."""

    id: int
    key: str
    version: int
    baseline_start: date | None
    baseline_due: date | None


def _stored(row: WorkstreamRow) -> StoredWorkstream:
    return StoredWorkstream(row.id, row.key, row.version, row_state(row))


class WorkstreamRepository(Repository):
    def workstreams(self, ids: Iterable[int] | None = None) -> list[Workstream]:
        """All workstreams (or the named ones that exist), in plan order."""
        with self.reading_rows() as connection:
            return plan_reader.read_workstreams(connection, ids)

    def by_key(self, key: str) -> list[Workstream]:
        with self.reading() as session:
            found = session.scalar(select(WorkstreamRow.id).where(WorkstreamRow.key == key))
            return plan_reader.read_workstreams(
                MigrationStore.dbapi_connection(session), [] if found is None else [found]
            )

    def key_taken(self, key: str) -> bool:
        return self.session.scalar(select(WorkstreamRow.id).where(WorkstreamRow.key == key)) is not None

    def exists(self, workstream_id: int) -> bool:
        return self.session.get(WorkstreamRow, workstream_id) is not None

    def require(self, workstream_id: int) -> str:
        """The workstream's key; NotFoundError when it is not in the file."""
        return str(get(self.session, WorkstreamRow, workstream_id, "workstream").key)

    def create(self, state: Mapping[str, Any], comment: str = "", *, with_id: int | None = None) -> int:
        """Add a workstream with ``state`` (checked), recorded as created (or restored, ``with_id``)."""
        values = {k: column_value(v) for k, v in state.items()}
        row = WorkstreamRow(**values) if with_id is None else WorkstreamRow(id=with_id, **values)
        self.session.add(row)
        self.session.flush()
        action = "created" if with_id is None else "restored"
        self.unit.record("workstream", row.id, row.key, action, new=state["title"], comment=comment)
        return int(row.id)

    def stored(self, workstream_id: int, expected_version: int | None = None) -> StoredWorkstream:
        """The workstream as an edit reads it, refused when it moved on from ``expected_version``."""
        row = get(self.session, WorkstreamRow, workstream_id, "workstream")
        check_version(self.unit, row, expected_version, "workstream", row.key)
        return _stored(row)

    def check_versions(self, expected: Mapping[int, int]) -> None:
        """Refuse (naming who changed it) when one row moved on from the version the caller showed."""
        rows = {row.id: row for row in rows_by_id(self.session, WorkstreamRow, expected)}
        check_versions(self.unit, rows, expected, "workstream")

    def hold(
        self, workstream_ids: Iterable[int], expected: Mapping[int, int] | None
    ) -> dict[int, StoredWorkstream]:
        """Many workstreams read at once for one edit (refused as for ``check_versions``); they, the
        teams, people and the migration stay loaded for the rest of the unit: the session
        forgets rows nobody refers to, and would read them again for every row."""
        session = self.session
        rows = {row.id: row for row in rows_by_id(session, WorkstreamRow, workstream_ids)}
        held = self.unit.cache.setdefault("held", [])
        held.extend([*rows.values(), *session.scalars(select(TeamRow)), *session.scalars(select(PersonRow))])
        held.append(session.get(MigrationRow, 1))
        check_versions(self.unit, rows, expected, "workstream")
        return {row_id: _stored(row) for row_id, row in rows.items()}

    def write(self, workstream_id: int, values: Mapping[str, Any]) -> None:
        """Set column ``values`` on one workstream (its version checked when the unit flushes)."""
        row = get(self.session, WorkstreamRow, workstream_id, "workstream")
        for field, value in values.items():
            setattr(row, field, value)

    def write_many(self, updates: Sequence[tuple[Any, Mapping[str, Any]]]) -> None:
        """Write each workstream's column values in batches, each only if still at its version."""
        self.unit.update_rows(WorkstreamRow, updates)

    def baseline_dates(self) -> dict[int, BaselineDates]:
        """Each workstream's baseline dates, by id (plain values: 20,000 ORM rows took seconds)."""
        w = WorkstreamRow
        query = select(w.id, w.key, w.version, w.baseline_start, w.baseline_due)
        return {row.id: BaselineDates(*row) for row in self.session.execute(query)}

    def delete(
        self, workstream_id: int, expected_version: int | None
    ) -> tuple[Workstream, list[Dependency], bool]:
        """Delete a workstream and its links, recording their content; returns the workstream,
        its links and whether it was the go-live."""
        session, unit = self.session, self.unit
        row = get(session, WorkstreamRow, workstream_id, "workstream")
        check_version(unit, row, expected_version, "workstream", row.key)
        connection = MigrationStore.dbapi_connection(session)
        workstream = plan_reader.read_workstreams(connection, [workstream_id])[0]
        links = plan_reader.read_dependencies(connection, of_workstream=workstream_id)
        migration = session.get(MigrationRow, 1)
        was_go_live = migration is not None and migration.go_live_milestone_id == workstream_id
        for link in links:
            label = link_label(link.predecessor_key, link.successor_key)
            text = link_text(link.predecessor_key, link.successor_key, link.type.value, link.lag)
            unit.record("dependency", link.id, label, "deleted", old=text)
        for field, value in row_state(row).items():
            if value not in (None, "", False, 0) or field in ("status", "title"):
                unit.record("workstream", row.id, row.key, "deleted", field_label(field), value, None)
        d = DependencyRow
        session.execute(
            delete(d).where((d.predecessor_id == workstream_id) | (d.successor_id == workstream_id))
        )
        forget_links(unit)
        session.delete(row)
        session.flush()
        return workstream, links, was_go_live

    # ------------------------------------------------------------ a plan import

    def all_for_import(self) -> list[tuple[int, str, str, str | None, Any, Any, bool]]:
        """(id, key, title, source ref, planned start, planned due, milestone) of every workstream,
        oldest first: the first of two with one ID is the one a plan's row matches, and a server
        returns unordered rows in no fixed order (an edited row moves to the end)."""
        w = WorkstreamRow
        query = select(w.id, w.key, w.title, w.source_ref, w.planned_start, w.planned_due, w.is_milestone)
        query = query.order_by(w.id)
        return [
            (i, key, title, ref, start, due, bool(ms))
            for i, key, title, ref, start, due, ms in self.session.execute(query)
        ]

    def keys(self) -> set[str]:
        return set(self.session.scalars(select(WorkstreamRow.key)))

    def insert_many(self, records: Sequence[Mapping[str, Any]]) -> dict[str, int]:
        """New workstreams (column values, WORKSTREAM_FIELDS) in one executemany, recorded as
        created; returns their ids by key."""
        session = self.session
        session.flush()
        session.execute(insert(WorkstreamRow), [{**r, "version": 1} for r in records])
        keys = [record["key"] for record in records]
        ids: dict[str, int] = {}
        for start in range(0, len(keys), IN_CHUNK):
            chunk = keys[start : start + IN_CHUNK]
            ids.update(
                (key, ws_id)
                for ws_id, key in session.execute(
                    select(WorkstreamRow.id, WorkstreamRow.key).where(WorkstreamRow.key.in_(chunk))
                )
            )
        for record in records:
            self.unit.record("workstream", ids[record["key"]], record["key"], "created", new=record["title"])
        return ids
