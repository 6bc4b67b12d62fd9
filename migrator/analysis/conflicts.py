"""Dependency conflicts: links that the current planned dates break.

These are what a coordinator negotiates between two teams, so each one says who is
planned too early, against whom, and by how many working days.
"""

from __future__ import annotations

from migrator.analysis.results import Conflict
from migrator.analysis.schedule import BINDS_START, DONE, OPEN, READS_START, TYPE_CODES, Schedule
from migrator.analysis.wording import working_days
from migrator.domain.model import Dependency, Workstream
from migrator.domain.workstream_state import link_text


def find_conflicts(schedule: Schedule) -> list[Conflict]:
    """Broken links, worst first; a done successor has nothing left to negotiate."""
    line, workstreams, mode = schedule.line, schedule.workstreams, schedule.mode
    committed: dict[int, tuple[int | None, int | None]] = {}

    def instants(node: int) -> tuple[int | None, int | None]:
        """The start and finish the plan holds now: actual ones once they happened."""
        found = committed.get(node)
        if found is None:
            w = workstreams[node]
            started = mode[node] != OPEN and w.actual_start is not None
            start_day = w.actual_start if started else w.planned_start
            finish_day = w.actual_finish if mode[node] == DONE and w.actual_finish else w.planned_due
            if w.is_milestone:
                instant = line.finish_instant(finish_day) if finish_day else None
                found = (instant, instant)
            else:
                found = (
                    line.start_instant(start_day) if start_day else None,
                    line.finish_instant(finish_day) if finish_day else None,
                )
            committed[node] = found
        return found

    conflicts = []
    for dep, pred, succ in schedule.links:
        if mode[succ] == DONE:
            continue
        kind = TYPE_CODES[dep.type]
        read = instants(pred)[0 if READS_START[kind] else 1]
        bound = instants(succ)[0 if BINDS_START[kind] else 1]
        if read is None or bound is None:
            continue
        violation = read + dep.lag - bound
        if violation > 0:
            conflicts.append(_conflict(dep, workstreams[pred], workstreams[succ], violation))
    conflicts.sort(key=lambda c: (-c.violation_days, c.predecessor, c.successor))
    return conflicts


def _conflict(dep: Dependency, pred: Workstream, succ: Workstream, violation: int) -> Conflict:
    kind = TYPE_CODES[dep.type]
    verb = "start" if BINDS_START[kind] else "finish"
    event = "starts" if READS_START[kind] else "finishes"
    link = link_text(pred.key, succ.key, dep.type.value, dep.lag).split(" ", 3)[-1]
    if dep.lag == 0:
        message = (
            f"{succ.key} is planned to {verb} {working_days(violation)} before {pred.key} {event} ({link})"
        )
    else:
        gap = f"{working_days(dep.lag)} after" if dep.lag > 0 else f"at most {working_days(dep.lag)} before"
        message = (
            f"{succ.key} is planned to {verb} {working_days(violation)} too early: "
            f"{gap} {pred.key} {event} ({link})"
        )
    return Conflict(
        dependency_id=dep.id,
        predecessor=pred.key,
        successor=succ.key,
        predecessor_team_id=pred.team_id,
        successor_team_id=succ.team_id,
        type=dep.type.value,
        lag=dep.lag,
        violation_days=violation,
        message=message,
    )
