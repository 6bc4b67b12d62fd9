"""The dependency ledger: for every link, how much room the provider has before the consumer's plan moves.

Most of a migration's risk sits in what one team waits for from another. For each link the
ledger says when the provider is forecast to deliver, by when the consumer's plan needs it,
the slack between the two in working days, and a state a stakeholder reads at a glance.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from migrator.analysis.health import AMBER
from migrator.analysis.schedule import BINDS_START, DONE, FF, FS, READS_START, SF, SS, Schedule
from migrator.domain.model import Dependency, DependencyType, Status, Workstream


class LinkHealth(enum.StrEnum):
    """A link's state, from worst to best (the ledger's order)."""

    VIOLATED = "violated"  # the provider's forecast breaks the consumer's planned date
    PROVIDER_BLOCKED = "provider blocked"
    AT_RISK = "at risk"  # the provider is amber or red: its own health says it may not deliver
    OK = "ok"
    DELIVERED = "delivered"  # the provider is done (or the consumer no longer waits)
    CANCELLED = "cancelled"  # one end is cancelled: the link constrains nothing

    @property
    def label(self) -> str:
        """As reports write it: Violated, Provider blocked, At risk, OK, Delivered, Cancelled."""
        return "OK" if self is LinkHealth.OK else self.value.capitalize()


_LINK_RANKS = {state: rank for rank, state in enumerate(LinkHealth)}


@dataclass(frozen=True)
class LinkState:
    predecessor: str  # the provider's key
    predecessor_team: str  # team code
    successor: str  # the consumer's key
    successor_team: str
    type: str
    lag: int
    # The provider's forecast of the instant the link reads: its finish (FS, FF) or start (SS, SF).
    provider_forecast: date | None
    # The last day that instant may fall on without moving the consumer's planned dates.
    needed_by: date | None
    slack: int | None  # working days from the forecast to the needed-by date; negative is late
    state: LinkHealth

    @property
    def cross_team(self) -> bool:
        return self.predecessor_team != self.successor_team


def link_ledger(
    schedule: Schedule,
    health: Sequence[int],
    workstreams: Sequence[Workstream],
    dependencies: Sequence[Dependency],
) -> tuple[LinkState, ...]:
    """Every link with its slack and state: cross-team first, then worst first.

    ``health`` is each node's effective health level: an amber or red provider puts its
    links at risk, since a plan with back-to-back work has no slack by design.
    """
    line, node_of, mode = schedule.line, schedule.node_of, schedule.mode
    es, ef = schedule.es, schedule.ef
    starts, finishes = schedule.committed_start, schedule.committed_finish
    by_id = {w.id: w for w in workstreams}
    # Enum members bound once: reading one off its class is a Python-level call (40,000 links).
    cancelled, delivered, violated = LinkHealth.CANCELLED, LinkHealth.DELIVERED, LinkHealth.VIOLATED
    provider_blocked, at_risk, ok = LinkHealth.PROVIDER_BLOCKED, LinkHealth.AT_RISK, LinkHealth.OK
    blocked = Status.BLOCKED
    fs, ss, ff = DependencyType.FS, DependencyType.SS, DependencyType.FF
    found: list[LinkState] = []
    for dep in dependencies:
        pred_w, succ_w = by_id[dep.predecessor_id], by_id[dep.successor_id]
        pred, succ = node_of.get(dep.predecessor_id), node_of.get(dep.successor_id)
        forecast = needed_by = slack = None
        if pred is None or succ is None:
            state = cancelled
        else:
            t = dep.type
            kind = FS if t is fs else SS if t is ss else FF if t is ff else SF
            # A milestone's start and finish are one instant, the end of its day.
            reads_start = READS_START[kind] and not pred_w.is_milestone
            read = es[pred] if reads_start else ef[pred]
            as_date = line.start_date if reads_start else line.finish_date
            forecast = as_date(read)
            bound = starts[succ] if BINDS_START[kind] else finishes[succ]
            if bound is not None:
                needed = bound - dep.lag
                slack = needed - read
                needed_by = as_date(needed)
            if mode[pred] == DONE or mode[succ] == DONE:
                state = delivered
            elif slack is not None and slack < 0:
                state = violated
            elif pred_w.status is blocked:
                state = provider_blocked
            elif health[pred] >= AMBER:
                state = at_risk
            else:
                state = ok
        found.append(
            LinkState(
                predecessor=pred_w.key,
                predecessor_team=pred_w.team_code,
                successor=succ_w.key,
                successor_team=succ_w.team_code,
                type=str(dep.type),
                lag=dep.lag,
                provider_forecast=forecast,
                needed_by=needed_by,
                slack=slack,
                state=state,
            )
        )
    found.sort(
        key=lambda s: (
            not s.cross_team,
            _LINK_RANKS[s.state],
            s.slack if s.slack is not None else 1 << 30,
            s.predecessor,
            s.successor,
        )
    )
    return tuple(found)
