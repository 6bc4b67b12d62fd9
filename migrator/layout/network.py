"""Where the dependency network's boxes and links go: layers left to right, one band per team."""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

# A link's route: a cubic Bezier from the predecessor's right side to the successor's left side,
# as x0, y0, control 1 (x, y), control 2 (x, y), x1, y1.
Route = tuple[float, float, float, float, float, float, float, float]


@dataclass(frozen=True)
class Metrics:
    """Sizes in world units (pixels at 100 %)."""

    node_width: float = 176.0
    node_height: float = 42.0
    layer_gap: float = 64.0  # between one layer's boxes and the next: room for the links
    slot_gap: float = 14.0  # between boxes stacked in one lane
    lane_header: float = 14.0  # above a lane's first box
    lane_padding: float = 14.0  # below a lane's last box
    margin: float = 24.0  # left of the first layer and right of the last
    cell: float = 512.0  # the spatial index's bucket size

    @property
    def layer_pitch(self) -> float:
        return self.node_width + self.layer_gap

    @property
    def slot_pitch(self) -> float:
        return self.node_height + self.slot_gap


@dataclass(frozen=True)
class Lane:
    """One team's horizontal band."""

    key: Hashable
    top: float
    height: float  # room for the most boxes one layer stacks in this lane


class Chains:
    """Everything a workstream waits on, or holds up, through any number of links."""

    def __init__(self, links: Iterable[tuple[int, int]]) -> None:
        self._before: dict[int, list[int]] = {}
        self._after: dict[int, list[int]] = {}
        for predecessor, successor in links:
            self._after.setdefault(predecessor, []).append(successor)
            self._before.setdefault(successor, []).append(predecessor)

    def upstream_of(self, node: int) -> set[int]:
        """All transitive predecessors of ``node`` (not ``node`` itself unless a loop returns to it)."""
        return _reach(self._before, node)

    def downstream_of(self, node: int) -> set[int]:
        """All transitive successors of ``node``."""
        return _reach(self._after, node)


def _reach(neighbours: dict[int, list[int]], start: int) -> set[int]:
    seen: set[int] = set()
    stack = list(neighbours.get(start, ()))
    while stack:
        node = stack.pop()
        if node not in seen:
            seen.add(node)
            stack.extend(neighbours.get(node, ()))
    return seen


class NetworkLayout:
    """Positions of boxes (by index into ``ids``), lanes, link routes and a grid to find them by area."""

    def __init__(
        self,
        ids: list[int],
        lane_of: list[int],
        layer_of: list[int],
        xs: list[float],
        ys: list[float],
        lanes: list[Lane],
        links: list[tuple[int, int]],
        metrics: Metrics,
    ) -> None:
        self.ids = ids
        self.index = {node: i for i, node in enumerate(ids)}
        self.lane_of = lane_of  # index into ``lanes``
        self.layer_of = layer_of
        self.xs, self.ys = xs, ys  # top-left corners
        self.lanes = lanes
        self.links = links  # (predecessor index, successor index), in the order given
        self.metrics = metrics
        self.layer_count = max(layer_of, default=-1) + 1
        self.width = 2 * metrics.margin + max(0, self.layer_count * metrics.layer_pitch - metrics.layer_gap)
        self.height = lanes[-1].top + lanes[-1].height if lanes else 0.0
        self.routes = [self._route(p, s) for p, s in links]
        self._grid = _Grid(metrics.cell, self.width, self.height)
        width, height = metrics.node_width, metrics.node_height
        for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
            self._grid.add_node(i, x, y, x + width, y + height)
        for k, route in enumerate(self.routes):
            self._grid.add_route(k, route)

    def _route(self, p: int, s: int) -> Route:
        m = self.metrics
        x0, y0 = self.xs[p] + m.node_width, self.ys[p] + m.node_height / 2
        x1, y1 = self.xs[s], self.ys[s] + m.node_height / 2
        # Leave and arrive level; a long link bends near its ends and crosses the middle straight.
        # min() keeps the control points in x order, so the curve never turns back on itself.
        bend = min(max(x1 - x0, 0.0) / 2, m.layer_gap * 0.9) if x1 > x0 else m.layer_gap
        return (x0, y0, x0 + bend, y0, x1 - bend, y1, x1, y1)

    def box(self, node: int) -> tuple[float, float, float, float]:
        """x, y, width, height of the box of workstream ``node`` (an id)."""
        i = self.index[node]
        return self.xs[i], self.ys[i], self.metrics.node_width, self.metrics.node_height

    def nodes_in(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        """Indices of the boxes that meet the rectangle, in index order."""
        width, height = self.metrics.node_width, self.metrics.node_height
        xs, ys = self.xs, self.ys
        found = self._grid.nodes(x0, y0, x1, y1)
        return sorted(
            i for i in found if xs[i] < x1 and xs[i] + width > x0 and ys[i] < y1 and ys[i] + height > y0
        )

    def links_in(self, x0: float, y0: float, x1: float, y1: float) -> list[int]:
        """Indices of the links whose route may meet the rectangle (a little generous), in index order."""
        return sorted(self._grid.links(x0, y0, x1, y1))

    def node_at(self, x: float, y: float) -> int | None:
        """The workstream id whose box holds the point, or None."""
        found = self.nodes_in(x, y, x + 1e-6, y + 1e-6)
        return self.ids[found[0]] if found else None

    def crossings(self) -> int:
        """How many pairs of links cross, taking each link as the straight line between its ends.

        Counted gap by gap between layers as inversions (merge sort), so it stays n log n."""
        half = self.metrics.node_height / 2
        by_gap: dict[int, list[tuple[float, float]]] = {}
        for p, s in self.links:
            a, b = self.layer_of[p], self.layer_of[s]
            if a > b:
                a, b, p, s = b, a, s, p
            ya, yb = self.ys[p] + half, self.ys[s] + half
            span = b - a
            for gap in range(a, b):
                left = ya + (yb - ya) * (gap - a) / span
                right = ya + (yb - ya) * (gap + 1 - a) / span
                by_gap.setdefault(gap, []).append((left, right))
        total = 0
        for segments in by_gap.values():
            segments.sort()
            total += _inversions([right for _, right in segments])
        return total


def clip_route(route: Route, top: float, bottom: float) -> Route | None:
    """The part of ``route`` between two heights, as a route of its own (None if it never gets there).

    The route's control points share the heights of its ends, so its height runs as the
    smoothstep 3t^2 - 2t^3 between them, which is inverted in closed form."""
    y0, y1 = route[1], route[7]
    rise = y1 - y0
    if not rise:
        return route if top <= y0 <= bottom else None
    low, high = sorted(((top - y0) / rise, (bottom - y0) / rise))
    if low >= 1 or high <= 0:
        return None
    if low <= 0 and high >= 1:
        return route
    ta = 0.0 if low <= 0 else 0.5 - math.sin(math.asin(1 - 2 * low) / 3)
    tb = 1.0 if high >= 1 else 0.5 - math.sin(math.asin(1 - 2 * high) / 3)
    (px, py), (qx, qy) = _point(route, ta), _point(route, tb)
    (pdx, pdy), (qdx, qdy) = _tangent(route, ta), _tangent(route, tb)
    third = (tb - ta) / 3
    return (px, py, px + third * pdx, py + third * pdy, qx - third * qdx, qy - third * qdy, qx, qy)


def _point(route: Route, t: float) -> tuple[float, float]:
    x0, y0, ax, ay, bx, by, x1, y1 = route
    u = 1 - t
    a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
    return a * x0 + b * ax + c * bx + d * x1, a * y0 + b * ay + c * by + d * y1


def _tangent(route: Route, t: float) -> tuple[float, float]:
    x0, y0, ax, ay, bx, by, x1, y1 = route
    u = 1 - t
    a, b, c = 3 * u * u, 6 * u * t, 3 * t * t
    return a * (ax - x0) + b * (bx - ax) + c * (x1 - bx), a * (ay - y0) + b * (by - ay) + c * (y1 - by)


class _Grid:
    """Where boxes and link pieces are, by area: boxes in square buckets; link pieces per column
    of buckets, in bands by their top, and a piece taller than a band in its column's own list."""

    def __init__(self, cell: float, width: float, height: float) -> None:
        self.cell = cell
        self.band = 4 * cell
        self.columns = max(1, math.ceil(width / cell))
        self.rows = max(1, math.ceil(height / cell))
        self.bands = max(1, math.ceil(height / self.band))
        self._nodes: list[list[int]] = [[] for _ in range(self.columns * self.rows)]
        self._pieces: list[list[list[tuple[float, float, int]]]] = [
            [[] for _ in range(self.bands)] for _ in range(self.columns)
        ]
        self._tall: list[list[tuple[float, float, int]]] = [[] for _ in range(self.columns)]

    def _columns(self, x0: float, x1: float) -> range:
        last, c0, c1 = self.columns - 1, int(x0 // self.cell), int(x1 // self.cell)
        return range(
            0 if c0 < 0 else last if c0 > last else c0, (0 if c1 < 0 else last if c1 > last else c1) + 1
        )

    def add_node(self, i: int, x0: float, y0: float, x1: float, y1: float) -> None:
        last = self.rows - 1
        r0, r1 = min(max(int(y0 // self.cell), 0), last), min(max(int(y1 // self.cell), 0), last)
        for c in self._columns(x0, x1):
            for r in range(r0, r1 + 1):
                self._nodes[c * self.rows + r].append(i)

    def add_route(self, k: int, route: Route) -> None:
        # The curve moves one way in x and in y, so each piece between samples lies in the box of
        # its two ends: one piece per column crossed covers the curve without gaps.
        x0, y0, ax, ay, bx, by, x1, y1 = route
        cell, band, last = self.cell, self.band, self.bands - 1
        pieces = 1 + int(abs(x1 - x0) // cell)
        px, py = x0, y0
        for step in range(1, pieces + 1):
            if step == pieces:
                qx, qy = x1, y1
            else:
                t = step / pieces
                u = 1 - t
                a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
                qx, qy = a * x0 + b * ax + c * bx + d * x1, a * y0 + b * ay + c * by + d * y1
            low, high = (py, qy) if py <= qy else (qy, py)
            entry = (low, high, k)
            columns = self._columns(px, qx) if px <= qx else self._columns(qx, px)
            if high - low > band:
                for col in columns:
                    self._tall[col].append(entry)
            else:
                row = int(low // band)
                row = 0 if row < 0 else last if row > last else row
                for col in columns:
                    self._pieces[col][row].append(entry)
            px, py = qx, qy

    def nodes(self, x0: float, y0: float, x1: float, y1: float) -> set[int]:
        last = self.rows - 1
        r0, r1 = min(max(int(y0 // self.cell), 0), last), min(max(int(y1 // self.cell), 0), last)
        found: set[int] = set()
        for c in self._columns(x0, x1):
            for r in range(r0, r1 + 1):
                found.update(self._nodes[c * self.rows + r])
        return found

    def links(self, x0: float, y0: float, x1: float, y1: float) -> set[int]:
        band, last = self.band, self.bands - 1
        # A piece is at most a band tall, so one that reaches y0 starts at most a band above it.
        b0, b1 = min(max(int((y0 - band) // band), 0), last), min(max(int(y1 // band), 0), last)
        found: set[int] = set()
        for col in self._columns(x0, x1):
            bands = self._pieces[col]
            for row in range(b0, b1 + 1):
                found.update([k for low, high, k in bands[row] if low <= y1 and high >= y0])
            found.update([k for low, high, k in self._tall[col] if low <= y1 and high >= y0])
        return found


def _inversions(values: list[float]) -> int:
    """Pairs i < j with values[i] > values[j] (strictly), by merge sort."""
    count = 0
    width, n = 1, len(values)
    data = values[:]
    while width < n:
        merged: list[float] = []
        for start in range(0, n, 2 * width):
            left, right = data[start : start + width], data[start + width : start + 2 * width]
            i = j = 0
            while i < len(left) and j < len(right):
                if right[j] < left[i]:
                    merged.append(right[j])
                    count += len(left) - i
                    j += 1
                else:
                    merged.append(left[i])
                    i += 1
            merged.extend(left[i:])
            merged.extend(right[j:])
        data, width = merged, 2 * width
    return count


def lay_out(
    nodes: Sequence[tuple[int, Hashable]],
    lanes: Sequence[Hashable],
    links: Iterable[tuple[int, int]],
    metrics: Metrics = Metrics(),
    passes: int = 4,
) -> NetworkLayout:
    """Lay out ``nodes`` (id, lane key), in that order at first, with ``links`` (predecessor id,
    successor id; links to ids not in ``nodes`` are left out).

    Layer = the longest chain of links leading to a node, so every link points right whatever
    its type; a node that waits on nothing sits just before its first successor. Lanes follow
    ``lanes`` (then any other lane key, in order of appearance); a lane with no node is left
    out. ``passes`` sweeps of barycentre ordering (down then up) reduce crossings without
    moving a node out of its lane.
    """
    ids = [node for node, _ in nodes]
    index = {node: i for i, node in enumerate(ids)}
    n = len(ids)
    before: list[list[int]] = [[] for _ in range(n)]
    after: list[list[int]] = [[] for _ in range(n)]
    pairs: list[tuple[int, int]] = []
    for predecessor, successor in links:
        p, s = index.get(predecessor), index.get(successor)
        if p is not None and s is not None and p != s:
            pairs.append((p, s))
            after[p].append(s)
            before[s].append(p)
    layer_of = _layers(before, after)

    order = list(dict.fromkeys([*lanes, *(lane for _, lane in nodes)]))
    used = {lane for _, lane in nodes}
    order = [lane for lane in order if lane in used]
    lane_index = {lane: k for k, lane in enumerate(order)}
    lane_of = [lane_index[lane] for _, lane in nodes]

    layer_count = max(layer_of, default=-1) + 1
    groups: list[list[list[int]]] = [[[] for _ in order] for _ in range(layer_count)]
    for i in range(n):
        groups[layer_of[i]][lane_of[i]].append(i)
    capacity = [max((len(layer[k]) for layer in groups), default=0) for k in range(len(order))]
    base = [0] * len(order)
    for k in range(1, len(order)):
        base[k] = base[k - 1] + capacity[k - 1]
    position = [0.0] * n
    for layer in groups:
        _number(layer, base, position)
    for _ in range(passes):
        for layer in groups[1:]:
            _sort_by_neighbours(layer, before, after, base, position)
        for layer in reversed(groups[:-1]):
            _sort_by_neighbours(layer, after, before, base, position)

    slot = _slots(groups, before, lane_of, capacity)
    lane_list: list[Lane] = []
    top = 0.0
    for k, lane in enumerate(order):
        height = (
            metrics.lane_header + capacity[k] * metrics.slot_pitch - metrics.slot_gap + metrics.lane_padding
        )
        lane_list.append(Lane(lane, top, height))
        top += height
    pitch, slot_pitch = metrics.layer_pitch, metrics.slot_pitch
    xs = [metrics.margin + layer_of[i] * pitch for i in range(n)]
    ys = [lane_list[lane_of[i]].top + metrics.lane_header + slot[i] * slot_pitch for i in range(n)]
    return NetworkLayout(ids, lane_of, layer_of, xs, ys, lane_list, pairs, metrics)


def _layers(before: list[list[int]], after: list[list[int]]) -> list[int]:
    """Longest path from the sources (Kahn's order), then each source moved right to just before
    its nearest successor, so starts do not pile up in the first layer. A loop, which plans
    refuse, is cut at its first node so the layout still ends."""
    n = len(before)
    waiting = [len(b) for b in before]
    layer = [0] * n
    queue = [i for i in range(n) if not waiting[i]]
    head, placed, next_stuck = 0, 0, 0
    while placed < n:
        while head < len(queue):
            node = queue[head]
            head += 1
            placed += 1
            reach = layer[node] + 1
            for successor in after[node]:
                if waiting[successor] > 0:
                    if layer[successor] < reach:
                        layer[successor] = reach
                    waiting[successor] -= 1
                    if not waiting[successor]:
                        queue.append(successor)
        if placed < n:
            while waiting[next_stuck] <= 0:
                next_stuck += 1
            waiting[next_stuck] = 0
            queue.append(next_stuck)
    for node in range(n):  # a start with no predecessor sits just before its first successor
        if not before[node] and after[node]:
            layer[node] = min(layer[s] for s in after[node]) - 1
    return layer


def _number(layer: list[list[int]], base: list[int], position: list[float]) -> None:
    for k, group in enumerate(layer):
        start = base[k]
        for rank, i in enumerate(group):
            position[i] = start + rank


def _sort_by_neighbours(
    layer: list[list[int]],
    neighbours: list[list[int]],
    others: list[list[int]],
    base: list[int],
    position: list[float],
) -> None:
    """Order each lane's boxes of one layer by the mean position of their neighbours on the side
    swept from (barycentre). A box with none there follows its neighbours on the other side, or
    keeps its place; on a tie it goes after the boxes that have neighbours on the swept side, so
    those can stay level with them."""
    at = position.__getitem__
    for k, group in enumerate(layer):
        if len(group) < 2:
            continue
        keyed = []
        for i in group:
            near = neighbours[i] or others[i]
            centre = sum(map(at, near)) / len(near) if near else position[i]
            keyed.append((centre, not neighbours[i], position[i], i))
        keyed.sort()
        start = base[k]
        for rank, (*_, i) in enumerate(keyed):
            group[rank] = i
            position[i] = start + rank


def _slots(
    groups: list[list[list[int]]], before: list[list[int]], lane_of: list[int], capacity: list[int]
) -> list[int]:
    """Each box's row within its lane: as level as its predecessors in the lane allow, in order."""
    slot = [0] * len(lane_of)
    for layer in groups:
        for k, group in enumerate(layer):
            size, room, low = len(group), capacity[k], 0
            for rank, i in enumerate(group):
                near = [slot[p] for p in before[i] if lane_of[p] == k]
                wanted = round(sum(near) / len(near)) if near else low
                slot[i] = min(max(wanted, low), room - size + rank)
                low = slot[i] + 1
    return slot
