"""Applying an imported plan (our own CSV or .xlsx, MS Project, GanttProject, Jira or Smartsheet
exports) to a migration file, all or nothing, under the coordinator's import choices."""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from migrator.domain import rules
from migrator.domain.errors import MigrationFileError, ValidationError
from migrator.domain.model import DependencyType, Status
from migrator.domain.places import ServerAddress, place_of
from migrator.domain.workstream_state import WORKSTREAM_FIELDS, link_label, link_text, new_workstream_state
from migrator.importing.plan import (
    ALIASES,
    ExistingLink,
    ExistingWorkstream,
    ParsedPlan,
    PlanImportError,
    PlanProblem,
    PlanRow,
    resolve_plan,
)
from migrator.importing.readers import NotAPlanError, PlanFileError, Table
from migrator.importing.source_plan import (
    NO_TEAM,
    OUTLINE,
    ColumnUse,
    ImportChoices,
    SourceCalendar,
    SourceFormat,
    SourcePlan,
)
from migrator.importing.sources import plan_of, read_source
from migrator.importing.table_dialects import DIALECT_FIELDS, table_shape
from migrator.services.import_choices import remember_choices, remembered_choices
from migrator.services.migration_service import MigrationService, NewMigration
from migrator.store import database
from migrator.store.repositories.dependencies import DependencyRepository
from migrator.store.repositories.teams import TeamRepository
from migrator.store.repositories.workstreams import WorkstreamRepository
from migrator.store.unit_of_work import UnitOfWork

__all__ = [
    "NO_TEAM",
    "OUTLINE",
    "ColumnUse",
    "ImportChoices",
    "ImportProblemsError",
    "ImportReport",
    "NotAPlanError",
    "PlanFileError",
    "PlanImportError",
    "PlanProblem",
    "import_plan",
    "import_plan_into",
]

LISTED_WHEN_APPLIED = 10  # items listed per heading after a real import; a dry run lists all
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class ImportReport:
    """What an import did or, for a dry run, would do."""

    dry_run: bool
    created_file: bool
    teams_created: list[str]
    people_created: list[str]
    workstreams_created: list[str]  # keys
    workstreams_updated: list[str]  # keys
    dependencies_added: list[str]  # "BNK-1 → OPS-2 FS+2"
    dependencies_removed: list[str]
    dependencies_changed: list[str] = field(default_factory=list)  # "BNK-1 → OPS-2 FS → SS+1"
    migration_changed: list[str] = field(default_factory=list)  # "target go-live 2027-06-30"
    shared: bool = False  # imported into a shared plan on a server, not a file
    # What was read, and how (the preview shows these, and lets the coordinator change the choices):
    source_format: SourceFormat = SourceFormat.MIGRATOR
    source_label: str = SourceFormat.MIGRATOR.value  # "MS Project XML (saved by Project 2016)"
    columns: list[ColumnUse] = field(default_factory=list)  # each column (or element) → its field
    column_fields: list[str] = field(default_factory=list)  # the fields a table's column can feed
    choices: ImportChoices = field(default_factory=ImportChoices)  # as used, the guesses filled in
    choices_remembered: bool = False  # the choices came from the last import of this kind of file
    grouping_choices: list[str] = field(default_factory=list)  # what can name teams, best first
    skipped: list[str] = field(default_factory=list)  # "UID 7 'Phase 1' (summary task: made team Phase 1)"
    notices: list[str] = field(default_factory=list)  # handled on the way: approximated lags, …
    calendar_changed: list[str] = field(default_factory=list)  # "non-working day 2027-12-25 added"
    # Workstreams an earlier import of this tool's plan made, whose task is no longer in the file:
    # kept as they are ("OPS-3 Go-live (UID 6)").
    missing_from_plan: list[str] = field(default_factory=list)
    date_order_needed: bool = False  # the file's dates read either way: choose dmy or mdy
    titles: dict[str, str] = field(default_factory=dict)  # key → title of each workstream created or updated

    def named(self, keys: Iterable[str]) -> list[str]:
        """Keys with their titles, as people look for them: "CO-1 Extract card data"."""
        return [f"{key} {self.titles[key]}" if key in self.titles else key for key in keys]

    @property
    def changes_anything(self) -> bool:
        return bool(
            self.created_file or self.teams_created or self.people_created or self.workstreams_created
            or self.workstreams_updated or self.dependencies_added or self.dependencies_removed
            or self.dependencies_changed or self.migration_changed or self.calendar_changed
        )  # fmt: skip

    @property
    def team_from_text(self) -> str:
        """How the teams were named, for people: "Resource Group", "summary tasks", "none"."""
        team_from = self.choices.team_from
        if team_from == OUTLINE:
            return "summary tasks"
        if team_from in (None, NO_TEAM):
            return "none (every task in the default team)"
        return team_from

    def source_lines(self) -> list[str]:
        """How the file was read: its format, its columns as mapped, the choices."""
        lines = [f"Read as {self.source_label}"]
        fed = [(use.source, self._feeds(use)) for use in self.columns]
        mapped = [f"{source} → {field}" for source, field in fed if field]
        unread = [source for source, field in fed if not field]
        if mapped:
            lines.append(f"Columns: {', '.join(mapped)}")
        if unread:
            lines.append(f"Not read: {', '.join(unread)}")
        if self.source_format is not SourceFormat.MIGRATOR:
            offered = ", ".join(
                [*(g for g in self.grouping_choices if g != OUTLINE), "summary tasks", "none"]
            )
            lines.append(f"Teams from: {self.team_from_text} (--team-from: {offered})")
        if self.choices.date_order:
            lines.append(f"Day/month order: {self.choices.date_order}")
        elif self.date_order_needed:
            lines.append("Day/month order: not known; choose it with --date-order dmy or mdy")
        if self.choices_remembered:
            lines.append("These choices are remembered from the last import of this kind of file.")
        return lines

    def _feeds(self, use: ColumnUse) -> str | None:
        """The field a column feeds: of the columns that could name the teams, only the chosen one."""
        if use.source == self.choices.team_from:
            return "team"
        return None if use.field == "team" and self.grouping_choices else use.field

    def summary_lines(self) -> list[str]:
        """Readable lines for the command line: a heading per kind of change, then the items."""
        would = self.dry_run
        foreign = self.source_format is not SourceFormat.MIGRATOR
        lines = self.source_lines() if foreign else []
        lines += ["Dry run: nothing was changed. The import would:"] if would else []
        if self.created_file:
            lines.append("create the migration file" if would else "Created the migration file.")
        changes = (
            ("teams created", "create teams", self.teams_created),
            ("people created", "create people", self.people_created),
            ("workstreams created", "create workstreams", self.named(self.workstreams_created)),
            ("workstreams updated", "update workstreams", self.named(self.workstreams_updated)),
            ("dependencies added", "add dependencies", self.dependencies_added),
            ("dependencies changed", "change dependencies", self.dependencies_changed),
            ("dependencies removed", "remove dependencies", self.dependencies_removed),
            ("migration changed", "change the migration", self.migration_changed),
            ("calendar changed", "change the calendar", self.calendar_changed),
        )
        lines += self._sections(changes)
        if not self.changes_anything:
            matching = (
                "the plan on the server already matches"
                if self.shared
                else "the file already matches the plan"
            )
            lines.append(f"  nothing: {matching}" if would else f"Nothing to change: {matching}.")
        # What the file holds that was not (or no longer) imported, and how it was read: said, not done.
        told = (
            ("not in the plan file (kept)", "keep, though not in the plan file", self.missing_from_plan),
            ("skipped", "skip", self.skipped),
            ("notices", "note", self.notices),
        )
        return lines + self._sections(told)

    def _sections(self, sections: Iterable[tuple[str, str, list[str]]]) -> list[str]:
        lines: list[str] = []
        for done, to_do, items in sections:
            if not items:
                continue
            lines.append(f"{to_do} ({len(items)}):" if self.dry_run else f"{done.capitalize()}: {len(items)}")
            shown = items if self.dry_run else items[:LISTED_WHEN_APPLIED]
            lines.extend(f"  {item}" for item in shown)
            if len(shown) < len(items):
                lines.append(f"  … and {len(items) - len(shown)} more")
        return lines

    def dry_run_lines(self) -> list[str]:
        """What ``import-plan --dry-run`` prints: how the file was read (for our own columns
        after the changes, so the changes come first as they always have), then the changes."""
        if self.source_format is SourceFormat.MIGRATOR:
            return [*self.summary_lines(), *self.source_lines()]
        return self.summary_lines()


class ImportProblemsError(PlanImportError):
    """The plan has problems (nothing was changed); ``report`` says how the file was read, so the
    preview can show its columns and choices beside the problems and let them be changed."""

    def __init__(self, problems: Iterable[PlanProblem], report: ImportReport) -> None:
        super().__init__(list(problems))
        self.report = report


class _DryRunDoneError(Exception):
    """Raised inside the unit of work to roll a dry run back, carrying its report."""

    def __init__(self, report: ImportReport) -> None:
        super().__init__("dry run")
        self.report = report


def import_plan(
    plan_path: str | os.PathLike[str],
    into: str | os.PathLike[str] | ServerAddress,
    *,
    name: str | None = None,
    start: date | None = None,
    target: date | None = None,
    sheet: str | None = None,
    default_team: str = "Unassigned",
    dry_run: bool = False,
    actor: str | None = None,
    today: date | None = None,
    password: str | None = None,
    choices: ImportChoices | None = None,
) -> ImportReport:
    """Import the plan into the migration file ``into``, creating the file when it does not exist,
    or into the shared plan on the server ``into`` names (``password`` for it, when it asks); a
    plan is put on a server by copying one there, never by an import.

    ``choices`` (None: the ones remembered for this kind of file, else as guessed) say how a
    tool's plan becomes workstreams. Every problem comes back at once as a PlanImportError and
    nothing is changed; a file that cannot be read as a plan raises PlanFileError, and one
    Migrator wrote as something else (a status report, a returned update workbook)
    NotAPlanError, before the migration file is opened or made."""
    plan_path, where = Path(plan_path), place_of(into)
    found = read_source(plan_path, sheet)
    options: dict[str, Any] = {"actor": actor}
    if today is not None:
        options["today"] = lambda: today
    into_plan = functools.partial(
        import_plan_into,
        plan_path=found,
        default_team=default_team,
        dry_run=dry_run,
        name=name,
        start=start,
        target=target,
        choices=choices,
    )
    if isinstance(where, ServerAddress):
        with MigrationService.open(where, password=password, **options) as service:
            return into_plan(service)
    into = where
    if into.exists():
        with contextlib.ExitStack() as stack:
            target_file = into
            if dry_run and database.needs_upgrade(into):
                # Opening would upgrade the file; a dry run changes nothing, so it reads a copy.
                folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="migrator-dry-run-"))
                target_file = Path(folder) / into.name
                database.backup(into, target_file)
            return into_plan(stack.enter_context(MigrationService.open(target_file, **options)))
    # A new file takes the project's name and dates from a tool's plan, unless told otherwise.
    source = found if isinstance(found, SourcePlan) else None
    migration = NewMigration(
        name or (source.name if source and source.name and source.name.strip() else plan_path.stem),
        start or (source.start if source else None),
        target or (source.finish if source else None),
    )
    new_file = functools.partial(into_plan, name=None, start=None, target=None)
    if dry_run:
        if not into.parent.is_dir():
            raise MigrationFileError(f"The folder {into.parent} does not exist.")
        with (
            tempfile.TemporaryDirectory(prefix="migrator-dry-run-") as folder,
            MigrationService.create(Path(folder) / into.name, migration, **options) as service,
        ):
            report = new_file(service)
        return replace(report, created_file=True)
    reports: list[ImportReport] = []

    def populate(service: MigrationService) -> None:
        reports.append(new_file(service))

    MigrationService.create(into, migration, populate=populate, **options).close()
    return replace(reports[0], created_file=True)


def import_plan_into(
    service: MigrationService,
    plan_path: str | os.PathLike[str] | Table | SourcePlan,
    *,
    sheet: str | None = None,
    default_team: str = "Unassigned",
    dry_run: bool = False,
    name: str | None = None,
    start: date | None = None,
    target: date | None = None,
    choices: ImportChoices | None = None,
) -> ImportReport:
    """Apply a plan to an open migration in one unit of work (rolled back for a dry run).

    ``name``, ``start`` and ``target`` change the migration when given; a tool's project start
    and finish fill the migration's start and target go-live when it has none. ``choices``
    (None: remembered for this kind of file, else as guessed) are remembered after a real
    import. Problems raise ImportProblemsError (a PlanImportError) and change nothing."""
    found = plan_path if isinstance(plan_path, Table | SourcePlan) else read_source(plan_path, sheet)
    plan, remembered = _parsed_plan(found, choices)  # cell by cell, before taking the write lock
    context = _read_report(plan, dry_run, remembered)
    try:
        with service.changing("importing a plan") as uow:
            applier = _Applier(service, uow, plan, default_team)
            applier.resolve()
            report = applier.apply(name, start, target, dry_run, context)
            if dry_run:
                raise _DryRunDoneError(report)
    except _DryRunDoneError as done:
        return done.report
    except ImportProblemsError:
        raise
    except PlanImportError as error:
        raise ImportProblemsError(error.problems, context) from None
    if plan.source is not None:
        remember_choices(plan.source.shape, context.choices)
    return report


def _parsed_plan(found: SourcePlan | Table, choices: ImportChoices | None) -> tuple[ParsedPlan, bool]:
    """The plan under ``choices``, what they leave open taken from the ones remembered for its
    shape (then True)."""
    # Both know their shape before any row is read, so the plan is made once, under the choices.
    kept = remembered_choices(found.shape if isinstance(found, SourcePlan) else table_shape(found))
    if kept is None or kept == choices:
        return plan_of(found, choices), False
    given = choices or ImportChoices()
    merged = ImportChoices(  # what the coordinator states now wins over what was remembered
        given.team_from if given.team_from is not None else kept.team_from,
        given.date_order if given.date_order is not None else kept.date_order,
        {**(kept.columns or {}), **given.columns} if given.columns else kept.columns,
    )
    return plan_of(found, merged), merged != given


def _read_report(plan: ParsedPlan, dry_run: bool, remembered: bool) -> ImportReport:
    """How the file was read, before anything is applied: what a report says beside its changes."""
    source = plan.source
    report = ImportReport(dry_run, False, [], [], [], [], [], [])
    if source is None:
        return report
    table_like = source.format not in (SourceFormat.MS_PROJECT_XML, SourceFormat.GANTTPROJECT)
    return replace(
        report,
        source_format=source.format,
        source_label=source.label,
        columns=list(source.columns),
        column_fields=list(ALIASES) if source.format is SourceFormat.MIGRATOR else _dialect_fields(source),
        choices=plan.choices or ImportChoices(),
        choices_remembered=remembered,
        grouping_choices=list(source.grouping_choices),
        skipped=list(plan.skipped),
        notices=[_notice_text(notice, table_like) for notice in plan.notices],
        date_order_needed=source.date_order_needed,
    )


def _dialect_fields(source: SourcePlan) -> list[str]:
    """The fields a column of this tool's table can feed (none for XML files: no columns)."""
    return list(DIALECT_FIELDS.get(source.format, ()))


def _notice_text(notice: PlanProblem, table_like: bool) -> str:
    where = [f"row {notice.row}"] if table_like and notice.row is not None else []
    if notice.column:
        where.append(f"column {notice.column}")
    return f"{', '.join(where)}: {notice.message}" if where else notice.message


# ---------------------------------------------------------------- applying


def _as_planned(fields: dict[str, Any], today: date) -> dict[str, Any]:
    """What a new row's plan implies beyond its cells.

    Without a status, progress tells it (MS Project and GanttProject export no status):
    100 % is done, anything above 0 in progress. And a plan that says "done, due 5 February"
    finished then, not on the day of the import: past planned dates become actual dates.
    """
    status, progress = fields.get("status"), fields.get("progress")
    if status is None and (progress == 100 or fields.get("actual_finish")):
        status = Status.DONE
    elif status is None and (progress or fields.get("actual_start")):
        status = Status.IN_PROGRESS
    implied: dict[str, Any] = {"status": status} if status else {}
    start, due = fields.get("planned_start"), fields.get("planned_due")
    if status in (Status.IN_PROGRESS, Status.DONE) and start and start <= today:
        implied["actual_start"] = start
    if status == Status.DONE and due and due <= today:
        implied["actual_finish"] = due
    return implied


def _moved_on(current: Status, implied: Status | None) -> Status | None:
    """The status a tool's progress implies, when it moves the workstream forward (not started →
    in progress → done); never back, and never out of blocked or cancelled, which a tool can't say."""
    order = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE)
    if implied is None or current not in order or implied not in order:
        return None
    return implied if order.index(implied) > order.index(current) else None


class _Applier:
    """One import inside one unit of work: resolves the plan against the file, then applies it."""

    def __init__(
        self,
        service: MigrationService,
        uow: UnitOfWork,
        plan: ParsedPlan,
        default_team: str,
    ) -> None:
        self.service = service
        self.uow = uow
        self.workstreams = WorkstreamRepository(service.units)
        self.links_in_file = DependencyRepository(service.units)
        self.teams = TeamRepository(service.units)
        self.plan = plan
        self.default_team = default_team
        self.problems: list[PlanProblem] = []
        self.teams_created: list[str] = []
        self.people_created: list[str] = []
        self.created: list[str] = []
        self.updated: list[str] = []
        self.titles: dict[str, str] = {}  # key → title, as the file has it or as the plan makes it
        self.added: list[str] = []
        self.removed: list[str] = []
        self.changed_links: list[str] = []
        self.migration_changed: list[str] = []
        self.calendar_changed: list[str] = []
        self.notices: list[str] = []
        self.missing: list[str] = []
        self.key_by_id: dict[int, str] = {}
        self.id_by_key: dict[str, int] = {}
        self.new_keys: dict[int, str] = {}  # plan row index → key given to the new workstream

    # ------------------------------------------------------------ reading the file

    def resolve(self) -> None:
        """Match the plan against the file as it is inside this transaction; raise on problems."""
        existing = []
        for ws_id, key, title, ref, start, due, milestone in self.workstreams.all_for_import():
            self.key_by_id[ws_id] = key
            self.titles[key] = title
            existing.append(ExistingWorkstream(key, title, ref, start, due, milestone))
        self.id_by_key = {key: ws_id for ws_id, key in self.key_by_id.items()}
        self.links: dict[
            str, dict[str, tuple[int, str, int]]
        ] = {}  # successor → predecessor → (id, type, lag)
        for link_id, pred, succ, link_type, lag in self.links_in_file.all_for_import():
            self.links.setdefault(self.key_by_id[succ], {})[self.key_by_id[pred]] = (link_id, link_type, lag)
        if self.plan.rows:
            existing_links = [
                ExistingLink(pred, succ, DependencyType(link_type), lag)
                for succ, preds in self.links.items()
                for pred, (_, link_type, lag) in preds.items()
            ]
            resolve_plan(self.plan, existing, existing_links)
        self._raise_problems(self.plan.problems)
        self._missing_from_plan(existing)

    def _missing_from_plan(self, existing: list[ExistingWorkstream]) -> None:
        """Workstreams an earlier import of this tool's plan made (their source reference is of
        the kind this file's tasks have: "UID 6", "GP 4", "PAY-12") that no task matches now."""
        if self.plan.source is None or self.plan.source.format is SourceFormat.MIGRATOR:
            return
        kinds = {_ref_kind(row.source_ref) for row in self.plan.rows if row.source_ref}
        matched = {row.existing_key for row in self.plan.rows if row.existing_key}
        for ws in existing:
            if ws.source_ref and ws.key not in matched and _ref_kind(ws.source_ref) in kinds:
                self.missing.append(f"{ws.key} {ws.title} ({ws.source_ref})")

    def _raise_problems(self, problems: Iterable[PlanProblem]) -> None:
        found = sorted(problems, key=lambda p: p.row or 0)
        if found:
            raise PlanImportError(found)

    def problem(self, row: PlanRow | None, column: str | None, message: str) -> None:
        header = self.plan.header.get(column, column) if column else None
        self.problems.append(PlanProblem(self.plan.sheet, row.number if row else None, header, message))

    # ------------------------------------------------------------ the whole import

    def apply(
        self, name: str | None, start: date | None, target: date | None, dry_run: bool, context: ImportReport
    ) -> ImportReport:
        self._update_migration(name, start, target)
        self._apply_calendar()
        team_ids = self._teams()
        owner_ids = self._people(team_ids)
        self._update_rows(team_ids, owner_ids)
        self._create_rows(team_ids, owner_ids)
        self._raise_problems(self.problems)
        self._apply_links()
        self._raise_problems(self.problems)
        return replace(
            context,
            dry_run=dry_run,
            created_file=False,
            teams_created=self.teams_created,
            people_created=self.people_created,
            workstreams_created=self.created,
            workstreams_updated=self.updated,
            dependencies_added=self.added,
            dependencies_removed=self.removed,
            dependencies_changed=self.changed_links,
            migration_changed=self.migration_changed,
            shared=isinstance(self.service.place, ServerAddress),
            calendar_changed=self.calendar_changed,
            notices=[*context.notices, *self.notices],
            missing_from_plan=self.missing,
            titles={key: self.titles[key] for key in [*self.created, *self.updated] if key in self.titles},
        )

    def _update_migration(self, name: str | None, start: date | None, target: date | None) -> None:
        given = {"name": name, "start": start, "target_go_live": target}
        changes = {field: value for field, value in given.items() if value is not None}
        source = self.plan.source
        if source is not None and (source.start or source.finish):
            # A tool's project dates fill in what the migration lacks; they never move its own.
            migration = self.service.migration()
            if migration.start is None and source.start and "start" not in changes:
                changes["start"] = source.start
            if migration.target_go_live is None and source.finish and "target_go_live" not in changes:
                changes["target_go_live"] = source.finish
        if not changes:
            return
        labels = {"name": "name", "start": "start", "target_go_live": "target go-live"}
        for changed, value in self.service.update_migration(changes).items():
            shown = value.isoformat() if isinstance(value, date) else value
            self.migration_changed.append(f"{labels[changed]}: {shown}")

    # ------------------------------------------------------------ the calendar

    def _apply_calendar(self) -> None:
        """The tool's working week replaces the migration's, and its non-working days (those on a
        working day) are added to the migration's own, none of which is removed."""
        calendar = self.plan.source.calendar if self.plan.source is not None else None
        if calendar is None:
            return
        migration = self.service.migration()
        week = frozenset(day for day in calendar.working_weekdays if 0 <= day <= 6)
        if week and week != migration.working_weekdays:
            self.service.update_migration({"working_weekdays": week})
            self.calendar_changed.append(
                f"working week: {_week_text(migration.working_weekdays)} → {_week_text(week)}"
            )
        self._add_non_working_days(calendar, week or migration.working_weekdays)

    def _add_non_working_days(self, calendar: SourceCalendar, week: frozenset[int]) -> None:
        existing = self.service.non_working_days()
        added = {
            day: " ".join(name.split())[: rules.MAX_NAME]
            for day, name in sorted(calendar.non_working_days.items())
            if day not in existing and day.weekday() in week and day.year in rules.PLAUSIBLE_YEARS
        }
        if not added:
            return
        self.service.set_non_working_days({**existing, **added})
        for day, day_name in added.items():
            named = f" ({day_name})" if day_name else ""
            self.calendar_changed.append(f"non-working day {day.isoformat()}{named} added")

    # ------------------------------------------------------------ teams and people

    def _teams(self) -> dict[int, int]:
        """Team id for every plan row that names a team or is new (by row index)."""
        by_name: dict[str, int] = {}
        by_code: dict[str, int] = {}
        for team_id, team_name, code in self.teams.names_and_codes():
            by_name[team_name.casefold()] = team_id
            by_code[code] = team_id
        result: dict[int, int] = {}
        failed: set[str] = set()
        for index, row in enumerate(self.plan.rows):
            wanted = row.team if row.team is not None else (self.default_team if row.is_new else None)
            if wanted is None:
                continue
            cleaned = wanted.strip()
            found = by_name.get(cleaned.casefold()) or by_code.get(cleaned.upper())
            if found is None and row.team is not None and row.team_code is not None:
                found = by_code.get(row.team_code)  # a Migrator export's team, renamed since
            if found is None and cleaned.casefold() not in failed:
                new_code = row.team_code if row.team is not None and row.team_code not in by_code else None
                try:
                    found = self.service.create_team(cleaned, new_code)
                except ValidationError as error:
                    failed.add(cleaned.casefold())
                    self.problem(row, "team" if row.team is not None else None, str(error))
                    continue
                by_name[cleaned.casefold()] = found
                if new_code is not None:
                    by_code[new_code] = found
                self.teams_created.append(cleaned)
            if found is not None:
                result[index] = found
        return result

    def _people(self, team_ids: dict[int, int]) -> dict[int, int]:
        """Person id for every plan row with an owner (by row index)."""
        by_name: dict[str, int] = {}
        for person_id, person_name in self.teams.people_by_name():
            by_name.setdefault(person_name.casefold(), person_id)
        emails: dict[str, str] = {}
        for person in self.plan.source.people if self.plan.source is not None else []:
            if person.email and person.email.strip():
                emails.setdefault(person.name.strip().casefold(), person.email.strip())
        result: dict[int, int] = {}
        for index, row in enumerate(self.plan.rows):
            if row.owner is None:
                continue
            cleaned = row.owner.strip()
            found = by_name.get(cleaned.casefold())
            if found is None:
                email = emails.get(cleaned.casefold())
                try:
                    rules.check_email(email)
                except ValidationError as error:
                    self.notices.append(f"{cleaned} is created without an e-mail address: {error}")
                    email = None
                try:
                    found = self.service.create_person(cleaned, email, team_ids.get(index))
                except ValidationError as error:
                    self.problem(row, "owner", str(error))
                    continue
                by_name[cleaned.casefold()] = found
                self.people_created.append(cleaned)
            result[index] = found
        return result

    # ------------------------------------------------------------ workstreams

    def _fields(
        self, index: int, row: PlanRow, team_ids: dict[int, int], owner_ids: dict[int, int]
    ) -> dict[str, Any]:
        """The workstream fields the row states (empty cells and absent columns left out)."""
        values: dict[str, Any] = {
            "title": row.title,
            "team_id": team_ids.get(index),
            "owner_id": owner_ids.get(index),
            "status": row.status,
            "planned_start": row.start,
            "planned_due": row.due,
            "progress": row.progress,
            "is_milestone": row.milestone,
            "description": row.description,
            "actual_start": row.actual_start,
            "actual_finish": row.actual_finish,
            "baseline_start": row.baseline_start,
            "baseline_due": row.baseline_due,
        }
        return {name: value for name, value in values.items() if value is not None}

    def _update_rows(self, team_ids: dict[int, int], owner_ids: dict[int, int]) -> None:
        updating = [(i, row) for i, row in enumerate(self.plan.rows) if row.existing_key is not None]
        ids = [self.id_by_key[row.existing_key] for _, row in updating if row.existing_key]
        held = self.workstreams.hold(ids, None) if updating else {}  # each update finds its row held
        tools_plan = self.plan.source is not None and self.plan.source.format is not SourceFormat.MIGRATOR
        today = self.service.today()
        for index, row in updating:
            assert row.existing_key is not None
            changes = self._fields(index, row, team_ids, owner_ids)
            stored = held.get(self.id_by_key[row.existing_key])
            if tools_plan and row.status is None and stored is not None:
                # A tool states no status: its progress and actual dates move the workstream on.
                moved = _moved_on(stored.state["status"], _as_planned(changes, today).get("status"))
                if moved is not None:
                    changes["status"] = moved
            try:
                changed = self.service.workstream_service.update(self.id_by_key[row.existing_key], changes)
            except ValidationError as error:
                self.problem(row, None, str(error))
                continue
            if changed:
                self.updated.append(row.existing_key)
                if row.title is not None:
                    self.titles[row.existing_key] = row.title.strip()

    def _create_rows(self, team_ids: dict[int, int], owner_ids: dict[int, int]) -> None:
        """New workstreams in bulk, under the same rules as MigrationService.create_workstream."""
        creating = [(i, row) for i, row in enumerate(self.plan.rows) if row.is_new and i in team_ids]
        if not creating:
            return
        used = self.workstreams.keys()
        used.update(row.key for _, row in creating if row.key)
        today = self.service.today()
        records: list[dict[str, Any]] = []
        for index, row in creating:
            team_id = team_ids[index]
            key = self.teams.next_key(team_id, row.key, used.__contains__)
            used.add(key)
            fields = self._fields(index, row, team_ids, owner_ids)
            fields = {**_as_planned(fields, today), **fields}  # what the plan states wins
            try:
                state = new_workstream_state(key, team_id, {**fields, "source_ref": row.source_ref}, today)
            except ValidationError as error:
                self.problem(row, None, str(error))
                continue
            self.new_keys[index] = key
            record = {name: state[name] for name in WORKSTREAM_FIELDS}
            record["status"] = state["status"].value
            records.append(record)
        if self.problems or not records:
            return
        for key, ws_id in self.workstreams.insert_many(records).items():
            self.id_by_key[key] = ws_id
            self.key_by_id[ws_id] = key
        self.created.extend(record["key"] for record in records)
        self.titles.update((record["key"], record["title"]) for record in records)

    # ------------------------------------------------------------ dependencies

    def _apply_links(self) -> None:
        """Each row with a Depends on column gets exactly the predecessors it lists."""
        if not any(row.states_links for row in self.plan.rows):
            return
        new: list[dict[str, Any]] = []
        removed_ids: list[int] = []
        labels: list[tuple[str, str, str, int]] = []
        for index, row in enumerate(self.plan.rows):
            successor = row.existing_key or self.new_keys.get(index)
            if successor is None or not row.states_links:
                continue
            wanted: dict[str, tuple[str, int]] = {}
            for link in row.links:
                pred = (
                    link.predecessor if isinstance(link.predecessor, str) else self.new_keys[link.predecessor]
                )
                wanted[pred] = (link.type.value, link.lag)
            current = self.links.get(successor, {})
            for pred, (link_id, link_type, lag) in current.items():
                if pred not in wanted:
                    # Recorded as MigrationService.remove_dependency does; deleted in bulk below.
                    text = link_text(pred, successor, link_type, lag)
                    self.uow.record("dependency", link_id, link_label(pred, successor), "deleted", old=text)
                    removed_ids.append(link_id)
                    self.removed.append(text)
                elif wanted[pred] != (link_type, lag):
                    self._change_link(link_id, pred, successor, (link_type, lag), wanted[pred])
            for pred, (link_type, lag) in wanted.items():
                if pred not in current:
                    new.append(
                        {
                            "predecessor_id": self.id_by_key[pred], "successor_id": self.id_by_key[successor],
                            "type": link_type, "lag": rules.check_lag(lag), "note": "",
                        }
                    )  # fmt: skip
                    labels.append((pred, successor, link_type, lag))
        if removed_ids:
            self.service.raid.remove_links_of([], removed_ids, "its dependency left the plan")
        self.links_in_file.delete_many(removed_ids)
        if not new:
            return
        ids = self.links_in_file.insert_many(new)
        for pred, succ, link_type, lag in labels:
            link_id = ids[(self.id_by_key[pred], self.id_by_key[succ])]
            self.uow.record(
                "dependency",
                link_id,
                link_label(pred, succ),
                "created",
                new=f"{link_type}{lag:+d}" if lag else link_type,
            )
            self.added.append(link_text(pred, succ, link_type, lag))

    def _change_link(
        self, link_id: int, pred: str, succ: str, old: tuple[str, int], new: tuple[str, int]
    ) -> None:
        label = link_label(pred, succ)
        self.links_in_file.set_type_and_lag(link_id, new[0], rules.check_lag(new[1]))
        if old[0] != new[0]:
            self.uow.record("dependency", link_id, label, "changed", "type", old[0], new[0])
        if old[1] != new[1]:
            self.uow.record("dependency", link_id, label, "changed", "lag", old[1], new[1])
        new_text = f"{new[0]}{f'{new[1]:+d}' if new[1] else ''}"
        self.changed_links.append(f"{link_text(pred, succ, *old)} → {new_text}")


def _ref_kind(source_ref: str) -> str:
    """What kind of id a source reference is: "UID 6" → "uid ", "PAY-12" → "pay-"."""
    return source_ref.rstrip("0123456789").casefold()


def _week_text(week: frozenset[int]) -> str:
    """Monday to Friday, or the days one by one: "Monday, Tuesday, Thursday"."""
    days = sorted(week)
    if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_NAMES[days[0]]} to {WEEKDAY_NAMES[days[-1]]}"
    return ", ".join(WEEKDAY_NAMES[day] for day in days) or "no days"
