"""The command line under hostile conditions: a reader that goes away, a data folder that cannot
be written, a full disk, and plan text full of terminal control characters."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from migrator import cli
from migrator.cli import main
from migrator.domain.model import Status
from migrator.services import MigrationService, NewMigration
from migrator.terminal import one_line, shown

ROOT = Path(__file__).resolve().parents[2]
RAW = ("\x1b", "\x07", "\r", "\x9b", "\x7f", "\u202e")
EVIL_TITLE = "Ledger\x1b]0;owned\x07\r\x9b2J\u202eevil"
EVIL_TEAM = "Bank\x1b[31m\x7f"


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "migrator", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )  # fmt: skip


def into_a_closed_pipe(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run a command whose stdout reader has gone away before it writes (as `| head -0` does)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "migrator", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env, text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    process.stderr.close()
    return process.wait(timeout=120), err


def impossible_folder(tmp_path: Path) -> Path:
    """A data folder that can never be made, for any user (root too): its parent is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    return blocker / "data"


# ---------------------------------------------------------------- closed pipes


@pytest.mark.parametrize("args", [("analyze",), ("analyze", "--json"), ("info",)])
def test_a_reader_that_goes_away_ends_the_command_quietly(demo: Path, args: tuple[str, ...]) -> None:
    command, *options = args
    code, err = into_a_closed_pipe(command, str(demo), *options)
    assert err == ""
    assert code == 141  # as a shell reports a command ended by SIGPIPE


def test_a_closed_pipe_with_an_unwritable_data_folder_prints_no_traceback(demo: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "MIGRATOR_DATA_DIR"}
    folder = impossible_folder(tmp_path)
    env.update(HOME=str(folder), XDG_DATA_HOME=str(folder))
    assert into_a_closed_pipe("analyze", str(demo), "--as-of", "2027-03-01", env=env) == (141, "")
    result = run_cli("info", str(demo), env=env)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Card fleet replacement")


# ---------------------------------------------------------------- crash log


def test_an_unexpected_error_with_an_unwritable_data_folder_is_one_line(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MIGRATOR_DATA_DIR", str(impossible_folder(tmp_path)))

    def fails(_args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "info", fails)
    assert main(["info", str(demo)]) == 1
    assert capsys.readouterr().err == (
        "migrator: unexpected error (RuntimeError: a bug); no crash log could be written\n"
    )


def test_an_unexpected_error_is_logged_in_the_data_folder(
    demo: Path, private_data_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fails(_args: object) -> int:
        raise RuntimeError("a bug")

    monkeypatch.setitem(cli.COMMANDS, "info", fails)
    assert main(["info", str(demo)]) == 1
    log = private_data_dir / "migrator.log"
    assert capsys.readouterr().err == f"migrator: unexpected error (RuntimeError: a bug); details in {log}\n"
    assert "RuntimeError: a bug" in log.read_text(encoding="utf-8")


def test_an_empty_xdg_data_home_never_makes_a_folder_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from migrator.paths import data_dir

    monkeypatch.delenv("MIGRATOR_DATA_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", "")
    monkeypatch.chdir(tmp_path)
    assert data_dir() == tmp_path / "home" / ".local" / "share" / "migrator"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]


# ---------------------------------------------------------------- a full disk


def test_export_onto_a_full_disk_is_one_line_and_keeps_nothing(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from migrator.reports.book import ReportBook

    def disk_full(_book: ReportBook, path: Path) -> None:
        path.write_bytes(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(ReportBook, "save", disk_full)
    report = tmp_path / "status.xlsx"
    assert main(["export", str(demo), "-o", str(report), "--as-of", "2027-03-01"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "migrator: The disk is full, so status.xlsx could not be written. "
        "Any previous file there is untouched.\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.migrator"]
    with MigrationService.open(demo) as service:
        assert service.snapshots() == []


# ---------------------------------------------------------------- control characters


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    """A plan another program wrote: control characters in a team name, a title, a label."""
    path = tmp_path / "evil.migrator"
    migration = NewMigration("Cards\x1b[2J", date(2027, 1, 4), date(2027, 6, 30))
    with MigrationService.create(path, migration, actor="tester") as service:
        team = service.create_team(EVIL_TEAM, "BNK")
        first = service.create_workstream(
            EVIL_TITLE, team, planned_start=date(2027, 1, 4), planned_due=date(2027, 2, 1)
        )
        go_live = service.create_workstream("Go-live", team, is_milestone=True, planned_due=date(2027, 6, 30))
        service.add_dependency(first, go_live)
    return path


def texts_in(value: object) -> set[str]:
    """Every string in a decoded JSON document."""
    if isinstance(value, str):
        return {value}
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else []
    return set().union(*(texts_in(item) for item in items))


def assert_escaped(text: str) -> None:
    assert not [c for c in RAW if c in text], repr(text)


def test_plan_text_is_never_echoed_raw_by_info_analyze_impact_snapshots_or_check(
    evil: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = [
        ["info", str(evil)],
        ["analyze", str(evil), "--as-of", "2027-03-01"],
        ["impact", str(evil), "BNK-1", "--slip", "5", "--as-of", "2027-03-01"],
        ["export", str(evil), "-o", str(tmp_path / "r.xlsx"), "--as-of", "2027-03-01", "--label", "W\x9b9"],
        ["snapshots", str(evil)],
        ["check", str(evil)],
        ["impact", str(evil), "BNK-\x1b[2J", "--slip", "5"],
    ]
    outputs = []
    for command in commands:
        main(command)
        out, err = capsys.readouterr()
        assert_escaped(out + err)
        outputs.append(out + err)
    info, analyze, impact, _export, snapshots, _check, bad_key = outputs
    assert "Cards\\x1b[2J" in info and "Bank\\x1b[31m\\u007f" in info
    assert "Ledger\\x1b]0;owned\\x07\\x0d\\u009b2J\\u202eevil" in analyze + impact
    assert "W\\u009b9" in snapshots
    assert "BNK-\\x1b[2J" in bad_key


def test_analyze_and_impact_json_stay_valid_and_keep_the_exact_text(
    evil: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command, text in (
        (["analyze", "--json"], EVIL_TITLE),
        (["impact", "BNK-1", "--slip", "5", "--json"], EVIL_TEAM),
    ):
        assert main([command[0], str(evil), *command[1:], "--as-of", "2027-03-01"]) == 0
        out = capsys.readouterr().out
        assert_escaped(out)
        assert text in texts_in(json.loads(out))


def test_import_plan_dry_run_shows_plan_text_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(f'Workstream,Team,Owner\n"{EVIL_TITLE}",Ops\x1b[5m,Eve\x07\x9b\n', encoding="utf-8")
    assert main(["import-plan", str(plan), "--into", str(tmp_path / "new.migrator"), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert_escaped(out)
    assert "Ops\\x1b[5m" in out and "Eve\\x07\\u009b" in out
    plan.write_text("Workstream,Status\nLedger,\x1b[2Jdone\n", encoding="utf-8")
    assert main(["import-plan", str(plan), "--into", str(tmp_path / "new.migrator")]) == 2
    err = capsys.readouterr().err
    assert_escaped(err)
    assert '"\\x1b[2Jdone" is not a status' in err


# ---------------------------------------------------------------- line breaks in plan text

FORGED = "\nFORGED: all green"  # a line break, then a line dressed as the command's own


@pytest.fixture
def forged(tmp_path: Path) -> Path:
    """A plan whose texts hold line breaks: a pasted note, titles another program wrote."""
    path = tmp_path / "forged.migrator"
    migration = NewMigration("Cards" + FORGED, date(2027, 1, 4), date(2027, 6, 30))
    with MigrationService.create(path, migration, actor="tester") as service:
        team = service.create_team("Bank\r\nFORGED: team", "BNK")
        first = service.create_workstream(
            "Ledger" + FORGED,
            team,
            planned_start=date(2027, 1, 4),
            planned_due=date(2027, 2, 1),
            status=Status.BLOCKED,
            blocker_note="Waiting on legal\nFORGED: unblocked",
        )
        go_live = service.create_workstream("Go-live", team, is_milestone=True, planned_due=date(2027, 6, 30))
        service.add_dependency(first, go_live)
    return path


def test_line_breaks_in_plan_text_stay_on_their_line_in_the_text_output(
    forged: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = str(tmp_path / "r.xlsx")
    commands = [
        ["info", str(forged)],
        ["analyze", str(forged), "--as-of", "2027-03-01"],
        ["impact", str(forged), "BNK-1", "--slip", "5", "--as-of", "2027-03-01"],
        ["export", str(forged), "-o", report, "--as-of", "2027-03-01", "--user", "Ana\nFORGED: by"],
        ["snapshots", str(forged)],
    ]
    outputs = []
    for command in commands:
        assert main(command) == 0
        out, err = capsys.readouterr()
        assert not [line for line in (out + err).splitlines() if line.startswith("FORGED")], out + err
        outputs.append(out)
    info, analyze, impact, _export, snapshots = outputs
    assert info.splitlines()[0] == "Cards\\nFORGED: all green"
    assert "Bank\\nFORGED: team   BNK      2" in info
    assert analyze.splitlines()[0] == "Cards\\nFORGED: all green, as of Mon 1 Mar 2027"
    assert "  BNK-1 Ledger\\nFORGED: all green (Bank\\nFORGED: team)" in analyze.splitlines()
    assert "    - Blocked: Waiting on legal\\nFORGED: unblocked" in analyze.splitlines()
    assert impact.splitlines()[-1].endswith("Ledger\\nFORGED: all green (Bank\\nFORGED: team)")
    assert "  Ana\\nFORGED: by  " in snapshots.splitlines()[2]


def test_json_keeps_the_line_breaks_of_plan_text_exactly(
    forged: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["analyze", str(forged), "--json", "--as-of", "2027-03-01"]) == 0
    assert {"Ledger" + FORGED, "Bank\r\nFORGED: team"} <= texts_in(json.loads(capsys.readouterr().out))


def test_a_problem_naming_plan_text_with_a_line_break_stays_on_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text('Workstream,Status\nLedger,"done\nFORGED: imported"\nCards,done\n', encoding="utf-8")
    assert main(["import-plan", str(plan), "--into", str(tmp_path / "new.migrator")]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "migrator: The plan has 1 problem; nothing was changed.",
        'plan.csv, row 2, column Status: "done\\nFORGED: imported" is not a status (use not started, '
        "in progress, blocked, done, cancelled).",
    ]


def test_one_line_escapes_each_line_break_and_leaves_the_rest_to_the_stream() -> None:
    text = "Ledger\r\nCards\nBins\u2028Keys\u2029Fees\rVault\tx"
    assert one_line(text) == "Ledger\\nCards\\nBins\\u2028Keys\\u2029Fees\rVault\tx"
    assert shown(one_line(text)) == "Ledger\\nCards\\nBins\\u2028Keys\\u2029Fees\\x0dVault\\x09x"
