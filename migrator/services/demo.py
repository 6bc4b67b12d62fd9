"""The demo migration: a scale-up replaces its prepaid cards with debit cards.

The plan is laid out around an as-of date so it always looks live: kick-off about
fourteen weeks before, general availability about sixteen weeks after, prepaid
switch-off and decommissioning after that. Its content (teams, people, workstreams, links,
comments, overrides) is data, ``resources/sample/card-fleet.toml``, with dates written as
working-day offsets from the as-of date (negative: in the past) and placed on a Berlin
working calendar; the builder below turns it into service calls.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import MigratorError
from migrator.domain.holidays import berlin_holidays
from migrator.domain.model import DependencyType, Health, Status
from migrator.importing.plan import LinkSpec, parse_link_suffix
from migrator.paths import demo_path, resource
from migrator.services.migration_service import MigrationService, NewMigration

SAMPLE = ("sample", "card-fleet.toml")


@dataclass(frozen=True)
class Item:
    """One workstream of the demo; ``days=0`` makes a milestone on ``start``.

    ``after`` lists its predecessors as the plan importer reads them, ``"ref[ TYPE[+lag|-lead]]"``
    (``parse_link_suffix``), with an optional ``": note"``, e.g. ``"card_design SS+5: ..."``.
    ``state`` is derived from the dates unless it is "late"
    (due in the past, still running), "late start" (start in the past, not started) or
    "blocked". ``was`` is the kick-off baseline (start, days) where the plan has moved
    since (the move is recorded with ``comment``); ``new`` items were added after kick-off
    and have no baseline. ``{ref}`` in a blocker note becomes that workstream's key.
    """

    ref: str
    team: str
    title: str
    start: int
    days: int
    owner: int = 0
    text: str = ""
    after: tuple[str, ...] = ()
    state: str = ""
    progress: int | None = None
    was: tuple[int, int] | None = None
    new: bool = False
    blocker: str = ""
    health: tuple[Health, str] | None = None
    comment: str = ""

    @classmethod
    def read(cls, entry: dict[str, Any]) -> Item:
        """One ``[[workstreams]]`` table of the sample file."""
        values = dict(entry)
        health, reason = values.pop("health", None), values.pop("health_reason", "")
        values["after"] = tuple(values.get("after", ()))
        values["was"] = tuple(values["was"]) if "was" in values else None
        values["health"] = (Health(health), reason) if health else None
        return cls(**values)


@dataclass(frozen=True)
class Team:
    code: str
    name: str
    colour: str
    people: tuple[str, ...]  # the first one leads the team


@dataclass(frozen=True)
class Content:
    """What the sample file holds: the migration, its teams and its workstreams."""

    name: str
    description: str
    email_domain: str
    kick_off: int  # working days before the as-of date
    go_live: str  # the go-live milestone's ref
    teams: tuple[Team, ...]
    items: tuple[Item, ...]
    by_ref: dict[str, Item] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_ref", {item.ref: item for item in self.items})


@cache
def sample() -> Content:
    """The demo's content, read once from the sample file."""
    data = tomllib.loads(resource(*SAMPLE).read_text(encoding="utf-8"))
    return Content(
        data["name"],
        data["description"],
        data["email_domain"],
        data["kick_off"],
        data["go_live"],
        tuple(Team(t["code"], t["name"], t["colour"], tuple(t["people"])) for t in data["teams"]),
        tuple(Item.read(entry) for entry in data["workstreams"]),
    )


# ---------------------------------------------------------------- calendar


@dataclass(frozen=True)
class _Timeline:
    """Places working-day offsets from the as-of date on the Berlin calendar."""

    content: Content
    calendar: WorkingCalendar
    anchor: date  # offset 0: the as-of date, or the working day before it
    holidays: dict[date, str]

    @classmethod
    def around(cls, content: Content, as_of: date) -> _Timeline:
        holidays: dict[date, str] = {}
        for year in range(as_of.year - 1, as_of.year + 3):
            holidays.update(berlin_holidays(year))
        calendar = WorkingCalendar.of(holidays=holidays)
        return cls(content, calendar, calendar.previous_working_day(as_of), holidays)

    def at(self, offset: int) -> date:
        return self.calendar.add_working_days(self.anchor, offset)

    def span(self, start: int, days: int) -> tuple[date, date]:
        return self.at(start), self.at(start + max(days, 1) - 1)

    @property
    def start(self) -> date:
        return self.at(self.content.kick_off)

    @property
    def go_live(self) -> date:
        return self.at(self.content.by_ref[self.content.go_live].start)

    @property
    def end(self) -> date:
        return max(self.span(item.start, item.days)[1] for item in self.content.items)

    def non_working_days(self) -> dict[date, str]:
        """The holidays on working weekdays inside the migration's window."""
        first, last = self.start, self.end
        return {
            day: name
            for day, name in sorted(self.holidays.items())
            if first <= day <= last and day.weekday() in self.calendar.working_weekdays
        }


_TRANSLITERATE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i"})


def _email(name: str, domain: str) -> str:
    plain = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLITERATE))
    local = re.sub(r"[^a-z]+", ".", plain.encode("ascii", "ignore").decode()).strip(".")
    return f"{local}@{domain}"


def _link(text: str, refs: dict[str, Item]) -> tuple[str, DependencyType, int, str]:
    """``"card_design SS+5: note"`` → ("card_design", SS, 5, "note"): the importer's grammar
    for the link, as a plan's "depends on" cell is read, and a note after the colon."""
    link, _, note = text.partition(":")
    link = link.strip()
    spec = LinkSpec(link, DependencyType.FS, 0) if link in refs else parse_link_suffix(link)
    if spec is None or spec.reference not in refs:
        raise ValueError(f"Demo data: cannot read the dependency '{text}'.")
    return spec.reference, spec.type, spec.lag, note.strip()


def _state(item: Item) -> tuple[Status, int]:
    """Status and progress as of offset 0, checked against the item's dates."""
    due = item.start + max(item.days, 1) - 1
    if item.state == "late":
        if due >= 0 or item.progress is None:
            raise ValueError(f"Demo data: late item {item.ref} needs a past due date and a progress.")
        return Status.IN_PROGRESS, item.progress
    if item.state == "late start":
        if item.start > 0:
            raise ValueError(f"Demo data: {item.ref} cannot start late with a start in the future.")
        return Status.NOT_STARTED, 0
    if item.state == "blocked":
        if item.start > 0 or not item.blocker:
            raise ValueError(f"Demo data: blocked item {item.ref} needs a past start and a blocker.")
    elif item.state:
        raise ValueError(f"Demo data: unknown state '{item.state}' of {item.ref}.")
    if due < 0 and item.state != "blocked":
        return Status.DONE, 100
    if item.start > 0 or (item.days == 0 and item.start >= 0):
        return Status.NOT_STARTED, 0
    if item.progress is not None:
        return Status.IN_PROGRESS, item.progress
    elapsed = (1 - item.start) / item.days
    return Status.IN_PROGRESS, min(90, max(10, 5 * round(20 * elapsed)))


def _created(item: Item, timeline: _Timeline, owner_id: int) -> dict[str, Any]:
    """The fields a workstream is created with: as planned at kick-off when it moved since."""
    status, progress = _state(item)
    start, due = timeline.span(item.start, item.days)
    first_start, first_due = timeline.span(*(item.was or (item.start, item.days)))
    fields: dict[str, Any] = {
        "owner_id": owner_id,
        "description": item.text,
        "is_milestone": item.days == 0,
        "planned_start": first_start,
        "planned_due": first_due,
        "status": status,  # a blocked item is blocked later, with its note and a comment
        "progress": progress,
        "actual_start": start if status != Status.NOT_STARTED else None,
        "actual_finish": due if status == Status.DONE else None,
    }
    if not item.new:
        fields["baseline_start"], fields["baseline_due"] = first_start, first_due
    return fields


def _later(item: Item, timeline: _Timeline, keys: dict[str, str]) -> dict[str, Any]:
    """What changed after kick-off: a moved plan, a blocker, a health override."""
    changes: dict[str, Any] = {}
    if item.was is not None:
        changes["planned_start"], changes["planned_due"] = timeline.span(item.start, item.days)
    if item.state == "blocked":
        changes["status"] = Status.BLOCKED
        changes["blocker_note"] = item.blocker.format_map(keys)
    if item.health is not None:
        changes["health_override"], changes["health_override_reason"] = item.health
    return changes


# ---------------------------------------------------------------- building


def build_demo(service: MigrationService, as_of: date) -> None:
    """Fill an empty migration with the card-fleet replacement, laid out around ``as_of``."""
    if service.teams() or service.workstreams():
        raise MigratorError("The demo fills an empty migration, but this one already has teams or work.")
    content = sample()
    timeline = _Timeline.around(content, as_of)
    service.set_non_working_days(timeline.non_working_days())
    teams: dict[str, int] = {}
    people: dict[str, list[int]] = {}
    ids: dict[str, int] = {}
    with service.changing():
        for team in content.teams:
            teams[team.code] = service.create_team(team.name, team.code, team.colour)
            people[team.code] = [
                service.create_person(p, _email(p, content.email_domain), teams[team.code])
                for p in team.people
            ]
        for item in content.items:
            owner = people[item.team][item.owner]
            fields = _created(item, timeline, owner)
            ids[item.ref] = service.create_workstream(item.title, teams[item.team], **fields)
        for item in content.items:  # one graph of the links, kept by the unit of work, checks every loop
            for text in item.after:
                ref, kind, lag, note = _link(text, content.by_ref)
                service.add_dependency(ids[ref], ids[item.ref], kind, lag, note)
    for code, team_id in teams.items():
        service.update_team(team_id, {"lead_id": people[code][0]})
    service.update_migration(
        {
            "name": content.name,
            "description": content.description,
            "start": timeline.start,
            "target_go_live": timeline.go_live,
            "go_live_milestone_id": ids[content.go_live],
        }
    )
    key_of = {ws.id: ws.key for ws in service.workstreams()}
    keys = {ref: key_of[ws_id] for ref, ws_id in ids.items()}
    for item in content.items:
        changes = _later(item, timeline, keys)
        if changes or item.comment:
            service.workstream_service.update(ids[item.ref], changes, comment=item.comment)


def write_demo(path: str | os.PathLike[str], as_of: date, *, actor: str = "Product Ops") -> Path:
    """Write the demo migration to a new file at ``path``; an existing file is never touched."""
    path = Path(path)
    if path.exists():
        raise MigratorError(
            f"{path} already exists; the demo is only written to a new file. "
            "Choose another name or move the existing file away."
        )
    content = sample()
    timeline = _Timeline.around(content, as_of)
    # Reproducible history, stamped the working day before the as-of date: a report kept on
    # the as-of day (at any hour) comes after it, so none of it counts as changed since then.
    stamped = datetime.combine(timeline.calendar.previous_working_day(as_of - timedelta(days=1)), time(17, 0))
    service = MigrationService.create(
        path,
        NewMigration(content.name, timeline.start, timeline.go_live, content.description),
        populate=lambda s: build_demo(s, as_of),
        actor=actor,
        today=lambda: as_of,
        now=lambda: stamped,
    )
    service.close()
    return path


def ensure_demo(as_of: date | None = None) -> Path:
    """The demo migration in the user's data folder, written on first use."""
    path = demo_path()
    if not path.exists():
        write_demo(path, as_of or date.today())
    return path
