"""Exports of MS Project, Jira and Smartsheet read as the tool wrote them: which tool, the columns,
the outline, the links with their lags, the dates in the file's own order, and what is skipped."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from migrator.domain.model import DependencyType
from migrator.importing.readers import SheetRow, Table, read_table
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
        (["Issue id", "Summary"], SourceFormat.JIRA),
        (["Summary", "Issue Type", "Status"], SourceFormat.JIRA),
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


def test_a_chosen_column_that_does_not_exist_is_a_problem(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "plan.csv", MS_HEADER, ["1", "A", "1 day", "2027-01-04", "2027-01-04", "", "1"]
    )
    source = read(path, ImportChoices(columns={"due": "Deadline", "colour": "Name"}))
    assert messages(source.problems) == [
        'plan.csv, column Deadline: the file has no column "Deadline" to read due from.',
        'plan.csv: "colour" is not a field of a MS Project export table.',
    ]


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
