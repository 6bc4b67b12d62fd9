"""Dependency-graph questions answered on plain adjacency maps: paths and loops."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping

_WHITE, _GREY, _BLACK = 0, 1, 2  # unvisited, on the current path, finished


def find_path(successors: Mapping[int, Iterable[int]], start: int, goal: int) -> list[int] | None:
    """Shortest chain of links from ``start`` to ``goal`` (both included), or None."""
    if start == goal:
        return [start]
    came_from: dict[int, int] = {start: start}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for nxt in successors.get(node, ()):
            if nxt in came_from:
                continue
            came_from[nxt] = node
            if nxt == goal:
                path = [goal]
                while path[-1] != start:
                    path.append(came_from[path[-1]])
                return path[::-1]
            queue.append(nxt)
    return None


def loop_closed_by(
    successors: Mapping[int, Iterable[int]], predecessor: int, successor: int
) -> list[int] | None:
    """The loop a new link predecessor → successor would close, as
    [predecessor, successor, ..., predecessor], or None when the link is safe."""
    back = find_path(successors, successor, predecessor)
    return None if back is None else [predecessor, *back]


def find_loops(successors: Mapping[int, Iterable[int]]) -> list[list[int]]:
    """One loop per strongly connected knot, each as [a, b, ..., a]; empty when acyclic.

    Iterative depth-first search so 40,000 links do not hit the recursion limit.
    """
    colour: dict[int, int] = {}
    loops: list[list[int]] = []
    in_a_loop: set[int] = set()
    nodes = set(successors)
    for targets in successors.values():
        nodes.update(targets)
    for root in sorted(nodes):
        if colour.get(root, _WHITE) != _WHITE:
            continue
        stack: list[tuple[int, list[int]]] = [(root, sorted(successors.get(root, ())))]
        path = [root]
        colour[root] = _GREY
        while stack:
            node, pending = stack[-1]
            if not pending:
                colour[node] = _BLACK
                stack.pop()
                path.pop()
                continue
            nxt = pending.pop()
            state = colour.get(nxt, _WHITE)
            if state == _WHITE:
                colour[nxt] = _GREY
                path.append(nxt)
                stack.append((nxt, sorted(successors.get(nxt, ()))))
            elif state == _GREY and nxt not in in_a_loop:
                loop = [*path[path.index(nxt) :], nxt]
                in_a_loop.update(loop)
                loops.append(loop)
    return loops
