"""Holding the cyclic garbage collector off while a plan is read and analysed: it always runs
again afterwards, whether the work ended, failed or was nested in another pause."""

from __future__ import annotations

import gc
import threading

import pytest

from migrator.analysis.collector import CollectorHold, collector_paused


def test_an_inner_pause_leaves_the_collector_to_the_outer_one_and_an_error_still_ends_it() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
        raise ValueError("the read failed")
    assert gc.isenabled()


def test_a_hold_taken_in_one_thread_is_released_once_from_another() -> None:
    held: list[CollectorHold] = []
    worker = threading.Thread(target=lambda: held.append(CollectorHold()))  # as a plan's read does
    worker.start()
    worker.join()
    with collector_paused():  # the analysis in that thread: the hold is not ended by it
        pass
    assert not gc.isenabled()
    held[0].release()  # the window, once it has painted the plan
    assert gc.isenabled()
    gc.disable()  # someone else's pause
    held[0].release()  # a second release does not end it
    assert not gc.isenabled()
    gc.enable()


def test_a_hold_taken_while_the_collector_is_paused_leaves_it_to_that_pause() -> None:
    with collector_paused():
        hold = CollectorHold()
        hold.release()
        assert not gc.isenabled()
    assert gc.isenabled()
