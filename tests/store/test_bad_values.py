"""Values another program wrote into the file (sqlite3 directly): named with their row, never a KeyError.

`info`, `analyze` and `export` stop with exit code 2 and the message; `check` lists every one
(exit 1); the file is left byte for byte as it was.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.domain.errors import FileContentError
from migrator.services import MigrationService

# Files only: values another program wrote into the file with sqlite3.
pytestmark = pytest.mark.file_only

STATUSES = "not started, in progress, blocked, done, cancelled"
LINK = "(SELECT id FROM dependency WHERE predecessor_id = 1)"

# (what another program writes, the message that names it)
BAD_VALUES = {
    "status": (
        "UPDATE workstream SET status = 'bogus' WHERE key = 'BNK-2'",
        f"workstream BNK-2 (id 2): status 'bogus' is not one of {STATUSES}",
    ),
    "link type": (
        f"UPDATE dependency SET type = 'XX' WHERE id = {LINK}",
        "dependency BNK-1 → BNK-2 (id 1): type 'XX' is not one of FS, SS, FF, SF",
    ),
    "30 February": (
        "UPDATE workstream SET planned_due = '2027-02-30' WHERE key = 'BNK-2'",
        "workstream BNK-2 (id 2): planned due '2027-02-30' is not a date (YYYY-MM-DD)",
    ),
    "text date": (
        "UPDATE workstream SET planned_start = 'hello' WHERE key = 'BNK-1'",
        "workstream BNK-1 (id 1): planned start 'hello' is not a date (YYYY-MM-DD)",
    ),
    "integer date": (
        "UPDATE workstream SET actual_start = 20270301 WHERE key = 'BNK-1'",
        "workstream BNK-1 (id 1): actual start 20270301 is not a date (YYYY-MM-DD)",
    ),
    "working weekdays": (
        "UPDATE migration SET working_weekdays = 'abc'",
        "the migration: working weekdays 'abc' is not a set of weekday digits from 0 (Monday) to 6 (Sunday)",
    ),
    "huge lag": (
        f"UPDATE dependency SET lag = 1000000000 WHERE id = {LINK}",
        "dependency BNK-1 → BNK-2 (id 1): lag 1000000000 is not a whole number of working days "
        "from -1000 to 1000",
    ),
    "override": (
        "UPDATE workstream SET health_override = 'purple' WHERE key = 'BNK-1'",
        "workstream BNK-1 (id 1): health override 'purple' is not one of green, amber, red",
    ),
    "self-link": (
        f"UPDATE dependency SET successor_id = 1 WHERE id = {LINK}",
        "dependency BNK-1 → BNK-1 (id 1): links a workstream to itself",
    ),
}


@pytest.fixture
def plan(service: MigrationService) -> Path:
    """BNK-1 → BNK-2 (FS), dated, one report kept; closed."""
    team = service.create_team("Banking & Payments", "BNK")
    first = service.create_workstream("Issuer contract", team, planned_start=date(2027, 1, 4),
                                      planned_due=date(2027, 1, 29))  # fmt: skip
    second = service.create_workstream("Card stock", team, planned_start=date(2027, 2, 1),
                                       planned_due=date(2027, 3, 26))  # fmt: skip
    service.add_dependency(first, second)
    service.close()
    return service.path


def _write(path: Path, sql: str) -> bytes:
    """Write as another program would (its CHECK constraints off); the file's bytes after."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    conn.execute(sql)
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("kind", BAD_VALUES)
def test_info_analyze_and_export_name_the_row_and_value_and_change_nothing(
    plan: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sql, message = BAD_VALUES[kind]
    before = _write(plan, sql)
    report = plan.with_name("report.xlsx")
    for command in (
        ["info", str(plan)],
        ["analyze", str(plan), "--as-of", "2027-03-01"],
        ["export", str(plan), "-o", str(report), "--as-of", "2027-03-01"],
    ):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert err.startswith("migrator: plan.migrator holds values Migrator cannot use"), err
        assert f"\n  {message}\n" in err, err
        assert "unexpected" not in err
    assert plan.read_bytes() == before
    assert not report.exists()


@pytest.mark.parametrize("kind", BAD_VALUES)
def test_check_reports_the_bad_value(plan: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    sql, message = BAD_VALUES[kind]
    before = _write(plan, sql)
    assert main(["check", str(plan)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{plan}: PROBLEMS FOUND\n")
    assert f"  values: 1 problem(s)\n    {message}\n" in out
    assert plan.read_bytes() == before


def test_check_reports_every_bad_value_and_a_loop_at_once(
    plan: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for sql, _ in BAD_VALUES.values():
        if "successor_id = 1" not in sql:  # the self-link would hide the loop below
            _write(plan, sql)
    before = _write(plan, "INSERT INTO dependency (predecessor_id, successor_id, type, lag, note, version) "
                          "VALUES (2, 1, 'FS', 0, '', 1)")  # fmt: skip
    assert main(["check", str(plan)]) == 1
    out = capsys.readouterr().out
    assert "  values: 9 problem(s)\n" in out
    for kind, (_, message) in BAD_VALUES.items():
        assert (f"    {message}\n" in out) == (kind != "self-link"), kind
    assert "    dependencies form a loop: BNK-1 → BNK-2 → BNK-1\n" in out
    assert plan.read_bytes() == before


def test_a_bad_report_date_is_named_by_its_snapshot(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _write(
        plan,
        "INSERT INTO snapshot (taken_at, as_of, label, actor, audience, history_id, overall_health, state) "
        "VALUES ('2027-02-01 09:00:00', '2027-13-45', '', 'someone', 'full', 0, 'green', x'00')",
    )
    assert main(["export", str(plan), "-o", str(plan.with_name("r.xlsx")), "--as-of", "2027-03-01"]) == 2
    assert "\n  snapshot #1: as-of date '2027-13-45' is not a date (YYYY-MM-DD)\n" in capsys.readouterr().err
    assert main(["check", str(plan)]) == 1
    assert "    snapshot #1: as-of date '2027-13-45' is not a date (YYYY-MM-DD)\n" in capsys.readouterr().out
    assert plan.read_bytes() == before


def test_a_healthy_file_checks_its_values_too(plan: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(plan)]) == 0
    assert "  values: ok\n" in capsys.readouterr().out


def test_a_file_shown_with_its_bad_values_is_read_only_and_lists_them(plan: Path) -> None:
    _write(plan, BAD_VALUES["status"][0])
    before = _write(plan, BAD_VALUES["30 February"][0])
    with pytest.raises(FileContentError):
        MigrationService.open(plan).read_plan()
    with MigrationService.open(plan, showing_bad_values=True) as service:
        stored = service.read_plan()
        assert service.read_only
        assert stored.problems == (
            f"workstream BNK-2 (id 2): status 'bogus' is not one of {STATUSES}",
            "workstream BNK-2 (id 2): planned due '2027-02-30' is not a date (YYYY-MM-DD)",
        )
        second = next(w for w in stored.workstreams if w.key == "BNK-2")
        assert (second.status.value, second.planned_due) == ("not_started", None)
    assert plan.read_bytes() == before


RAID_ITEM = (
    "INSERT INTO raid_item (key, type, title, description, status, created, updated, cause, event, effect, "
    "actions, trigger, validation, question, options, recommendation, decider, outcome, rationale, "
    "probability, needed_by, version) VALUES ('{key}', '{type}', 'Item', '', '{status}', '2027-02-01', "
    "'2027-02-01', '', '', '', '', '', '', '', '', '', '', '', '', {probability}, {needed_by}, 1)"
)
BAD_RAID_VALUES = {
    "probability": (
        RAID_ITEM.format(key="R-1", type="risk", status="open", probability=9, needed_by="NULL"),
        "RAID item R-1 (id 1): probability 9 is not a whole number from 1 to 5",
    ),
    "status of another type": (
        RAID_ITEM.format(key="R-1", type="risk", status="decided", probability="NULL", needed_by="NULL"),
        "RAID item R-1 (id 1): status 'decided' is not a risk's",
    ),
    "30 February": (
        RAID_ITEM.format(
            key="D-1", type="decision", status="open", probability="NULL", needed_by="'2027-02-30'"
        ),
        "RAID item D-1 (id 1): needed by '2027-02-30' is not a date (YYYY-MM-DD)",
    ),
    "type": (
        RAID_ITEM.format(key="X-1", type="hazard", status="open", probability="NULL", needed_by="NULL"),
        "RAID item X-1 (id 1): type 'hazard' is not one of risk, assumption, issue, decision",
    ),
}


@pytest.mark.parametrize("kind", BAD_RAID_VALUES)
def test_a_bad_raid_value_is_named_by_its_item_and_changes_nothing(
    plan: Path, kind: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sql, message = BAD_RAID_VALUES[kind]
    before = _write(plan, sql)
    for command in (["raid", str(plan)], ["analyze", str(plan), "--as-of", "2027-03-01"]):
        assert main(command) == 2, command
        err = capsys.readouterr().err
        assert f"\n  {message}\n" in err, err
    assert main(["check", str(plan)]) == 1
    assert f"  values: 1 problem(s)\n    {message}\n" in capsys.readouterr().out
    assert plan.read_bytes() == before
