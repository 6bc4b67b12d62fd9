"""A small builder so analysis tests read like plans.

    plan = Plan(target="2027-03-12")
    plan.task("A-1", start="2027-03-01", due="2027-03-03")
    plan.milestone("GO-1", on="2027-03-05", go_live=True)
    plan.link("A-1", "GO-1", "FS", lag=1)
    result = plan.analyse(as_of="2027-02-22")

Dates are ``date`` objects or ISO strings. Everything is plain domain data: no file, no Qt.
"""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import date
from typing import Any

from migrator.analysis import PlanAnalysis, analyse
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import (
    Dependency,
    DependencyType,
    Health,
    HealthThresholds,
    Migration,
    Status,
    Team,
    Workstream,
)
from migrator.domain.raid import LinkRole, RaidItem, RaidLink, RaidStatus, RaidType, RiskBands

DateLike = date | str | None

MON_TO_FRI = frozenset(range(5))


def day(value: DateLike) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def d(value: date | str) -> date:
    found = day(value)
    assert found is not None
    return found


class Plan:
    """A migration plan under construction; ``analyse`` runs the engine on it."""

    def __init__(
        self,
        *,
        target: DateLike = None,
        holidays: tuple[DateLike, ...] | list[DateLike] = (),
        weekdays: frozenset[int] = MON_TO_FRI,
        thresholds: HealthThresholds | None = None,
        risk_bands: RiskBands | None = None,
        name: str = "Test plan",
    ) -> None:
        self.name = name
        self.target = day(target)
        self.holidays = frozenset(d(h) for h in holidays if h is not None)
        self.weekdays = weekdays
        self.thresholds = thresholds or HealthThresholds()
        self.risk_bands = risk_bands or RiskBands()
        self.go_live_id: int | None = None
        self.teams: dict[str, Team] = {}
        self.items: dict[str, Workstream] = {}
        self.links: list[Dependency] = []
        self.raid_items: dict[str, RaidItem] = {}

    # Building ------------------------------------------------------------------------------

    def team(self, name: str, code: str | None = None) -> Team:
        found = self.teams.get(name)
        if found is None:
            found = Team(
                id=len(self.teams) + 1,
                name=name,
                code=code or name[:3].upper(),
                colour="#336699",
                lead_id=None,
                lead_name=None,
                version=1,
            )
            self.teams[name] = found
        return found

    def task(
        self,
        key: str,
        start: DateLike = None,
        due: DateLike = None,
        *,
        team: str = "Core",
        status: Status | str = Status.NOT_STARTED,
        actual_start: DateLike = None,
        actual_finish: DateLike = None,
        progress: int = 0,
        blocker: str = "",
        override: Health | str | None = None,
        override_reason: str = "",
        milestone: bool = False,
    ) -> Workstream:
        owner = self.team(team)
        assert key not in self.items, f"{key} twice"
        item = Workstream(
            id=len(self.items) + 1,
            key=key,
            title=f"Work {key}",
            team_id=owner.id,
            team_code=owner.code,
            team_name=owner.name,
            owner_id=None,
            owner_name=None,
            status=Status(status),
            planned_start=day(start),
            planned_due=day(due),
            actual_start=day(actual_start),
            actual_finish=day(actual_finish),
            progress=progress,
            is_milestone=milestone,
            description="",
            blocker_note=blocker,
            health_override=Health(override) if override is not None else None,
            health_override_reason=override_reason,
            baseline_start=None,
            baseline_due=None,
            source_ref=None,
            version=1,
        )
        self.items[key] = item
        return item

    def milestone(
        self,
        key: str,
        on: DateLike = None,
        *,
        go_live: bool = False,
        team: str = "Core",
        status: Status | str = Status.NOT_STARTED,
        reached: DateLike = None,
        override: Health | str | None = None,
        override_reason: str = "",
    ) -> Workstream:
        """A milestone on ``on``; its planned start and due are that one date, as the service keeps them."""
        item = self.task(
            key,
            on,
            on,
            team=team,
            status=status,
            actual_start=reached,
            actual_finish=reached,
            override=override,
            override_reason=override_reason,
            milestone=True,
        )
        if go_live:
            self.go_live_id = item.id
        return item

    def link(self, predecessor: str, successor: str, type: str = "FS", lag: int = 0) -> Dependency:
        pred, succ = self.items[predecessor], self.items[successor]
        dep = Dependency(
            id=len(self.links) + 1,
            predecessor_id=pred.id,
            successor_id=succ.id,
            predecessor_key=pred.key,
            successor_key=succ.key,
            type=DependencyType(type),
            lag=lag,
            note="",
            version=1,
        )
        self.links.append(dep)
        return dep

    def raid(
        self,
        key: str,
        title: str,
        *,
        owner: str | None = "Ana Ruiz",
        status: RaidStatus | str = RaidStatus.OPEN,
        links: dict[str, LinkRole | str] | list[tuple[str, LinkRole | str]] | None = None,
        **fields: Any,
    ) -> RaidItem:
        """A RAID item, its type from its key's letter (``D-4`` a decision), linked to the given
        workstreams with their roles (pairs, to link one twice); dates among ``fields`` may be ISO strings."""
        kind = {t.prefix: t for t in RaidType}[key[0]]
        for name, value in fields.items():
            if isinstance(value, str) and name in _RAID_DATES:
                fields[name] = day(value)
        item_id = len(self.raid_items) + 1
        item_links = tuple(
            RaidLink(item_id * 100 + n, item_id, LinkRole(role), self.items[ws].id, None, ws, 1)
            for n, (ws, role) in enumerate(links.items() if isinstance(links, dict) else links or ())
        )
        item = RaidItem(
            id=item_id,
            key=key,
            type=kind,
            title=title,
            description="",
            owner_id=1 if owner else None,
            owner_name=owner,
            team_id=None,
            team_code=None,
            status=RaidStatus(status),
            created=date(2027, 1, 4),
            updated=date(2027, 1, 4),
            links=item_links,
            **fields,
        )
        self.raid_items[key] = item
        return item

    def change(self, key: str, **changes: Any) -> None:
        """Replace fields of one workstream (dates may be ISO strings)."""
        for name in ("planned_start", "planned_due", "actual_start", "actual_finish"):
            if name in changes:
                changes[name] = day(changes[name])
        if "status" in changes:
            changes["status"] = Status(changes["status"])
        self.items[key] = replace(self.items[key], **changes)

    def recoded(self, team: str, code: str) -> Plan:
        """A copy after ``team`` took a new code; its work keeps its keys."""
        other = self.copy()
        renamed = other.teams[team] = replace(other.teams[team], code=code)
        for key, item in other.items.items():
            if item.team_id == renamed.id:
                other.items[key] = replace(item, team_code=code)
        return other

    def copy(self) -> Plan:
        """An independent plan to change for a what-if (the workstreams themselves are frozen)."""
        other = copy.copy(self)
        other.teams = dict(self.teams)
        other.items = dict(self.items)
        other.links = list(self.links)
        other.raid_items = dict(self.raid_items)
        return other

    def __repr__(self) -> str:
        """The plan one line per item and link, so a failing property example reads like a plan."""
        lines = [
            f"Plan(target={self.target!r}, holidays={sorted(self.holidays)!r}, go_live_id={self.go_live_id})"
        ]
        for w in self.items.values():
            lines.append(
                f"  {w.key} id={w.id} {'milestone' if w.is_milestone else 'task'} {w.team_name}"
                f" {w.status.value} planned {w.planned_start}..{w.planned_due}"
                f" actual {w.actual_start}..{w.actual_finish}"
                + (f" override {w.health_override.value}" if w.health_override else "")
            )
        for dep in self.links:
            lines.append(f"  {dep.predecessor_key} -> {dep.successor_key} {dep.type.value}{dep.lag:+d}")
        return "\n".join(lines)

    # Running -------------------------------------------------------------------------------

    @property
    def calendar(self) -> WorkingCalendar:
        return WorkingCalendar(self.weekdays, self.holidays)

    def migration(self) -> Migration:
        return Migration(
            name=self.name,
            description="",
            start=None,
            target_go_live=self.target,
            go_live_milestone_id=self.go_live_id,
            working_weekdays=self.weekdays,
            non_working_dates=self.holidays,
            version=1,
            health_thresholds=self.thresholds,
            risk_bands=self.risk_bands,
        )

    def analyse(
        self,
        as_of: date | str,
        *,
        workstreams: list[Workstream] | None = None,
        dependencies: list[Dependency] | None = None,
        previous: PlanAnalysis | None = None,
    ) -> PlanAnalysis:
        return analyse(
            self.migration(),
            list(self.teams.values()),
            list(self.items.values()) if workstreams is None else workstreams,
            list(self.links) if dependencies is None else dependencies,
            d(as_of),
            previous,
            raid=list(self.raid_items.values()),
        )


_RAID_DATES = frozenset(
    {"proximity", "actions_due", "review_date", "escalated_on", "validate_by", "target_date", "needed_by",
     "decided_on", "revisit_by"}
)  # fmt: skip
