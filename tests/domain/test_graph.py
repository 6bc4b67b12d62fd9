"""Loops and paths in the dependency graph, found without any storage."""

from __future__ import annotations

from migrator.domain.graph import find_loops, find_path, loop_closed_by


def test_shortest_path_follows_links_forwards() -> None:
    links = {1: {2, 3}, 2: {4}, 3: {4}, 4: {5}}
    assert find_path(links, 1, 5) in ([1, 2, 4, 5], [1, 3, 4, 5])
    assert find_path(links, 5, 1) is None
    assert find_path(links, 3, 3) == [3]


def test_a_new_link_that_closes_a_loop_returns_the_loop() -> None:
    links = {1: {2}, 2: {3}}
    assert loop_closed_by(links, 3, 1) == [3, 1, 2, 3]
    assert loop_closed_by(links, 1, 3) is None


def test_find_loops_reports_each_knot_once_and_nothing_for_a_dag() -> None:
    assert find_loops({1: {2}, 2: {3}, 3: set()}) == []
    loops = find_loops({1: {2}, 2: {3}, 3: {1}, 4: {5}, 5: {4}, 6: {1}})
    assert sorted(sorted(set(loop)) for loop in loops) == [[1, 2, 3], [4, 5]]
    for loop in loops:
        assert loop[0] == loop[-1]


def test_find_loops_handles_long_chains_without_recursion_limits() -> None:
    chain = {n: {n + 1} for n in range(50_000)}
    assert find_loops(chain) == []
    chain[50_000] = {0}
    (loop,) = find_loops(chain)
    assert len(loop) == 50_002
