"""Health with reasons: green, amber or red per workstream, each colour explained.

The rules are the README's ("Health"); thresholds are the migration's settings so that
amber means the same thing in every team.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from migrator.analysis.results import HealthLevel
from migrator.analysis.schedule import DONE, MARK, NO_DRIVER, OPEN, RUNNING, Schedule
from migrator.analysis.wording import day_text, working_days
from migrator.domain.model import HealthThresholds, Status, Workstream

_MAX_NAMED_PREDECESSORS = 3


@dataclass(frozen=True)
class Assessment:
    health: HealthLevel
    derived: HealthLevel
    reasons: tuple[str, ...]
    override: bool
    slip_days: int | None
    pushed_by: int  # node of the predecessor that pushed the forecast, or NO_DRIVER


def assess(
    schedule: Schedule,
    thresholds: HealthThresholds,
    team_names: Mapping[int, str],
    target: date | None,
) -> list[Assessment]:
    """One assessment per node of ``schedule``, worked out in plan order so that a
    predecessor's colour is known before its successors look at it."""
    line, workstreams = schedule.line, schedule.workstreams
    as_of = schedule.as_of
    as_of_day = line.index_on_or_before(as_of)
    # Where a late chain starts: the first item up the drivers that was not pushed itself.
    origin = list(range(len(workstreams)))
    predecessors: list[list[int]] = [[] for _ in workstreams]
    for _dep, pred, succ in schedule.links:
        predecessors[succ].append(pred)
    results: list[Assessment | None] = [None] * len(workstreams)

    def named(node: int) -> str:
        w = workstreams[node]
        return f"{w.key} ({team_names.get(w.team_id, w.team_name)})"

    for node in schedule.order:
        w = workstreams[node]
        driver = schedule.driver[node]
        if driver != NO_DRIVER:
            origin[node] = origin[driver]
        mode = schedule.mode[node]
        if mode == DONE:
            results[node] = Assessment(HealthLevel.DONE, HealthLevel.DONE, (), False, None, NO_DRIVER)
            continue
        red: list[str] = []
        amber: list[str] = []
        finish = schedule.ef[node]
        slip = None
        if w.planned_due is not None:
            slip = finish - line.finish_instant(w.planned_due)

        if w.status == Status.BLOCKED:
            red.append(f"Blocked: {w.blocker_note}" if w.blocker_note else "Blocked, with no blocker note")
        if w.planned_due is not None and w.planned_due < as_of:
            ago = as_of_day - line.index_on_or_before(w.planned_due)
            what = "planned for" if w.is_milestone else "due"
            late = f", {working_days(ago)} ago" if ago > 0 else ""
            red.append(f"Overdue: {what} {day_text(w.planned_due)}{late}")
        total_float = schedule.lf[node] - finish
        if total_float < 0 and target is not None:
            red.append(
                f"Negative float of {working_days(total_float)}: go-live on {day_text(target)} "
                f"needs it to finish by {day_text(line.finish_date(schedule.lf[node]))}"
            )
        if slip is not None and slip > 0 and w.planned_due is not None:
            text = (
                f"Forecast to {'be reached' if w.is_milestone else 'finish'} "
                f"{day_text(line.finish_date(finish))}, {working_days(slip)} after its due date "
                f"{day_text(w.planned_due)}{_cause(schedule, node, origin, named)}"
            )
            (red if slip > thresholds.red_slip_days else amber).append(text)

        if (
            target is not None
            and schedule.leads_to_go_live[node]
            and 0 <= total_float <= thresholds.amber_float_days
        ):
            amber.append(
                f"No float: any slip moves go-live past {day_text(target)}"
                if total_float == 0
                else f"Only {working_days(total_float)} of float before the go-live target {day_text(target)}"
            )
        if w.status == Status.NOT_STARTED and w.planned_start is not None and w.planned_start < as_of:
            amber.append(f"Not started, although planned to start {day_text(w.planned_start)}")
        if not w.is_milestone and w.planned_due is not None and w.planned_due >= as_of:
            left = line.index_on_or_before(w.planned_due) - as_of_day
            if left <= thresholds.due_soon_days and w.progress < thresholds.due_soon_progress:
                when = "today" if left <= 0 else f"in {working_days(left)}"
                amber.append(f"Due {day_text(w.planned_due)} ({when}) and only {w.progress}% done")
        red_upstream = [
            p
            for p in predecessors[node]
            if workstreams[p].team_id != w.team_id
            and (found := results[p]) is not None
            and found.health == HealthLevel.RED
        ]
        for pred in red_upstream[:_MAX_NAMED_PREDECESSORS]:
            amber.append(f"Waits on {named(pred)}, which is red")
        if len(red_upstream) > _MAX_NAMED_PREDECESSORS:
            amber.append(f"… and {len(red_upstream) - _MAX_NAMED_PREDECESSORS} more red items of other teams")

        derived = HealthLevel.RED if red else HealthLevel.AMBER if amber else HealthLevel.GREEN
        reasons = [*red, *amber]
        health, override = derived, False
        if w.health_override is not None:
            health, override = HealthLevel(w.health_override.value), True
            reasons.insert(0, _override_reason(w, derived))
        results[node] = Assessment(health, derived, tuple(reasons), override, slip, driver)
    return [r for r in results if r is not None]


def _cause(schedule: Schedule, node: int, origin: list[int], named: Callable[[int], str]) -> str:
    """ ", pushed by OPS-3 (Card Operations), which waits on BNK-2 (Banking & Payments)"."""
    driver = schedule.driver[node]
    if driver != NO_DRIVER:
        text = f", pushed by {named(driver)}"
        root = origin[node]
        if root != driver:
            text += f", which waits on {named(root)}"
        return text
    w: Workstream = schedule.workstreams[node]
    mode = schedule.mode[node]
    if w.status == Status.BLOCKED:
        return ", because it is blocked"
    if mode == OPEN:
        return ", because it has not started"
    if mode == RUNNING:
        return ", because it is still in progress"
    if mode == MARK:
        return ", because it has not been reached"
    return ""


def _override_reason(w: Workstream, derived: HealthLevel) -> str:
    assert w.health_override is not None
    colour = w.health_override.value
    reason = f": {w.health_override_reason}" if w.health_override_reason else ""
    return f"Set to {colour} by hand{reason} (the plan alone says {derived.value})"
