"""The RAID log as a reader meets it first: the decisions needed, the top risks, the heat map.

Plain functions over the items, so the report and the dashboard pick the same ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from migrator.domain.raid import SCALE, LinkRole, RaidItem, RaidType
from migrator.domain.workstream_state import key_order

# The roles by which a decision holds work back: what it "gates".
_GATING = (LinkRole.DECIDED_FOR, LinkRole.BLOCKS)


def decisions_needed(items: Iterable[RaidItem]) -> list[RaidItem]:
    """Open decisions, the soonest needed first (those without a needed-by date last)."""
    found = [item for item in items if item.type is RaidType.DECISION and item.is_open]
    return sorted(found, key=lambda d: (d.needed_by or date.max, key_order(d.key)))


def top_risks(items: Iterable[RaidItem]) -> list[RaidItem]:
    """Open scored risks, the highest score first, then the nearest (by proximity)."""
    found = [item for item in items if item.type is RaidType.RISK and item.is_open and item.score is not None]
    return sorted(found, key=lambda r: (-(r.score or 0), r.proximity or date.max, key_order(r.key)))


def gated_work(decision: RaidItem) -> tuple[str, ...]:
    """What a decision gates: the work linked as decided for or blocked by it, else all it is linked to."""
    gating = [link.label for link in decision.links if link.role in _GATING]
    return tuple(gating or (link.label for link in decision.links))


def heat_map(items: Iterable[RaidItem]) -> dict[tuple[int, int], int]:
    """Open scored risks counted per (probability, impact), every one of the 25 cells present."""
    counts = {(p, i): 0 for p in SCALE for i in SCALE}
    for item in items:
        if item.type is RaidType.RISK and item.is_open and item.probability and item.impact:
            counts[item.probability, item.impact] += 1
    return counts
