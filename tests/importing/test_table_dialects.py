"""Exports of MS Project, Jira and Smartsheet read as the tool wrote them: which tool, the columns,
the outline, the links with their lags, the dates in the file's own order, and what is skipped."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import Alignment

from migrator.domain.model import DependencyType, Status
from migrator.importing.readers import PlanFileError, SheetRow, Table, read_table
from migrator.importing.source_plan import (
    OUTLINE,
    ColumnUse,
    ImportChoices,
    SourceFormat,
    SourceLink,
    SourcePerson,
    SourcePlan,
)
from migrator.importing.table_dialects import DIALECT_FIELDS, detect_dialect, read_table_source

FILES = Path(__file__).parent / "files"


def table_of(header: list[str], *rows: list[str]) -> Table:
    from migrator.importing.readers import Cell

    return Table(
        "plan.csv", 1, header, [SheetRow(n, [Cell(v or None) for v in r]) for n, r in enumerate(rows, 2)]
    )


def write_csv(path: Path, header: list[str], *rows: list[str], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read(path: Path, choices: ImportChoices | None = None) -> SourcePlan:
    return read_table_source(read_table(path), choices)


def messages(found: list[object]) -> list[str]:
    return [str(p) for p in found]


# ---------------------------------------------------------------- which tool


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["ID", "Name", "Duration", "Start", "Finish", "Outline Level"], SourceFormat.MS_PROJECT_TABLE),
        (["ID", "Task Name", "Duration", "Start", "Finish", "WBS"], SourceFormat.MS_PROJECT_TABLE),
        (["ID", "Name", "Start_Date", "Finish_Date", "Resource_Names"], SourceFormat.MS_PROJECT_TABLE),
        (["ID", "Name", "Duration", "Start", "Finish", "Predecessors"], SourceFormat.MS_PROJECT_TABLE),
        (["Unique ID", "Name", "Start", "Finish"], SourceFormat.MS_PROJECT_TABLE),
        (["Summary", "Issue key", "Issue id", "Status"], SourceFormat.JIRA),
        (["Issue key", "Summary", "Custom field (Start date)"], SourceFormat.JIRA),
        (["Issue id", "Summary", "Issue Type"], SourceFormat.JIRA),
        (["Summary", "Issue Type", "Status"], SourceFormat.JIRA),
        # Jira's header names in a sheet written by hand: our own columns, read as they always were.
        (["Issue key", "Summary", "Assignee", "Status", "Start", "Due date"], SourceFormat.MIGRATOR),
        (["Issue id", "Summary"], SourceFormat.MIGRATOR),
        (
            ["Task Name", "Start", "Finish", "Duration", "Predecessors", "Assigned To"],
            SourceFormat.SMARTSHEET,
        ),
        (["Key", "Title", "Team", "Start", "Due", "Depends on"], SourceFormat.MIGRATOR),
        (["Workstream", "Owner", "Start", "Finish"], SourceFormat.MIGRATOR),
        (["Name", "Start", "Finish"], SourceFormat.MIGRATOR),  # no sign of a tool: today's columns
        ([], SourceFormat.MIGRATOR),
    ],
)
def test_the_tool_is_known_by_its_headers(header: list[str], expected: SourceFormat) -> None:
    assert detect_dialect(table_of(header)) is expected


def test_a_sheet_whose_first_column_is_indented_is_smartsheet() -> None:
    from migrator.importing.readers import Cell

    rows = [SheetRow(2, [Cell("Phase 1")]), SheetRow(3, [Cell("Discovery", indent=1)])]
    assert detect_dialect(Table("Plan", 1, ["Primary", "Owner"], rows)) is SourceFormat.SMARTSHEET


def test_the_preview_offers_each_tools_fields() -> None:
    assert DIALECT_FIELDS[SourceFormat.MS_PROJECT_TABLE] == (
        "id", "unique_id", "title", "active", "outline_level", "wbs", "summary", "duration", "start",
        "due", "progress", "owner", "depends_on", "description", "actual_start", "actual_finish",
        "baseline_start", "baseline_due", "milestone", "team",
    )  # fmt: skip
    assert DIALECT_FIELDS[SourceFormat.JIRA] == (
        "key", "issue_id", "title", "issue_type", "status", "status_category", "owner", "start", "due",
        "parent", "description", "blocks", "blocked_by", "team",
    )  # fmt: skip
    assert DIALECT_FIELDS[SourceFormat.SMARTSHEET] == (
        "title", "row_id", "level", "parent", "duration", "start", "due", "progress", "owner", "status",
        "depends_on", "description", "milestone", "baseline_start", "baseline_due", "team",
    )  # fmt: skip


def test_a_table_of_our_own_columns_is_not_read_as_a_tool() -> None:
    with pytest.raises(ValueError, match="is not an export of MS Project, Jira or Smartsheet"):
        read_table_source(table_of(["Key", "Title"], ["BNK-1", "Ledger"]))


# ---------------------------------------------------------------- MS Project "Save As" CSV (US)


def test_ms_project_save_as_csv_tasks_outline_and_summaries() -> None:
    source = read(FILES / "ms-project-save-as.csv")
    assert source.format is SourceFormat.MS_PROJECT_TABLE
    assert source.label == "MS Project export"
    assert source.sheet == "ms-project-save-as.csv"
    assert (source.name, source.start, source.finish) == (
        "Core Banking Migration",
        date(2027, 1, 4),
        date(2027, 3, 26),
    )
    summary = [(t.source_id, t.name, t.level, t.parent_id, t.is_summary, t.skip_reason) for t in source.tasks]
    assert summary == [
        ("UID 1", "Card Ops", 1, None, True, None),
        ("UID 2", "Freeze card schema", 2, "UID 1", False, None),
        ("UID 5", "Migrate card ledger", 2, "UID 1", False, None),
        ("UID 6", "Cards ready", 2, "UID 1", False, None),
        ("UID 7", "Payments", 1, None, True, None),
        ("UID 8", "Payments cutover", 2, "UID 7", False, None),
        ("UID 9", "Legacy report rewrite", 2, "UID 7", False, "an inactive task"),
        ("UID 10", None, 2, "UID 7", False, "a blank (null) task"),
        ("UID 12", "Go-live rehearsal", 2, "UID 7", False, None),
    ]
    assert source.problems == []


def test_ms_project_save_as_csv_cells() -> None:
    source = read(FILES / "ms-project-save-as.csv")
    freeze, ledger, ready = source.tasks[1], source.tasks[2], source.tasks[3]
    # Dates such as "Mon 1/4/27": the weekday and 1/15/27 prove month/day.
    assert (freeze.start, freeze.finish, freeze.progress, freeze.milestone) == (
        date(2027, 1, 4), date(2027, 1, 15), 100, False,
    )  # fmt: skip
    assert freeze.owner == "Ann Lée"  # "Ann Lée[50%]", the file in Windows-1252
    assert freeze.notes == "Agreed with the vendor, in writing"
    assert freeze.groupings == {"Resource_Group": "Cards", "Text1": "CARD"}
    assert ledger.owner == "Bob Stone"  # the first of "Bob Stone,Ann Lée"
    assert (ready.milestone, ready.start, ready.finish) == (True, date(2027, 2, 5), date(2027, 2, 5))
    assert source.tasks[8].milestone is False  # "5 days?": an estimate is still a duration
    assert source.people == [
        SourcePerson("Ann Lée", None, "Cards"),
        SourcePerson("Bob Stone", None, "Cards"),
        SourcePerson("Chloé Martin", None, "Payments"),
    ]


def test_ms_project_save_as_csv_links_refer_to_ids_and_keep_type_and_lag() -> None:
    source = read(FILES / "ms-project-save-as.csv")
    assert source.links == [
        SourceLink("UID 2", "UID 5", DependencyType.FS, 2),  # "2FS+2 days": ID 2 is UID 2
        SourceLink("UID 5", "UID 6", DependencyType.FS, 0),  # "3": ID 3 is UID 5
        SourceLink("UID 5", "UID 8", DependencyType.SS, -1),  # "3SS-1d,4"
        SourceLink("UID 6", "UID 8", DependencyType.FS, 0),
        SourceLink(
            "UID 8", "UID 12", DependencyType.FF, 2, '"6FF+3 edays" is calendar time: taken as 2 working days'
        ),
    ]


def test_ms_project_save_as_csv_reports_what_it_skips() -> None:
    source = read(FILES / "ms-project-save-as.csv")
    assert messages(source.notices) == [
        'ms-project-save-as.csv, row 2: "Core Banking Migration" is the project summary task: it names '
        "the project and is not imported.",
        'ms-project-save-as.csv, row 5, column Resource_Names: "Migrate card ledger" has 2 resources: '
        "Bob Stone is its owner.",
        "ms-project-save-as.csv, row 9: UID 9 is an inactive task: it is not imported.",
        "ms-project-save-as.csv, row 10: UID 10 is a blank (null) task: it is not imported.",
        'ms-project-save-as.csv, row 11, column Predecessors: link "6FF+3 edays" → "Go-live rehearsal": '
        '"6FF+3 edays" is calendar time: taken as 2 working days.',
        'ms-project-save-as.csv, row 11, column Predecessors: "99": there is no ID 99 in the file; '
        "the link is not imported.",
    ]


def test_ms_project_save_as_csv_columns_and_team_choices() -> None:
    source = read(FILES / "ms-project-save-as.csv")
    assert source.columns == [
        ColumnUse("ID", "id"), ColumnUse("Unique_ID", "unique_id"), ColumnUse("Active", "active"),
        ColumnUse("Name", "title"), ColumnUse("Duration", "duration"), ColumnUse("Start_Date", "start"),
        ColumnUse("Finish_Date", "due"), ColumnUse("Predecessors", "depends_on"),
        ColumnUse("Outline_Level", "outline_level"), ColumnUse("Resource_Names", "owner"),
        ColumnUse("Resource_Group", "team"), ColumnUse("%_Complete", "progress"),
        ColumnUse("Milestone", "milestone"), ColumnUse("Notes", "description"), ColumnUse("Text1", "team"),
    ]  # fmt: skip
    assert source.grouping_choices == [OUTLINE, "Resource_Group", "Text1"]
    assert source.shape == (
        "ms_project_table:% complete|active|duration|finish date|id|milestone|name|notes|outline level|"
        "predecessors|resource group|resource names|start date|text1|unique id"
    )


# ---------------------------------------------------------------- MS Project, European Excel


def test_ms_project_csv_from_european_excel() -> None:
    source = read(FILES / "ms-project-export-eu.csv")  # ";" separated, UTF-8 with BOM, WBS, no Unique ID
    assert source.problems == []
    assert source.date_order_needed is False  # 18/01 … 29/01/2027 prove day/month
    tasks = [
        (t.source_id, t.name, t.level, t.parent_id, t.is_summary, t.start, t.finish, t.milestone, t.progress)
        for t in source.tasks
    ]
    assert tasks == [
        ("ID 1", "Ledger migration", 1, None, True, date(2027, 1, 4), date(2027, 1, 29), False, 50),
        ("ID 2", "Extract balances", 2, "ID 1", False, date(2027, 1, 4), date(2027, 1, 8), False, 100),
        ("ID 3", "Load balances", 2, "ID 1", False, date(2027, 1, 11), date(2027, 1, 22), False, 30),
        ("ID 4", "Reconcile", 2, "ID 1", False, date(2027, 1, 25), date(2027, 1, 29), False, 0),
        ("ID 5", "Ledger signed off", 1, None, False, date(2027, 1, 29), date(2027, 1, 29), True, 0),
    ]
    load = source.tasks[2]
    # "NA" is MS Project's empty value.
    assert (load.actual_start, load.actual_finish) == (date(2027, 1, 11), None)
    assert (load.baseline_start, load.baseline_finish) == (date(2027, 1, 11), date(2027, 1, 22))
    assert load.notes == 'Needs the "gold" copy'
    assert source.tasks[3].owner == "Dieter Kühn"
    assert source.tasks[3].groupings == {"Team": "Finance"}
    assert source.grouping_choices == [OUTLINE, "Team"]


def test_ms_project_lags_in_decimal_days_and_percent_are_approximated() -> None:
    source = read(FILES / "ms-project-export-eu.csv")
    assert source.links == [
        SourceLink("ID 2", "ID 3", DependencyType.FS, 0),
        SourceLink(
            "ID 3",
            "ID 4",
            DependencyType.FS,
            2,
            '"3FS+1,5 days" is not a whole number of working days: taken as 2',
        ),
        SourceLink(
            "ID 2", "ID 4", DependencyType.FS, 3, "+50% of the predecessor's 5 days taken as 3 working days"
        ),
        SourceLink("ID 4", "ID 5", DependencyType.FS, 0),
    ]
    assert messages(source.notices) == [
        'ms-project-export-eu.csv, row 5, column Predecessors: link "3FS+1,5 days" → "Reconcile": '
        '"3FS+1,5 days" is not a whole number of working days: taken as 2.',
        'ms-project-export-eu.csv, row 5, column Predecessors: link "2FS+50%" → "Reconcile": '
        "+50% of the predecessor's 5 days taken as 3 working days.",
    ]


MS_HEADER = ["ID", "Name", "Duration", "Start", "Finish", "Predecessors", "Outline Level"]


def test_ms_project_dates_that_prove_no_order_ask_for_one_per_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        MS_HEADER,
        ["1", "Extract", "5 days", "1/4/2027", "1/8/2027", "", "1"],
        ["2", "Load", "3 days", "2/3/2027", "2/5/2027", "1", "1"],
    )
    source = read(path)
    assert source.date_order_needed is True
    assert messages(source.problems) == [
        'plan.csv, column Start: dates such as "1/4/2027" can be read day/month or month/day, and no date '
        "in the file shows which: choose the order (--date-order dmy or mdy, or Day/month order in the "
        "preview).",
        'plan.csv, column Finish: dates such as "1/8/2027" can be read day/month or month/day, and no date '
        "in the file shows which: choose the order (--date-order dmy or mdy, or Day/month order in the "
        "preview).",
    ]
    assert [(t.start, t.finish) for t in source.tasks] == [(None, None), (None, None)]
    chosen = read(path, ImportChoices(date_order="dmy"))
    assert chosen.problems == []
    assert chosen.date_order_needed is True  # the preview keeps offering the choice
    assert [(t.start, t.finish) for t in chosen.tasks] == [
        (date(2027, 4, 1), date(2027, 8, 1)),
        (date(2027, 3, 2), date(2027, 5, 2)),
    ]
    assert [(t.start, t.finish) for t in read(path, ImportChoices(date_order="mdy")).tasks] == [
        (date(2027, 1, 4), date(2027, 1, 8)),
        (date(2027, 2, 3), date(2027, 2, 5)),
    ]


def test_one_date_of_the_file_proves_the_order_of_every_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        MS_HEADER,
        ["1", "Extract", "5 days", "04/01/2027 08:00", "08/01/2027 17:00", "", "1"],
        ["2", "Load", "10 days", "11/01/2027 08:00", "22/01/2027 17:00", "1", "1"],
    )
    source = read(path, ImportChoices(date_order="mdy"))  # the file's proof wins over a stale choice
    assert source.problems == []
    assert source.date_order_needed is False
    assert [(t.start, t.finish) for t in source.tasks] == [
        (date(2027, 1, 4), date(2027, 1, 8)),
        (date(2027, 1, 11), date(2027, 1, 22)),
    ]


def test_dates_written_in_both_orders_are_a_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        MS_HEADER,
        ["1", "Extract", "5 days", "13/01/2027", "15/01/2027", "", "1"],
        ["2", "Load", "10 days", "1/18/2027", "1/29/2027", "1", "1"],
    )
    assert messages(read(path).problems) == [
        'plan.csv: the dates are written in two orders: "13/01/2027" (Start) is day/month and "1/18/2027" '
        "(Start) month/day; correct the file so that one order reads them all."
    ]


def test_ms_project_french_month_names(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        [*MS_HEADER, "Resource Names"],
        [
            "1",
            "Extraction",
            "5 jours",
            "lun. 4 janv. 2027",
            "ven. 8 janv. 2027",
            "",
            "1",
            "Chloé Martin;Ann Lee",
        ],
        ["2", "Chargement", "0 j", "ven. 12 févr. 2027", "ven. 12 févr. 2027", "1FD+2 j", "1", ""],
        delimiter=";",
    )
    source = read(path)
    assert source.problems == []
    assert [(t.start, t.finish, t.milestone, t.owner) for t in source.tasks] == [
        (date(2027, 1, 4), date(2027, 1, 8), False, "Chloé Martin"),
        (date(2027, 2, 12), date(2027, 2, 12), True, None),
    ]
    assert source.links == [SourceLink("ID 1", "ID 2", DependencyType.FS, 2)]  # "FD": fin-début


def test_ms_project_outline_from_wbs_and_an_outline_level_jump(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        ["ID", "Name", "Duration", "Start", "Finish", "Outline Level", "Summary"],
        ["1", "Phase 1", "10 days", "2027-01-04", "2027-01-15", "1", "Yes"],
        ["2", "Deep task", "5 days", "2027-01-04", "2027-01-08", "3", "No"],
        ["3", "Empty summary", "1 day", "2027-01-04", "2027-01-04", "1", "Yes"],
    )
    source = read(path)
    assert messages(source.problems) == [
        'plan.csv, row 3: "Deep task" is at outline level 3 just below level 1: a level is missing.'
    ]
    assert [(t.source_id, t.level, t.parent_id, t.is_summary) for t in source.tasks] == [
        ("ID 1", 1, None, True),
        ("ID 2", 3, "ID 1", False),
        ("ID 3", 1, None, True),  # the Summary column says so, though it has no tasks under it
    ]


def test_ms_project_predecessor_problems_and_link_types(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        MS_HEADER,
        ["1", "A", "10 days", "2027-01-04", "2027-01-15", "", "1"],
        ["2", "B", "5 days", "2027-01-04", "2027-01-08", "1SF+1 wk;1FF-2 hrs;1XX", "1"],
        ["3", "C", "5 days", "2027-01-04", "2027-01-08", "3;C:\\Plans\\Other.mpp\\4;soon", "1"],
        ["4", "D", "5 days", "2027-01-04", "2027-01-08", "1FS+2000d;2EA+1 Tag;1AA", "1"],
        ["5", "E", "", "2027-01-04", "2027-01-08", "", "1"],
        ["6", "F", "1 day", "2027-01-11", "2027-01-11", "5FS+50%", "1"],
    )
    source = read(path)
    assert source.links == [
        SourceLink("ID 1", "ID 2", DependencyType.SF, 5),
        SourceLink(
            "ID 1",
            "ID 2",
            DependencyType.FF,
            0,
            '"1FF-2 hrs" is not a whole number of working days: taken as 0',
        ),
        SourceLink("ID 2", "ID 4", DependencyType.FS, 1),  # German "EA": Ende-Anfang
        SourceLink("ID 1", "ID 4", DependencyType.SS, 0),  # "AA": Anfang-Anfang
        SourceLink(
            "ID 5",
            "ID 6",
            DependencyType.FS,
            0,
            "a lag in percent of a predecessor without a duration taken as 0 working days",
        ),
    ]
    assert messages(source.problems) == [
        'plan.csv, row 3, column Predecessors: "1XX": "XX" is not a link type (FS, SS, FF, SF).',
        'plan.csv, row 4, column Predecessors: "soon" is not a predecessor '
        "(such as 3, 3FS+2 days or 5SS-1d).",
        'plan.csv, row 5, column Predecessors: "1FS+2000d": Lag of 2000 working days is beyond four years; '
        "check the value.",
    ]
    assert messages(source.notices) == [
        'plan.csv, row 3, column Predecessors: link "1FF-2 hrs" → "B": "1FF-2 hrs" is not a whole number of '
        "working days: taken as 0.",
        'plan.csv, row 4, column Predecessors: "3" links the task to itself; the link is not imported.',
        'plan.csv, row 4, column Predecessors: "C:\\Plans\\Other.mpp\\4" is a link to another project: '
        "it is not imported.",
        'plan.csv, row 7, column Predecessors: link "5FS+50%" → "F": a lag in percent of a predecessor '
        "without a duration taken as 0 working days.",
    ]


def test_links_to_the_project_summary_or_a_skipped_task_are_reported(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        ["ID", "Active", "Name", "Duration", "Start", "Finish", "Predecessors", "Outline Level"],
        ["0", "Yes", "Programme", "10 days", "2027-01-04", "2027-01-15", "", "0"],
        ["1", "No", "Old task", "5 days", "2027-01-04", "2027-01-08", "", "1"],
        ["2", "Yes", "New task", "5 days", "2027-01-11", "2027-01-15", "0;1", "1"],
    )
    source = read(path)
    assert source.links == []
    assert messages(source.notices)[2:] == [
        'plan.csv, row 4, column Predecessors: "0": there is no ID 0 in the file; the link is not imported.',
        'plan.csv, row 4, column Predecessors: "1": ID 1 is not imported (an inactive task), nor its link.',
    ]


def test_a_column_chosen_for_a_field_overrides_the_guess(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        ["ID", "Name", "Duration", "Start", "Finish", "Baseline Finish", "Outline Level", "Text5", "Text7"],
        ["1", "Extract", "5 days", "2027-01-04", "2027-01-08", "2027-01-15", "1", "Ledger", "Ops"],
    )
    choices = ImportChoices(columns={"due": "Baseline Finish", "baseline_due": "", "team": "Text7"})
    source = read(path, choices)
    assert source.problems == []
    assert source.tasks[0].finish == date(2027, 1, 15)
    assert source.tasks[0].baseline_finish is None
    assert source.grouping_choices == ["Text7", "Text5"]  # the chosen column first
    assert [c.field for c in source.columns] == [
        "id", "title", "duration", "start", None, "due", "outline_level", "team", "team",
    ]  # fmt: skip


def test_choices_that_name_the_guessed_columns_read_as_guessed(tmp_path: Path) -> None:
    # Remembered choices hold one header per field, and the guesses next to the coordinator's own:
    # a field chosen under one of the tool's own names still reads all its columns, and a header
    # the coordinator moved to another field is not read twice.
    path = write_csv(
        tmp_path / "plan.csv",
        ["ID", "Name", "Duration", "Start", "Finish", "Baseline Finish", "Outline Level"],
        ["1", "Extract", "5 days", "2027-01-04", "2027-01-08", "2027-01-15", "1"],
    )
    choices = ImportChoices(
        columns={"due": "Baseline Finish", "baseline_due": "Baseline Finish", "start": "Start"}
    )
    source = read(path, choices)
    assert source.problems == []
    assert (source.tasks[0].start, source.tasks[0].finish, source.tasks[0].baseline_finish) == (
        date(2027, 1, 4), date(2027, 1, 15), None,
    )  # fmt: skip
    assert [c.field for c in source.columns] == [
        "id",
        "title",
        "duration",
        "start",
        None,
        "due",
        "outline_level",
    ]
    jira = read(FILES / "jira-export.csv", ImportChoices(columns={"parent": "Parent summary"}))
    assert [(t.source_id, t.parent_id) for t in jira.tasks] == [
        ("PAY-1", None), ("PAY-2", "PAY-1"), ("PAY-3", "PAY-1"), ("PAY-4", "PAY-3"), ("PAY-5", "PAY-1"),
        ("CARD-7", None),
    ]  # fmt: skip


def test_a_chosen_column_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv", MS_HEADER, ["1", "A", "1 day", "2027-01-04", "2027-01-04", "", "1"]
    )
    source = read(path, ImportChoices(columns={"due": "Deadline", "colour": "Name"}))
    assert messages(source.problems) == [
        'plan.csv, column Deadline: the file has no column "Deadline" to read due from.',
        'plan.csv: "colour" is not a field read from MS Project export tables.',
    ]


def test_two_tasks_with_one_id_are_a_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        ["ID", "Unique ID", "Name", "Duration", "Outline Level"],
        ["1", "7", "Extract", "5 days", "1"],
        ["2", "7", "Load", "5 days", "1"],
    )
    assert messages(read(path).problems) == ["plan.csv, row 3: UID 7 is also on row 2."]
    path = write_csv(
        tmp_path / "sheet.csv",
        [*SMART_HEADER, "Row ID"],
        ["Extract", "2027-01-04", "2027-01-08", "5d", "", "R1"],
        ["Load", "2027-01-11", "2027-01-15", "5d", "1", "R1"],
    )
    assert messages(read(path).problems) == ["sheet.csv, row 3: Row R1 is also on row 2."]


def test_ms_project_bad_cells_are_problems_where_they_are(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv",
        ["ID", "Name", "Duration", "Start", "Finish", "% Complete", "Milestone", "Outline Level"],
        ["x", "A", "ten days", "someday", "2027-01-04", "150%", "maybe", "one"],
    )
    assert messages(read(path).problems) == [
        'plan.csv, row 2, column ID: "x" is not a whole number.',
        'plan.csv, row 2, column Outline Level: "one" is not a whole number.',
        "plan.csv, row 2, column ID: the task has no ID.",
    ]
    path = write_csv(
        tmp_path / "plan.csv",
        ["ID", "Name", "Duration", "Start", "Finish", "% Complete", "Milestone", "Outline Level"],
        ["1", "A", "ten days", "someday", "2027-01-04", "150%", "maybe", "1"],
    )
    assert messages(read(path).problems) == [
        'plan.csv, row 2, column Duration: "ten days" is not a duration (such as 10 days, 10d, 2 wks or 0d).',
        'plan.csv, row 2, column Start: "someday" is not a date (write it as YYYY-MM-DD, 04/01/2027, '
        "4 Jan 2027 or January 4, 2027).",
        "plan.csv, row 2, column % Complete: Progress must be from 0 to 100 percent, not 150.",
        'plan.csv, row 2, column Milestone: "maybe" is not yes or no.',
    ]


def test_ms_project_excel_export_reads_workbook_dates_and_fractions(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Task_Table1"
    sheet.append(["ID", "Unique ID", "Name", "Duration", "Start", "Finish", "% Complete", "Outline Level"])
    sheet.append([1, 11, "Ledger", "10 days", date(2027, 1, 4), date(2027, 1, 15), 0.25, 1])
    sheet["G2"].number_format = "0%"
    workbook.save(tmp_path / "export.xlsx")
    source = read(tmp_path / "export.xlsx")
    assert source.sheet == "Task_Table1"
    assert [(t.source_id, t.start, t.finish, t.progress) for t in source.tasks] == [
        ("UID 11", date(2027, 1, 4), date(2027, 1, 15), 25)
    ]


# ---------------------------------------------------------------- Jira


def test_jira_export_issues_epics_sub_tasks_and_milestones() -> None:
    source = read(FILES / "jira-export.csv")
    assert source.format is SourceFormat.JIRA
    assert source.problems == []
    tasks = [(t.source_id, t.name, t.level, t.parent_id, t.is_summary, t.milestone) for t in source.tasks]
    assert tasks == [
        ("PAY-1", "Payments cutover", 1, None, True, None),  # an epic
        ("PAY-2", "Freeze payment schema", 2, "PAY-1", False, None),  # Epic Link PAY-1
        ("PAY-3", "Migrate payment ledger", 2, "PAY-1", True, None),  # its sub-task holds the work
        ("PAY-4", "Reconcile ledger totals", 3, "PAY-3", False, None),  # Parent id 10003
        ("PAY-5", "Payments live", 2, "PAY-1", False, True),  # Issue Type Milestone
        ("CARD-7", "Card vendor contract", 1, None, False, None),
    ]


def test_jira_export_dates_statuses_and_assignees() -> None:
    source = read(FILES / "jira-export.csv")
    cells = [(t.source_id, t.start, t.finish, t.status, t.owner) for t in source.tasks]
    assert cells == [
        ("PAY-1", None, None, Status.IN_PROGRESS, "Ann Lee"),
        # "Custom field (Start date)" 04/Jan/27, "Due Date" 15/Jan/27 12:00 AM
        ("PAY-2", date(2027, 1, 4), date(2027, 1, 15), Status.DONE, "Ann Lee"),
        (
            "PAY-3",
            date(2027, 1, 18),
            date(2027, 2, 5),
            Status.IN_PROGRESS,
            "Bob Stone",
        ),  # "Code Review": category
        ("PAY-4", date(2027, 2, 8), date(2027, 2, 12), Status.NOT_STARTED, "Chloé Martin"),  # "À faire"
        ("PAY-5", None, date(2027, 2, 26), Status.NOT_STARTED, None),  # "Open"
        ("CARD-7", date(2027, 1, 11), date(2027, 2, 19), Status.BLOCKED, "Dieter Kühn"),
    ]
    assert source.tasks[2].notes == "Move the ledger, then reconcile."
    assert [p.name for p in source.people] == ["Ann Lee", "Bob Stone", "Chloé Martin", "Dieter Kühn"]


def test_jira_blocks_links_both_ways_once_and_links_out_of_the_file() -> None:
    source = read(FILES / "jira-export.csv")
    # PAY-2 blocks PAY-3 (and PAY-3 "is blocked by" PAY-2: the same link); PAY-3 blocks PAY-5.
    assert source.links == [
        SourceLink("PAY-2", "PAY-3", DependencyType.FS),
        SourceLink("PAY-3", "PAY-5", DependencyType.FS),
    ]
    assert messages(source.notices) == [
        "jira-export.csv, row 4, column Outward issue link (Blocks): PAY-9 is not in the file: the link "
        "PAY-3 → PAY-9 is not imported."
    ]


def test_jira_team_choices_and_columns() -> None:
    source = read(FILES / "jira-export.csv")
    assert source.grouping_choices == [
        OUTLINE, "Component/s", "Labels", "Project name", "Project key", "Custom field (Team)",
    ]  # fmt: skip
    assert source.tasks[1].groupings == {
        "Component/s": "Payments",  # the first of its two components
        "Labels": "cutover",  # its first label
        "Project name": "Payments Migration",
        "Project key": "PAY",
        "Custom field (Team)": "Team Falcon",
    }
    assert source.tasks[5].groupings == {
        "Labels": "vendor",
        "Project name": "Card Platform",
        "Project key": "CARD",
    }
    used = {c.source: c.field for c in source.columns}
    assert used["Created"] is None and used["Updated"] is None and used["Custom field (Rank)"] is None
    assert used["Custom field (Start date)"] == "start"
    assert used["Due Date"] == "due"
    assert used["Custom field (Epic Link)"] == used["Parent id"] == used["Parent summary"] == "parent"
    assert used["Inward issue link (Blocks)"] == "blocked_by"
    assert [c.field for c in source.columns if c.source == "Outward issue link (Blocks)"] == [
        "blocks",
        "blocks",
    ]
    assert len(source.columns) == 38


JIRA_HEADER = ["Summary", "Issue key", "Issue id", "Issue Type", "Status", "Status Category", "Due date"]


def test_jira_statuses_in_other_languages_and_unknown_ones(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "jira.csv",
        [*JIRA_HEADER, "Parent summary"],
        ["Extract", "OPS-1", "1", "Task", "En cours", "", "", ""],
        ["Load", "OPS-2", "2", "Task", "Erledigt", "", "", ""],
        ["Check", "OPS-3", "3", "Task", "QA sign-off", "Done", "", ""],
        ["Archive", "OPS-4", "4", "Task", "Parked", "", "", "Nowhere"],
    )
    source = read(path)
    assert [t.status for t in source.tasks] == [Status.IN_PROGRESS, Status.DONE, Status.DONE, None]
    assert messages(source.notices) == [
        'jira.csv, row 5, column Status: OPS-4: the status "Parked" is not known; it is left empty.',
        "jira.csv, row 5, column Parent summary: OPS-4: its parent Nowhere is not in the file.",
    ]


def test_jira_parent_by_summary_and_a_parent_loop(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "jira.csv",
        ["Summary", "Issue key", "Issue id", "Issue Type", "Parent", "Parent summary"],
        ["Cutover", "OPS-1", "101", "Epic", "", ""],
        ["Rehearse", "OPS-2", "102", "Story", "", "Cutover"],
        ["Loop A", "OPS-3", "103", "Story", "104", ""],
        ["Loop B", "OPS-4", "104", "Story", "103", ""],
        ["Below the loop", "OPS-5", "105", "Sub-task", "104", ""],
    )
    source = read(path)
    assert [(t.source_id, t.parent_id, t.level) for t in source.tasks] == [
        ("OPS-1", None, 1),
        ("OPS-2", "OPS-1", 2),
        ("OPS-3", None, 1),
        ("OPS-4", "OPS-3", 2),
        ("OPS-5", "OPS-4", 3),
    ]
    assert messages(source.problems) == ["jira.csv, row 4: OPS-3 is among its own parents."]


def test_jira_target_dates_plain_start_date_and_the_first_filled_component(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "jira.csv",
        ["Summary", "Issue key", "Component/s", "Component/s", "Custom field (Target start)",
         "Custom field (Target end)"],
        ["Extract", "OPS-1", "", "Ledger", "11/Jan/27", "22/Jan/27"],
    )  # fmt: skip
    source = read(path)
    assert (source.tasks[0].start, source.tasks[0].finish) == (date(2027, 1, 11), date(2027, 1, 22))
    assert source.tasks[0].groupings == {"Component/s": "Ledger"}
    path = write_csv(
        tmp_path / "jira.csv",
        ["Summary", "Issue key", "Start date", "Due date", "Custom field (Target end)"],
        ["Extract", "OPS-1", "January 11, 2027", "", "22/Jan/27"],
    )
    assert (read(path).tasks[0].start, read(path).tasks[0].finish) == (date(2027, 1, 11), date(2027, 1, 22))


def test_a_long_jira_description_is_cut_with_a_notice(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "jira.csv",
        ["Summary", "Issue key", "Issue id", "Description"],
        ["Extract", "OPS-1", "20001", "log line\n" * 2600],
    )
    source = read(path)
    assert source.problems == []
    notes = source.tasks[0].notes
    assert notes is not None and len(notes) == 20_000 and notes.startswith("log line\nlog line")
    assert messages(source.notices) == [
        "jira.csv, row 2, column Description: the notes are 23,399 characters long: the first 20,000 are "
        "imported."
    ]


def test_a_jira_export_without_its_key_column_is_a_problem(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "jira.csv", ["Summary", "Issue Type", "Status"], ["Extract", "Task", "To Do"])
    source = read(path)
    assert source.tasks == []
    assert messages(source.problems) == [
        'jira.csv, row 1: no "Issue Key" column: the Jira export cannot be read without it.'
    ]


def test_jira_issues_without_a_key_or_twice_are_problems(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "jira.csv",
        JIRA_HEADER,
        ["Extract", "OPS-1", "1", "Task", "To Do", "", ""],
        ["Again", "ops-1", "2", "Task", "To Do", "", ""],
        ["Keyless", "", "3", "Task", "To Do", "", ""],
    )
    assert messages(read(path).problems) == [
        "jira.csv, row 3: OPS-1 is also on row 2: each issue once.",
        "jira.csv, row 4, column Issue key: the issue has no key.",
    ]


def test_jira_dates_in_numbers_need_the_order_when_none_proves_it(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "jira.csv",
        JIRA_HEADER,
        ["Extract", "OPS-1", "1", "Task", "To Do", "To Do", "03/04/2027"],
        ["Load", "OPS-2", "2", "Task", "To Do", "To Do", "05/04/2027"],
    )
    source = read(path)
    assert source.date_order_needed is True
    assert [p.column for p in source.problems] == ["Due date"]
    chosen = read(path, ImportChoices(date_order="dmy"))
    assert chosen.problems == []
    assert [t.finish for t in chosen.tasks] == [date(2027, 4, 3), date(2027, 4, 5)]


def test_a_jira_export_of_500_columns_is_read(tmp_path: Path) -> None:
    fixture = read_table(FILES / "jira-export.csv")
    extra = [f"Custom field (Field {n})" for n in range(1, 500 - len(fixture.header) + 1)]
    header = fixture.header + extra
    rows = []
    for row in fixture.rows:
        values = [str(c.value or "") for c in row.cells] + [""] * (len(header) - len(row.cells))
        rows.append(values)
    rows[1][header.index("Custom field (Field 7)")] = "Wave A"  # a custom text field PAY-2 uses
    rows[1][header.index("Custom field (Field 8)")] = "13"  # a number field is no team
    path = write_csv(tmp_path / "wide-jira.csv", header, *rows)
    table = read_table(path)
    assert len(table.header) == 500
    source = read_table_source(table)
    assert source.problems == []
    assert len(source.columns) == 500
    assert [t.source_id for t in source.tasks] == ["PAY-1", "PAY-2", "PAY-3", "PAY-4", "PAY-5", "CARD-7"]
    assert source.grouping_choices == [
        OUTLINE, "Component/s", "Labels", "Project name", "Project key", "Custom field (Team)",
        "Custom field (Field 7)",
    ]  # fmt: skip
    assert source.tasks[1].groupings["Custom field (Field 7)"] == "Wave A"


def test_more_than_1000_columns_are_refused_plainly(tmp_path: Path) -> None:
    header = ["Summary", "Issue key"] + [f"Custom field (Field {n})" for n in range(1, 1000)]
    path = write_csv(tmp_path / "too-wide.csv", header, ["Extract", "OPS-1"])
    with pytest.raises(PlanFileError) as caught:
        read_table(path)
    assert str(caught.value) == (
        'too-wide.csv: the header row (row 1) has "Custom field (Field 999)" in column ALM; a plan has at '
        "most 1,000 columns. Delete the columns after ALL and import again."
    )


# ---------------------------------------------------------------- Smartsheet


def test_smartsheet_csv_export_is_flat_with_row_number_links() -> None:
    source = read(FILES / "smartsheet-export.csv")
    assert source.format is SourceFormat.SMARTSHEET
    assert source.problems == []
    tasks = [
        (t.source_id, t.name, t.level, t.is_summary, t.start, t.finish, t.milestone, t.progress, t.status)
        for t in source.tasks
    ]
    assert tasks == [  # "01/18/27" proves month/day
        ("Row 1", "Discovery", 1, False, date(2027, 1, 4), date(2027, 1, 15), False, 100, Status.DONE),
        (
            "Row 2",
            "Data mapping",
            1,
            False,
            date(2027, 1, 18),
            date(2027, 1, 29),
            False,
            50,
            Status.IN_PROGRESS,
        ),
        (
            "Row 3",
            "Cutover plan",
            1,
            False,
            date(2027, 1, 18),
            date(2027, 1, 22),
            False,
            20,
            Status.IN_PROGRESS,
        ),
        (
            "Row 4",
            "Dress rehearsal",
            1,
            False,
            date(2027, 2, 1),
            date(2027, 2, 5),
            False,
            0,
            Status.NOT_STARTED,
        ),
        ("Row 5", "Go live", 1, False, date(2027, 2, 8), date(2027, 2, 8), True, 0, Status.NOT_STARTED),
    ]
    assert source.links == [
        SourceLink("Row 1", "Row 2", DependencyType.FS, 0),
        SourceLink("Row 1", "Row 3", DependencyType.SS, 0),
        SourceLink("Row 2", "Row 4", DependencyType.FS, 0),
        SourceLink("Row 3", "Row 4", DependencyType.FS, 2),  # "3FS +2d"
        SourceLink("Row 4", "Row 5", DependencyType.FS, 0),
    ]
    assert messages(source.notices) == [
        "smartsheet-export.csv: the sheet has no hierarchy (a Smartsheet CSV export keeps none; its Excel "
        "export keeps the indentation): every row is read as a task."
    ]
    assert source.people == [
        SourcePerson("ann.lee@bank.example", "ann.lee@bank.example"),
        SourcePerson("bob.stone@bank.example", "bob.stone@bank.example"),
    ]
    assert source.grouping_choices == ["Department"]
    assert source.tasks[1].notes == "Mapping sheet v3"
    assert [c.field for c in source.columns] == [
        "title", "start", "due", "duration", "depends_on", "progress", "owner", "status", "description",
        "team",
    ]  # fmt: skip


def smartsheet_workbook(path: Path, primary: str = "Task Name") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Payments Plan"
    sheet.append(
        [primary, "Duration", "Start", "Finish", "Predecessors", "% Complete", "Assigned To", "Status"]
    )
    rows = [
        (0, "Payments programme", "20d", date(2027, 1, 4), date(2027, 1, 29), "", 0.4, "", "In Progress"),
        (1, "Discovery", "5d", date(2027, 1, 4), date(2027, 1, 8), "", 1.0, "Ann Lee", "Complete"),
        (
            1,
            "Data mapping",
            "10d",
            date(2027, 1, 11),
            date(2027, 1, 22),
            "2",
            0.5,
            "Bob Stone",
            "In Progress",
        ),
        (0, "Cutover", "6d", date(2027, 1, 25), date(2027, 2, 1), "1", 0.0, "", "Not Started"),
        (
            1,
            "Dress rehearsal",
            "5d",
            date(2027, 1, 25),
            date(2027, 1, 29),
            "3FS +1w",
            0.0,
            "Ann Lee",
            "Not Started",
        ),
        (2, "Go live", "0", date(2027, 2, 1), date(2027, 2, 1), "5", 0.0, "", "Not Started"),
    ]
    for indent, name, *rest in rows:
        sheet.append([name, *rest])
        sheet.cell(sheet.max_row, 1).alignment = Alignment(indent=indent)
        sheet.cell(sheet.max_row, 6).number_format = "0%"
    workbook.save(path)
    return path


def test_a_workbook_cell_keeps_its_indent(tmp_path: Path) -> None:
    table = read_table(smartsheet_workbook(tmp_path / "plan.xlsx"))
    assert [row.cell(0).indent for row in table.rows] == [0, 1, 1, 0, 1, 2]
    assert [row.cell(1).indent for row in table.rows] == [0, 0, 0, 0, 0, 0]


def test_smartsheet_excel_export_hierarchy_by_indentation(tmp_path: Path) -> None:
    source = read(smartsheet_workbook(tmp_path / "plan.xlsx"))
    assert source.format is SourceFormat.SMARTSHEET
    assert source.sheet == "Payments Plan"
    assert source.problems == [] and source.notices == []
    tasks = [
        (t.source_id, t.name, t.level, t.parent_id, t.is_summary, t.progress, t.milestone)
        for t in source.tasks
    ]
    assert tasks == [
        ("Row 1", "Payments programme", 1, None, True, 40, False),
        ("Row 2", "Discovery", 2, "Row 1", False, 100, False),
        ("Row 3", "Data mapping", 2, "Row 1", False, 50, False),
        ("Row 4", "Cutover", 1, None, True, 0, False),
        ("Row 5", "Dress rehearsal", 2, "Row 4", True, 0, False),
        ("Row 6", "Go live", 3, "Row 5", False, 0, True),
    ]
    assert source.links == [
        SourceLink("Row 2", "Row 3", DependencyType.FS, 0),
        SourceLink("Row 1", "Row 4", DependencyType.FS, 0),
        SourceLink("Row 3", "Row 5", DependencyType.FS, 5),
        SourceLink("Row 5", "Row 6", DependencyType.FS, 0),
    ]
    assert source.grouping_choices == [OUTLINE]


def test_smartsheet_primary_column_of_any_name(tmp_path: Path) -> None:
    source = read(smartsheet_workbook(tmp_path / "plan.xlsx", primary="Workstream"))
    assert source.format is SourceFormat.SMARTSHEET
    assert [t.name for t in source.tasks][:2] == ["Payments programme", "Discovery"]
    assert source.columns[0] == ColumnUse("Workstream", "title")


SMART_HEADER = ["Task Name", "Start", "Finish", "Duration", "Predecessors"]


def test_smartsheet_csv_hierarchy_from_a_level_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sheet.csv",
        [*SMART_HEADER, "Level"],
        ["Cutover", "2027-01-04", "2027-01-15", "10d", "", "0"],
        ["Rehearse", "2027-01-04", "2027-01-08", "5d", "", "1"],
        ["Go live", "2027-01-15", "2027-01-15", "0d", "2", "1"],
    )
    source = read(path)
    assert source.notices == []
    assert [(t.source_id, t.level, t.parent_id, t.is_summary) for t in source.tasks] == [
        ("Row 1", 1, None, True),
        ("Row 2", 2, "Row 1", False),
        ("Row 3", 2, "Row 1", False),
    ]


def test_smartsheet_csv_hierarchy_from_a_parent_column(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sheet.csv",
        [*SMART_HEADER, "Parent", "Row ID"],
        ["Cutover", "2027-01-04", "2027-01-15", "10d", "", "", "A-1"],
        ["Rehearse", "2027-01-04", "2027-01-08", "5d", "", "Cutover", "A-2"],
        ["Go live", "2027-01-15", "2027-01-15", "0d", "2", "1", "A-3"],
        ["Stray", "2027-01-15", "2027-01-15", "1d", "", "Elsewhere", "A-4"],
    )
    source = read(path)
    assert [(t.source_id, t.level, t.parent_id, t.is_summary) for t in source.tasks] == [
        ("Row A-1", 1, None, True),
        ("Row A-2", 2, "Row A-1", False),
        ("Row A-3", 2, "Row A-1", False),
        ("Row A-4", 1, None, False),
    ]
    assert source.links == [SourceLink("Row A-2", "Row A-3", DependencyType.FS, 0)]
    assert messages(source.notices) == [
        'sheet.csv, row 5, column Parent: the parent "Elsewhere" is not a row of the sheet.'
    ]


def test_smartsheet_rows_without_a_name_and_links_to_missing_rows(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sheet.csv",
        SMART_HEADER,
        ["Cutover", "2027-01-04", "2027-01-15", "10d", "9"],
        ["", "2027-01-04", "2027-01-08", "5d", ""],
        ["Go live", "2027-01-15", "2027-01-15", "0d", "2"],
    )
    source = read(path)
    assert [(t.source_id, t.skip_reason) for t in source.tasks] == [
        ("Row 1", None),
        ("Row 2", "a row without a task name"),
        ("Row 3", None),
    ]
    assert source.links == []
    assert messages(source.notices) == [
        "sheet.csv, row 3: row 2 has no task name: it is not imported.",
        "sheet.csv: the sheet has no hierarchy (a Smartsheet CSV export keeps none; its Excel export keeps "
        "the indentation): every row is read as a task.",
        'sheet.csv, row 2, column Predecessors: "9": there is no row 9 in the file; the link is not '
        "imported.",
        'sheet.csv, row 4, column Predecessors: "2": row 2 is not imported (a row without a task name), nor '
        "its link.",
    ]


def test_smartsheet_assigned_to_several_people_takes_the_first(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sheet.csv",
        [*SMART_HEADER, "Assigned To"],
        ["Cutover", "2027-01-04", "2027-01-15", "10d", "", "ann.lee@bank.example, bob.stone@bank.example"],
    )
    source = read(path)
    assert source.tasks[0].owner == "ann.lee@bank.example"
    assert messages(source.notices)[0] == (
        'sheet.csv, row 2, column Assigned To: "Cutover" has 2 people assigned: ann.lee@bank.example is '
        "its owner."
    )


def test_smartsheet_dates_that_prove_no_order(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "sheet.csv",
        SMART_HEADER,
        ["Cutover", "01/04/27", "01/08/27", "5d", ""],
        ["Go live", "02/03/27", "02/03/27", "0", "1"],
    )
    source = read(path)
    assert source.date_order_needed is True
    assert [p.column for p in source.problems] == ["Start", "Finish"]
    assert [(t.start, t.finish) for t in read(path, ImportChoices(date_order="mdy")).tasks] == [
        (date(2027, 1, 4), date(2027, 1, 8)),
        (date(2027, 2, 3), date(2027, 2, 3)),
    ]
