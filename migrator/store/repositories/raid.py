"""The RAID log: its items, their links to workstreams and dependencies, and the keys each type hands out."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select

from migrator.domain.errors import ValidationError
from migrator.domain.raid import LinkRole, RaidItem, RaidLink, RaidType, raid_key_number
from migrator.domain.raid_rules import EDITABLE
from migrator.store import plan_reader
from migrator.store.repositories.common import IN_CHUNK, Repository, get, gone
from migrator.store.schema import DependencyRow, RaidItemRow, RaidKeyRow, RaidLinkRow, WorkstreamRow
from migrator.store.stale_rows import check_version
from migrator.store.stores import MigrationStore

ENTITY = "raid"  # how history names the log's items (and their links, under the item)


def column_value(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def link_text(link: RaidLink) -> str:
    """A link as history shows it: "threatens BNK-3"."""
    return f"{link.role.value} {link.label}"


class RaidRepository(Repository):
    # ------------------------------------------------------------ reading

    def items(self, ids: Iterable[int] | None = None) -> list[RaidItem]:
        """Every item (or the named ones that exist) with its links, in log order."""
        with self.reading_rows() as connection:
            return plan_reader.read_raid(connection, None if ids is None else list(ids))

    def id_by_key(self, key: str) -> int | None:
        with self.reading() as session:
            found = session.scalar(select(RaidItemRow.id).where(RaidItemRow.key == key))
            return None if found is None else int(found)

    def links_of(
        self, workstream_ids: Iterable[int] = (), dependency_ids: Iterable[int] = ()
    ) -> list[RaidLink]:
        """The links to these workstreams or dependencies, oldest first (in the open unit, if any)."""
        conditions: list[Any] = []
        for column, wanted in (
            (RaidLinkRow.workstream_id, sorted(set(workstream_ids))),
            (RaidLinkRow.dependency_id, sorted(set(dependency_ids))),
        ):
            conditions.extend(column.in_(wanted[i : i + IN_CHUNK]) for i in range(0, len(wanted), IN_CHUNK))
        if not conditions:
            return []
        with self.reading() as session:
            link_ids: set[int] = set()
            for condition in conditions:
                link_ids.update(session.scalars(select(RaidLinkRow.item_id).where(condition)))
            found = plan_reader.read_raid(MigrationStore.dbapi_connection(session), link_ids)
        ws, deps = set(workstream_ids), set(dependency_ids)
        links = [
            link
            for item in found
            for link in item.links
            if link.workstream_id in ws or link.dependency_id in deps
        ]
        return sorted(links, key=lambda link: link.id)

    # ------------------------------------------------------------ items (in the open unit of work)

    def next_key(self, kind: RaidType) -> str:
        """The type's next key (R-1, R-2...): numbers are never handed out twice."""
        counter = self.session.get(RaidKeyRow, kind.value)
        if counter is None:
            counter = RaidKeyRow(type=kind.value, next_number=1)
            self.session.add(counter)
        number = counter.next_number
        while self.key_taken(f"{kind.prefix}-{number}"):  # written by another program
            number += 1
        counter.next_number = number + 1
        return f"{kind.prefix}-{number}"

    def move_counter_past(self, kind: RaidType, key: str) -> None:
        """An item coming back (undo, import) with its key: the type's counter moves past it."""
        if not key.startswith(f"{kind.prefix}-") or not key[2:].isdecimal():
            return
        counter = self.session.get(RaidKeyRow, kind.value)
        if counter is None:
            counter = RaidKeyRow(type=kind.value, next_number=1)
            self.session.add(counter)
        counter.next_number = max(counter.next_number or 1, raid_key_number(key) + 1)

    def key_taken(self, key: str) -> bool:
        return self.session.scalar(select(RaidItemRow.id).where(RaidItemRow.key == key)) is not None

    def exists(self, item_id: int) -> bool:
        return self.session.get(RaidItemRow, item_id) is not None

    def create(
        self, key: str, kind: RaidType, values: Mapping[str, Any], *, with_id: int | None = None
    ) -> int:
        """Add an item (values checked by the caller), recorded as created (or restored, ``with_id``)."""
        columns = {field: column_value(value) for field, value in values.items()}
        row = RaidItemRow(key=key, type=kind.value, **columns)
        if with_id is not None:
            row.id = with_id
        self.session.add(row)
        self.session.flush()
        action = "created" if with_id is None else "restored"
        self.unit.record(ENTITY, row.id, key, action, new=values["title"])
        return int(row.id)

    def stored(
        self, item_id: int, expected_version: int | None = None
    ) -> tuple[str, RaidType, dict[str, Any]]:
        """An item's key, type and editable fields as an edit reads them, refused when it moved on
        from ``expected_version``."""
        row = get(self.session, RaidItemRow, item_id, "RAID item")
        check_version(self.unit, row, expected_version, ENTITY, row.key)
        return row.key, RaidType(row.type), {field: getattr(row, field) for field in EDITABLE}

    def write(self, item_id: int, values: Mapping[str, Any]) -> None:
        """Set column values on one item (its version checked when the unit flushes)."""
        row = get(self.session, RaidItemRow, item_id, "RAID item")
        for field, value in values.items():
            setattr(row, field, column_value(value))

    def delete(self, item_id: int, expected_version: int | None) -> RaidItem:
        """Delete an item and its links, its content recorded in history; returns it as it was."""
        row = get(self.session, RaidItemRow, item_id, "RAID item")
        check_version(self.unit, row, expected_version, ENTITY, row.key)
        item = self.items([item_id])[0]
        for link in item.links:
            self.unit.record(ENTITY, item.id, item.key, "unlinked", "link", link_text(link), None)
        self.unit.record(ENTITY, item.id, item.key, "deleted", old=item.title)
        self.session.execute(delete(RaidLinkRow).where(RaidLinkRow.item_id == item_id))
        self.session.delete(row)
        self.session.flush()
        return item

    # ------------------------------------------------------------ links

    def add_link(
        self, item_id: int, key: str, role: str, workstream_id: int | None, dependency_id: int | None
    ) -> RaidLink:
        """Tie an item to a workstream or a dependency (both checked to exist), recorded under the item."""
        session = self.session
        column = RaidLinkRow.workstream_id if workstream_id is not None else RaidLinkRow.dependency_id
        end = workstream_id if workstream_id is not None else dependency_id
        taken = session.scalar(select(RaidLinkRow.id).where(RaidLinkRow.item_id == item_id, column == end))
        label = self.end_label(workstream_id, dependency_id)
        if taken is not None:
            raise ValidationError(f"{key} is already linked to {label}.")
        # A Core insert: a sheet of 2,000 items with 6,000 links takes one per link.
        values = {
            "item_id": item_id,
            "role": role,
            "workstream_id": workstream_id,
            "dependency_id": dependency_id,
        }
        link_id = session.execute(
            insert(RaidLinkRow).values(version=1, **values).returning(RaidLinkRow.id)
        ).scalar_one()
        link = RaidLink(link_id, item_id, LinkRole(role), workstream_id, dependency_id, label, 1)
        self.unit.record(ENTITY, item_id, key, "linked", "link", None, link_text(link))
        return link

    def end_label(self, workstream_id: int | None, dependency_id: int | None) -> str:
        """The workstream's key or the dependency as "BNK-1 → OPS-3"; NotFoundError when gone."""
        shared = self.session.get_bind().dialect.name == "postgresql"
        if workstream_id is not None:
            key = self.session.scalar(select(WorkstreamRow.key).where(WorkstreamRow.id == workstream_id))
            if key is None:
                raise gone("workstream", workstream_id, shared=shared)
            return str(key)
        d, w = DependencyRow, WorkstreamRow
        ends = self.session.execute(
            select(d.predecessor_id, d.successor_id).where(d.id == dependency_id)
        ).first()
        if ends is None:
            raise gone("dependency", dependency_id, shared=shared)
        keys = dict(self.session.execute(select(w.id, w.key).where(w.id.in_(tuple(ends)))).all())
        return f"{keys[ends[0]]} → {keys[ends[1]]}"

    def key_of(self, item_id: int) -> str:
        """The item's key; NotFoundError when it is not in the plan."""
        key = self.session.scalar(select(RaidItemRow.key).where(RaidItemRow.id == item_id))
        if key is None:
            raise gone("RAID item", item_id, shared=self.session.get_bind().dialect.name == "postgresql")
        return str(key)

    def link(self, link_id: int, expected_version: int | None = None) -> tuple[RaidLink, str]:
        """A link and its item's key, refused when it moved on from ``expected_version``."""
        row = get(self.session, RaidLinkRow, link_id, "RAID link")
        item = get(self.session, RaidItemRow, row.item_id, "RAID item")
        check_version(self.unit, row, expected_version, ENTITY, item.key)
        label = self.end_label(row.workstream_id, row.dependency_id)
        link = RaidLink(
            row.id, row.item_id, LinkRole(row.role), row.workstream_id, row.dependency_id, label, row.version
        )
        return link, str(item.key)

    def remove_links(self, links: Sequence[RaidLink], key_of: Mapping[int, str], comment: str = "") -> None:
        """Links gone (an unlink, or with the workstream or dependency they tie to), recorded."""
        for link in links:
            self.unit.record(
                ENTITY, link.item_id, key_of[link.item_id], "unlinked", "link", link_text(link), None, comment
            )
        ids = sorted(link.id for link in links)
        for start in range(0, len(ids), IN_CHUNK):
            self.session.execute(
                delete(RaidLinkRow).where(RaidLinkRow.id.in_(ids[start : start + IN_CHUNK])),
                execution_options={"synchronize_session": False},
            )
        self.session.expire_all()

    def put_back_link(self, link: RaidLink, key: str, comment: str = "") -> None:
        """A removed link back with its id (its ends checked by the caller), recorded as linked."""
        self.session.add(
            RaidLinkRow(
                id=link.id, item_id=link.item_id, role=link.role.value, workstream_id=link.workstream_id,
                dependency_id=link.dependency_id,
            )
        )  # fmt: skip
        self.session.flush()
        self.unit.record(ENTITY, link.item_id, key, "linked", "link", None, link_text(link), comment)

    def link_exists(self, link_id: int) -> bool:
        return self.session.get(RaidLinkRow, link_id) is not None

    def keys_of(self, item_ids: Iterable[int]) -> dict[int, str]:
        wanted = sorted(set(item_ids))
        found: dict[int, str] = {}
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start : start + IN_CHUNK]
            query = select(RaidItemRow.id, RaidItemRow.key).where(RaidItemRow.id.in_(chunk))
            found.update({item_id: key for item_id, key in self.session.execute(query)})
        return found
