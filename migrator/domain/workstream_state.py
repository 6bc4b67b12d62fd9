"""A workstream's fields as one dict: the defaults of a new one and the rules every state keeps."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from migrator.domain import rules
from migrator.domain.model import Health, Status, Workstream
from migrator.domain.status_moves import implied_by_status_move

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


def new_workstream_state(key: str, team_id: int, fields: Mapping[str, Any], today: date) -> dict[str, Any]:
    """A new workstream's fields: defaults, then ``fields``, then what its status implies."""
    state: dict[str, Any] = {
        "key": key, "title": "", "team_id": team_id, "owner_id": None,
        "status": Status.NOT_STARTED, "planned_start": None, "planned_due": None,
        "actual_start": None, "actual_finish": None, "progress": 0, "is_milestone": False,
        "description": "", "blocker_note": "", "health_override": None,
        "health_override_reason": "", "baseline_start": None, "baseline_due": None,
        "source_ref": None,
    }  # fmt: skip
    state.update(fields)
    state.update(implied_by_status_move(Status.NOT_STARTED, state["status"], state, today))
    state.update(fields)  # what the caller said explicitly wins
    return checked_workstream_state(state)


def checked_workstream_state(state: dict[str, Any]) -> dict[str, Any]:
    """``state`` cleaned up (trimmed title, a milestone's single date); raises ValidationError."""
    label = state["key"]
    state["title"] = rules.require_text(state["title"], f"{label}: the title")
    state["description"] = rules.optional_text(state["description"], f"{label}: the description")
    state["blocker_note"] = rules.optional_text(state["blocker_note"], f"{label}: the blocker note")
    if state["source_ref"] is not None:
        state["source_ref"] = rules.optional_text(
            state["source_ref"], f"{label}: the source reference", max_length=rules.MAX_SOURCE_REF
        )
    state["progress"] = rules.check_progress(state["progress"])
    state["planned_start"], state["planned_due"] = rules.check_dates(
        state["planned_start"], state["planned_due"], is_milestone=state["is_milestone"], label=label
    )
    if state["is_milestone"] and state["baseline_due"] is not None:
        state["baseline_start"] = state["baseline_due"]
    rules.check_actual_dates(state["actual_start"], state["actual_finish"], label)
    state["health_override_reason"] = rules.check_health_override(
        state["health_override"], state["health_override_reason"]
    )
    return state


def link_label(predecessor_key: str, successor_key: str) -> str:
    """How history names a link, so a workstream's history can find its links: ``BNK-1 → OPS-2``."""
    return f"{predecessor_key} → {successor_key}"


def link_type_text(link_type: str, lag: int) -> str:
    """A link's type with its lag: ``FS``, ``FS+2``, ``SS-1``."""
    return f"{link_type}{f'{lag:+d}' if lag else ''}"


def link_text(predecessor_key: str, successor_key: str, link_type: str, lag: int) -> str:
    """How a link reads in history and reports: ``BNK-1 → OPS-2 FS+2``."""
    return f"{link_label(predecessor_key, successor_key)} {link_type_text(link_type, lag)}"


def key_order(key: str) -> tuple[str, int, str]:
    """How keys sort everywhere, in the window and the workbook: BNK-2 before BNK-10.

    By the text before the key's number, then by length (the number's size: keys carry no
    leading zeros), then as written.
    """
    return key.rstrip("0123456789"), len(key), key


def plan_order(workstream: Workstream) -> tuple[str, int, str]:
    """Team, then key number (BNK-2 before BNK-10): the order a plan is read in.

    Within a team, whose keys share its code, this is ``key_order``; it is written out because
    reading a plan sorts every row by it, and a call to ``key_order`` per row doubles that sort.
    """
    return workstream.team_name, len(workstream.key), workstream.key


FIELD_NAMES = {
    "team_id": "team", "owner_id": "owner", "is_milestone": "milestone",
    "health_override_reason": "override reason",
}  # fmt: skip


def field_name(field: str) -> str:
    """How a field reads in undo texts and history: ``planned_due`` -> ``planned due``."""
    return FIELD_NAMES.get(field, field.replace("_", " "))
