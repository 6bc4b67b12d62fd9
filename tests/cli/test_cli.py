"""The command line: clear one-line errors with exit code 2, never a traceback."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from migrator.cli import main
from migrator.domain.model import Status
from migrator.services import MigrationService

ROOT = Path(__file__).resolve().parents[2]


def _small_plan(service: MigrationService) -> None:
    bnk = service.create_team("Banking & Payments", "BNK")
    ops = service.create_team("Card Operations", "OPS")
    a = service.create_workstream("Issuer contract", bnk, status=Status.DONE)
    b = service.create_workstream("Card stock", ops, status=Status.IN_PROGRESS)
    service.create_workstream("Go-live", bnk, is_milestone=True, planned_due=date(2027, 6, 30))
    service.add_dependency(a, b)


def test_info_lists_dates_and_counts_per_team_and_status(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    _small_plan(service)
    service.close()
    assert main(["info", str(service.store.path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Card fleet replacement\n")
    assert "target go-live:    2027-06-30" in out
    assert "workstreams:       3 (1 milestones)" in out
    assert "read-only" not in out
    rows = {line.split("  ")[0]: line.split()[-6:] for line in out.splitlines()}
    # Total, not started, in progress, blocked, done, cancelled
    assert rows["Banking & Payments"] == ["2", "1", "0", "0", "1", "0"]
    assert rows["Card Operations"] == ["1", "0", "1", "0", "0", "0"]
    assert rows["All teams"] == ["3", "1", "1", "0", "1", "0"]


def test_check_passes_a_healthy_file(service: MigrationService, capsys: pytest.CaptureFixture[str]) -> None:
    service.close()
    assert main(["check", str(service.store.path)]) == 0
    out = capsys.readouterr().out
    assert "healthy" in out and "integrity: ok" in out and "application id: 0x4d475254" in out


def test_check_reports_broken_references(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    _small_plan(service)
    service.close()
    conn = sqlite3.connect(service.store.path)  # foreign keys off: a damaged file made by hand
    conn.execute("DELETE FROM team WHERE code = 'OPS'")
    conn.commit()
    conn.close()
    assert main(["check", str(service.store.path)]) == 1
    assert "references: 1 broken (workstream)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text\n", "is not a Migrator file: it is not a database at all"),
        (b"SQLite format 3\x00" + b"\x00" * 20, "is damaged: the file is truncated"),
    ],
)
def test_bad_files_give_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    path = tmp_path / "bad.migrator"
    path.write_bytes(content)
    for command in ("info", "check"):
        assert main([command, str(path)]) == 2
        err = capsys.readouterr().err
        assert message in err
        assert err.count("\n") == 1 and "Traceback" not in err


def test_bad_arguments_give_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import-plan", "plan.csv"]) == 2
    assert "the following arguments are required: --into" in capsys.readouterr().err
    assert main(["demo", "x.migrator", "--as-of", "2027-02-30"]) == 2
    assert "'2027-02-30' is not a date; use YYYY-MM-DD" in capsys.readouterr().err


def test_python_dash_m_runs_the_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "migrator", "info", str(tmp_path / "missing.migrator")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("migrator: There is no file at")
    assert "Traceback" not in result.stderr


def test_demo_is_written_for_the_as_of_date_and_never_over_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "demo.migrator"
    assert main(["demo", str(path), "--as-of", "2027-03-01"]) == 0
    assert "Wrote the demo migration" in capsys.readouterr().out
    with MigrationService.open(path) as service:
        assert 60 <= len(service.workstreams()) <= 100
    before = path.read_bytes()
    assert main(["demo", str(path)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_demo_into_a_missing_folder_says_which_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["demo", str(tmp_path / "nowhere" / "demo.migrator")]) == 2
    assert f"The folder {tmp_path / 'nowhere'} does not exist" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_window_start_writes_the_demo_once_into_the_data_folder(private_data_dir: Path) -> None:
    from migrator.services.demo import ensure_demo

    path = ensure_demo(date(2027, 3, 1))
    assert path.parent == private_data_dir and path.suffix == ".migrator"
    stamp = path.stat().st_mtime_ns
    assert ensure_demo(date(2027, 3, 1)) == path
    assert path.stat().st_mtime_ns == stamp


def test_info_on_a_read_only_file_says_it_cannot_be_changed(
    service: MigrationService, capsys: pytest.CaptureFixture[str]
) -> None:
    _small_plan(service)
    service.close()
    service.store.path.chmod(0o444)
    try:
        assert main(["info", str(service.store.path)]) == 0
    finally:
        service.store.path.chmod(0o644)
    assert "This file is read-only: it can be viewed, not changed." in capsys.readouterr().out
