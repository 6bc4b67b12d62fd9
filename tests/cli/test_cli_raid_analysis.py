"""The RAID log in ``migrator analyze`` and ``migrator impact --decision``: reasons and what moves."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.domain.model import DependencyType, Status
from migrator.services import MigrationService

QUESTION = "Migrate business customers first?"
ISSUE = "Ledger test data is missing"


def _plan(service: MigrationService) -> Path:
    """BNK-1 (late: due Fri 26 Feb, still running) → FS+2 → OPS-1 (forecast Thu 4 to Wed 10 Mar)
    → go-live BNK-2 on Wed 30 Jun 2027. Decision D-1 (needed by Wed 3 Mar) gates OPS-1; issue I-1
    (target Fri 26 Feb, still open) threatens BNK-1; decision D-2 was taken."""
    bnk = service.create_team("Banking & Payments", "BNK")
    ops = service.create_team("Card Operations", "OPS")
    ana = service.create_person("Ana Ruiz", team_id=bnk)
    ledger = service.create_workstream(
        "Ledger integration", bnk, status=Status.IN_PROGRESS, planned_start=date(2027, 2, 1),
        planned_due=date(2027, 2, 26), progress=60,
    )  # fmt: skip
    cards = service.create_workstream(
        "Card stock", ops, planned_start=date(2027, 3, 1), planned_due=date(2027, 3, 5)
    )
    go_live = service.create_workstream("Go-live", bnk, is_milestone=True, planned_due=date(2027, 6, 30))
    service.add_dependency(ledger, cards, DependencyType.FS, lag=2)
    service.add_dependency(cards, go_live)
    service.update_migration({"go_live_milestone_id": go_live})
    decision = service.raid.create("decision", QUESTION, owner_id=ana, needed_by=date(2027, 3, 3))
    service.raid.link(decision, "decided for", workstream_id=cards)
    issue = service.raid.create("issue", ISSUE, owner_id=ana, target_date=date(2027, 2, 26))
    service.raid.link(issue, "threatens", workstream_id=ledger)
    taken = service.raid.create(
        "decision", "Which bureau?", owner_id=ana, needed_by=date(2027, 2, 1), status="decided",
        decided_on=date(2027, 2, 1), outcome="Bureau A",
    )  # fmt: skip
    service.raid.link(taken, "blocks", workstream_id=go_live)
    service.close()
    return service.store.path


def test_analyze_json_lists_the_raid_reasons_and_each_workstream_carries_its_own(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["analyze", str(path), "--as-of", "2027-03-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    waits = f"Waits on decision D-1 '{QUESTION}' (owner Ana Ruiz), needed by Wed 3 Mar 2027"
    overdue = f"Overdue issue I-1 '{ISSUE}' (owner Ana Ruiz), target Fri 26 Feb 2027, 1 working day ago"
    assert out["raid_reasons"] == [
        {"item": "D-1", "type": "decision", "workstream": "OPS-1", "health": "amber", "reason": waits},
        {"item": "I-1", "type": "issue", "workstream": "BNK-1", "health": "amber", "reason": overdue},
    ]
    rows = {w["key"]: w for w in out["workstreams"]}
    assert waits in rows["OPS-1"]["health_reasons"] and rows["OPS-1"]["health"] == "amber"
    assert rows["BNK-1"]["health_reasons"][-1] == overdue and rows["BNK-1"]["health"] == "red"
    assert not [r for r in rows["BNK-2"]["health_reasons"] if "decision" in r]  # D-2 is taken


def test_analyze_summary_lists_what_the_log_holds_back(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["analyze", str(path), "--as-of", "2027-03-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    at = lines.index("Held back by the RAID log (2)")
    assert lines[at + 1 : at + 4] == [
        f"  OPS-1 (amber): Waits on decision D-1 '{QUESTION}' (owner Ana Ruiz), needed by Wed 3 Mar 2027",
        f"  BNK-1 (amber): Overdue issue I-1 '{ISSUE}' (owner Ana Ruiz), target Fri 26 Feb 2027, "
        "1 working day ago",
        "",
    ]
    assert lines[at + 4].startswith("Dependency conflicts")


def test_analyze_json_of_a_plan_without_a_log_has_no_raid_reasons(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    service.create_workstream("Ledger", service.create_team("Banking & Payments", "BNK"))
    service.close()
    assert main(["analyze", str(service.store.path), "--as-of", "2027-03-01", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["raid_reasons"] == []
    assert main(["analyze", str(service.store.path), "--as-of", "2027-03-01"]) == 0
    assert "RAID" not in capsys.readouterr().out


def test_impact_of_a_late_decision_as_json(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    args = ["impact", str(path), "--decision", "d-1", "--days", "10", "--as-of", "2027-03-01", "--json"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out) == {
        "decision": "D-1",
        "title": QUESTION,
        "owner": "Ana Ruiz",
        "needed_by": "2027-03-03",
        "late_days": 10,
        "decided_on": "2027-03-17",
        "gated": ["OPS-1"],
        "projected_finish_before": "2027-06-30",
        "projected_finish_after": "2027-06-30",
        "go_live_shift": 0,
        "moved": [
            {
                "key": "OPS-1",
                "team": "Card Operations",
                "forecast_finish_before": "2027-03-10",
                "forecast_finish_after": "2027-03-24",
            }
        ],
        "teams": ["Card Operations"],
    }


def test_impact_of_a_late_decision_in_words(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["impact", str(path), "--decision", "D-1", "--days", "10", "--as-of", "2027-03-01"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"If decision D-1 '{QUESTION}' (owner Ana Ruiz), needed by Wed 3 Mar 2027, comes 10 working days "
        "late, on Wed 17 Mar 2027:",
        "  it gates OPS-1",
        "  1 item moves, across 1 team: Card Operations",
        "  projected go-live holds at Wed 30 Jun 2027",
        "",
        "  OPS-1      Wed 10 Mar 2027  → Wed 24 Mar 2027  Card stock (Card Operations)",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--decision", "D-1"], "one of the arguments --slip --due --days is required"),
        (
            ["--decision", "D-1", "--slip", "3"],
            "A late decision is asked as: migrator impact PLAN --decision D-4",
        ),
        (["BNK-1", "--decision", "D-1", "--days", "3"], "A late decision is asked as"),
        (
            ["BNK-1", "--days", "3"],
            "Name the workstream that slips with --slip N or --due DATE, or the decision",
        ),
        (["--slip", "3"], "Name the workstream that slips"),
        (["--decision", "D-9", "--days", "3"], "There is no RAID item D-9 in this migration."),
        (
            ["--decision", "I-1", "--days", "3"],
            "I-1 is an issue, not a decision; only a decision comes late.",
        ),
        (
            ["--decision", "D-2", "--days", "3"],
            "D-2 is decided; only an open or deferred decision can come late.",
        ),
    ],
)
def test_bad_decision_impact_input_is_one_line_and_exit_2(
    service: MigrationService, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = _plan(service)
    before = path.read_bytes()
    assert main(["impact", str(path), *args, "--as-of", "2027-03-01"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert path.read_bytes() == before


def test_the_service_answers_the_windows_what_if(service: MigrationService) -> None:
    path = _plan(service)
    with MigrationService.open(path, today=lambda: date(2027, 3, 1)) as reopened:
        impact = reopened.decision_impact("D-1", 10)
        analysed = reopened.analyse_plan()
    assert impact.gated == ("OPS-1",) and impact.decided_on == date(2027, 3, 17)
    assert [m.key for m in impact.moved] == ["OPS-1"]
    assert [r.item_key for r in analysed.analysis.raid_reasons()] == ["D-1", "I-1"]
