"""Rows of the migration file read into the domain's dataclasses, and values written back."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from migrator.domain.model import (
    Dependency,
    DependencyType,
    Health,
    HistoryEntry,
    Person,
    Status,
    Team,
    Workstream,
)
from migrator.store.schema import DependencyRow, HistoryRow, PersonRow, TeamRow, WorkstreamRow

# Fields a coordinator may change on a workstream, and the type each takes.
WORKSTREAM_FIELDS: dict[str, type | tuple[type, ...]] = {
    "key": str,
    "title": str,
    "team_id": int,
    "owner_id": (int, type(None)),
    "status": Status,
    "planned_start": (date, type(None)),
    "planned_due": (date, type(None)),
    "actual_start": (date, type(None)),
    "actual_finish": (date, type(None)),
    "progress": int,
    "is_milestone": bool,
    "description": str,
    "blocker_note": str,
    "health_override": (Health, type(None)),
    "health_override_reason": str,
    "baseline_start": (date, type(None)),
    "baseline_due": (date, type(None)),
    "source_ref": (str, type(None)),
}


def column_value(value: Any) -> Any:
    return value.value if isinstance(value, Status | Health) else value


def row_state(row: WorkstreamRow) -> dict[str, Any]:
    state = {field: getattr(row, field) for field in WORKSTREAM_FIELDS}
    state["status"] = Status(state["status"])
    state["health_override"] = Health(state["health_override"]) if state["health_override"] else None
    state["is_milestone"] = bool(state["is_milestone"])
    return state


def team_from_row(row: TeamRow, lead_name: str | None) -> Team:
    return Team(row.id, row.name, row.code, row.colour, row.lead_id, lead_name, row.version)


def person_from_row(row: PersonRow) -> Person:
    return Person(row.id, row.name, row.email, row.team_id, row.version)


def history_from_row(row: HistoryRow) -> HistoryEntry:
    return HistoryEntry(
        row.id, row.change_id, row.at, row.actor, row.entity, row.entity_id, row.entity_label,
        row.action, row.field, row.old_value, row.new_value, row.comment,
    )  # fmt: skip


_STATUS = {s.value: s for s in Status}
_HEALTH = {h.value: h for h in Health}
_TYPE = {t.value: t for t in DependencyType}


def load_workstreams(session: Session, where: Any = None) -> list[Workstream]:
    """Workstreams through one Core query: no ORM objects, so 20,000 rows load quickly."""
    owner = aliased(PersonRow)
    w = WorkstreamRow
    query = (
        select(
            w.id,
            w.key,
            w.title,
            w.team_id,
            TeamRow.code,
            TeamRow.name,
            w.owner_id,
            owner.name,
            w.status,
            w.planned_start,
            w.planned_due,
            w.actual_start,
            w.actual_finish,
            w.progress,
            w.is_milestone,
            w.description,
            w.blocker_note,
            w.health_override,
            w.health_override_reason,
            w.baseline_start,
            w.baseline_due,
            w.source_ref,
            w.version,
        )
        .join(TeamRow, w.team_id == TeamRow.id)
        .outerjoin(owner, w.owner_id == owner.id)
        .order_by(TeamRow.name, func.length(w.key), w.key)
    )
    if where is not None:
        query = query.where(where)
    # Columns come in the dataclass's field order; only three need converting.
    result = []
    for row in session.connection().execute(query).all():  # Core, fetched at once: no ORM row handling
        values = list(row)
        values[8] = _STATUS[values[8]]
        values[14] = bool(values[14])
        values[17] = _HEALTH[values[17]] if values[17] else None
        result.append(Workstream(*values))
    return result


def load_dependencies(session: Session, where: Any = None) -> list[Dependency]:
    pred, succ = aliased(WorkstreamRow), aliased(WorkstreamRow)
    d = DependencyRow
    query = (
        select(d.id, d.predecessor_id, d.successor_id, pred.key, succ.key, d.type, d.lag, d.note, d.version)
        .join(pred, d.predecessor_id == pred.id)
        .join(succ, d.successor_id == succ.id)
        .order_by(d.id)
    )
    if where is not None:
        query = query.where(where)
    return [
        Dependency(r[0], r[1], r[2], r[3], r[4], _TYPE[r[5]], r[6], r[7], r[8])
        for r in session.connection().execute(query).all()
    ]
