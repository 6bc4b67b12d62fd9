"""A tool's plan turned into import rows: summaries, teams, links through summaries, notices."""

from __future__ import annotations

from datetime import date

import pytest

from migrator.domain.model import DependencyType, Status
from migrator.importing.plan import (
    ExistingWorkstream,
    LinkSpec,
    ParsedPlan,
    PlanRow,
    ResolvedLink,
    resolve_plan,
)
from migrator.importing.readers import Cell, CellValue, SheetRow, Table
from migrator.importing.source_mapping import plan_from_source
from migrator.importing.source_plan import (
    NO_TEAM,
    OUTLINE,
    ColumnUse,
    ImportChoices,
    SourceFormat,
    SourceLink,
    SourcePlan,
    SourceTask,
)
from migrator.importing.sources import plan_of


def task(uid: int, name: str, **fields: object) -> SourceTask:
    return SourceTask(uid, f"UID {uid}", name, **fields)  # type: ignore[arg-type]


def card_plan(*links: SourceLink) -> SourcePlan:
    """Two phases: Card Ops (summary, key BNK) over Build and Test, Rollout over Pilot and Go-live;
    a loose task Kick-off at the top; Old plan is inactive."""
    source = SourcePlan(SourceFormat.MS_PROJECT_XML, "MS Project XML (saved by Project 2016)", "cards.xml")
    source.tasks = [
        task(1, "Kick-off", start=date(2027, 1, 4), finish=date(2027, 1, 4), milestone=True),
        task(2, "Card Ops", is_summary=True, key="BNK"),
        task(3, "Build", level=2, parent_id="UID 2", start=date(2027, 1, 5), finish=date(2027, 1, 29),
             groupings={"Resource Group": "Engineering"}, owner="Ann", progress=100),
        task(4, "Test", level=2, parent_id="UID 2", start=date(2027, 2, 1), finish=date(2027, 2, 12),
             groupings={"Resource Group": "QA"}, progress=40, actual_start=date(2027, 2, 1),
             baseline_start=date(2027, 1, 25), baseline_finish=date(2027, 2, 5)),
        task(5, "Rollout", is_summary=True),
        task(6, "Pilot", level=2, parent_id="UID 5", start=date(2027, 2, 15), finish=date(2027, 2, 26),
             notes="Two branches first"),
        task(7, "Go-live", level=2, parent_id="UID 5", start=date(2027, 3, 1), finish=date(2027, 3, 1),
             milestone=True, key="OPS-4"),
        task(8, "Old plan", skip_reason="inactive task"),
    ]  # fmt: skip
    source.links = list(links)
    source.grouping_choices = [OUTLINE, "Resource Group"]
    source.columns = [ColumnUse("Name", "title"), ColumnUse("PredecessorLink", "depends_on")]
    return source


def rows_by_ref(plan: ParsedPlan) -> dict[str, PlanRow]:
    return {row.source_ref or "": row for row in plan.rows}


def notices(plan: ParsedPlan) -> list[str]:
    return [p.message for p in plan.notices]


def test_summary_tasks_name_the_teams_and_never_become_work() -> None:
    plan = plan_from_source(card_plan(), ImportChoices(team_from=OUTLINE))
    assert [(row.source_ref, row.title, row.team, row.team_code) for row in plan.rows] == [
        ("UID 1", "Kick-off", None, None),
        ("UID 3", "Build", "Card Ops", "BNK"),
        ("UID 4", "Test", "Card Ops", "BNK"),
        ("UID 6", "Pilot", "Rollout", None),
        ("UID 7", "Go-live", "Rollout", None),
    ]
    assert plan.skipped == [
        "UID 2 'Card Ops' (summary task: made team Card Ops)",
        "UID 5 'Rollout' (summary task: made team Rollout)",
        "UID 8 'Old plan' (inactive task)",
    ]
    assert plan.problems == []
    assert plan.choices == ImportChoices(team_from=OUTLINE)
    assert plan.header == {"title": "Name", "depends_on": "PredecessorLink"}


def test_the_first_grouping_is_the_guess_and_others_can_be_chosen() -> None:
    guessed = plan_from_source(card_plan())
    assert guessed.choices == ImportChoices(team_from=OUTLINE)
    by_group = plan_from_source(card_plan(), ImportChoices(team_from="Resource Group"))
    assert [row.team for row in by_group.rows] == [None, "Engineering", "QA", None, None]
    assert by_group.skipped[0] == "UID 2 'Card Ops' (summary task: its tasks are imported)"
    nobody = plan_from_source(card_plan(), ImportChoices(team_from=NO_TEAM))
    assert [row.team for row in nobody.rows] == [None] * 5


def test_a_grouping_the_plan_lacks_is_a_problem() -> None:
    plan = plan_from_source(card_plan(), ImportChoices(team_from="Text7"))
    assert [str(p) for p in plan.problems] == [
        'cards.xml: "Text7" cannot name the teams of this plan: choose one of "Summary tasks", '
        '"Resource Group", "Summary tasks", "None".'
    ]
    assert plan.rows == []


def test_a_task_carries_its_dates_progress_notes_owner_and_key() -> None:
    rows = rows_by_ref(plan_from_source(card_plan()))
    test = rows["UID 4"]
    assert (test.start, test.due, test.progress, test.status) == (
        date(2027, 2, 1),
        date(2027, 2, 12),
        40,
        None,
    )
    assert (test.actual_start, test.actual_finish) == (date(2027, 2, 1), None)
    assert (test.baseline_start, test.baseline_due) == (date(2027, 1, 25), date(2027, 2, 5))
    assert rows["UID 3"].owner == "Ann" and rows["UID 6"].description == "Two branches first"
    assert rows["UID 7"].key == "OPS-4" and rows["UID 7"].milestone is True
    assert rows["UID 3"].key is None  # a plan Migrator did not write has no keys


def test_a_milestone_with_a_duration_is_imported_on_its_finish() -> None:
    source = card_plan()
    source.tasks[0] = task(1, "Kick-off", start=date(2027, 1, 4), finish=date(2027, 1, 8), milestone=True)
    plan = plan_from_source(source)
    assert (plan.rows[0].start, plan.rows[0].due) == (date(2027, 1, 8), date(2027, 1, 8))
    assert notices(plan) == [
        "UID 1 'Kick-off' is a milestone with a duration: it is imported on its finish date 2027-01-08."
    ]


def test_links_to_and_from_summaries_apply_to_their_work_once() -> None:
    plan = plan_from_source(
        card_plan(
            SourceLink("UID 1", "UID 2"),  # into Card Ops: Build and Test
            SourceLink("UID 2", "UID 5", DependencyType.FS, 2),  # Card Ops → Rollout: 2 × 2 links
            SourceLink("UID 3", "UID 6", DependencyType.SS, 1),  # already one of those: merged
            SourceLink("UID 1", "UID 3"),  # already made by the first: merged
        )
    )
    rows = rows_by_ref(plan)
    assert rows["UID 1"].source_links == []
    assert rows["UID 3"].source_links == [LinkSpec("UID 1", DependencyType.FS, 0)]
    assert rows["UID 4"].source_links == [LinkSpec("UID 1", DependencyType.FS, 0)]
    assert rows["UID 6"].source_links == [
        LinkSpec("UID 3", DependencyType.FS, 2),
        LinkSpec("UID 4", DependencyType.FS, 2),
    ]
    assert rows["UID 7"].source_links == [
        LinkSpec("UID 3", DependencyType.FS, 2),
        LinkSpec("UID 4", DependencyType.FS, 2),
    ]
    assert notices(plan) == [
        "the link UID 1 'Kick-off' → UID 2 'Card Ops': UID 2 'Card Ops' is a summary task, "
        "so the link applies to its 2 tasks.",
        "the link UID 2 'Card Ops' → UID 5 'Rollout': UID 2 'Card Ops' is a summary task, "
        "so the link applies to its 2 tasks.",
        "the link UID 2 'Card Ops' → UID 5 'Rollout': UID 5 'Rollout' is a summary task, "
        "so the link applies to its 2 tasks.",
    ]


def test_links_to_skipped_missing_or_own_summary_tasks_are_dropped_with_a_notice() -> None:
    plan = plan_from_source(
        card_plan(
            SourceLink("UID 8", "UID 3"),
            SourceLink("UID 3", "UID 99"),
            SourceLink("UID 2", "UID 4"),
            SourceLink(
                "UID 6", "UID 7", DependencyType.FS, 3, approximated="2 elapsed days taken as 1 working day"
            ),
        )
    )
    assert notices(plan) == [
        "the link UID 8 'Old plan' → UID 3 'Build' is skipped: UID 8 'Old plan' is not imported "
        "(inactive task).",
        "the link UID 3 → UID 99 is skipped: there is no task UID 99.",
        "the link UID 2 'Card Ops' → UID 4 'Test' is skipped: it joins a task to its summary.",
        "the link UID 6 'Pilot' → UID 7 'Go-live': its lag is approximated "
        "(2 elapsed days taken as 1 working day).",
    ]
    assert [p.row for p in plan.notices] == [3, 3, 4, 7]
    assert rows_by_ref(plan)["UID 7"].source_links == [LinkSpec("UID 6", DependencyType.FS, 3)]
    assert all(not row.source_links for ref, row in rows_by_ref(plan).items() if ref != "UID 7")


def test_the_readers_notices_and_problems_are_carried() -> None:
    source = card_plan()
    source.notice(12, None, "UID 12 'Design' is manually scheduled: its dates are taken as written.")
    source.problem(14, "OutlineLevel", "the outline jumps from level 1 to 3.")
    plan = plan_from_source(source)
    assert [str(p) for p in plan.notices] == [
        "cards.xml, row 12: UID 12 'Design' is manually scheduled: its dates are taken as written."
    ]
    assert [str(p) for p in plan.problems] == [
        "cards.xml, row 14, column OutlineLevel: the outline jumps from level 1 to 3."
    ]


def test_a_plan_of_only_summaries_has_nothing_to_import() -> None:
    source = SourcePlan(SourceFormat.GANTTPROJECT, "GanttProject", "empty.gan")
    source.tasks = [SourceTask(1, "GP 1", "Phase", is_summary=True)]
    plan = plan_from_source(source)
    assert [p.message for p in plan.problems] == ["the plan has no tasks to import."]
    assert plan.skipped == ["GP 1 'Phase' (summary task: its tasks are imported)"]


def test_overlong_names_and_identifiers_are_problems() -> None:
    source = SourcePlan(SourceFormat.GANTTPROJECT, "GanttProject", "long.gan")
    source.tasks = [SourceTask(2, "GP 2", "x" * 201), SourceTask(3, "y" * 101, "Fine")]
    plan = plan_from_source(source)
    assert [str(p) for p in plan.problems] == [
        "long.gan, row 2, column title: the text is longer than 200 characters.",
        "long.gan, row 3, column key: an identifier is at most 100 characters long.",
    ]


def test_source_links_resolve_against_the_plan_and_the_files_workstreams() -> None:
    plan = plan_from_source(card_plan(SourceLink("UID 3", "UID 4", DependencyType.SS, 1)))
    existing = [ExistingWorkstream("BNK-1", "Build", "UID 3", None, None, False)]
    resolve_plan(plan, existing, [])
    rows = rows_by_ref(plan)
    assert rows["UID 3"].existing_key == "BNK-1"
    assert rows["UID 4"].links == [ResolvedLink("BNK-1", DependencyType.SS, 1)]
    assert plan.problems == []


def test_a_link_to_a_task_nowhere_and_a_link_to_itself_are_problems() -> None:
    plan = ParsedPlan("cards.xml", {"depends_on": "Predecessors"}, [], [])
    plan.rows = [
        PlanRow(3, source_ref="UID 3", title="Build", source_links=[LinkSpec("UID 9", DependencyType.FS, 0)]),
        PlanRow(4, source_ref="UID 4", title="Test", source_links=[LinkSpec("UID 4", DependencyType.FS, 0)]),
    ]
    resolve_plan(plan, [], [])
    assert [str(p) for p in plan.problems] == [
        'cards.xml, row 3, column Predecessors: "UID 9" is not a task of the plan or the file.',
        'cards.xml, row 4, column Predecessors: "UID 4" is this task itself.',
    ]


def test_a_link_loop_among_source_links_is_reported() -> None:
    plan = plan_from_source(
        card_plan(SourceLink("UID 3", "UID 4"), SourceLink("UID 4", "UID 6"), SourceLink("UID 6", "UID 3"))
    )
    resolve_plan(plan, [], [])
    assert [p.message for p in plan.problems] == [
        "the dependencies form a loop: UID 3 → UID 4 → UID 6 → UID 3"
    ]


# ---------------------------------------------------------------- our own columns


def table(header: list[str], *rows: list[CellValue]) -> Table:
    body = [SheetRow(number, [Cell(v) for v in row]) for number, row in enumerate(rows, start=2)]
    return Table("plan.csv", 1, header, body)


def test_our_own_columns_keep_todays_reading_and_record_the_columns() -> None:
    plan = plan_of(table(["Team", "Workstream", "Baseline finish", "Actual start", "Colour"],
                         ["Banking", "Ledger", "2027-03-31", "2027-03-02", "red"]))  # fmt: skip
    assert plan.source is not None and plan.source.format is SourceFormat.MIGRATOR
    assert plan.source.columns == [
        ColumnUse("Team", "team"), ColumnUse("Workstream", "title"),
        ColumnUse("Baseline finish", "baseline_due"), ColumnUse("Actual start", "actual_start"),
        ColumnUse("Colour", None),
    ]  # fmt: skip
    assert plan.source.shape == "migrator:actual start|baseline finish|colour|team|workstream"
    row = plan.rows[0]
    assert (row.team, row.title, row.baseline_due, row.actual_start) == (
        "Banking",
        "Ledger",
        date(2027, 3, 31),
        date(2027, 3, 2),
    )
    assert plan.choices == ImportChoices(
        columns={"team": "Team", "title": "Workstream", "actual_start": "Actual start",
                 "baseline_due": "Baseline finish"}
    )  # fmt: skip


def test_chosen_columns_override_the_guess() -> None:
    sheet = table(["Task", "Group", "Assigned To", "State"], ["Ledger", "Banking", "Ann", "doing"])
    plan = plan_of(sheet, ImportChoices(columns={"owner": "Assigned To", "status": "State", "team": ""}))
    row = plan.rows[0]
    assert (row.title, row.team, row.owner, row.status) == ("Ledger", None, "Ann", Status.IN_PROGRESS)
    assert plan.source is not None
    assert [use.field for use in plan.source.columns] == ["title", None, "owner", "status"]


def test_a_chosen_column_feeds_one_field_only() -> None:
    plan = plan_of(table(["Name", "Notes"], ["Ledger", "Read me"]), ImportChoices(columns={"title": "Notes"}))
    assert plan.header == {"title": "Notes"}
    assert plan.rows[0].title == "Read me" and plan.rows[0].description is None


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"colour": "Name"}, '"colour" is not a field a plan column can feed'),
        ({"owner": "Assigned To"}, 'the plan has no column "Assigned To" (its columns: Name, Notes).'),
    ],
)
def test_a_chosen_column_the_table_lacks_is_a_problem(columns: dict[str, str], message: str) -> None:
    plan = plan_of(table(["Name", "Notes"], ["Ledger", "Read me"]), ImportChoices(columns=columns))
    assert len(plan.problems) == 1 and message in plan.problems[0].message
    assert plan.rows == []


def test_a_team_choice_for_our_own_columns_is_a_notice() -> None:
    plan = plan_of(table(["Team", "Workstream"], ["Banking", "Ledger"]), ImportChoices(team_from=OUTLINE))
    assert [str(p) for p in plan.notices] == [
        'plan.csv: teams are not taken from "Summary tasks": this plan names them in its team column '
        "(choose another column for them with --column team=HEADER)."
    ]
    assert plan.rows[0].team == "Banking" and plan.problems == []


# ---------------------------------------------------------------- guessing how teams are named


def whole_plan_under_one_summary() -> SourcePlan:
    """MS Project as many keep it: one summary task for the whole migration, the teams under it,
    and the go-live right under the migration's summary."""
    source = SourcePlan(SourceFormat.MS_PROJECT_TABLE, "MS Project export", "plan.csv")
    source.tasks = [
        task(1, "Card migration", is_summary=True),
        task(2, "Card Operations", level=2, parent_id="UID 1", is_summary=True),
        task(3, "Extract card data", level=3, parent_id="UID 2"),
        task(4, "Payments", level=2, parent_id="UID 1", is_summary=True),
        task(5, "Build SEPA gateway", level=3, parent_id="UID 4"),
        task(6, "Go-live", level=2, parent_id="UID 1", milestone=True),
    ]
    source.grouping_choices = [OUTLINE]
    return source


def test_one_summary_holding_the_whole_plan_is_the_project_and_its_summaries_name_the_teams() -> None:
    plan = plan_from_source(whole_plan_under_one_summary())
    assert [(row.title, row.team) for row in plan.rows] == [
        ("Extract card data", "Card Operations"),
        ("Build SEPA gateway", "Payments"),
        ("Go-live", None),  # right under the migration's summary: the default team
    ]
    assert plan.skipped == [
        "UID 1 'Card migration' (summary task holding the whole plan: taken as the project, "
        "its summary tasks name the teams)",
        "UID 2 'Card Operations' (summary task: made team Card Operations)",
        "UID 4 'Payments' (summary task: made team Payments)",
    ]


def test_a_top_summary_beside_other_work_still_names_its_team() -> None:
    source = whole_plan_under_one_summary()
    source.tasks.append(task(7, "Decommission the prepaid platform"))  # outside the summary
    plan = plan_from_source(source)
    assert [(row.title, row.team) for row in plan.rows] == [
        ("Extract card data", "Card migration"),
        ("Build SEPA gateway", "Card migration"),
        ("Go-live", "Card migration"),
        ("Decommission the prepaid platform", None),
    ]


def test_unchosen_teams_come_from_what_names_a_team_for_the_most_tasks() -> None:
    source = SourcePlan(SourceFormat.JIRA, "Jira export", "jira.csv")
    source.tasks = [
        task(1, "Card operations readiness", is_summary=True),  # the one epic
        task(2, "Extract card data", parent_id="UID 1", groupings={"Component/s": "Card Ops"}),
        task(3, "Rehearse cut-over", groupings={"Component/s": "Card Ops"}),
        task(4, "Build SEPA gateway", groupings={"Component/s": "Payments", "Labels": "sepa"}),
    ]
    source.grouping_choices = [OUTLINE, "Component/s", "Labels"]
    plan = plan_from_source(source)
    assert plan.choices is not None and plan.choices.team_from == "Component/s"  # 3 tasks, the epic 1
    assert [row.team for row in plan.rows] == ["Card Ops", "Card Ops", "Payments"]
    # A tie goes to the tool's own order, and the coordinator's choice always wins.
    source.tasks[3].groupings.pop("Component/s")
    source.tasks[3].groupings["Labels"] = "sepa"
    source.tasks[2].groupings.pop("Component/s")
    tied = plan_from_source(source)
    assert tied.choices is not None and tied.choices.team_from == OUTLINE  # one task each
    chosen = plan_from_source(source, ImportChoices(team_from="Labels"))
    assert [row.team for row in chosen.rows] == [None, None, "sepa"]
