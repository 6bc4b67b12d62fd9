"""``migrator import-plan`` with another tool's plan: --dry-run says how the file is read, and
--team-from, --date-order and --column change it; the choices are remembered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.services import MigrationService
from tests.support.mspdi import Mspdi, Resource, Task

# A Smartsheet CSV export whose dates read either way (no day above 12).
SMARTSHEET = (
    "Task Name,Start,Finish,Duration,Predecessors,% Complete,Assigned To,Status\n"
    "Freeze schema,02/03/27,04/03/27,3d,,100%,Ann Lee,Complete\n"
    "Migrate accounts,05/03/27,09/04/27,25d,1,25%,Raj Patel,In Progress\n"
)


def cards_xml(folder: Path) -> Path:
    return Mspdi(
        "Card platform",
        date(2027, 1, 4),
        date(2027, 2, 26),
        [
            Task(1, "Card Ops", summary=True, start=date(2027, 1, 4), finish=date(2027, 2, 12), days=30),
            Task(2, "Freeze schema", 2, start=date(2027, 1, 4), finish=date(2027, 1, 15), days=10,
                 team="Core"),
            Task(3, "Migrate accounts", 2, start=date(2027, 1, 18), finish=date(2027, 2, 12), days=20,
                 links=[(2, "FS", 0)], team="Core"),
            Task(4, "Switch gateway", start=date(2027, 2, 15), finish=date(2027, 2, 26), days=10,
                 links=[(1, "FS", 0)], team="Rails"),
        ],
        resources=[Resource(1, "Ann Lee", "Card Ops"), Resource(2, "Raj Patel", "Payments")],
        assignments=[(2, 1), (3, 2), (4, 2)],
    ).write(folder / "cards.xml")  # fmt: skip


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, list[str], str]:
    code = main(["import-plan", *arguments, "--as-of", "2027-03-01"])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def teams_of(path: Path) -> dict[str, str]:
    with MigrationService.open(path) as service:
        return {w.title: w.team_name for w in service.workstreams()}


def test_a_dry_run_says_how_the_file_is_read_then_what_would_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "cards.migrator"
    code, lines, _ = run(capsys, str(cards_xml(tmp_path)), "--into", str(into), "--dry-run")
    assert code == 0 and not into.exists()
    assert lines[:4] == [
        "Read as MS Project XML (saved by Project 2010 or later)",
        "Columns: UID → source_ref, Name → title, OutlineLevel → parent, Start → start, Finish → due, "
        "PercentComplete → progress, Milestone → milestone, Notes → description, ActualStart → actual_start, "
        "ActualFinish → actual_finish, Baseline Start → baseline_start, Baseline Finish → baseline_due, "
        "Assignment (resource) → owner, PredecessorLink → depends_on, Resource Group → team",
        "Not read: Team",
        # Every task has a resource group; only two sit under a summary task: the groups name the teams.
        "Teams from: Resource Group (--team-from: Resource Group, Team, summary tasks, none)",
    ]
    assert lines[4:] == [
        "Dry run: nothing was changed. The import would:",
        "create the migration file",
        "create teams (2):",
        "  Card Ops",
        "  Payments",
        "create people (2):",
        "  Ann Lee",
        "  Raj Patel",
        "create workstreams (3):",
        "  CO-1 Freeze schema",
        "  PAY-1 Migrate accounts",
        "  PAY-2 Switch gateway",
        "add dependencies (3):",
        "  CO-1 → PAY-1 FS",
        "  CO-1 → PAY-2 FS",
        "  PAY-1 → PAY-2 FS",
        "skip (1):",
        "  UID 1 'Card Ops' (summary task: its tasks are imported)",
        "note (1):",
        "  the link UID 1 'Card Ops' → UID 4 'Switch gateway': UID 1 'Card Ops' is a summary task, "
        "so the link applies to its 2 tasks.",
    ]


@pytest.mark.parametrize(
    ("team_from", "teams"),
    [
        ("Resource Group", ("Card Ops", "Payments", "Payments")),
        ("team", ("Core", "Core", "Rails")),
        ("Summary Tasks", ("Card Ops", "Card Ops", "Unassigned")),
        ("none", ("Unassigned", "Unassigned", "Unassigned")),
    ],
)
def test_team_from_names_the_teams(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], team_from: str, teams: tuple[str, str, str]
) -> None:
    """The teams of Freeze schema, Migrate accounts and Switch gateway."""
    into = tmp_path / "cards.migrator"
    code, _, err = run(capsys, str(cards_xml(tmp_path)), "--into", str(into), "--team-from", team_from)
    assert (code, err) == (0, "")
    assert teams_of(into) == dict(
        zip(("Freeze schema", "Migrate accounts", "Switch gateway"), teams, strict=True)
    )


def test_a_team_from_the_file_lacks_is_refused_with_the_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    into = tmp_path / "cards.migrator"
    code, _, err = run(capsys, str(cards_xml(tmp_path)), "--into", str(into), "--team-from", "Department")
    assert code == 2 and not into.exists()
    assert (
        'cards.xml: "Department" cannot name the teams of this plan: choose one of "Summary tasks", '
        '"Resource Group", "Team", "Summary tasks", "None".'
    ) in err


def test_the_choices_are_remembered_for_the_next_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = str(cards_xml(tmp_path))
    assert run(capsys, plan, "--into", str(tmp_path / "a.migrator"), "--team-from", "Team")[0] == 0
    code, lines, _ = run(capsys, plan, "--into", str(tmp_path / "b.migrator"), "--dry-run")
    assert code == 0
    assert "Teams from: Team (--team-from: Resource Group, Team, summary tasks, none)" in lines
    assert "These choices are remembered from the last import of this kind of file." in lines
    assert "create teams (2):" in lines and "  Core" in lines and "  Rails" in lines


def test_dates_that_read_either_way_need_the_date_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "smartsheet.csv"
    sheet.write_text(SMARTSHEET, encoding="utf-8")
    into = tmp_path / "cards.migrator"
    code, _, err = run(capsys, str(sheet), "--into", str(into))
    assert code == 2 and not into.exists()
    assert "can be read day/month or month/day" in err and "--date-order dmy or mdy" in err

    code, lines, _ = run(capsys, str(sheet), "--into", str(into), "--date-order", "mdy", "--dry-run")
    assert code == 0
    assert lines[0] == "Read as Smartsheet export"
    assert "Day/month order: mdy" in lines

    assert run(capsys, str(sheet), "--into", str(into), "--date-order", "dmy")[0] == 0
    with MigrationService.open(into) as service:
        dates = {w.title: (w.planned_start, w.planned_due) for w in service.workstreams()}
    assert dates == {
        "Freeze schema": (date(2027, 3, 2), date(2027, 3, 4)),
        "Migrate accounts": (date(2027, 3, 5), date(2027, 4, 9)),
    }


def test_a_column_option_maps_our_own_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Workstream,Lead,Group\nLedger,Ann Lee,Banking\n", encoding="utf-8")
    into = tmp_path / "plan.migrator"
    mapping = ["--column", "owner=Lead", "--column", "team="]
    code, lines, _ = run(capsys, str(plan), "--into", str(into), *mapping, "--dry-run")
    assert code == 0
    assert lines[0] == "Dry run: nothing was changed. The import would:"  # our own columns: as always
    assert lines[-3:] == [
        "Read as Migrator plan",
        "Columns: Workstream → title, Lead → owner",
        "Not read: Group",
    ]
    assert "  Ann Lee" in lines and "  Unassigned" in lines and "  Banking" not in lines


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--column", "owner"], "'owner' is not FIELD=HEADER (e.g. owner=Assigned To)"),
        (["--date-order", "ymd"], "argument --date-order: invalid choice: 'ymd'"),
        (["--column", "colour=Lead"], '"colour" is not a field a plan column can feed'),
        (["--column", "owner=Manager"], 'the plan has no column "Manager" (its columns: Workstream, Lead).'),
    ],
)
def test_wrong_choices_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text("Workstream,Lead\nLedger,Ann Lee\n", encoding="utf-8")
    code, _, err = run(capsys, str(plan), "--into", str(tmp_path / "plan.migrator"), *arguments)
    assert code == 2 and message in err and "Traceback" not in err


def test_an_xml_plan_has_no_sheets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, str(cards_xml(tmp_path)), "--into", str(tmp_path / "x.migrator"), "--sheet", "Tasks"
    )
    assert code == 2
    assert "cards.xml is not a workbook: it has no sheets, so --sheet does not apply." in err


def test_a_binary_mpp_is_refused_with_how_to_save_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mpp = tmp_path / "cards.mpp"
    mpp.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    code, _, err = run(capsys, str(mpp), "--into", str(tmp_path / "x.migrator"))
    assert code == 2 and "File → Save As → XML" in err and "ProjectLibre" in err
