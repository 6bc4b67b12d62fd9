"""Health with reasons: each red and amber rule, thresholds, overrides, teams and the whole plan."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.domain.model import HealthThresholds
from tests.support.plans import Plan

EARLY = "2027-02-22"
BANKING = "Banking & Payments"
CARDS = "Card Operations"


def health(result: PlanAnalysis, key: str) -> tuple[HealthLevel, tuple[str, ...]]:
    found = result.workstream(key)
    return found.health, found.health_reasons


GREEN = (HealthLevel.GREEN, ())


# Red ------------------------------------------------------------------------------------------


def test_blocked_is_red_with_the_blocker_note_as_reason() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING, status="blocked", blocker="Vendor contract")
    plan.task("BNK-2", "2027-03-08", "2027-03-12", team=BANKING, status="blocked")
    result = plan.analyse("2027-03-01")
    assert health(result, "BNK-1") == (HealthLevel.RED, ("Blocked: Vendor contract",))
    assert health(result, "BNK-2") == (HealthLevel.RED, ("Blocked, with no blocker note",))


def test_overdue_is_red_and_the_late_finish_is_explained() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-02-22", "2027-02-26", team=BANKING, status="in_progress", progress=80)
    plan.task("BNK-2", "2027-02-22", "2027-03-02", team=BANKING, status="in_progress", progress=80)
    result = plan.analyse("2027-03-03")
    assert health(result, "BNK-1") == (
        HealthLevel.RED,
        (
            "Overdue: due Fri 26 Feb 2027, 3 working days ago",
            "Forecast to finish Wed 3 Mar 2027, 3 working days after its due date Fri 26 Feb 2027, "
            "because it is still in progress",
        ),
    )
    assert health(result, "BNK-2")[1][0] == "Overdue: due Tue 2 Mar 2027, 1 working day ago"


def test_a_milestone_not_reached_on_its_date_is_overdue() -> None:
    plan = Plan()
    plan.milestone("OPS-9", "2027-03-01", team=CARDS)
    result = plan.analyse("2027-03-03")
    found, reasons = health(result, "OPS-9")
    assert found == HealthLevel.RED
    assert reasons[:2] == (
        "Overdue: planned for Mon 1 Mar 2027, 2 working days ago",
        "Forecast to be reached Wed 3 Mar 2027, 2 working days after its planned date Mon 1 Mar 2027",
    )


def test_a_milestone_is_not_said_to_have_not_started() -> None:
    # A milestone is reached, not started: its one date is also stored as its planned start,
    # but "Overdue: planned for ..." says all there is to say.
    plan = Plan()
    plan.milestone("OPS-9", "2027-03-01", team=CARDS)
    reasons = health(plan.analyse("2027-03-03"), "OPS-9")[1]
    assert not [r for r in reasons if r.startswith("Not started")], reasons


def test_due_today_is_not_overdue() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-01", "2027-03-03", team=BANKING, status="in_progress", progress=90)
    assert health(plan.analyse("2027-03-03"), "BNK-1") == GREEN


def test_negative_float_is_red_and_names_the_date_it_must_finish_by() -> None:
    plan = Plan(target="2027-03-05")
    plan.task("BNK-1", "2027-03-01", "2027-03-05", team=BANKING)
    plan.task("OPS-1", "2027-03-08", "2027-03-09", team=CARDS)
    plan.milestone("GO-1", "2027-03-05", go_live=True, team=CARDS)
    plan.link("BNK-1", "OPS-1")
    plan.link("OPS-1", "GO-1")
    result = plan.analyse(EARLY)
    assert health(result, "BNK-1") == (
        HealthLevel.RED,
        (
            "Negative float of 2 working days: to meet the go-live target Fri 5 Mar 2027 "
            "it must finish by Wed 3 Mar 2027",
        ),
    )
    assert health(result, "OPS-1") == (
        HealthLevel.RED,
        (
            "Negative float of 2 working days: to meet the go-live target Fri 5 Mar 2027 it must finish by "
            "Fri 5 Mar 2027",
            "Waits on BNK-1 (Banking & Payments), which is red",
        ),
    )
    assert health(result, "GO-1") == (
        HealthLevel.RED,
        (
            "Negative float of 2 working days: go-live is forecast that much after its target Fri 5 Mar 2027",
            "Forecast to be reached Tue 9 Mar 2027, 2 working days after its planned date Fri 5 Mar 2027, "
            "pushed by OPS-1 (Card Operations)",
        ),
    )


def _late_chain(thresholds: HealthThresholds | None = None, bnk_due: str = "2027-03-12") -> Plan:
    """BNK-2 finishes late, pushing OPS-3 and through it OPS-4 (the issue's example)."""
    plan = Plan(thresholds=thresholds)
    plan.task("BNK-2", "2027-03-01", bnk_due, team=BANKING)
    plan.task("OPS-3", "2027-03-08", "2027-03-09", team=CARDS)
    plan.task("OPS-4", "2027-03-10", "2027-03-11", team=CARDS)
    plan.link("BNK-2", "OPS-3")
    plan.link("OPS-3", "OPS-4")
    return plan


def test_a_late_forecast_is_amber_and_names_the_upstream_items_responsible() -> None:
    result = _late_chain().analyse(EARLY)
    assert health(result, "BNK-2") == GREEN
    assert health(result, "OPS-3") == (
        HealthLevel.AMBER,
        (
            "Forecast to finish Tue 16 Mar 2027, 5 working days after its due date Tue 9 Mar 2027, "
            "pushed by BNK-2 (Banking & Payments)",
        ),
    )
    assert health(result, "OPS-4") == (
        HealthLevel.AMBER,
        (
            "Forecast to finish Thu 18 Mar 2027, 5 working days after its due date Thu 11 Mar 2027, "
            "pushed by OPS-3 (Card Operations), which waits on BNK-2 (Banking & Payments)",
        ),
    )
    assert result.workstream("OPS-4").pushed_by == "OPS-3"
    assert result.workstream("OPS-4").days_late == 5


def test_a_forecast_more_than_ten_working_days_late_is_red() -> None:
    ten = _late_chain(bnk_due="2027-03-19").analyse(EARLY)  # OPS-3 pushed to Tue 23: 10 days late
    eleven = _late_chain(bnk_due="2027-03-22").analyse(EARLY)  # ... to Wed 24: 11 days late
    assert ten.workstream("OPS-3").days_late == 10
    assert ten.workstream("OPS-3").health == HealthLevel.AMBER
    assert health(eleven, "OPS-3") == (
        HealthLevel.RED,
        (
            "Forecast to finish Wed 24 Mar 2027, 11 working days after its due date Tue 9 Mar 2027, "
            "pushed by BNK-2 (Banking & Payments)",
        ),
    )


@pytest.mark.parametrize(("red_slip_days", "expected"), [(4, HealthLevel.RED), (5, HealthLevel.AMBER)])
def test_the_red_slip_threshold_is_a_setting(red_slip_days: int, expected: HealthLevel) -> None:
    result = _late_chain(HealthThresholds(red_slip_days=red_slip_days)).analyse(EARLY)
    assert result.workstream("OPS-3").health == expected
    assert result.workstream("OPS-4").health == expected


# Amber ----------------------------------------------------------------------------------------


def _float_plan(target: str | None, thresholds: HealthThresholds | None = None) -> Plan:
    plan = Plan(target=target, thresholds=thresholds)
    plan.task("BNK-1", "2027-03-01", "2027-03-05", team=BANKING)  # drives go-live
    plan.task("BNK-2", "2027-03-01", "2027-03-03", team=BANKING)  # 2 days of float
    plan.task("BNK-3", "2027-03-01", "2027-03-04", team=BANKING)  # 1 day of float
    plan.milestone("GO-1", "2027-03-05", go_live=True, team=CARDS)
    plan.task("OPS-9", "2027-03-08", "2027-03-26", team=CARDS)  # hypercare, after go-live
    for key in ("BNK-1", "BNK-2", "BNK-3"):
        plan.link(key, "GO-1")
    plan.link("GO-1", "OPS-9")
    return plan


def test_little_float_before_the_target_is_amber() -> None:
    result = _float_plan("2027-03-08").analyse(EARLY)  # one working day to spare
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        ("Only 1 working day of float before the go-live target Mon 8 Mar 2027",),
    )
    assert health(result, "BNK-2") == (
        HealthLevel.AMBER,
        ("Only 3 working days of float before the go-live target Mon 8 Mar 2027",),
    )
    assert result.workstream("OPS-9").total_float == 0
    assert health(result, "OPS-9") == GREEN  # after go-live: the float rule is for work leading to it


def test_no_float_before_the_target_is_amber() -> None:
    result = _float_plan("2027-03-05").analyse(EARLY)
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        ("No float: it must not slip for go-live to meet the target Fri 5 Mar 2027",),
    )
    assert health(result, "GO-1") == (
        HealthLevel.AMBER,
        ("No float: it must not slip for go-live to meet the target Fri 5 Mar 2027",),
    )


def test_more_float_than_the_threshold_is_green() -> None:
    result = _float_plan("2027-03-15").analyse(EARLY)  # six working days to spare on the driver
    assert result.workstream("BNK-1").total_float == 6
    assert health(result, "BNK-1") == GREEN
    assert health(result, "BNK-3") == GREEN
    assert result.workstream("BNK-2").total_float == 8


def test_without_a_target_the_critical_path_is_not_amber() -> None:
    result = _float_plan(None).analyse(EARLY)
    assert result.workstream("BNK-1").total_float == 0
    assert health(result, "BNK-1") == GREEN
    assert health(result, "GO-1") == GREEN


@pytest.mark.parametrize(("amber_float_days", "expected"), [(2, HealthLevel.GREEN), (3, HealthLevel.AMBER)])
def test_the_float_threshold_is_a_setting(amber_float_days: int, expected: HealthLevel) -> None:
    thresholds = HealthThresholds(amber_float_days=amber_float_days)
    result = _float_plan("2027-03-08", thresholds).analyse(EARLY)
    assert result.workstream("BNK-2").total_float == 3
    assert result.workstream("BNK-2").health == expected


def test_not_started_although_the_planned_start_has_passed() -> None:
    plan = Plan()
    plan.task("OPS-1", "2027-03-01", "2027-03-12", team=CARDS)
    plan.task("OPS-2", "2027-03-01", "2027-03-12", team=CARDS, status="blocked", blocker="No cards")
    plan.task("OPS-3", "2027-03-03", "2027-03-12", team=CARDS)  # starts today: not late yet
    result = plan.analyse("2027-03-03")
    assert health(result, "OPS-1") == (
        HealthLevel.AMBER,
        (
            "Forecast to finish Tue 16 Mar 2027, 2 working days after its due date Fri 12 Mar 2027, "
            "because it has not started",
            "Not started, although planned to start Mon 1 Mar 2027",
        ),
    )
    # Blocked work says so, not that it has not started.
    assert health(result, "OPS-2")[1] == (
        "Blocked: No cards",
        "Forecast to finish Tue 16 Mar 2027, 2 working days after its due date Fri 12 Mar 2027, "
        "because it is blocked",
    )
    assert health(result, "OPS-3") == GREEN


def test_a_planned_start_on_the_weekend_before_the_as_of_monday_has_not_passed() -> None:
    # A start on a non-working day counts from the next working day, so OPS-1 planned to start
    # Saturday 27 Feb counts from Monday 1 Mar: as of that Monday it is not late, and its
    # forecast (Mon 1 - Fri 5) is exactly its plan.
    plan = Plan()
    plan.task("OPS-1", "2027-02-27", "2027-03-05", team=CARDS, progress=60)
    result = plan.analyse("2027-03-01")
    assert (result.workstream("OPS-1").forecast_start, result.workstream("OPS-1").days_late) == (
        date(2027, 3, 1),
        0,
    )
    assert health(result, "OPS-1") == GREEN


def test_due_soon_with_little_progress_is_amber() -> None:
    plan = Plan()
    started = {"team": BANKING, "status": "in_progress", "actual_start": "2027-03-01"}
    plan.task("BNK-1", "2027-03-01", "2027-03-05", progress=20, **started)
    plan.task("BNK-2", "2027-03-01", "2027-03-05", progress=50, **started)
    plan.task("BNK-3", "2027-03-01", "2027-03-03", progress=49, **started)
    plan.task("BNK-4", "2027-03-01", "2027-03-11", progress=0, **started)  # six working days away
    plan.task("BNK-5", "2027-03-01", "2027-03-10", progress=0, **started)  # five
    plan.milestone("BNK-6", "2027-03-05", team=BANKING)  # milestones have no progress
    result = plan.analyse("2027-03-03")
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        ("Due Fri 5 Mar 2027 (in 2 working days) with only 20% done",),
    )
    assert health(result, "BNK-2") == GREEN
    assert health(result, "BNK-3") == (HealthLevel.AMBER, ("Due Wed 3 Mar 2027 (today) with only 49% done",))
    assert health(result, "BNK-4") == GREEN
    assert health(result, "BNK-5") == (
        HealthLevel.AMBER,
        ("Due Wed 10 Mar 2027 (in 5 working days) with no progress recorded",),
    )
    assert health(result, "BNK-6") == GREEN


@pytest.mark.parametrize(
    ("thresholds", "expected"),
    [
        (HealthThresholds(), HealthLevel.GREEN),
        (HealthThresholds(due_soon_progress=60), HealthLevel.AMBER),
        (HealthThresholds(due_soon_days=1, due_soon_progress=60), HealthLevel.GREEN),
        (HealthThresholds(due_soon_days=2, due_soon_progress=60), HealthLevel.AMBER),
    ],
)
def test_the_due_soon_thresholds_are_settings(thresholds: HealthThresholds, expected: HealthLevel) -> None:
    plan = Plan(thresholds=thresholds)
    plan.task("BNK-1", "2027-03-01", "2027-03-05", team=BANKING, status="in_progress", progress=50)
    assert plan.analyse("2027-03-03").workstream("BNK-1").health == expected


def test_a_red_predecessor_of_another_team_makes_its_successor_amber() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-01", "2027-03-02", team=BANKING, status="blocked", blocker="Vendor")
    plan.task("BNK-2", "2027-03-03", "2027-03-04", team=BANKING)  # same team: no reason of this kind
    plan.task("OPS-1", "2027-03-03", "2027-03-04", team=CARDS)
    plan.link("BNK-1", "BNK-2")
    plan.link("BNK-1", "OPS-1")
    result = plan.analyse(EARLY)
    assert health(result, "BNK-2") == GREEN
    assert health(result, "OPS-1") == (
        HealthLevel.AMBER,
        ("Waits on BNK-1 (Banking & Payments), which is red",),
    )


def test_many_red_predecessors_are_summed_up_after_three() -> None:
    plan = Plan()
    plan.task("OPS-1", "2027-03-08", "2027-03-09", team=CARDS)
    for n in range(1, 6):
        plan.task(f"BNK-{n}", "2027-03-01", "2027-03-02", team=BANKING, status="blocked", blocker="Vendor")
        plan.link(f"BNK-{n}", "OPS-1")
    found, reasons = health(plan.analyse(EARLY), "OPS-1")
    assert found == HealthLevel.AMBER
    assert len(reasons) == 4
    assert all(
        r.startswith("Waits on BNK-") and r.endswith("(Banking & Payments), which is red")
        for r in reasons[:3]
    )
    assert reasons[3] == "… and 2 more red items of other teams"


def test_an_amber_predecessor_of_another_team_is_no_reason() -> None:
    plan = _late_chain()
    plan.task("BNK-9", "2027-03-15", "2027-03-17", team=BANKING)
    plan.link("OPS-3", "BNK-9")  # OPS-3 is amber, not red
    result = plan.analyse(EARLY)
    assert result.workstream("OPS-3").health == HealthLevel.AMBER
    assert health(result, "BNK-9")[1] == (
        "Forecast to finish Fri 19 Mar 2027, 2 working days after its due date Wed 17 Mar 2027, "
        "pushed by OPS-3 (Card Operations), which waits on BNK-2 (Banking & Payments)",
    )


# Overrides, done, cancelled ---------------------------------------------------------------------


def test_a_manual_override_wins_and_reports_the_derived_colour() -> None:
    plan = Plan()
    plan.task(
        "BNK-1",
        "2027-03-08",
        "2027-03-12",
        team=BANKING,
        status="blocked",
        blocker="Vendor contract",
        override="green",
        override_reason="Contract signed, status not updated yet",
    )
    plan.task("BNK-2", "2027-03-08", "2027-03-12", team=BANKING, override="red")
    result = plan.analyse("2027-03-01")
    first = result.workstream("BNK-1")
    assert (first.health, first.derived_health, first.override) == (HealthLevel.GREEN, HealthLevel.RED, True)
    assert first.health_reasons == (
        "Set to green by hand (the plan alone says red): Contract signed, status not updated yet",
        "Blocked: Vendor contract",
    )
    second = result.workstream("BNK-2")
    assert (second.health, second.derived_health, second.override) == (
        HealthLevel.RED,
        HealthLevel.GREEN,
        True,
    )
    assert second.health_reasons == ("Set to red by hand (the plan alone says green)",)
    assert result.overall_health == HealthLevel.RED


def test_done_and_cancelled_work_have_their_own_health() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-02-01", "2027-02-05", team=BANKING, status="done")
    plan.task("BNK-2", "2027-02-01", "2027-02-05", team=BANKING, status="cancelled")
    plan.task("BNK-3", "2027-02-01", "2027-02-05", team=BANKING, status="done", override="red")
    result = plan.analyse("2027-03-01")
    for key, level in (("BNK-1", HealthLevel.DONE), ("BNK-2", HealthLevel.CANCELLED)):
        found = result.workstream(key)
        assert (found.health, found.derived_health, found.health_reasons, found.override) == (
            level,
            level,
            (),
            False,
        )
    assert result.workstream("BNK-3").health == HealthLevel.DONE


def test_a_manual_override_left_on_done_work_is_not_reported() -> None:
    # Done work has the health "done" whatever override was left on it, and nothing to explain.
    plan = Plan()
    plan.task("BNK-3", "2027-02-01", "2027-02-05", team=BANKING, status="done", override="red")
    found = plan.analyse("2027-03-01").workstream("BNK-3")
    assert (found.health, found.derived_health, found.override) == (HealthLevel.DONE, HealthLevel.DONE, False)
    assert found.health_reasons == ()


# Teams and the whole plan ----------------------------------------------------------------------


def _teams_plan() -> Plan:
    plan = Plan()
    plan.team(BANKING)
    plan.team(CARDS)
    plan.team("Finance")
    plan.team("Legal")  # no work at all
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING, status="blocked", blocker="Vendor")
    plan.task("BNK-2", "2027-03-01", "2027-03-12", team=BANKING)  # amber: not started
    plan.task("BNK-3", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("BNK-4", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("BNK-5", "2027-02-01", "2027-02-05", team=BANKING, status="done")
    plan.task("OPS-1", "2027-03-01", "2027-03-12", team=CARDS)  # amber: not started
    plan.task("OPS-2", "2027-03-08", "2027-03-12", team=CARDS)
    plan.task("OPS-3", "2027-03-08", "2027-03-12", team=CARDS, status="cancelled")
    plan.task("FIN-1", "2027-02-01", "2027-02-05", team="Finance", status="done")
    plan.task("FIN-2", "2027-02-01", "2027-02-05", team="Finance", status="cancelled")
    return plan


def test_a_teams_health_is_its_worst_with_counts_per_colour() -> None:
    result = _teams_plan().analyse("2027-03-02")
    by_team = {t.team: t for t in result.teams}
    assert list(by_team) == [BANKING, CARDS, "Finance", "Legal"]
    banking = by_team[BANKING]
    assert banking.health == HealthLevel.RED
    assert banking.counts == {
        HealthLevel.GREEN: 2,
        HealthLevel.AMBER: 1,
        HealthLevel.RED: 1,
        HealthLevel.DONE: 1,
        HealthLevel.CANCELLED: 0,
    }
    assert by_team[CARDS].health == HealthLevel.AMBER
    assert by_team[CARDS].counts[HealthLevel.CANCELLED] == 1
    assert by_team["Finance"].health == HealthLevel.DONE
    assert by_team["Legal"].health == HealthLevel.GREEN
    assert sum(by_team["Legal"].counts.values()) == 0
    assert result.overall_health == HealthLevel.RED


def test_overall_health_is_the_worst_teams() -> None:
    plan = _teams_plan()
    plan.change("BNK-1", status="not_started", blocker_note="")
    result = plan.analyse("2027-03-02")
    assert result.overall_health == HealthLevel.AMBER
    only_done = Plan()
    only_done.task("FIN-1", "2027-02-01", "2027-02-05", team="Finance", status="done")
    only_done.task("LEG-1", "2027-02-01", "2027-02-05", team="Legal", status="cancelled")
    assert only_done.analyse("2027-03-02").overall_health == HealthLevel.DONE
    assert Plan().analyse("2027-03-02").overall_health == HealthLevel.GREEN


def test_an_override_the_plan_agrees_with_says_so() -> None:
    plan = Plan()
    plan.task("OPS-1", "2027-02-01", "2027-02-05", team=CARDS, status="in_progress", progress=50,
              override="red", override_reason="Supplier escalation")  # fmt: skip
    found = plan.analyse("2027-03-01").workstream("OPS-1")
    assert found.health_reasons[0] == "Set to red by hand (the plan alone says red too): Supplier escalation"
