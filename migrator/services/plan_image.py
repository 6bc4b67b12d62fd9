"""Undo's memory of a wide action: a plan image cut down to the rows the action changed.

The images themselves are read and written back by migrator.store.plan_images.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from migrator.store.plan_images import EVERYTHING, TABLES, PlanImage, Rows

__all__ = ["EVERYTHING", "PlanImage", "narrowed"]


def narrowed(before: PlanImage, after: PlanImage) -> tuple[PlanImage, PlanImage]:
    """The two images cut down to the rows that differ between them (an undo step's memory)."""
    scope: dict[str, frozenset[int]] = {}
    for table in TABLES:
        old, new = getattr(before, table), getattr(after, table)
        scope[table] = frozenset(i for i in old.keys() | new.keys() if old.get(i) != new.get(i))

    # The RAID log's ties: only those the action changed (a link its removals took along).
    for part in ("raid_links", "raid_owners"):
        old, new = getattr(before, part), getattr(after, part)
        scope[part] = frozenset(i for i in old.keys() | new.keys() if old.get(i) != new.get(i))

    def cut(image: PlanImage) -> PlanImage:
        def kept(table: str) -> dict[int, Mapping[str, Any]]:
            rows: Rows = getattr(image, table)
            return {i: rows[i] for i in scope[table] if i in rows}

        return replace(
            image, scope={table: scope[table] for table in TABLES}, teams=kept("teams"),
            people=kept("people"), workstreams=kept("workstreams"), dependencies=kept("dependencies"),
            raid_links=kept("raid_links"), raid_owners=kept("raid_owners"),
        )  # fmt: skip

    return cut(before), cut(after)
