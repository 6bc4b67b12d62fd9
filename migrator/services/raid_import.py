"""Importing a RAID sheet (CSV or .xlsx) into a plan's log, all or nothing, and exporting the log.

A row with a key updates that item (the columns the sheet has; a blank cell clears the field);
a row without one adds an item of its type. Owners, teams, the item an issue was raised from
and the linked work are named (people and teams by name or code, items and work by key) and
must be in the plan. Every problem is named by its row and column and nothing changes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from migrator.domain.errors import MigratorError, ValidationError
from migrator.domain.raid import STATUSES_OF, RaidItem, RaidStatus, RaidType
from migrator.domain.raid_rules import (
    DEFAULT_ROLE,
    EDITABLE,
    PAST_DATES,
    a,
    checked_item,
    fields_of,
    label,
    sheet_field,
)
from migrator.importing.plan import PlanProblem
from migrator.importing.raid_sheet import (
    LinkSpec,
    ParsedRaidSheet,
    RaidSheetError,
    RaidSheetRow,
    parse_raid_sheet,
)
from migrator.importing.readers import Table, read_table
from migrator.reports.raid_export import write_raid_log
from migrator.services.migration_service import MigrationService

__all__ = ["RaidImportReport", "RaidSheetError", "export_raid", "import_raid"]


@dataclass(frozen=True)
class RaidImportReport:
    """What an import did or, for a dry run, would do."""

    dry_run: bool
    created: list[str]  # "R-4 Bank sign-off comes late"
    updated: list[str]  # "R-2: probability, status"
    links_added: list[str]  # "R-4 threatens BNK-3"
    links_removed: list[str]
    unchanged: int
    ignored_columns: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        would = self.dry_run
        lines = ["Dry run: nothing was changed. The import would:" if would else "Imported the RAID sheet:"]
        for title, doing, items in (
            ("created", "create", self.created),
            ("updated", "update", self.updated),
            ("links added", "add links", self.links_added),
            ("links removed", "remove links", self.links_removed),
        ):
            if items:
                lines.append(f"  {doing} {len(items)}:" if would else f"  {title} ({len(items)}):")
                lines += [f"    {item}" for item in items]
        if self.unchanged:
            lines.append(f"  {'leave' if would else 'left'} {self.unchanged} unchanged")
        if self.ignored_columns:
            lines.append(f"  columns left alone: {', '.join(self.ignored_columns)}")
        return lines


class _DryRunDoneError(Exception):
    """Raised inside the unit of work to roll a dry run back, carrying its report."""

    def __init__(self, report: RaidImportReport) -> None:
        super().__init__("dry run")
        self.report = report


def import_raid(
    service: MigrationService,
    sheet_path: str | os.PathLike[str] | Table,
    *,
    sheet: str | None = None,
    dry_run: bool = False,
) -> RaidImportReport:
    """Apply a RAID sheet to the plan's log in one action (rolled back for a dry run); every
    problem comes back at once as a RaidSheetError and nothing is changed."""
    table = sheet_path if isinstance(sheet_path, Table) else read_table(sheet_path, sheet)
    parsed = parse_raid_sheet(table)  # cell by cell, before taking the plan's write lock
    try:
        with service.changing("importing a RAID sheet"):
            applier = _Applier(service, parsed)
            report = applier.apply(dry_run)
            if dry_run:
                raise _DryRunDoneError(report)
    except _DryRunDoneError as done:
        return done.report
    return report


@dataclass
class _Resolved:
    """A row resolved against the plan: its item (None: new), type and item field values."""

    row: RaidSheetRow
    item: RaidItem | None
    kind: RaidType
    values: dict[str, Any]
    links: list[tuple[str, int | None, int | None, str]] | None  # role, workstream, dependency, label


class _Applier:
    def __init__(self, service: MigrationService, sheet: ParsedRaidSheet) -> None:
        self.service = service
        self.sheet = sheet
        self.problems: list[PlanProblem] = list(sheet.problems)
        self.items = {item.key: item for item in service.raid.items()}
        people: dict[str, list[int]] = {}
        for person in service.people():
            people.setdefault(person.name.casefold(), []).append(person.id)
        self.people = people
        teams: dict[str, int] = {}
        for team in service.teams():
            teams[team.code.casefold()] = team.id
            teams.setdefault(team.name.casefold(), team.id)
        self.teams = teams
        self.workstreams = {w.key: w.id for w in service.workstreams()}
        self.dependencies = {(d.predecessor_key, d.successor_key): d.id for d in service.dependencies()}

    def problem(self, row: int, column: str | None, message: str) -> None:
        header = self.sheet.header.get(column, column) if column else None
        self.problems.append(PlanProblem(self.sheet.sheet, row, header, message))

    def apply(self, dry_run: bool) -> RaidImportReport:
        resolved = [found for row in self.sheet.rows if (found := self._resolve(row)) is not None]
        if self.problems:
            raise RaidSheetError(sorted(self.problems, key=lambda problem: problem.row or 0))
        created: list[str] = []
        updated: list[str] = []
        added: list[str] = []
        removed: list[str] = []
        unchanged = 0
        raid = self.service.raid
        for entry in resolved:
            if entry.item is None:
                values = {k: v for k, v in entry.values.items() if k != "title"}
                item_id = raid.create(entry.kind, entry.values["title"], **values)
                key = raid.item(item_id).key
                created.append(f"{key} {entry.values['title']}")
                current: Sequence[Any] = ()
            else:
                item_id, key, current = entry.item.id, entry.item.key, entry.item.links
                fields = raid.update(item_id, entry.values)
                if fields:
                    updated.append(f"{key}: {', '.join(label(name) for name in fields)}")
                changed = bool(fields)
            links_changed, changed = False, entry.item is None
            if entry.links is not None:
                wanted = {(ws, dep): (role, text) for role, ws, dep, text in entry.links}
                for link in current:
                    role, _text = wanted.get((link.workstream_id, link.dependency_id), (None, ""))
                    if role != link.role.value:
                        raid.unlink(link.id)
                        removed.append(f"{key} {link.role.value} {link.label}")
                        links_changed = True
                have = {(link.workstream_id, link.dependency_id): link.role.value for link in current}
                for (ws, dep), (role, text) in wanted.items():
                    if have.get((ws, dep)) != role:
                        raid.link(item_id, role, workstream_id=ws, dependency_id=dep)
                        added.append(f"{key} {role} {text}")
                        links_changed = True
            if not changed and not links_changed:
                unchanged += 1
        return RaidImportReport(
            dry_run, created, updated, added, removed, unchanged, list(self.sheet.ignored)
        )

    # ------------------------------------------------------------ one row against the plan

    def _resolve(self, row: RaidSheetRow) -> _Resolved | None:
        before = len(self.problems)
        item = None
        if row.key is not None:
            item = self.items.get(row.key)
            if item is None:
                self.problem(
                    row.number, "key",
                    f"{row.key} is not in the plan's RAID log; leave the key empty to add a new item.",
                )  # fmt: skip
                return None
        kind = row.type or (item.type if item else None)
        if kind is None:
            return None  # a blank row, or its type's problem is named already
        if item is not None and item.type is not kind:
            self.problem(row.number, "type", f"{item.key} is {a(item.type)}, not {a(kind)}.")
            return None
        values = dict(row.values)
        for name in ("owner", "team", "raised_from"):
            if self.sheet.has(name):
                values[sheet_field(name)] = self._reference(row, name, getattr(row, name))
        if values.get("status", "kept") is None:
            del values["status"]  # a blank status: kept (a new item's is open)
        ours = fields_of(kind)
        for name, value in list(values.items()):
            if name not in ours:
                if value not in (None, ""):
                    column = next((c for c in self.sheet.header if sheet_field(c) == name), name)
                    self.problem(row.number, column, f"{a(kind)} has no {label(name)}.")
                del values[name]
        if "title" in values and not values["title"]:
            self.problem(row.number, "title", "the title cannot be empty.")
        if item is None and "title" not in values:
            self.problem(row.number, "title", "a new item needs a title.")
        today = self.service.today()
        if values.get("status") is not None and values["status"] not in STATUSES_OF[kind]:
            allowed = ", ".join(status.value for status in STATUSES_OF[kind])
            self.problem(
                row.number, "status", f"{a(kind)} cannot be {values.pop('status').value}; it is {allowed}."
            )
        for name in PAST_DATES:
            if values.get(name) is not None and values[name] > today:
                day = values.pop(name)
                self.problem(
                    row.number, name, f"{label(name)} {day.isoformat()} is after today ({today.isoformat()})."
                )
        state = {name: getattr(item, name) for name in EDITABLE} if item else {"status": STATUSES_OF[kind][0]}
        state.update(values)
        try:
            checked_item(kind, state, today, f"row {row.number}")
        except ValidationError as error:
            message = str(error).removeprefix(f"row {row.number}: ")
            self.problems.append(PlanProblem(self.sheet.sheet, row.number, None, message))
        if row.raised_from is not None and item is not None and values.get("raised_from_id") == item.id:
            self.problem(row.number, "raised_from", f"{item.key} cannot be raised from itself.")
        links = None if row.links is None else self._links(row, kind, row.links)
        if len(self.problems) > before:
            return None
        if item is not None:
            values = {name: value for name, value in values.items() if getattr(item, name) != value}
        return _Resolved(row, item, kind, values, links)

    def _reference(self, row: RaidSheetRow, name: str, text: str | None) -> int | None:
        if text is None:
            return None
        if name == "owner":
            found = self.people.get(text.casefold(), [])
            if len(found) > 1:
                self.problem(row.number, name, f"{len(found)} people in the plan are called '{text}'.")
            elif not found:
                self.problem(row.number, name, f"'{text}' is not a person in the plan; add them first.")
            return found[0] if len(found) == 1 else None
        if name == "team":
            team = self.teams.get(text.casefold())
            if team is None:
                self.problem(row.number, name, f"'{text}' is not a team of the plan (its code or its name).")
            return team
        key = "".join(text.split()).upper()
        source = self.items.get(key)
        if source is None:
            self.problem(row.number, name, f"{key} is not in the plan's RAID log.")
            return None
        return source.id

    def _links(
        self, row: RaidSheetRow, kind: RaidType, specs: Sequence[LinkSpec]
    ) -> list[tuple[str, int | None, int | None, str]]:
        found: list[tuple[str, int | None, int | None, str]] = []
        seen: set[str] = set()
        for spec in specs:
            role = (spec.role or DEFAULT_ROLE[kind]).value
            if spec.target in seen:
                self.problem(row.number, "links", f"{spec.target} is listed twice.")
                continue
            seen.add(spec.target)
            if spec.workstream is not None:
                workstream = self.workstreams.get(spec.workstream)
                if workstream is None:
                    self.problem(row.number, "links", f"{spec.workstream} is not a workstream of the plan.")
                    continue
                found.append((role, workstream, None, spec.workstream))
            elif spec.dependency is not None:
                dependency = self.dependencies.get(spec.dependency)
                if dependency is None:
                    self.problem(row.number, "links", f"{spec.target} is not a dependency of the plan.")
                    continue
                found.append((role, None, dependency, spec.target))
        return found


def export_raid(
    service: MigrationService, path: str | os.PathLike[str], *, types: Sequence[RaidType] = (),
    statuses: Sequence[RaidStatus] = (),
) -> int:  # fmt: skip
    """Write the plan's RAID log (or the items of ``types`` and ``statuses``) as a RAID sheet,
    .xlsx or .csv by the file's suffix, that import_raid reads back; how many items."""
    target = Path(path)
    if target.suffix.lower() not in (".xlsx", ".csv"):
        raise MigratorError(f"{target.name}: a RAID sheet is written as .xlsx or .csv.")
    every = service.raid.items()
    items = [
        item
        for item in every
        if (not types or item.type in types) and (not statuses or item.status in statuses)
    ]
    keys = {item.id: item.key for item in every}
    write_raid_log(target, items, service.migration().risk_bands, keys)
    return len(items)
