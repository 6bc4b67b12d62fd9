"""The RAID log as the command line shows it: a table with each item's score or date, and JSON."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Sequence
from datetime import date
from typing import Any

from migrator.domain.raid import RaidItem, RaidStatus, RaidType, RiskBands

_TITLE_WIDTH = 48


def days_text(day: date, as_of: date) -> str:
    """How far ``day`` is from ``as_of``: "today", "3 days left", "overdue by 2 days"."""
    days = (day - as_of).days
    if days == 0:
        return "today"
    if days > 0:
        return f"{days} day{'s' if days != 1 else ''} left"
    return f"overdue by {-days} day{'s' if days != -1 else ''}"


def measure_text(item: RaidItem, bands: RiskBands, as_of: date) -> str:
    """What a coordinator looks at first: a risk's score and band, a decision's needed-by date,
    an issue's target date, an assumption's validate-by date (with days left while open)."""
    if item.type is RaidType.RISK:
        score = item.score
        return "—" if score is None else f"{score} {bands.band(score).value}"
    day, what = {
        RaidType.DECISION: (item.needed_by, "needed by"),
        RaidType.ISSUE: (item.target_date, "target"),
        RaidType.ASSUMPTION: (item.validate_by, "validate by"),
    }[item.type]
    if day is None:
        return "—"
    if item.status is not RaidStatus.OPEN:
        return f"{what} {day.isoformat()}"
    return f"{what} {day.isoformat()} ({days_text(day, as_of)})"


def summary_line(
    name: str, items: Sequence[RaidItem], bands: RiskBands, as_of: date, kinds: Sequence[RaidType] = ()
) -> str:
    """How many items of each type (of ``kinds``, default all) are open, red or due."""
    counts = []
    for kind in [kind for kind in RaidType if not kinds or kind in kinds]:
        of_kind = [item for item in items if item.type is kind]
        text = f"{len(of_kind)} {kind.value}{'s' if len(of_kind) != 1 else ''}"
        open_ones = [item for item in of_kind if item.is_open]
        if kind is RaidType.RISK:
            red = sum(1 for i in open_ones if i.score is not None and i.score >= bands.red_score)
            text += f" ({len(open_ones)} open, {red} red)"
        elif kind is RaidType.DECISION:
            due = sum(1 for i in open_ones if i.needed_by is not None and i.needed_by <= as_of)
            text += f" ({len(open_ones)} open, {due} due)"
        else:
            text += f" ({len(open_ones)} open)"
        counts.append(text)
    return f"RAID log of {name} as of {as_of.isoformat()}: {', '.join(counts)}"


def table_rows(items: Sequence[RaidItem], bands: RiskBands, as_of: date) -> list[list[str]]:
    rows = []
    for item in items:
        title = item.title if len(item.title) <= _TITLE_WIDTH else item.title[: _TITLE_WIDTH - 1] + "…"
        links = ", ".join(f"{link.role.value} {link.label}" for link in item.links)
        rows.append(
            [
                item.key, item.type.value, item.status.value, title, item.owner_name or "—",
                measure_text(item, bands, as_of), links or "—",
            ]
        )  # fmt: skip
    return rows


HEADER = ["Key", "Type", "Status", "Title", "Owner", "Score / date", "Linked work"]


def raid_json(name: str, items: Sequence[RaidItem], bands: RiskBands, as_of: date) -> dict[str, Any]:
    """The log as JSON: every field of each item (dates as YYYY-MM-DD), its score and band."""
    return {
        "migration": name,
        "as_of": as_of.isoformat(),
        "risk_bands": {"amber_score": bands.amber_score, "red_score": bands.red_score},
        "items": [_item_json(item, bands) for item in items],
    }


def _item_json(item: RaidItem, bands: RiskBands) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for field in dataclasses.fields(item):
        if field.name == "links":
            continue
        found[field.name] = _plain(getattr(item, field.name))
    score = item.score
    found["score"] = score
    found["band"] = None if score is None else bands.band(score).value
    found["links"] = [
        {
            "id": link.id, "role": link.role.value, "workstream_id": link.workstream_id,
            "dependency_id": link.dependency_id, "label": link.label,
        }
        for link in item.links
    ]  # fmt: skip
    return found


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value
