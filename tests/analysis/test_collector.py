"""The garbage collector around reading and analysing a plan: paused while the objects are made,
held off through a shared plan's open, and in the window run on its own thread only."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator

import pytest

from migrator.analysis.collector import CollectorHold, collector_held, collector_paused
from migrator.ui.collector import collect_if_due


@pytest.fixture
def automatic() -> Iterator[None]:
    """The automatic collector on, as in the command line (the tests run without it, as the window)."""
    gc.enable()
    yield
    gc.disable()


def test_an_inner_pause_leaves_the_collector_to_the_outer_one_and_an_error_still_ends_it(
    automatic: None,
) -> None:
    with pytest.raises(ValueError), collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
        raise ValueError("the read failed")
    assert gc.isenabled()


def test_a_hold_taken_in_one_thread_is_released_once_from_another(automatic: None) -> None:
    held: list[CollectorHold] = []
    worker = threading.Thread(target=lambda: held.append(CollectorHold()))  # as a plan's read does
    worker.start()
    worker.join()
    with collector_paused():  # the analysis in that thread: the hold is not ended by it
        pass
    assert not gc.isenabled() and collector_held()
    held[0].release()  # the window, once it has painted the plan
    assert gc.isenabled() and not collector_held()
    gc.disable()  # someone else's pause
    held[0].release()  # a second release does not end it
    assert not gc.isenabled()
    gc.enable()


def test_the_window_thread_collects_when_due_but_not_while_an_open_holds_it() -> None:
    assert not gc.isenabled()  # as in the window: no collection in whichever thread allocates
    gc.collect()
    hold = CollectorHold()
    garbage = [[n] for n in range(gc.get_threshold()[0] + 100)]
    assert gc.get_count()[0] > gc.get_threshold()[0]
    collect_if_due()
    assert gc.get_count()[0] > gc.get_threshold()[0]  # held: nothing walked during the open
    hold.release()
    assert not gc.isenabled()  # the window's own regime again, not the automatic collector
    collect_if_due()
    assert gc.get_count()[0] < 10  # the young generation walked, here
    del garbage
