"""Health from the RAID log: each rule with its colour and its reason's exact words, the roll-ups."""

from __future__ import annotations

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.analysis.results import RaidReason
from migrator.domain.raid import RiskBands
from tests.support.plans import Plan

BANKING = "Banking & Payments"
CARDS = "Card Operations"
QUESTION = "Migrate business customers first?"
MONDAY = "2027-03-01"
GREEN = (HealthLevel.GREEN, ())
WAITS_D4 = f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz)"


def health(result: PlanAnalysis, key: str) -> tuple[HealthLevel, tuple[str, ...]]:
    found = result.workstream(key)
    return found.health, found.health_reasons


def _gated(needed_by: str | None = "2027-03-12", **fields: object) -> Plan:
    """BNK-1 planned Mon 15 to Fri 19 Mar waits on decision D-4."""
    plan = Plan()
    plan.task("BNK-1", "2027-03-15", "2027-03-19", team=BANKING)
    plan.raid("D-4", QUESTION, needed_by=needed_by, links={"BNK-1": "decided for"}, **fields)
    return plan


# Decisions --------------------------------------------------------------------------------------


def test_an_undecided_decision_needed_before_the_work_starts_makes_it_amber() -> None:
    result = _gated().analyse(MONDAY)
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        (f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz), needed by Fri 12 Mar 2027",),
    )


def test_a_blocking_decision_counts_as_one_that_gates_the_work() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-15", "2027-03-19", team=BANKING)
    plan.raid("D-4", QUESTION, needed_by="2027-03-12", links={"BNK-1": "blocks"})
    assert health(plan.analyse(MONDAY), "BNK-1")[0] == HealthLevel.AMBER


def test_a_decision_with_no_needed_by_date_is_amber_and_says_so() -> None:
    result = _gated(needed_by=None).analyse(MONDAY)
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        (f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz), with no needed-by date",),
    )


def test_a_deferred_decision_still_holds_the_work_back_and_an_ownerless_one_says_so() -> None:
    result = _gated(status="deferred", owner=None).analyse(MONDAY)
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        (f"Waits on deferred decision D-4 '{QUESTION}' (no owner), needed by Fri 12 Mar 2027",),
    )


def test_a_decision_past_its_needed_by_date_makes_the_work_red() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-22", "2027-03-26", team=BANKING)
    plan.raid("D-4", QUESTION, needed_by="2027-03-12", links={"BNK-1": "decided for"})
    result = plan.analyse("2027-03-17")
    assert health(result, "BNK-1") == (
        HealthLevel.RED,
        (f"{WAITS_D4}, needed by Fri 12 Mar 2027, 3 working days ago",),
    )


def test_a_decision_needed_today_is_not_past() -> None:
    result = _gated(needed_by="2027-03-01").analyse(MONDAY)
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        (f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz), needed by Mon 1 Mar 2027",),
    )


def _slipping() -> Plan:
    """BNK-1 (Mon 8 to Fri 12 Mar) leads to go-live GO-1 on Fri 12; OPS-1 (Mon 8 to Tue 9) leads
    nowhere. D-4, needed by Wed 10 Mar, gates both: too late for either to start on Monday."""
    plan = Plan()
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("OPS-1", "2027-03-08", "2027-03-09", team=CARDS)
    plan.milestone("GO-1", "2027-03-12", go_live=True, team=BANKING)
    plan.link("BNK-1", "GO-1")
    plan.raid("D-4", QUESTION, needed_by="2027-03-10", links={"BNK-1": "decided for", "OPS-1": "blocks"})
    return plan


def test_critical_work_a_decision_on_time_would_still_slip_is_red() -> None:
    result = _slipping().analyse(MONDAY)
    assert result.workstream("BNK-1").critical
    assert health(result, "BNK-1") == (
        HealthLevel.RED,
        (
            f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz), needed by Wed 10 Mar 2027, after its "
            "forecast start Mon 8 Mar 2027: on the critical path, it would slip 3 working days",
        ),
    )


def test_other_work_a_decision_on_time_would_slip_is_amber_and_says_by_how_much() -> None:
    result = _slipping().analyse(MONDAY)
    assert not result.workstream("OPS-1").critical
    assert health(result, "OPS-1") == (
        HealthLevel.AMBER,
        (
            f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz), needed by Wed 10 Mar 2027, after its "
            "forecast start Mon 8 Mar 2027: it would slip 3 working days",
        ),
    )


def test_a_milestone_waiting_on_a_decision_names_its_forecast_date() -> None:
    plan = Plan()
    plan.milestone("GO-1", "2027-03-08", go_live=True, team=BANKING)
    plan.raid("D-4", QUESTION, needed_by="2027-03-10", links={"GO-1": "decided for"})
    assert health(plan.analyse(MONDAY), "GO-1") == (
        HealthLevel.RED,
        (
            f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz), needed by Wed 10 Mar 2027, after its "
            "forecast date Mon 8 Mar 2027: on the critical path, it would slip 2 working days",
        ),
    )


def test_a_decision_taken_superseded_or_on_started_work_or_only_threatening_is_no_reason() -> None:
    for status in ("decided", "superseded"):
        assert health(_gated(status=status).analyse(MONDAY), "BNK-1") == GREEN
    started = Plan()
    started.task("BNK-1", "2027-02-22", "2027-03-19", team=BANKING, status="in_progress", progress=20)
    started.raid("D-4", QUESTION, needed_by="2027-02-19", links={"BNK-1": "blocks"})
    assert health(started.analyse(MONDAY), "BNK-1") == GREEN
    threatening = Plan()
    threatening.task("BNK-1", "2027-03-15", "2027-03-19", team=BANKING)
    threatening.raid("D-4", QUESTION, needed_by="2027-02-19", links={"BNK-1": "threatens"})
    assert health(threatening.analyse(MONDAY), "BNK-1") == GREEN


def test_cancelled_and_done_work_are_not_held_back() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-15", "2027-03-19", team=BANKING, status="cancelled")
    plan.task("BNK-2", "2027-02-01", "2027-02-05", team=BANKING, status="done")
    plan.raid("D-4", QUESTION, needed_by="2027-02-19", links={"BNK-1": "blocks", "BNK-2": "blocks"})
    plan.raid("I-7", ISSUE, target_date="2027-02-19", links={"BNK-1": "threatens", "BNK-2": "threatens"})
    result = plan.analyse(MONDAY)
    assert health(result, "BNK-1") == (HealthLevel.CANCELLED, ())
    assert health(result, "BNK-2") == (HealthLevel.DONE, ())
    assert result.raid_reasons() == ()


# Risks ------------------------------------------------------------------------------------------

RISK = "Card bureau can't print 50,000 cards a week"
RED_R12 = f"Red risk R-12 '{RISK}' (owner Ana Ruiz)"


def _risky(probability: int, impact: int, bands: RiskBands | None = None, status: str = "open") -> Plan:
    """BNK-1 leads to go-live (critical), OPS-1 does not; risk R-12 threatens both."""
    plan = Plan(risk_bands=bands)
    plan.task("BNK-1", "2027-03-08", "2027-03-12", team=BANKING)
    plan.task("OPS-1", "2027-03-08", "2027-03-09", team=CARDS)
    plan.milestone("GO-1", "2027-03-26", go_live=True, team=BANKING)
    plan.link("BNK-1", "GO-1", lag=10)
    plan.raid(
        "R-12", RISK, status=status, probability=probability, impact=impact,
        links={"BNK-1": "threatens", "OPS-1": "threatens"},
    )  # fmt: skip
    return plan


def test_an_open_red_risk_on_critical_work_makes_it_amber_naming_the_risk() -> None:
    result = _risky(4, 5).analyse(MONDAY)
    assert result.workstream("BNK-1").critical
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        (f"{RED_R12}, score 20 (probability 4 × impact 5), on the critical path",),
    )


def test_a_red_risk_on_work_off_the_critical_path_is_no_reason() -> None:
    result = _risky(4, 5).analyse(MONDAY)
    assert not result.workstream("OPS-1").critical
    assert health(result, "OPS-1") == GREEN


def test_an_amber_or_closed_risk_is_no_reason() -> None:
    assert health(_risky(3, 3).analyse(MONDAY), "BNK-1") == GREEN  # 9: amber by the default bands
    assert health(_risky(5, 5, status="closed").analyse(MONDAY), "BNK-1") == GREEN


def test_the_risk_bands_are_the_migrations_setting() -> None:
    result = _risky(3, 3, RiskBands(amber_score=4, red_score=9)).analyse(MONDAY)
    assert health(result, "BNK-1") == (
        HealthLevel.AMBER,
        (f"{RED_R12}, score 9 (probability 3 × impact 3), on the critical path",),
    )


# Issues -----------------------------------------------------------------------------------------

ISSUE = "Branch card printers fail the firmware update"
OVERDUE_I7 = f"Overdue issue I-7 '{ISSUE}' (owner Ana Ruiz)"


def _issue(target: str, status: str = "open") -> Plan:
    plan = Plan()
    plan.task("OPS-1", "2027-02-22", "2027-03-19", team=CARDS, status="in_progress", progress=30)
    plan.task("OPS-2", "2027-03-15", "2027-03-19", team=CARDS)
    plan.raid(
        "I-7", ISSUE, status=status, target_date=target, links={"OPS-1": "threatens", "OPS-2": "blocks"}
    )
    return plan


def test_an_overdue_open_issue_makes_its_workstreams_amber() -> None:
    result = _issue("2027-02-26").analyse(MONDAY)
    reason = f"Overdue issue I-7 '{ISSUE}' (owner Ana Ruiz), target Fri 26 Feb 2027, 1 working day ago"
    assert health(result, "OPS-1") == (HealthLevel.AMBER, (reason,))
    assert health(result, "OPS-2") == (HealthLevel.AMBER, (reason,))


def test_an_issue_due_today_or_closed_is_no_reason() -> None:
    assert health(_issue(MONDAY).analyse(MONDAY), "OPS-1") == GREEN
    assert health(_issue("2027-02-26", status="closed").analyse(MONDAY), "OPS-1") == GREEN


def test_assumptions_are_no_reason_by_themselves() -> None:
    plan = Plan()
    plan.task("OPS-1", "2027-03-15", "2027-03-19", team=CARDS)
    plan.raid("A-3", "Bureau capacity", validate_by="2027-02-19", links={"OPS-1": "assumed by"})
    assert health(plan.analyse(MONDAY), "OPS-1") == GREEN


# Together ---------------------------------------------------------------------------------------


def test_several_items_are_named_by_key_each_once_before_red_work_upstream() -> None:
    plan = Plan()
    plan.task("OPS-9", "2027-03-01", "2027-03-05", team=CARDS, status="blocked", blocker="Vendor")
    plan.task("BNK-1", "2027-03-15", "2027-03-19", team=BANKING)
    plan.link("OPS-9", "BNK-1")
    plan.raid("D-12", "Which bureau?", needed_by="2027-03-12", links={"BNK-1": "blocks"})
    plan.raid("D-4", QUESTION, needed_by="2027-03-12", links=[("BNK-1", "blocks"), ("BNK-1", "decided for")])
    plan.raid("I-7", ISSUE, target_date="2027-02-26", links={"BNK-1": "threatens"})
    found, reasons = health(plan.analyse(MONDAY), "BNK-1")
    assert found == HealthLevel.AMBER
    assert reasons == (
        f"Waits on decision D-4 '{QUESTION}' (owner Ana Ruiz), needed by Fri 12 Mar 2027",
        "Waits on decision D-12 'Which bureau?' (owner Ana Ruiz), needed by Fri 12 Mar 2027",
        f"Overdue issue I-7 '{ISSUE}' (owner Ana Ruiz), target Fri 26 Feb 2027, 1 working day ago",
        "Waits on OPS-9 (Card Operations), which is red",
    )


def test_a_manual_override_wins_and_the_raid_reason_stays_beside_it() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-22", "2027-03-26", team=BANKING, override="green", override_reason="Agreed")
    plan.raid("D-4", QUESTION, needed_by="2027-03-12", links={"BNK-1": "decided for"})
    found = plan.analyse("2027-03-17").workstream("BNK-1")
    assert (found.health, found.derived_health, found.override) == (HealthLevel.GREEN, HealthLevel.RED, True)
    assert found.health_reasons == (
        "Set to green by hand (the plan alone says red): Agreed",
        f"{WAITS_D4}, needed by Fri 12 Mar 2027, 3 working days ago",
    )


def test_work_red_from_the_log_makes_other_teams_successors_amber() -> None:
    plan = Plan()
    plan.task("BNK-1", "2027-03-22", "2027-03-26", team=BANKING)
    plan.task("OPS-1", "2027-03-29", "2027-03-30", team=CARDS)
    plan.link("BNK-1", "OPS-1")
    plan.raid("D-4", QUESTION, needed_by="2027-03-12", links={"BNK-1": "decided for"})
    assert health(plan.analyse("2027-03-17"), "OPS-1") == (
        HealthLevel.AMBER,
        ("Waits on BNK-1 (Banking & Payments), which is red",),
    )


def test_team_and_overall_health_include_the_logs_reasons() -> None:
    plan = Plan()
    plan.team(BANKING)
    plan.team(CARDS)
    plan.task("BNK-1", "2027-03-22", "2027-03-26", team=BANKING)
    plan.task("BNK-2", "2027-03-22", "2027-03-26", team=BANKING)
    plan.task("OPS-1", "2027-03-22", "2027-03-26", team=CARDS)
    plan.task("OPS-2", "2027-03-22", "2027-03-26", team=CARDS)
    before = plan.analyse("2027-03-17")
    assert before.overall_health == HealthLevel.GREEN
    plan.raid("D-4", QUESTION, needed_by="2027-03-12", links={"BNK-1": "decided for"})
    plan.raid("I-7", ISSUE, target_date="2027-03-12", links={"OPS-2": "threatens"})
    result = plan.analyse("2027-03-17")
    teams = {t.team: t for t in result.teams}
    assert teams[BANKING].health == HealthLevel.RED
    assert (teams[BANKING].counts[HealthLevel.RED], teams[BANKING].counts[HealthLevel.GREEN]) == (1, 1)
    assert teams[CARDS].health == HealthLevel.AMBER
    assert (teams[CARDS].counts[HealthLevel.AMBER], teams[CARDS].counts[HealthLevel.GREEN]) == (1, 1)
    assert result.overall_health == HealthLevel.RED
    assert result.health_of(plan.items["BNK-1"].id) == HealthLevel.RED
    assert result.glance(plan.items["OPS-2"].id).health == HealthLevel.AMBER


def test_raid_reasons_lists_each_item_with_the_work_it_holds_back() -> None:
    plan = _slipping()
    plan.raid("I-7", ISSUE, target_date="2027-02-26", links={"OPS-1": "threatens"})
    result = plan.analyse(MONDAY)
    ids = {key: w.id for key, w in plan.items.items()}
    waits = f"{WAITS_D4}, needed by Wed 10 Mar 2027, after its forecast start "
    assert result.raid_reasons() == (
        RaidReason(1, "D-4", "decision", ids["BNK-1"], "BNK-1", HealthLevel.RED,
                   waits + "Mon 8 Mar 2027: on the critical path, it would slip 3 working days"),
        RaidReason(1, "D-4", "decision", ids["OPS-1"], "OPS-1", HealthLevel.AMBER,
                   waits + "Mon 8 Mar 2027: it would slip 3 working days"),
        RaidReason(2, "I-7", "issue", ids["OPS-1"], "OPS-1", HealthLevel.AMBER,
                   f"{OVERDUE_I7}, target Fri 26 Feb 2027, 1 working day ago"),
    )  # fmt: skip


def test_without_the_log_the_analysis_is_as_before() -> None:
    plan = _slipping()
    with_log = plan.analyse(MONDAY)
    plan.raid_items.clear()
    without = plan.analyse(MONDAY)
    assert health(without, "BNK-1") == GREEN
    assert without.raid_reasons() == () and without.raid == ()
    assert with_log.raid == (_slipping().raid_items["D-4"],)
