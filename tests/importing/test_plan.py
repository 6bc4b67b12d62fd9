"""Understanding a plan table: aliases, values, predecessors, problems and loops."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from migrator.domain.model import DependencyType, Status
from migrator.importing.plan import (
    CellProblemError,
    ExistingLink,
    ExistingWorkstream,
    PlanProblem,
    match_columns,
    parse_link_suffix,
    parse_progress,
    parse_status,
    read_plan,
)
from migrator.importing.readers import Cell, CellValue, SheetRow, Table


def table(header: list[str], *rows: list[CellValue], sheet: str = "Plan") -> Table:
    body = [SheetRow(number, [Cell(v) for v in row]) for number, row in enumerate(rows, start=2)]
    return Table(sheet, 1, header, body)


def messages(plan_problems: list[PlanProblem]) -> list[str]:
    return [str(p) for p in plan_problems]


def test_headers_of_ms_project_jira_and_smartsheet_are_recognised() -> None:
    ms_project = ["ID", "Unique ID", "Task Name", "Resource Names", "Start", "Finish", "% Complete",
                  "Predecessors", "Notes"]  # fmt: skip
    columns = match_columns(ms_project)
    assert columns == {
        "key": 0, "title": 2, "owner": 3, "start": 4, "due": 5, "progress": 6, "depends_on": 7,
        "description": 8,
    }  # fmt: skip
    jira = match_columns(["Issue key", "SUMMARY", "assignee", "Status", "Due date"])
    assert jira == {"key": 0, "title": 1, "owner": 2, "status": 3, "due": 4}
    gantt = match_columns(["ID", "Name", "Begin date", "End date", "Completion", "Coordinator"])
    assert set(gantt) == {"key", "title", "start", "due", "progress", "owner"}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Not started", Status.NOT_STARTED), ("IN_PROGRESS", Status.IN_PROGRESS),
        ("to do", Status.NOT_STARTED),
        ("Backlog", Status.NOT_STARTED), ("WIP", Status.IN_PROGRESS), ("In Review", Status.IN_PROGRESS),
        ("Resolved", Status.DONE), ("completed", Status.DONE), ("On hold", Status.BLOCKED),
        ("Won't Do", Status.CANCELLED), ("canceled", Status.CANCELLED), ("dropped", Status.CANCELLED),
    ],
)  # fmt: skip
def test_status_labels_and_synonyms(text: str, status: Status) -> None:
    assert parse_status(text) == status


def test_unknown_status_says_which_labels_work() -> None:
    with pytest.raises(CellProblemError, match=r'"maybe" is not a status .*not started, in progress'):
        parse_status("maybe")


def test_progress_from_percent_cells_text_and_numbers() -> None:
    assert parse_progress(Cell(0.4, "0%")) == 40
    assert parse_progress(Cell(0.29, "0.00%")) == 29
    assert parse_progress(Cell("40%")) == 40
    assert parse_progress(Cell(75)) == 75
    assert parse_progress(Cell(None)) is None
    with pytest.raises(CellProblemError, match="from 0 to 100 percent, not 140"):
        parse_progress(Cell(140))


@pytest.mark.parametrize(
    ("token", "reference", "link_type", "lag"),
    [
        ("BNK-3FS+2d", "BNK-3", DependencyType.FS, 2),
        ("OPS-1SS", "OPS-1", DependencyType.SS, 0),
        ("LEG-2FF-1 day", "LEG-2", DependencyType.FF, -1),
        ("7FS+3 days", "7", DependencyType.FS, 3),
        ("12sf+2w", "12", DependencyType.SF, 10),
        ("Data load FS + 1 week", "Data load", DependencyType.FS, 5),
        # A team code can hold the letters of a link type: the type is the last one in the token.
        ("OFS-3SS", "OFS-3", DependencyType.SS, 0),
        ("SSO-12FF+2d", "SSO-12", DependencyType.FF, 2),
        ("FSA-1FS-1", "FSA-1", DependencyType.FS, -1),
    ],
)
def test_ms_project_predecessor_notation(
    token: str, reference: str, link_type: DependencyType, lag: int
) -> None:
    spec = parse_link_suffix(token)
    assert spec is not None
    assert (spec.reference, spec.type, spec.lag) == (reference, link_type, lag)


def test_a_key_is_not_split_into_a_reference_and_a_lag() -> None:
    assert parse_link_suffix("BNK-3") is None


@pytest.mark.parametrize(
    ("token", "why"), [("4FS+1.5d", "whole number"), ("4FS+2ed", "elapsed"), ("4FS+2h", "unit")]
)
def test_lags_that_are_not_whole_working_days_are_problems(token: str, why: str) -> None:
    with pytest.raises(CellProblemError, match=why):
        parse_link_suffix(token)


def test_every_cell_problem_is_reported_with_sheet_row_and_column() -> None:
    plan = read_plan(
        table(
            ["Workstream", "Start", "Due", "Progress", "Milestone"],
            ["Ledger", "2027-03-01", "next week", 10, "no"],
            ["Cards", "2027-03-01T08:00:00", "2027-03-05 17:00", 140, "maybe"],
        )
    )
    assert messages(plan.problems) == [
        'Plan, row 2, column Due: "next week" is not a date (use YYYY-MM-DD).',
        "Plan, row 3, column Progress: Progress must be from 0 to 100 percent, not 140.",
        'Plan, row 3, column Milestone: "maybe" is not yes or no.',
    ]
    assert plan.rows[1].start == date(2027, 3, 1)
    assert plan.rows[1].due == date(2027, 3, 5)


def test_dates_that_can_only_be_typos_are_problems_with_their_cell() -> None:
    plan = read_plan(
        table(
            ["Workstream", "Start", "Due"],
            ["Ledger", "2027-03-01", "2207-03-05"],
            ["Cards", datetime(1927, 3, 1), "2027-03-05"],
        )
    )
    assert messages(plan.problems) == [
        "Plan, row 2, column Due: 2207-03-05 looks like a typo: plan dates fall between 2000 and 2099.",
        "Plan, row 3, column Start: 1927-03-01 looks like a typo: plan dates fall between 2000 and 2099.",
    ]


def test_due_before_start_uses_the_domain_rule_message() -> None:
    plan = read_plan(
        table(
            ["Key", "Workstream", "Start", "Finish"], ["BNK-1", "Ledger", datetime(2027, 3, 5), "2027-03-01"]
        )
    )
    assert messages(plan.problems) == [
        "Plan, row 2, column Finish: BNK-1: due date 2027-03-01 is before start date 2027-03-05."
    ]


def test_empty_title_duplicate_keys_and_missing_column() -> None:
    plan = read_plan(table(["Key", "Title"], ["BNK-1", "Ledger"], ["bnk-1", "Ledger again"], ["BNK-2", "  "]))
    assert messages(plan.problems) == [
        "Plan, row 3, column Key: BNK-1 is also on row 2: each workstream once.",
        "Plan, row 4, column Title: the title cannot be empty.",
    ]
    missing = read_plan(table(["Key", "Owner"], ["BNK-1", "Ann"]))
    assert len(missing.problems) == 1
    assert "no Workstream column" in str(missing.problems[0])
    assert "headers found: Key, Owner" in str(missing.problems[0])


def test_an_empty_sheet_is_a_problem() -> None:
    plan = read_plan(Table("Plan", 0, [], []))
    assert messages(plan.problems) == [
        "Plan: the sheet is empty: it needs a header row and one row per workstream."
    ]


def test_predecessors_by_key_id_and_title_with_types_and_lags() -> None:
    plan = read_plan(
        table(
            ["ID", "Task Name", "Predecessors"],
            [1, "Access", None],
            [2, "Build", "Access"],  # ends in "ss" but is a title, not "Acce" + SS
            [3, "Test", "1FS+2d; 2SS"],
            [4, "Ship", "Test FF-1 day"],
        )
    )
    assert plan.problems == []
    links = [[(link.predecessor, link.type.value, link.lag) for link in row.links] for row in plan.rows]
    assert links == [[], [(0, "FS", 0)], [(0, "FS", 2), (1, "SS", 0)], [(2, "FF", -1)]]
    assert plan.rows[0].source_ref == "1"


def test_unknown_duplicate_and_self_predecessors() -> None:
    plan = read_plan(
        table(
            ["Key", "Workstream", "Depends on"],
            ["BNK-1", "Ledger", "BNK-9, BNK-1"],
            ["BNK-2", "Cards", "BNK-1, bnk-1"],
        )
    )
    assert messages(plan.problems) == [
        'Plan, row 2, column Depends on: "BNK-9" is not a key, ID or title of a workstream in the plan '
        "or the file.",
        'Plan, row 2, column Depends on: "BNK-1" is this workstream itself.',
        'Plan, row 3, column Depends on: "bnk-1" is listed twice.',
    ]


def test_a_loop_in_the_plan_shows_its_keys() -> None:
    plan = read_plan(
        table(
            ["Key", "Workstream", "Depends on"],
            ["BNK-3", "Ledger", "OPS-7"],
            ["OPS-7", "Cards", "BNK-3FS+2d"],
        )
    )
    assert len(plan.problems) == 1
    text = str(plan.problems[0])
    assert text.startswith("Plan, row 2, column Depends on: the dependencies form a loop: ")
    assert text.endswith(("BNK-3 → OPS-7 → BNK-3", "OPS-7 → BNK-3 → OPS-7"))


def test_a_loop_closed_with_links_already_in_the_file() -> None:
    existing = [
        ExistingWorkstream("BNK-3", "Ledger", None, None, None, False),
        ExistingWorkstream("OPS-7", "Cards", None, None, None, False),
    ]
    in_file = [ExistingLink("BNK-3", "OPS-7", DependencyType.FS, 0)]  # OPS-7 waits for BNK-3
    plan = read_plan(
        table(["Key", "Workstream", "Depends on"], ["BNK-3", "Ledger", "OPS-7"]), existing, in_file
    )
    assert len(plan.problems) == 1
    assert "loop: BNK-3 → OPS-7 → BNK-3" in str(plan.problems[0]) or "OPS-7 → BNK-3 → OPS-7" in str(
        plan.problems[0]
    )
    # When the plan also restates OPS-7's predecessors without BNK-3, the old link goes: no loop.
    replan = read_plan(
        table(["Key", "Workstream", "Depends on"], ["BNK-3", "Ledger", "OPS-7"], ["OPS-7", "Cards", None]),
        existing,
        in_file,
    )
    assert replan.problems == []


def test_rows_match_the_file_by_key_or_source_ref_and_dates_merge() -> None:
    existing = [
        ExistingWorkstream("BNK-3", "Ledger", None, date(2027, 3, 1), date(2027, 3, 31), False),
        ExistingWorkstream("OPS-1", "Cards", "1.2", None, None, False),
    ]
    plan = read_plan(
        table(
            ["Key", "Workstream", "Start"],
            ["bnk-3", None, "2027-04-15"],
            ["1.2", "Cards v2", None],
            ["NEW-1", "New", None],
        ),
        existing,
    )
    assert [row.existing_key for row in plan.rows] == ["BNK-3", "OPS-1", None]
    # The new start is after the due date already in the file.
    assert messages(plan.problems) == [
        "Plan, row 2, column Start: BNK-3: due date 2027-03-31 is before start date 2027-04-15."
    ]


def test_text_is_kept_as_given_never_evaluated() -> None:
    plan = read_plan(table(["Workstream", "Notes"], ['=HYPERLINK("http://x","y")', "+1 for this"]))
    assert plan.problems == []
    assert plan.rows[0].title == '=HYPERLINK("http://x","y")'
    assert plan.rows[0].description == "+1 for this"


def test_the_demo_writes_its_links_in_the_same_notation() -> None:
    # The demo's "wave1 SS-11: temporary agents start two weeks before wave 1" (the note is the demo's).
    spec = parse_link_suffix("wave1 SS-11")
    assert spec is not None
    assert (spec.reference, spec.type, spec.lag) == ("wave1", DependencyType.SS, -11)
