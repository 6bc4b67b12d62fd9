"""The forecast, latest dates, float and critical path, rule by rule, on small plans.

Dates are in March 2027 unless said otherwise: Mon 1, Wed 3, Fri 5, Mon 8, ... Good Friday
is 26 March and Easter Monday 29 March. ``EARLY`` is an as-of date before all of it, so the
as-of floor does not interfere unless a test says so.
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.domain.errors import DependencyLoopError, ValidationError
from migrator.domain.model import Status
from tests.support.plans import Plan, d

EARLY = "2027-02-22"
EASTER = ("2027-03-26", "2027-03-29")


def dates(result: PlanAnalysis, key: str) -> tuple[date | None, date | None]:
    found = result.workstream(key)
    return found.forecast_start, found.forecast_finish


def pair(start: str, finish: str) -> tuple[date, date]:
    return d(start), d(finish)


# The issue's examples ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lag", "starts"),
    [(0, "2027-03-04"), (2, "2027-03-08"), (-1, "2027-03-03")],
    ids=["FS: Thursday", "FS+2: Monday", "FS-1: Wednesday"],
)
def test_issue_example_a_due_wednesday(lag: int, starts: str) -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-03")  # due Wednesday
    plan.task("B-1", "2027-03-01", "2027-03-01")
    plan.link("A-1", "B-1", "FS", lag)
    assert dates(plan.analyse(EARLY), "B-1") == (d(starts), d(starts))


def test_issue_example_task_due_wednesday_then_milestone_that_wednesday() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-03")
    plan.milestone("M-1", "2027-03-01")
    plan.link("A-1", "M-1")
    assert dates(plan.analyse(EARLY), "M-1") == pair("2027-03-03", "2027-03-03")


def test_issue_example_milestone_wednesday_then_task_thursday() -> None:
    plan = Plan()
    plan.milestone("M-1", "2027-03-03")
    plan.task("B-1", "2027-03-01", "2027-03-02")
    plan.link("M-1", "B-1")
    assert dates(plan.analyse(EARLY), "B-1") == pair("2027-03-04", "2027-03-05")


# Each type, positive and negative lag, across a weekend ----------------------------------------

# A runs Mon 8 - Wed 10 March; B is planned for Mon 1 - Tue 2 (two working days), so every
# link below pushes B (or leaves it, where the link allows its planned dates).
WEEKEND_CASES = [
    ("FS", 0, "2027-03-11", "2027-03-12"),
    ("FS", 1, "2027-03-12", "2027-03-15"),  # two days across the weekend
    ("FS", 2, "2027-03-15", "2027-03-16"),
    ("FS", -1, "2027-03-10", "2027-03-11"),
    ("FS", -4, "2027-03-05", "2027-03-08"),  # a lead back across the weekend
    ("SS", 0, "2027-03-08", "2027-03-09"),
    ("SS", 3, "2027-03-11", "2027-03-12"),
    ("SS", -1, "2027-03-05", "2027-03-08"),
    ("SS", -2, "2027-03-04", "2027-03-05"),
    ("FF", 0, "2027-03-09", "2027-03-10"),
    ("FF", 2, "2027-03-11", "2027-03-12"),
    ("FF", 3, "2027-03-12", "2027-03-15"),
    ("FF", -1, "2027-03-08", "2027-03-09"),
    ("FF", -3, "2027-03-04", "2027-03-05"),
    ("SF", 0, "2027-03-04", "2027-03-05"),
    ("SF", 1, "2027-03-05", "2027-03-08"),
    ("SF", 2, "2027-03-08", "2027-03-09"),
    ("SF", -1, "2027-03-03", "2027-03-04"),
    ("SF", -2, "2027-03-02", "2027-03-03"),
    ("SF", -4, "2027-03-01", "2027-03-02"),  # the lead leaves B where it was planned
    ("SS", -6, "2027-03-01", "2027-03-02"),
]


@pytest.mark.parametrize(("kind", "lag", "start", "finish"), WEEKEND_CASES)
def test_each_link_type_across_a_weekend(kind: str, lag: int, start: str, finish: str) -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-08", "2027-03-10")
    plan.task("B-1", "2027-03-01", "2027-03-02")
    plan.link("A-1", "B-1", kind, lag)
    result = plan.analyse(EARLY)
    assert dates(result, "B-1") == pair(start, finish)
    assert dates(result, "A-1") == pair("2027-03-08", "2027-03-10")


# A runs Mon 22 - Wed 24 March, just before Easter; B is planned Mon 15 - Tue 16.
EASTER_CASES = [
    ("FS", 0, "2027-03-25", "2027-03-30"),  # Thursday, then Tuesday after Easter
    ("FS", 1, "2027-03-30", "2027-03-31"),
    ("FS", -1, "2027-03-24", "2027-03-25"),
    ("SS", 3, "2027-03-25", "2027-03-30"),
    ("SS", -1, "2027-03-19", "2027-03-22"),
    ("FF", 1, "2027-03-24", "2027-03-25"),
    ("FF", 2, "2027-03-25", "2027-03-30"),
    ("FF", -2, "2027-03-19", "2027-03-22"),
    ("SF", 4, "2027-03-24", "2027-03-25"),
    ("SF", 5, "2027-03-25", "2027-03-30"),
    ("SF", -1, "2027-03-17", "2027-03-18"),
]


@pytest.mark.parametrize(("kind", "lag", "start", "finish"), EASTER_CASES)
def test_each_link_type_across_a_holiday(kind: str, lag: int, start: str, finish: str) -> None:
    plan = Plan(holidays=EASTER)
    plan.task("A-1", "2027-03-22", "2027-03-24")
    plan.task("B-1", "2027-03-15", "2027-03-16")
    plan.link("A-1", "B-1", kind, lag)
    assert dates(plan.analyse(EARLY), "B-1") == pair(start, finish)


def test_a_lag_counts_working_days_not_calendar_days() -> None:
    plan = Plan(holidays=EASTER)
    plan.task("A-1", "2027-03-24", "2027-03-25")  # finishes Maundy Thursday
    plan.task("B-1", "2027-03-01", "2027-03-01")
    plan.link("A-1", "B-1", "FS", 3)  # Tue 30, Wed 31, Thu 1 April pass; B starts Friday 2 April
    assert dates(plan.analyse(EARLY), "B-1") == pair("2027-04-02", "2027-04-02")


# Milestones on both ends ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "lag", "reached"),
    [
        ("FS", 0, "2027-03-10"),
        ("FS", 1, "2027-03-11"),
        ("FS", -1, "2027-03-09"),
        ("SS", 0, "2027-03-05"),  # the beginning of Monday is the end of the Friday before
        ("SS", 1, "2027-03-08"),
        ("FF", 0, "2027-03-10"),
        ("FF", 3, "2027-03-15"),
        ("SF", 2, "2027-03-09"),
        ("SF", -2, "2027-03-03"),
    ],
)
def test_task_to_milestone(kind: str, lag: int, reached: str) -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-08", "2027-03-10")
    plan.milestone("M-1", "2027-03-01")
    plan.link("A-1", "M-1", kind, lag)
    assert dates(plan.analyse(EARLY), "M-1") == pair(reached, reached)


@pytest.mark.parametrize(
    ("kind", "lag", "start", "finish"),
    [
        ("FS", 0, "2027-03-04", "2027-03-05"),
        ("SS", 0, "2027-03-04", "2027-03-05"),  # a milestone starts and finishes at one instant
        ("FS", 1, "2027-03-05", "2027-03-08"),
        ("FS", -1, "2027-03-03", "2027-03-04"),
        ("FF", 0, "2027-03-02", "2027-03-03"),
        ("FF", 2, "2027-03-04", "2027-03-05"),
        ("SF", 2, "2027-03-04", "2027-03-05"),
        ("SF", -1, "2027-03-01", "2027-03-02"),
    ],
)
def test_milestone_to_task(kind: str, lag: int, start: str, finish: str) -> None:
    plan = Plan()
    plan.milestone("M-1", "2027-03-03")
    plan.task("B-1", "2027-03-01", "2027-03-02")
    plan.link("M-1", "B-1", kind, lag)
    assert dates(plan.analyse(EARLY), "B-1") == pair(start, finish)


@pytest.mark.parametrize(("lag", "reached"), [(0, "2027-03-03"), (2, "2027-03-05"), (3, "2027-03-08")])
def test_milestone_to_milestone(lag: int, reached: str) -> None:
    plan = Plan()
    plan.milestone("M-1", "2027-03-03")
    plan.milestone("M-2", "2027-03-01")
    plan.link("M-1", "M-2", "FS", lag)
    assert dates(plan.analyse(EARLY), "M-2") == pair(reached, reached)


def test_a_milestone_is_no_earlier_than_its_date_nor_the_as_of_day() -> None:
    plan = Plan()
    plan.milestone("M-1", "2027-03-10")
    plan.milestone("M-2", "2027-03-01")  # in the past and not reached
    plan.milestone("M-3", "2027-03-06")  # a Saturday counts as the Friday
    result = plan.analyse("2027-03-03")
    assert dates(result, "M-1") == pair("2027-03-10", "2027-03-10")
    assert dates(result, "M-2") == pair("2027-03-03", "2027-03-03")
    assert dates(result, "M-3") == pair("2027-03-05", "2027-03-05")


def test_a_reached_milestone_keeps_its_date() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-10")
    plan.milestone("M-1", "2027-03-02", status="done", reached="2027-03-04")
    plan.milestone("M-2", "2027-03-02", status="done")  # no actual date: the planned one
    plan.task("B-1", "2027-03-01", "2027-03-01")
    plan.link("A-1", "M-1")  # a link into finished work constrains nothing
    plan.link("M-1", "B-1")
    result = plan.analyse("2027-03-08")
    assert dates(result, "M-1") == pair("2027-03-04", "2027-03-04")
    assert dates(result, "M-2") == pair("2027-03-02", "2027-03-02")
    assert dates(result, "B-1") == pair("2027-03-08", "2027-03-08")  # the as-of floor, not Friday 5


# Statuses ------------------------------------------------------------------------------------


def test_open_work_keeps_its_duration_and_cannot_start_in_the_past() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-03")  # not started, planned in the past
    plan.task("B-1", "2027-03-01", "2027-03-02", status="blocked", blocker="Vendor contract")
    plan.task("C-1", "2027-03-15", "2027-03-16")  # in the future: keeps its dates
    result = plan.analyse("2027-03-04")
    assert dates(result, "A-1") == pair("2027-03-04", "2027-03-08")
    assert dates(result, "B-1") == pair("2027-03-04", "2027-03-05")
    assert dates(result, "C-1") == pair("2027-03-15", "2027-03-16")


def test_an_as_of_date_on_a_weekend_starts_open_work_on_monday() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-02")
    assert dates(plan.analyse("2027-03-06"), "A-1") == pair("2027-03-08", "2027-03-09")


def test_finish_side_links_push_the_finish_and_the_start_moves_with_it() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-12")
    plan.task("B-1", "2027-03-01", "2027-03-03")  # three working days
    plan.task("C-1", "2027-03-01", "2027-03-01")
    plan.link("C-1", "B-1", "FS")  # wants B from Tuesday ...
    plan.link("A-1", "B-1", "FF")  # ... but B must finish with A on Friday 12
    result = plan.analyse(EARLY)
    assert dates(result, "B-1") == pair("2027-03-10", "2027-03-12")
    assert result.workstream("B-1").pushed_by == "A-1"


def test_work_in_progress_keeps_its_actual_start() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-12")
    plan.task("B-1", "2027-03-01", "2027-03-05", status="in_progress", actual_start="2027-03-02")
    plan.link("A-1", "B-1", "SS", 3)  # it has started anyway: its start stays where it was
    result = plan.analyse("2027-03-03")
    assert dates(result, "B-1") == pair("2027-03-02", "2027-03-05")
    assert result.workstream("B-1").pushed_by is None


def test_work_started_before_its_predecessor_finished_still_finishes_after_it() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-12")  # not started: from the as-of day, to Tue 16
    plan.task("B-1", "2027-03-01", "2027-03-05", status="in_progress", actual_start="2027-03-02")
    plan.task("C-1", "2027-03-01", "2027-03-05", status="in_progress", actual_start="2027-03-02")
    plan.link("A-1", "B-1", "FS")  # B-1 started early: the link now binds its finish
    plan.link("A-1", "C-1", "SS", 3)  # C-1 can't finish before A-1 starts + 3 (Mon 8)
    result = plan.analyse("2027-03-03")
    assert dates(result, "B-1") == pair("2027-03-02", "2027-03-16")
    assert result.workstream("B-1").pushed_by == "A-1"
    assert dates(result, "C-1") == pair("2027-03-02", "2027-03-05")  # its own due date is later


def test_work_in_progress_finishes_no_earlier_than_the_as_of_day_when_overdue() -> None:
    plan = Plan()
    plan.task("B-1", "2027-03-01", "2027-03-05", status="in_progress", actual_start="2027-03-01")
    plan.task("C-1", "2027-03-08", "2027-03-08")
    plan.link("B-1", "C-1")
    result = plan.analyse("2027-03-10")
    assert dates(result, "B-1") == pair("2027-03-01", "2027-03-10")
    assert dates(result, "C-1") == pair("2027-03-11", "2027-03-11")
    assert result.workstream("B-1").days_late == 3


def test_finish_side_links_push_work_in_progress() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-08", "2027-03-12")
    plan.task("B-1", "2027-03-01", "2027-03-05", status="in_progress", actual_start="2027-03-01")
    plan.task("C-1", "2027-03-15", "2027-03-16")
    plan.link("A-1", "B-1", "FF", 1)
    plan.link("C-1", "B-1", "SF", -1)
    result = plan.analyse("2027-03-03")
    assert dates(result, "B-1") == pair("2027-03-01", "2027-03-15")
    assert result.workstream("B-1").pushed_by == "A-1"


def test_in_progress_without_an_actual_start_starts_at_the_earlier_of_plan_and_as_of() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-10", "2027-03-12", status="in_progress")
    plan.task("B-1", "2027-03-01", "2027-03-02", status="in_progress")
    result = plan.analyse("2027-03-04")
    assert dates(result, "A-1") == pair("2027-03-04", "2027-03-12")
    assert dates(result, "B-1") == pair("2027-03-01", "2027-03-04")


def test_done_work_keeps_its_actual_dates_and_constrains_its_successors() -> None:
    plan = Plan()
    plan.task("P-1", "2027-03-01", "2027-03-19")
    plan.task(
        "A-1",
        "2027-03-01",
        "2027-03-03",
        status="done",
        actual_start="2027-03-02",
        actual_finish="2027-03-09",
    )
    plan.task("B-1", "2027-03-01", "2027-03-03", status="done")  # no actual dates: the planned ones
    plan.task("C-1", "2027-03-01", "2027-03-01")
    plan.link("P-1", "A-1")  # nothing constrains done work
    plan.link("A-1", "C-1")
    result = plan.analyse(EARLY)
    assert dates(result, "A-1") == pair("2027-03-02", "2027-03-09")
    assert dates(result, "B-1") == pair("2027-03-01", "2027-03-03")
    assert dates(result, "C-1") == pair("2027-03-10", "2027-03-10")
    assert result.workstream("A-1").total_float is None
    assert result.workstream("A-1").latest_finish is None


def test_cancelled_work_and_its_links_are_ignored() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-31")
    plan.task("X-1", "2027-03-01", "2027-03-31", status="cancelled")
    plan.task("B-1", "2027-03-01", "2027-03-02")
    plan.link("A-1", "X-1")
    plan.link("X-1", "B-1")
    result = plan.analyse(EARLY)
    assert dates(result, "B-1") == pair("2027-03-01", "2027-03-02")
    cancelled = result.workstream("X-1")
    assert (cancelled.forecast_start, cancelled.forecast_finish, cancelled.total_float) == (None, None, None)
    assert not cancelled.critical and not cancelled.leads_to_go_live


def test_tasks_with_one_or_no_planned_date_last_one_day() -> None:
    plan = Plan()
    plan.task("A-1", None, "2027-03-10")
    plan.task("B-1", "2027-03-10", None)
    plan.task("C-1")
    result = plan.analyse("2027-03-03")
    assert dates(result, "A-1") == pair("2027-03-10", "2027-03-10")
    assert dates(result, "B-1") == pair("2027-03-10", "2027-03-10")
    assert dates(result, "C-1") == pair("2027-03-03", "2027-03-03")


# Projected go-live and slip -------------------------------------------------------------------


def _go_live_plan(target: str | None, *, chosen: bool = True) -> Plan:
    plan = Plan(target=target)
    plan.task("A-1", "2027-03-01", "2027-03-05")
    plan.task("B-1", "2027-03-08", "2027-03-10")
    plan.milestone("GO-1", "2027-03-10", go_live=chosen)
    plan.task("H-1", "2027-03-11", "2027-03-19")  # hypercare after go-live
    plan.milestone("END-1", "2027-03-19")  # decommissioning done: later than go-live
    plan.link("A-1", "B-1")
    plan.link("B-1", "GO-1")
    plan.link("GO-1", "H-1")
    plan.link("H-1", "END-1")
    return plan


@pytest.mark.parametrize(
    ("target", "slip"),
    [("2027-03-10", 0), ("2027-03-15", -3), ("2027-03-05", 3), ("2027-03-06", 3), (None, 0)],
)
def test_projected_go_live_and_slip_against_the_target(target: str | None, slip: int) -> None:
    result = _go_live_plan(target).analyse(EARLY)
    assert result.go_live_key == "GO-1"
    assert result.critical_path == ("A-1", "B-1", "GO-1")  # not the work after go-live
    assert not result.workstream("H-1").critical and not result.workstream("END-1").critical
    assert result.projected_finish == d("2027-03-10")
    assert result.target_date == (d(target) if target else None)
    assert result.slip_days == slip


def test_slip_counts_working_days_across_holidays() -> None:
    plan = Plan(target="2027-03-25", holidays=EASTER)
    plan.task("A-1", "2027-03-22", "2027-03-31")
    plan.milestone("GO-1", "2027-03-22", go_live=True)
    plan.link("A-1", "GO-1")
    result = plan.analyse(EARLY)
    assert result.projected_finish == d("2027-03-31")
    assert result.slip_days == 2


def test_without_a_chosen_go_live_the_latest_milestone_is_go_live() -> None:
    result = _go_live_plan("2027-03-12", chosen=False).analyse(EARLY)
    assert result.go_live_key == "END-1"
    assert result.projected_finish == d("2027-03-19")
    assert result.slip_days == 5
    assert result.critical_path == ("A-1", "B-1", "GO-1", "H-1", "END-1")


def test_a_plan_without_milestones_goes_live_with_its_latest_finish() -> None:
    plan = Plan(target="2027-03-12")
    plan.task("A-1", "2027-03-01", "2027-03-05")
    plan.task("B-1", "2027-03-08", "2027-03-16")
    plan.task("C-1", "2027-03-01", "2027-03-03")
    plan.link("A-1", "B-1")
    result = plan.analyse(EARLY)
    assert result.go_live_key is None
    assert result.projected_finish == d("2027-03-16")
    assert result.slip_days == 2
    assert result.critical_path == ("A-1", "B-1")
    # Without milestones the latest finish is the go-live, so all open work is held to the target:
    # B-1 misses it by two days, C-1 (Wed 3) may finish up to Fri 12.
    assert result.workstream("B-1").total_float == -2
    assert result.workstream("C-1").total_float == 7


def test_an_empty_plan() -> None:
    result = Plan(target="2027-03-12").analyse(EARLY)
    assert result.projected_finish is None
    assert result.slip_days == 0
    assert result.critical_path == ()
    assert result.go_live_key is None


# Latest dates and float ----------------------------------------------------------------------


def test_float_and_latest_finish_for_work_leading_to_go_live() -> None:
    plan = Plan(target="2027-03-16")
    plan.task("A-1", "2027-03-01", "2027-03-03")
    plan.task("B-1", "2027-03-04", "2027-03-05")
    plan.task("C-1", "2027-03-01", "2027-03-01")  # a short side branch into B
    plan.milestone("GO-1", "2027-03-01", go_live=True)
    plan.link("A-1", "B-1")
    plan.link("C-1", "B-1", "FS", 1)
    plan.link("B-1", "GO-1")
    result = plan.analyse(EARLY)
    assert result.projected_finish == d("2027-03-05")
    expect = {
        "GO-1": ("2027-03-16", 7),
        "B-1": ("2027-03-16", 7),
        "A-1": ("2027-03-12", 7),
        "C-1": ("2027-03-11", 8),  # B's latest start is Monday 15, one day of lag before it
    }
    for key, (latest, total_float) in expect.items():
        found = result.workstream(key)
        assert (found.latest_finish, found.total_float) == (d(latest), total_float), key
        assert found.leads_to_go_live
    assert [k for k in expect if result.workstream(k).critical] == ["GO-1", "B-1", "A-1"]


@pytest.mark.parametrize(
    ("kind", "lag", "latest"),
    [
        ("FS", 0, "2027-03-11"),  # B's latest start is Fri 12
        ("FS", 2, "2027-03-09"),
        ("FS", -1, "2027-03-12"),
        ("SS", 0, "2027-03-16"),  # A's latest start is B's latest start (Fri 12), A lasts 3 days
        ("SS", 1, "2027-03-15"),
        ("FF", 0, "2027-03-16"),
        ("FF", -2, "2027-03-18"),
        ("SF", 0, "2027-03-19"),  # A may start as late as B may finish: Wed 17, after Tue 16's end
        ("SF", 3, "2027-03-16"),
    ],
)
def test_latest_dates_push_back_by_the_inverse_of_each_link(kind: str, lag: int, latest: str) -> None:
    plan = Plan(target="2027-03-16")
    plan.task("A-1", "2027-03-01", "2027-03-03")  # three working days
    plan.task("B-1", "2027-03-01", "2027-03-03")  # three working days
    plan.milestone("GO-1", "2027-03-01", go_live=True)
    plan.link("A-1", "B-1", kind, lag)
    plan.link("B-1", "GO-1")
    result = plan.analyse(EARLY)
    assert result.workstream("B-1").latest_finish == d("2027-03-16")
    found = result.workstream("A-1")
    assert found.latest_finish == d(latest)
    assert found.leads_to_go_live


def test_hypercare_after_go_live_pushes_back_from_the_end_of_the_plan() -> None:
    plan = Plan(target="2027-03-12")
    plan.task("A-1", "2027-03-01", "2027-03-05")
    plan.milestone("GO-1", "2027-03-05", go_live=True)
    plan.task("H-1", "2027-03-08", "2027-03-16")  # hypercare: the latest finish of the plan
    plan.task("H-2", "2027-03-08", "2027-03-08")  # a one-day check after go-live
    plan.task("S-1", "2027-03-01", "2027-03-01")  # feeds only hypercare
    plan.link("A-1", "GO-1")
    plan.link("GO-1", "H-1")
    plan.link("GO-1", "H-2")
    plan.link("A-1", "H-2", "FS", 5)  # a link to work not leading to go-live does not hold A back
    plan.link("S-1", "H-2")
    result = plan.analyse(EARLY)
    assert result.workstream("A-1").latest_finish == d("2027-03-12")
    assert result.workstream("A-1").total_float == 5
    assert result.workstream("GO-1").latest_finish == d("2027-03-12")
    # The end of the plan is the later of the target (Fri 12) and the latest finish (Tue 16).
    assert (result.workstream("H-1").latest_finish, result.workstream("H-1").total_float) == (
        d("2027-03-16"),
        0,
    )
    h2 = result.workstream("H-2")
    assert (h2.forecast_finish, h2.latest_finish, h2.total_float) == (d("2027-03-15"), d("2027-03-16"), 1)
    s1 = result.workstream("S-1")
    assert (s1.latest_finish, s1.total_float, s1.leads_to_go_live) == (d("2027-03-15"), 10, False)
    assert not result.workstream("H-1").leads_to_go_live
    assert not result.workstream("H-1").critical  # after go-live: not on the road to it


def test_slipping_by_the_float_meets_the_target_when_go_live_is_the_latest_milestone() -> None:
    # With no go-live chosen in the settings, go-live is the milestone with the latest forecast,
    # so every milestone is held to the target: X-1 leads to M-1 (Wed 17, the target) and feeds
    # N-1 with FS+5. Its float is 7, not 11: slipped 11, N-1 would land on Tue 23, become the
    # latest milestone and so the go-live, past the target.
    plan = Plan(target="2027-03-17")
    plan.task("X-1", "2027-03-01", "2027-03-01")
    plan.task("Y-1", "2027-03-02", "2027-03-02")
    plan.milestone("M-1", "2027-03-17")
    plan.milestone("N-1", "2027-03-01")
    plan.link("X-1", "Y-1")
    plan.link("Y-1", "M-1")
    plan.link("X-1", "N-1", "FS", 5)
    result = plan.analyse(EARLY)
    assert result.go_live_key == "M-1"
    assert result.projected_finish == d("2027-03-17")
    x1 = result.workstream("X-1")
    assert x1.leads_to_go_live and x1.total_float == 7
    impact = result.slip_impact("X-1", days=x1.total_float)
    assert impact.projected_finish_after is not None
    assert impact.projected_finish_after <= d("2027-03-17"), (x1.total_float, impact.projected_finish_after)


def test_the_end_of_the_plan_is_the_target_when_that_is_later() -> None:
    plan = Plan(target="2027-03-19")
    plan.milestone("GO-1", "2027-03-05", go_live=True)
    plan.task("H-1", "2027-03-08", "2027-03-10")
    plan.link("GO-1", "H-1")
    result = plan.analyse(EARLY)
    assert result.workstream("H-1").latest_finish == d("2027-03-19")
    assert result.workstream("H-1").total_float == 7


def test_negative_float_when_the_target_cannot_be_met() -> None:
    plan = Plan(target="2027-03-05")
    plan.task("A-1", "2027-03-01", "2027-03-05")
    plan.task("B-1", "2027-03-08", "2027-03-09")
    plan.milestone("GO-1", "2027-03-05", go_live=True)
    plan.link("A-1", "B-1")
    plan.link("B-1", "GO-1")
    result = plan.analyse(EARLY)
    assert result.slip_days == 2
    assert result.workstream("GO-1").total_float == -2
    assert result.workstream("B-1").total_float == -2
    assert result.workstream("B-1").latest_finish == d("2027-03-05")
    assert result.workstream("A-1").latest_finish == d("2027-03-03")
    assert result.critical_path == ("A-1", "B-1", "GO-1")


def test_without_a_target_go_live_has_no_float() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-05")
    plan.task("C-1", "2027-03-01", "2027-03-02")
    plan.milestone("GO-1", "2027-03-01", go_live=True)
    plan.link("A-1", "GO-1")
    plan.link("C-1", "GO-1")
    result = plan.analyse(EARLY)
    assert result.workstream("GO-1").latest_finish == d("2027-03-05")
    assert [result.workstream(k).total_float for k in ("GO-1", "A-1", "C-1")] == [0, 0, 3]


def test_links_that_cannot_move_a_date_do_not_lead_to_go_live() -> None:
    plan = Plan(target="2027-03-19")
    plan.task("R-1", "2027-03-01", "2027-03-12", status="in_progress", actual_start="2027-03-01")
    plan.task("D-1", "2027-03-01", "2027-03-02", status="done")
    plan.task("B-1", "2027-03-08", "2027-03-10")
    plan.milestone("GO-1", "2027-03-10", go_live=True)
    plan.task("Q-1", "2027-03-01", "2027-03-02")
    plan.link("R-1", "B-1", "SS", 2)  # the start of running work is fixed
    plan.link("Q-1", "D-1")  # done work cannot move
    plan.link("D-1", "GO-1")
    plan.link("B-1", "GO-1")
    result = plan.analyse("2027-03-03")
    r1 = result.workstream("R-1")
    assert not r1.leads_to_go_live
    assert r1.latest_finish == d("2027-03-19")  # the end of the plan, not B's latest start
    assert not result.workstream("Q-1").leads_to_go_live
    assert result.workstream("B-1").leads_to_go_live


def test_a_finish_link_out_of_running_work_leads_to_go_live() -> None:
    plan = Plan(target="2027-03-19")
    plan.task("R-1", "2027-03-01", "2027-03-12", status="in_progress", actual_start="2027-03-01")
    plan.milestone("GO-1", "2027-03-10", go_live=True)
    plan.link("R-1", "GO-1", "FF", 2)
    result = plan.analyse("2027-03-03")
    r1 = result.workstream("R-1")
    assert result.projected_finish == d("2027-03-16")
    assert (r1.leads_to_go_live, r1.critical, r1.latest_finish, r1.total_float) == (
        True,
        True,
        d("2027-03-17"),
        3,
    )


# Critical path --------------------------------------------------------------------------------


def test_ties_make_both_chains_critical_and_the_path_takes_the_lower_key() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-02")
    plan.task("B-2", "2027-03-03", "2027-03-05")
    plan.task("B-1", "2027-03-03", "2027-03-05")
    plan.task("C-1", "2027-03-03", "2027-03-04")
    plan.milestone("GO-1", "2027-03-01", go_live=True)
    for key in ("B-1", "B-2", "C-1"):
        plan.link("A-1", key)
        plan.link(key, "GO-1")
    result = plan.analyse(EARLY)
    assert result.critical_path == ("A-1", "B-1", "GO-1")
    assert {k for k in ("A-1", "B-1", "B-2", "C-1", "GO-1") if result.workstream(k).critical} == {
        "A-1",
        "B-1",
        "B-2",
        "GO-1",
    }


def test_the_critical_path_starts_at_the_first_open_item() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-04", status="done", actual_finish="2027-03-09")
    plan.task("B-1", "2027-03-05", "2027-03-08", status="in_progress", actual_start="2027-03-10")
    plan.task("C-1", "2027-03-09", "2027-03-10")
    plan.milestone("GO-1", "2027-03-10", go_live=True)
    plan.link("A-1", "B-1")
    plan.link("B-1", "C-1")
    plan.link("C-1", "GO-1")
    result = plan.analyse("2027-03-11")
    assert result.critical_path == ("B-1", "C-1", "GO-1")
    assert not result.workstream("A-1").critical
    assert dates(result, "C-1") == pair("2027-03-12", "2027-03-15")


def test_work_driven_by_its_own_dates_starts_the_critical_path() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-02")
    plan.task("B-1", "2027-03-08", "2027-03-09")  # planned later than A allows: B drives
    plan.milestone("GO-1", "2027-03-01", go_live=True)
    plan.link("A-1", "B-1")
    plan.link("B-1", "GO-1")
    result = plan.analyse(EARLY)
    assert result.critical_path == ("B-1", "GO-1")
    assert not result.workstream("A-1").critical
    assert result.workstream("A-1").total_float == 3


def test_a_go_live_milestone_already_reached_has_no_critical_path() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-02", status="done")
    plan.milestone("GO-1", "2027-03-03", go_live=True, status="done", reached="2027-03-03")
    plan.task("H-1", "2027-03-04", "2027-03-10")
    plan.link("A-1", "GO-1")
    plan.link("GO-1", "H-1")
    result = plan.analyse("2027-03-05")
    assert result.projected_finish == d("2027-03-03")
    assert result.critical_path == ()
    assert not result.workstream("H-1").critical


# Classic textbook cases -----------------------------------------------------------------------

# (key, duration, predecessors, ES, EF, LS, LF) as published, in working days from day 0.
# Heizer & Render, Operations Management: Milwaukee Paper Manufacturing's pollution control
# project. 15 weeks; critical path A-C-E-G-H; slack B 1, D 1, F 6.
MILWAUKEE = [
    ("A", 2, (), 0, 2, 0, 2),
    ("B", 3, (), 0, 3, 1, 4),
    ("C", 2, ("A",), 2, 4, 2, 4),
    ("D", 4, ("A", "B"), 3, 7, 4, 8),
    ("E", 4, ("C",), 4, 8, 4, 8),
    ("F", 3, ("C",), 4, 7, 10, 13),
    ("G", 5, ("D", "E"), 8, 13, 8, 13),
    ("H", 2, ("F", "G"), 13, 15, 13, 15),
]
MILWAUKEE_PATH = ("A", "C", "E", "G", "H")

# Hillier & Lieberman, Introduction to Operations Research: the Reliable Construction Co.
# project. 44 weeks; critical path A-B-C-E-F-J-L-N.
RELIABLE = [
    ("A", 2, (), 0, 2, 0, 2),
    ("B", 4, ("A",), 2, 6, 2, 6),
    ("C", 10, ("B",), 6, 16, 6, 16),
    ("D", 6, ("C",), 16, 22, 20, 26),
    ("E", 4, ("C",), 16, 20, 16, 20),
    ("F", 5, ("E",), 20, 25, 20, 25),
    ("G", 7, ("D",), 22, 29, 26, 33),
    ("H", 9, ("E", "G"), 29, 38, 33, 42),
    ("I", 7, ("C",), 16, 23, 18, 25),
    ("J", 8, ("F", "I"), 25, 33, 25, 33),
    ("K", 4, ("J",), 33, 37, 34, 38),
    ("L", 5, ("J",), 33, 38, 33, 38),
    ("M", 2, ("H",), 38, 40, 42, 44),
    ("N", 6, ("K", "L"), 38, 44, 38, 44),
]
RELIABLE_PATH = ("A", "B", "C", "E", "F", "J", "L", "N")

TEXTBOOKS = {"milwaukee": (MILWAUKEE, MILWAUKEE_PATH), "reliable": (RELIABLE, RELIABLE_PATH)}
CALENDARS = {"mon-fri": (), "easter": EASTER}
PROJECT_START = date(2027, 3, 1)


@pytest.mark.parametrize("ending", ["go-live with target", "go-live without target", "no milestone"])
@pytest.mark.parametrize("holidays", CALENDARS.values(), ids=CALENDARS.keys())
@pytest.mark.parametrize("book", TEXTBOOKS.keys())
def test_textbook_critical_path(book: str, holidays: tuple[str, ...], ending: str) -> None:
    table, published_path = TEXTBOOKS[book]
    plan = Plan(holidays=holidays)
    cal = plan.calendar

    def on(working_day: int) -> date:
        return cal.add_working_days(PROJECT_START, working_day)

    end = max(row[4] for row in table)
    if ending == "go-live with target":
        plan.target = on(end - 1)
    keys = {name: f"{name}-1" for name, *_ in table}
    for name, duration, *_ in table:
        plan.task(keys[name], on(0), on(duration - 1))
    for name, _duration, preds, *_ in table:
        for pred in preds:
            plan.link(keys[pred], keys[name])
    if ending != "no milestone":
        plan.milestone("FIN-1", on(0), go_live=True)
        for name in {name for name, *_ in table} - {p for row in table for p in row[2]}:
            plan.link(keys[name], "FIN-1")

    result = plan.analyse(EARLY)

    for name, duration, _preds, es, ef, ls, lf in table:
        found = result.workstream(keys[name])
        assert found.forecast_start == on(es), name
        assert found.forecast_finish == on(ef - 1), name
        assert found.latest_finish == on(lf - 1), name
        assert cal.add_working_days(found.latest_finish, -(duration - 1)) == on(ls), name
        assert found.total_float == lf - ef == ls - es, name
        assert found.critical == (lf == ef), name
    path = tuple(keys[name] for name in published_path)
    assert result.projected_finish == on(end - 1)
    if ending == "no milestone":
        assert result.critical_path == path
    else:
        assert result.critical_path == (*path, "FIN-1")
        assert result.workstream("FIN-1").total_float == 0
    assert result.slip_days == 0


# Loops ----------------------------------------------------------------------------------------


def test_a_loop_in_the_input_names_the_loop() -> None:
    plan = Plan()
    for key in ("S-1", "A-1", "B-1", "C-1", "T-1"):
        plan.task(key, "2027-03-01", "2027-03-02")
    plan.link("S-1", "A-1")
    plan.link("A-1", "B-1")
    plan.link("B-1", "C-1", "SS", 2)
    plan.link("C-1", "A-1", "FF")
    plan.link("C-1", "T-1")
    with pytest.raises(DependencyLoopError) as caught:
        plan.analyse(EARLY)
    loop = caught.value.loop
    assert loop[0] == loop[-1]
    assert sorted(loop[:-1]) == ["A-1", "B-1", "C-1"]
    for before, after in itertools.pairwise(loop):
        assert (before, after) in {("A-1", "B-1"), ("B-1", "C-1"), ("C-1", "A-1")}
    message = str(caught.value)
    assert "loop" in message and " → ".join(loop) in message
    assert "S-1" not in message and "T-1" not in message


def test_a_loop_through_cancelled_work_is_no_loop() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-02")
    plan.task("B-1", "2027-03-01", "2027-03-02", status=Status.CANCELLED)
    plan.link("A-1", "B-1")
    plan.link("B-1", "A-1")
    assert dates(plan.analyse(EARLY), "A-1") == pair("2027-03-01", "2027-03-02")


def test_a_weekend_cut_over_counts_as_the_friday_before_and_pushes_nothing() -> None:
    # Dates with no working day between them: the last working day before the due date.
    plan = Plan(target="2027-03-31")
    plan.task("CUT-1", "2027-03-13", "2027-03-14")  # Saturday to Sunday
    plan.task("B-1", "2027-03-15", "2027-03-16")
    plan.milestone("GO-1", "2027-03-31", go_live=True)
    plan.link("CUT-1", "B-1")
    plan.link("B-1", "GO-1")
    result = plan.analyse(EARLY)
    cut = result.workstream("CUT-1")
    assert (cut.forecast_start, cut.forecast_finish, cut.days_late) == (d("2027-03-12"), d("2027-03-12"), 0)
    b1 = result.workstream("B-1")
    assert (b1.forecast_start, b1.days_late, b1.pushed_by) == (d("2027-03-15"), 0, None)
    assert result.conflicts == ()
    assert cut.health == b1.health == HealthLevel.GREEN


def test_a_plan_without_milestones_that_misses_its_target_is_red() -> None:
    plan = Plan(target="2027-03-05")
    plan.task("A-1", "2027-03-01", "2027-03-10", team="Banking")
    plan.task("B-1", "2027-03-11", "2027-03-19", team="Operations")
    plan.link("A-1", "B-1")
    result = plan.analyse(EARLY)
    assert (result.projected_finish, result.slip_days) == (d("2027-03-19"), 10)
    assert [result.workstream(k).total_float for k in ("A-1", "B-1")] == [-10, -10]
    assert result.workstream("A-1").health_reasons[0] == (
        "Negative float of 10 working days: to meet the go-live target Fri 5 Mar 2027 "
        "it must finish by Wed 24 Feb 2027"
    )
    assert result.overall_health == HealthLevel.RED


def test_an_as_of_date_that_can_only_be_a_typo_is_refused() -> None:
    plan = Plan(target="2027-03-05")
    plan.task("A-1", "2027-03-01", "2027-03-10")
    with pytest.raises(ValidationError, match=r"The as-of date 9999-12-30 looks like a typo"):
        plan.analyse("9999-12-30")
