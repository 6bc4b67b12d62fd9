"""A status report or a returned update workbook brought to the plan import is refused, plan unchanged."""

from __future__ import annotations

import csv
import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from openpyxl.packaging.custom import StringProperty

from migrator.importing.readers import NotAPlanError, read_table
from migrator.reports import Audience
from migrator.services import MigrationService
from migrator.services.plan_import import import_plan
from migrator.services.reporting import ExportRequest, export_report
from tests.conftest import AS_OF
from tests.support.libreoffice import SOFFICE, needs_libreoffice

ADVICE = (
    "To bring status back from teams, send them update requests (migrator request-updates, or "
    "File → Request updates…) and collect the answers (migrator collect-updates)."
)
REFUSED = (
    "is a Migrator status report, not a plan: importing it would turn its banner rows into workstreams. "
    + ADVICE
)


def export(plan: Path, output: Path, audience: Audience = Audience.FULL, team: str | None = None) -> Path:
    with MigrationService.open(plan, today=lambda: AS_OF) as service:
        request = ExportRequest(output, AS_OF, audience, team, keep_snapshot=False)
        return export_report(service, request).path


@pytest.fixture
def report(demo_file: Path, tmp_path: Path) -> Path:
    """The full report of the demo, as File → Export report writes it."""
    return export(demo_file, tmp_path / "report.xlsx")


def plan_state(plan: Path) -> tuple[int, str, int, int]:
    """What a corrupting import would change: the workstreams, a milestone's title, progress, history."""
    with MigrationService.open(plan, today=lambda: AS_OF) as service:
        workstreams = service.workstreams()
        milestone = next(w for w in workstreams if w.is_milestone)
        progress = sum(w.progress for w in workstreams)
        return len(workstreams), milestone.title, progress, len(service.history_since())


def forget_marks(workbook: Path) -> None:
    """The workbook as a report written before reports were marked: no property, no category."""
    book = openpyxl.load_workbook(workbook)
    del book.custom_doc_props["Migrator report"]
    book.properties.category = None
    book.save(workbook)


@pytest.mark.parametrize("sheet", [None, "Workstreams"])
def test_a_report_is_refused_and_the_plan_is_unchanged(
    report: Path, demo_file: Path, sheet: str | None
) -> None:
    before = plan_state(demo_file)
    with pytest.raises(NotAPlanError) as refused:
        import_plan(report, demo_file, sheet=sheet, today=AS_OF)
    assert str(refused.value) == f"report.xlsx {REFUSED}"
    assert plan_state(demo_file) == before


def test_a_report_refused_for_a_new_file_leaves_no_file(report: Path, tmp_path: Path) -> None:
    into = tmp_path / "new.migrator"
    with pytest.raises(NotAPlanError):
        import_plan(report, into, today=AS_OF)
    assert not into.exists()


def test_a_report_written_before_the_marks_is_known_by_its_sheets(report: Path) -> None:
    forget_marks(report)
    book = openpyxl.load_workbook(report, read_only=True)
    assert "Migrator report" not in book.custom_doc_props.names
    with pytest.raises(NotAPlanError, match="not a plan: importing it would turn its banner rows"):
        read_table(report, "Workstreams")


def test_a_team_report_is_refused(demo_file: Path, tmp_path: Path) -> None:
    team = export(demo_file, tmp_path / "bnk.xlsx", Audience.TEAM, "BNK")
    with pytest.raises(NotAPlanError) as refused:
        read_table(team, "Workstreams")
    assert str(refused.value) == f"bnk.xlsx {REFUSED}"


def test_an_executive_report_is_refused_with_or_without_its_marks(demo_file: Path, tmp_path: Path) -> None:
    executive = export(demo_file, tmp_path / "board.xlsx", Audience.EXECUTIVE)
    expected = f"board.xlsx is a Migrator status report, not a plan: it holds no plan to import. {ADVICE}"
    with pytest.raises(NotAPlanError) as refused:
        read_table(executive)
    assert str(refused.value) == expected
    forget_marks(executive)
    with pytest.raises(NotAPlanError) as refused:
        read_table(executive)
    assert str(refused.value) == expected


def test_the_workstreams_sheet_saved_as_csv_is_refused(report: Path, demo_file: Path) -> None:
    saved = report.with_name("workstreams.csv")
    sheet = openpyxl.load_workbook(report, read_only=True)["Workstreams"]
    with saved.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in sheet.iter_rows(values_only=True):
            writer.writerow(
                [v.date().isoformat() if isinstance(v, datetime) else "" if v is None else v for v in row]
            )
    before = plan_state(demo_file)
    with pytest.raises(NotAPlanError) as refused:
        import_plan(saved, demo_file, today=AS_OF)
    assert str(refused.value) == (
        "workstreams.csv is the Workstreams sheet of a Migrator status report, not a plan: "
        f"importing it would turn its banner rows into workstreams. {ADVICE}"
    )
    assert plan_state(demo_file) == before


def test_a_returned_update_workbook_is_refused(demo_file: Path, tmp_path: Path) -> None:
    returned = tmp_path / "bnk-updates.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Key", "Workstream", "Status", "Progress"])
    sheet.append(["BNK-1", "Issuer processor selection", "done", 100])
    book.custom_doc_props.append(StringProperty(name="migrator.request", value="BNK 2027-03-01"))
    book.save(returned)
    before = plan_state(demo_file)
    with pytest.raises(NotAPlanError) as refused:
        import_plan(returned, demo_file, today=AS_OF)
    assert str(refused.value) == (
        "bnk-updates.xlsx is an update workbook returned by a team; collect it with migrator "
        "collect-updates (or File → Collect updates…), not import-plan."
    )
    assert plan_state(demo_file) == before


def test_a_plan_with_a_summary_sheet_still_imports(demo_file: Path, tmp_path: Path) -> None:
    plan = tmp_path / "letters.xlsx"
    book = openpyxl.Workbook()
    summary = book.active
    summary.title = "Summary"
    summary.append(["Key", "Workstream", "Team", "Start", "Due"])
    summary.append(["BNK-90", "Reissue letters drafted", "BNK", date(2027, 3, 2), date(2027, 3, 19)])
    book.create_sheet("Changes").append(["Who", "What"])
    book.create_sheet("Workstreams").append(["Workstream", "Owner"])
    book.properties.description = "full report"  # words a coordinator may write; no report's marks
    book.save(plan)
    count = plan_state(demo_file)[0]
    result = import_plan(plan, demo_file, today=AS_OF)
    assert result.workstreams_created == ["BNK-90"]
    assert plan_state(demo_file)[0] == count + 1


def test_a_plan_with_a_reports_columns_but_no_banner_rows_still_imports(tmp_path: Path) -> None:
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "Key,Team,Workstream,Owner,Status,Health,Why,Planned start,Planned due,Forecast finish,"
        "Float (working days),Critical path,Progress (%),Baseline due,Vs baseline (working days),"
        "Last update\n"
        "BNK-90,BNK,Reissue letters drafted,,not started,,,2027-03-02,2027-03-19,,,,,,,\n",
        encoding="utf-8",
    )
    assert [row.number for row in read_table(plan).rows] == [2]


@needs_libreoffice
def test_a_report_saved_again_by_libreoffice_is_still_refused(report: Path, tmp_path: Path) -> None:
    assert SOFFICE is not None, "LibreOffice (soffice) is required here but not installed"
    saved = tmp_path / "saved"
    profile = tmp_path / "libreoffice-profile"  # a private profile: no clash with a running LibreOffice
    subprocess.run(
        [
            SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
            "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(saved), str(report),
        ],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    again = saved / "report.xlsx"
    assert "Migrator report" in openpyxl.load_workbook(again, read_only=True).custom_doc_props.names
    with pytest.raises(NotAPlanError) as refused:
        read_table(again, "Workstreams")
    assert str(refused.value) == f"report.xlsx {REFUSED}"
