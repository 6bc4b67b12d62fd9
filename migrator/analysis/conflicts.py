"""Dependency conflicts: links that the current planned dates break.

These are what a coordinator negotiates between two teams, so each one says who is
planned too early, against whom, and by how many working days.
"""

from __future__ import annotations

from migrator.analysis.results import Conflict
from migrator.analysis.schedule import BINDS_START, DONE, FS, MARK, OPEN, READS_START, RUNNING, SS, Schedule
from migrator.domain.wording import working_days
from migrator.domain.workstream_state import link_type_text


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
    nodes, link_pred, link_succ = schedule.workstreams, schedule.link_pred, schedule.link_succ
    found.sort(key=lambda item: (-item[1], nodes[link_pred[item[0]]].key, nodes[link_succ[item[0]]].key))
    return found


def started_early(schedule: Schedule) -> dict[int, list[int]]:
    """Work in progress that started before what an FS or SS link into it waits on has happened:
    successor node → those links, by predecessor key.

    Its start is fixed, so the link no longer holds it back in the passes (it binds its finish
    instead); this keeps the risk visible on the started work itself. A link whose lead allows
    the start it made is not counted.
    """
    mode, es, ef = schedule.mode, schedule.es, schedule.ef
    found: dict[int, list[int]] = {}
    for link, (pred, succ, kind) in enumerate(
        zip(schedule.link_pred, schedule.link_succ, schedule.link_kind, strict=True)
    ):
        if mode[succ] != RUNNING or (kind != FS and kind != SS):
            continue
        # FS waits on a finish (anything not done), SS on a start (work not started yet).
        waits = mode[pred] != DONE if kind == FS else mode[pred] in (OPEN, MARK)
        read = ef[pred] if kind == FS else es[pred]
        if waits and es[succ] < read + schedule.link_dep[link].lag:
            found.setdefault(succ, []).append(link)
    keys = schedule.workstreams
    for links in found.values():
        links.sort(key=lambda link: keys[schedule.link_pred[link]].key)
    return found


def describe(schedule: Schedule, link: int, violation: int) -> Conflict:
    """The conflict in words: who is planned too early, against whom, by how much."""
    dep = schedule.link_dep[link]
    pred = schedule.workstreams[schedule.link_pred[link]]
    succ_node = schedule.link_succ[link]
    succ = schedule.workstreams[succ_node]
    kind = schedule.link_kind[link]
    binds_start = BINDS_START[kind]
    # What the successor is planned (or, once started, did) to do, and what it waits for.
    action = "be reached" if succ.is_milestone else "start" if binds_start else "finish"
    started = binds_start and schedule.mode[succ_node] != OPEN and succ.actual_start is not None
    did = "started" if started and not succ.is_milestone else f"is planned to {action}"
    event = "is reached" if pred.is_milestone else "starts" if READS_START[kind] else "finishes"
    link_type = link_type_text(dep.type.value, dep.lag)
    if dep.lag == 0:
        message = f"{succ.key} {did} {working_days(violation)} before {pred.key} {event} ({link_type})"
    else:
        rule = (
            f"it must {action} at least {working_days(dep.lag)} after"
            if dep.lag > 0
            else f"it may {action} at most {working_days(dep.lag)} before"
        )
        message = (
            f"{succ.key} {did} {working_days(violation)} too early: {rule} {pred.key} {event} ({link_type})"
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
