"""The collector pause around reading and analysing a plan: the collector runs again afterwards,
and what was built is old at once, so the young collections that follow do not walk it."""

from __future__ import annotations

import gc
import weakref

import pytest

from migrator.analysis.collector import collector_paused


def test_what_was_built_is_in_the_oldest_generation_and_the_collector_runs_again() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        built = [[n] for n in range(1000)]
    assert gc.isenabled()
    young = {id(o) for o in gc.get_objects(generation=0)} | {id(o) for o in gc.get_objects(generation=1)}
    assert id(built) not in young and id(built[500]) not in young
    assert any(o is built for o in gc.get_objects(generation=2))


def test_a_cycle_made_in_a_pause_is_still_freed_by_a_full_collection() -> None:
    class Node:
        other: Node

    with collector_paused():
        a, b = Node(), Node()
        a.other, b.other = b, a
        watch = weakref.ref(a)
    del a, b
    assert watch() is not None  # a cycle: reference counting alone never frees it
    gc.collect()
    assert watch() is None


def test_an_inner_pause_leaves_the_collector_to_the_outer_one_and_an_error_still_ends_it() -> None:
    with pytest.raises(ValueError), collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
        raise ValueError("the read failed")
    assert gc.isenabled()
