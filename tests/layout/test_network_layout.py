"""The dependency network's layout: layers, lanes, crossings, chains and finding things by area."""

from __future__ import annotations

import itertools
import random
from collections.abc import Sequence

import pytest

from migrator.layout.network import Chains, Metrics, NetworkLayout, clip_route, lay_out


def one_lane(ids: Sequence[int], links: Sequence[tuple[int, int]], passes: int = 4) -> NetworkLayout:
    return lay_out([(i, "team") for i in ids], ["team"], links, passes=passes)


def layers(layout: NetworkLayout) -> dict[int, int]:
    return {node: layout.layer_of[i] for i, node in enumerate(layout.ids)}


def random_plan(
    seed: int, n: int = 120, m: int = 240, teams: int = 4
) -> tuple[list[tuple[int, str]], list[tuple[int, int]]]:
    """Workstreams in random teams; links go from a lower id to a higher one, so there is no loop."""
    rng = random.Random(seed)
    nodes = [(i, f"T{rng.randrange(teams)}") for i in range(n)]
    links = sorted({(min(pair), max(pair)) for pair in (rng.sample(range(n), 2) for _ in range(m))})
    return nodes, links


def random_layout(seed: int, n: int = 120, m: int = 240, teams: int = 4, **options: Metrics) -> NetworkLayout:
    nodes, links = random_plan(seed, n, m, teams)
    return lay_out(nodes, [f"T{t}" for t in range(teams)], links, **options)


def test_a_chain_takes_one_layer_per_link() -> None:
    assert layers(one_lane([1, 2, 3], [(1, 2), (2, 3)])) == {1: 0, 2: 1, 3: 2}


def test_a_diamond_puts_both_branches_in_the_middle_layer() -> None:
    assert layers(one_lane([1, 2, 3, 4], [(1, 2), (1, 3), (2, 4), (3, 4)])) == {1: 0, 2: 1, 3: 1, 4: 2}


def test_a_node_comes_after_its_longest_chain_of_predecessors() -> None:
    assert layers(one_lane([1, 2, 3], [(1, 3), (1, 2), (2, 3)])) == {1: 0, 2: 1, 3: 2}


def test_fan_in_starts_sit_just_before_the_node_they_feed() -> None:
    # 9 starts nothing earlier, so it waits beside the chain's last step instead of at the far left.
    layout = one_lane([1, 2, 3, 4, 9], [(1, 2), (2, 3), (3, 4), (9, 4)])
    assert layers(layout) == {1: 0, 2: 1, 3: 2, 4: 3, 9: 2}


def test_unlinked_workstreams_and_outside_links_stay_in_the_first_layer() -> None:
    layout = one_lane([1, 2], [(1, 99), (98, 2)])
    assert layers(layout) == {1: 0, 2: 0}
    assert layout.links == []


def test_every_link_points_right() -> None:
    for seed in range(5):
        layout = random_layout(seed)
        width = layout.metrics.node_width
        for p, s in layout.links:
            assert layout.xs[p] + width < layout.xs[s]
            x0, y0, *_, x1, y1 = layout.routes[layout.links.index((p, s))]
            assert (x0, y0) == (layout.xs[p] + width, layout.ys[p] + layout.metrics.node_height / 2)
            assert (x1, y1) == (layout.xs[s], layout.ys[s] + layout.metrics.node_height / 2)


def test_a_loop_is_cut_so_the_layout_still_ends() -> None:
    layout = one_lane([1, 2, 3], [(1, 2), (2, 3), (3, 2)])
    assert sorted(layout.ids) == [1, 2, 3] and layers(layout)[1] == 0


def test_lanes_follow_the_team_order_and_keep_teams_apart() -> None:
    nodes, links = random_plan(7)
    layout = lay_out(nodes, ["T0", "T1", "T2", "T3"], links)
    assert [lane.key for lane in layout.lanes] == ["T0", "T1", "T2", "T3"]
    for above, below in zip(layout.lanes, layout.lanes[1:], strict=False):
        assert above.top + above.height <= below.top
    m, team = layout.metrics, dict(nodes)
    for i, node in enumerate(layout.ids):
        lane = layout.lanes[layout.lane_of[i]]
        assert lane.key == team[node]
        assert lane.top + m.lane_header <= layout.ys[i]
        assert layout.ys[i] + m.node_height <= lane.top + lane.height


def test_no_two_boxes_overlap() -> None:
    layout = random_layout(3)
    columns: dict[float, list[float]] = {}
    for x, y in zip(layout.xs, layout.ys, strict=True):
        columns.setdefault(x, []).append(y)
    assert all(
        b - a >= layout.metrics.slot_pitch
        for ys in columns.values()
        for a, b in zip(sorted(ys), sorted(ys)[1:], strict=False)
    )
    xs = sorted(columns)
    assert all(b - a >= layout.metrics.layer_pitch for a, b in itertools.pairwise(xs))


def test_empty_lanes_are_left_out_and_unknown_lanes_come_last() -> None:
    layout = lay_out([(1, "B"), (2, "Z")], ["A", "B", "C"], [])
    assert [lane.key for lane in layout.lanes] == ["B", "Z"]


def test_crossings_are_counted_on_small_graphs() -> None:
    parallel = one_lane([1, 2, 3, 4], [(1, 3), (2, 4)], passes=0)
    twisted = one_lane([1, 2, 3, 4], [(1, 4), (2, 3)], passes=0)
    assert parallel.crossings() == 0
    assert twisted.crossings() == 1
    # Three links all crossing one another: each pair crosses once.
    fan = one_lane([1, 2, 3, 4, 5, 6], [(1, 6), (2, 5), (3, 4)], passes=0)
    assert fan.crossings() == 3


def test_shared_ends_are_not_crossings() -> None:
    assert one_lane([1, 2, 3], [(1, 2), (1, 3)], passes=0).crossings() == 0
    assert one_lane([1, 2, 3], [(1, 3), (2, 3)], passes=0).crossings() == 0


def test_ordering_untangles_an_obvious_tangle() -> None:
    fan = one_lane([1, 2, 3, 4, 5, 6], [(1, 6), (2, 5), (3, 4)])
    assert fan.crossings() == 0


def test_ordering_lowers_crossings_on_a_random_plan() -> None:
    nodes, links = random_plan(11, n=200, m=320, teams=3)
    tangled = lay_out(nodes, ["T0", "T1", "T2"], links, passes=0)
    ordered = lay_out(nodes, ["T0", "T1", "T2"], links)
    assert ordered.crossings() < tangled.crossings() * 0.9
    assert [ordered.lane_of[ordered.index[n]] for n, _ in nodes] == [
        tangled.lane_of[tangled.index[n]] for n, _ in nodes
    ]


def test_a_chain_in_one_lane_is_drawn_level() -> None:
    # 5 joins late, in 2's layer and listed first; the chain 1 -> 2 -> 3 still keeps one row.
    layout = lay_out([(1, "A"), (5, "A"), (2, "A"), (3, "A")], ["A"], [(1, 2), (2, 3), (5, 3)])
    assert len({layout.ys[layout.index[node]] for node in (1, 2, 3)}) == 1
    assert layout.ys[layout.index[5]] > layout.ys[layout.index[2]]


def test_chains_follow_links_transitively() -> None:
    chains = Chains([(1, 2), (2, 3), (3, 4), (5, 3), (3, 6), (7, 8)])
    assert chains.upstream_of(4) == {1, 2, 3, 5}
    assert chains.downstream_of(2) == {3, 4, 6}
    assert chains.upstream_of(1) == set() and chains.downstream_of(8) == set()
    assert chains.upstream_of(99) == set()


def bezier(route: tuple[float, ...], t: float) -> tuple[float, float]:
    x0, y0, ax, ay, bx, by, x1, y1 = route
    u = 1 - t
    a, b, c, d = u**3, 3 * u * u * t, 3 * u * t * t, t**3
    return a * x0 + b * ax + c * bx + d * x1, a * y0 + b * ay + c * by + d * y1


@pytest.mark.parametrize("seed", [1, 2])
def test_area_queries_find_every_box_and_link_in_view(seed: int) -> None:
    rng = random.Random(seed)
    layout = random_layout(seed, n=600, m=1200, teams=5, metrics=Metrics(cell=300))
    w, h = layout.metrics.node_width, layout.metrics.node_height
    for _ in range(30):
        x0, y0 = rng.uniform(-100, layout.width), rng.uniform(-100, layout.height)
        x1, y1 = x0 + rng.uniform(10, 1500), y0 + rng.uniform(10, 1500)
        expected = [
            i
            for i in range(len(layout.ids))
            if layout.xs[i] < x1 and layout.xs[i] + w > x0 and layout.ys[i] < y1 and layout.ys[i] + h > y0
        ]
        assert layout.nodes_in(x0, y0, x1, y1) == expected
        found = set(layout.links_in(x0, y0, x1, y1))
        for k, route in enumerate(layout.routes):
            points = [bezier(route, t / 40) for t in range(41)]
            if any(x0 <= x <= x1 and y0 <= y <= y1 for x, y in points):
                assert k in found


def test_node_at_finds_the_box_under_a_point() -> None:
    layout = random_layout(5)
    i = 17
    x, y = layout.xs[i] + 3, layout.ys[i] + 3
    assert layout.node_at(x, y) == layout.ids[i]
    assert layout.node_at(layout.xs[i] - layout.metrics.layer_gap / 2, y) is None
    assert layout.box(layout.ids[i])[:2] == (layout.xs[i], layout.ys[i])


def test_a_route_clipped_to_a_band_follows_the_same_curve() -> None:
    route = (100.0, 50.0, 157.6, 50.0, 182.4, 9050.0, 240.0, 9050.0)
    piece = clip_route(route, 4000.0, 4800.0)
    assert piece is not None
    assert piece[1] == pytest.approx(4000.0) and piece[7] == pytest.approx(4800.0)
    on_curve = [bezier(route, t / 2000) for t in range(2001)]
    for t in (0.0, 0.25, 0.5, 0.75, 1.0):
        x, y = bezier(piece, t)
        assert 4000.0 - 1e-6 <= y <= 4800.0 + 1e-6
        assert min(abs(x - cx) + abs(y - cy) for cx, cy in on_curve) < 3.0


def test_clipping_keeps_a_route_inside_and_drops_one_outside() -> None:
    route = (0.0, 100.0, 40.0, 100.0, 60.0, 300.0, 100.0, 300.0)
    assert clip_route(route, 0.0, 1000.0) == route
    assert clip_route(route, 400.0, 500.0) is None
    assert clip_route((0.0, 5.0, 1.0, 5.0, 2.0, 5.0, 3.0, 5.0), 0.0, 10.0) is not None
    upward = (0.0, 300.0, 40.0, 300.0, 60.0, 100.0, 100.0, 100.0)
    piece = clip_route(upward, 150.0, 250.0)
    assert piece is not None and piece[1] == pytest.approx(250.0) and piece[7] == pytest.approx(150.0)
