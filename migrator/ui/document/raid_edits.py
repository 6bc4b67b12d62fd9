"""The RAID log's part of the document: its items in the plan, and the writes its undo steps make.

The items come with the plan (``Plan.raid``, read in the same transaction) and are patched with
what each write returns, as the workstreams are. ``raid_changed`` names the items that changed;
an empty list means the whole log was read again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from migrator.domain.raid import (
    LinkRole,
    RaidItem,
    RaidLink,
    RaidType,
    RiskBands,
    raid_key_number,
    raid_order,
)
from migrator.ui.document import raid_commands

if TYPE_CHECKING:
    from migrator.services import MigrationService
    from migrator.ui.document.commands import PlanCommand
    from migrator.ui.document.plan_in_memory import Plan


class RaidEdits:
    """The RAID methods of ``PlanDocument`` (see the module's docstring)."""

    plan: Plan
    if TYPE_CHECKING:

        @property
        def service(self) -> MigrationService: ...
        def run(self, command: PlanCommand) -> bool: ...
        def reanalyse(self) -> None: ...

    raid_changed: Any  # Signal(list): ids of items added, changed or removed; []: all of them
    _raid_workstreams: frozenset[int]  # the workstreams the items' links were last read against

    # ------------------------------------------------------------ reading

    def raid_items(self) -> dict[int, RaidItem]:
        """Every item of the log by id, in key order."""
        return self.plan.raid

    def raid_item(self, item_id: int) -> RaidItem | None:
        return self.plan.raid.get(item_id)

    def risk_bands(self) -> RiskBands:
        """When a risk's score is amber or red: the migration's setting."""
        return self.plan.migration.risk_bands

    def raid_of_workstream(self, workstream_id: int) -> list[tuple[RaidItem, RaidLink]]:
        """The items linked to a workstream, each with its link, in key order."""
        return [
            (item, link)
            for item in self.plan.raid.values()
            for link in item.links
            if link.workstream_id == workstream_id
        ]

    def _read_raid_again(self, ids: Iterable[int] | None = None) -> None:
        """Read the items again (``ids``: only those; None: the whole log) and say so."""
        if ids is None:
            self.plan.raid = by_key(self.service.raid.items())
            self._raid_workstreams = frozenset(self.plan.workstreams)
            self.raid_changed.emit([])
            return
        wanted = set(ids)
        fresh = self.service.raid.items(ids=sorted(wanted))
        self._patch_raid(fresh, gone=wanted - {item.id for item in fresh})

    def _raid_plan_read(self) -> None:
        """The plan was read again, its log with it."""
        self._raid_workstreams = frozenset(self.plan.workstreams)
        self.raid_changed.emit([])

    def _workstreams_moved(self, ids: list[int]) -> None:
        """Workstreams were added, changed or removed: their links' labels may have changed, and
        a removal (or its undo) takes (or brings back) links with it."""
        now = frozenset(self.plan.workstreams)
        if now != self._raid_workstreams:  # a delete took links along, or its undo brought them back
            self._read_raid_again()
            return
        touched = set(ids)
        linked = [
            item.id
            for item in self.plan.raid.values()
            if any(link.workstream_id in touched for link in item.links)
        ]
        if linked:
            self._read_raid_again(linked)

    def _patch_raid(self, fresh: Iterable[RaidItem], gone: Iterable[int] = ()) -> None:
        items = self.plan.raid
        ids: list[int] = []
        for item_id in gone:
            items.pop(item_id, None)
            ids.append(item_id)
        added = False
        for item in fresh:
            added |= item.id not in items
            items[item.id] = item
            ids.append(item.id)
        if added:
            self.plan.raid = by_key(items.values())
        self.reanalyse()
        self.raid_changed.emit(ids)

    # ------------------------------------------------------------ edits (each one undo step)

    def create_raid_item(self, type: RaidType, title: str, **fields: Any) -> int | None:
        command = raid_commands.CreateRaidItem(self, type, title, fields)
        return command.item_id if self.run(command) else None

    def edit_raid_item(self, item_id: int, changes: Mapping[str, Any]) -> bool:
        item = self.raid_item(item_id)
        if item is None:
            return False
        changes = {k: v for k, v in changes.items() if getattr(item, k) != v}
        if not changes:
            return True  # nothing changes: no undo step
        return self.run(raid_commands.EditRaidItem(self, item, changes))

    def delete_raid_items(self, ids: Iterable[int]) -> bool:
        items = [item for i in ids if (item := self.raid_item(i)) is not None]
        return bool(items) and self.run(raid_commands.DeleteRaidItems(self, items))

    def link_raid_item(
        self, item_id: int, role: LinkRole, workstream_id: int | None = None, dependency_id: int | None = None
    ) -> bool:
        item = self.raid_item(item_id)
        return item is not None and self.run(
            raid_commands.LinkRaidItem(self, item, role, workstream_id, dependency_id)
        )

    def unlink_raid_item(self, link: RaidLink) -> bool:
        item = self.raid_item(link.item_id)
        return item is not None and self.run(raid_commands.UnlinkRaidItem(self, item, link))

    def assumption_to_issue(self, item_id: int) -> int | None:
        """An assumption found invalid becomes an issue, keeping its links: one undo step."""
        item = self.raid_item(item_id)
        if item is None or item.type is not RaidType.ASSUMPTION:
            return None
        command = raid_commands.AssumptionToIssue(self, item)
        return command.issue_id if self.run(command) else None

    # ------------------------------------------------------------ writes an undo step makes

    def write_raid_item(
        self, item_id: int, changes: Mapping[str, Any], expected_version: int | None
    ) -> RaidItem:
        self.service.raid.update(item_id, dict(changes), expected_version=expected_version)
        return self._read_back([item_id])[0]

    def write_new_raid_item(self, type: RaidType, title: str, fields: Mapping[str, Any]) -> RaidItem:
        item_id = self.service.raid.create(type, title, **fields)
        return self._read_back([item_id])[0]

    def write_raid_deletion(self, ids: Sequence[int]) -> list[RaidItem]:
        deleted = self.service.raid.delete_many(list(ids))
        self._patch_raid([], gone=ids)
        return deleted

    def write_raid_restoration(self, deleted: Sequence[RaidItem]) -> list[RaidItem]:
        self.service.raid.restore_many(deleted)
        return self._read_back([item.id for item in deleted])

    def write_raid_link(
        self, item_id: int, role: LinkRole, workstream_id: int | None, dependency_id: int | None
    ) -> RaidLink:
        link_id = self.service.raid.link(
            item_id, role, workstream_id=workstream_id, dependency_id=dependency_id
        )
        item = self._read_back([item_id])[0]
        return next(link for link in item.links if link.id == link_id)

    def write_raid_unlink(self, link: RaidLink) -> None:
        self.service.raid.unlink(link.id)
        self._read_back([link.item_id])

    def write_raid_relink(self, link: RaidLink) -> None:
        self.service.raid.relink(link)
        self._read_back([link.item_id])

    def write_assumption_to_issue(self, item_id: int, expected_version: int | None) -> RaidItem:
        issue_id = self.service.raid.assumption_to_issue(item_id, expected_version)
        fresh = self._read_back(sorted({item_id, issue_id}))
        return next(item for item in fresh if item.id == issue_id)

    def _read_back(self, ids: Sequence[int]) -> list[RaidItem]:
        fresh = self.service.raid.items(ids=list(ids))
        self._patch_raid(fresh, gone=set(ids) - {item.id for item in fresh})
        return fresh


def by_key(items: Iterable[RaidItem]) -> dict[int, RaidItem]:
    """Items in the log's order, as the plan is read: risks first, R-2 before R-10."""
    return {item.id: item for item in sorted(items, key=raid_order)}


def raid_key_order(item: RaidItem) -> tuple[str, int]:
    """The Key column's sort: the type's letter, then the number (A-1 … D-1 … R-2, R-10)."""
    return item.key.partition("-")[0], raid_key_number(item.key)
