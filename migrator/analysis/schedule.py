"""Forecast, latest dates, float and the critical path, on integer instants.

The network is compiled once into parallel lists indexed by node (one node per workstream
that is not cancelled), so the passes are tight loops over ints. See working_time.py for
what an instant is, and the README ("How Migrator forecasts") for the rules in words.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property

from migrator.analysis.working_time import WorkingDayLine
from migrator.domain.errors import DependencyLoopError, ValidationError
from migrator.domain.graph import find_loops
from migrator.domain.model import Dependency, DependencyType, Status, Workstream

# How a node behaves in the passes.
OPEN = 0  # a task not started or blocked: keeps its duration, its start can move
RUNNING = 1  # a task in progress: its actual start is fixed, its finish can move
DONE = 2  # finished: actual dates, constrains others, nothing constrains it
MARK = 3  # a milestone not yet reached: one instant, the end of its date

# Link types as small ints; the tuples say which instant a link reads and writes.
FS, SS, FF, SF = 0, 1, 2, 3
READS_START = (False, True, False, True)  # the predecessor's start (SS, SF) or its finish
BINDS_START = (True, True, False, False)  # the successor's start (FS, SS) or its finish

# A link that constrains its successor: (predecessor, successor, kind, lag), one tuple listed
# under both of its ends.
Link = tuple[int, int, int, int]

NO_NODE = -1  # no such node: no go-live milestone, nobody pushed
FAR = 1 << 40  # "unbounded" latest finish before any successor constrains it


def link_transmits(predecessor_mode: int, kind: int) -> bool:
    """Whether moving the predecessor's finish moves what the link reads.

    A done item does not move; a running item's start is fixed, so its SS and SF links
    read an instant that a slip of its finish leaves where it is.
    """
    if predecessor_mode == DONE:
        return False
    return predecessor_mode != RUNNING or not READS_START[kind]


@dataclass(frozen=True)
class ScheduleInputs:
    as_of: date
    target_go_live: date | None
    go_live_milestone_id: int | None


class Schedule:
    """The compiled network with its forward and backward passes done."""

    def __init__(
        self,
        workstreams: Sequence[Workstream],
        dependencies: Iterable[Dependency],
        line: WorkingDayLine,
        inputs: ScheduleInputs,
        previous: Schedule | None = None,
    ) -> None:
        """``previous``, a schedule of an earlier state of the same plan, lends its network
        when the live workstreams and the links are the same ones: then only the dates and
        the links of items whose mode changed are compiled again before the passes."""
        self.line = line
        self.as_of = inputs.as_of
        cancelled = Status.CANCELLED
        live: list[Workstream] = []
        live_ids: list[int] = []
        dropped: list[Workstream] = []
        for w in workstreams:  # one pass: reading 20,000 objects costs more than the work on them
            if w.status is cancelled:
                dropped.append(w)
            else:
                live.append(w)
                live_ids.append(w.id)
        links = list(dependencies)  # kept: a caller's list may change before the next analysis
        self.workstreams: list[Workstream] = live
        self.cancelled: list[Workstream] = dropped  # no node: they take no part in the passes
        self.dependencies: list[Dependency] = links  # as given: a later schedule may reuse the network
        self.live_ids: list[int] = live_ids
        same = previous if previous is not None and previous._same_network(self.live_ids, links) else None
        self.node_of: dict[int, int] = (
            same.node_of if same is not None else {wid: n for n, wid in enumerate(self.live_ids)}
        )
        count = len(live)
        self.mode: list[int] = [OPEN] * count
        self.duration: list[int] = [0] * count  # working days an open task keeps
        self.start_floor: list[int] = [0] * count  # earliest start (open) or the fixed start
        self.finish_floor: list[int] = [0] * count  # earliest finish (running, milestone) or fixed finish
        # The dates the plan holds now (actual ones once they happened), for conflicts; None if unknown.
        self.committed_start: list[int | None] = [None] * count
        self.committed_finish: list[int | None] = [None] * count
        self.planned_finish: list[int | None] = [None] * count  # the end of the planned due date
        self.team_of: list[int] = [0] * count  # the team id, for the rules between teams
        # Links that constrain their successor, by successor and by predecessor.
        self.preds: list[list[Link]]
        self.succs: list[list[Link]]
        # Every live link, as parallel lists (few objects: a 40,000-link plan stays cheap to hold).
        self.link_dep: list[Dependency]
        self.link_pred: list[int]
        self.link_succ: list[int]
        self.link_kind: list[int]
        self.order: list[int]  # every node after its predecessors
        self.milestones: list[int] = []  # nodes, as _place_nodes meets them
        self._place_nodes(line.start_instant(inputs.as_of))
        if same is not None:
            self._relink(same)
            self.order = same.order
        else:
            self._link(links)
            self.order = self._topological_order()

        self.es: list[int] = [0] * count
        self.ef: list[int] = [0] * count
        self.pushed: list[bool] = [False] * count  # a predecessor moved it past its own dates
        self._forward_pass()

        self.go_live_fixed = self.node_of.get(inputs.go_live_milestone_id or -1, NO_NODE)
        if self.go_live_fixed != NO_NODE and not live[self.go_live_fixed].is_milestone:
            self.go_live_fixed = NO_NODE
        self.go_live = self._go_live(self.ef)
        self.target_instant = (
            line.finish_instant(inputs.target_go_live) if inputs.target_go_live is not None else None
        )
        self.lf: list[int] = [FAR] * count
        self.leads_to_go_live: list[bool] = [False] * count
        self._backward_pass()
        self.critical: list[bool] = [False] * count
        self.critical_path: list[int] = []
        self._mark_critical()

    # Compiling ---------------------------------------------------------------------------

    def _place_nodes(self, as_of: int) -> None:
        starts, finishes = self.line.starts, self.line.finishes
        done, running = Status.DONE, Status.IN_PROGRESS
        mode, duration = self.mode, self.duration
        start_floor, finish_floor = self.start_floor, self.finish_floor
        committed_start, committed_finish = self.committed_start, self.committed_finish
        planned_finish, milestones, team_of = self.planned_finish, self.milestones, self.team_of
        for node, w in enumerate(self.workstreams):
            status = w.status
            team_of[node] = w.team_id
            # The planned instants as entered: either may be missing.
            plan_start = starts[w.planned_start] if w.planned_start else None
            plan_finish = finishes[w.planned_due] if w.planned_due else None
            planned_finish[node] = plan_finish
            if w.is_milestone:
                milestones.append(node)
                planned = (
                    plan_finish
                    if plan_finish is not None
                    else (plan_start + 1 if plan_start is not None else None)
                )
                if status is done:
                    mode[node] = DONE
                    fixed = finishes[w.actual_finish] if w.actual_finish else planned
                    fixed = fixed if fixed is not None else as_of + 1
                    finish_floor[node] = start_floor[node] = fixed
                    committed_start[node] = committed_finish[node] = fixed
                else:  # not reached yet: no earlier than its date, nor than the end of the as-of day
                    mode[node] = MARK
                    finish_floor[node] = max(planned if planned is not None else as_of + 1, as_of + 1)
                    committed_start[node] = committed_finish[node] = planned
                continue
            committed_start[node], committed_finish[node] = plan_start, plan_finish
            # The span the passes use. One planned date makes a one-day task; none, a one-day task
            # from the as-of date; dates with no working day between them (a weekend cut-over)
            # count as the last working day before the due date.
            if plan_start is not None and plan_finish is not None:
                start, finish = min(plan_start, plan_finish - 1), plan_finish
            elif plan_finish is not None:
                start, finish = plan_finish - 1, plan_finish
            else:
                start = plan_start if plan_start is not None else as_of
                finish = start + 1
            length = finish - start
            duration[node] = length
            if status is done:
                mode[node] = DONE
                fixed_finish = finishes[w.actual_finish] if w.actual_finish else start + length
                fixed_start = starts[w.actual_start] if w.actual_start else start
                start_floor[node] = min(fixed_start, fixed_finish - 1)
                finish_floor[node] = fixed_finish
                if w.actual_start:
                    committed_start[node] = fixed_start
                if w.actual_finish:
                    committed_finish[node] = fixed_finish
            elif status is running:
                mode[node] = RUNNING
                began = starts[w.actual_start] if w.actual_start else min(start, as_of)
                start_floor[node] = began
                # Still running: it finishes at the end of the as-of day at the earliest.
                finish_floor[node] = max(start + length, as_of + 1, began + 1)
                if w.actual_start:
                    committed_start[node] = began
            else:  # not started or blocked: unstarted work can't start in the past
                mode[node] = OPEN
                start_floor[node] = start if start > as_of else as_of

    def _link(self, dependencies: Iterable[Dependency]) -> None:
        count = len(self.workstreams)
        node_of, mode = self.node_of, self.mode
        preds: list[list[Link]] = [[] for _ in range(count)]
        succs: list[list[Link]] = [[] for _ in range(count)]
        link_dep: list[Dependency] = []
        link_pred: list[int] = []
        link_succ: list[int] = []
        link_kind: list[int] = []
        self.preds, self.succs = preds, succs
        self.link_dep, self.link_pred, self.link_succ, self.link_kind = (
            link_dep,
            link_pred,
            link_succ,
            link_kind,
        )
        fs, ss, ff = DependencyType.FS, DependencyType.SS, DependencyType.FF
        get = node_of.get
        for dep in dependencies:
            pred = get(dep.predecessor_id)
            succ = get(dep.successor_id)
            if pred is None or succ is None:  # a cancelled end: the link constrains nothing
                continue
            t = dep.type  # compared by identity: hashing an enum member is a Python-level call
            kind = FS if t is fs else SS if t is ss else FF if t is ff else SF
            link_dep.append(dep)
            link_pred.append(pred)
            link_succ.append(succ)
            link_kind.append(kind)
            # A link constrains its successor unless that is done. Work in progress has a fixed
            # start, so an FS or SS link into it binds its finish: it started early, but it can't
            # finish before what it waits on.
            if mode[succ] != DONE:
                link = (pred, succ, kind, dep.lag)
                preds[succ].append(link)
                succs[pred].append(link)

    def _same_network(self, live_ids: list[int], links: list[Dependency]) -> bool:
        """Whether this schedule was compiled from these live workstreams, in this order, and
        these very link objects (the plan replaces a link it changes, never edits it)."""
        return (
            live_ids == self.live_ids
            and len(links) == len(self.dependencies)
            and all(map(operator.is_, links, self.dependencies))
        )

    def _relink(self, same: Schedule) -> None:
        """The links of ``same``'s network; the nodes whose mode changed get theirs filtered
        again, as _link would (the other nodes share their lists with ``same``)."""
        self.link_dep, self.link_pred = same.link_dep, same.link_pred
        self.link_succ, self.link_kind = same.link_succ, same.link_kind
        mode = self.mode
        if mode == same.mode:
            self.preds, self.succs = same.preds, same.succs
            return
        changed = {
            node for node, (now, before) in enumerate(zip(mode, same.mode, strict=True)) if now != before
        }
        heads = {pred for pred, succ in zip(self.link_pred, self.link_succ, strict=True) if succ in changed}
        preds, succs = list(same.preds), list(same.succs)
        for node in changed:
            preds[node] = []
        for node in heads:
            succs[node] = []
        for dep, pred, succ, kind in zip(
            self.link_dep, self.link_pred, self.link_succ, self.link_kind, strict=True
        ):
            into, out_of = succ in changed, pred in heads
            if not (into or out_of):
                continue
            if mode[succ] != DONE:
                link = (pred, succ, kind, dep.lag)
                if into:
                    preds[succ].append(link)
                if out_of:
                    succs[pred].append(link)
        self.preds, self.succs = preds, succs

    def _topological_order(self) -> list[int]:
        """Kahn's order over every live link, so each item comes after all its predecessors."""
        count = len(self.workstreams)
        waiting = [0] * count
        following: list[list[int]] = [[] for _ in range(count)]
        for pred, succ in zip(self.link_pred, self.link_succ, strict=True):
            waiting[succ] += 1
            following[pred].append(succ)
        ready = [n for n in range(count) if waiting[n] == 0]
        order: list[int] = []
        while ready:
            node = ready.pop()
            order.append(node)
            for succ in following[node]:
                waiting[succ] -= 1
                if waiting[succ] == 0:
                    ready.append(succ)
        if len(order) < count:  # only a file changed outside Migrator can hold a loop
            loop = find_loops({n: following[n] for n in range(count) if waiting[n]})[0]
            keys = [self.workstreams[n].key for n in loop]
            raise DependencyLoopError(
                keys,
                f"The plan's dependencies form a loop ({' → '.join(keys)}), so it cannot be scheduled; "
                "remove one of these links.",
            )
        return order

    @cached_property
    def position(self) -> list[int]:
        """Of each node in ``order``; only the what-ifs, which walk the order from a node on, ask."""
        position = [0] * len(self.order)
        for pos, node in enumerate(self.order):
            position[node] = pos
        return position

    # Forward pass ------------------------------------------------------------------------

    def _forward_pass(self) -> None:
        es, ef, pushed, earliest = self.es, self.ef, self.pushed, self.earliest
        for node in self.order:
            es[node], ef[node], pushed[node] = earliest(node, es, ef)

    def earliest(self, node: int, es: Sequence[int], ef: Sequence[int]) -> tuple[int, int, bool]:
        """(start, finish, pushed) of ``node`` given its predecessors' instants; ``pushed`` when a
        link, not the item's own dates, sets them (a tie goes to its own dates)."""
        mode = self.mode[node]
        if mode == DONE:
            return self.start_floor[node], self.finish_floor[node], False
        if mode == OPEN:
            floor = start = self.start_floor[node]
            finish_bound = -FAR
            for pred, _, kind, lag in self.preds[node]:
                bound = (es[pred] if READS_START[kind] else ef[pred]) + lag
                if kind <= SS:
                    if bound > start:
                        start = bound
                elif bound > finish_bound:
                    finish_bound = bound
            duration = self.duration[node]
            if finish_bound > start + duration:  # a finish-side link pushes the finish; the start follows
                return finish_bound - duration, finish_bound, True
            return start, start + duration, start > floor
        # RUNNING or MARK: every link binds the finish (a running item's start is fixed; a
        # milestone has one instant).
        floor = finish = self.finish_floor[node]
        for pred, _, kind, lag in self.preds[node]:
            bound = (es[pred] if READS_START[kind] else ef[pred]) + lag
            if bound > finish:
                finish = bound
        return (self.start_floor[node] if mode == RUNNING else finish), finish, finish > floor

    def pushed_by(self, node: int) -> int:
        """The predecessor that pushed ``node`` past its own dates (the first key among ties)."""
        if not self.pushed[node]:
            return NO_NODE
        es, ef, keys = self.es, self.ef, self.workstreams
        is_open = self.mode[node] == OPEN
        best = NO_NODE
        for pred, _, kind, lag in self.preds[node]:
            bound = (es[pred] if READS_START[kind] else ef[pred]) + lag
            governed = es[node] if BINDS_START[kind] and is_open else ef[node]
            if bound == governed and (best == NO_NODE or keys[pred].key < keys[best].key):
                best = pred
        return best

    def _go_live(self, ef: Sequence[int]) -> int:
        """The go-live milestone: the one set in the settings, else the latest; NO_NODE without any."""
        if self.go_live_fixed != NO_NODE:
            return self.go_live_fixed
        best = NO_NODE
        workstreams, mode = self.workstreams, self.mode
        for node in self.milestones:  # a tie goes to open work, then to the first key
            if best == NO_NODE:
                best = node
                continue
            ahead, leader = (ef[node], mode[node] != DONE), (ef[best], mode[best] != DONE)
            if ahead > leader or (ahead == leader and workstreams[node].key < workstreams[best].key):
                best = node
        return best

    def projected_instant(self, ef: Sequence[int]) -> int | None:
        go_live = self._go_live(ef)
        if go_live != NO_NODE:
            return ef[go_live]
        return max(ef) if ef else None

    # Backward pass -----------------------------------------------------------------------

    def _backward_pass(self) -> None:
        count = len(self.workstreams)
        if not count:
            return
        mode, ef, lf, leads = self.mode, self.ef, self.lf, self.leads_to_go_live
        go_live = self.go_live
        # What is held to the target: the go-live milestone when the settings name it; else every
        # open milestone, since whichever ends up latest is the go-live; without milestones, all
        # open work, since the latest finish is the go-live.
        if go_live == NO_NODE:
            held = [n for n in range(count) if mode[n] != DONE]
        elif self.go_live_fixed != NO_NODE:
            held = [go_live] if mode[go_live] != DONE else []
        else:
            held = [m for m in self.milestones if mode[m] != DONE]
        projected = self.projected_instant(ef)
        assert projected is not None  # the plan is not empty
        go_live_bound = self.target_instant if self.target_instant is not None else projected
        stack = list(held)
        for node in held:
            leads[node] = True
        while stack:
            node = stack.pop()
            for pred, _, kind, _lag in self.preds[node]:
                if not leads[pred] and link_transmits(mode[pred], kind):
                    leads[pred] = True
                    stack.append(pred)
        is_held = set(held)
        end_of_plan = max(ef)
        if self.target_instant is not None:
            end_of_plan = max(end_of_plan, self.target_instant)
        duration = self.duration
        for node in reversed(self.order):
            node_mode = mode[node]
            if node_mode == DONE:
                continue
            if node == self.go_live_fixed:
                lf[node] = go_live_bound  # what comes after go-live does not hold it back
                continue
            node_leads = leads[node]
            latest = (go_live_bound if node in is_held else FAR) if node_leads else end_of_plan
            own = duration[node] if node_mode == OPEN else 0
            running = node_mode == RUNNING
            for _, succ, kind, lag in self.succs[node]:
                if node_leads and not leads[succ]:
                    continue  # work off the road to go-live does not hold this back
                if running and READS_START[kind]:
                    continue  # its start is fixed: the link does not transmit (link_transmits)
                succ_lf = lf[succ]
                succ_latest = (
                    succ_lf - duration[succ] if BINDS_START[kind] and mode[succ] == OPEN else succ_lf
                )
                bound = succ_latest - lag + (own if READS_START[kind] else 0)
                if bound < latest:
                    latest = bound
            lf[node] = latest

    # Critical path -------------------------------------------------------------------------

    def binding_predecessors(self, node: int, es: Sequence[int], ef: Sequence[int]) -> list[int]:
        """Predecessors whose link sets ``node``'s forecast and would pass on a slip."""
        node_mode = self.mode[node]
        found = []
        for pred, _, kind, lag in self.preds[node]:
            if not link_transmits(self.mode[pred], kind):
                continue
            bound = (es[pred] if READS_START[kind] else ef[pred]) + lag
            governed = es[node] if BINDS_START[kind] and node_mode == OPEN else ef[node]
            if bound == governed:
                found.append(pred)
        return found

    def _mark_critical(self) -> None:
        ends: list[int]
        if self.go_live_fixed != NO_NODE:
            ends = [self.go_live] if self.mode[self.go_live] != DONE else []
        elif self.go_live != NO_NODE:  # every milestone tied for latest drives go-live
            latest = self.ef[self.go_live]
            ends = [m for m in self.milestones if self.ef[m] == latest and self.mode[m] != DONE]
        else:
            latest = max(self.ef, default=0)
            ends = [n for n in range(len(self.ef)) if self.ef[n] == latest and self.mode[n] != DONE]
        critical, es, ef = self.critical, self.es, self.ef
        stack = list(ends)
        for node in ends:
            critical[node] = True
        while stack:
            for pred in self.binding_predecessors(stack.pop(), es, ef):
                if not critical[pred]:
                    critical[pred] = True
                    stack.append(pred)
        if not ends:
            return
        nodes = self.workstreams  # keys read only along the path, not for the whole plan

        def key(node: int) -> str:
            return nodes[node].key

        node = min(ends, key=key)
        path = [node]
        while binding := self.binding_predecessors(node, es, ef):
            node = min(binding, key=key)
            path.append(node)
        self.critical_path = path[::-1]

    # Slip impact ---------------------------------------------------------------------------

    def slipped(self, node: int, days: int) -> tuple[list[int], list[int], set[int]]:
        """Forecast starts and finishes when ``node`` finishes ``days`` later, and the nodes that moved.

        Only what lies downstream is recomputed, in plan order, and a node that does not
        move stops the wave: the cost follows what actually moves, not the plan's size
        (copying the two lists first costs a fraction of a millisecond at 20,000 items).
        """
        mode = self.mode[node]
        if mode == DONE:
            raise ValidationError(f"{self.workstreams[node].key} is done; only open work can slip.")
        es, ef = list(self.es), list(self.ef)
        ef[node] += days
        if mode in (OPEN, MARK):
            es[node] += days
        moved = {node}
        succs, earliest = self.succs, self.earliest
        # Walk the plan order from the first successor on, recomputing only what is marked;
        # a node that does not move marks nothing, and the walk ends with the last mark.
        marked = bytearray(len(es))
        pending = 0
        for _, succ, _kind, _lag in succs[node]:
            if not marked[succ]:
                marked[succ] = 1
                pending += 1
        first = min((self.position[succ] for _, succ, _kind, _lag in succs[node]), default=len(es))
        for current in self.order[first:]:
            if not pending:
                break
            if not marked[current]:
                continue
            pending -= 1
            start, finish, _pushed = earliest(current, es, ef)
            if start == es[current] and finish == ef[current]:
                continue
            es[current], ef[current] = start, finish
            moved.add(current)
            for _, succ, _kind, _lag in succs[current]:
                if not marked[succ]:
                    marked[succ] = 1
                    pending += 1
        return es, ef, moved

    def held_back(self, floors: dict[int, int]) -> tuple[list[int], list[int], set[int]]:
        """Forecast starts and finishes when each node of ``floors`` can't start (a milestone: be
        reached) before its instant there, and the nodes that moved: what a late decision does
        to the work waiting on it. Only open work and milestones not reached are held back.

        As ``slipped``, only what lies downstream is recomputed, in plan order."""
        es, ef = list(self.es), list(self.ef)
        mode, succs, earliest = self.mode, self.succs, self.earliest
        moved: set[int] = set()
        marked = bytearray(len(es))
        pending = 0
        for node in floors:
            if mode[node] in (OPEN, MARK) and not marked[node]:
                marked[node] = 1
                pending += 1
        first = min((self.position[node] for node in floors if marked[node]), default=len(es))
        for current in self.order[first:]:
            if not pending:
                break
            if not marked[current]:
                continue
            pending -= 1
            start, finish, _pushed = earliest(current, es, ef)
            floor = floors.get(current)
            if floor is not None:
                if mode[current] == OPEN and floor > start:
                    start, finish = floor, floor + self.duration[current]
                elif mode[current] == MARK and floor > finish:
                    start = finish = floor
            if start == es[current] and finish == ef[current]:
                continue
            es[current], ef[current] = start, finish
            moved.add(current)
            for _, succ, _kind, _lag in succs[current]:
                if not marked[succ]:
                    marked[succ] = 1
                    pending += 1
        return es, ef, moved
