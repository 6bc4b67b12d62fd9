"""MigrationService: every read and change of one migration file goes through here."""

from __future__ import annotations

import dataclasses
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from migrator.analysis import PlanAnalysis, analyse, plan_state
from migrator.analysis.collector import collector_paused
from migrator.analysis.plan_state import PlanState, SnapshotInfo
from migrator.domain import rules
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.errors import (
    ConcurrentEditError,
    DependencyLoopError,
    NotFoundError,
    ValidationError,
)
from migrator.domain.graph import loop_closed_by
from migrator.domain.model import (
    Dependency,
    DependencyType,
    HealthThresholds,
    HistoryEntry,
    Migration,
    Person,
    Status,
    StatusComment,
    Team,
    TeamSummary,
    Workstream,
)
from migrator.domain.status_moves import implied_by_status_move
from migrator.domain.workstream_state import (
    WORKSTREAM_FIELDS,
    checked_workstream_state,
    link_label,
    link_text,
    new_workstream_state,
)
from migrator.services.who import current_user
from migrator.store import database, plan_reader
from migrator.store.plan_images import EVERYTHING, PlanImage, first_difference, read_image, restore_image_in
from migrator.store.plan_reader import StoredPlan
from migrator.store.rows import column_value, history_from_row, row_state
from migrator.store.schema import (
    DependencyRow,
    HistoryRow,
    MigrationRow,
    NonWorkingDayRow,
    PersonRow,
    SnapshotRow,
    TeamRow,
    WorkstreamRow,
)
from migrator.store.stale_rows import changed_elsewhere, check_version, check_versions
from migrator.store.unit_of_work import UnitOfWork, UnitOfWorkFactory

TEAM_COLOURS = (
    "#1F77B4", "#FF7F0E", "#2CA02C", "#D62728", "#9467BD",
    "#8C564B", "#E377C2", "#7F7F7F", "#BCBD22", "#17BECF",
)  # fmt: skip


@dataclass(frozen=True)
class NewMigration:
    """What a coordinator says when creating a migration file."""

    name: str
    start: date | None = None
    target_go_live: date | None = None
    description: str = ""


@dataclass(frozen=True)
class DeletedWorkstream:
    """Everything needed to bring a deleted workstream back (undo)."""

    workstream: Workstream
    dependencies: tuple[Dependency, ...]
    was_go_live: bool


@dataclass(frozen=True)
class AnalysedPlan:
    """The plan and its analysis, read in one transaction (what a report is made from)."""

    analysis: PlanAnalysis
    teams: list[Team]
    dependencies: list[Dependency]
    last_updates: dict[int, datetime]  # workstream id -> when it was last changed or commented on
    history_id: int  # the last history entry the plan reflects
    latest_comments: dict[int, StatusComment] = dataclasses.field(default_factory=dict)  # by workstream id


class MigrationService:
    """Reads return plain dataclasses; each change is one validated, recorded transaction."""

    def __init__(
        self,
        store: database.MigrationStore,
        *,
        actor: str | None = None,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self._units = UnitOfWorkFactory(store, actor or current_user(), now)
        self._today = today or date.today
        self._data_version: int | None = None  # of the file, when file_changed_elsewhere last looked

    # ------------------------------------------------------------ opening and closing

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        showing_bad_values: bool = False,
        **options: Any,
    ) -> MigrationService:
        """Open a file; ``showing_bad_values`` opens one holding values Migrator cannot use
        read-only, to show it: reads then replace each by a neutral value and list them
        (``read_plan().problems``) instead of refusing the file."""
        store = database.open_store(path, read_only=read_only, showing_bad_values=showing_bad_values)
        return cls(store, **options)

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        migration: NewMigration,
        *,
        populate: Callable[[MigrationService], None] | None = None,
        **options: Any,
    ) -> MigrationService:
        """Create a new migration file; ``populate`` fills it before it appears on disk,
        so a failure leaves no file behind."""
        path = Path(path)
        name = rules.require_text(migration.name, "The migration's name")
        rules.check_target_after_start(migration.start, migration.target_go_live)
        with database.new_file_in_place(path) as store:
            service = cls(store, **options)
            with service._units.changing() as uow:
                uow.session.add(
                    MigrationRow(
                        id=1,
                        name=name,
                        description=migration.description,
                        start_date=migration.start,
                        target_go_live=migration.target_go_live,
                        working_weekdays="01234",
                    )
                )
                uow.record("migration", 1, name, "created")
            if populate is not None:
                populate(service)
        return cls.open(path, **options)

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def actor(self) -> str:
        """Who this service's changes are credited to in history and reports."""
        return self._units.actor

    def set_actor(self, name: str) -> None:
        self._units.actor = rules.require_text(name, "Your name", max_length=200)

    def today(self) -> date:
        return self._today()

    def now(self) -> datetime:
        """The service's clock (UTC, naive), as history records it."""
        return self._units.now()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> MigrationService:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # ------------------------------------------------------------ the migration

    def migration(self) -> Migration:
        with self._units.reading() as session:
            return plan_reader.read_migration(_connection(session), self.store.path.name)

    def read_plan(self) -> StoredPlan:
        """What the window shows of the plan, read in one transaction."""
        with self._units.reading() as session:
            return plan_reader.read_plan(_connection(session), self.store.path.name)

    def calendar(self) -> WorkingCalendar:
        migration = self.migration()
        return WorkingCalendar(migration.working_weekdays, migration.non_working_dates)

    def analyse(self, as_of: date | None = None) -> PlanAnalysis:
        """Forecast, float, critical path, conflicts and health as of ``as_of`` (default: today).

        The plan is read in one transaction, so the analysis sees one consistent state.
        """
        with self._units.reading() as session, collector_paused():  # 60,000 rows, no cycles
            connection = _connection(session)
            migration = plan_reader.read_migration(connection, self.store.path.name)
            teams = plan_reader.read_teams(connection)
            workstreams = plan_reader.read_workstreams(connection)
            dependencies = plan_reader.read_dependencies(connection, keys={w.id: w.key for w in workstreams})
        return analyse(migration, teams, workstreams, dependencies, as_of or self.today())

    def analyse_plan(self, as_of: date | None = None) -> AnalysedPlan:
        """``analyse`` plus the teams, links and last updates it was made from, all in one read."""
        with self._units.reading() as session, collector_paused():  # 60,000 rows, no cycles
            connection = _connection(session)
            migration = plan_reader.read_migration(connection, self.store.path.name)
            teams = plan_reader.read_teams(connection)
            workstreams = plan_reader.read_workstreams(connection)
            dependencies = plan_reader.read_dependencies(connection, keys={w.id: w.key for w in workstreams})
            last_updates = plan_reader.read_last_updates(connection)
            comments = plan_reader.read_latest_comments(connection)
            history_id = _last_history_id(session)
        analysis = analyse(migration, teams, workstreams, dependencies, as_of or self.today())
        return AnalysedPlan(analysis, teams, dependencies, last_updates, history_id, comments)

    def non_working_days(self) -> dict[date, str]:
        with self._units.reading() as session:
            return plan_reader.read_non_working_days(_connection(session))

    def update_migration(
        self, changes: Mapping[str, Any], comment: str = "", expected_version: int | None = None
    ) -> None:
        with self._units.changing() as uow:
            self.update_migration_in(uow, changes, comment, expected_version)

    def update_settings(
        self,
        changes: Mapping[str, Any],
        non_working_days: Mapping[date, str] | None,
        expected_version: int | None = None,
    ) -> None:
        """The migration's settings and its calendar as one transaction, refused as a whole when
        the migration changed since it was read at ``expected_version``."""
        with self._units.changing() as uow:
            self.update_migration_in(uow, changes, expected_version=expected_version)
            if non_working_days is not None:
                self.set_non_working_days_in(uow, non_working_days)

    def update_migration_in(
        self,
        uow: UnitOfWork,
        changes: Mapping[str, Any],
        comment: str = "",
        expected_version: int | None = None,
    ) -> dict[str, Any]:
        """``update_migration`` inside a caller's unit of work; returns the changed fields' new values.

        ``health_thresholds`` (a HealthThresholds) is stored as one column per threshold and
        recorded in history per threshold ("red_slip_days", ...); it is returned whole.
        """
        allowed = {"name", "description", "start", "target_go_live", "go_live_milestone_id",
                   "working_weekdays", "health_thresholds"}  # fmt: skip
        _reject_unknown(changes, allowed, "migration")
        columns = {"start": "start_date"}
        row = _get(uow.session, MigrationRow, 1, "migration")
        check_version(uow, row, expected_version, "migration", row.name)
        values = {field: getattr(row, columns.get(field, field)) for field in allowed - {"health_thresholds"}}
        values["working_weekdays"] = frozenset(int(d) for d in row.working_weekdays)
        values["health_thresholds"] = _thresholds_from_row(row)
        values.update(changes)
        values["name"] = rules.require_text(values["name"], "The migration's name")
        values["description"] = rules.optional_text(values["description"], "Description")
        rules.check_target_after_start(values["start"], values["target_go_live"])
        weekdays = frozenset(values["working_weekdays"])
        if not weekdays or not weekdays <= set(range(7)):
            raise ValidationError("The working week needs at least one day, Monday to Sunday.")
        milestone_id = values["go_live_milestone_id"]
        if milestone_id is not None:
            milestone = _get(uow.session, WorkstreamRow, milestone_id, "workstream")
            if not milestone.is_milestone:
                raise ValidationError(f"{milestone.key} is not a milestone, so it cannot be the go-live.")
        values["working_weekdays"] = "".join(str(d) for d in sorted(weekdays))
        thresholds = values["health_thresholds"]
        if not isinstance(thresholds, HealthThresholds):
            raise ValidationError(f"Health thresholds cannot be {thresholds!r}.")
        rules.check_health_thresholds(thresholds)
        changed: dict[str, Any] = {}
        for field in changes:
            if field == "health_thresholds":
                if _write_thresholds(uow, row, thresholds, comment):
                    changed[field] = thresholds
                continue
            column = columns.get(field, field)
            old = getattr(row, column)
            if old != values[field]:
                setattr(row, column, values[field])
                uow.record("migration", 1, row.name, "changed", field, old, values[field], comment)
                changed[field] = values[field]
        return changed

    def set_non_working_days(self, days: Mapping[date, str]) -> None:
        """Replace the public holidays and other non-working dates."""
        with self._units.changing() as uow:
            self.set_non_working_days_in(uow, days)

    def set_non_working_days_in(self, uow: UnitOfWork, days: Mapping[date, str]) -> None:
        current = {r.day: r for r in uow.session.scalars(select(NonWorkingDayRow))}
        changed = False
        for day, row in current.items():
            if day not in days:
                uow.session.delete(row)
                uow.record("migration", 1, "calendar", "changed", "non_working_day", day, None)
                changed = True
        for day, name in days.items():
            if day not in current:
                uow.session.add(NonWorkingDayRow(day=day, name=name.strip()))
                uow.record("migration", 1, "calendar", "changed", "non_working_day", None, day)
                changed = True
            elif current[day].name != name.strip():
                current[day].name = name.strip()
                changed = True
        if changed:  # the calendar is part of the migration: its version moves with it
            flag_modified(_get(uow.session, MigrationRow, 1, "migration"), "working_weekdays")

    # ------------------------------------------------------------ teams

    def teams(self) -> list[Team]:
        with self._units.reading() as session:
            return plan_reader.read_teams(_connection(session))

    def team(self, team_id: int) -> Team:
        for team in self.teams():
            if team.id == team_id:
                return team
        raise _gone("team", team_id)

    def team_by_code(self, code: str) -> Team:
        for team in self.teams():
            if team.code == code.strip().upper():
                return team
        known = ", ".join(sorted(team.code for team in self.teams()))
        raise NotFoundError(f"There is no team with code '{code}' (teams: {known or 'none yet'}).")

    def create_team(
        self,
        name: str,
        code: str | None = None,
        colour: str | None = None,
        lead_id: int | None = None,
    ) -> int:
        with self._units.changing() as uow:
            return self.create_team_in(uow, name, code, colour, lead_id)

    def create_team_in(
        self, uow: UnitOfWork, name: str, code: str | None, colour: str | None, lead_id: int | None
    ) -> int:
        session = uow.session
        name = rules.require_text(name, "A team's name")
        existing = session.execute(select(TeamRow.name, TeamRow.code)).all()
        if any(n.casefold() == name.casefold() for n, _ in existing):
            raise ValidationError(f"There is already a team called '{name}'.")
        owners = {c: n for n, c in existing}
        code = rules.normalise_team_code(code) if code else rules.suggest_team_code(name, set(owners))
        if code in owners:
            raise ValidationError(f"Team code {code} is already the code of {owners[code]}.")
        colour = rules.check_colour(colour) if colour else TEAM_COLOURS[len(existing) % len(TEAM_COLOURS)]
        if lead_id is not None:
            _get(session, PersonRow, lead_id, "person")
        row = TeamRow(name=name, code=code, colour=colour, lead_id=lead_id, next_key_number=1)
        session.add(row)
        session.flush()
        uow.record("team", row.id, name, "created", comment=f"code {code}")
        return row.id

    def update_team(
        self, team_id: int, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> None:
        _reject_unknown(changes, {"name", "code", "colour", "lead_id"}, "team")
        with self._units.changing() as uow:
            row = _get(uow.session, TeamRow, team_id, "team")
            check_version(uow, row, expected_version, "team", row.name)
            values = dict(changes)
            if "name" in values:
                values["name"] = rules.require_text(values["name"], "A team's name")
                clash = uow.session.scalar(
                    select(TeamRow.id).where(
                        func.lower(TeamRow.name) == values["name"].lower(), TeamRow.id != team_id
                    )
                )
                if clash:
                    raise ValidationError(f"There is already a team called '{values['name']}'.")
            if "code" in values:
                values["code"] = rules.normalise_team_code(values["code"])
                holder = uow.session.scalar(
                    select(TeamRow.name).where(TeamRow.code == values["code"], TeamRow.id != team_id)
                )
                if holder:
                    raise ValidationError(f"Team code {values['code']} is already the code of {holder}.")
            if "colour" in values:
                values["colour"] = rules.check_colour(values["colour"])
            if values.get("lead_id") is not None:
                _get(uow.session, PersonRow, values["lead_id"], "person")
            _apply(uow, row, values, "team", row.name)

    def delete_team(
        self, team_id: int, move_workstreams_to: int | None = None, expected_version: int | None = None
    ) -> None:
        """Remove a team; its workstreams move to another team, which must then be named."""
        with self._units.changing() as uow:
            row = _get(uow.session, TeamRow, team_id, "team")
            check_version(uow, row, expected_version, "team", row.name)
            owned = uow.session.scalars(select(WorkstreamRow).where(WorkstreamRow.team_id == team_id)).all()
            if owned and move_workstreams_to is None:
                raise ValidationError(
                    f"Team {row.name} still has {len(owned)} workstream(s); choose a team to move them to."
                )
            if owned:
                if move_workstreams_to == team_id:
                    raise ValidationError("Workstreams cannot move to the team being removed.")
                target = _get(uow.session, TeamRow, move_workstreams_to, "team")
                for ws in owned:
                    ws.team_id = target.id
                    uow.record("workstream", ws.id, ws.key, "changed", "team", row.name, target.name)
            for person in uow.session.scalars(select(PersonRow).where(PersonRow.team_id == team_id)):
                person.team_id = None
            uow.record("team", row.id, row.name, "deleted", old=row.code)
            uow.session.delete(row)

    # ------------------------------------------------------------ people

    def people(self) -> list[Person]:
        with self._units.reading() as session:
            return plan_reader.read_people(_connection(session))

    def create_person(self, name: str, email: str | None = None, team_id: int | None = None) -> int:
        with self._units.changing() as uow:
            return self.create_person_in(uow, name, email, team_id)

    def create_person_in(self, uow: UnitOfWork, name: str, email: str | None, team_id: int | None) -> int:
        name = rules.require_text(name, "A person's name")
        email = rules.check_email(email)
        if team_id is not None:
            _get(uow.session, TeamRow, team_id, "team")
        row = PersonRow(name=name, email=email, team_id=team_id)
        uow.session.add(row)
        uow.session.flush()
        uow.record("person", row.id, name, "created")
        return row.id

    def update_person(
        self, person_id: int, changes: Mapping[str, Any], expected_version: int | None = None
    ) -> None:
        _reject_unknown(changes, {"name", "email", "team_id"}, "person")
        with self._units.changing() as uow:
            row = _get(uow.session, PersonRow, person_id, "person")
            check_version(uow, row, expected_version, "person", row.name)
            values = dict(changes)
            if "name" in values:
                values["name"] = rules.require_text(values["name"], "A person's name")
            if "email" in values:
                values["email"] = rules.check_email(values["email"])
            if values.get("team_id") is not None:
                _get(uow.session, TeamRow, values["team_id"], "team")
            _apply(uow, row, values, "person", row.name)

    def delete_person(self, person_id: int, expected_version: int | None = None) -> None:
        """Remove a person; their workstreams become unowned (recorded in history)."""
        with self._units.changing() as uow:
            row = _get(uow.session, PersonRow, person_id, "person")
            check_version(uow, row, expected_version, "person", row.name)
            for ws in uow.session.scalars(select(WorkstreamRow).where(WorkstreamRow.owner_id == person_id)):
                ws.owner_id = None
                uow.record("workstream", ws.id, ws.key, "changed", "owner", row.name, None)
            for team in uow.session.scalars(select(TeamRow).where(TeamRow.lead_id == person_id)):
                team.lead_id = None
            uow.record("person", row.id, row.name, "deleted")
            uow.session.delete(row)

    # ------------------------------------------------------------ workstreams

    def workstreams(self) -> list[Workstream]:
        """All workstreams with their team and owner names, ordered by team and key number."""
        with self._units.reading() as session:
            return plan_reader.read_workstreams(_connection(session))

    def workstream(self, workstream_id: int) -> Workstream:
        found = self.workstreams_by_id([workstream_id])
        if not found:
            raise _gone("workstream", workstream_id)
        return found[0]

    def workstream_by_key(self, key: str) -> Workstream:
        key = key.strip().upper()
        with self._units.reading() as session:
            found_id = session.scalar(select(WorkstreamRow.id).where(WorkstreamRow.key == key))
            found = plan_reader.read_workstreams(_connection(session), [] if found_id is None else [found_id])
        if not found:
            raise NotFoundError(f"There is no workstream {key}.")
        return found[0]

    def create_workstream(
        self,
        title: str,
        team_id: int,
        *,
        key: str | None = None,
        comment: str = "",
        **fields: Any,
    ) -> int:
        """Add a workstream; the key is generated from the team code when not given."""
        with self._units.changing() as uow:
            return self.create_workstream_in(uow, title, team_id, key=key, comment=comment, **fields)

    def create_workstream_in(
        self,
        uow: UnitOfWork,
        title: str,
        team_id: int,
        *,
        key: str | None = None,
        comment: str = "",
        **fields: Any,
    ) -> int:
        """``create_workstream`` inside a caller's unit of work (plan import, demo)."""
        _reject_unknown(fields, set(WORKSTREAM_FIELDS) - {"key", "title", "team_id"}, "workstream")
        _check_types(fields)
        session = uow.session
        team = _get(session, TeamRow, team_id, "team")
        if key and session.scalar(
            select(WorkstreamRow.id).where(WorkstreamRow.key == rules.normalise_key(key))
        ):
            raise ValidationError(f"Key {rules.normalise_key(key)} is already used by another workstream.")
        key = assign_key(
            team,
            key,
            lambda k: session.scalar(select(WorkstreamRow.id).where(WorkstreamRow.key == k)) is not None,
        )
        state = new_workstream_state(key, team_id, {"title": title, **fields}, self.today())
        _check_references(session, state)
        row = WorkstreamRow(**{k: column_value(v) for k, v in state.items()})
        session.add(row)
        session.flush()
        uow.record("workstream", row.id, key, "created", new=state["title"], comment=comment)
        return row.id

    def update_workstream(
        self,
        workstream_id: int,
        changes: Mapping[str, Any],
        *,
        comment: str = "",
        expected_version: int | None = None,
    ) -> Workstream:
        """Change fields of one workstream; a status move also fills actual dates."""
        with self._units.changing() as uow:
            self.update_workstream_in(
                uow, workstream_id, changes, comment=comment, expected_version=expected_version
            )
        return self.workstream(workstream_id)

    def update_workstream_in(
        self,
        uow: UnitOfWork,
        workstream_id: int,
        changes: Mapping[str, Any],
        *,
        comment: str = "",
        expected_version: int | None = None,
    ) -> list[str]:
        """``update_workstream`` inside a caller's unit of work; returns the changed fields."""
        row = _get(uow.session, WorkstreamRow, workstream_id, "workstream")
        check_version(uow, row, expected_version, "workstream", row.key)
        values = self._checked_update(uow, row, changes, comment)
        for field, value in values.items():
            setattr(row, field, value)
        return list(values)

    def _checked_update(
        self, uow: UnitOfWork, row: WorkstreamRow, changes: Mapping[str, Any], comment: str
    ) -> dict[str, Any]:
        """The column values ``changes`` give ``row`` (a status move also fills actual dates),
        checked and recorded in history; the caller writes them."""
        _reject_unknown(changes, set(WORKSTREAM_FIELDS), "workstream")
        _check_types(changes)
        session = uow.session
        before = row_state(row)
        state = dict(before)
        state.update(changes)
        if "status" in changes:
            state.update(implied_by_status_move(before["status"], state["status"], state, self.today()))
            state.update(changes)
        if "key" in changes and state["key"] != before["key"]:
            state["key"] = rules.normalise_key(state["key"])
            if session.scalar(select(WorkstreamRow.id).where(WorkstreamRow.key == state["key"])):
                raise ValidationError(f"Key {state['key']} is already used by another workstream.")
        state = checked_workstream_state(state)
        _check_references(session, state)
        changed = [field for field in WORKSTREAM_FIELDS if state[field] != before[field]]
        for field in changed:
            old, new = before[field], state[field]
            if field == "team_id":
                old, new = _team_name(session, old), _team_name(session, new)
            elif field == "owner_id":
                old, new = _person_name(session, old), _person_name(session, new)
            uow.record("workstream", row.id, state["key"], "changed", _field_label(field), old, new, comment)
        if comment and not changed:
            uow.record("workstream", row.id, row.key, "commented", comment=comment)
        if not state["is_milestone"]:
            go_live = session.get(MigrationRow, 1)
            if go_live is not None and go_live.go_live_milestone_id == row.id:
                go_live.go_live_milestone_id = None
        return {field: column_value(state[field]) for field in changed}

    def update_workstreams(
        self,
        changes: Mapping[int, Mapping[str, Any]],
        *,
        comment: str = "",
        expected_versions: Mapping[int, int] | None = None,
    ) -> list[Workstream]:
        """Change several workstreams as one action (a bulk edit, an undo); all or nothing.
        ``expected_versions``: the version of each row the caller showed; if one moved on since,
        nothing changes and the refusal says who changed it.

        Returns the changed workstreams as they are now."""
        with self._units.changing() as uow:
            if any("key" in fields for fields in changes.values()):
                expected = expected_versions or {}
                check_versions(uow, {r.id: r for r in _rows_by_id(uow.session, WorkstreamRow, expected)},
                               expected, "workstream")  # fmt: skip
                # A key one row gives up may be another's new key: each row is written (autoflush)
                # before the next is checked.
                for workstream_id, fields in changes.items():
                    self.update_workstream_in(uow, workstream_id, fields, comment=comment)
            else:
                updates = self._checked_updates(uow, changes, comment, expected_versions)
                uow.update_rows(WorkstreamRow, updates)
        return self.workstreams_by_id(changes)

    def _checked_updates(
        self,
        uow: UnitOfWork,
        changes: Mapping[int, Mapping[str, Any]],
        comment: str,
        expected_versions: Mapping[int, int] | None = None,
    ) -> list[tuple[WorkstreamRow, dict[str, Any]]]:
        """Each row with the column values its changes give it, checked and recorded in history."""
        session = uow.session
        # Read at once and held here: the session forgets the rows nobody refers to, and would
        # read each workstream, its team, owner and the migration again for every row.
        rows = {row.id: row for row in _rows_by_id(session, WorkstreamRow, changes)}
        _held = [*session.scalars(select(TeamRow)), *session.scalars(select(PersonRow))]
        _held.append(session.get(MigrationRow, 1))
        check_versions(uow, rows, expected_versions, "workstream")
        checked = []
        for workstream_id, fields in changes.items():
            row = rows.get(workstream_id)
            if row is None:
                raise _gone("workstream", workstream_id)
            checked.append((row, self._checked_update(uow, row, fields, comment)))
        return checked

    def workstreams_by_id(self, workstream_ids: Iterable[int]) -> list[Workstream]:
        """The named workstreams that exist, in plan order."""
        with self._units.reading() as session:
            return plan_reader.read_workstreams(_connection(session), workstream_ids)

    def add_comment(self, workstream_id: int, comment: str) -> None:
        """A status comment in the workstream's history (e.g. after a stand-up)."""
        comment = rules.require_text(comment, "A comment", max_length=rules.MAX_TEXT)
        with self._units.changing() as uow:
            row = _get(uow.session, WorkstreamRow, workstream_id, "workstream")
            uow.record("workstream", row.id, row.key, "commented", comment=comment)

    def delete_workstream(self, workstream_id: int) -> DeletedWorkstream:
        """Delete a workstream and its links; its content and links stay in history."""
        return self.delete_workstreams([workstream_id])[0]

    def delete_workstreams(
        self, workstream_ids: Iterable[int], expected_versions: Mapping[int, int] | None = None
    ) -> list[DeletedWorkstream]:
        """Delete several workstreams as one action; restore_workstreams brings them all back.
        ``expected_versions`` as for update_workstreams: one row changed since, none deleted."""
        expected = expected_versions or {}
        with self._units.changing() as uow:
            return [
                self.delete_workstream_in(uow, workstream_id, expected.get(workstream_id))
                for workstream_id in workstream_ids
            ]

    def delete_workstream_in(
        self, uow: UnitOfWork, workstream_id: int, expected_version: int | None = None
    ) -> DeletedWorkstream:
        row = _get(uow.session, WorkstreamRow, workstream_id, "workstream")
        check_version(uow, row, expected_version, "workstream", row.key)
        workstream = plan_reader.read_workstreams(_connection(uow.session), [workstream_id])[0]
        links = plan_reader.read_dependencies(_connection(uow.session), of_workstream=workstream_id)
        migration = uow.session.get(MigrationRow, 1)
        was_go_live = migration is not None and migration.go_live_milestone_id == workstream_id
        for link in links:
            uow.record("dependency", link.id, _link_label(link), "deleted", old=_link_text(link))
        for field, value in row_state(row).items():
            if value not in (None, "", False, 0) or field in ("status", "title"):
                uow.record("workstream", row.id, row.key, "deleted", _field_label(field), value, None)
        uow.session.execute(
            delete(DependencyRow).where(
                (DependencyRow.predecessor_id == workstream_id)
                | (DependencyRow.successor_id == workstream_id)
            )
        )
        uow.session.delete(row)
        uow.session.flush()
        return DeletedWorkstream(workstream, tuple(links), was_go_live)

    def restore_workstream(self, deleted: DeletedWorkstream) -> int:
        """Bring back a deleted workstream with its id, key and the links whose other end exists."""
        self.restore_workstreams([deleted])
        return deleted.workstream.id

    def restore_workstreams(self, deleted: Sequence[DeletedWorkstream]) -> None:
        """Undo delete_workstreams: in reverse order, so links between them come back too."""
        with self._units.changing() as uow:
            # Links made since the delete (in another window, say) may close a loop with those
            # coming back: one graph of the file's links, to which each restored link is added.
            graph = _successor_graph(uow.session) if any(d.dependencies for d in deleted) else {}
            for item in reversed(deleted):
                self.restore_workstream_in(uow, item, graph)

    def restore_workstream_in(
        self, uow: UnitOfWork, deleted: DeletedWorkstream, graph: dict[int, set[int]]
    ) -> None:
        """One deleted workstream back; ``graph`` holds the file's links (successors by id)."""
        ws = deleted.workstream
        session = uow.session
        if session.get(WorkstreamRow, ws.id) is not None:
            raise ValidationError(f"{ws.key} already exists.")
        if session.scalar(select(WorkstreamRow.id).where(WorkstreamRow.key == ws.key)):
            raise ValidationError(f"Key {ws.key} is used by another workstream now.")
        team = session.get(TeamRow, ws.team_id)
        if team is None:
            raise ValidationError(f"{ws.key} cannot come back: its team {ws.team_name} was removed.")
        team_id = team.id
        assign_key(team, ws.key, lambda _key: False)  # the team's counter moves past the key again
        owner_id = ws.owner_id if ws.owner_id and session.get(PersonRow, ws.owner_id) else None
        values = {field: getattr(ws, field) for field in WORKSTREAM_FIELDS}
        values.update(team_id=team_id, owner_id=owner_id)
        row = WorkstreamRow(id=ws.id, **{k: column_value(v) for k, v in values.items()})
        session.add(row)
        session.flush()
        uow.record("workstream", ws.id, ws.key, "restored", new=ws.title)
        for link in deleted.dependencies:
            other = link.successor_id if link.predecessor_id == ws.id else link.predecessor_id
            if session.get(WorkstreamRow, other) is None:
                continue
            try:
                _refuse_loop(session, graph, link.predecessor_id, link.successor_id)
            except DependencyLoopError as error:
                raise DependencyLoopError(
                    error.loop,
                    f"{ws.key} cannot come back with its link {_link_label(link)}: with the links "
                    f"made since it was deleted it would close a loop ({' → '.join(error.loop)}). "
                    "Remove one of those links first.",
                ) from None
            graph.setdefault(link.predecessor_id, set()).add(link.successor_id)
            session.add(
                DependencyRow(
                    id=link.id, predecessor_id=link.predecessor_id, successor_id=link.successor_id,
                    type=link.type.value, lag=link.lag, note=link.note,
                )
            )  # fmt: skip
            uow.record("dependency", link.id, _link_label(link), "restored", new=_link_text(link))
        if deleted.was_go_live:
            migration = session.get(MigrationRow, 1)
            if migration is not None:
                migration.go_live_milestone_id = ws.id
        session.flush()

    # ------------------------------------------------------------ dependencies

    def dependencies(self) -> list[Dependency]:
        with self._units.reading() as session:
            return plan_reader.read_dependencies(_connection(session))

    def add_dependency(
        self,
        predecessor_id: int,
        successor_id: int,
        type: DependencyType = DependencyType.FS,
        lag: int = 0,
        note: str = "",
    ) -> int:
        """Link two workstreams; refuses self links, duplicates and loops (naming the loop)."""
        with self._units.changing() as uow:
            return self.add_dependency_in(uow, predecessor_id, successor_id, type, lag, note)

    def add_dependency_in(
        self,
        uow: UnitOfWork,
        predecessor_id: int,
        successor_id: int,
        type: DependencyType = DependencyType.FS,
        lag: int = 0,
        note: str = "",
        graph: dict[int, set[int]] | None = None,
    ) -> int:
        """``add_dependency`` inside a caller's unit of work; ``graph`` (successors by id)
        lets a bulk caller check loops without reloading every link each time."""
        session = uow.session
        pred = _get(session, WorkstreamRow, predecessor_id, "workstream")
        succ = _get(session, WorkstreamRow, successor_id, "workstream")
        type = _dependency_type(type)
        lag = rules.check_lag(lag)
        note = rules.optional_text(note, "A dependency note")
        if predecessor_id == successor_id:
            raise ValidationError(f"{pred.key} cannot depend on itself.")
        existing = session.scalar(
            select(DependencyRow.id).where(
                DependencyRow.predecessor_id == predecessor_id, DependencyRow.successor_id == successor_id
            )
        )
        if existing:
            raise ValidationError(f"{succ.key} already depends on {pred.key}.")
        if graph is None:
            graph = _successor_graph(session)
        _refuse_loop(session, graph, predecessor_id, successor_id)
        row = DependencyRow(
            predecessor_id=predecessor_id, successor_id=successor_id, type=type.value, lag=lag, note=note
        )
        session.add(row)
        session.flush()
        graph.setdefault(predecessor_id, set()).add(successor_id)
        label = link_label(pred.key, succ.key)
        uow.record("dependency", row.id, label, "created", new=f"{type.value}{lag:+d}" if lag else type.value)
        return row.id

    def dependencies_by_id(self, dependency_ids: Iterable[int]) -> list[Dependency]:
        """The named links that exist."""
        with self._units.reading() as session:
            return plan_reader.read_dependencies(_connection(session), ids=list(dependency_ids))

    def dependency(self, dependency_id: int) -> Dependency:
        with self._units.reading() as session:
            found = plan_reader.read_dependencies(_connection(session), ids=[dependency_id])
        if not found:
            raise _gone("dependency", dependency_id)
        return found[0]

    def restore_dependency(self, link: Dependency) -> None:
        """Bring a removed link back with its id (undo); refused like a new one if it would loop."""
        with self._units.changing() as uow:
            session = uow.session
            if session.get(DependencyRow, link.id) is not None:
                raise ValidationError(f"The link {_link_label(link)} already exists.")
            for end in (link.predecessor_id, link.successor_id):
                _get(session, WorkstreamRow, end, "workstream")
            _refuse_loop(session, _successor_graph(session), link.predecessor_id, link.successor_id)
            session.add(
                DependencyRow(
                    id=link.id, predecessor_id=link.predecessor_id, successor_id=link.successor_id,
                    type=link.type.value, lag=link.lag, note=link.note,
                )
            )  # fmt: skip
            uow.record("dependency", link.id, _link_label(link), "restored", new=_link_text(link))

    def update_dependency(
        self,
        dependency_id: int,
        *,
        type: DependencyType | None = None,
        lag: int | None = None,
        note: str | None = None,
        expected_version: int | None = None,
    ) -> None:
        with self._units.changing() as uow:
            row = _get(uow.session, DependencyRow, dependency_id, "dependency")
            link = plan_reader.read_dependencies(_connection(uow.session), ids=[dependency_id])[0]
            check_version(uow, row, expected_version, "dependency", f"The link {_link_label(link)}")
            values: dict[str, Any] = {}
            if type is not None:
                values["type"] = _dependency_type(type).value
            if lag is not None:
                values["lag"] = rules.check_lag(lag)
            if note is not None:
                values["note"] = rules.optional_text(note, "A dependency note")
            _apply(uow, row, values, "dependency", _link_label(link))

    def remove_dependency(self, dependency_id: int, expected_version: int | None = None) -> Dependency:
        with self._units.changing() as uow:
            return self.remove_dependency_in(uow, dependency_id, expected_version)

    def remove_dependency_in(
        self, uow: UnitOfWork, dependency_id: int, expected_version: int | None = None
    ) -> Dependency:
        """``remove_dependency`` inside a caller's unit of work (plan import)."""
        row = _get(uow.session, DependencyRow, dependency_id, "dependency")
        link = plan_reader.read_dependencies(_connection(uow.session), ids=[dependency_id])[0]
        check_version(uow, row, expected_version, "dependency", f"The link {_link_label(link)}")
        uow.record("dependency", link.id, _link_label(link), "deleted", old=_link_text(link))
        uow.session.delete(row)
        return link

    # ------------------------------------------------------------ history and summaries

    def history(self, entity: str, entity_id: int) -> list[HistoryEntry]:
        """One entity's history, newest first."""
        with self._units.reading() as session:
            rows = session.scalars(
                select(HistoryRow)
                .where(HistoryRow.entity == entity, HistoryRow.entity_id == entity_id)
                .order_by(HistoryRow.id.desc())
            ).all()
            return [history_from_row(row) for row in rows]

    def workstream_history(self, workstream_id: int) -> list[HistoryEntry]:
        """A workstream's own history and that of its links, newest first."""
        with self._units.reading() as session:
            own = (HistoryRow.entity == "workstream") & (HistoryRow.entity_id == workstream_id)
            # Its links are recorded under the keys it had then: every key it has had.
            keys: set[str] = set()
            for label, field, old, new in session.execute(
                select(
                    HistoryRow.entity_label, HistoryRow.field, HistoryRow.old_value, HistoryRow.new_value
                ).where(own)
            ):
                keys.add(label)
                if field == "key":
                    keys.update(k for k in (old, new) if k)
            if (current := session.get(WorkstreamRow, workstream_id)) is not None:
                keys.add(current.key)
            condition = own
            for key in sorted(keys):
                condition |= (HistoryRow.entity == "dependency") & (
                    HistoryRow.entity_label.like(f"{key} → %") | HistoryRow.entity_label.like(f"% → {key}")
                )
            rows = session.scalars(select(HistoryRow).where(condition).order_by(HistoryRow.id.desc())).all()
            return [history_from_row(row) for row in rows]

    def recent_history(self, limit: int = 200) -> list[HistoryEntry]:
        with self._units.reading() as session:
            rows = session.scalars(select(HistoryRow).order_by(HistoryRow.id.desc()).limit(limit)).all()
            return [history_from_row(row) for row in rows]

    def history_since(self, after_id: int = 0) -> list[HistoryEntry]:
        """Every history entry recorded after entry ``after_id``, oldest first."""
        with self._units.reading() as session:
            rows = session.scalars(select(HistoryRow).where(HistoryRow.id > after_id).order_by(HistoryRow.id))
            return [history_from_row(row) for row in rows]

    def last_history_id(self) -> int:
        """The newest history entry's id (0 for none): where a window starts watching from."""
        with self._units.reading() as session:
            return _last_history_id(session)

    def file_changed_elsewhere(self) -> bool:
        """Whether another connection (a window, a program) wrote to the file since the last
        call: SQLite's data_version moves for their commits, never for this service's own.
        The first call only takes note."""
        with self._units.reading() as session:
            version = int(session.connection().exec_driver_sql("PRAGMA data_version").scalar() or 0)
        seen, self._data_version = self._data_version, version
        return seen is not None and seen != version

    def changed_elsewhere(self, entity: str, entity_id: int, label: str) -> ConcurrentEditError:
        """The refusal of an edit (an undo) of a row that someone else has changed since:
        who, when and what, from the row's history."""
        with self._units.reading() as session:
            return changed_elsewhere(session, self.now(), entity, entity_id, label)

    def changes_by_others(self, after_id: int) -> tuple[list[HistoryEntry], int]:
        """The history entries after ``after_id`` that others recorded (not this service's own
        edits), oldest first, and the id to ask from next time."""
        entries = self.history_since(after_id)
        last = entries[-1].id if entries else after_id
        return [e for e in entries if e.change_id not in self._units.own_changes], last

    def last_updates(self) -> dict[int, datetime]:
        """When each workstream (by id) was last changed or commented on."""
        with self._units.reading() as session:
            return plan_reader.read_last_updates(_connection(session))

    # ------------------------------------------------------------ snapshots and the baseline

    def snapshots(self) -> list[SnapshotInfo]:
        """Every stored snapshot, oldest first."""
        with self._units.reading() as session:
            return plan_reader.read_snapshots(_connection(session))

    def snapshot(self, snapshot_id: int) -> tuple[SnapshotInfo, PlanState, int]:
        """A snapshot's header, the plan state it kept, and the last history entry it had seen."""
        with self._units.reading() as session:
            row = session.execute(
                select(*_SNAPSHOT_HEADER, SnapshotRow.state, SnapshotRow.history_id).where(
                    SnapshotRow.id == snapshot_id
                )
            ).one_or_none()
        if row is None:
            raise NotFoundError(f"There is no snapshot #{snapshot_id} in this file; see migrator snapshots.")
        return (
            plan_reader.snapshot_info(row[: len(_SNAPSHOT_HEADER)]),
            plan_state.from_json(row.state),
            row.history_id,
        )

    def find_snapshot(self, reference: str) -> SnapshotInfo:
        """A snapshot by its number ("3", "#3") or as-of date (the latest as of that day or before)."""
        text = reference.strip().lstrip("#")
        known = self.snapshots()
        if text.isascii() and text.isdecimal():
            found = next((s for s in known if s.id == int(text)), None)
            if found is None:
                raise NotFoundError(f"There is no snapshot #{text} in this file; see migrator snapshots.")
            return found
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValidationError(
                f"'{reference}' is neither a snapshot number nor a date (YYYY-MM-DD)."
            ) from None
        earlier = [s for s in known if s.as_of <= day]
        if not earlier:
            raise NotFoundError(f"No snapshot in this file is as of {day.isoformat()} or earlier.")
        return max(earlier, key=lambda s: (s.as_of, s.id))

    def store_snapshot_in(
        self, uow: UnitOfWork, state: PlanState, seen: int, *, label: str = "", audience: str = "full"
    ) -> SnapshotInfo:
        """Keep ``state`` as a snapshot inside a caller's unit of work (an export commits it with
        the report); ``seen`` is the last history entry the state reflects."""
        label = rules.optional_text(label, "A snapshot's label", max_length=200)
        row = SnapshotRow(
            taken_at=uow.at,
            as_of=state.as_of,
            label=label,
            actor=uow.actor,
            audience=audience,
            history_id=seen,
            projected_go_live=state.projected_go_live,
            overall_health=state.overall_health.value,
            state=plan_state.to_json(state),
        )
        uow.session.add(row)
        uow.session.flush()
        return plan_reader.snapshot_info([getattr(row, name) for name in plan_reader.SNAPSHOT_HEADER])

    def set_baseline(self, snapshot_id: int) -> int:
        """Fill the workstreams' baseline dates from a stored snapshot; how many changed."""
        info, state, _seen = self.snapshot(snapshot_id)
        with self._units.changing() as uow:
            return self.set_baseline_in(uow, info, state)

    def set_baseline_in(self, uow: UnitOfWork, info: SnapshotInfo, state: PlanState) -> int:
        """Fill the baseline dates from ``state``, recorded in history; how many workstreams changed.

        The baseline is what the plan said then: the planned dates, or the forecast where a
        date was missing. Workstreams added since keep theirs.
        """
        comment = f"Baseline from snapshot #{info.id}" + (f" ({info.label})" if info.label else "")
        w = WorkstreamRow
        # Plain rows, written in batches: loading and flushing 20,000 ORM rows took seconds.
        rows = {
            row.id: row
            for row in uow.session.execute(select(w.id, w.key, w.version, w.baseline_start, w.baseline_due))
        }
        updates = []
        for kept in state.workstreams:
            row = rows.get(kept.id)
            if row is None:
                continue
            values = {
                "baseline_start": kept.planned_start or kept.forecast_start,
                "baseline_due": kept.planned_due or kept.forecast_finish,
            }
            moved = {field: new for field, new in values.items() if getattr(row, field) != new}
            for field, new in moved.items():
                uow.record("workstream", row.id, row.key, "changed", field, getattr(row, field), new, comment)
            updates.append((row, moved))
        uow.update_rows(WorkstreamRow, updates)
        return sum(bool(moved) for _row, moved in updates)

    def team_summaries(self) -> list[TeamSummary]:
        """Each team with its number of workstreams by status."""
        with self._units.reading() as session:
            counts: dict[int, dict[Status, int]] = defaultdict(dict)
            for team_id, status, count in session.execute(
                select(WorkstreamRow.team_id, WorkstreamRow.status, func.count()).group_by(
                    WorkstreamRow.team_id, WorkstreamRow.status
                )
            ):
                counts[team_id][Status(status)] = count
        return [
            TeamSummary(team, sum(counts[team.id].values()), dict(counts[team.id])) for team in self.teams()
        ]

    def plan_image(self, parts: frozenset[str] = EVERYTHING) -> PlanImage:
        """The plan's rows (not history or snapshots), or only ``parts``, for undoing a wide action."""
        with self._units.reading() as session:
            return read_image(session, parts)

    def restore_plan_image(self, image: PlanImage, comment: str, expected: PlanImage | None = None) -> int:
        """Put the plan back to ``image`` in one recorded transaction; how many rows changed.

        ``expected``: what the caller believes those rows hold now (an undo: the image taken
        after the action); if someone else changed one of them since, nothing changes."""
        with self._units.changing() as uow:
            if expected is not None and (changed := first_difference(uow.session, expected)) is not None:
                raise changed_elsewhere(uow.session, uow.at, *changed)
            return restore_image_in(uow, image, comment)

    def changing(self) -> Any:
        """A unit of work for callers that make several changes as one action."""
        return self._units.changing()


# ---------------------------------------------------------------- helpers


_IN_CHUNK = 500  # ids per IN (...) query


def assign_key(team: TeamRow, wanted: str | None, is_taken: Callable[[str], bool]) -> str:
    """A new workstream's key: ``wanted`` (normalised) or the team's next free number.

    The team's counter moves past the key either way, so a number is never reused, not even
    after a delete (history keeps the old key's story)."""
    if wanted:
        key = rules.normalise_key(wanted)
        if key.startswith(team.code + "-"):
            team.next_key_number = max(team.next_key_number, rules.key_number(key) + 1)
        return key
    number = team.next_key_number
    while is_taken(f"{team.code}-{number}"):
        number += 1
    team.next_key_number = number + 1
    return f"{team.code}-{number}"


def _gone(what: str, row_id: int | None) -> NotFoundError:
    """An item asked for by id is not in the file: a window showing it is behind the file."""
    return NotFoundError(
        f"There is no {what} with id {row_id} in the file; it may have been removed in another window."
    )


def _get(session: Session, model: type[Any], row_id: int | None, what: str) -> Any:
    row = session.get(model, row_id) if row_id is not None else None
    if row is None:
        raise _gone(what, row_id)
    return row


def _reject_unknown(changes: Mapping[str, Any], allowed: Iterable[str], what: str) -> None:
    unknown = sorted(set(changes) - set(allowed))
    if unknown:
        raise ValidationError(f"A {what} has no field(s) {', '.join(unknown)}.")


def _check_types(changes: Mapping[str, Any]) -> None:
    for field, value in changes.items():
        expected = WORKSTREAM_FIELDS[field]
        if isinstance(value, datetime) or (isinstance(value, bool) and expected is int):
            raise ValidationError(f"{_field_label(field).capitalize()} cannot be {value!r}.")
        if not isinstance(value, expected):
            raise ValidationError(f"{_field_label(field).capitalize()} cannot be {value!r}.")


def _dependency_type(value: DependencyType | str) -> DependencyType:
    try:
        return DependencyType(str(value).upper())
    except ValueError:
        raise ValidationError(f"Dependency type '{value}' is not one of FS, SS, FF, SF.") from None


def _check_references(session: Session, state: dict[str, Any]) -> None:
    _get(session, TeamRow, state["team_id"], "team")
    if state["owner_id"] is not None:
        _get(session, PersonRow, state["owner_id"], "person")


def _field_label(field: str) -> str:
    return {"team_id": "team", "owner_id": "owner"}.get(field, field)


def _team_name(session: Session, team_id: int) -> str | None:
    row = session.get(TeamRow, team_id)
    return row.name if row else None


def _rows_by_id(session: Session, model: type[Any], ids: Iterable[int]) -> list[Any]:
    wanted = sorted(set(ids))
    return [
        row
        for start in range(0, len(wanted), _IN_CHUNK)
        for row in session.scalars(select(model).where(model.id.in_(wanted[start : start + _IN_CHUNK])))
    ]


def _person_name(session: Session, person_id: int | None) -> str | None:
    if person_id is None:
        return None
    row = session.get(PersonRow, person_id)
    return row.name if row else None


def _connection(session: Session) -> Any:
    """The session's own DB-API connection, inside its transaction, for the plan reader's SELECTs."""
    return session.connection().connection


_SNAPSHOT_HEADER = tuple(getattr(SnapshotRow, name) for name in plan_reader.SNAPSHOT_HEADER)


def _last_history_id(session: Session) -> int:
    return int(session.scalar(select(func.coalesce(func.max(HistoryRow.id), 0))) or 0)


def _thresholds_from_row(row: MigrationRow) -> HealthThresholds:
    return HealthThresholds(
        **{setting.name: getattr(row, setting.name) for setting in dataclasses.fields(HealthThresholds)}
    )


def _write_thresholds(uow: UnitOfWork, row: MigrationRow, thresholds: HealthThresholds, comment: str) -> bool:
    """Store each threshold in its column, one history entry per change; whether any changed."""
    any_changed = False
    for setting in dataclasses.fields(HealthThresholds):
        old, new = getattr(row, setting.name), getattr(thresholds, setting.name)
        if old != new:
            setattr(row, setting.name, new)
            uow.record("migration", 1, row.name, "changed", setting.name, old, new, comment)
            any_changed = True
    return any_changed


def _apply(uow: UnitOfWork, row: Any, values: Mapping[str, Any], entity: str, label: str) -> None:
    for field, new in values.items():
        old = getattr(row, field)
        if old != new:
            setattr(row, field, new)
            uow.record(entity, row.id, label, "changed", _field_label(field), old, new)


def _successor_graph(session: Session) -> dict[int, set[int]]:
    graph: dict[int, set[int]] = defaultdict(set)
    for pred, succ in session.execute(select(DependencyRow.predecessor_id, DependencyRow.successor_id)):
        graph[pred].add(succ)
    return graph


def _refuse_loop(
    session: Session, graph: dict[int, set[int]], predecessor_id: int, successor_id: int
) -> None:
    """Raise DependencyLoopError, naming the loop by keys, if the link would close one."""
    loop = loop_closed_by(graph, predecessor_id, successor_id)
    if loop:
        keys = dict(
            session.execute(
                select(WorkstreamRow.id, WorkstreamRow.key).where(WorkstreamRow.id.in_(loop))
            ).all()
        )
        raise DependencyLoopError([keys[i] for i in loop])


def _link_label(link: Dependency) -> str:
    return link_label(link.predecessor_key, link.successor_key)


def _link_text(link: Dependency) -> str:
    return link_text(link.predecessor_key, link.successor_key, link.type.value, link.lag)
