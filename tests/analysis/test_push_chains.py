"""Reasons along a long chain of pushes: each names its driver and the chain's origin, ties go to
the lower key, and the answer is the same whichever item is read first (drivers are kept)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.analysis.schedule import Schedule
from tests.support.plans import Plan

EARLY = "2027-02-22"
BANKING = "Banking & Payments"
CARDS = "Card Operations"
CHAIN = 40


def working_day(first: date, count: int) -> date:
    """``count`` Monday-to-Friday days after ``first`` (a weekday)."""
    day = first
    for _ in range(count):
        day += timedelta(days=3 if day.weekday() == 4 else 1)
    return day


def long_chain() -> Plan:
    """BNK-1, due Fri 12 Mar, pushes OPS-1 ... OPS-40: one-day steps planned back to back from
    Mon 8 Mar, each forecast 5 working days late. FIN-1 ends exactly when OPS-19 does and also
    precedes OPS-20 (a tie: FIN-1 is the lower key); SAL-1 ends when OPS-29 does and also
    precedes OPS-30 (a tie: OPS-29 is the lower key)."""
    plan = Plan()
    plan.task("BNK-1", "2027-03-01", "2027-03-12", team=BANKING)
    previous = "BNK-1"
    for step in range(1, CHAIN + 1):
        on = working_day(date(2027, 3, 8), step - 1)
        plan.task(f"OPS-{step}", on, on, team=CARDS)
        plan.link(previous, f"OPS-{step}")
        previous = f"OPS-{step}"
    plan.task("FIN-1", "2027-04-08", "2027-04-08", team="Finance")  # OPS-19's forecast finish
    plan.link("FIN-1", "OPS-20")
    plan.task("SAL-1", "2027-04-22", "2027-04-22", team="Sales")  # OPS-29's forecast finish
    plan.link("SAL-1", "OPS-30")
    return plan


EXPECTED = {
    "OPS-1": "Forecast to finish Mon 15 Mar 2027, 5 working days after its due date Mon 8 Mar 2027, "
    "pushed by BNK-1 (Banking & Payments)",
    "OPS-2": "Forecast to finish Tue 16 Mar 2027, 5 working days after its due date Tue 9 Mar 2027, "
    "pushed by OPS-1 (Card Operations), which waits on BNK-1 (Banking & Payments)",
    "OPS-19": "Forecast to finish Thu 8 Apr 2027, 5 working days after its due date Thu 1 Apr 2027, "
    "pushed by OPS-18 (Card Operations), which waits on BNK-1 (Banking & Payments)",
    "OPS-20": "Forecast to finish Fri 9 Apr 2027, 5 working days after its due date Fri 2 Apr 2027, "
    "pushed by FIN-1 (Finance)",
    "OPS-21": "Forecast to finish Mon 12 Apr 2027, 5 working days after its due date Mon 5 Apr 2027, "
    "pushed by OPS-20 (Card Operations), which waits on FIN-1 (Finance)",
    "OPS-30": "Forecast to finish Fri 23 Apr 2027, 5 working days after its due date Fri 16 Apr 2027, "
    "pushed by OPS-29 (Card Operations), which waits on FIN-1 (Finance)",
    "OPS-40": "Forecast to finish Fri 7 May 2027, 5 working days after its due date Fri 30 Apr 2027, "
    "pushed by OPS-39 (Card Operations), which waits on FIN-1 (Finance)",
}


def reasons_in(order: list[str], result: PlanAnalysis) -> dict[str, tuple[str, ...]]:
    return {key: result.workstream(key).health_reasons for key in order}


@pytest.mark.parametrize("first", ["the chain's end", "the chain's start"])
def test_each_step_names_its_driver_and_where_the_chain_starts(first: str) -> None:
    keys = [f"OPS-{step}" for step in range(1, CHAIN + 1)]
    order = keys[::-1] if first == "the chain's end" else keys
    result = long_chain().analyse(EARLY)
    found = reasons_in(order, result)
    for key, reason in EXPECTED.items():
        assert found[key] == (reason,), key
        assert result.workstream(key).health == HealthLevel.AMBER
    assert [result.workstream(key).pushed_by for key in ("OPS-1", "OPS-20", "OPS-21", "OPS-30")] == [
        "BNK-1",
        "FIN-1",
        "OPS-20",
        "OPS-29",
    ]
    waits_on = [reason.partition(", which waits on ")[2] for key in keys for reason in found[key]]
    # OPS-1 and OPS-20 are pushed by where their chain starts, so they name it once.
    assert waits_on == [""] + ["BNK-1 (Banking & Payments)"] * 18 + [""] + ["FIN-1 (Finance)"] * 20
    assert result.workstream("FIN-1").health_reasons == ()
    assert result.workstream("SAL-1").health_reasons == ()


def test_a_chain_of_400_is_explained_finding_each_items_driver_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every reason of a 400-step chain (what a full report writes): each step's driver is found
    once, not again for every step after it (81,400 look-ups, and seconds at 20,000 items)."""
    plan = Plan()
    plan.task("BNK-1", "2027-03-01", "2027-03-12", team=BANKING)
    for step in range(1, 401):
        on = working_day(date(2027, 3, 8), step - 1)
        plan.task(f"OPS-{step}", on, on, team=CARDS)
        plan.link(f"OPS-{step - 1}" if step > 1 else "BNK-1", f"OPS-{step}")
    result = plan.analyse(EARLY)
    looked_up: list[int] = []
    real = Schedule.pushed_by
    monkeypatch.setattr(
        Schedule, "pushed_by", lambda schedule, node: looked_up.append(node) or real(schedule, node)
    )
    last = result.workstream("OPS-400").health_reasons
    every = [result.workstream(f"OPS-{step}").health_reasons for step in range(1, 401)]
    assert last == (
        "Forecast to finish Fri 22 Sep 2028, 5 working days after its due date Fri 15 Sep 2028, "
        "pushed by OPS-399 (Card Operations), which waits on BNK-1 (Banking & Payments)",
    )
    assert sum(len(reasons) for reasons in every) == 400
    assert len(looked_up) == len(set(looked_up)) == 401  # each item once, BNK-1 (pushed by nobody) too
