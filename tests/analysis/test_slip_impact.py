"""Slip impact: what moves if one workstream finishes later, without changing anything."""

from __future__ import annotations

import builtins
import sqlite3
from datetime import date
from typing import Any

import pytest

from migrator.analysis import PlanAnalysis, SlipImpact
from migrator.domain.errors import NotFoundError, ValidationError
from tests.support.plans import Plan, d

EARLY = "2027-02-22"
BANKING = "Banking & Payments"
CARDS = "Card Operations"
FINANCE = "Finance"


def _plan() -> Plan:
    """BNK-1 → BNK-2 → GO-1 (go-live Wed 10, target Fri 12) → HYP-1; OPS-1 has two days of slack."""
    plan = Plan(target="2027-03-12")
    plan.task("BNK-1", "2027-03-01", "2027-03-05", team=BANKING)
    plan.task("BNK-2", "2027-03-08", "2027-03-10", team=BANKING)
    plan.milestone("GO-1", "2027-03-10", go_live=True, team=CARDS)
    plan.task("HYP-1", "2027-03-11", "2027-03-15", team=CARDS)
    plan.task("OPS-1", "2027-03-10", "2027-03-11", team=CARDS)
    plan.task("FIN-1", "2027-03-01", "2027-03-05", team=FINANCE)
    plan.link("BNK-1", "BNK-2")
    plan.link("BNK-2", "GO-1")
    plan.link("GO-1", "HYP-1")
    plan.link("BNK-1", "OPS-1")
    return plan


def moves(impact: SlipImpact) -> list[tuple[str, str, date, date, date, date]]:
    return [
        (
            m.key,
            m.team,
            m.forecast_start_before,
            m.forecast_finish_before,
            m.forecast_start_after,
            m.forecast_finish_after,
        )
        for m in impact.moved
    ]


def test_a_slip_lists_what_moves_with_old_and_new_dates() -> None:
    result = _plan().analyse(EARLY)
    impact = result.slip_impact("BNK-1", days=3)
    assert impact.key == "BNK-1"
    assert impact.slip_days == 3
    # The slipped item first, then by new finish (and key).
    assert moves(impact) == [
        ("BNK-1", BANKING, d("2027-03-01"), d("2027-03-05"), d("2027-03-04"), d("2027-03-10")),
        ("OPS-1", CARDS, d("2027-03-10"), d("2027-03-11"), d("2027-03-11"), d("2027-03-12")),
        ("BNK-2", BANKING, d("2027-03-08"), d("2027-03-10"), d("2027-03-11"), d("2027-03-15")),
        ("GO-1", CARDS, d("2027-03-10"), d("2027-03-10"), d("2027-03-15"), d("2027-03-15")),
        ("HYP-1", CARDS, d("2027-03-11"), d("2027-03-15"), d("2027-03-16"), d("2027-03-18")),
    ]
    assert [m.is_milestone for m in impact.moved] == [False, False, False, True, False]
    assert impact.teams == (BANKING, CARDS)
    assert (impact.projected_finish_before, impact.projected_finish_after) == (
        d("2027-03-10"),
        d("2027-03-15"),
    )
    assert impact.go_live_shift == 3


def test_slack_absorbs_a_small_slip() -> None:
    impact = _plan().analyse(EARLY).slip_impact("BNK-1", days=2)
    assert [m.key for m in impact.moved] == ["BNK-1", "BNK-2", "GO-1", "HYP-1"]  # not OPS-1
    assert impact.go_live_shift == 2


def test_a_slip_off_the_critical_path_leaves_go_live() -> None:
    impact = _plan().analyse(EARLY).slip_impact("OPS-1", days=5)
    assert moves(impact) == [
        ("OPS-1", CARDS, d("2027-03-10"), d("2027-03-11"), d("2027-03-17"), d("2027-03-18")),
    ]
    assert impact.teams == (CARDS,)
    assert impact.projected_finish_before == impact.projected_finish_after == d("2027-03-10")
    assert impact.go_live_shift == 0


def test_a_slip_of_zero_moves_nothing() -> None:
    result = _plan().analyse(EARLY)
    for key in ("BNK-1", "BNK-2", "GO-1", "HYP-1", "OPS-1", "FIN-1"):
        impact = result.slip_impact(key, days=0)
        assert impact.moved == ()
        assert impact.teams == ()
        assert impact.go_live_shift == 0
        assert impact.projected_finish_before == impact.projected_finish_after == result.projected_finish


def test_a_new_due_date_is_the_same_as_a_number_of_days() -> None:
    result = _plan().analyse(EARLY)
    by_date = result.slip_impact("BNK-1", new_due=date(2027, 3, 10))
    assert by_date == result.slip_impact("BNK-1", days=3)
    # A due date on a Saturday counts as the Friday.
    assert result.slip_impact("BNK-1", new_due=date(2027, 3, 13)).slip_days == 5
    assert result.slip_impact("BNK-1", new_due=date(2027, 3, 5)).moved == ()


def test_work_in_progress_keeps_its_start() -> None:
    plan = _plan()
    plan.change("BNK-1", status="done", actual_start="2027-03-01", actual_finish="2027-03-05")
    plan.change("BNK-2", status="in_progress", actual_start="2027-03-08")
    impact = plan.analyse("2027-03-08").slip_impact("BNK-2", days=2)
    assert moves(impact)[0] == (
        "BNK-2",
        BANKING,
        d("2027-03-08"),
        d("2027-03-10"),
        d("2027-03-08"),
        d("2027-03-12"),
    )
    assert impact.go_live_shift == 2


def test_a_milestone_can_slip() -> None:
    impact = _plan().analyse(EARLY).slip_impact("GO-1", days=1)
    assert [(m.key, m.forecast_finish_after) for m in impact.moved] == [
        ("GO-1", d("2027-03-11")),
        ("HYP-1", d("2027-03-16")),
    ]
    assert impact.projected_finish_after == d("2027-03-11")


def test_a_slip_is_a_delay_never_an_earlier_finish_than_the_forecast_allows() -> None:
    # The forecast is already the earliest the links and the as-of date allow.
    result = _plan().analyse(EARLY)
    with pytest.raises(ValidationError, match=r"A slip is a delay: BNK-2 can't finish 1 working day before"):
        result.slip_impact("BNK-2", days=-1)
    with pytest.raises(
        ValidationError, match=r"BNK-2 is forecast to finish Wed 10 Mar 2027; a slip needs a date"
    ):
        result.slip_impact("BNK-2", new_due=d("2027-03-09"))
    assert result.slip_impact("BNK-2", new_due=d("2027-03-10")).moved == ()


def test_the_slip_agrees_with_analysing_the_changed_plan() -> None:
    plan = _plan()
    before = plan.analyse(EARLY)
    impact = before.slip_impact("BNK-1", days=3)
    changed = plan.copy()
    changed.change("BNK-1", planned_start="2027-03-04", planned_due="2027-03-10")
    after = changed.analyse(EARLY)
    moved = {m.key: m for m in impact.moved}
    for key in plan.items:
        old, new = before.workstream(key), after.workstream(key)
        if key in moved:
            assert (moved[key].forecast_start_after, moved[key].forecast_finish_after) == (
                new.forecast_start,
                new.forecast_finish,
            )
        else:
            assert (old.forecast_start, old.forecast_finish) == (new.forecast_start, new.forecast_finish)
    assert impact.projected_finish_after == after.projected_finish


def test_done_and_cancelled_work_cannot_slip() -> None:
    plan = _plan()
    plan.change("BNK-1", status="done")
    plan.change("FIN-1", status="cancelled")
    result = plan.analyse(EARLY)
    with pytest.raises(ValidationError, match="BNK-1 is done"):
        result.slip_impact("BNK-1", days=1)
    with pytest.raises(ValidationError, match="FIN-1 is cancelled"):
        result.slip_impact("FIN-1", days=1)


def test_say_either_days_or_a_new_due_date() -> None:
    result = _plan().analyse(EARLY)
    with pytest.raises(ValidationError, match="how far it slips"):
        result.slip_impact("BNK-1")
    with pytest.raises(ValidationError, match="how far it slips"):
        result.slip_impact("BNK-1", days=1, new_due=date(2027, 3, 10))
    with pytest.raises(NotFoundError, match="no workstream XYZ-9"):
        result.slip_impact("XYZ-9", days=1)
    assert result.slip_impact(" bnk-1 ", days=0).key == "BNK-1"


def _snapshot(result: PlanAnalysis) -> Any:
    return (
        result.projected_finish,
        result.slip_days,
        result.critical_path,
        dict(result.workstreams),
        result.conflicts,
        result.teams,
        result.overall_health,
    )


def test_a_what_if_changes_nothing_and_touches_no_file(monkeypatch: pytest.MonkeyPatch) -> None:
    plan = _plan()
    items, links = dict(plan.items), list(plan.links)
    result = plan.analyse(EARLY)
    before = _snapshot(result)

    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("slip impact must not open files or databases")

    monkeypatch.setattr(builtins, "open", refuse)
    monkeypatch.setattr(sqlite3, "connect", refuse)
    first = result.slip_impact("BNK-1", days=4)
    second = result.slip_impact("BNK-1", days=4)
    result.slip_impact("BNK-2", new_due=date(2027, 3, 19))
    monkeypatch.undo()

    assert first == second
    assert _snapshot(result) == before
    assert plan.items == items and plan.links == links
    assert _snapshot(plan.analyse(EARLY)) == before
