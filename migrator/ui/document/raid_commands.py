"""Undo commands of the RAID log: each stores ids and old and new values and writes through the document.

As the workstreams' commands (commands.py): the first ``first_do`` runs before the command is
pushed, so a refused edit never reaches the stack; each later step states the version the
previous one left, so a change someone else made since is refused, not overwritten.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from migrator.domain.errors import ConcurrentEditError
from migrator.domain.raid import LinkRole, RaidItem, RaidLink, RaidStatus, RaidType
from migrator.ui.document.commands import PlanCommand


class RaidWrites(Protocol):
    """What RAID commands ask of the document (``PlanDocument`` passes itself)."""

    def write_raid_item(
        self, item_id: int, changes: Mapping[str, Any], expected_version: int | None
    ) -> RaidItem: ...
    def write_new_raid_item(self, type: RaidType, title: str, fields: Mapping[str, Any]) -> RaidItem: ...
    def write_raid_deletion(self, ids: Sequence[int]) -> list[RaidItem]: ...
    def write_raid_restoration(self, deleted: Sequence[RaidItem]) -> list[RaidItem]: ...
    def write_raid_link(
        self, item_id: int, role: LinkRole, workstream_id: int | None, dependency_id: int | None
    ) -> RaidLink: ...
    def write_raid_unlink(self, link: RaidLink) -> None: ...
    def write_raid_relink(self, link: RaidLink) -> None: ...
    def write_assumption_to_issue(self, item_id: int, expected_version: int | None) -> RaidItem: ...
    def raid_item(self, item_id: int) -> RaidItem | None: ...
    def stale_edit_refusal(self, entity: str, entity_id: int, label: str) -> ConcurrentEditError: ...


class RaidCommand(PlanCommand):
    def __init__(self, document: Any, text: str) -> None:
        super().__init__(document, text)
        self.raid: RaidWrites = document


class EditRaidItem(RaidCommand):
    """Field changes to one item; undo puts back the values it replaced. A step is refused when
    someone else has changed one of its fields since (their change is kept)."""

    def __init__(self, document: Any, item: RaidItem, changes: Mapping[str, Any]) -> None:
        names = ", ".join(_field_label(name) for name in changes)
        super().__init__(document, f"Change {names} of {item.key}")
        self.item_id, self.key = item.id, item.key
        self.new = dict(changes)
        self.old = {name: getattr(item, name) for name in changes}
        self.shown_version = item.version  # the first step states the version the user saw

    def first_do(self) -> None:
        self.raid.write_raid_item(self.item_id, self.new, self.shown_version)

    def _put(self, values: Mapping[str, Any], source: Mapping[str, Any]) -> None:
        now = self.raid.raid_item(self.item_id)
        if now is not None and any(getattr(now, name) != source[name] for name in values):
            raise self.raid.stale_edit_refusal("raid", self.item_id, self.key)
        self.raid.write_raid_item(self.item_id, values, now.version if now is not None else None)

    def apply(self) -> None:
        self._put(self.new, self.old)

    def revert(self) -> None:
        self._put(self.old, self.new)


class CreateRaidItem(RaidCommand):
    """A new item; undo deletes it, redo brings back the same item (id and key)."""

    def __init__(self, document: Any, type: RaidType, title: str, fields: Mapping[str, Any]) -> None:
        super().__init__(document, f"Add {type.value} {title}")
        self.type, self.title, self.fields = type, title, dict(fields)
        self.item_id: int | None = None
        self.deleted: list[RaidItem] = []

    def first_do(self) -> None:
        created = self.raid.write_new_raid_item(self.type, self.title, self.fields)
        self.item_id = created.id
        self.setText(f"Add {created.key}")

    def apply(self) -> None:
        self.raid.write_raid_restoration(self.deleted)

    def revert(self) -> None:
        assert self.item_id is not None
        self.deleted = self.raid.write_raid_deletion([self.item_id])


class DeleteRaidItems(RaidCommand):
    """Undo restores the items with their ids, keys, links and history."""

    def __init__(self, document: Any, items: Sequence[RaidItem]) -> None:
        keys = [item.key for item in items]
        super().__init__(
            document, f"Delete {keys[0]}" if len(keys) == 1 else f"Delete {len(keys)} RAID items"
        )
        self.ids = [item.id for item in items]
        self.deleted: list[RaidItem] = []

    def apply(self) -> None:
        self.deleted = self.raid.write_raid_deletion(self.ids)

    def revert(self) -> None:
        self.raid.write_raid_restoration(self.deleted)


class LinkRaidItem(RaidCommand):
    def __init__(
        self,
        document: Any,
        item: RaidItem,
        role: LinkRole,
        workstream_id: int | None,
        dependency_id: int | None,
    ) -> None:
        workstreams = document.plan.workstreams
        target = workstreams[workstream_id].key if workstream_id in workstreams else "a link"
        super().__init__(document, f"Link {item.key} to {target}")
        self.arguments = (item.id, role, workstream_id, dependency_id)
        self.link: RaidLink | None = None

    def first_do(self) -> None:
        self.link = self.raid.write_raid_link(*self.arguments)

    def apply(self) -> None:
        assert self.link is not None
        self.raid.write_raid_relink(self.link)

    def revert(self) -> None:
        assert self.link is not None
        self.raid.write_raid_unlink(self.link)


class UnlinkRaidItem(RaidCommand):
    def __init__(self, document: Any, item: RaidItem, link: RaidLink) -> None:
        super().__init__(document, f"Unlink {item.key} from {link.label}")
        self.link = link

    def apply(self) -> None:
        self.raid.write_raid_unlink(self.link)

    def revert(self) -> None:
        self.raid.write_raid_relink(self.link)


class AssumptionToIssue(RaidCommand):
    """An assumption found invalid: the service closes it and raises an issue from it in one
    step, keeping its links. Undo deletes the issue and reopens the assumption; redo brings the
    same issue back (id and key) and closes the assumption again."""

    def __init__(self, document: Any, item: RaidItem) -> None:
        super().__init__(document, f"{item.key} found invalid: raise an issue")
        self.assumption_id, self.assumption_key = item.id, item.key
        self.version: int | None = item.version  # of the assumption, as shown; then as left
        self.issue_id: int | None = None
        self.deleted: list[RaidItem] = []

    def first_do(self) -> None:
        issue = self.raid.write_assumption_to_issue(self.assumption_id, self.version)
        self.issue_id = issue.id
        self.version = None  # the service moved it on: read back by the next step
        self.setText(f"{self.assumption_key} found invalid → {issue.key}")

    def apply(self) -> None:
        self.raid.write_raid_restoration(self.deleted)
        self.raid.write_raid_item(self.assumption_id, {"status": RaidStatus.CLOSED}, None)

    def revert(self) -> None:
        assert self.issue_id is not None
        self.deleted = self.raid.write_raid_deletion([self.issue_id])
        self.raid.write_raid_item(self.assumption_id, {"status": RaidStatus.OPEN}, None)


def _field_label(name: str) -> str:
    return name.removesuffix("_id").replace("_", " ")
