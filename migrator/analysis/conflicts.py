"""Dependency conflicts: links that the current planned dates break.

These are what a coordinator negotiates between two teams, so each one says who is
planned too early, against whom, and by how many working days.
"""

from __future__ import annotations

from migrator.analysis.results import Conflict
from migrator.analysis.schedule import BINDS_START, DONE, READS_START, Schedule
from migrator.analysis.wording import working_days
from migrator.domain.model import Dependency, Workstream
from migrator.domain.workstream_state import link_text


def find_conflicts(schedule: Schedule) -> list[tuple[int, int]]:
    """(link, violation in working days) of each broken link, worst first.

    Numbers only: the messages are written when someone reads them (``describe``). A done
    successor has nothing left to negotiate; a link with an unknown date can't be judged.
    """
    mode = schedule.mode
    starts, finishes = schedule.committed_start, schedule.committed_finish
    found = []
    for link, (dep, pred, succ, kind) in enumerate(
        zip(schedule.link_dep, schedule.link_pred, schedule.link_succ, schedule.link_kind, strict=True)
    ):
        if mode[succ] == DONE:
            continue
        read = starts[pred] if READS_START[kind] else finishes[pred]
        bound = starts[succ] if BINDS_START[kind] else finishes[succ]
        if read is None or bound is None:
            continue
        violation = read + dep.lag - bound
        if violation > 0:
            found.append((link, violation))
    keys = [w.key for w in schedule.workstreams] if found else []
    link_pred, link_succ = schedule.link_pred, schedule.link_succ
    found.sort(key=lambda item: (-item[1], keys[link_pred[item[0]]], keys[link_succ[item[0]]]))
    return found


def describe(schedule: Schedule, link: int, violation: int) -> Conflict:
    dep = schedule.link_dep[link]
    pred = schedule.workstreams[schedule.link_pred[link]]
    succ = schedule.workstreams[schedule.link_succ[link]]
    kind = schedule.link_kind[link]
    return _conflict(dep, pred, succ, violation, BINDS_START[kind], READS_START[kind])


def _conflict(
    dep: Dependency, pred: Workstream, succ: Workstream, violation: int, binds_start: bool, reads_start: bool
) -> Conflict:
    verb = "start" if binds_start else "finish"
    event = "starts" if reads_start else "finishes"
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
