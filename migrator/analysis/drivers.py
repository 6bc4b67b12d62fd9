"""Who pushed each workstream past its own dates, and where each chain of pushes starts.

A reason names both ("pushed by OPS-3, which waits on BNK-2"). Walking the chain again for
every item of a long chain costs its length squared (2 million steps for 20,000 items in
chains of 400), so each item's driver and origin are worked out once and kept: an origin
is its driver's origin, and a walk stops at the first item whose origin is known.
"""

from __future__ import annotations

from migrator.analysis.schedule import NO_NODE, Schedule

_UNKNOWN = -2  # not worked out yet (NO_NODE, -1, means "nobody")


class Drivers:
    """``driver`` and ``origin`` of each node of one schedule, each found at most once."""

    def __init__(self, schedule: Schedule) -> None:
        self._schedule = schedule
        self._driver = [_UNKNOWN] * len(schedule.workstreams)
        self._origin = [_UNKNOWN] * len(schedule.workstreams)

    def driver(self, node: int) -> int:
        """The predecessor that pushed ``node`` past its own dates (the first key among ties),
        or NO_NODE."""
        found = self._driver[node]
        if found == _UNKNOWN:
            found = self._driver[node] = self._schedule.pushed_by(node)
        return found

    def origin(self, node: int) -> int:
        """Where the chain of pushes into ``node`` starts: the first item not pushed itself."""
        origins = self._origin
        trail = []
        while origins[node] == _UNKNOWN and (pusher := self.driver(node)) != NO_NODE:
            trail.append(node)
            node = pusher
        root = origins[node] if origins[node] != _UNKNOWN else node
        origins[node] = root
        for step in trail:
            origins[step] = root
        return root
