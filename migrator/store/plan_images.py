"""A whole plan's rows as plain values, and putting a plan back to such an image.

Undo for the wide actions (a plan import, removing a team or person, the baseline,
the migration's settings) keeps the image from before and after the action; undoing
and redoing write back only the rows that differ, recorded in history like any edit.
History and snapshots are never part of an image: they only grow.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migrator.domain.workstream_state import link_label, link_type_text
from migrator.store.repositories.dependencies import forget_links
from migrator.store.schema import (
    DependencyRow,
    MigrationRow,
    NonWorkingDayRow,
    PersonRow,
    RaidItemRow,
    RaidLinkRow,
    TeamRow,
    WorkstreamRow,
)
from migrator.store.stale_rows import changed_elsewhere
from migrator.store.unit_of_work import UnitOfWork, UnitOfWorkFactory

Rows = Mapping[int, Mapping[str, Any]]  # id -> column values

# The version counter moves on its own; a team's key counter only ever goes up (keys are
# never reused, even after an undo), so restoring never lowers it.
_SKIPPED = {"version"}
_ONLY_UP = "next_key_number"
# History names fields as the service's own edits do, so a report credits a team or owner
# put back by an undo to whoever undid it.
_HISTORY_FIELD = {"team_id": "team", "owner_id": "owner", "start_date": "start"}


@dataclass(frozen=True)
class PlanImage:
    migration: Mapping[str, Any] | None  # with the calendar; None: not part of the image
    non_working_days: Mapping[Any, str] | None
    teams: Rows
    people: Rows
    workstreams: Rows
    dependencies: Rows
    # The ids of each table the image speaks for (None: every row, for the table or for all).
    # Rows outside it are left alone on restore, so an undo step keeps only what its action
    # changed, and an image of the teams alone costs nothing at 20,000 workstreams.
    scope: Mapping[str, frozenset[int] | None] | None = None
    # The RAID log's ties to these rows, which go with them: its links to the workstreams and
    # dependencies (when the image holds either), its items' owners and teams (when it holds
    # people or teams). Putting the image back returns those its rows' removal took (the
    # database drops or clears them with the row); they never refuse an undo.
    raid_links: Rows = dataclasses.field(default_factory=dict)
    raid_owners: Rows = dataclasses.field(default_factory=dict)  # item id -> owner_id, team_id, key


TABLES = ("teams", "people", "workstreams", "dependencies")
EVERYTHING = frozenset({"migration", *TABLES})  # the parts of a plan an image can hold
_TABLE_OF = {"team": "teams", "person": "people", "workstream": "workstreams", "dependency": "dependencies"}
_IN_CHUNK = 500  # ids per IN (...) query
_WHOLE_TABLE = 4 * _IN_CHUNK  # more ids than this: one read of the table beats many IN (...) queries
_RAID_LINK_COLUMNS = ("id", "item_id", "role", "workstream_id", "dependency_id")


def _columns(model: Any) -> list[str]:
    return [c.key for c in model.__mapper__.column_attrs if c.key not in _SKIPPED]


def _values(model: Any, *extra: str) -> Any:
    """A SELECT of ``model``'s columns as plain values (and ``extra`` ones): no ORM objects."""
    return select(*(getattr(model, name) for name in [*_columns(model), *extra]))


def _rows(session: Session, model: Any) -> dict[int, dict[str, Any]]:
    names = _columns(model)
    return {
        row[0]: dict(zip(names, row, strict=True)) for row in session.connection().execute(_values(model))
    }


def read_image(session: Session, parts: frozenset[str] = EVERYTHING) -> PlanImage:
    """The plan's rows, or only ``parts`` of them ("migration" with its calendar, and tables)."""

    def rows(table: str, model: Any) -> dict[int, dict[str, Any]]:
        return _rows(session, model) if table in parts else {}

    if "migration" in parts:
        migration = _rows(session, MigrationRow).get(1, {})
        calendar = {r.day: r.name for r in session.scalars(select(NonWorkingDayRow))}
    else:
        migration, calendar = None, None
    return PlanImage(
        migration=migration,
        non_working_days=calendar,
        teams=rows("teams", TeamRow),
        people=rows("people", PersonRow),
        workstreams=rows("workstreams", WorkstreamRow),
        dependencies=rows("dependencies", DependencyRow),
        scope=None if parts == EVERYTHING else {t: None if t in parts else frozenset() for t in TABLES},
        raid_links=_raid_links(session) if parts & {"workstreams", "dependencies"} else {},
        raid_owners=_raid_owners(session) if parts & {"people", "teams"} else {},
    )


def _raid_links(session: Session) -> dict[int, dict[str, Any]]:
    query = select(*(getattr(RaidLinkRow, name) for name in _RAID_LINK_COLUMNS))
    return {row[0]: dict(zip(_RAID_LINK_COLUMNS, row, strict=True)) for row in session.execute(query)}


def _raid_owners(session: Session) -> dict[int, dict[str, Any]]:
    query = select(RaidItemRow.id, RaidItemRow.owner_id, RaidItemRow.team_id, RaidItemRow.key)
    return {
        item_id: {"owner_id": owner, "team_id": team, "key": key}
        for item_id, owner, team, key in session.execute(query)
    }


def restore_image_in(uow: UnitOfWork, image: PlanImage, comment: str) -> int:
    """Make the plan's rows equal ``image``; returns how many rows changed."""
    session = uow.session
    keys = {i: v["key"] for i, v in image.workstreams.items()}
    current_keys = dict(session.execute(select(WorkstreamRow.id, WorkstreamRow.key)).all())
    # A workstream's team and owner read in history by name, as the service records them.
    names = {
        "team_id": {**dict(session.execute(select(TeamRow.id, TeamRow.name)).all()),
                    **{i: v["name"] for i, v in image.teams.items()}},
        "owner_id": {**dict(session.execute(select(PersonRow.id, PersonRow.name)).all()),
                     **{i: v["name"] for i, v in image.people.items()}},
    }  # fmt: skip
    changed = 0
    links_before = _raid_links(session)  # the database drops a link with its workstream or dependency

    def label(entity: str, row_id: int, values: Mapping[str, Any]) -> str:
        if entity == "dependency":
            pred, succ = values["predecessor_id"], values["successor_id"]
            return link_label(
                keys.get(pred) or current_keys.get(pred, "?"), keys.get(succ) or current_keys.get(succ, "?")
            )
        return str(values.get("key") or values.get("name") or row_id)

    def summary(entity: str, values: Mapping[str, Any]) -> str | None:
        """What history keeps of a whole row that goes or comes back, as the service's own do."""
        if entity == "dependency":
            return f"{label(entity, 0, values)} {link_type_text(values['type'], values['lag'])}"
        return values.get("title")

    def rows_of(model: Any, entity: str) -> Iterator[Any]:
        """The rows of ``model`` the image speaks for (the migration row: always), as plain
        values with their version: comparing 20,000 ORM rows and flushing them took seconds."""
        spoken = None if image.scope is None or entity not in _TABLE_OF else image.scope[_TABLE_OF[entity]]
        query = _values(model, "version")
        connection = session.connection()
        if spoken is None or len(spoken) > _WHOLE_TABLE:
            yield from (row for row in connection.execute(query) if spoken is None or row.id in spoken)
            return
        ids = sorted(spoken)
        for start in range(0, len(ids), _IN_CHUNK):
            yield from connection.execute(query.where(model.id.in_(ids[start : start + _IN_CHUNK])))

    def sync(model: Any, entity: str, wanted: Rows, *, hold: tuple[str, ...] = ()) -> None:
        """Update and add rows of ``model`` to match ``wanted``; ``hold`` columns wait for later."""
        nonlocal changed
        existing = {row.id: row for row in rows_of(model, entity)}
        updates = []
        for row_id, values in wanted.items():
            row = existing.get(row_id)
            if row is None:
                fields = {k: (None if k in hold else v) for k, v in values.items()}
                session.add(model(**fields))
                uow.record(
                    entity, row_id, label(entity, row_id, values), "restored",
                    new=summary(entity, values), comment=comment,
                )  # fmt: skip
                changed += 1
                continue
            moved: dict[str, Any] = {}
            for field, value in values.items():
                if field == _ONLY_UP:
                    if value > getattr(row, field):
                        moved[field] = value
                elif field not in hold and getattr(row, field) != value:
                    moved[field] = value
                    old = getattr(row, field)
                    if entity == "workstream" and field in names:
                        old, value = names[field].get(old), names[field].get(value)
                    uow.record(
                        entity, row_id, label(entity, row_id, values), "changed",
                        _HISTORY_FIELD.get(field, field), old, value, comment,
                    )  # fmt: skip
                    changed += 1
            updates.append((row, moved))
        session.flush()  # the rows put back first: an update may name one
        uow.update_rows(model, updates)

    def drop(model: Any, entity: str, wanted: Rows, *, same: tuple[str, ...] = ()) -> None:
        """Delete the rows of ``model`` not in ``wanted``, or whose ``same`` columns differ there."""
        nonlocal changed
        gone = []
        for row in list(rows_of(model, entity)):
            kept = wanted.get(row.id)
            if kept is None or any(getattr(row, column) != kept[column] for column in same):
                values = {c: getattr(row, c) for c in _columns(model)}
                uow.record(
                    entity, row.id, label(entity, row.id, values), "deleted",
                    old=summary(entity, values), comment=comment,
                )  # fmt: skip
                gone.append(row.id)
                changed += 1
        # Deleted through the ORM (its version check), loaded a chunk at a time, not one by one.
        for start in range(0, len(gone), _IN_CHUNK):
            for doomed in session.scalars(select(model).where(model.id.in_(gone[start : start + _IN_CHUNK]))):
                session.delete(doomed)
        session.flush()

    # Links go first and come back last, so every row they name exists at both moments. A link
    # between other workstreams is another link that took a freed id: it goes and the image's
    # comes back, so no link vanishes unrecorded with its workstream, and each workstream's
    # history tells of its own links.
    drop(DependencyRow, "dependency", image.dependencies, same=("predecessor_id", "successor_id"))
    sync(TeamRow, "team", image.teams, hold=("lead_id",))
    sync(PersonRow, "person", image.people)
    sync(TeamRow, "team", image.teams)
    sync(WorkstreamRow, "workstream", image.workstreams)
    if image.migration:
        sync(MigrationRow, "migration", {1: image.migration})
    drop(WorkstreamRow, "workstream", image.workstreams)
    drop(PersonRow, "person", image.people)
    drop(TeamRow, "team", image.teams)
    sync(DependencyRow, "dependency", image.dependencies)
    changed += _raid_ties_back(uow, image, links_before, comment)
    if image.non_working_days is None:
        return changed
    days = {row.day: row for row in session.scalars(select(NonWorkingDayRow))}
    for day, row in days.items():
        if day not in image.non_working_days:
            session.delete(row)
            uow.record("migration", 1, "calendar", "changed", "non_working_day", day, None, comment)
            changed += 1
    for day, name in image.non_working_days.items():
        if day not in days:
            session.add(NonWorkingDayRow(day=day, name=name))
            uow.record("migration", 1, "calendar", "changed", "non_working_day", None, day, comment)
            changed += 1
        elif days[day].name != name:
            days[day].name = name
    return changed


def _raid_ties_back(
    uow: UnitOfWork, image: PlanImage, links_before: Mapping[int, Mapping[str, Any]], comment: str
) -> int:
    """Record the RAID links the database dropped with rows the image does not hold, then put
    back the image's links, owners and teams that are missing while both ends are there again;
    how many changed. Each recorded under its item, as the RAID service records its own."""
    session = uow.session
    session.flush()
    links_now = _raid_links(session)
    keys = dict(session.execute(select(RaidItemRow.id, RaidItemRow.key)).all())
    workstreams = dict(session.execute(select(WorkstreamRow.id, WorkstreamRow.key)).all())
    ends = {
        link_id: (pred, succ)
        for link_id, pred, succ in session.execute(
            select(DependencyRow.id, DependencyRow.predecessor_id, DependencyRow.successor_id)
        )
    }

    def target(values: Mapping[str, Any], known: Mapping[int, str]) -> str:
        if values["workstream_id"] is not None:
            return known.get(values["workstream_id"], f"#{values['workstream_id']}")
        pred, succ = ends.get(values["dependency_id"], (0, 0))
        return link_label(known.get(pred, f"#{pred}"), known.get(succ, f"#{succ}"))

    changed = 0
    for link_id, values in links_before.items():
        if link_id not in links_now and values["item_id"] in keys:
            text = f"{values['role']} {target(values, workstreams)}"
            uow.record(
                "raid", values["item_id"], keys[values["item_id"]], "unlinked", "link", text, None, comment
            )
            changed += 1
    for link_id, values in image.raid_links.items():
        present = values["workstream_id"] in workstreams or values["dependency_id"] in ends
        if link_id in links_now or values["item_id"] not in keys or not present:
            continue
        taken = session.scalar(
            select(RaidLinkRow.id).where(
                RaidLinkRow.item_id == values["item_id"],
                (RaidLinkRow.workstream_id == values["workstream_id"])
                if values["workstream_id"] is not None
                else (RaidLinkRow.dependency_id == values["dependency_id"]),
            )
        )
        if taken is not None:
            continue
        session.add(RaidLinkRow(**values))
        text = f"{values['role']} {target(values, workstreams)}"
        uow.record("raid", values["item_id"], keys[values["item_id"]], "linked", "link", None, text, comment)
        changed += 1
    if image.raid_owners:
        people = dict(session.execute(select(PersonRow.id, PersonRow.name)).all())
        teams = dict(session.execute(select(TeamRow.id, TeamRow.name)).all())
        for item in session.scalars(select(RaidItemRow).where(RaidItemRow.id.in_(list(image.raid_owners)))):
            kept = image.raid_owners[item.id]
            for column, field_name, names in (("owner_id", "owner", people), ("team_id", "team", teams)):
                if getattr(item, column) is None and kept[column] is not None and kept[column] in names:
                    setattr(item, column, kept[column])
                    uow.record(
                        "raid", item.id, item.key, "changed", field_name, None, names[kept[column]], comment
                    )
                    changed += 1
    session.flush()
    return changed


def first_difference(session: Session, expected: PlanImage) -> tuple[str, int, str] | None:
    """The first row whose values in the file are not those ``expected`` holds (only the rows it
    speaks for), as (entity, id, label) for a refusal; None when the file holds what it says.
    A team's key counter is left out: it only goes up, whatever else happens."""
    tables = [t for t in TABLES if expected.scope is None or expected.scope[t] != frozenset()]
    parts = frozenset(tables) | ({"migration"} if expected.migration is not None else set())
    current = read_image(session, parts)
    if expected.migration is not None and (
        _compared(current.migration) != _compared(expected.migration)
        or current.non_working_days != expected.non_working_days
    ):
        return "migration", 1, str(expected.migration.get("name", "The migration"))
    entity_of = {table: entity for entity, table in _TABLE_OF.items()}
    for table in tables:
        now, then = getattr(current, table), getattr(expected, table)
        spoken = expected.scope[table] if expected.scope is not None else None
        for row_id in sorted(spoken if spoken is not None else now.keys() | then.keys()):
            if _compared(now.get(row_id)) != _compared(then.get(row_id)):
                values = now.get(row_id) or then.get(row_id) or {}
                label = (
                    values.get("key") or values.get("name") or ("A link" if table == "dependencies" else "")
                )
                return entity_of[table], row_id, str(label or row_id)
    return None


def _compared(values: Mapping[str, Any] | None) -> dict[str, Any] | None:
    return None if values is None else {k: v for k, v in values.items() if k != _ONLY_UP}


class PlanImageRepository:
    """Plan images read and put back through a unit-of-work factory (undo of the wide actions)."""

    def __init__(self, units: UnitOfWorkFactory) -> None:
        self.units = units

    def read(self, parts: frozenset[str] = EVERYTHING) -> PlanImage:
        with self.units.reading() as session:
            return read_image(session, parts)

    def restore(self, image: PlanImage, comment: str, expected: PlanImage | None) -> int:
        """Put the plan back to ``image`` in the open unit of work; refused, naming who changed
        what, when a row no longer holds what ``expected`` says."""
        unit = self.units.unit()
        if expected is not None and (changed := first_difference(unit.session, expected)) is not None:
            raise changed_elsewhere(unit.session, unit.at, *changed)
        forget_links(unit)  # links may go and come back
        return restore_image_in(unit, image, comment)
