"""Refusing an edit made from an out-of-date view, and saying who changed the row and when.

Every edit from the window states the version of each row it read; a row whose version
moved on was changed by someone else (another window or program) since. The refusal names
that person, the time and what they changed, from the row's latest history entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from migrator.domain.errors import ConcurrentEditError
from migrator.domain.model import Status
from migrator.store.schema import HistoryRow
from migrator.store.unit_of_work import UnitOfWork

_SHOWN = 3  # changed fields named in a refusal


def changed_elsewhere(
    session: Session, now: datetime, entity: str, entity_id: int, label: str
) -> ConcurrentEditError:
    """The refusal of an edit of ``label`` (a row of ``entity``) that someone else changed;
    ``now`` (UTC, as history keeps it) says whether it was today."""
    latest = session.scalar(
        select(HistoryRow.change_id)
        .where(HistoryRow.entity == entity, HistoryRow.entity_id == entity_id)
        .order_by(HistoryRow.id.desc())
        .limit(1)
    )
    # On a file the other is another window or program; on a server, another coordinator.
    elsewhere = "" if session.get_bind().dialect.name == "postgresql" else " in another window"
    if latest is None:
        by = elsewhere or " by another coordinator"
        return ConcurrentEditError(f"{label} was changed{by}. Your change was not saved.")
    entries = session.scalars(
        select(HistoryRow)
        .where(HistoryRow.change_id == latest, HistoryRow.entity == entity, HistoryRow.entity_id == entity_id)
        .order_by(HistoryRow.id)
    ).all()
    first = entries[0]
    what = [_what(e.action, e.field, e.new_value) for e in entries]
    shown = ", ".join(what[:_SHOWN]) + (f" and {len(what) - _SHOWN} more" if len(what) > _SHOWN else "")
    return ConcurrentEditError(
        f"{label} was changed{elsewhere} by {first.actor} at {_clock(first.at, now)}: {shown}. "
        "Your change was not saved."
    )


def check_version(uow: UnitOfWork, row: Any, expected: int | None, entity: str, label: str) -> None:
    """Refuse (naming who changed it) when ``row`` is no longer at the ``expected`` version."""
    if expected is not None and row.version != expected:
        raise changed_elsewhere(uow.session, uow.at, entity, row.id, label)


def check_versions(
    uow: UnitOfWork, rows: Mapping[int, Any], expected: Mapping[int, int] | None, entity: str
) -> None:
    """``check_version`` for each row an edit names, before any of them is written (all or nothing)."""
    for row_id, version in (expected or {}).items():
        row = rows.get(row_id)
        if row is not None:
            check_version(uow, row, version, entity, getattr(row, "key", None) or str(row_id))


def _what(action: str, field: str | None, value: str | None) -> str:
    """One history entry in a few words: "status In progress", "deleted"."""
    if action != "changed" or field is None:
        return action
    name = field.replace("_", " ")
    if field == "status" and value is not None and value in Status._value2member_map_:
        return f"{name} {Status(value).label}"
    return f"{name} {value}" if value not in (None, "") else f"{name} cleared"


def _clock(at: datetime, now: datetime) -> str:
    """When, as the history pane shows it: "14:02" in local time, with the day when it was not
    ``now``'s local day. Both are kept as naive UTC; people read local time."""
    at, now = (moment.replace(tzinfo=UTC).astimezone() for moment in (at, now))
    return f"{at:%H:%M}" if at.date() == now.date() else f"{at:%H:%M} on {at:%d %b %Y}"
