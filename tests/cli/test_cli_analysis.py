"""``migrator analyze`` and ``migrator impact``: the JSON contract and the readable summary."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.domain.model import DependencyType, Status
from migrator.services import MigrationService

WORKSTREAM_KEYS = {
    "key", "title", "team", "status", "milestone", "forecast_start", "forecast_finish",
    "latest_finish", "total_float", "critical", "health", "health_reasons", "override",
}  # fmt: skip


def _plan(service: MigrationService) -> Path:
    """BNK-1 (late: due Fri 26 Feb, still running) → OPS-1 → BNK-2 go-live on Wed 30 Jun 2027."""
    bnk = service.create_team("Banking & Payments", "BNK")
    ops = service.create_team("Card Operations", "OPS")
    ledger = service.create_workstream(
        "Ledger integration",
        bnk,
        status=Status.IN_PROGRESS,
        planned_start=date(2027, 2, 1),
        planned_due=date(2027, 2, 26),
        progress=60,
    )
    cards = service.create_workstream(
        "Card stock", ops, planned_start=date(2027, 3, 1), planned_due=date(2027, 3, 5)
    )
    go_live = service.create_workstream("Go-live", bnk, is_milestone=True, planned_due=date(2027, 6, 30))
    service.create_workstream("Old supplier", ops, status=Status.CANCELLED)
    service.add_dependency(ledger, cards, DependencyType.FS, lag=2)
    service.add_dependency(cards, go_live)
    service.update_migration({"go_live_milestone_id": go_live})
    service.close()
    return service.store.path


def test_analyze_json_has_exactly_the_documented_keys(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["analyze", str(path), "--as-of", "2027-03-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "migration", "as_of", "target_date", "projected_finish", "slip_days", "overall_health",
        "critical_path", "workstreams", "conflicts", "teams", "raid_reasons",
    }  # fmt: skip
    assert out["migration"] == "Card fleet replacement"
    assert out["as_of"] == "2027-03-01" and out["target_date"] == "2027-06-30"
    assert out["projected_finish"] == "2027-06-30" and out["slip_days"] == 0
    assert out["critical_path"] == ["BNK-2"]
    rows = {w["key"]: w for w in out["workstreams"]}
    assert all(set(w) == WORKSTREAM_KEYS for w in out["workstreams"])
    ledger = rows["BNK-1"]
    assert ledger["status"] == "in_progress" and ledger["team"] == "Banking & Payments"
    assert ledger["forecast_finish"] == "2027-03-01"  # overdue: the end of the as-of day
    assert ledger["health"] == "red" and ledger["override"] is False
    assert any(r.startswith("Overdue: due Fri 26 Feb 2027") for r in ledger["health_reasons"])
    cards = rows["OPS-1"]  # FS+2 after Monday's end: starts Thursday, five days → Wednesday
    assert (cards["forecast_start"], cards["forecast_finish"]) == ("2027-03-04", "2027-03-10")
    assert cards["latest_finish"] == "2027-06-30" and cards["total_float"] == 80  # 16 weeks
    assert rows["BNK-2"]["milestone"] is True and rows["BNK-2"]["critical"] is True
    cancelled = rows["OPS-2"]
    assert cancelled["health"] == "cancelled" and cancelled["forecast_finish"] is None
    assert cancelled["total_float"] is None and cancelled["latest_finish"] is None
    # Card stock planned Mon 1 Mar starts 2 working days too early after a ledger due Fri 26 Feb + 2.
    assert out["conflicts"] == [
        {"predecessor": "BNK-1", "successor": "OPS-1", "type": "FS", "lag": 2, "violation_days": 2}
    ]
    teams = {t["team"]: t for t in out["teams"]}
    assert teams["Card Operations"]["counts"] == {"green": 0, "amber": 1, "red": 0, "done": 0, "cancelled": 1}
    assert teams["Banking & Payments"]["health"] == "red" and out["overall_health"] == "red"


def test_analyze_summary_reads_go_live_red_items_and_conflicts(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["analyze", str(path), "--as-of", "2027-03-01"]) == 0
    out = capsys.readouterr().out
    assert "Projected go-live Wed 30 Jun 2027 (BNK-2): on the target Wed 30 Jun 2027" in out
    assert "Critical path (1 item)" in out
    assert "Red items (1)\n  BNK-1 Ledger integration (Banking & Payments)\n    - Overdue" in out
    conflict = "OPS-1 is planned to start 2 working days too early: it must start at least 2 working days"
    assert f"{conflict} after BNK-1 finishes (FS+2)" in out


def test_impact_json_lists_what_moves_and_the_new_go_live(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["impact", str(path), "BNK-1", "--slip", "5", "--as-of", "2027-03-01", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "key", "slip_days", "projected_finish_before", "projected_finish_after", "moved", "teams", "waiting"
    }  # fmt: skip
    assert out["key"] == "BNK-1" and out["slip_days"] == 5
    assert out["projected_finish_before"] == out["projected_finish_after"] == "2027-06-30"
    assert out["moved"] == [
        {"key": "BNK-1", "team": "Banking & Payments",
         "forecast_finish_before": "2027-03-01", "forecast_finish_after": "2027-03-08"},
        {"key": "OPS-1", "team": "Card Operations",
         "forecast_finish_before": "2027-03-10", "forecast_finish_after": "2027-03-17"},
    ]  # fmt: skip
    assert out["teams"] == ["Banking & Payments", "Card Operations"]
    assert out["waiting"] == []  # nothing has started before BNK-1 finished


def test_impact_to_a_new_due_date_past_the_target_moves_go_live(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["impact", str(path), "ops-1", "--due", "2027-07-01", "--as-of", "2027-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("If OPS-1 finishes ")
    assert "projected go-live Wed 30 Jun 2027 → Thu 1 Jul 2027 (+1 working day)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["impact", "{f}", "XYZ-9", "--slip", "2"], "There is no workstream XYZ-9 in this migration."),
        (["impact", "{f}", "OPS-2", "--slip", "2"], "OPS-2 is cancelled; only open work can slip."),
        (["impact", "{f}", "BNK-1"], "one of the arguments --slip --due --days is required"),
        (["analyze", "{f}", "--as-of", "2027-02-30"], "'2027-02-30' is not a date; use YYYY-MM-DD"),
    ],
)
def test_bad_impact_and_analyze_input_is_one_line_and_exit_2(
    service: MigrationService, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    path = _plan(service)
    before = path.read_bytes()
    assert main([a.format(f=path) for a in args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert path.read_bytes() == before


def test_a_loop_written_into_the_file_by_another_tool_is_named_not_a_traceback(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    conn = sqlite3.connect(path)  # another tool closes OPS-1 → BNK-2 → ... back into OPS-1
    conn.execute(
        "INSERT INTO dependency (predecessor_id, successor_id, type, lag, note, version) "
        "SELECT g.id, c.id, 'FS', 0, '', 1 FROM workstream g, workstream c "
        "WHERE g.key = 'BNK-2' AND c.key = 'OPS-1'"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert main(["analyze", str(path), "--as-of", "2027-03-01"]) == 2
    err = capsys.readouterr().err
    assert "The plan's dependencies form a loop (" in err and "BNK-2 → OPS-1 → BNK-2" in err
    assert err.count("\n") == 1 and path.read_bytes() == before


def test_impact_summary_counts_what_moves_in_words(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["impact", str(path), "BNK-1", "--slip", "5", "--as-of", "2027-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "If BNK-1 finishes 5 working days later:\n  1 item downstream moves, across 2 teams:"
    )
    assert "projected go-live holds at Wed 30 Jun 2027" in out
    assert main(["impact", str(path), "BNK-2", "--slip", "1", "--as-of", "2027-03-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("If BNK-2 is reached 1 working day later:\n  nothing else moves.\n")
    assert "projected go-live Wed 30 Jun 2027 → Thu 1 Jul 2027 (+1 working day)" in out


def test_a_migration_that_went_live_says_when(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    with MigrationService.open(path) as reopened:
        go_live = reopened.workstream_by_key("BNK-2")
        reopened.update_workstream(go_live.id, {"status": Status.DONE, "actual_finish": date(2027, 6, 29)})
    assert main(["analyze", str(path), "--as-of", "2027-07-01"]) == 0
    assert "  Went live Tue 29 Jun 2027 (BNK-2)\n" in capsys.readouterr().out


def test_an_as_of_date_that_can_only_be_a_typo_is_one_line_and_exit_2(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _plan(service)
    assert main(["analyze", str(path), "--as-of", "9999-12-30"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("migrator: The as-of date 9999-12-30 looks like a typo: plan dates must fall")
    assert err.count("\n") == 1
