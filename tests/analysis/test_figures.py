"""The figures the window and the workbook share, on a small plan worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.analysis import HealthLevel
from migrator.analysis.figures import (
    NO_TREND,
    due_horizon,
    due_soon,
    health_counts,
    milestones,
    needs_attention,
    status_counts,
    trend_word,
)
from migrator.analysis.health_palette import PRINT, SCREEN
from migrator.analysis.plan_state import PlanState, capture
from migrator.domain.model import Status
from migrator.layout import dashboard
from tests.support.plans import Plan

AS_OF = date(2027, 3, 1)  # a Monday


@pytest.fixture
def plan() -> Plan:
    """Keys made in the "wrong" order, so only the key order can put BNK-2 before BNK-10."""
    plan = Plan(target="2027-04-30")
    plan.task("BNK-10", "2027-03-01", "2027-03-03", team="Banking", override="red", override_reason="Vendor")
    plan.task("BNK-2", "2027-03-01", "2027-03-03", team="Banking", override="red", override_reason="Budget")
    plan.task("OPS-1", "2027-03-01", "2027-03-02", team="Ops", status="blocked", blocker="Waiting on cards")
    plan.task("BNK-3", "2027-03-01", "2027-03-12", team="Banking", status="done", progress=100,
              actual_start="2027-03-01", actual_finish="2027-03-01")  # fmt: skip
    plan.task("BNK-4", "2027-03-01", "2027-05-28", team="Banking")  # due after the horizon
    plan.milestone("BNK-11", "2027-03-10", team="Banking")
    plan.milestone("BNK-5", "2027-03-10", team="Banking")
    plan.milestone("OPS-2", "2027-04-30", team="Ops", go_live=True)
    return plan


def state_of(plan: Plan) -> PlanState:
    return capture(plan.analyse(AS_OF), list(plan.teams.values()), plan.links)


def test_the_workbook_and_the_window_list_the_same_work_due_soon_bnk_2_before_bnk_10(plan: Plan) -> None:
    analysis = plan.analyse(AS_OF)
    state = state_of(plan)
    horizon = due_horizon(analysis.calendar, AS_OF)
    assert horizon == date(2027, 3, 15)
    in_workbook = [w.key for w in due_soon(state.workstreams, AS_OF, horizon)]
    in_window = [item.key for item in dashboard.due_soon(analysis).items]
    assert in_workbook == ["OPS-1", "BNK-2", "BNK-10", "BNK-5", "BNK-11"]
    assert in_window == ["OPS-1", "BNK-2", "BNK-10", "BNK-5", "BNK-11"]


def test_needs_attention_puts_blocked_first_then_red_by_key_number(plan: Plan) -> None:
    assert [w.key for w in needs_attention(state_of(plan).workstreams)] == ["OPS-1", "BNK-2", "BNK-10"]


def test_milestones_on_the_same_day_come_by_key_number(plan: Plan) -> None:
    assert [w.key for w in milestones(state_of(plan).workstreams)] == ["BNK-5", "BNK-11", "OPS-2"]


def test_a_reports_rows_come_by_team_then_start_then_key_number(plan: Plan) -> None:
    keys = [w.key for w in state_of(plan).workstreams]
    assert keys[:4] == ["BNK-2", "BNK-3", "BNK-4", "BNK-10"]


def test_counts_list_every_status_and_health(plan: Plan) -> None:
    state = state_of(plan)
    assert status_counts(state.workstreams) == {
        Status.NOT_STARTED: 6, Status.IN_PROGRESS: 0, Status.BLOCKED: 1, Status.DONE: 1, Status.CANCELLED: 0,
    }  # fmt: skip
    counts = health_counts(state.workstreams)
    # red: the two overridden BNK items and the blocked OPS-1
    assert (counts[HealthLevel.RED], counts[HealthLevel.DONE], counts[HealthLevel.CANCELLED]) == (3, 1, 0)


@pytest.mark.parametrize(
    ("before", "now", "word"),
    [
        (None, HealthLevel.RED, NO_TREND),
        (HealthLevel.GREEN, HealthLevel.RED, "Worse"),
        (HealthLevel.RED, HealthLevel.AMBER, "Improved"),
        (HealthLevel.AMBER, HealthLevel.AMBER, "Same"),
    ],
)
def test_the_trend_in_a_word(before: HealthLevel | None, now: HealthLevel, word: str) -> None:
    assert trend_word(before, now) == word


def test_one_palette_keeps_the_screen_and_print_shades_as_they_were() -> None:
    assert {level.value: (s.text, s.fill) for level, s in SCREEN.items()} == {
        "green": ("#2E7D32", "#EDF7EE"),
        "amber": ("#9A5B00", "#FFF4E0"),
        "red": ("#C62828", "#FDECEC"),
        "done": ("#546E7A", "#F1F3F4"),
        "cancelled": ("#616161", "#F5F5F5"),
    }
    assert [(level.value, *s.print_pair) for level, s in PRINT.items()] == [
        ("red", "F4C7C3", "8B1A10"),
        ("amber", "FCE4B6", "7A4B00"),
        ("green", "D5EDD9", "1E5631"),
        ("done", "E4E7EB", "3E4C59"),
        ("cancelled", "F5F7FA", "7B8794"),
    ]
