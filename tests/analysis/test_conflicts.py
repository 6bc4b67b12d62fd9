"""Dependency conflicts: links that the current planned (or actual) dates break."""

from __future__ import annotations

import pytest

from migrator.analysis import Conflict, PlanAnalysis
from tests.support.plans import Plan, d

EARLY = "2027-02-22"
BANKING = "Banking & Payments"
CARDS = "Card Operations"


def conflicts(result: PlanAnalysis) -> list[tuple[str, str, str, int, int]]:
    return [(c.predecessor, c.successor, c.type, c.lag, c.violation_days) for c in result.conflicts]


def only(result: PlanAnalysis) -> Conflict:
    assert len(result.conflicts) == 1, result.conflicts
    return result.conflicts[0]


def test_the_issue_example() -> None:
    plan = Plan()
    plan.task("BNK-2", "2027-03-01", "2027-03-12", team=BANKING)
    plan.task("OPS-4", "2027-03-05", "2027-03-09", team=CARDS)
    dep = plan.link("BNK-2", "OPS-4")
    result = plan.analyse(EARLY)
    found = only(result)
    assert found.message == "OPS-4 is planned to start 6 working days before BNK-2 finishes (FS)"
    assert (found.predecessor, found.successor, found.type, found.lag, found.violation_days) == (
        "BNK-2",
        "OPS-4",
        "FS",
        0,
        6,
    )
    assert found.dependency_id == dep.id
    assert (found.predecessor_team_id, found.successor_team_id) == (
        plan.teams[BANKING].id,
        plan.teams[CARDS].id,
    )
    assert found.cross_team
    # The forecast respects the link; the conflict is about what the teams have planned.
    assert result.workstream("OPS-4").forecast_start == d("2027-03-15")


# BNK-1 runs Mon 8 - Fri 12 March in each case below.
@pytest.mark.parametrize(
    ("kind", "lag", "start", "due", "message"),
    [
        (
            "SS",
            0,
            "2027-03-03",
            "2027-03-19",
            "OPS-1 is planned to start 3 working days before BNK-1 starts (SS)",
        ),
        (
            "FF",
            0,
            "2027-03-01",
            "2027-03-10",
            "OPS-1 is planned to finish 2 working days before BNK-1 finishes (FF)",
        ),
        (
            "SF",
            0,
            "2027-03-01",
            "2027-03-04",
            "OPS-1 is planned to finish 1 working day before BNK-1 starts (SF)",
        ),
        (
            "FS",
            2,
            "2027-03-15",
            "2027-03-19",
            "OPS-1 is planned to start 2 working days too early: "
            "it must start at least 2 working days after BNK-1 finishes (FS+2)",
        ),
        (
            "FS",
            -2,
            "2027-03-10",
            "2027-03-19",
            "OPS-1 is planned to start 1 working day too early: "
            "it may start at most 2 working days before BNK-1 finishes (FS-2)",
        ),
        (
            "SS",
            3,
            "2027-03-09",
            "2027-03-19",
            "OPS-1 is planned to start 2 working days too early: "
            "it must start at least 3 working days after BNK-1 starts (SS+3)",
        ),
        (
            "FF",
            -1,
            "2027-03-01",
            "2027-03-09",
            "OPS-1 is planned to finish 2 working days too early: "
            "it may finish at most 1 working day before BNK-1 finishes (FF-1)",
        ),
        (
            "SF",
            4,
            "2027-03-01",
            "2027-03-10",
            "OPS-1 is planned to finish 1 working day too early: "
            "it must finish at least 4 working days after BNK-1 starts (SF+4)",
        ),
    ],
)
def test_each_type_and_lag(kind: str, lag: int, start: str, due: str, message: str) -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("OPS-1", start, due, team=CARDS)
    plan.link("BNK-1", "OPS-1", kind, lag)
    found = only(plan.analyse(EARLY))
    assert found.message == message
    assert (found.type, found.lag) == (kind, lag)


@pytest.mark.parametrize(
    ("kind", "lag", "start", "due"),
    [
        ("FS", 0, "2027-03-15", "2027-03-19"),  # Monday after a Friday finish: fine
        ("FS", 0, "2027-03-13", "2027-03-19"),  # a Saturday start counts from Monday
        ("FS", -2, "2027-03-11", "2027-03-19"),
        ("FS", 2, "2027-03-17", "2027-03-19"),
        ("SS", 0, "2027-03-08", "2027-03-19"),
        ("SS", -3, "2027-03-03", "2027-03-19"),
        ("FF", 0, "2027-03-01", "2027-03-12"),
        ("FF", 0, "2027-03-01", "2027-03-14"),  # a Sunday due date counts as the Friday
        ("SF", 0, "2027-03-01", "2027-03-05"),
        ("SF", 5, "2027-03-01", "2027-03-12"),
    ],
)
def test_links_that_hold_are_no_conflict(kind: str, lag: int, start: str, due: str) -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("OPS-1", start, due, team=CARDS)
    plan.link("BNK-1", "OPS-1", kind, lag)
    assert plan.analyse(EARLY).conflicts == ()


def test_violations_are_counted_in_working_days_across_holidays() -> None:
    plan = Plan(holidays=("2027-03-26", "2027-03-29"))
    plan.task("BNK-1", "2027-03-22", "2027-03-30", team=BANKING)
    plan.task("OPS-1", "2027-03-25", "2027-04-02", team=CARDS)
    plan.link("BNK-1", "OPS-1")
    assert only(plan.analyse(EARLY)).violation_days == 2  # Thursday 25 and Tuesday 30


def test_milestones_on_either_end() -> None:
    plan = Plan()
    plan.milestone("BNK-1", "2027-03-10", team=BANKING)
    plan.task("OPS-1", "2027-03-10", "2027-03-12", team=CARDS)
    plan.task("OPS-2", "2027-03-08", "2027-03-12", team=CARDS)
    plan.milestone("OPS-3", "2027-03-10", team=CARDS)
    plan.link("BNK-1", "OPS-1")  # OPS-1 starts at the beginning of the milestone's day
    plan.link("OPS-2", "OPS-3")  # the milestone is two days before OPS-2 finishes
    assert conflicts(plan.analyse(EARLY)) == [("OPS-2", "OPS-3", "FS", 0, 2), ("BNK-1", "OPS-1", "FS", 0, 1)]


def test_done_successors_have_no_conflict() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-01", "2027-03-12", team=BANKING)
    plan.task("OPS-1", "2027-03-01", "2027-03-02", team=CARDS, status="done")
    plan.link("BNK-1", "OPS-1")
    assert plan.analyse("2027-03-03").conflicts == ()


def test_cancelled_work_has_no_conflict() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-01", "2027-03-12", team=BANKING, status="cancelled")
    plan.task("OPS-1", "2027-03-01", "2027-03-02", team=CARDS)
    plan.task("OPS-2", "2027-03-01", "2027-03-02", team=CARDS, status="cancelled")
    plan.link("BNK-1", "OPS-1")
    plan.link("OPS-1", "OPS-2", "FS", 5)
    assert plan.analyse(EARLY).conflicts == ()


def test_actual_dates_count_once_work_has_started_or_finished() -> None:
    plan = Plan()
    # Finished four working days late: its successor's plan no longer holds.
    plan.task(
        "BNK-1", "2027-03-01", "2027-03-05", team=BANKING, status="done", actual_start="2027-03-01",
        actual_finish="2027-03-11",
    )  # fmt: skip
    plan.task("OPS-1", "2027-03-08", "2027-03-12", team=CARDS)
    # Started on Wednesday although planned after BNK-2 finishes on Friday.
    plan.task("BNK-2", "2027-03-01", "2027-03-05", team=BANKING)
    plan.task(
        "OPS-2", "2027-03-08", "2027-03-12", team=CARDS, status="in_progress", actual_start="2027-03-03"
    )
    plan.link("BNK-1", "OPS-1")
    plan.link("BNK-2", "OPS-2")
    assert conflicts(plan.analyse("2027-03-04")) == [
        ("BNK-1", "OPS-1", "FS", 0, 4),
        ("BNK-2", "OPS-2", "FS", 0, 3),
    ]


def test_worst_first_then_by_keys() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("BNK-2", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("OPS-1", "2027-03-11", "2027-03-19", team=CARDS)  # 2 days early
    plan.task("OPS-2", "2027-03-09", "2027-03-19", team=CARDS)  # 4 days early
    plan.task("OPS-3", "2027-03-11", "2027-03-19", team=BANKING)  # 2 days early, same team
    plan.link("BNK-2", "OPS-1")
    plan.link("BNK-1", "OPS-3")
    plan.link("BNK-1", "OPS-1")
    plan.link("BNK-2", "OPS-2")
    result = plan.analyse(EARLY)
    assert conflicts(result) == [
        ("BNK-2", "OPS-2", "FS", 0, 4),
        ("BNK-1", "OPS-1", "FS", 0, 2),
        ("BNK-1", "OPS-3", "FS", 0, 2),
        ("BNK-2", "OPS-1", "FS", 0, 2),
    ]
    assert [c.cross_team for c in result.conflicts] == [True, True, False, True]


def test_a_plan_without_dates_has_nothing_to_compare() -> None:
    plan = Plan()
    plan.task("BNK-1", None, "2027-03-12", team=BANKING)
    plan.task("OPS-1", None, "2027-03-05", team=CARDS)
    plan.link("BNK-1", "OPS-1", "SS")  # OPS-1 has no planned start to compare
    plan.link("BNK-1", "OPS-1", "FF")  # ... but a due date: 5 working days early
    assert conflicts(plan.analyse(EARLY)) == [("BNK-1", "OPS-1", "FF", 0, 5)]


def test_a_started_successor_and_milestones_are_described_as_they_are() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task(
        "OPS-1", "2027-03-01", "2027-03-19", team=CARDS, status="in_progress", actual_start="2027-03-01"
    )
    plan.milestone("OPS-2", "2027-03-10", team=CARDS)
    plan.link("BNK-1", "OPS-1")
    plan.link("BNK-1", "OPS-2", "FF")
    plan.milestone("BNK-9", "2027-03-12", team=BANKING)
    plan.task("OPS-3", "2027-03-11", "2027-03-12", team=CARDS)
    plan.link("BNK-9", "OPS-3")
    messages = [c.message for c in plan.analyse("2027-03-01").conflicts]
    assert messages == [
        "OPS-1 started 10 working days before BNK-1 finishes (FS)",
        "OPS-2 is planned to be reached 2 working days before BNK-1 finishes (FF)",
        "OPS-3 is planned to start 2 working days before BNK-9 is reached (FS)",
    ]
