"""The demo analysed: it shows what it was written to show, whatever the as-of date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from migrator.analysis import HealthLevel, PlanAnalysis
from migrator.services import MigrationService
from migrator.services.demo import write_demo
from tests.support.engines import on_engine

# A Monday, a Saturday inside the Christmas holidays, and Good Friday.
AS_OF_DATES = [date(2027, 3, 1), date(2026, 12, 26), date(2027, 3, 26)]


@pytest.fixture(scope="module", params=AS_OF_DATES, ids=str)
def demo(
    request: pytest.FixtureRequest, engine: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    as_of: date = request.param
    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.migrator", as_of)
    with (
        on_engine(engine, path, request) as place,
        MigrationService.open(place, today=lambda: as_of) as service,
    ):
        keys = {w.title: w.key for w in service.workstreams()}
        yield service.analyse(), keys, service.calendar()


def _reasons(analysis: PlanAnalysis, key: str) -> str:
    return " | ".join(analysis.workstream(key).health_reasons)


def test_go_live_holds_on_a_cross_team_critical_chain(demo: Any) -> None:
    analysis, keys, _calendar = demo
    assert analysis.projected_finish == analysis.target_date
    assert analysis.slip_days == 0
    assert analysis.go_live_key == keys["General availability"]
    assert analysis.critical_path == (
        keys["Pilot cohort live"],
        keys["Pilot success metrics & go/no-go report"],
        keys["Compliance sign-off for general availability"],
        keys["General availability"],
    )
    for key in analysis.critical_path:
        assert analysis.workstream(key).total_float == 0
    sign_off = analysis.workstream(keys["Compliance sign-off for general availability"])
    assert sign_off.health == HealthLevel.AMBER
    assert "No float: it must not slip for go-live to meet the target" in _reasons(analysis, sign_off.key)


def test_the_late_ordering_flow_is_red_and_its_cross_team_successor_amber(demo: Any) -> None:
    analysis, keys, calendar = demo
    ordering = analysis.workstream(keys["In-app debit card ordering flow"])
    assert ordering.health == HealthLevel.RED
    # Still running past its due date: it can finish at the end of the as-of day at the earliest.
    assert ordering.forecast_finish == calendar.next_working_day(analysis.as_of)
    assert "Overdue: due " in _reasons(analysis, ordering.key)
    pilot_cards = analysis.workstream(keys["Pilot cohort card production (2,000 cards)"])
    assert f"Waits on {ordering.key} (Cards Product Squad), which is red" in _reasons(
        analysis, pilot_cards.key
    )
    assert pilot_cards.health in (HealthLevel.AMBER, HealthLevel.RED)


def test_blocked_work_is_red_with_its_blocker_note_and_pushes_its_successor(demo: Any) -> None:
    analysis, keys, _calendar = demo
    tokens = analysis.workstream(keys["Apple Pay & Google Pay token migration"])
    assert tokens.health == HealthLevel.RED
    assert tokens.health_reasons[0].startswith("Blocked: Waiting on the issuer processor")
    carrier_print = analysis.workstream(keys["Carrier letter print run with the T&C insert"])
    bafin = keys["BaFin notification of the product change"]
    assert carrier_print.health == HealthLevel.RED
    assert f"BaFin's acknowledgement of the product change ({bafin})" in carrier_print.health_reasons[0]


def test_overrides_win_and_say_what_the_plan_alone_gives(demo: Any) -> None:
    analysis, keys, _calendar = demo
    ledger = analysis.workstream(keys["Core banking ledger integration for debit accounts"])
    assert ledger.override and ledger.health == HealthLevel.RED
    assert ledger.health_reasons[0].startswith(
        f"Set to red by hand (the plan alone says {ledger.derived_health.value}): Two weeks behind"
    )
    bafin = analysis.workstream(keys["BaFin notification of the product change"])
    assert bafin.override and bafin.health == HealthLevel.GREEN and bafin.derived_health == HealthLevel.RED


def test_teams_and_overall_health_follow_the_worst_item(demo: Any) -> None:
    analysis, _keys, _calendar = demo
    teams = {t.team: t for t in analysis.teams}
    assert len(teams) == 10
    assert teams["Banking & Payments"].health == HealthLevel.RED
    assert teams["Banking & Payments"].counts[HealthLevel.RED] >= 2
    assert analysis.overall_health == HealthLevel.RED
    for team in analysis.teams:
        worst = max((h for h, n in team.counts.items() if n), key=lambda h: h.severity)
        assert team.health == worst


def test_slipping_the_critical_chain_moves_go_live_across_teams(demo: Any) -> None:
    analysis, keys, _calendar = demo
    report = keys["Pilot success metrics & go/no-go report"]
    impact = analysis.slip_impact(report, days=3)
    assert impact.go_live_shift == 3
    assert impact.projected_finish_before == analysis.target_date
    assert {"Data & Analytics", "Legal & Compliance", "Cards Product Squad"} <= set(impact.teams)
    assert impact.moved[0].key == report
    assert analysis.slip_impact(report, days=0).moved == ()


def test_the_plan_has_no_conflicts_and_every_open_item_a_forecast(demo: Any) -> None:
    analysis, _keys, _calendar = demo
    assert analysis.conflicts == ()
    for found in analysis.workstreams.values():
        if found.health not in (HealthLevel.DONE, HealthLevel.CANCELLED):
            assert found.forecast_finish is not None and found.total_float is not None


def test_service_analysis_uses_the_services_clock(demo_file: Path) -> None:
    as_of = date(2027, 3, 1)
    with MigrationService.open(demo_file, today=lambda: as_of) as service:
        assert service.analyse().as_of == as_of
        assert service.analyse(date(2027, 3, 8)).as_of == date(2027, 3, 8)
