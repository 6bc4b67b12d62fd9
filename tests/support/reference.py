"""A deliberately naive re-statement of the forecast rules, to check the engine against.

It shares no code with ``migrator.analysis``: working days come from a plain list built from
the domain calendar, and the forward pass is a fixed-point iteration (relax every link until
nothing moves) instead of one pass in topological order. Slow and obviously correct.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from migrator.domain.calendar import WorkingCalendar
from migrator.domain.model import Dependency, Status, Workstream

START_SIDE = {"FS", "SS"}  # the rule binds the successor's start
READS_START = {"SS", "SF"}  # the rule reads the predecessor's start


class DayList:
    """Working days between two dates as a list; instants as in the README (day n is [n, n+1))."""

    def __init__(self, calendar: WorkingCalendar, first: date, last: date) -> None:
        self.days: list[date] = []
        day = first
        while day <= last:
            if calendar.is_working_day(day):
                self.days.append(day)
            day += timedelta(days=1)
        self.index = {day: n for n, day in enumerate(self.days)}
        self.calendar = calendar

    def start_instant(self, day: date) -> int:
        return self.index[self.calendar.next_working_day(day)]

    def finish_instant(self, day: date) -> int:
        return self.index[self.calendar.previous_working_day(day)] + 1

    def start_date(self, instant: int) -> date:
        return self.days[instant]

    def finish_date(self, instant: int) -> date:
        return self.days[instant - 1]

    def shift(self, day: date, working_days: int) -> date:
        """The working day ``working_days`` after working day ``day``."""
        return self.days[self.index[day] + working_days]


@dataclass
class Node:
    item: Workstream
    mode: str  # "open", "running", "done", "mark"
    duration: int = 0
    start_floor: int = 0
    finish_floor: int = 0


@dataclass(frozen=True)
class Link:
    pred: str
    succ: str
    type: str
    lag: int


class Reference:
    """The plan's nodes and active links as the README defines them."""

    def __init__(
        self, items: Mapping[str, Workstream], links: list[Dependency], as_of: date, days: DayList
    ) -> None:
        self.days = days
        as0 = days.start_instant(as_of)
        self.nodes: dict[str, Node] = {}
        for key, w in items.items():
            if w.status == Status.CANCELLED:
                continue
            self.nodes[key] = self._node(w, as0)
        by_id = {w.id: key for key, w in items.items()}
        self.links: list[Link] = []  # every link between live items
        for dep in links:
            pred, succ = by_id[dep.predecessor_id], by_id[dep.successor_id]
            if pred in self.nodes and succ in self.nodes:
                self.links.append(Link(pred, succ, dep.type.value, dep.lag))

    def _node(self, w: Workstream, as0: int) -> Node:
        days = self.days
        start = days.start_instant(w.planned_start) if w.planned_start else None
        finish = days.finish_instant(w.planned_due) if w.planned_due else None
        if w.is_milestone:
            planned = finish if finish is not None else (start + 1 if start is not None else None)
            if w.status == Status.DONE:
                fixed = days.finish_instant(w.actual_finish) if w.actual_finish else planned
                fixed = fixed if fixed is not None else as0 + 1
                return Node(w, "done", 0, fixed, fixed)
            return Node(w, "mark", 0, 0, max(planned if planned is not None else as0 + 1, as0 + 1))
        if start is None:
            start = finish - 1 if finish is not None else as0
        if finish is None:
            finish = start + 1
        if finish <= start:  # no working day between its dates: the last one before the due date
            start = finish - 1
        duration = finish - start
        if w.status == Status.DONE:
            end = days.finish_instant(w.actual_finish) if w.actual_finish else start + duration
            begin = days.start_instant(w.actual_start) if w.actual_start else start
            return Node(w, "done", duration, min(begin, end - 1), end)
        if w.status == Status.IN_PROGRESS:
            began = days.start_instant(w.actual_start) if w.actual_start else min(start, as0)
            return Node(w, "running", duration, began, max(start + duration, as0 + 1, began + 1))
        return Node(w, "open", duration, max(start, as0), 0)

    def active(self, link: Link) -> bool:
        """Whether the link constrains its successor: never done work. An FS or SS link into running
        work binds its finish (it started early, but can't finish before what it waits on)."""
        return self.nodes[link.succ].mode != "done"

    def transmits(self, link: Link) -> bool:
        """Whether a slip of the predecessor's finish reaches what the link reads."""
        mode = self.nodes[link.pred].mode
        return mode != "done" and not (mode == "running" and link.type in READS_START)

    def forecast(self, pinned: Mapping[str, tuple[int, int]] | None = None) -> dict[str, tuple[int, int]]:
        """(start, finish) instants of every live item: the least fixed point of all the rules."""
        pinned = pinned or {}
        value: dict[str, tuple[int, int]] = {}
        for key, node in self.nodes.items():
            if key in pinned:
                value[key] = pinned[key]
            elif node.mode == "done":
                value[key] = (node.start_floor, node.finish_floor)
            elif node.mode == "open":
                value[key] = (node.start_floor, node.start_floor + node.duration)
            elif node.mode == "running":
                value[key] = (node.start_floor, node.finish_floor)
            else:
                value[key] = (node.finish_floor, node.finish_floor)
        into: dict[str, list[Link]] = {key: [] for key in self.nodes}
        for link in self.links:
            if self.active(link):
                into[link.succ].append(link)
        for _round in range(len(self.nodes) + 2):
            changed = False
            for key, node in self.nodes.items():
                if key in pinned or node.mode == "done":
                    continue
                start_need = finish_need = -(10**9)
                for link in into[key]:
                    pred_start, pred_finish = value[link.pred]
                    bound = (pred_start if link.type in READS_START else pred_finish) + link.lag
                    if link.type in START_SIDE:
                        start_need = max(start_need, bound)
                    else:
                        finish_need = max(finish_need, bound)
                if node.mode == "open":
                    start = max(node.start_floor, start_need)
                    finish = max(start + node.duration, finish_need)
                    new = (finish - node.duration, finish)
                elif node.mode == "running":
                    new = (node.start_floor, max(node.finish_floor, start_need, finish_need))
                else:
                    instant = max(node.finish_floor, start_need, finish_need)
                    new = (instant, instant)
                if new != value[key]:
                    value[key] = new
                    changed = True
            if not changed:
                return value
        raise AssertionError("the reference forward pass did not settle: is there a loop?")

    def leading(self, held: Iterable[str]) -> set[str]:
        """Items with a chain of active, transmitting links into a milestone held to the target."""
        found = {key for key in held if key in self.nodes and self.nodes[key].mode != "done"}
        if not found:
            return set()
        grew = True
        while grew:
            grew = False
            for link in self.links:
                if (
                    link.succ in found
                    and link.pred not in found
                    and self.active(link)
                    and self.transmits(link)
                ):
                    found.add(link.pred)
                    grew = True
        return found
