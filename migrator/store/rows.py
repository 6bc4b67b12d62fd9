"""ORM rows of the migration file as the service edits them, and values written back.

Bulk reads of the plan go through migrator.store.plan_reader instead.
"""

from __future__ import annotations

from typing import Any

from migrator.domain.model import Health, HistoryEntry, Status
from migrator.domain.workstream_state import WORKSTREAM_FIELDS
from migrator.store.schema import HistoryRow, WorkstreamRow


def field_label(field: str) -> str:
    """How history and messages name a column: a workstream's team and owner, not their ids."""
    return {"team_id": "team", "owner_id": "owner"}.get(field, field)


def column_value(value: Any) -> Any:
    return value.value if isinstance(value, Status | Health) else value


def row_state(row: WorkstreamRow) -> dict[str, Any]:
    state = {field: getattr(row, field) for field in WORKSTREAM_FIELDS}
    state["status"] = Status(state["status"])
    state["health_override"] = Health(state["health_override"]) if state["health_override"] else None
    state["is_milestone"] = bool(state["is_milestone"])
    return state


def history_from_row(row: HistoryRow) -> HistoryEntry:
    return HistoryEntry(
        row.id, row.change_id, row.at, row.actor, row.entity, row.entity_id, row.entity_label,
        row.action, row.field, row.old_value, row.new_value, row.comment,
    )  # fmt: skip
