"""The service's analysis reads the RAID log with the plan (on both engines): its reasons, the
roll-ups, a late decision's impact, and the next analysis after the log changes."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.analysis import HealthLevel
from migrator.domain.errors import NotFoundError
from migrator.domain.model import DependencyType
from migrator.domain.raid import RiskBands
from migrator.services import MigrationService

QUESTION = "Migrate business customers first?"
RISK = "Bureau capacity"
MONDAY = date(2027, 3, 1)


def _plan(service: MigrationService) -> dict[str, int]:
    """BNK-1 (Mon 8 to Fri 12 Mar) → OPS-1 (Mon 15, Tue 16) → FS+3 → go-live OPS-2 on Fri 19 Mar,
    all critical; decision D-1, needed by Wed 10 Mar, gates BNK-1; red risk R-1 threatens OPS-1."""
    bnk = service.create_team("Banking & Payments", "BNK")
    ops = service.create_team("Card Operations", "OPS")
    ana = service.create_person("Ana Ruiz", team_id=bnk)
    ledger = service.create_workstream(
        "Ledger", bnk, planned_start=date(2027, 3, 8), planned_due=date(2027, 3, 12)
    )
    cards = service.create_workstream(
        "Card stock", ops, planned_start=date(2027, 3, 15), planned_due=date(2027, 3, 16)
    )
    go_live = service.create_workstream("Go-live", ops, is_milestone=True, planned_due=date(2027, 3, 19))
    service.add_dependency(ledger, cards, DependencyType.FS)
    service.add_dependency(cards, go_live, DependencyType.FS, lag=3)
    service.update_migration({"go_live_milestone_id": go_live})
    decision = service.raid.create("decision", QUESTION, owner_id=ana, needed_by=date(2027, 3, 10))
    service.raid.link(decision, "decided for", workstream_id=ledger)
    risk = service.raid.create("risk", RISK, owner_id=ana, probability=4, impact=5)
    service.raid.link(risk, "threatens", workstream_id=cards)
    return {"BNK-1": ledger, "OPS-1": cards, "D-1": decision, "R-1": risk}


def test_the_analysis_gives_the_logs_reasons_with_its_roll_ups(service: MigrationService) -> None:
    ids = _plan(service)
    analysis = service.analyse(MONDAY)
    ledger = analysis.workstream("BNK-1")
    assert ledger.critical
    assert (ledger.health, ledger.health_reasons) == (
        HealthLevel.RED,
        (
            f"Waits on decision D-1 '{QUESTION}' (owner Ana Ruiz), needed by Wed 10 Mar 2027, after its "
            "forecast start Mon 8 Mar 2027: on the critical path, it would slip 3 working days",
        ),
    )
    cards = analysis.workstream("OPS-1")
    assert (cards.health, cards.health_reasons) == (
        HealthLevel.AMBER,
        (
            f"Red risk R-1 '{RISK}' (owner Ana Ruiz), score 20 (probability 4 × impact 5), "
            "on the critical path",
            "Waits on BNK-1 (Banking & Payments), which is red",
        ),
    )
    teams = {t.team: t.health for t in analysis.teams}
    assert teams == {"Banking & Payments": HealthLevel.RED, "Card Operations": HealthLevel.AMBER}
    assert analysis.overall_health == HealthLevel.RED
    assert [(r.item_key, r.workstream_id) for r in analysis.raid_reasons()] == [
        ("D-1", ids["BNK-1"]),
        ("R-1", ids["OPS-1"]),
    ]
    read = service.analyse_plan(MONDAY)
    assert sorted(item.key for item in read.raid) == ["D-1", "R-1"]
    assert read.analysis.raid == tuple(read.raid)
    assert read.analysis.workstream("BNK-1").health == HealthLevel.RED


def test_the_next_analysis_follows_the_log(service: MigrationService) -> None:
    ids = _plan(service)
    service.raid.update(ids["D-1"], {"status": "decided", "decided_on": MONDAY, "outcome": "Yes"})
    service.update_migration({"risk_bands": RiskBands(amber_score=8, red_score=21)})
    analysis = service.analyse(MONDAY)
    assert analysis.workstream("BNK-1").health == HealthLevel.GREEN
    assert analysis.workstream("OPS-1").health == HealthLevel.GREEN  # 20 is amber now
    assert analysis.raid_reasons() == ()


def test_a_deleted_workstream_takes_its_links_and_their_reasons(service: MigrationService) -> None:
    ids = _plan(service)
    service.delete_workstreams([ids["BNK-1"]])
    analysis = service.analyse(MONDAY)
    assert [r.item_key for r in analysis.raid_reasons()] == ["R-1"]


def test_the_window_asks_what_a_late_decision_moves(service: MigrationService) -> None:
    _plan(service)
    impact = service.decision_impact("D-1", 10, MONDAY)
    assert (impact.key, impact.decided_on, impact.gated) == ("D-1", date(2027, 3, 24), ("BNK-1",))
    assert [(m.key, m.forecast_finish_after) for m in impact.moved] == [
        ("BNK-1", date(2027, 3, 31)),
        ("OPS-1", date(2027, 4, 2)),
        ("OPS-2", date(2027, 4, 7)),
    ]
    assert (impact.projected_finish_before, impact.projected_finish_after) == (
        date(2027, 3, 19),
        date(2027, 4, 7),
    )
    assert impact.go_live_shift == 13 and impact.teams == ("Banking & Payments", "Card Operations")
    with pytest.raises(NotFoundError, match="There is no RAID item D-9 in this migration"):
        service.decision_impact("D-9", 1, MONDAY)
