"""The dashboard's figures on small plans worked out by hand: cards, headline, trail and lists."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from migrator.analysis import HealthLevel
from migrator.analysis.figures import Trend
from migrator.analysis.plan_state import SnapshotInfo
from migrator.domain.model import Status
from migrator.layout import dashboard
from tests.support.plans import Plan

AS_OF = date(2027, 3, 1)  # a Monday; Friday 5 March is a holiday in these plans


def snapshot(
    number: int, as_of: str, projected: str | None, health: HealthLevel = HealthLevel.GREEN,
    audience: str = "full", label: str = "",
) -> SnapshotInfo:  # fmt: skip
    day = date.fromisoformat(as_of)
    return SnapshotInfo(
        id=number,
        taken_at=datetime(day.year, day.month, day.day, 9, 0),
        as_of=day,
        label=label,
        actor="tester",
        audience=audience,
        projected_go_live=date.fromisoformat(projected) if projected else None,
        overall_health=health,
    )


@pytest.fixture
def plan() -> Plan:
    """Four teams: Legal has three red items, Banking and Data two each (BNK-1 is overdue), Ops is amber."""
    plan = Plan(target="2027-04-30", holidays=["2027-03-05"])
    plan.task("BNK-1", "2027-02-15", "2027-02-26", team="Banking", status="in_progress", progress=50)
    plan.task("BNK-2", "2027-02-01", "2027-02-05", team="Banking", status="done", progress=100,
              actual_start="2027-02-01", actual_finish="2027-02-05")  # fmt: skip
    plan.task("BNK-3", "2027-03-08", "2027-03-12", team="Banking", override="red", override_reason="Vendor")
    plan.task("BNK-4", "2027-03-08", "2027-03-12", team="Banking", status="cancelled")
    plan.milestone("BNK-5", "2027-03-04", team="Banking", status="done", reached="2027-03-04")
    plan.milestone("BNK-6", "2027-04-01", team="Banking")
    plan.milestone("BNK-7", "2027-03-10", team="Banking")
    plan.task("LEG-1", "2027-03-01", "2027-03-12", team="Legal", override="red", override_reason="Regulator")
    plan.task("LEG-2", "2027-03-15", "2027-03-19", team="Legal", override="red", override_reason="Budget")
    plan.task("LEG-3", "2027-03-22", "2027-03-26", team="Legal", override="red", override_reason="Staff")
    plan.task("DAT-1", "2027-03-01", "2027-03-16", team="Data", override="red", override_reason="Access")
    plan.task("DAT-2", "2027-03-17", "2027-03-23", team="Data", override="red", override_reason="Scope")
    plan.task("OPS-1", "2027-03-01", "2027-03-17", team="Ops", override="amber", override_reason="Stock")
    plan.milestone("OPS-2", "2027-04-30", team="Ops", go_live=True)
    return plan


def test_cards_come_worst_health_first_then_most_red_then_by_name(plan: Plan) -> None:
    cards = dashboard.team_cards(plan.analyse(AS_OF), plan.teams.values())
    assert [card.name for card in cards] == ["Legal", "Banking", "Data", "Ops"]
    assert [card.health for card in cards] == [HealthLevel.RED] * 3 + [HealthLevel.AMBER]
    assert [card.red for card in cards] == [3, 2, 2, 0]


def test_a_card_counts_statuses_health_and_late_work(plan: Plan) -> None:
    banking = dashboard.team_cards(plan.analyse(AS_OF), plan.teams.values())[1]
    assert banking.code == "BAN" and banking.colour == "#336699"
    assert banking.by_status == {
        Status.NOT_STARTED: 3, Status.IN_PROGRESS: 1, Status.BLOCKED: 0, Status.DONE: 2, Status.CANCELLED: 1,
    }  # fmt: skip
    assert banking.workstreams == 7
    assert banking.by_health[HealthLevel.RED] == 2
    assert banking.by_health[HealthLevel.DONE] == 2
    assert banking.by_health[HealthLevel.CANCELLED] == 1
    assert banking.late == 1  # BNK-1 was due on 26 February and is still running
    assert banking.blocked == 0


def test_progress_is_weighted_by_planned_working_days(plan: Plan) -> None:
    banking = dashboard.team_cards(plan.analyse(AS_OF), plan.teams.values())[1]
    # BNK-1: 10 working days at 50%; BNK-2: 5 done; BNK-3: 5 at 0%. Milestones and cancelled work
    # don't count; a plain share of done items would say 2 of 7.
    assert banking.percent_complete == (10 * 50 + 5 * 100 + 5 * 0) // 20 == 50


def test_the_next_milestone_is_the_soonest_open_one(plan: Plan) -> None:
    cards = {card.name: card for card in dashboard.team_cards(plan.analyse(AS_OF), plan.teams.values())}
    milestone = cards["Banking"].next_milestone
    assert milestone is not None
    assert (milestone.key, milestone.day) == ("BNK-7", date(2027, 3, 10))
    assert cards["Legal"].next_milestone is None


def test_the_headline_measures_against_target_and_the_go_live_baseline(plan: Plan) -> None:
    plan.change("OPS-2", baseline_due=date(2027, 4, 26))
    plan.change("OPS-2", planned_start="2027-05-04", planned_due="2027-05-04")
    head = dashboard.headline(plan.analyse(AS_OF), [])
    assert head.projected == date(2027, 5, 4)
    assert head.target == date(2027, 4, 30)
    assert head.slip_days == 2  # Mon 3 and Tue 4 May
    assert head.baseline == date(2027, 4, 26)
    assert head.baseline_slip == 6
    assert head.baseline_from == "the baseline due date of OPS-2"
    assert head.last_report is None and head.trend is None and head.moved_since_report is None


def test_without_a_go_live_baseline_the_latest_baseline_snapshot_counts(plan: Plan) -> None:
    kept = [
        snapshot(1, "2027-01-04", "2027-04-23", audience="baseline"),
        snapshot(2, "2027-02-01", "2027-04-28", audience="baseline"),
    ]
    head = dashboard.headline(plan.analyse(AS_OF), kept)
    assert head.baseline == date(2027, 4, 28)
    assert head.baseline_from == "baseline snapshot #2"
    assert head.baseline_slip == 2
    assert head.last_report is None  # a baseline is not a report


@pytest.mark.parametrize(
    ("before", "trend"),
    [(HealthLevel.AMBER, Trend.WORSE), (HealthLevel.RED, Trend.SAME), (HealthLevel.GREEN, Trend.WORSE)],
)
def test_the_trend_compares_with_the_last_report_as_of_or_before(
    plan: Plan, before: HealthLevel, trend: Trend
) -> None:
    kept = [
        snapshot(1, "2027-02-15", "2027-04-20", HealthLevel.GREEN),
        snapshot(2, "2027-02-22", "2027-04-27", before),
        snapshot(3, "2027-03-08", "2027-05-20", HealthLevel.GREEN),  # as of a later day: not compared
        snapshot(4, "2027-02-26", "2027-04-01", HealthLevel.GREEN, audience="baseline"),
    ]
    head = dashboard.headline(plan.analyse(AS_OF), kept)
    assert head.health is HealthLevel.RED
    assert head.last_report is not None and head.last_report.id == 2
    assert head.trend is trend
    assert head.moved_since_report == 3  # 27 April to 30 April


def test_an_improving_plan_reads_better() -> None:
    plan = Plan(target="2027-05-31")
    plan.milestone("GO-1", "2027-04-30", go_live=True)
    head = dashboard.headline(plan.analyse(AS_OF), [snapshot(1, "2027-02-22", "2027-05-07", HealthLevel.RED)])
    assert head.health is HealthLevel.GREEN
    assert head.trend is Trend.BETTER
    assert head.moved_since_report == -5


def test_the_trail_has_each_snapshot_by_as_of_date_then_now(plan: Plan) -> None:
    kept = [
        snapshot(2, "2027-02-22", "2027-04-27", HealthLevel.AMBER, label="Week 8"),
        snapshot(1, "2027-02-15", "2027-04-20", audience="baseline"),
        snapshot(3, "2027-02-24", None),  # nothing to project then: no point
    ]
    trail = dashboard.go_live_trail(plan.analyse(AS_OF), kept)
    assert [(p.as_of, p.projected, p.label, p.snapshot_id) for p in trail] == [
        (date(2027, 2, 15), date(2027, 4, 20), "Baseline", 1),
        (date(2027, 2, 22), date(2027, 4, 27), "Week 8", 2),
        (AS_OF, date(2027, 4, 30), "Now", None),
    ]
    assert trail[-1].health is HealthLevel.RED


def test_the_trail_leaves_out_reports_dated_after_the_as_of_date(plan: Plan) -> None:
    # Plan > As-of date… set back before the latest report: "Now" stays the latest point, so
    # the chart's time axis runs forwards.
    kept = [
        snapshot(1, "2027-02-22", "2027-04-27", label="Week 8"),
        snapshot(2, "2027-03-01", "2027-04-28", label="Week 9"),  # as of the as-of date itself: kept
        snapshot(3, "2027-03-08", "2027-05-20", label="Week 10"),
        snapshot(4, "2027-03-15", "2027-05-07", audience="baseline"),
    ]
    trail = dashboard.go_live_trail(plan.analyse(AS_OF), kept)
    assert [(p.as_of, p.label) for p in trail] == [
        (date(2027, 2, 22), "Week 8"),
        (AS_OF, "Week 9"),
        (AS_OF, "Now"),
    ]


def test_due_soon_is_open_work_due_within_ten_working_days() -> None:
    plan = Plan(holidays=["2027-03-05"])
    plan.task("A-1", "2027-02-01", "2027-02-26", status="in_progress")  # overdue: in the red list instead
    plan.task("A-2", "2027-02-22", "2027-03-01", status="in_progress", progress=80)  # due on the as-of date
    plan.task("A-3", "2027-03-01", "2027-03-16")  # the tenth working day, after the holiday
    plan.task("A-4", "2027-03-01", "2027-03-17")  # the eleventh
    plan.task("A-5", "2027-03-01", "2027-03-10", status="done", actual_start="2027-03-01",
              actual_finish="2027-03-01", progress=100)  # fmt: skip
    plan.task("A-6", "2027-03-01", "2027-03-10", status="cancelled")
    plan.milestone("A-7", "2027-03-10")
    plan.task("B-1", "2027-03-01", "2027-03-10", team="Billing", status="blocked")
    analysis = plan.analyse(AS_OF)
    assert dashboard.due_horizon(analysis) == date(2027, 3, 16)
    due = dashboard.due_soon(analysis)
    assert [item.key for item in due.items] == ["A-2", "B-1", "A-7", "A-3"]  # same day: by team
    assert due.items[2].is_milestone and due.items[0].progress == 80
    capped = dashboard.due_soon(analysis, limit=2)
    assert ([item.key for item in capped.items], capped.total, capped.hidden) == (["A-2", "B-1"], 4, 2)
    shown = {plan.items["A-3"].id, plan.items["A-4"].id}
    assert [item.key for item in dashboard.due_soon(analysis, shown).items] == ["A-3"]


def test_red_work_comes_latest_first_with_its_reasons() -> None:
    plan = Plan(target="2027-06-30")
    plan.task("A-1", "2027-02-01", "2027-02-19", status="in_progress", progress=10)  # overdue
    plan.task("A-2", "2027-02-01", "2027-02-24", status="in_progress", progress=10)  # overdue, less
    plan.task("A-3", "2027-03-08", "2027-03-12", override="red", override_reason="Vendor unstable")
    plan.task("A-4", "2027-03-08", "2027-03-12")
    analysis = plan.analyse(AS_OF)
    red = dashboard.red_items(analysis)
    assert [item.key for item in red.items] == ["A-1", "A-2", "A-3"]
    assert red.items[0].days_late > red.items[1].days_late > 0 == red.items[2].days_late
    assert any("Vendor unstable" in reason for reason in red.items[2].reasons)
    assert red.items[0].reasons == analysis.workstreams[plan.items["A-1"].id].health_reasons
    assert [item.key for item in dashboard.red_items(analysis, {plan.items["A-3"].id}).items] == ["A-3"]
    assert dashboard.red_items(analysis, limit=1).hidden == 2


def test_conflicts_name_both_ends_and_follow_the_shown_work() -> None:
    plan = Plan()
    plan.task("A-1", "2027-03-01", "2027-03-12")
    plan.task("B-1", "2027-03-08", "2027-03-19", team="Billing")  # starts a week before A-1 finishes
    plan.task("C-1", "2027-03-01", "2027-03-05", team="Cards")
    plan.link("A-1", "B-1")
    analysis = plan.analyse(AS_OF)
    conflicts = dashboard.open_conflicts(analysis)
    assert conflicts.total == 1
    item = conflicts.items[0]
    assert (item.predecessor_id, item.successor_id) == (plan.items["A-1"].id, plan.items["B-1"].id)
    assert (item.predecessor_team, item.successor_team) == ("COR", "BIL")
    assert item.violation_days == 5
    assert "B-1" in item.message and "A-1" in item.message
    assert dashboard.open_conflicts(analysis, {plan.items["B-1"].id}).total == 1
    assert dashboard.open_conflicts(analysis, {plan.items["C-1"].id}).total == 0
