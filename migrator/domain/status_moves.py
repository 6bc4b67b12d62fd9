"""What else changes when a workstream's status moves (actual dates, progress)."""

from __future__ import annotations

from datetime import date
from typing import Any

from migrator.domain.model import Status


def implied_by_status_move(old: Status, new: Status, current: dict[str, Any], today: date) -> dict[str, Any]:
    """Field changes implied by moving from ``old`` to ``new`` status on ``today``.

    Only fills what is missing: an actual date the coordinator already set is kept.
    """
    if old == new:
        return {}
    implied: dict[str, Any] = {}
    if new == Status.IN_PROGRESS:
        if current.get("actual_start") is None:
            implied["actual_start"] = today
        if current.get("actual_finish") is not None:
            implied["actual_finish"] = None  # reopened
    elif new == Status.DONE:
        if current.get("actual_start") is None:
            planned = current.get("planned_start")
            implied["actual_start"] = planned if planned and planned <= today else today
        if current.get("actual_finish") is None:
            implied["actual_finish"] = today
        if current.get("progress") != 100:
            implied["progress"] = 100
    elif new == Status.NOT_STARTED:  # back to the start: nothing has happened yet
        if current.get("actual_start") is not None:
            implied["actual_start"] = None
        if current.get("actual_finish") is not None:
            implied["actual_finish"] = None
        if current.get("progress"):
            implied["progress"] = 0
    elif new == Status.BLOCKED and current.get("actual_finish") is not None:
        implied["actual_finish"] = None
    return implied
