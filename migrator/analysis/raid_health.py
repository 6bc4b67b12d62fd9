"""Health from the RAID log: the decisions, risks and issues that hold work back.

Three rules, on the workstreams an item is linked to (README, "Health"):

- an undecided decision (open or deferred) linked as "decided for" or "blocks" to work not yet
  started makes it amber: the work waits on it. Red when its needed-by date has passed, or when
  the work is critical and would slip: its needed-by date falls after the work's forecast
  start, so even a decision on time moves go-live;
- an open risk whose score is red by the migration's risk bands makes the critical work it is
  linked to amber;
- an open issue past its target date makes the open work it is linked to amber.

As with the plan's own rules, the colours are worked out for the whole plan at once from
numbers (one pass over the items' links, and only the items a rule can apply to), and the
reasons, which name the item, its title and its owner, are written when someone reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from migrator.analysis.results import LEVELS, HealthLevel
from migrator.analysis.schedule import DONE, MARK, OPEN, Schedule
from migrator.domain.raid import LinkRole, RaidItem, RaidStatus, RaidType, RiskBands
from migrator.domain.wording import day_text, working_days

GREEN, AMBER, RED = (LEVELS.index(level) for level in (HealthLevel.GREEN, HealthLevel.AMBER, HealthLevel.RED))
UNDECIDED = (RaidStatus.OPEN, RaidStatus.DEFERRED)  # not decided (nor superseded) yet
GATING = (LinkRole.DECIDED_FOR, LinkRole.BLOCKS)  # the links through which a decision holds work back

# What made an item a reason for a workstream.
WAITS, WAITS_PAST_NEED, WAITS_AND_SLIPS, RED_RISK, OVERDUE_ISSUE = range(5)


@dataclass(frozen=True, slots=True)
class RaidHit:
    """One item holding back one workstream: its colour (an index into LEVELS) and the rule."""

    item: RaidItem
    level: int
    rule: int
    slip: int = 0  # working days an on-time decision would still move the work (WAITS_AND_SLIPS and WAITS)


def gate_instant(schedule: Schedule, needed_by: date) -> int:
    """The first instant work waiting on a decision taken on ``needed_by`` can start: the end
    of that day (a milestone may be reached then, a task starts the next working day)."""
    return schedule.line.finish_instant(needed_by)


def waiting_slip(schedule: Schedule, node: int, gate: int) -> int:
    """Working days ``node`` would move if it could not start (a milestone: be reached) before ``gate``."""
    current = schedule.es[node] if schedule.mode[node] == OPEN else schedule.ef[node]
    return max(gate - current, 0)


def key_order(key: str) -> tuple[str, int, str]:
    """D-4 before D-12: a RAID key's letter, then its number."""
    prefix, _, number = key.partition("-")
    return (prefix, int(number) if number.isdigit() else 0, key)


class RaidHealth:
    """The items that hold back each node of one schedule, found in one pass over their links."""

    def __init__(self, schedule: Schedule, items: Sequence[RaidItem], bands: RiskBands) -> None:
        self.schedule = schedule
        self.items = tuple(items)
        self.as_of_day = schedule.line.index_on_or_before(schedule.as_of)
        self.hits: dict[int, list[RaidHit]] = {}  # node → the items holding it back
        self._texts: dict[tuple[int, int], str] = {}  # (node, item id) → its reason, once written
        self._find(bands)

    def _find(self, bands: RiskBands) -> None:
        schedule = self.schedule
        node_of, mode, critical = schedule.node_of, schedule.mode, schedule.critical
        as_of = schedule.as_of
        hits = self.hits
        decision, risk, issue = RaidType.DECISION, RaidType.RISK, RaidType.ISSUE
        opened = RaidStatus.OPEN
        red_score = bands.red_score
        for item in self.items:
            kind, status = item.type, item.status
            if not item.links:
                continue
            if kind is decision:
                if status not in UNDECIDED:
                    continue
                needed = item.needed_by
                past = needed is not None and needed < as_of
                gate = gate_instant(schedule, needed) if needed is not None and not past else None
                for link in item.links:
                    node = node_of.get(link.workstream_id) if link.workstream_id is not None else None
                    if node is None or link.role not in GATING or mode[node] not in (OPEN, MARK):
                        continue  # only work not yet started waits on a decision to start
                    if past:
                        hit = RaidHit(item, RED, WAITS_PAST_NEED)
                    elif gate is not None and (slip := waiting_slip(schedule, node, gate)) > 0:
                        hit = (
                            RaidHit(item, RED, WAITS_AND_SLIPS, slip)
                            if critical[node]
                            else RaidHit(item, AMBER, WAITS, slip)
                        )
                    else:
                        hit = RaidHit(item, AMBER, WAITS)
                    _add(hits, node, hit)
            elif kind is risk:
                score = item.score
                if status is not opened or score is None or score < red_score:
                    continue
                for link in item.links:
                    node = node_of.get(link.workstream_id) if link.workstream_id is not None else None
                    if node is not None and critical[node] and mode[node] != DONE:
                        _add(hits, node, RaidHit(item, AMBER, RED_RISK))
            elif kind is issue:
                target = item.target_date
                if status is not opened or target is None or target >= as_of:
                    continue
                for link in item.links:
                    node = node_of.get(link.workstream_id) if link.workstream_id is not None else None
                    if node is not None and mode[node] != DONE:
                        _add(hits, node, RaidHit(item, AMBER, OVERDUE_ISSUE))

    def level(self, node: int) -> int:
        """The worst colour the items give ``node`` (an index into LEVELS; green's when none)."""
        found = self.hits.get(node)
        return max(hit.level for hit in found) if found else GREEN

    def explain(self, node: int) -> tuple[list[str], list[str]]:
        """The red and the amber reasons the items give ``node``, by item key."""
        red: list[str] = []
        amber: list[str] = []
        for hit in sorted(self.hits.get(node, ()), key=lambda hit: key_order(hit.item.key)):
            (red if hit.level == RED else amber).append(self.reason(node, hit))
        return red, amber

    def reason(self, node: int, hit: RaidHit) -> str:
        """The words of ``hit`` on ``node``, written once (the workstream's reasons and the log's
        list read the same ones)."""
        found = self._texts.get((node, hit.item.id))
        if found is None:
            found = self._texts[node, hit.item.id] = self._write(node, hit)
        return found

    def _write(self, node: int, hit: RaidHit) -> str:
        item, rule = hit.item, hit.rule
        line = self.schedule.line
        if rule == RED_RISK:
            return (
                f"Red risk {named(item)}, score {item.score} (probability {item.probability} × impact "
                f"{item.impact}), on the critical path"
            )
        if rule == OVERDUE_ISSUE:
            target = item.target_date
            assert target is not None
            return f"Overdue issue {named(item)}, target {day_text(target)}{self._ago(target)}"
        deferred = "deferred " if item.status is RaidStatus.DEFERRED else ""
        text = f"Waits on {deferred}decision {named(item)}"
        needed = item.needed_by
        if needed is None:
            return text + ", with no needed-by date"
        text += f", needed by {day_text(needed)}"
        if rule == WAITS_PAST_NEED:
            return text + self._ago(needed)
        if not hit.slip:
            return text
        w, schedule = self.schedule.workstreams[node], self.schedule
        forecast = (
            f"its forecast date {day_text(line.finish_date(schedule.ef[node]))}"
            if w.is_milestone
            else f"its forecast start {day_text(line.start_date(schedule.es[node]))}"
        )
        where = "on the critical path, it" if rule == WAITS_AND_SLIPS else "it"
        return f"{text}, after {forecast}: {where} would slip {working_days(hit.slip)}"

    def _ago(self, day: date) -> str:
        ago = self.as_of_day - self.schedule.line.index_on_or_before(day)
        return f", {working_days(ago)} ago" if ago > 0 else ""


def named(item: RaidItem) -> str:
    """ "D-4 'Migrate business customers first?' (owner Ana Ruiz)"."""
    owner = f"owner {item.owner_name}" if item.owner_name else "no owner"
    return f"{item.key} '{item.title}' ({owner})"


def _add(hits: dict[int, list[RaidHit]], node: int, hit: RaidHit) -> None:
    """One hit per item and node: a decision linked twice (blocks, decided for) counts once."""
    found = hits.get(node)
    if found is None:
        hits[node] = [hit]
    elif all(other.item.id != hit.item.id for other in found):
        found.append(hit)
