"""The dashboard's RAID lists: the open red risks, worst first, and the decisions due, soonest first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from migrator.domain.model import Health
from migrator.domain.raid import RaidItem, RaidType, RiskBands, raid_key_number
from migrator.domain.wording import date_text, plural
from migrator.ui.models.raid_table_model import decision_due, linked_text
from migrator.ui.views.dashboard.lists import Row

RISK_LIMIT = 10
DECISION_LIMIT = 10


def red_risks(items: Iterable[RaidItem], bands: RiskBands) -> list[RaidItem]:
    """Open risks in the red band, by score then how soon they may happen."""
    red = [
        item
        for item in items
        if item.type is RaidType.RISK
        and item.is_open
        and item.score is not None
        and bands.band(item.score) is Health.RED
    ]
    return sorted(red, key=lambda i: (-(i.score or 0), i.proximity or date.max, raid_key_number(i.key)))


def decisions_due(items: Iterable[RaidItem], as_of: date) -> list[RaidItem]:
    """Open decisions needed within two weeks or overdue, the soonest first."""
    due = [item for item in items if decision_due(item, as_of)]
    return sorted(due, key=lambda i: (i.needed_by or date.max, raid_key_number(i.key)))


def risk_rows(items: Iterable[RaidItem]) -> list[Row]:
    return [
        (
            (
                f"{item.key}  {item.title}",
                str(item.score),
                item.owner_name or "—",
                item.response.value.capitalize() if item.response else "—",
                linked_text(item) or "—",
            ),
            list(item.linked_workstreams()),
            f"{item.key}: probability {item.probability} × impact {item.impact}"
            + (f", expected by {date_text(item.proximity)}" if item.proximity else "")
            + ("; click to select the work it threatens" if item.links else ""),
        )
        for item in items
    ]


def decision_rows(items: Iterable[RaidItem], as_of: date) -> list[Row]:
    rows: list[Row] = []
    for item in items:
        assert item.needed_by is not None  # decision_due keeps only dated decisions
        days = (item.needed_by - as_of).days
        left = (
            f"overdue by {plural(-days, 'day')}"
            if days < 0
            else "today"
            if days == 0
            else plural(days, "day")
        )
        rows.append(
            (
                (
                    date_text(item.needed_by),
                    f"{item.key}  {item.title}",
                    item.decider or item.owner_name or "—",
                    left,
                    linked_text(item) or "—",
                ),
                list(item.linked_workstreams()),
                f"{item.key} is needed by {date_text(item.needed_by)}"
                + ("; click to select the work it gates" if item.links else ""),
            )
        )
    return rows
