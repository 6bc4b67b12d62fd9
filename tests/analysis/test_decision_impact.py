"""What if a decision comes late: what moves through the work it gates."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.analysis.results import MovedWorkstream
from migrator.domain.errors import NotFoundError, ValidationError
from tests.support.plans import Plan

BANKING = "Banking & Payments"
CARDS = "Card Operations"
MONDAY = "2027-03-01"


def _plan() -> Plan:
    """BNK-1 (Mon 8 to Fri 12 Mar) → OPS-1 (Mon 15, Tue 16) → go-live GO-1 on Fri 19 Mar; OPS-2
    (Mon 8, Tue 9) leads nowhere, OPS-3 is under way. D-4, needed by Fri 5 Mar, gates BNK-1,
    OPS-2 and OPS-3 (which started: it no longer waits) and only threatens OPS-1."""
    plan = Plan(target="2027-03-19")
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("OPS-1", "2027-03-15", "2027-03-16", team=CARDS)
    plan.task("OPS-2", "2027-03-08", "2027-03-09", team=CARDS)
    plan.task("OPS-3", "2027-02-22", "2027-03-26", team=CARDS, status="in_progress", progress=10)
    plan.milestone("GO-1", "2027-03-19", go_live=True, team=BANKING)
    plan.link("BNK-1", "OPS-1")
    plan.link("OPS-1", "GO-1")
    plan.raid(
        "D-4", "Migrate business customers first?", needed_by="2027-03-05",
        links={"BNK-1": "decided for", "OPS-2": "blocks", "OPS-3": "blocks", "OPS-1": "threatens"},
    )  # fmt: skip
    return plan


def test_a_decision_ten_working_days_late_moves_the_work_it_gates_and_go_live() -> None:
    plan = _plan()
    impact = plan.analyse(MONDAY).decision_impact("d-4", 10)
    ids = {key: w.id for key, w in plan.items.items()}
    assert (impact.key, impact.title, impact.owner) == (
        "D-4",
        "Migrate business customers first?",
        "Ana Ruiz",
    )
    assert (impact.needed_by, impact.late_days, impact.decided_on) == (
        date(2027, 3, 5),
        10,
        date(2027, 3, 19),
    )
    assert impact.gated == ("BNK-1", "OPS-2")
    assert impact.moved == (
        MovedWorkstream(ids["OPS-2"], "OPS-2", CARDS, False, date(2027, 3, 8), date(2027, 3, 22),
                        date(2027, 3, 9), date(2027, 3, 23)),
        MovedWorkstream(ids["BNK-1"], "BNK-1", BANKING, False, date(2027, 3, 8), date(2027, 3, 22),
                        date(2027, 3, 12), date(2027, 3, 26)),
        MovedWorkstream(ids["GO-1"], "GO-1", BANKING, True, date(2027, 3, 19), date(2027, 3, 30),
                        date(2027, 3, 19), date(2027, 3, 30)),
        MovedWorkstream(ids["OPS-1"], "OPS-1", CARDS, False, date(2027, 3, 15), date(2027, 3, 29),
                        date(2027, 3, 16), date(2027, 3, 30)),
    )  # fmt: skip
    assert (impact.projected_finish_before, impact.projected_finish_after) == (
        date(2027, 3, 19),
        date(2027, 3, 30),
    )
    assert impact.go_live_shift == 7
    assert impact.teams == (BANKING, CARDS)


def test_a_decision_on_time_moves_nothing_when_the_work_starts_after_it() -> None:
    impact = _plan().analyse(MONDAY).decision_impact("D-4", 0)
    assert impact.decided_on == date(2027, 3, 5)
    assert (impact.moved, impact.teams, impact.go_live_shift) == ((), (), 0)


def test_a_few_days_late_moves_only_what_has_no_room() -> None:
    impact = _plan().analyse(MONDAY).decision_impact("D-4", 1)  # decided Mon 8: the work starts Tue 9
    assert impact.decided_on == date(2027, 3, 8)
    assert [(m.key, m.forecast_finish_after) for m in impact.moved] == [
        ("OPS-2", date(2027, 3, 10)),
        ("BNK-1", date(2027, 3, 15)),
        ("OPS-1", date(2027, 3, 17)),
    ]
    assert impact.go_live_shift == 0  # GO-1 on Fri 19 still has two days in hand


def test_a_decision_already_late_comes_no_earlier_than_the_as_of_date() -> None:
    impact = _plan().analyse("2027-03-10").decision_impact("D-4", 1)
    assert impact.decided_on == date(2027, 3, 10)  # needed Fri 5, one day late is Mon 8: past
    starts = {m.key: m.forecast_start_after for m in impact.moved}
    assert starts["BNK-1"] == starts["OPS-2"] == date(2027, 3, 11)


def test_only_an_undecided_decision_with_a_needed_by_date_can_come_late() -> None:
    plan = _plan()
    plan.raid("D-5", "Which bureau?", status="decided", needed_by="2027-03-05")
    plan.raid("D-6", "Keep the old cards?", needed_by=None)
    plan.raid("R-1", "Bureau capacity", probability=3, impact=4)
    result = plan.analyse(MONDAY)
    with pytest.raises(
        ValidationError, match=r"^D-5 is decided; only an open or deferred decision can come late\.$"
    ):
        result.decision_impact("D-5", 3)
    with pytest.raises(ValidationError, match=r"^D-6 has no needed-by date; set one to see what coming late"):
        result.decision_impact("D-6", 3)
    with pytest.raises(
        ValidationError, match=r"^R-1 is a risk, not a decision; only a decision comes late\.$"
    ):
        result.decision_impact("R-1", 3)
    with pytest.raises(ValidationError, match=r"^A late decision comes after its needed-by date: -1 is not"):
        result.decision_impact("D-4", -1)
    with pytest.raises(NotFoundError, match=r"^There is no RAID item D-99 in this migration\.$"):
        result.decision_impact("D-99", 3)


def test_a_deferred_decision_can_come_late() -> None:
    plan = _plan()
    plan.raid("D-7", "Which bureau?", status="deferred", needed_by="2027-03-05", links={"BNK-1": "blocks"})
    impact = plan.analyse(MONDAY).decision_impact("D-7", 10)
    assert impact.gated == ("BNK-1",) and impact.go_live_shift == 7


def test_nothing_is_changed_by_asking() -> None:
    plan = _plan()
    result = plan.analyse(MONDAY)
    before = result.workstream("BNK-1").forecast_finish
    result.decision_impact("D-4", 10)
    assert result.workstream("BNK-1").forecast_finish == before == date(2027, 3, 12)
    assert result.decision_impact("D-4", 10) == result.decision_impact("D-4", 10)
