"""The plan written as MS Project XML and as CSV: a small plan of known figures, the MSPDI rules
MS Project enforces, the values each element and column carries, and a refused write."""

from __future__ import annotations

import csv
import errno
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree

from migrator.domain.model import Dependency, DependencyType, Person, Status, Team, Workstream
from migrator.reports.ms_project_xml import write_ms_project_xml
from migrator.reports.plan_content import PlanContent
from migrator.reports.plan_csv import HEADERS, write_plan_csv
from migrator.reports.safe_file import ReportWriteError
from tests.reports.mspdi_rules import NS, mspdi_problems

BANKING = Team(1, "Banking & Payments", "BNK", "#1f77b4", None, None, 1)
CARD_OPS = Team(2, "Card Ops", "OPS", "#ff7f0e", None, None, 1)
LEGAL = Team(3, "Legal", "LEG", "#2ca02c", None, None, 1)  # no work: no summary task


def _workstream(number: int, key: str, title: str, team: Team, **values: Any) -> Workstream:
    fields: dict[str, Any] = {
        "owner_id": None, "owner_name": None, "status": Status.NOT_STARTED, "planned_start": None,
        "planned_due": None, "actual_start": None, "actual_finish": None, "progress": 0,
        "is_milestone": False, "description": "", "blocker_note": "", "health_override": None,
        "health_override_reason": "", "baseline_start": None, "baseline_due": None,
        "source_ref": None, "version": 1,
    }  # fmt: skip
    fields.update(values)
    return Workstream(id=number, key=key, title=title, team_id=team.id, team_code=team.code,
                      team_name=team.name, **fields)  # fmt: skip


LEDGER = _workstream(
    1, "BNK-1", "Ledger <core> & cards", BANKING, owner_id=1, owner_name="Ana Ruiz", status=Status.DONE,
    planned_start=date(2027, 1, 4), planned_due=date(2027, 1, 8), actual_start=date(2027, 1, 4),
    actual_finish=date(2027, 1, 8), progress=100, description="Line one\nline two",
    baseline_start=date(2027, 1, 4), baseline_due=date(2027, 1, 7),
)  # fmt: skip
AUTHORISATION = _workstream(
    2, "BNK-2", "Authorisation", BANKING, status=Status.IN_PROGRESS, planned_start=date(2027, 1, 11),
    planned_due=date(2027, 1, 22), actual_start=date(2027, 1, 11), progress=40,
    baseline_start=date(2026, 12, 28), baseline_due=date(2027, 1, 8),
)  # fmt: skip
GO_LIVE = _workstream(
    3, "OPS-1", "Go-live", CARD_OPS, owner_id=2, owner_name="Ben Cole", planned_start=date(2027, 2, 1),
    planned_due=date(2027, 2, 1), is_milestone=True, baseline_start=date(2026, 12, 28),
    baseline_due=date(2026, 12, 28),
)  # fmt: skip
DATELESS = _workstream(4, "OPS-2", "Dateless\x01 task", CARD_OPS, status=Status.BLOCKED)


def _link(
    number: int, predecessor: Workstream, successor: Workstream, kind: DependencyType, lag: int
) -> Dependency:
    return Dependency(number, predecessor.id, successor.id, predecessor.key, successor.key, kind, lag, "", 1)


PLAN = PlanContent(
    name="Card fleet & co",
    start=date(2027, 1, 4),
    target_go_live=date(2027, 2, 1),
    teams=[BANKING, CARD_OPS, LEGAL],
    people=[
        Person(1, "Ana Ruiz", "ana@bank.example", 1, 1),
        Person(2, "Ben Cole", None, 2, 1),
        Person(3, "Cy Dunn", None, None, 1),
    ],
    workstreams=[LEDGER, AUTHORISATION, GO_LIVE, DATELESS],
    dependencies=[
        _link(1, LEDGER, AUTHORISATION, DependencyType.FS, 2),
        _link(2, AUTHORISATION, GO_LIVE, DependencyType.SS, -1),
        _link(3, LEDGER, GO_LIVE, DependencyType.FF, 0),
        _link(4, GO_LIVE, DATELESS, DependencyType.SF, 0),
    ],
    saved_at=datetime(2027, 3, 1, 9, 30),
    working_weekdays=frozenset(range(5)),
    non_working_days={date(2027, 1, 6): "Epiphany", date(2027, 1, 1): ""},
)


@pytest.fixture
def project(tmp_path: Path) -> Any:
    path = tmp_path / "plan.xml"
    write_ms_project_xml(PLAN, path)
    return ElementTree.parse(path, forbid_dtd=True).getroot()


def _text(element: Any, path: str) -> str | None:
    found = element.find("/".join(f"{NS}{part}" for part in path.split("/")))
    return None if found is None else str(found.text or "")


def _tasks(project: Any) -> dict[str, Any]:
    return {str(task.findtext(f"{NS}UID")): task for task in project.iter(f"{NS}Task")}


# ---------------------------------------------------------------- MS Project XML


def test_the_file_keeps_every_rule_ms_project_enforces(project: Any) -> None:
    assert mspdi_problems(project) == []


def test_the_rules_catch_what_ms_project_refuses(project: Any) -> None:
    """The checker itself: a repeated UID, a wrong outline number, a link type 4, a date without
    a time, a duration in days, an element out of order."""
    tasks = _tasks(project)
    tasks["3"].find(f"{NS}UID").text = "2"
    tasks["5"].find(f"{NS}OutlineNumber").text = "2.2"
    tasks["2"].find(f"{NS}Name").text = "Ledger"
    tasks["3"].find(f"{NS}PredecessorLink/{NS}Type").text = "4"
    tasks["5"].find(f"{NS}Start").text = "2027-02-01"
    tasks["6"].append(tasks["2"].find(f"{NS}Notes"))  # Notes after the Baseline-free tail: out of order
    tasks["2"].find(f"{NS}Duration").text = "4d"
    problems = mspdi_problems(project)
    assert "task UIDs repeat: [0, 1, 2, 2, 4, 5, 6]" in problems
    assert "task 5: outline number 2.2 at level 2, where 2.1 comes" in problems
    assert "task 2: link type 4 is not 0 to 3" in problems
    assert "<Start>2027-02-01</Start> is not a date as YYYY-MM-DDTHH:MM:SS" in problems
    assert "task 6: <Notes> comes after <ExtendedAttribute>" in problems
    assert "<Duration>4d</Duration> is not an ISO 8601 duration such as PT8H0M0S" in problems


def test_the_project_names_its_dates_week_and_calendar(project: Any) -> None:
    assert _text(project, "SaveVersion") == "14"
    assert _text(project, "Name") == "Card fleet & co"
    assert _text(project, "Title") == "Card fleet & co"
    assert _text(project, "CreationDate") == "2027-03-01T09:30:00"
    assert _text(project, "ScheduleFromStart") == "1"
    assert _text(project, "StartDate") == "2027-01-04T08:00:00"
    assert _text(project, "FinishDate") == "2027-02-01T17:00:00"  # the target go-live
    assert _text(project, "CalendarUID") == "1"
    assert _text(project, "MinutesPerDay") == "480"
    assert _text(project, "MinutesPerWeek") == "2400"
    assert _text(project, "DaysPerMonth") == "20"
    definition = project.find(f"{NS}ExtendedAttributes/{NS}ExtendedAttribute")
    assert [(e.tag.removeprefix(NS), e.text) for e in definition] == [
        ("FieldID", "188743731"),
        ("FieldName", "Text1"),
        ("Alias", "Migrator key"),
    ]


def test_the_calendar_has_the_working_week_and_each_non_working_day(project: Any) -> None:
    calendar = project.find(f"{NS}Calendars/{NS}Calendar")
    assert (_text(calendar, "UID"), _text(calendar, "IsBaseCalendar")) == ("1", "1")
    days = {
        day.findtext(f"{NS}DayType"): (
            day.findtext(f"{NS}DayWorking"),
            [(t.findtext(f"{NS}FromTime"), t.findtext(f"{NS}ToTime")) for t in day.iter(f"{NS}WorkingTime")],
        )
        for day in calendar.find(f"{NS}WeekDays")
    }
    office = [("08:00:00", "12:00:00"), ("13:00:00", "17:00:00")]
    assert days == {
        "1": ("0", []), "2": ("1", office), "3": ("1", office), "4": ("1", office),
        "5": ("1", office), "6": ("1", office), "7": ("0", []),
    }  # fmt: skip
    exceptions = [
        (
            e.findtext(f"{NS}TimePeriod/{NS}FromDate"),
            e.findtext(f"{NS}TimePeriod/{NS}ToDate"),
            e.findtext(f"{NS}Name"),
            e.findtext(f"{NS}Type"),
            e.findtext(f"{NS}DayWorking"),
        )
        for e in calendar.find(f"{NS}Exceptions")
    ]
    assert exceptions == [
        ("2027-01-01T00:00:00", "2027-01-01T23:59:00", "Non-working day", "1", "0"),
        ("2027-01-06T00:00:00", "2027-01-06T23:59:00", "Epiphany", "1", "0"),
    ]


def test_teams_become_summary_tasks_over_their_workstreams(project: Any) -> None:
    rows = [
        (
            task.findtext(f"{NS}UID"),
            task.findtext(f"{NS}ID"),
            task.findtext(f"{NS}OutlineNumber"),
            task.findtext(f"{NS}OutlineLevel"),
            task.findtext(f"{NS}Summary"),
            task.findtext(f"{NS}Name"),
            task.findtext(f"{NS}ExtendedAttribute/{NS}Value"),
        )
        for task in project.iter(f"{NS}Task")
    ]
    assert rows == [
        ("0", "0", "0", "0", "1", "Card fleet & co", None),
        ("1", "1", "1", "1", "1", "Banking & Payments", "BNK"),
        ("2", "2", "1.1", "2", "0", "Ledger <core> & cards", "BNK-1"),
        ("3", "3", "1.2", "2", "0", "Authorisation", "BNK-2"),
        ("4", "4", "2", "1", "1", "Card Ops", "OPS"),
        ("5", "5", "2.1", "2", "0", "Go-live", "OPS-1"),
        ("6", "6", "2.2", "2", "0", "Dateless task", "OPS-2"),  # no control character in XML
    ]
    tasks = _tasks(project)
    assert [_text(tasks["0"], name) for name in ("Start", "Finish", "Duration")] == [
        "2027-01-04T08:00:00", "2027-02-01T17:00:00", "PT160H0M0S",  # 20 working days, Epiphany off
    ]  # fmt: skip
    assert [_text(tasks["1"], name) for name in ("Start", "Finish", "Duration", "PercentComplete")] == [
        "2027-01-04T08:00:00", "2027-01-22T17:00:00", "PT112H0M0S", "70",
    ]  # fmt: skip


def test_a_workstream_carries_its_dates_progress_notes_and_baseline(project: Any) -> None:
    ledger = _tasks(project)["2"]
    values = {
        name: _text(ledger, name)
        for name in (
            "Active", "Manual", "Start", "Finish", "Duration", "Milestone", "PercentComplete",
            "ActualStart", "ActualFinish", "ConstraintType", "ConstraintDate", "Notes",
        )
    }  # fmt: skip
    assert values == {
        "Active": "1", "Manual": "0",
        "Start": "2027-01-04T08:00:00", "Finish": "2027-01-08T17:00:00",
        "Duration": "PT32H0M0S",  # Monday to Friday without Epiphany: 4 working days
        "Milestone": "0", "PercentComplete": "100",
        "ActualStart": "2027-01-04T08:00:00", "ActualFinish": "2027-01-08T17:00:00",
        "ConstraintType": "4", "ConstraintDate": "2027-01-04T08:00:00",  # start no earlier than
        "Notes": "Line one\nline two",
    }  # fmt: skip
    baseline = ledger.find(f"{NS}Baseline")
    assert [(e.tag.removeprefix(NS), e.text) for e in baseline] == [
        ("Number", "0"),
        ("Start", "2027-01-04T08:00:00"),
        ("Finish", "2027-01-07T17:00:00"),
        ("Duration", "PT24H0M0S"),
        ("DurationFormat", "7"),
    ]


def test_a_milestone_has_no_duration_and_a_dateless_workstream_no_dates(project: Any) -> None:
    tasks = _tasks(project)
    go_live, dateless = tasks["5"], tasks["6"]
    assert [_text(go_live, n) for n in ("Start", "Finish", "Duration", "Milestone", "ConstraintType")] == [
        "2027-02-01T08:00:00", "2027-02-01T08:00:00", "PT0H0M0S", "1", "4",
    ]  # fmt: skip
    authorisation = tasks["3"].find(f"{NS}Baseline")  # from before the plan's first date
    assert _text(authorisation, "Duration") == "PT64H0M0S"  # 8 days: New Year's Day and Epiphany off
    baseline = go_live.find(f"{NS}Baseline")
    assert [(e.tag.removeprefix(NS), e.text) for e in baseline] == [
        ("Number", "0"),
        ("Start", "2026-12-28T08:00:00"),
        ("Finish", "2026-12-28T08:00:00"),
        ("Duration", "PT0H0M0S"),
        ("DurationFormat", "7"),
    ]
    assert [_text(dateless, n) for n in ("Start", "Finish", "Duration", "ConstraintType")] == [
        None, None, None, "0",  # as soon as possible: MS Project schedules it
    ]  # fmt: skip


def test_links_carry_type_and_lag_in_tenths_of_a_minute(project: Any) -> None:
    links = [
        (
            task.findtext(f"{NS}UID"),
            link.findtext(f"{NS}PredecessorUID"),
            link.findtext(f"{NS}Type"),
            link.findtext(f"{NS}LinkLag"),
            link.findtext(f"{NS}LagFormat"),
        )
        for task in project.iter(f"{NS}Task")
        for link in task.findall(f"{NS}PredecessorLink")
    ]
    assert links == [
        ("3", "2", "1", "9600", "7"),  # BNK-1 → BNK-2 FS +2 days
        ("5", "3", "3", "-4800", "7"),  # BNK-2 → OPS-1 SS −1 day
        ("5", "2", "0", "0", "7"),  # BNK-1 → OPS-1 FF
        ("6", "5", "2", "0", "7"),  # OPS-1 → OPS-2 SF
    ]


def test_owners_are_resources_in_their_team_group_assigned_to_their_work(project: Any) -> None:
    resources = [
        tuple(r.findtext(f"{NS}{name}") for name in ("UID", "Name", "Group", "EmailAddress"))
        for r in project.iter(f"{NS}Resource")
    ]
    assert resources == [
        ("1", "Ana Ruiz", "Banking & Payments", "ana@bank.example"),
        ("2", "Ben Cole", "Card Ops", None),
        ("3", "Cy Dunn", None, None),
    ]
    assignments = [
        tuple(a.findtext(f"{NS}{name}") for name in ("UID", "TaskUID", "ResourceUID", "Units"))
        for a in project.iter(f"{NS}Assignment")
    ]
    assert assignments == [("1", "2", "1", "1"), ("2", "5", "2", "1")]


def test_the_file_is_utf8_with_text_escaped(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    write_ms_project_xml(PLAN, path)
    raw = path.read_bytes()
    assert raw.startswith(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Project xmlns=')
    assert b"<Name>Ledger &lt;core&gt; &amp; cards</Name>" in raw
    assert b"\x01" not in raw


# ---------------------------------------------------------------- CSV


def test_the_csv_has_import_plans_columns_one_row_per_workstream(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    write_plan_csv(PLAN, path)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfKey,Title,Team,")  # a BOM, so Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == HEADERS == (
        "Key", "Title", "Team", "Owner", "Status", "Start", "Due", "Progress", "Milestone",
        "Depends on", "Description", "Actual start", "Actual finish", "Baseline start", "Baseline due",
    )  # fmt: skip
    assert rows[1:] == [
        ["BNK-1", "Ledger <core> & cards", "Banking & Payments", "Ana Ruiz", "Done", "2027-01-04",
         "2027-01-08", "100", "no", "", "Line one\nline two", "2027-01-04", "2027-01-08", "2027-01-04",
         "2027-01-07"],
        ["BNK-2", "Authorisation", "Banking & Payments", "", "In progress", "2027-01-11", "2027-01-22",
         "40", "no", "BNK-1FS+2", "", "2027-01-11", "", "2026-12-28", "2027-01-08"],
        ["OPS-1", "Go-live", "Card Ops", "Ben Cole", "Not started", "2027-02-01", "2027-02-01", "0",
         "yes", "BNK-2SS-1, BNK-1FF", "", "", "", "2026-12-28", "2026-12-28"],
        ["OPS-2", "Dateless\x01 task", "Card Ops", "", "Blocked", "", "", "0", "no", "OPS-1SF", "", "",
         "", "", ""],
    ]  # fmt: skip


# ---------------------------------------------------------------- a refused write

Writer = Callable[[PlanContent, Path], None]


@pytest.mark.parametrize("write", [write_ms_project_xml, write_plan_csv], ids=["xml", "csv"])
def test_a_full_disk_leaves_the_old_file_and_no_half_written_one(
    write: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "plan.out"
    target.write_text("last week's plan", encoding="utf-8")
    real_open = Path.open

    def filling(path: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(path, *args, **kwargs)
        real_write = handle.write

        def write_half(text: str) -> int:
            real_write(text[: len(text) // 2])
            handle.flush()
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        handle.write = write_half
        return handle

    monkeypatch.setattr(Path, "open", filling)
    with pytest.raises(ReportWriteError) as refused:
        write(PLAN, target)
    assert str(refused.value) == (
        "The disk is full, so plan.out could not be written. Any previous file there is untouched."
    )
    monkeypatch.undo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.out"]
    assert target.read_text(encoding="utf-8") == "last week's plan"


def test_a_missing_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(ReportWriteError, match=r"The folder .*nowhere does not exist"):
        write_ms_project_xml(PLAN, tmp_path / "nowhere" / "plan.xml")
    assert list(tmp_path.iterdir()) == []
