"""``migrator export-plan``: the demo as MS Project XML and as CSV, the format by suffix or by
``--format``, refusals in one line, and the CSV read back by ``import-plan``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from defusedxml import ElementTree

from migrator.cli import main
from migrator.services import MigrationService
from tests.reports.mspdi_rules import NS, mspdi_problems

# The demo: 88 workstreams (5 milestones) in 10 teams, 119 dependencies.
DEMO_COUNTS = "88 workstreams in 10 teams, 119 dependencies"


def test_export_plan_writes_ms_project_xml(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "plan.xml"
    capsys.readouterr()
    assert main(["export-plan", str(demo), "-o", str(target)]) == 0
    assert capsys.readouterr().out == f"Wrote {target} (MS Project XML): {DEMO_COUNTS}\n"
    project = ElementTree.parse(target, forbid_dtd=True).getroot()
    assert mspdi_problems(project) == []
    tasks = project.findall(f"{NS}Tasks/{NS}Task")
    assert len(tasks) == 1 + 10 + 88  # the project, a summary per team, the workstreams
    assert sum(task.findtext(f"{NS}Milestone") == "1" for task in tasks) == 5
    assert len(project.findall(f".//{NS}PredecessorLink")) == 119
    assert project.findtext(f"{NS}Name") == "Card fleet replacement: prepaid to debit"
    first = tasks[2]
    assert [first.findtext(f"{NS}{name}") for name in ("Name", "Start", "Finish", "OutlineNumber")] == [
        "Issuer processor selection", "2026-11-17T08:00:00", "2026-11-26T17:00:00", "1.1",
    ]  # fmt: skip
    assert first.findtext(f"{NS}ExtendedAttribute/{NS}Value") == "BNK-1"


def test_export_plan_writes_csv_by_suffix_or_by_format(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_suffix, by_format = tmp_path / "plan.csv", tmp_path / "plan.txt"
    assert main(["export-plan", str(demo), "-o", str(by_suffix)]) == 0
    assert main(["export-plan", str(demo), "--output", str(by_format), "--format", "csv"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2:] == [f"Wrote {by_suffix} (CSV): {DEMO_COUNTS}", f"Wrote {by_format} (CSV): {DEMO_COUNTS}"]
    assert by_suffix.read_bytes() == by_format.read_bytes()
    with by_suffix.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][:11] == [
        "Key", "Title", "Team", "Owner", "Status", "Start", "Due", "Progress", "Milestone",
        "Depends on", "Description",
    ]  # fmt: skip
    assert len(rows) == 1 + 88
    assert rows[1][:9] == [
        "BNK-1", "Issuer processor selection", "Banking & Payments", "Mateo García", "Done",
        "2026-11-17", "2026-11-26", "100", "no",
    ]  # fmt: skip


def test_an_unknown_suffix_or_a_folder_is_refused_in_one_line(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert main(["export-plan", str(demo), "-o", str(tmp_path / "plan.mpp")]) == 2
    assert capsys.readouterr().err == (
        "migrator: A plan is exported as MS Project XML (.xml) or CSV (.csv), not .mpp: name the file "
        "plan.xml or plan.csv, or give the format.\n"
    )
    assert main(["export-plan", str(demo), "-o", str(tmp_path), "--format", "xml"]) == 2
    assert capsys.readouterr().err == f"migrator: {tmp_path} is a folder; give the plan a file name.\n"
    assert main(["export-plan", str(demo), "-o", str(tmp_path / "p.xml"), "--format", "mpp"]) == 2
    assert "invalid choice: 'mpp' (choose from 'xml', 'csv')" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.migrator"]


def test_the_csv_imports_back_into_the_same_plan_with_its_actual_and_baseline_dates(
    demo: Path, tmp_path: Path
) -> None:
    exported, copy = tmp_path / "plan.csv", tmp_path / "copy.migrator"
    assert main(["export-plan", str(demo), "-o", str(exported)]) == 0
    assert main(["import-plan", str(exported), "--into", str(copy)]) == 0

    def plan(path: Path) -> tuple[set[tuple[object, ...]], set[tuple[object, ...]]]:
        with MigrationService.open(path, read_only=True) as service:
            work = {
                (w.key, w.title, w.team_name, w.owner_name, w.status, w.planned_start, w.planned_due,
                 w.progress, w.is_milestone, w.description, w.actual_start, w.actual_finish,
                 w.baseline_start, w.baseline_due)
                for w in service.workstreams()
            }  # fmt: skip
            links = {(d.predecessor_key, d.successor_key, d.type, d.lag) for d in service.dependencies()}
        return work, links

    original, back = plan(demo), plan(copy)
    assert len(original[0]) == 88 and len(original[1]) == 119
    assert back == original


def test_exporting_changes_nothing_in_the_plan(demo: Path, tmp_path: Path) -> None:
    before = demo.read_bytes()
    assert main(["export-plan", str(demo), "-o", str(tmp_path / "plan.xml")]) == 0
    assert demo.read_bytes() == before
