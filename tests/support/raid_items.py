"""RAID items as the store reads them, for tests of the analysis and the reports."""

from __future__ import annotations

from datetime import date
from typing import Any

from migrator.domain.raid import LinkRole, RaidItem, RaidLink, RaidStatus, RaidType

_TYPES = {kind.prefix: kind for kind in RaidType}


def raid_item(
    id: int,
    key: str,
    title: str,
    *,
    owner: str | None = "Ana Ruiz",
    team: str | None = None,
    status: RaidStatus = RaidStatus.OPEN,
    created: date = date(2027, 2, 1),
    links: tuple[RaidLink, ...] = (),
    **fields: Any,
) -> RaidItem:
    """An item of the type its key names (R-, A-, I-, D-), with ``fields`` of that type."""
    return RaidItem(
        id=id,
        key=key,
        type=_TYPES[key[0]],
        title=title,
        description="",
        owner_id=None if owner is None else 100 + id,
        owner_name=owner,
        team_id=None,
        team_code=team,
        status=status,
        created=created,
        updated=fields.pop("updated", created),
        links=links,
        **fields,
    )


def to_workstream(
    item_id: int, workstream_id: int, key: str, role: LinkRole = LinkRole.THREATENS
) -> RaidLink:
    return RaidLink(item_id * 100 + workstream_id, item_id, role, workstream_id, None, key, 1)


def to_dependency(
    item_id: int, dependency_id: int, label: str, role: LinkRole = LinkRole.THREATENS
) -> RaidLink:
    return RaidLink(item_id * 100 + 50 + dependency_id, item_id, role, None, dependency_id, label, 1)
