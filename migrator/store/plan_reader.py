"""The plan read from a DB-API connection with plain SELECTs: the one mapping of rows to the domain.

The service reads through it on its own connection; the window reads a current file
through it with the standard library alone, so the plan shows before SQLAlchemy loads.
SQLite gives dates as ISO text, PostgreSQL's drivers as date objects: both are accepted.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

from migrator.analysis.collector import collector_paused
from migrator.analysis.plan_state import SnapshotInfo
from migrator.analysis.results import HealthLevel
from migrator.domain.errors import FileBusyError, MigrationFileError, MigratorError
from migrator.domain.model import (
    Dependency,
    DependencyType,
    Health,
    HealthThresholds,
    Migration,
    Person,
    Status,
    StatusComment,
    Team,
    Workstream,
)
from migrator.domain.workstream_state import plan_order
from migrator.store.file_probe import connect, probe

# The newest schema revision: a file at it is read here directly. Kept in step with the
# revisions by a test (the store's Alembic scripts know the real head).
HEAD_REVISION = "r0005"
# History of the baseline dates is not news about the work itself.
BASELINE_FIELDS = ("baseline_start", "baseline_due")
_IN_CHUNK = 500  # ids per IN (...) query
T = TypeVar("T")


class Cursor(Protocol):
    def execute(self, operation: str, /) -> object: ...
    def fetchall(self) -> Sequence[Any]: ...
    def close(self) -> object: ...


class Connection(Protocol):
    def cursor(self) -> Cursor: ...


@dataclass(frozen=True)
class StoredPlan:
    """What the window shows of a plan, read in one transaction."""

    migration: Migration
    teams: list[Team]
    people: list[Person]
    workstreams: list[Workstream]  # in plan order: team, then key number
    dependencies: list[Dependency]
    last_updates: dict[int, datetime]  # workstream id -> when it was last changed
    snapshots: list[SnapshotInfo]  # every stored snapshot's header, oldest first


def read_current_file(path: Path) -> StoredPlan | None:
    """The plan of an intact, writable file at the newest schema revision, read through a
    read-only connection; None when anything is unusual, so the caller opens it the full way
    (which upgrades it, refuses it or explains what is wrong). FileBusyError while another
    program is writing it."""
    try:
        writable, revision = probe(path)
        if not writable or revision != HEAD_REVISION:
            return None
        connection = connect(path, read_only=True)
        try:
            connection.execute("BEGIN")  # one consistent read
            return read_plan(connection, path.name)
        finally:
            connection.close()
    except FileBusyError:
        raise  # nothing unusual about the file itself: the full open would only wait again
    except (MigratorError, sqlite3.Error, ValueError, KeyError, TypeError):
        return None  # damaged rows, or not a Migrator file: the full open says which


def read_plan(connection: Connection, file_name: str) -> StoredPlan:
    """Everything the window shows; the caller holds the transaction."""
    with collector_paused():  # 60,000 rows of plain values, no cycles: 50 ms of collection saved
        workstreams, snapshots = read_workstreams(connection), read_snapshots(connection)
        (stored,) = _rows(connection, "SELECT count(*) FROM workstream")[0]
        if stored != len(workstreams):  # another program left work whose team is gone
            raise MigrationFileError(
                f"{file_name} is damaged: {stored - len(workstreams)} of its workstreams belong to "
                "a team that is not in the file."
            )
        return StoredPlan(
            migration=read_migration(connection, file_name),
            teams=read_teams(connection),
            people=read_people(connection),
            workstreams=workstreams,
            dependencies=read_dependencies(connection, keys={w.id: w.key for w in workstreams}),
            last_updates=read_last_updates(connection),
            snapshots=snapshots,
        )


def _rows(connection: Connection, sql: str) -> Sequence[Any]:
    cursor = connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _day_reader() -> Callable[[Any], date | None]:
    """Optional dates as the driver gives them; each distinct text parsed once (plans repeat dates)."""
    seen: dict[Any, date | None] = {None: None}

    def day(value: Any) -> date | None:
        if value not in seen:
            seen[value] = _date(value)
        return seen[value]

    return day


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _ids(ids: Iterable[int]) -> list[str]:
    """Sorted ids as SQL lists of at most _IN_CHUNK numbers (ints: nothing to quote)."""
    wanted = sorted({int(i) for i in ids})
    chunks = range(0, len(wanted), _IN_CHUNK)
    return [",".join(map(str, wanted[start : start + _IN_CHUNK])) for start in chunks]


# ---------------------------------------------------------------- the migration

_THRESHOLDS = [setting.name for setting in dataclasses.fields(HealthThresholds)]


def read_migration(connection: Connection, file_name: str) -> Migration:
    found = _rows(
        connection,
        "SELECT name, description, start_date, target_go_live, go_live_milestone_id, working_weekdays, "
        f"version, {', '.join(_THRESHOLDS)} FROM migration WHERE id = 1",
    )
    if not found:
        raise MigrationFileError(f"{file_name} holds no migration.")
    name, description, start, target, go_live, weekdays, version, *thresholds = found[0]
    day = _day_reader()
    return Migration(
        name=name,
        description=description,
        start=day(start),
        target_go_live=day(target),
        go_live_milestone_id=go_live,
        working_weekdays=frozenset(int(d) for d in weekdays),
        non_working_dates=frozenset(read_non_working_days(connection)),
        version=version,
        health_thresholds=HealthThresholds(*thresholds),
    )


def read_non_working_days(connection: Connection) -> dict[date, str]:
    return {_date(day): name for day, name in _rows(connection, "SELECT day, name FROM non_working_day")}


# ---------------------------------------------------------------- teams and people


def read_teams(connection: Connection) -> list[Team]:
    rows = _rows(
        connection,
        "SELECT t.id, t.name, t.code, t.colour, t.lead_id, lead.name, t.version "
        "FROM team AS t LEFT OUTER JOIN person AS lead ON t.lead_id = lead.id ORDER BY t.name",
    )
    return [Team(*row) for row in rows]


def read_people(connection: Connection) -> list[Person]:
    rows = _rows(connection, "SELECT id, name, email, team_id, version FROM person ORDER BY name")
    return [Person(*row) for row in rows]


# ---------------------------------------------------------------- workstreams and links

_WORKSTREAMS = (
    "SELECT w.id, w.key, w.title, w.team_id, t.code, t.name, w.owner_id, owner.name, w.status, "
    "w.planned_start, w.planned_due, w.actual_start, w.actual_finish, w.progress, w.is_milestone, "
    "w.description, w.blocker_note, w.health_override, w.health_override_reason, "
    "w.baseline_start, w.baseline_due, w.source_ref, w.version "
    "FROM workstream AS w JOIN team AS t ON w.team_id = t.id "
    "LEFT OUTER JOIN person AS owner ON w.owner_id = owner.id"
)
_DATE_COLUMNS = (9, 10, 11, 12, 19, 20)  # planned, actual and baseline dates
_STATUS = {s.value: s for s in Status}
_HEALTH = {h.value: h for h in Health}
_TYPE = {t.value: t for t in DependencyType}


def read_workstreams(connection: Connection, ids: Iterable[int] | None = None) -> list[Workstream]:
    """Every workstream, or those of ``ids`` that exist, in plan order."""
    if ids is None:
        found = _workstreams(_rows(connection, _WORKSTREAMS))
    else:
        where = [f"{_WORKSTREAMS} WHERE w.id IN ({chunk})" for chunk in _ids(ids)]
        found = _workstreams([row for sql in where for row in _rows(connection, sql)])
    return sorted(found, key=plan_order)  # in Python: SQLite would sort 20,000 wide rows on disk


def _workstreams(rows: Sequence[Any]) -> list[Workstream]:
    """Columns come in the dataclass's field order; the status, dates, flag and health are converted."""
    day, build = _day_reader(), _builder(Workstream)
    result = []
    for row in rows:
        values = list(row)
        values[8] = _STATUS[values[8]]
        for i in _DATE_COLUMNS:
            values[i] = day(values[i])
        values[14] = bool(values[14])
        values[17] = _HEALTH[values[17]] if values[17] else None
        result.append(build(values))
    return result


def _builder(kind: type[T]) -> Callable[[Sequence[Any]], T]:
    """Instances of the frozen dataclass ``kind`` from values in its field order.

    A frozen dataclass's __init__ sets each field through object.__setattr__; filling the
    instance's dict directly builds 60,000 rows in half the time (the domain's dataclasses
    have no __post_init__ to skip)."""
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    new = object.__new__

    def build(values: Sequence[Any]) -> T:
        instance = new(kind)
        instance.__dict__.update(zip(names, values, strict=True))
        return instance

    return build


_DEPENDENCIES = "SELECT id, predecessor_id, successor_id, type, lag, note, version FROM dependency"


def read_dependencies(
    connection: Connection,
    *,
    ids: Iterable[int] | None = None,
    of_workstream: int | None = None,
    keys: Mapping[int, str] | None = None,
) -> list[Dependency]:
    """Every link in id order; or those of ``ids``; or those into or out of one workstream.

    Their ends' keys come from ``keys`` (workstream id -> key) when the caller has read them all."""
    if of_workstream is not None:
        end = int(of_workstream)
        wheres = [f" WHERE predecessor_id = {end} OR successor_id = {end}"]
    else:
        wheres = [""] if ids is None else [f" WHERE id IN ({chunk})" for chunk in _ids(ids)]
    rows = [row for where in wheres for row in _rows(connection, f"{_DEPENDENCIES}{where} ORDER BY id")]
    if keys is None:
        ends = None if ids is None and of_workstream is None else {i for row in rows for i in row[1:3]}
        keys = _keys(connection, ends)
    build = _builder(Dependency)
    return [
        build((id, pred, succ, keys[pred], keys[succ], _TYPE[kind], lag, note, version))
        for id, pred, succ, kind, lag, note, version in rows
        if pred in keys and succ in keys
    ]


def _keys(connection: Connection, ids: Iterable[int] | None) -> dict[int, str]:
    sql = "SELECT id, key FROM workstream"
    if ids is None:
        return dict(_rows(connection, sql))
    return {i: key for chunk in _ids(ids) for i, key in _rows(connection, f"{sql} WHERE id IN ({chunk})")}


# ---------------------------------------------------------------- history and snapshots


def read_last_updates(connection: Connection) -> dict[int, datetime]:
    """When each workstream (by id) was last created, changed or commented on, the baseline aside."""
    # A creation or a comment has no field, and NULL NOT IN (...) is not true: name it.
    rows = _rows(
        connection,
        "SELECT entity_id, max(at) FROM history WHERE entity = 'workstream' AND (field IS NULL "
        f"OR field NOT IN ({', '.join(repr(f) for f in BASELINE_FIELDS)})) GROUP BY entity_id",
    )
    return {entity_id: _moment(at) for entity_id, at in rows}


def read_latest_comments(connection: Connection) -> dict[int, StatusComment]:
    """Each workstream's (by id) latest status comment: the history box's, not an edit's note."""
    # SQLite takes the bare columns from the row that has the max(id).
    rows = _rows(
        connection,
        "SELECT entity_id, comment, actor, at, max(id) FROM history "
        "WHERE entity = 'workstream' AND action = 'commented' GROUP BY entity_id",
    )
    return {entity_id: StatusComment(text, actor, _moment(at)) for entity_id, text, actor, at, _id in rows}


SNAPSHOT_HEADER = (
    "id", "taken_at", "as_of", "label", "actor", "audience", "projected_go_live", "overall_health"
)  # fmt: skip


def read_snapshots(connection: Connection) -> list[SnapshotInfo]:
    """Every stored snapshot's header, oldest first."""
    rows = _rows(connection, f"SELECT {', '.join(SNAPSHOT_HEADER)} FROM snapshot ORDER BY id")
    return [snapshot_info(row) for row in rows]


def snapshot_info(values: Sequence[Any]) -> SnapshotInfo:
    """A snapshot's header from its SNAPSHOT_HEADER columns, in that order."""
    id, taken_at, as_of, label, actor, audience, projected, health = values
    return SnapshotInfo(
        id=id,
        taken_at=_moment(taken_at),
        as_of=_date(as_of),
        label=label,
        actor=actor,
        audience=audience,
        projected_go_live=None if projected is None else _date(projected),
        overall_health=HealthLevel(health),
    )
