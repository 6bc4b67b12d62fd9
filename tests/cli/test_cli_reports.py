"""``migrator export``, ``migrator snapshots`` and ``migrator baseline`` on the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from migrator.cli import main
from migrator.services import MigrationService


def test_export_writes_the_workbook_and_keeps_a_snapshot(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "status.xlsx"
    capsys.readouterr()
    code = main(["export", str(demo), "-o", str(report), "--as-of", "2027-03-01", "--label", "Week 9"])
    assert code == 0
    out = capsys.readouterr().out.splitlines()
    sheets = "Summary, Workstreams, Dependencies, RAID, Changes, Timeline, Definitions"
    assert out[0] == f"Wrote {report} ({sheets})"
    assert out[1] == "  First report: nothing to compare with."
    assert out[2] == "  Kept as snapshot #1 'Week 9' (as of 2027-03-01)"
    assert load_workbook(report).sheetnames[0] == "Summary"


def test_the_second_export_compares_with_the_first(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["export", str(demo), "-o", str(tmp_path / "a.xlsx"), "--as-of", "2027-02-22", "--label", "Week 8"])
    capsys.readouterr()
    assert main(["export", str(demo), "-o", str(tmp_path / "b.xlsx"), "--as-of", "2027-03-01"]) == 0
    out = capsys.readouterr().out
    assert "Compared with snapshot #1 'Week 8' (as of 2027-02-22):" in out
    assert "Kept as snapshot #2 (as of 2027-03-01)" in out


def test_audiences_choose_the_sheets(demo: Path, tmp_path: Path) -> None:
    executive = tmp_path / "exec.xlsx"
    assert main(["export", str(demo), "-o", str(executive), "--audience", "executive", "--no-snapshot"]) == 0
    assert load_workbook(executive).sheetnames == ["Summary", "Changes"]
    team = tmp_path / "team.xlsx"
    assert (
        main(["export", str(demo), "-o", str(team), "--audience", "team", "--team", "bnk", "--no-snapshot"])
        == 0
    )
    book = load_workbook(team)
    assert "Workstreams" in book.sheetnames
    keys = [row[0] for row in book["Workstreams"].iter_rows(min_row=2, values_only=True) if row[0]]
    assert keys and all(key.startswith("BNK-") for key in keys if "-" in key)
    with MigrationService.open(demo) as service:
        assert service.snapshots() == []  # --no-snapshot kept none


def test_snapshots_lists_what_each_export_kept(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["snapshots", str(demo)]) == 0
    assert "keeps no snapshots yet" in capsys.readouterr().out
    main(["export", str(demo), "-o", str(tmp_path / "a.xlsx"), "--as-of", "2027-02-22", "--label", "Week 8"])
    main(["export", str(demo), "-o", str(tmp_path / "b.xlsx"), "--as-of", "2027-03-01"])
    capsys.readouterr()
    assert main(["snapshots", str(demo)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == [
        "#",
        "Taken",
        "(UTC)",
        "As",
        "of",
        "Go-live",
        "Health",
        "By",
        "Audience",
        "Label",
    ]
    first, second = lines[2].split(), lines[3].split()
    assert first[0] == "1" and first[3] == "2027-02-22" and first[-2:] == ["Week", "8"]
    assert second[0] == "2" and second[3] == "2027-03-01" and second[-1] == "full"


def test_baseline_from_a_snapshot_or_from_the_plan_now(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["export", str(demo), "-o", str(tmp_path / "a.xlsx"), "--as-of", "2027-03-01"])
    capsys.readouterr()
    assert main(["baseline", str(demo), "--snapshot", "1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Baseline set from snapshot #1 (as of 2027-03-01): ")
    with MigrationService.open(demo) as service:
        assert all(w.baseline_due is not None for w in service.workstreams() if w.status.value != "cancelled")
    assert main(["baseline", str(demo), "--as-of", "2027-03-01"]) == 0
    assert "snapshot #2 'Baseline'" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--audience", "team"], "needs a team"),
        (["--audience", "team", "--team", "ZZZ"], "no team with code 'ZZZ'"),
        (["--since", "9"], "no snapshot #9"),
        (["--as-of", "2027-02-30"], "'2027-02-30' is not a date"),
    ],
)
def test_bad_export_requests_are_one_line_and_exit_2(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    capsys.readouterr()
    assert main(["export", str(demo), "-o", str(tmp_path / "r.xlsx"), *arguments]) == 2
    err = capsys.readouterr().err
    assert err.startswith("migrator: ") and message in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.xlsx").exists()


def test_import_plan_refuses_a_report_and_says_what_to_do_instead(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "report.xlsx"
    assert main(["export", str(demo), "-o", str(report), "--as-of", "2027-03-01", "--no-snapshot"]) == 0
    with MigrationService.open(demo) as service:
        before = (len(service.workstreams()), len(service.history_since()))
    capsys.readouterr()
    for sheet in ([], ["--sheet", "Workstreams"]):
        assert main(["import-plan", str(report), "--into", str(demo), *sheet]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err == (
            "migrator: report.xlsx is a Migrator status report, not a plan: importing it would turn its "
            "banner rows into workstreams. To bring status back from teams, send them update requests "
            "(migrator request-updates, or File → Request updates…) and collect the answers "
            "(migrator collect-updates).\n"
        )
    with MigrationService.open(demo) as service:
        assert (len(service.workstreams()), len(service.history_since())) == before
