"""The figures the dashboard and the status report share: counts, what falls due soon, what
needs attention, the milestones, the trend since the last report, and the order of each list.

The window selects over the plan's rows and their analysis, the workbook over a ``PlanState``;
both call these functions, so for the same plan they never list different things. Each
selection takes any rows that have the fields it reads (a ``Workstream`` or a
``WorkstreamState``), so the window need not capture a whole state to draw its lists.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from typing import Protocol, TypeVar

from migrator.analysis.plan_state import DUE_SOON_WORKING_DAYS, PlanState, WorkstreamState
from migrator.analysis.results import HealthLevel
from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import Status
from migrator.domain.workstream_state import key_order

NO_TREND = "—"  # a trend with nothing to compare with
_CLOSED = (Status.DONE, Status.CANCELLED)


class Trend(enum.Enum):
    """How a health moved since the last report."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"

    @property
    def word(self) -> str:
        """As a report's trend column says it: Improved, Same, Worse."""
        return _TREND_WORDS[self]


_TREND_WORDS = {Trend.BETTER: "Improved", Trend.SAME: "Same", Trend.WORSE: "Worse"}


def trend(before: HealthLevel, now: HealthLevel) -> Trend:
    """Better, the same or worse, by severity."""
    if now.severity < before.severity:
        return Trend.BETTER
    if now.severity > before.severity:
        return Trend.WORSE
    return Trend.SAME


def trend_word(before: HealthLevel | None, now: HealthLevel) -> str:
    """The trend in a word, or a dash without an earlier health to compare with."""
    return NO_TREND if before is None else trend(before, now).word


# ---------------------------------------------------------------- counts


class _HasStatus(Protocol):
    @property
    def status(self) -> Status: ...


class _HasHealth(Protocol):
    @property
    def health(self) -> HealthLevel: ...


def status_counts(rows: Iterable[_HasStatus]) -> dict[Status, int]:
    """How many rows have each status (every status listed, with 0 for none)."""
    counts = dict.fromkeys(Status, 0)
    for row in rows:
        counts[row.status] += 1
    return counts


def health_counts(rows: Iterable[_HasHealth]) -> dict[HealthLevel, int]:
    """How many rows have each health (every level listed, with 0 for none)."""
    counts = dict.fromkeys(HealthLevel, 0)
    for row in rows:
        counts[row.health] += 1
    return counts


# ---------------------------------------------------------------- what falls due


class PlannedRow(Protocol):
    """What the due-soon list reads of a row: a ``Workstream`` or a ``WorkstreamState``."""

    @property
    def key(self) -> str: ...
    @property
    def team_code(self) -> str: ...
    @property
    def status(self) -> Status: ...
    @property
    def planned_due(self) -> date | None: ...


Row = TypeVar("Row", bound=PlannedRow)


def due_horizon(calendar: WorkingCalendar, as_of: date) -> date:
    """The last day of the next two working weeks from the as-of date."""
    return calendar.add_working_days(as_of, DUE_SOON_WORKING_DAYS)


def due_soon(rows: Iterable[Row], as_of: date, horizon: date) -> list[Row]:
    """Open work planned to finish from the as-of date to the horizon: soonest first, then by
    team and key."""
    found = [
        row
        for row in rows
        if (due := row.planned_due) is not None and as_of <= due <= horizon and row.status not in _CLOSED
    ]
    found.sort(key=lambda row: (row.planned_due, row.team_code, key_order(row.key)))
    return found


# ---------------------------------------------------------------- what needs attention


def needs_attention(workstreams: Iterable[WorkstreamState]) -> list[WorkstreamState]:
    """Red and blocked open work: blocked first (red first among it), then the latest first."""
    found = [
        w for w in workstreams if w.is_open and (w.health is HealthLevel.RED or w.status is Status.BLOCKED)
    ]
    return sorted(
        found,
        key=lambda w: (
            w.status is not Status.BLOCKED,
            w.health is not HealthLevel.RED,
            -(w.days_late or 0),
            key_order(w.key),
        ),
    )


def red_rank(
    days_late: int, critical: bool, total_float: int | None, key: str
) -> tuple[int, bool, int, tuple[str, int, str]]:
    """Where a red item stands in the dashboard's red list: the latest, then on the critical
    path, then the least float, then by key."""
    return -days_late, not critical, total_float or 0, key_order(key)


# ---------------------------------------------------------------- milestones and the go-live


def milestone_order(
    forecast: date | None, planned: date | None, key: str
) -> tuple[date, tuple[str, int, str]]:
    """Milestones soonest first, by where the plan now expects them (the forecast), then by key."""
    return forecast or planned or date.max, key_order(key)


def milestones(workstreams: Iterable[WorkstreamState]) -> list[WorkstreamState]:
    """The milestones not cancelled, soonest first."""
    found = [w for w in workstreams if w.is_milestone and w.status is not Status.CANCELLED]
    return sorted(found, key=lambda w: milestone_order(w.forecast_finish, w.planned_due, w.key))


def go_live_workstream(state: PlanState) -> WorkstreamState | None:
    """The milestone the plan's go-live is, when it has one."""
    return next((w for w in state.workstreams if w.key == state.go_live_key), None)
