"""Links between workstreams, and the successor graph that refuses loops (named by keys)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select

from migrator.domain.errors import DependencyLoopError
from migrator.domain.graph import loop_closed_by
from migrator.domain.model import Dependency
from migrator.domain.workstream_state import link_label, link_text
from migrator.store import plan_reader
from migrator.store.repositories.common import IN_CHUNK, Repository, get
from migrator.store.repositories.teams import write_fields
from migrator.store.schema import DependencyRow, WorkstreamRow
from migrator.store.stale_rows import check_version
from migrator.store.stores import MigrationStore
from migrator.store.unit_of_work import UnitOfWork

_GRAPH = "successors"  # the unit of work's cache of the file's links, successors by id


def forget_links(unit: UnitOfWork) -> None:
    """Links were removed in bulk: the unit's graph is read again when next needed."""
    unit.cache.pop(_GRAPH, None)


def label_of(link: Dependency) -> str:
    return link_label(link.predecessor_key, link.successor_key)


def text_of(link: Dependency) -> str:
    return link_text(link.predecessor_key, link.successor_key, link.type.value, link.lag)


class DependencyRepository(Repository):
    def dependencies(self, ids: Iterable[int] | None = None) -> list[Dependency]:
        with self.reading_rows() as connection:
            if ids is None:
                return plan_reader.read_dependencies(connection)
            return plan_reader.read_dependencies(connection, ids=list(ids))

    def linked(self, predecessor_id: int, successor_id: int) -> bool:
        d = DependencyRow
        query = select(d.id).where(d.predecessor_id == predecessor_id, d.successor_id == successor_id)
        return self.session.scalar(query) is not None

    def ids_of_workstream(self, workstream_id: int) -> list[int]:
        """The ids of the links into or out of one workstream (in the open unit of work)."""
        d = DependencyRow
        query = select(d.id).where((d.predecessor_id == workstream_id) | (d.successor_id == workstream_id))
        return list(self.session.scalars(query))

    def exists(self, dependency_id: int) -> bool:
        return self.session.get(DependencyRow, dependency_id) is not None

    def refuse_loop(self, predecessor_id: int, successor_id: int) -> None:
        """Raise DependencyLoopError, naming the loop by keys, if the link would close one."""
        loop = loop_closed_by(self._graph(), predecessor_id, successor_id)
        if loop:
            w = WorkstreamRow
            keys = dict(self.session.execute(select(w.id, w.key).where(w.id.in_(loop))).all())
            raise DependencyLoopError([keys[i] for i in loop])

    def _graph(self) -> dict[int, set[int]]:
        """The file's links in this unit of work, read once and kept as links are added."""
        graph = self.unit.cache.get(_GRAPH)
        if graph is None:
            graph = defaultdict(set)
            for pred, succ in self.session.execute(
                select(DependencyRow.predecessor_id, DependencyRow.successor_id)
            ):
                graph[pred].add(succ)
            self.unit.cache[_GRAPH] = graph
        return graph

    def add(self, predecessor_id: int, successor_id: int, type: str, lag: int, note: str, label: str) -> int:
        row = DependencyRow(
            predecessor_id=predecessor_id, successor_id=successor_id, type=type, lag=lag, note=note
        )
        self.session.add(row)
        self.session.flush()
        self._graph()[predecessor_id].add(successor_id)
        self.unit.record("dependency", row.id, label, "created", new=f"{type}{lag:+d}" if lag else type)
        return int(row.id)

    def put_back(self, link: Dependency) -> None:
        """A removed link back with its id, recorded as restored (checked by the caller)."""
        self.session.add(
            DependencyRow(
                id=link.id, predecessor_id=link.predecessor_id, successor_id=link.successor_id,
                type=link.type.value, lag=link.lag, note=link.note,
            )
        )  # fmt: skip
        self._graph()[link.predecessor_id].add(link.successor_id)
        self.unit.record("dependency", link.id, label_of(link), "restored", new=text_of(link))

    def for_change(self, dependency_id: int, expected_version: int | None) -> Dependency:
        """The link as it is, refused when it moved on from ``expected_version``."""
        row = get(self.session, DependencyRow, dependency_id, "dependency")
        link = plan_reader.read_dependencies(self._connection(), ids=[dependency_id])[0]
        check_version(self.unit, row, expected_version, "dependency", f"The link {label_of(link)}")
        return link

    def write(self, dependency_id: int, values: Mapping[str, Any], label: str) -> None:
        write_fields(
            self.unit,
            get(self.session, DependencyRow, dependency_id, "dependency"),
            values,
            "dependency",
            label,
        )

    def remove(self, link: Dependency) -> None:
        self.unit.record("dependency", link.id, label_of(link), "deleted", old=text_of(link))
        self.session.delete(get(self.session, DependencyRow, link.id, "dependency"))
        forget_links(self.unit)

    def _connection(self) -> Any:
        return MigrationStore.dbapi_connection(self.session)

    # ------------------------------------------------------------ a plan import

    def all_for_import(self) -> list[tuple[int, int, int, str, int]]:
        """(id, predecessor id, successor id, type, lag) of every link, oldest first (the order
        the import reports them in)."""
        d = DependencyRow
        query = select(d.id, d.predecessor_id, d.successor_id, d.type, d.lag).order_by(d.id)
        return [(i, pred, succ, kind, lag) for i, pred, succ, kind, lag in self.session.execute(query)]

    def set_type_and_lag(self, dependency_id: int, type: str, lag: int) -> None:
        row = get(self.session, DependencyRow, dependency_id, "dependency")
        row.type, row.lag = type, lag

    def delete_many(self, dependency_ids: Sequence[int]) -> None:
        """Links gone in bulk (their history recorded by the caller)."""
        self.session.flush()
        for start in range(0, len(dependency_ids), IN_CHUNK):
            chunk = dependency_ids[start : start + IN_CHUNK]
            self.session.execute(
                delete(DependencyRow).where(DependencyRow.id.in_(chunk)),
                execution_options={"synchronize_session": False},
            )
        forget_links(self.unit)

    def insert_many(self, links: Sequence[Mapping[str, Any]]) -> dict[tuple[int, int], int]:
        """New links (predecessor_id, successor_id, type, lag, note) in one executemany;
        returns their ids by (predecessor id, successor id)."""
        session = self.session
        session.execute(insert(DependencyRow), [{**link, "version": 1} for link in links])
        forget_links(self.unit)
        successor_ids = sorted({link["successor_id"] for link in links})
        ids: dict[tuple[int, int], int] = {}
        d = DependencyRow
        for start in range(0, len(successor_ids), IN_CHUNK):
            chunk = successor_ids[start : start + IN_CHUNK]
            query = select(d.id, d.predecessor_id, d.successor_id).where(d.successor_id.in_(chunk))
            for link_id, pred_id, succ_id in session.execute(query):
                ids[(pred_id, succ_id)] = link_id
        return ids
