"""Reading GanttProject plans (.gan): every reading rule, and the files that are refused."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from migrator.domain.model import DependencyType
from migrator.importing import ganttproject
from migrator.importing.ganttproject import read_ganttproject
from migrator.importing.readers import PlanFileError
from migrator.importing.source_plan import (
    OUTLINE,
    ColumnUse,
    SourceFormat,
    SourceLink,
    SourcePerson,
    SourcePlan,
)

FILES = Path(__file__).parent / "files"
FS, SS, FF, SF = DependencyType.FS, DependencyType.SS, DependencyType.FF, DependencyType.SF

WEEK = '<default-week id="1" name="default" sun="1" mon="0" tue="0" wed="0" thu="0" fri="0" sat="1"/>'


def gan(
    tmp_path: Path,
    tasks: str,
    *,
    calendar: str | None = "",
    resources: str = "",
    allocations: str = "",
    roles: str = "",
    properties: str = "",
    previous: str = "",
    name: str = "plan.gan",
) -> Path:
    """A GanttProject 3 file with these tasks; ``calendar`` holds the <date> events (None: no <calendars>)."""
    calendars = (
        ""
        if calendar is None
        else f'<calendars><day-types><day-type id="0"/><day-type id="1"/>{WEEK}<overriden-day-types/><days/>'
        f"</day-types>{calendar}</calendars>"
    )
    path = tmp_path / name
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<project name="Test plan" company="" webLink="" view-date="2027-03-01" view-index="0" '
        'version="3.2.3240" locale="en_GB"><description/>'
        f'{calendars}<tasks empty-milestones="true">'
        f"<taskproperties>{properties}</taskproperties>{tasks}</tasks>"
        f"<resources>{resources}</resources><allocations>{allocations}</allocations>"
        f'<vacations/><previous>{previous}</previous><roles roleset-name="Default"/>{roles}</project>',
        encoding="utf-8",
    )
    return path


def task(
    task_id: str, name: str, start: str = "2027-03-01", duration: str = "5", inner: str = "", **extra: str
) -> str:
    attributes = "".join(f' {key.replace("_", "-")}="{value}"' for key, value in extra.items())
    return (
        f'<task id="{task_id}" name="{name}" color="#8cb6ce" meeting="false" start="{start}" '
        f'duration="{duration}" complete="0" expand="true"{attributes}>{inner}</task>'
    )


def depend(target: str, kind: str = "2", difference: str = "0") -> str:
    return f'<depend id="{target}" type="{kind}" difference="{difference}" hardness="Strong"/>'


def messages(items: list[object]) -> list[str]:
    return [str(item) for item in items]


# ---------------------------------------------------------------- a GanttProject 3 plan


@pytest.fixture(scope="module")
def core_banking() -> SourcePlan:
    return read_ganttproject(FILES / "core-banking.gan")


def test_the_plan_is_named_and_labelled_as_the_file_says(core_banking: SourcePlan) -> None:
    assert core_banking.format is SourceFormat.GANTTPROJECT
    assert core_banking.label == "GanttProject (version 3.2.3240)"
    assert core_banking.sheet == "core-banking.gan"
    assert core_banking.name == "Core banking migration"
    assert core_banking.start == date(2027, 3, 1)  # the earliest task's start
    assert core_banking.finish is None  # GanttProject states no target finish
    assert core_banking.shape == "ganttproject:Team"
    assert core_banking.problems == []


def test_nesting_gives_outline_levels_parents_and_summaries(core_banking: SourcePlan) -> None:
    outline = [
        (t.source_id, t.position, t.name, t.level, t.parent_id, t.is_summary) for t in core_banking.tasks
    ]
    assert outline == [
        ("GP 0", 0, "Card Ops", 1, None, True),
        ("GP 1", 1, "Card data extract", 2, "GP 0", False),
        ("GP 2", 2, "Card cut-over rehearsal", 2, "GP 0", False),
        ("GP 3", 3, "Cards live", 2, "GP 0", False),
        ("GP 4", 4, "Payments", 1, None, True),
        ("GP 5", 5, "SEPA gateway", 2, "GP 4", True),
        ("GP 6", 6, "Gateway build", 3, "GP 5", False),
        ("GP 7", 7, "Gateway test", 3, "GP 5", False),
        ("GP 8", 8, "Year-end freeze check", 2, "GP 4", False),
        ("GP 9", 9, "Decommission mainframe", 1, None, False),
    ]


def test_finish_counts_working_days_past_weekends_and_holidays(core_banking: SourcePlan) -> None:
    dates = {t.name: (t.start, t.finish, t.milestone, t.progress) for t in core_banking.tasks}
    # 10 days from Monday 1 March: two working weeks.
    assert dates["Card data extract"] == (date(2027, 3, 1), date(2027, 3, 12), False, 100)
    # 5 days from Monday 29 March, past Good Friday (2 April, a dated holiday).
    assert dates["Card cut-over rehearsal"] == (date(2027, 3, 29), date(2027, 4, 5), False, 0)
    # meeting="true" with duration 0: a milestone on its start.
    assert dates["Cards live"] == (date(2027, 4, 6), date(2027, 4, 6), True, 0)
    assert dates["Gateway build"] == (date(2027, 3, 15), date(2027, 4, 5), False, 60)
    assert dates["Gateway test"] == (date(2027, 4, 6), date(2027, 4, 8), False, 0)
    # 4 days from Wednesday 29 December, past the yearly 31 December and the weekend.
    assert dates["Year-end freeze check"] == (date(2027, 12, 29), date(2028, 1, 4), False, 0)
    assert dates["Decommission mainframe"] == (date(2028, 1, 5), date(2028, 1, 6), False, 0)
    # A summary's dates are read as the file states them (26 working days from 1 March).
    assert dates["Card Ops"] == (date(2027, 3, 1), date(2027, 4, 6), False, 40)


def test_notes_are_read_from_cdata_with_their_line_breaks(core_banking: SourcePlan) -> None:
    notes = {t.name: t.notes for t in core_banking.tasks if t.notes is not None}
    assert notes == {
        "Card data extract": "Nightly extract from the card ledger.\nOwner signs off the reconciliation."
    }


def test_baseline_dates_come_from_the_first_baseline(core_banking: SourcePlan) -> None:
    baselines = {
        t.name: (t.baseline_start, t.baseline_finish) for t in core_banking.tasks if t.baseline_start
    }
    assert baselines == {
        "Card Ops": (date(2027, 3, 1), date(2027, 3, 26)),  # 20 days
        "Card data extract": (date(2027, 3, 1), date(2027, 3, 10)),  # 8 days, not the re-plan's 10
        "Card cut-over rehearsal": (date(2027, 3, 22), date(2027, 3, 26)),
        "Cards live": (date(2027, 3, 29), date(2027, 3, 29)),  # a milestone
        "Gateway build": (date(2027, 3, 15), date(2027, 3, 30)),  # 12 days
    }  # task 21 of the baseline no longer exists; the other tasks were added after it


def test_depend_elements_become_links_from_the_task_that_holds_them(core_banking: SourcePlan) -> None:
    assert core_banking.links == [
        SourceLink("GP 1", "GP 2", FS, 0),
        SourceLink("GP 2", "GP 3", FS, 1),  # a rubber link keeps its lag
        SourceLink("GP 5", "GP 8", SF, 0),  # from a summary: the mapping re-attaches it to its tasks
        SourceLink("GP 6", "GP 7", SS, -2),
        SourceLink("GP 7", "GP 3", FF, 0),
        SourceLink("GP 8", "GP 9", FS, 0),
    ]


def test_owners_come_from_the_responsible_allocation_else_the_largest_load(core_banking: SourcePlan) -> None:
    owners = {t.name: t.owner for t in core_banking.tasks if t.owner is not None}
    assert owners == {
        "Card data extract": "Ann Dupont",  # responsible, over Bob's equal load
        "Card cut-over rehearsal": "Bob Martin",  # responsible at 50%
        "Gateway build": "Chen Li",  # two responsible at 100%: the first
        "Gateway test": "Dana Smith",  # the only allocation, not marked responsible
        "Year-end freeze check": "Dana Smith",  # none responsible: 100% over Chen's 50%
    }


def test_people_carry_their_email_and_role(core_banking: SourcePlan) -> None:
    assert core_banking.people == [
        SourcePerson("Ann Dupont", "ann.dupont@bank.example", "Project manager"),  # Default:1
        SourcePerson("Bob Martin", None, "Card specialist"),  # contacts holds a phone number
        SourcePerson("Chen Li", "chen.li@bank.example", "Payments engineer"),
        SourcePerson("Dana Smith", "dana.smith@bank.example", "Tester"),  # SoftwareDevelopment:4
    ]


def test_roles_and_text_custom_properties_are_team_choices(core_banking: SourcePlan) -> None:
    assert core_banking.grouping_choices == [OUTLINE, "Role", "Team"]
    groupings = {t.name: t.groupings for t in core_banking.tasks if t.groupings}
    assert groupings == {
        "Card data extract": {"Team": "CARD", "Role": "Project manager"},
        "Card cut-over rehearsal": {"Team": "CARD", "Role": "Card specialist"},
        "Gateway build": {"Team": "PAY", "Role": "Payments engineer"},  # Risk score is a number: no choice
        "Gateway test": {"Team": "PAY", "Role": "Tester"},
        "Year-end freeze check": {"Team": "PAY", "Role": "Tester"},
    }
    assert ColumnUse("Team", None) in core_banking.columns
    assert ColumnUse("task name", "title") in core_banking.columns
    assert ColumnUse("depend", "depends_on") in core_banking.columns


def test_the_calendar_has_the_week_and_holidays_yearly_ones_over_the_plans_years(
    core_banking: SourcePlan,
) -> None:
    assert core_banking.calendar is not None
    assert core_banking.calendar.working_weekdays == frozenset({0, 1, 2, 3, 4})
    assert core_banking.calendar.non_working_days == {
        date(2027, 4, 2): "Good Friday",
        date(2027, 12, 25): "Christmas Day",
        date(2027, 12, 31): "Bank closing day",
        date(2028, 12, 25): "Christmas Day",
        date(2028, 12, 31): "Bank closing day",
    }


def test_what_was_skipped_or_chosen_is_noticed(core_banking: SourcePlan) -> None:
    assert messages(core_banking.notices) == [
        "core-banking.gan, row 8, column depend: the link from 'Year-end freeze check' to task 99 "
        "was skipped: there is no task 99.",
        "core-banking.gan, column baseline: the file has 2 baselines; the first, 'Approved plan', "
        "gives the baseline dates.",
        "core-banking.gan, column allocation: the allocation of resource 2 to task 42 was skipped: "
        "there is no such task.",
        "core-banking.gan, row 6, column allocation: Chen Li and Dana Smith are all responsible for it: "
        "Chen Li is taken as the owner of 'Gateway build' (the first of equal loads).",
        "core-banking.gan, row 8, column allocation: Chen Li and Dana Smith work on it and none is "
        "responsible: Dana Smith is taken as the owner of 'Year-end freeze check' (the largest load).",
    ]


# ---------------------------------------------------------------- a GanttProject 2.0 plan


@pytest.fixture(scope="module")
def branch_cutover() -> SourcePlan:
    return read_ganttproject(FILES / "branch-cutover-gp2.gan")


def test_a_gp2_file_with_a_sunday_to_thursday_week(branch_cutover: SourcePlan) -> None:
    assert branch_cutover.label == "GanttProject (version 2.0)"
    assert branch_cutover.name == "Branch network cut-over"
    assert branch_cutover.problems == []
    rows = [
        (t.source_id, t.level, t.is_summary, t.start, t.finish, t.milestone) for t in branch_cutover.tasks
    ]
    assert rows == [
        # Sunday 2 May to Thursday 6 May.
        ("GP 0", 1, False, date(2027, 5, 2), date(2027, 5, 6), False),
        # 4 days from Sunday 9 May, past the yearly Tuesday 11 May.
        ("GP 1", 1, False, date(2027, 5, 9), date(2027, 5, 13), False),
        # Thursday 13 May, then Friday 14 May, a weekend day marked WORKING_DAY.
        ("GP 2", 1, False, date(2027, 5, 13), date(2027, 5, 14), False),
        # An old-style milestone: meeting="true" with a duration of 1.
        ("GP 3", 1, False, date(2027, 5, 16), date(2027, 5, 16), True),
    ]
    assert branch_cutover.calendar is not None
    assert branch_cutover.calendar.working_weekdays == frozenset({6, 0, 1, 2, 3})
    # The yearly day has no name; the neutral day (16 May) is only a note.
    assert branch_cutover.calendar.non_working_days == {date(2027, 5, 11): ""}


def test_a_gp2_depend_without_type_is_finish_to_start(branch_cutover: SourcePlan) -> None:
    assert branch_cutover.links == [
        SourceLink("GP 0", "GP 1", FS, 0),
        SourceLink("GP 1", "GP 2", FS, 0),
        SourceLink("GP 2", "GP 3", FS, 2),
    ]


def test_a_gp2_allocation_without_responsible_and_the_undefined_role(branch_cutover: SourcePlan) -> None:
    assert [(t.name, t.owner, t.groupings) for t in branch_cutover.tasks] == [
        ("Survey branches", "Omar Haddad", {}),  # Default:0 is "Undefined": no role
        ("Install routers", "Lina Saleh", {"Role": "Developer"}),
        ("Cut-over", "Omar Haddad", {}),
        ("Branches live", None, {}),
    ]
    assert branch_cutover.grouping_choices == ["Role"]  # flat: no summary tasks
    assert branch_cutover.people == [
        SourcePerson("Omar Haddad", None, None),
        SourcePerson("Lina Saleh", "lina.saleh@branches.example", "Developer"),
    ]
    assert messages(branch_cutover.notices) == [
        "branch-cutover-gp2.gan, column calendar: 2027-05-14 is a working day in GanttProject: task dates "
        "count it, but Migrator's calendar keeps only the working week and non-working days.",
        "branch-cutover-gp2.gan, row 1, column allocation: Lina Saleh and Omar Haddad work on it and none is "
        "responsible: Lina Saleh is taken as the owner of 'Install routers' (the largest load).",
    ]


# ---------------------------------------------------------------- links


@pytest.mark.parametrize(
    ("kind", "difference", "expected_type", "expected_lag"),
    [("1", "0", SS, 0), ("2", "3", FS, 3), ("3", "-1", FF, -1), ("4", "2", SF, 2), ("", "", FS, 0)],
)
def test_each_dependency_type_and_difference(
    tmp_path: Path, kind: str, difference: str, expected_type: DependencyType, expected_lag: int
) -> None:
    plan = read_ganttproject(
        gan(tmp_path, task("1", "Build", inner=depend("2", kind, difference)) + task("2", "Test"))
    )
    assert plan.links == [SourceLink("GP 1", "GP 2", expected_type, expected_lag)]
    assert plan.problems == []


def test_a_link_of_an_unknown_type_or_a_fractional_lag_is_a_problem(tmp_path: Path) -> None:
    links = depend("2", "7") + depend("3", "2", "1.5")
    plan = read_ganttproject(
        gan(tmp_path, task("1", "Build", inner=links) + task("2", "Test") + task("3", "Ship"))
    )
    assert plan.links == []
    assert messages(plan.problems) == [
        "plan.gan, row 1, column depend: the link from 'Build' to task 2 has an unknown type '7' (1 to 4).",
        "plan.gan, row 1, column depend: the link from 'Build' to task 3 has a lag '1.5' "
        "that is not whole days.",
    ]


def test_links_to_itself_twice_or_to_a_missing_task_are_skipped_with_a_notice(tmp_path: Path) -> None:
    links = depend("1") + depend("2") + depend("2", "1") + depend("77")
    plan = read_ganttproject(gan(tmp_path, task("1", "Build", inner=links) + task("2", "Test")))
    assert plan.links == [SourceLink("GP 1", "GP 2", FS, 0)]
    assert plan.problems == []
    assert messages(plan.notices) == [
        "plan.gan, row 1, column depend: the link from 'Build' to task 1 was skipped: "
        "it links the task to itself.",
        "plan.gan, row 1, column depend: the link from 'Build' to task 2 is listed twice; "
        "the first one is kept.",
        "plan.gan, row 1, column depend: the link from 'Build' to task 77 was skipped: there is no task 77.",
    ]


def test_a_link_to_a_task_further_down_and_deeper_is_found(tmp_path: Path) -> None:
    tasks = task("3", "Build", inner=depend("12")) + task("10", "Phase", inner=task("12", "Deploy"))
    plan = read_ganttproject(gan(tmp_path, tasks))
    assert plan.links == [SourceLink("GP 3", "GP 12", FS, 0)]


# ---------------------------------------------------------------- tasks


def test_duplicate_task_ids_are_a_problem(tmp_path: Path) -> None:
    plan = read_ganttproject(gan(tmp_path, task("4", "Build") + task("4", "Test")))
    assert [t.name for t in plan.tasks] == ["Build"]
    assert messages(plan.problems) == [
        "plan.gan, row 4, column id: two tasks have the id 4 ('Build' and 'Test'); GanttProject never writes "
        "that, so the file was edited by hand."
    ]


def test_a_task_without_a_numeric_id_is_a_problem(tmp_path: Path) -> None:
    plan = read_ganttproject(gan(tmp_path, task("x1", "Build") + task("2", "Test")))
    assert [t.source_id for t in plan.tasks] == ["GP 2"]
    assert messages(plan.problems) == ["plan.gan, column id: the task 'Build' has no valid id (x1)."]


@pytest.mark.parametrize(
    ("start", "duration", "complete", "message"),
    [
        (
            "01/03/2027",
            "5",
            "0",
            "row 1, column start: '01/03/2027' is not a date (GanttProject writes YYYY-MM-DD).",
        ),
        (
            "2027-02-30",
            "5",
            "0",
            "row 1, column start: '2027-02-30' is not a date (GanttProject writes YYYY-MM-DD).",
        ),
        (
            "2207-03-01",
            "5",
            "0",
            "row 1, column start: 2207-03-01 looks like a typo: plan dates fall between 2000 and 2099.",
        ),
        (
            "2027-03-01",
            "2.5",
            "0",
            "row 1, column duration: '2.5' is not a duration in working days (0 to 36,500).",
        ),
        (
            "2027-03-01",
            "-3",
            "0",
            "row 1, column duration: '-3' is not a duration in working days (0 to 36,500).",
        ),
        (
            "2027-03-01",
            "99999",
            "0",
            "row 1, column duration: '99999' is not a duration in working days (0 to 36,500).",
        ),
        ("2027-03-01", "5", "120", "row 1, column complete: '120' is not a percentage from 0 to 100."),
        ("2027-03-01", "5", "half", "row 1, column complete: 'half' is not a percentage from 0 to 100."),
    ],
)
def test_a_task_value_that_cannot_be_read_is_a_problem(
    tmp_path: Path, start: str, duration: str, complete: str, message: str
) -> None:
    path = gan(
        tmp_path, task("1", "Build", start, duration).replace('complete="0"', f'complete="{complete}"')
    )
    assert messages(read_ganttproject(path).problems) == [f"plan.gan, {message}"]


def test_names_are_trimmed_and_an_empty_name_is_none(tmp_path: Path) -> None:
    plan = read_ganttproject(gan(tmp_path, task("1", "  Card   extract ") + task("2", "")))
    assert [t.name for t in plan.tasks] == ["Card extract", None]


def test_a_start_on_a_weekend_counts_from_the_next_working_day(tmp_path: Path) -> None:
    # Saturday 6 March, 2 days: Monday 8 and Tuesday 9 March.
    plan = read_ganttproject(gan(tmp_path, task("1", "Weekend start", "2027-03-06", "2")))
    assert (plan.tasks[0].start, plan.tasks[0].finish) == (date(2027, 3, 6), date(2027, 3, 9))


def test_a_duration_of_zero_is_a_milestone_even_without_meeting(tmp_path: Path) -> None:
    plan = read_ganttproject(gan(tmp_path, task("1", "Go live", "2027-03-03", "0")))
    assert (plan.tasks[0].milestone, plan.tasks[0].finish) == (True, date(2027, 3, 3))


def test_deep_nesting_is_read_without_recursion(tmp_path: Path) -> None:
    depth = 3000
    nested = "".join(
        f'<task id="{i}" name="Level {i + 1}" start="2027-03-01" duration="1">' for i in range(depth)
    )
    plan = read_ganttproject(gan(tmp_path, nested + "</task>" * depth))
    last = plan.tasks[-1]
    assert (len(plan.tasks), last.level, last.parent_id, last.is_summary) == (3000, 3000, "GP 2998", False)
    assert plan.tasks[0].is_summary is True


def test_a_plan_without_tasks_is_a_problem(tmp_path: Path) -> None:
    assert messages(read_ganttproject(gan(tmp_path, "")).problems) == [
        "plan.gan: the plan has no tasks to import."
    ]


def test_more_tasks_than_a_plan_holds_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ganttproject, "MAX_ROWS", 3)
    path = gan(tmp_path, "".join(task(str(i), f"Task {i}") for i in range(4)))
    with pytest.raises(
        PlanFileError, match=r"^plan.gan has more than 3 tasks; a plan holds at most 3\. Split it"
    ):
        read_ganttproject(path)


def test_a_damaged_baseline_entry_leaves_that_baseline_empty(tmp_path: Path) -> None:
    previous = (
        '<previous-tasks name="">'
        '<previous-task id="1" start="2027-02-31" duration="5" meeting="false" super="false"/>'
        '<previous-task id="2" start="2027-03-01" duration="five" meeting="false" super="false"/>'
        '<previous-task id="3" start="2027-03-01" duration="0" meeting="false" super="false"/>'
        "</previous-tasks>"
    )
    tasks = task("1", "Build") + task("2", "Test") + task("3", "Ship")
    plan = read_ganttproject(gan(tmp_path, tasks, previous=previous))
    assert [(t.baseline_start, t.baseline_finish) for t in plan.tasks] == [
        (None, None),
        (date(2027, 3, 1), None),
        (date(2027, 3, 1), date(2027, 3, 1)),  # a duration of 0: a milestone then
    ]
    assert plan.notices == [] and plan.problems == []


# ---------------------------------------------------------------- calendar


def test_without_calendars_the_week_is_monday_to_friday_and_no_calendar_is_reported(tmp_path: Path) -> None:
    plan = read_ganttproject(gan(tmp_path, task("1", "Build", "2027-03-04", "3"), calendar=None))
    assert plan.calendar is None
    assert plan.tasks[0].finish == date(2027, 3, 8)  # Thursday, Friday, Monday


def test_a_yearly_29_february_falls_only_in_leap_years(tmp_path: Path) -> None:
    tasks = task("1", "Long", "2027-01-04", "1") + task("2", "Later", "2029-03-01", "1")
    plan = read_ganttproject(
        gan(tmp_path, tasks, calendar='<date year="" month="2" date="29" type="HOLIDAY"/>')
    )
    assert plan.calendar is not None
    assert plan.calendar.non_working_days == {date(2028, 2, 29): ""}


def test_calendar_days_that_are_not_dates_or_of_unknown_type_are_noticed(tmp_path: Path) -> None:
    days = (
        '<date year="2027" month="13" date="1" type="HOLIDAY"/>'
        '<date year="" month="4" date="31" type="HOLIDAY"/>'
        '<date year="2027" month="3" date="5" type="HALF_DAY"/>'
        '<date year="" month="3" date="6" type="WORKING_DAY"/>'
    )
    plan = read_ganttproject(gan(tmp_path, task("1", "Build"), calendar=days))
    assert plan.calendar is not None and plan.calendar.non_working_days == {}
    assert plan.tasks[0].finish == date(2027, 3, 5)  # none of them moves the task
    assert messages(plan.notices) == [
        "plan.gan, column calendar: the calendar day 2027-13-1 is not a date; it was ignored.",
        "plan.gan, column calendar: the calendar day every year-4-31 is not a date; it was ignored.",
        "plan.gan, column calendar: the calendar day 2027-3-5 has an unknown type 'HALF_DAY'; ignored.",
        "plan.gan, column calendar: the yearly working day every year-3-6 is not kept: only dated ones are.",
    ]


def test_a_week_without_a_working_day_is_a_problem(tmp_path: Path) -> None:
    path = gan(tmp_path, task("1", "Build"))
    weekend = '<default-week id="1" name="default" sun="1" mon="1" tue="1" wed="1" thu="1" fri="1" sat="1"/>'
    path.write_text(path.read_text(encoding="utf-8").replace(WEEK, weekend), encoding="utf-8")
    plan = read_ganttproject(path)
    assert messages(plan.problems) == ["plan.gan, column calendar: the calendar's week has no working day."]
    assert plan.tasks[0].finish == date(2027, 3, 5)  # counted on GanttProject's default week instead


def test_a_calendar_of_holidays_only_leaves_the_finish_unknown(tmp_path: Path) -> None:
    every_day = "".join(
        f'<date year="" month="{d.month}" date="{d.day}" type="HOLIDAY"/>'
        for d in (date.fromordinal(date(2028, 1, 1).toordinal() + i) for i in range(366))
    )
    plan = read_ganttproject(gan(tmp_path, task("1", "Never", "2027-03-01", "2"), calendar=every_day))
    assert plan.tasks[0].finish is None
    assert messages(plan.problems) == [
        "plan.gan, row 1, column duration: the calendar has no 2 working days after 2027-03-01."
    ]


# ---------------------------------------------------------------- people and owners

PEOPLE = (
    '<resource id="0" name="Ann Dupont" function="Default:1" contacts="ann@bank.example"/>'
    '<resource id="1" name="Bob Martin" function="7" contacts="bob@bank.example"/>'
    '<resource id="2" name="Chen Li" function="2" contacts="chen@bank.example"/>'
    '<resource id="3" name="" function="1" contacts=""/>'
)


def allocation(task_id: str, resource: str, load: str, responsible: str = "false", function: str = "") -> str:
    role = f' function="{function}"' if function else ""
    return (
        f'<allocation task-id="{task_id}" resource-id="{resource}"{role} '
        f'responsible="{responsible}" load="{load}"/>'
    )


def test_the_responsible_person_owns_the_task_whatever_the_loads(tmp_path: Path) -> None:
    allocations = allocation("1", "0", "100") + allocation("1", "1", "20", "true")
    plan = read_ganttproject(gan(tmp_path, task("1", "Build"), resources=PEOPLE, allocations=allocations))
    assert plan.tasks[0].owner == "Bob Martin"
    assert [n for n in messages(plan.notices) if "allocation" in n] == []


def test_an_allocation_to_a_missing_resource_is_noticed(tmp_path: Path) -> None:
    plan = read_ganttproject(
        gan(tmp_path, task("1", "Build"), resources=PEOPLE, allocations=allocation("1", "9", "100"))
    )
    assert plan.tasks[0].owner is None
    assert (
        "plan.gan, column allocation: the allocation of resource 9 to task 1 was skipped: "
        "there is no such resource." in messages(plan.notices)
    )


def test_a_resource_without_a_name_is_skipped_with_a_notice(tmp_path: Path) -> None:
    plan = read_ganttproject(gan(tmp_path, task("1", "Build"), resources=PEOPLE))
    assert [p.name for p in plan.people] == ["Ann Dupont", "Bob Martin", "Chen Li"]
    assert messages(plan.notices) == [
        "plan.gan, column resource: a resource without an id or a name (3) was skipped."
    ]


def test_role_names_from_the_project_roles_then_gantt_projects_own(tmp_path: Path) -> None:
    roles = (
        '<roles><role id="7" name="Card specialist"/></roles>'
        '<roles roleset-name="Bank"><role id="1" name="Teller"/></roles>'
    )
    allocations = (
        allocation("1", "0", "100", "true")  # the resource's role: Default:1
        + allocation("2", "1", "100", "true")  # project role 7
        + allocation("3", "2", "100", "true")  # a bare 2 that is not a project role: SoftwareDevelopment's
        + allocation("4", "0", "100", "true", "Bank:1")  # the allocation's own role wins
        + allocation("5", "1", "100", "true", "Other:3")  # a role set the file does not hold: the resource's
    )
    tasks = "".join(task(str(i), f"Task {i}") for i in range(1, 6))
    plan = read_ganttproject(gan(tmp_path, tasks, resources=PEOPLE, allocations=allocations, roles=roles))
    assert [t.groupings.get("Role") for t in plan.tasks] == [
        "Project manager",
        "Card specialist",
        "Developer",
        "Teller",
        "Card specialist",
    ]


def test_custom_properties_only_text_ones_with_a_value_are_choices(tmp_path: Path) -> None:
    properties = (
        '<taskproperty id="tpc0" name="Team" type="custom" valuetype="text" defaultvalue=""/>'
        '<taskproperty id="tpc1" name="Go-live" type="custom" valuetype="date" defaultvalue=""/>'
        '<taskproperty id="tpc2" name="Stream" type="custom" valuetype="text" defaultvalue=""/>'
    )
    values = (
        '<customproperty taskproperty-id="tpc0" value="  Card   Ops "/>'
        '<customproperty taskproperty-id="tpc1" value="2027-04-01"/>'
        '<customproperty taskproperty-id="tpc2" value=""/>'
        '<customproperty taskproperty-id="tpc9" value="orphan"/>'
    )
    plan = read_ganttproject(gan(tmp_path, task("1", "Build", inner=values), properties=properties))
    assert plan.tasks[0].groupings == {"Team": "Card Ops"}
    assert plan.grouping_choices == ["Team"]
    assert plan.shape == "ganttproject:Stream|Team"


# ---------------------------------------------------------------- files that are refused


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PlanFileError, match="There is no plan file at"):
        read_ganttproject(tmp_path / "gone.gan")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", r"^empty.gan is not a GanttProject file: it is not readable XML \(no element found"),
        (b"Task,Start\nBuild,2027-03-01\n", r"^empty.gan is not a GanttProject file: it is not readable XML"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", r"^empty.gan is not a GanttProject file: it is not readable XML"),
        (
            b'<?xml version="1.0"?><Project xmlns="http://schemas.microsoft.com/project"><Tasks/></Project>',
            r"^empty.gan is XML but not a GanttProject file \(it has no <project> with <tasks>\)",
        ),
        (
            b'<project xmlns="http://maven.apache.org/POM/4.0.0"><tasks/></project>',
            r"^empty.gan is XML but not a GanttProject file",
        ),
        (
            b'<project name="x" version="3.0"><resources/></project>',
            r"^empty.gan is XML but not a GanttProject file",
        ),
    ],
)
def test_a_file_that_is_not_a_ganttproject_plan_is_refused(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "empty.gan"
    path.write_bytes(content)
    with pytest.raises(PlanFileError, match=message):
        read_ganttproject(path)


def test_a_file_over_100_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.gan"
    with path.open("wb") as huge:
        huge.write(b'<?xml version="1.0"?><project><tasks>')
        huge.truncate(101 * 1024 * 1024)  # sparse: costs no disk
    assert os.path.getsize(path) == 101 * 1024 * 1024
    with pytest.raises(
        PlanFileError, match=r"^huge.gan is 101 MB; plans larger than 100 MB are not imported\.$"
    ):
        read_ganttproject(path)
