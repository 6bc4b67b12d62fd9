"""Work started before its FS or SS predecessor finished keeps depending on it: float, health,
slip impact and the marker all say so (issue 14, "Risk that stays visible")."""

from __future__ import annotations

from migrator.analysis import HealthLevel
from tests.support.plans import Plan, d

AS_OF = "2027-03-10"  # a Wednesday
CARDS, BANKING = "Card Operations", "Banking & Payments"


def _plan(*, started: bool) -> Plan:
    """OPS-3 (running, due Fri 12) FS→ BNK-7 (due Fri 19) FS→ GO-1 (go-live and target Wed 31)
    FS→ HYP-1 (hypercare to Fri 30 Apr, so the plan's end is far from go-live)."""
    plan = Plan(target="2027-03-31")
    plan.team(CARDS, "OPS")
    plan.team(BANKING, "BNK")
    plan.task("OPS-3", "2027-03-01", "2027-03-12", team=CARDS, status="in_progress",
              actual_start="2027-03-01", progress=60)  # fmt: skip
    plan.change("OPS-3", title="Card bureau contract")
    if started:
        plan.task("BNK-7", "2027-03-15", "2027-03-19", team=BANKING, status="in_progress",
                  actual_start="2027-03-08", progress=20)  # fmt: skip
    else:
        plan.task("BNK-7", "2027-03-15", "2027-03-19", team=BANKING)
    plan.milestone("GO-1", "2027-03-31", go_live=True, team=BANKING)
    plan.task("HYP-1", "2027-04-01", "2027-04-30", team=BANKING)
    plan.link("OPS-3", "BNK-7")
    plan.link("BNK-7", "GO-1")
    plan.link("GO-1", "HYP-1")
    return plan


def test_starting_the_successor_early_does_not_free_its_predecessor_from_go_live() -> None:
    waiting = _plan(started=False).analyse(AS_OF).workstream("OPS-3")
    # Before: OPS-3 must finish by BNK-7's latest start, Wed 24 Mar: 8 working days of float.
    assert (waiting.latest_finish, waiting.total_float) == (d("2027-03-24"), 8)
    started = _plan(started=True).analyse(AS_OF).workstream("OPS-3")
    # After: BNK-7's start is fixed, but it can't finish before OPS-3 does, so OPS-3 is held to
    # BNK-7's latest finish, Wed 31 Mar (13 days), not to the end of hypercare (35 days).
    assert (started.latest_finish, started.total_float) == (d("2027-03-31"), 13)
    assert started.leads_to_go_live


def test_started_work_that_waits_on_an_open_predecessor_is_amber_with_the_reason() -> None:
    result = _plan(started=True).analyse(AS_OF)
    found = result.workstream("BNK-7")
    assert (found.health, found.health_reasons) == (
        HealthLevel.AMBER,
        ("Started before OPS-3 (Card bureau contract, OPS) finished; FS link",),
    )
    assert found.started_before == ("OPS-3",)
    glance = result.glance(found.workstream_id)
    assert glance.started_before == ("OPS-3",)
    assert result.workstream("OPS-3").started_before == ()
    assert [c.message for c in result.conflicts] == [
        "BNK-7 started 5 working days before OPS-3 finishes (FS)"
    ]


def test_started_work_is_held_back_by_a_late_predecessor_and_a_slip_lists_it() -> None:
    result = _plan(started=True).analyse(AS_OF)
    impact = result.slip_impact("OPS-3", days=10)
    assert [(m.key, m.forecast_finish_before, m.forecast_finish_after) for m in impact.moved] == [
        ("OPS-3", d("2027-03-12"), d("2027-03-26")),
        ("BNK-7", d("2027-03-19"), d("2027-03-26")),
    ]
    assert [(w.key, w.predecessor, w.link_type, w.waits_until) for w in impact.waiting] == [
        ("BNK-7", "OPS-3", "FS", d("2027-03-26"))
    ]
    assert impact.projected_finish_after == d("2027-03-31")


def test_started_work_is_listed_as_waiting_even_when_its_own_finish_does_not_move() -> None:
    plan = _plan(started=True)
    plan.change("BNK-7", planned_due=d("2027-03-30"))
    impact = plan.analyse(AS_OF).slip_impact("OPS-3", days=2)  # OPS-3 now Tue 16, BNK-7 still Tue 30
    assert [m.key for m in impact.moved] == ["OPS-3"]
    assert [(w.key, w.waits_until) for w in impact.waiting] == [("BNK-7", d("2027-03-16"))]


def test_started_work_whose_predecessors_are_done_or_started_as_an_ss_link_allows_is_green() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-05", status="done")
    plan.task("B-1", "2027-03-01", "2027-03-19", status="in_progress", actual_start="2027-03-01")
    plan.task("C-1", "2027-03-08", "2027-03-26", status="in_progress", actual_start="2027-03-04",
              progress=50)  # fmt: skip
    plan.task("E-1", "2027-03-15", "2027-03-26", status="in_progress", actual_start="2027-03-08",
              progress=50)  # fmt: skip
    plan.link("A-1", "C-1")  # done: nothing to wait for
    plan.link("B-1", "C-1", "SS", 2)  # B-1 started Mon 1: C-1 may start from Wed 3
    plan.link("B-1", "E-1", "FS", -10)  # a lead of 10 days: E-1 may start from Mon 8
    result = plan.analyse(AS_OF)
    assert result.workstream("C-1").health_reasons == ()
    assert result.workstream("E-1").health_reasons == ()
    assert result.workstream("C-1").started_before == ()


def test_an_ss_link_from_work_not_started_yet_names_its_start() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-15", "2027-03-26")
    plan.task("B-1", "2027-03-01", "2027-03-26", status="in_progress", actual_start="2027-03-01",
              progress=50)  # fmt: skip
    plan.link("A-1", "B-1", "SS", 2)
    found = plan.analyse(AS_OF).workstream("B-1")
    assert found.health_reasons == ("Started before A-1 (Work A-1, COR) started; SS+2 link",)
