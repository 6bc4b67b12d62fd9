"""The plan read from a DB-API connection with plain SELECTs: the one mapping of rows to the domain.

The service reads through it on its own connection; the window reads a current file
through it with the standard library alone, so the plan shows before SQLAlchemy loads.
SQLite gives dates as ISO text, PostgreSQL's drivers as date objects: both are accepted.
"""

from __future__ import annotations

import dataclasses
import enum
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

from migrator.analysis.collector import collector_paused
from migrator.analysis.plan_state import SnapshotInfo
from migrator.analysis.results import HealthLevel
from migrator.domain.errors import FileBusyError, FileContentError, MigrationFileError, MigratorError
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
from migrator.domain.raid import (
    STATUSES_OF,
    Escalation,
    LinkRole,
    RaidItem,
    RaidLink,
    RaidStatus,
    RaidType,
    Response,
    RiskBands,
    Severity,
    raid_order,
)
from migrator.domain.rules import MAX_LAG
from migrator.store.bad_values import BadValues, one_of, weekday_problem
from migrator.store.file_probe import connect, probe

# The newest schema revision: a file at it is read here directly. Kept in step with the
# revisions by a test (the store's Alembic scripts know the real head).
HEAD_REVISION = "r0008"
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


class RowsBeside(Protocol):
    """Queries of the read that another connection runs meanwhile in the same snapshot (a
    server's, see ServerStore.rows_beside): the server works on them while this thread builds
    what it has. ``rows`` waits for a query's rows: None when that connection could not run it,
    and the reader runs it itself."""

    def rows(self, sql: str) -> Sequence[Any] | None: ...


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
    # The RAID log: risks, assumptions, issues and decisions with their links, in log order.
    raid: list[RaidItem] = dataclasses.field(default_factory=list)
    # Values another program wrote that Migrator cannot use, each with its row: only a store
    # opened to show such a file reads on past them (read-only, with these listed).
    problems: tuple[str, ...] = ()


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


def read_plan(connection: Connection, file_name: str, beside: RowsBeside | None = None) -> StoredPlan:
    """Everything the window shows; the caller holds the transaction. ``beside`` may have run
    READ_BESIDE meanwhile, in the same snapshot."""
    # 60,000 rows of plain values, no cycles: 50 ms of collection saved
    with collector_paused(), _reading(connection, None, file_name) as bad:
        keys: dict[int, str] = {}
        workstreams = read_workstreams(connection, bad=bad, keys=keys)
        snapshots = read_snapshots(connection, bad=bad)
        (stored,) = _rows(connection, "SELECT count(*) FROM workstream")[0]
        if stored != len(workstreams):  # another program left work whose team is gone
            raise MigrationFileError(
                f"{file_name} is damaged: {stored - len(workstreams)} of its workstreams belong to "
                "a team that is not in the file."
            )
        migration = read_migration(connection, file_name, bad=bad)
        fetched = beside.rows if beside is not None else lambda sql: None
        dependencies = read_dependencies(connection, keys=keys, bad=bad, fetched=fetched(ALL_DEPENDENCIES))
        last_updates = read_last_updates(connection, bad=bad, fetched=fetched(LAST_UPDATES))
        raid = read_raid(connection, keys=keys, bad=bad)
    return StoredPlan(
        migration=migration,
        teams=read_teams(connection),
        people=read_people(connection),
        workstreams=workstreams,
        dependencies=dependencies,
        last_updates=last_updates,
        snapshots=snapshots,
        raid=raid,
        problems=tuple(bad.problems),
    )


@contextmanager
def _reading(
    connection: Connection, bad: BadValues | None, file_name: str | None = None
) -> Iterator[BadValues]:
    """The caller's record of bad values, or a new one settled (raised, unless tolerated) at the end."""
    if bad is not None:
        yield bad
        return
    own = BadValues(connection, file_name)
    yield own
    own.settle()


def _rows(connection: Connection, sql: str) -> Sequence[Any]:
    cursor = connection.cursor()
    try:
        cursor.execute(sql)
        return cursor.fetchall()
    finally:
        cursor.close()


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


class _Days(dict[Any, "date | None"]):
    """Optional dates as the driver gives them, by the value: each distinct one parsed once
    (plans repeat dates), and a lookup instead of a call for each of a plan's 120,000."""

    def __init__(self) -> None:
        super().__init__({None: None})

    def __missing__(self, value: Any) -> date:
        self[value] = day = _date(value)
        return day


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


_NOT_A_DATE = "is not a date (YYYY-MM-DD)"


def _checked_date(value: Any, row: str, what: str, bad: BadValues) -> date | None:
    """``value`` as a date, or None with the problem named (the slow path, for a bad row)."""
    if value is None:
        return None
    try:
        return _date(value)
    except (ValueError, TypeError):
        bad.add(row, what, value, _NOT_A_DATE)
        return None


def _ids(ids: Iterable[int]) -> list[str]:
    """Sorted ids as SQL lists of at most _IN_CHUNK numbers (ints: nothing to quote)."""
    wanted = sorted({int(i) for i in ids})
    chunks = range(0, len(wanted), _IN_CHUNK)
    return [",".join(map(str, wanted[start : start + _IN_CHUNK])) for start in chunks]


# ---------------------------------------------------------------- the migration

_THRESHOLDS = [setting.name for setting in dataclasses.fields(HealthThresholds)]


def read_migration(connection: Connection, file_name: str, *, bad: BadValues | None = None) -> Migration:
    found = _rows(
        connection,
        "SELECT name, description, start_date, target_go_live, go_live_milestone_id, working_weekdays, "
        f"version, risk_amber_score, risk_red_score, {', '.join(_THRESHOLDS)} FROM migration WHERE id = 1",
    )
    if not found:
        raise MigrationFileError(f"{file_name} holds no migration.")
    name, description, start, target, go_live, weekdays, version, amber, red, *thresholds = found[0]
    row = "the migration"
    with _reading(connection, bad, file_name) as bad:
        if problem := weekday_problem(weekdays):
            bad.add(row, "working weekdays", weekdays, problem)
            weekdays = "01234"
        migration = Migration(
            name=name,
            description=description,
            start=_checked_date(start, row, "start date", bad),
            target_go_live=_checked_date(target, row, "target go-live", bad),
            go_live_milestone_id=go_live,
            working_weekdays=frozenset(int(d) for d in weekdays),
            non_working_dates=frozenset(read_non_working_days(connection, bad=bad)),
            version=version,
            health_thresholds=HealthThresholds(*thresholds),
            risk_bands=RiskBands(amber, red),
        )
    return migration


def read_non_working_days(connection: Connection, *, bad: BadValues | None = None) -> dict[date, str]:
    with _reading(connection, bad) as bad:
        days = {}
        for day, name in _rows(connection, "SELECT day, name FROM non_working_day"):
            if (checked := _checked_date(day, f"non-working day {name!r}", "date", bad)) is not None:
                days[checked] = name
    return days


# ---------------------------------------------------------------- teams and people


# Teams and people are listed by name as Python orders text (by code point), as plan_order groups
# the workstreams: an ORDER BY would follow the database's collation, which on a server set up
# for en-US puts "banking" before "Card Operations" and "Ärzte" first.


def read_teams(connection: Connection) -> list[Team]:
    rows = _rows(
        connection,
        "SELECT t.id, t.name, t.code, t.colour, t.lead_id, lead.name, t.version "
        "FROM team AS t LEFT OUTER JOIN person AS lead ON t.lead_id = lead.id",
    )
    return [Team(*row) for row in sorted(rows, key=lambda row: (row[1], row[0]))]


def read_people(connection: Connection) -> list[Person]:
    rows = _rows(connection, "SELECT id, name, email, team_id, version FROM person")
    return [Person(*row) for row in sorted(rows, key=lambda row: (row[1], row[0]))]


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


def read_workstreams(
    connection: Connection,
    ids: Iterable[int] | None = None,
    *,
    bad: BadValues | None = None,
    keys: dict[int, str] | None = None,
) -> list[Workstream]:
    """Every workstream, or those of ``ids`` that exist, in plan order.

    ``keys``, when given, gets each one's key by id (what the links are labelled with): from the
    rows, a third of the time of reading them back from the 20,000 workstreams."""
    with _reading(connection, bad) as bad:
        if ids is None:
            return _workstreams(_rows(connection, _WORKSTREAMS), bad, keys)
        where = [f"{_WORKSTREAMS} WHERE w.id IN ({chunk})" for chunk in _ids(ids)]
        return _workstreams([row for sql in where for row in _rows(connection, sql)], bad, keys)


def _in_plan_order(row: Sequence[Any]) -> tuple[str, int, str]:
    """plan_order of a workstream's row: team name, then key number (BNK-2 before BNK-10)."""
    return row[5], len(row[1]), row[1]


def _workstreams(rows: Sequence[Any], bad: BadValues, keys: dict[int, str] | None) -> list[Workstream]:
    """The rows' workstreams in plan order.

    Columns come in the dataclass's field order; the status, dates, flag and health are converted.
    The rows are sorted before the workstreams are built (in Python: SQLite would sort 20,000 wide
    rows on disk), so a plan is built, and later walked, in the order it is laid out in memory."""
    days, build = _Days(), _builder(Workstream)
    status_of, health_of = _STATUS, _HEALTH
    dates_as_text = not _dates_typed(rows)
    result = []
    for row in sorted(rows, key=_in_plan_order):
        (id, key, title, team_id, team_code, team_name, owner_id, owner_name, status,
         planned_start, planned_due, actual_start, actual_finish, progress, is_milestone,
         description, blocker_note, health, health_reason, baseline_start, baseline_due,
         source_ref, version) = row  # fmt: skip
        try:
            if dates_as_text:
                planned_start, planned_due, actual_start, actual_finish, baseline_start, baseline_due = (
                    days[planned_start], days[planned_due], days[actual_start], days[actual_finish],
                    days[baseline_start], days[baseline_due],
                )  # fmt: skip
            values = (
                id, key, title, team_id, team_code, team_name, owner_id, owner_name, status_of[status],
                planned_start, planned_due, actual_start, actual_finish,
                progress, bool(is_milestone), description, blocker_note,
                health_of[health] if health else None, health_reason,
                baseline_start, baseline_due, source_ref, version,
            )  # fmt: skip
            if type(progress) is not int or not 0 <= progress <= 100:
                raise ValueError(progress)
        except (KeyError, ValueError, TypeError):  # another program wrote it: name what is wrong
            checked = _checked_workstream(row, bad)
            checked[14] = bool(is_milestone)
            values = tuple(checked)
        result.append(build(values))
        if keys is not None:
            keys[id] = key
    return result


def _dates_typed(rows: Sequence[Any]) -> bool:
    """Whether the driver gives the date columns as date objects, as PostgreSQL's does: a DATE
    column holds nothing else, so there is nothing to parse or check. SQLite's are ISO text, which
    another program may have written wrong. The first date given says which."""
    first = next((value for row in rows for value in row[9:13] if value is not None), None)
    return isinstance(first, date)


_DATE_NAMES = dict(
    zip(_DATE_COLUMNS, ("planned start", "planned due", "actual start", "actual finish",
                        "baseline start", "baseline due"), strict=True)
)  # fmt: skip


def _checked_workstream(row: Sequence[Any], bad: BadValues) -> list[Any]:
    """A workstream's values with each bad one named and replaced by a neutral stand-in."""
    values = list(row)
    name = f"workstream {values[1]} (id {values[0]})"
    values[8] = _STATUS.get(values[8])
    if values[8] is None:
        bad.add(name, "status", row[8], f"is not one of {one_of(Status)}")
        values[8] = Status.NOT_STARTED
    for i in _DATE_COLUMNS:
        values[i] = _checked_date(values[i], name, _DATE_NAMES[i], bad)
    if type(values[13]) is not int or not 0 <= values[13] <= 100:
        bad.add(name, "progress", values[13], "is not a whole number from 0 to 100")
        values[13] = 0
    if values[17]:
        values[17] = _HEALTH.get(values[17])
        if values[17] is None:
            bad.add(name, "health override", row[17], f"is not one of {one_of(Health)}")
    else:
        values[17] = None
    return values


def _builder(kind: type[T]) -> Callable[[Sequence[Any]], T]:
    """Instances of the frozen dataclass ``kind`` from values in its field order.

    A frozen dataclass's __init__ sets each field through object.__setattr__. Here the values
    are unpacked straight into the new instance's dict by one assignment written for ``kind``'s
    fields (as dataclasses writes its own __init__): 60,000 rows in a quarter of the time. The
    domain's dataclasses have no __post_init__ to skip; a row of the wrong length raises."""
    targets = "".join(f"fields[{f.name!r}], " for f in dataclasses.fields(kind))  # type: ignore[arg-type]
    source = (
        "def build(values):\n"
        "    instance = new(kind)\n"
        "    fields = instance.__dict__\n"
        f"    {targets}= values\n"
        "    return instance\n"
    )
    scope: dict[str, Any] = {"new": object.__new__, "kind": kind}
    exec(source, scope)  # the names are the dataclass's own fields, never data
    return cast(Callable[[Sequence[Any]], T], scope["build"])


_DEPENDENCIES = "SELECT id, predecessor_id, successor_id, type, lag, note, version FROM dependency"
ALL_DEPENDENCIES = f"{_DEPENDENCIES} ORDER BY id"


def read_dependencies(
    connection: Connection,
    *,
    ids: Iterable[int] | None = None,
    of_workstream: int | None = None,
    keys: Mapping[int, str] | None = None,
    bad: BadValues | None = None,
    fetched: Sequence[Any] | None = None,
) -> list[Dependency]:
    """Every link in id order; or those of ``ids``; or those into or out of one workstream.

    Their ends' keys come from ``keys`` (workstream id -> key) when the caller has read them all;
    ``fetched``: the rows of ALL_DEPENDENCIES when another connection already read them."""
    rows = fetched
    if rows is None:
        if of_workstream is not None:
            end = int(of_workstream)
            wheres = [f" WHERE predecessor_id = {end} OR successor_id = {end}"]
        else:
            wheres = [""] if ids is None else [f" WHERE id IN ({chunk})" for chunk in _ids(ids)]
        rows = [row for where in wheres for row in _rows(connection, f"{_DEPENDENCIES}{where} ORDER BY id")]
    if keys is None:
        ends = None if ids is None and of_workstream is None else {i for row in rows for i in row[1:3]}
        keys = _keys(connection, ends)
    build, type_of = _builder(Dependency), _TYPE
    result = []
    with _reading(connection, bad) as bad:
        for row in rows:
            id, pred, succ, kind, lag, note, version = row
            try:
                pred_key, succ_key = keys[pred], keys[succ]
            except KeyError:  # an end that was not read
                continue
            try:
                link_type = type_of[kind]
                if pred == succ or type(lag) is not int or not -MAX_LAG <= lag <= MAX_LAG:
                    raise ValueError(lag)
            except (KeyError, ValueError):  # another program wrote it: name what is wrong
                checked = _checked_link(row, pred_key, succ_key, bad)
                if checked is None:
                    continue
                link_type, lag = checked
            result.append(build((id, pred, succ, pred_key, succ_key, link_type, lag, note, version)))
    return result


def _checked_link(
    row: Sequence[Any], pred_key: str, succ_key: str, bad: BadValues
) -> tuple[DependencyType, int] | None:
    """A link's type and lag with each bad one named and replaced by a neutral stand-in; None
    for a link to itself, which cannot be scheduled and is left out."""
    id, pred, succ, kind, lag, _, _ = row
    name = f"dependency {pred_key} → {succ_key} (id {id})"
    if pred == succ:
        bad.note(name, "links a workstream to itself")
        return None
    link_type = _TYPE.get(kind)
    if link_type is None:
        bad.add(name, "type", kind, f"is not one of {one_of(DependencyType)}")
        link_type = DependencyType.FS
    if type(lag) is not int or not -MAX_LAG <= lag <= MAX_LAG:
        bad.add(name, "lag", lag, f"is not a whole number of working days from -{MAX_LAG} to {MAX_LAG}")
        lag = 0
    return link_type, lag


def _keys(connection: Connection, ids: Iterable[int] | None) -> dict[int, str]:
    sql = "SELECT id, key FROM workstream"
    if ids is None:
        return dict(_rows(connection, sql))
    return {i: key for chunk in _ids(ids) for i, key in _rows(connection, f"{sql} WHERE id IN ({chunk})")}


# ---------------------------------------------------------------- history and snapshots


# A creation or a comment has no field, and NULL NOT IN (...) is not true: name it.
LAST_UPDATES = (
    "SELECT entity_id, max(at) FROM history WHERE entity = 'workstream' AND (field IS NULL "
    f"OR field NOT IN ({', '.join(repr(f) for f in BASELINE_FIELDS)})) GROUP BY entity_id"
)
# What a server reads beside the workstreams: the plan's heaviest queries after them.
READ_BESIDE = (ALL_DEPENDENCIES, LAST_UPDATES)


def read_last_updates(
    connection: Connection, *, bad: BadValues | None = None, fetched: Sequence[Any] | None = None
) -> dict[int, datetime]:
    """When each workstream (by id) was last created, changed or commented on, the baseline aside
    (``fetched``: the rows of LAST_UPDATES when another connection already read them)."""
    rows = fetched if fetched is not None else _rows(connection, LAST_UPDATES)
    updates = dict(rows)
    if set(map(type, updates.values())) <= {datetime}:  # a server's driver gives datetimes
        return updates
    try:
        return {entity_id: _moment(at) for entity_id, at in rows}
    except (ValueError, TypeError):
        pass
    with _reading(connection, bad) as bad:
        updates = {}
        for entity_id, at in rows:
            try:
                updates[entity_id] = _moment(at)
            except (ValueError, TypeError):
                bad.add(f"history of workstream id {entity_id}", "time", at, "is not a date and time")
    return updates


def read_latest_comments(connection: Connection) -> dict[int, StatusComment]:
    """Each workstream's (by id) latest status comment: the history box's, not an edit's note."""
    rows = _rows(
        connection,
        "SELECT h.entity_id, h.comment, h.actor, h.at FROM history AS h JOIN "
        "(SELECT max(id) AS id FROM history WHERE entity = 'workstream' AND action = 'commented' "
        "GROUP BY entity_id) AS latest ON h.id = latest.id",
    )
    return {entity_id: StatusComment(text, actor, _moment(at)) for entity_id, text, actor, at in rows}


SNAPSHOT_HEADER = (
    "id", "taken_at", "as_of", "label", "actor", "audience", "projected_go_live", "overall_health"
)  # fmt: skip


def read_snapshots(connection: Connection, *, bad: BadValues | None = None) -> list[SnapshotInfo]:
    """Every stored snapshot's header, oldest first (one with a bad value is left out)."""
    rows = _rows(connection, f"SELECT {', '.join(SNAPSHOT_HEADER)} FROM snapshot ORDER BY id")
    found = []
    with _reading(connection, bad) as bad:
        for row in rows:
            try:
                found.append(snapshot_info(row))
            except FileContentError as error:
                bad.problems.extend(error.problems)
    return found


def snapshot_info(values: Sequence[Any]) -> SnapshotInfo:
    """A snapshot's header from its SNAPSHOT_HEADER columns, in that order."""
    id, taken_at, as_of, label, actor, audience, projected, health = values
    try:
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
    except (ValueError, TypeError):
        raise FileContentError("The migration file", _snapshot_problems(values)) from None


def _snapshot_problems(values: Sequence[Any]) -> list[str]:
    id, taken_at, as_of, _, _, _, projected, health = values
    name, bad = f"snapshot #{id}", BadValues(None)
    try:
        _moment(taken_at)
    except (ValueError, TypeError):
        bad.add(name, "time taken", taken_at, "is not a date and time")
    _checked_date(as_of, name, "as-of date", bad)
    _checked_date(projected, name, "projected go-live", bad)
    if health not in {level.value for level in HealthLevel}:
        bad.add(name, "overall health", health, f"is not one of {one_of(HealthLevel)}")
    return bad.problems


# ---------------------------------------------------------------- the RAID log

# A RaidItem's fields in its order, its links aside: the owner's name and the team's code by join.
_RAID_FIELDS = [f.name for f in dataclasses.fields(RaidItem) if f.name != "links"]
_JOINED = {"owner_name": "owner.name", "team_code": "t.code"}
_RAID = (
    f"SELECT {', '.join(_JOINED.get(name, f'r.{name}') for name in _RAID_FIELDS)} "
    "FROM raid_item AS r LEFT OUTER JOIN person AS owner ON r.owner_id = owner.id "
    "LEFT OUTER JOIN team AS t ON r.team_id = t.id"
)
_RAID_LINKS = "SELECT id, item_id, role, workstream_id, dependency_id, version FROM raid_link"
_RAID_ENUMS: dict[str, type[enum.Enum]] = {
    "type": RaidType, "status": RaidStatus, "response": Response, "escalated_to": Escalation,
    "severity": Severity,
}  # fmt: skip
_RAID_DATES = tuple(f.name for f in dataclasses.fields(RaidItem) if "date" in str(f.type))
_RAID_SCALES = {"probability": 5, "impact": 5, "priority": 4}


def read_raid(
    connection: Connection,
    ids: Iterable[int] | None = None,
    *,
    keys: Mapping[int, str] | None = None,
    bad: BadValues | None = None,
) -> list[RaidItem]:
    """Every RAID item (or those of ``ids`` that exist) with its links, in log order.

    ``keys``: workstream id -> key, when the caller has read them all (the links' labels)."""
    if ids is None:
        rows = _rows(connection, _RAID)
        link_rows = _rows(connection, f"{_RAID_LINKS} ORDER BY id")
    else:
        chunks = _ids(ids)
        rows = [row for chunk in chunks for row in _rows(connection, f"{_RAID} WHERE r.id IN ({chunk})")]
        link_rows = [
            row
            for chunk in chunks
            for row in _rows(connection, f"{_RAID_LINKS} WHERE item_id IN ({chunk}) ORDER BY id")
        ]
    links = _raid_links(connection, link_rows, keys)
    days = _Days()
    items = []
    with _reading(connection, bad) as bad:
        for row in rows:
            values = dict(zip(_RAID_FIELDS, row, strict=True))
            name = f"RAID item {values['key']} (id {values['id']})"
            for field, kind in _RAID_ENUMS.items():
                if values[field] is not None:
                    try:
                        values[field] = kind(values[field])
                    except ValueError:
                        bad.add(name, field.replace("_", " "), values[field], f"is not one of {one_of(kind)}")
                        values[field] = {"type": RaidType.RISK, "status": RaidStatus.OPEN}.get(field)
            if values["status"] not in STATUSES_OF[values["type"]]:
                bad.add(name, "status", values["status"].value, f"is not a {values['type'].value}'s")
                values["status"] = RaidStatus.OPEN
            for field in _RAID_DATES:
                try:
                    values[field] = days[values[field]]
                except (ValueError, TypeError):
                    bad.add(name, field.replace("_", " "), values[field], _NOT_A_DATE)
                    values[field] = None
            for field in ("created", "updated"):
                if values[field] is None:
                    values[field] = date(1970, 1, 1)
            for field, top in _RAID_SCALES.items():
                number = values[field]
                if number is not None and (type(number) is not int or not 1 <= number <= top):
                    bad.add(name, field, number, f"is not a whole number from 1 to {top}")
                    values[field] = None
            values["links"] = tuple(links.get(values["id"], ()))
            items.append(RaidItem(**values))
    return sorted(items, key=raid_order)


def _raid_links(
    connection: Connection, rows: Sequence[Any], keys: Mapping[int, str] | None
) -> dict[int, list[RaidLink]]:
    """The links by item id, labelled by the workstream's key or the dependency's two keys."""
    dependency_ids = {row[4] for row in rows if row[4] is not None}
    ends: dict[int, tuple[int, int]] = {}
    for chunk in _ids(dependency_ids):
        for link_id, pred, succ in _rows(
            connection, f"SELECT id, predecessor_id, successor_id FROM dependency WHERE id IN ({chunk})"
        ):
            ends[link_id] = (pred, succ)
    if keys is None:
        wanted = {row[3] for row in rows if row[3] is not None} | {i for pair in ends.values() for i in pair}
        keys = _keys(connection, wanted)
    found: dict[int, list[RaidLink]] = {}
    for link_id, item_id, role, workstream_id, dependency_id, version in rows:
        if workstream_id is not None:
            label = keys.get(workstream_id, f"#{workstream_id}")
        else:
            pred, succ = ends.get(dependency_id, (0, 0))
            label = f"{keys.get(pred, f'#{pred}')} → {keys.get(succ, f'#{succ}')}"
        found.setdefault(item_id, []).append(
            RaidLink(link_id, item_id, LinkRole(role), workstream_id, dependency_id, label, version)
        )
    return found
