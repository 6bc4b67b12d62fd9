"""Importing another tool's plan (MS Project XML here): teams from its outline or groupings,
dates with actuals and baselines, people with e-mail, the calendar, the choices remembered,
and a newer export of the same plan imported again."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import pytest

from migrator.domain.model import DependencyType, Status
from migrator.services import MigrationService
from migrator.services.import_choices import choices_path
from migrator.services.plan_import import (
    NO_TEAM,
    OUTLINE,
    ImportChoices,
    ImportProblemsError,
    PlanFileError,
    import_plan,
    import_plan_into,
)
from tests.conftest import Places
from tests.support.mspdi import Mspdi, Resource, Task

TODAY = date(2027, 3, 1)


def card_plan(**changes: object) -> Mspdi:
    """Card Ops (Freeze schema, Migrate accounts) and Payments (Switch gateway), then Go-live."""
    plan = Mspdi(
        "Card platform",
        date(2027, 1, 4),
        date(2027, 3, 1),
        [
            Task(1, "Card Ops", summary=True, start=date(2027, 1, 4), finish=date(2027, 2, 12), days=30),
            Task(2, "Freeze schema", 2, start=date(2027, 1, 4), finish=date(2027, 1, 15), days=10,
                 percent=100, actual_start=date(2027, 1, 4), actual_finish=date(2027, 1, 15),
                 baseline=(date(2027, 1, 4), date(2027, 1, 13)), team="Core"),
            Task(3, "Migrate accounts", 2, start=date(2027, 1, 18), finish=date(2027, 2, 12), days=20,
                 percent=40, actual_start=date(2027, 1, 18), links=[(2, "FS", 0)], team="Core"),
            Task(4, "Payments", summary=True, start=date(2027, 2, 15), finish=date(2027, 2, 26), days=10),
            Task(5, "Switch gateway", 2, start=date(2027, 2, 15), finish=date(2027, 2, 26), days=10,
                 links=[(3, "SS", 2)], notes="Night window only", team="Rails"),
            Task(6, "Go-live", start=date(2027, 3, 1), finish=date(2027, 3, 1), milestone=True,
                 links=[(4, "FS", 0)]),
        ],
        resources=[
            Resource(1, "Ann Lee", "Card Ops", "ann.lee@bank.example"),
            Resource(2, "Raj Patel", "Payments", "raj.patel@bank.example"),
            Resource(3, "Chen Wei", "Payments", "chen at the bank"),
        ],
        assignments=[(2, 1), (3, 2), (5, 3)],
        holidays={date(2027, 4, 2): "Good Friday", date(2027, 5, 3): "Early May bank holiday"},
    )  # fmt: skip
    for name, value in changes.items():
        setattr(plan, name, value)
    return plan


def plan_rows(service: MigrationService) -> list[tuple[object, ...]]:
    return [
        (w.key, w.title, w.team_name, w.owner_name, w.status, w.planned_start, w.planned_due, w.progress,
         w.is_milestone, w.source_ref)
        for w in service.workstreams()
    ]  # fmt: skip


def links_of(service: MigrationService) -> set[tuple[str, str, DependencyType, int]]:
    return {(d.predecessor_key, d.successor_key, d.type, d.lag) for d in service.dependencies()}


def test_an_ms_project_plan_makes_teams_of_its_summary_tasks(
    service: MigrationService, tmp_path: Path
) -> None:
    service.set_non_working_days({date(2027, 12, 27): "Company day"})
    report = import_plan_into(service, card_plan().write(tmp_path / "cards.xml"))

    assert report.source_label == "MS Project XML (saved by Project 2010 or later)"
    assert report.grouping_choices == [OUTLINE, "Resource Group", "Team"]
    assert report.choices.team_from == OUTLINE and not report.choices_remembered
    assert report.teams_created == ["Card Ops", "Payments", "Unassigned"]
    assert report.people_created == ["Ann Lee", "Raj Patel", "Chen Wei"]
    assert report.workstreams_created == ["CO-1", "CO-2", "PAY-1", "UNA-1"]
    assert report.skipped == [
        "UID 1 'Card Ops' (summary task: made team Card Ops)",
        "UID 4 'Payments' (summary task: made team Payments)",
    ]
    assert report.calendar_changed == [
        "non-working day 2027-04-02 (Good Friday) added",
        "non-working day 2027-05-03 (Early May bank holiday) added",
    ]
    assert (
        "the link UID 4 'Payments' → UID 6 'Go-live': UID 4 'Payments' is a summary task, "
        "so the link applies to its 1 task."
    ) in report.notices
    assert "Chen Wei is created without an e-mail address: " in "\n".join(report.notices)
    assert plan_rows(service) == [
        ("CO-1", "Freeze schema", "Card Ops", "Ann Lee", Status.DONE, date(2027, 1, 4), date(2027, 1, 15),
         100, False, "UID 2"),
        ("CO-2", "Migrate accounts", "Card Ops", "Raj Patel", Status.IN_PROGRESS, date(2027, 1, 18),
         date(2027, 2, 12), 40, False, "UID 3"),
        ("PAY-1", "Switch gateway", "Payments", "Chen Wei", Status.NOT_STARTED, date(2027, 2, 15),
         date(2027, 2, 26), 0, False, "UID 5"),
        ("UNA-1", "Go-live", "Unassigned", None, Status.NOT_STARTED, date(2027, 3, 1), date(2027, 3, 1), 0,
         True, "UID 6"),
    ]  # fmt: skip
    assert links_of(service) == {
        ("CO-1", "CO-2", DependencyType.FS, 0),
        ("CO-2", "PAY-1", DependencyType.SS, 2),
        ("PAY-1", "UNA-1", DependencyType.FS, 0),
    }
    freeze, migrate = service.workstreams()[:2]
    assert (freeze.actual_start, freeze.actual_finish) == (date(2027, 1, 4), date(2027, 1, 15))
    assert (freeze.baseline_start, freeze.baseline_due) == (date(2027, 1, 4), date(2027, 1, 13))
    assert (migrate.actual_start, migrate.actual_finish) == (date(2027, 1, 18), None)
    assert service.workstreams()[2].description == "Night window only"
    assert {(p.name, p.email) for p in service.people()} == {
        ("Ann Lee", "ann.lee@bank.example"), ("Raj Patel", "raj.patel@bank.example"), ("Chen Wei", None),
    }  # fmt: skip
    assert service.non_working_days() == {
        date(2027, 4, 2): "Good Friday",
        date(2027, 5, 3): "Early May bank holiday",
        date(2027, 12, 27): "Company day",  # the migration's own day is kept
    }
    # The migration had its dates: the project's do not move them.
    migration = service.migration()
    assert (migration.start, migration.target_go_live) == (date(2027, 1, 4), date(2027, 6, 30))
    assert report.migration_changed == []


def test_teams_from_a_resource_group_or_a_text_field_or_none(
    service: MigrationService, tmp_path: Path
) -> None:
    path = card_plan().write(tmp_path / "cards.xml")
    by_group = import_plan_into(
        service, path, choices=ImportChoices(team_from="Resource Group"), dry_run=True
    )
    assert by_group.teams_created == ["Card Ops", "Payments", "Unassigned"]
    assert by_group.skipped[0] == "UID 1 'Card Ops' (summary task: its tasks are imported)"
    by_field = import_plan_into(service, path, choices=ImportChoices(team_from="Team"), dry_run=True)
    assert by_field.teams_created == ["Core", "Rails", "Unassigned"]
    assert by_field.workstreams_created == ["COR-1", "COR-2", "RAI-1", "UNA-1"]
    nobody = import_plan_into(service, path, choices=ImportChoices(team_from=NO_TEAM), dry_run=True)
    assert nobody.teams_created == ["Unassigned"]
    assert service.workstreams() == []  # dry runs all


def test_a_team_choice_the_file_lacks_is_a_problem_with_how_it_was_read(
    service: MigrationService, tmp_path: Path
) -> None:
    with pytest.raises(ImportProblemsError) as caught:
        import_plan_into(
            service, card_plan().write(tmp_path / "cards.xml"), choices=ImportChoices(team_from="Text9")
        )
    assert [p.message for p in caught.value.problems] == [
        '"Text9" cannot name the teams of this plan: choose one of "Summary tasks", "Resource Group", '
        '"Team", "Summary tasks", "None".'
    ]
    assert caught.value.report.grouping_choices == [OUTLINE, "Resource Group", "Team"]
    assert caught.value.report.source_label == "MS Project XML (saved by Project 2010 or later)"
    assert service.workstreams() == []


def test_the_choices_are_remembered_for_the_next_export_of_that_plan(
    service: MigrationService, tmp_path: Path
) -> None:
    first = card_plan().write(tmp_path / "cards.xml")
    import_plan_into(service, first, choices=ImportChoices(team_from="Team"))
    assert json.loads(choices_path().read_text(encoding="utf-8")) == {
        "mspdi|Phase code|Team": {"team_from": "Team", "date_order": None, "columns": None}
    }
    newer = card_plan(title="Card platform v2").write(tmp_path / "cards-v2.xml")
    again = import_plan_into(service, newer, dry_run=True)
    assert again.choices.team_from == "Team" and again.choices_remembered
    assert again.teams_created == [] and again.workstreams_created == []
    # What the coordinator states now wins over what was remembered.
    chosen = import_plan_into(service, newer, dry_run=True, choices=ImportChoices(team_from=OUTLINE))
    assert chosen.teams_created == ["Card Ops", "Payments"] and not chosen.choices_remembered


def test_a_dry_run_remembers_nothing(service: MigrationService, tmp_path: Path) -> None:
    import_plan_into(service, card_plan().write(tmp_path / "cards.xml"), dry_run=True)
    assert not choices_path().exists()


def test_damaged_remembered_choices_are_ignored_with_a_log_line(
    service: MigrationService, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    choices_path().write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="migrator.services.import_choices"):
        report = import_plan_into(service, card_plan().write(tmp_path / "cards.xml"))
    assert report.choices.team_from == OUTLINE and not report.choices_remembered
    assert "The remembered import choices in" in caplog.text and "are ignored" in caplog.text
    # Remembering after the import writes a whole new file.
    assert json.loads(choices_path().read_text(encoding="utf-8")) == {
        "mspdi|Phase code|Team": {"team_from": OUTLINE, "date_order": None, "columns": None}
    }


def test_remembered_choices_of_the_wrong_shape_are_ignored(service: MigrationService, tmp_path: Path) -> None:
    choices_path().write_text(
        json.dumps({"mspdi|Phase code|Team": {"team_from": 7, "date_order": "ymd"}}), encoding="utf-8"
    )
    report = import_plan_into(service, card_plan().write(tmp_path / "cards.xml"), dry_run=True)
    assert report.choices.team_from == OUTLINE and not report.choices_remembered


def test_a_migrator_export_brings_its_keys_and_team_codes_back(
    service: MigrationService, tmp_path: Path
) -> None:
    plan = card_plan(keyed=True)
    for uid, key in ((1, "BNK"), (2, "BNK-7"), (3, "BNK-9"), (4, "PAY"), (5, "PAY-2"), (6, "OPS-1")):
        plan.tasks[uid - 1].key = key
    report = import_plan_into(service, plan.write(tmp_path / "cards.xml"))
    assert report.workstreams_created == ["BNK-7", "BNK-9", "PAY-2", "OPS-1"]
    assert {(t.name, t.code) for t in service.teams()} == {
        ("Card Ops", "BNK"), ("Payments", "PAY"), ("Unassigned", "UNA"),
    }  # fmt: skip
    # Imported again: each key finds its workstream, nothing changes.
    again = import_plan_into(service, plan.write(tmp_path / "cards.xml"))
    assert not again.changes_anything


def test_a_newer_export_updates_exactly_what_changed(service: MigrationService, tmp_path: Path) -> None:
    import_plan_into(service, card_plan().write(tmp_path / "cards.xml"))
    newer = card_plan()
    newer.tasks[2].name = "Migrate card accounts"  # renamed
    newer.tasks[4].finish = date(2027, 3, 5)  # Switch gateway finishes a week later
    del newer.tasks[5]  # Go-live is no longer in the file
    newer.tasks.append(
        Task(
            7,
            "Decommission switch",
            start=date(2027, 3, 8),
            finish=date(2027, 3, 12),
            days=5,
            links=[(5, "FS", 0)],
        )
    )
    report = import_plan_into(service, newer.write(tmp_path / "cards-v2.xml"))
    assert report.workstreams_created == ["UNA-2"]
    assert report.workstreams_updated == ["CO-2", "PAY-1"]
    assert report.dependencies_added == ["PAY-1 → UNA-2 FS"]
    assert report.dependencies_removed == []  # Go-live stays in the file with its link
    assert report.missing_from_plan == ["UNA-1 Go-live (UID 6)"]
    assert report.teams_created == [] and report.people_created == [] and report.calendar_changed == []
    rows = {w.key: w for w in service.workstreams()}
    assert rows["CO-2"].title == "Migrate card accounts"
    assert rows["PAY-1"].planned_due == date(2027, 3, 5)
    assert rows["UNA-1"].title == "Go-live"
    assert "Not in the plan file (kept): 1" in report.summary_lines()


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_a_new_file_takes_the_projects_name_dates_and_working_week(tmp_path: Path, places: Places) -> None:
    plan = card_plan(working_days=(1, 2, 3, 4, 5))  # Sunday to Thursday
    report = import_plan(plan.write(tmp_path / "cards.xml"), into := places("new"), today=TODAY)
    assert report.created_file
    assert report.calendar_changed == [
        "working week: Monday to Friday → Monday, Tuesday, Wednesday, Thursday, Sunday",
        "non-working day 2027-05-03 (Early May bank holiday) added",  # Good Friday is not a working day
    ]
    with MigrationService.open(into) as service:
        migration = service.migration()
        assert (migration.name, migration.start, migration.target_go_live) == (
            "Card platform",
            date(2027, 1, 4),
            date(2027, 3, 1),
        )
        assert migration.working_weekdays == frozenset({0, 1, 2, 3, 6})


def test_a_migration_without_dates_takes_the_projects(service: MigrationService, tmp_path: Path) -> None:
    service.update_migration({"start": None, "target_go_live": None})
    report = import_plan_into(service, card_plan().write(tmp_path / "cards.xml"))
    assert report.migration_changed == ["start: 2027-01-04", "target go-live: 2027-03-01"]
    migration = service.migration()
    assert (migration.name, migration.start, migration.target_go_live) == (
        "Card fleet replacement",
        date(2027, 1, 4),
        date(2027, 3, 1),
    )


def test_a_binary_ms_project_file_is_refused_with_how_to_save_it(
    service: MigrationService, tmp_path: Path
) -> None:
    mpp = tmp_path / "cards.mpp"
    mpp.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    with pytest.raises(PlanFileError, match=r"save it as XML from MS Project \(File → Save As → XML\)"):
        import_plan_into(service, mpp)


# ---------------------------------------------------------------- tables other tools export

MS_PROJECT_CSV = (
    "ID,Unique ID,Task Name,Duration,Start,Finish,Predecessors,Outline Level,Resource Names,"
    "% Complete,Actual Start,Baseline Start,Baseline Finish,Text1\n"
    "1,11,Card Ops,15 days,Mon 1/4/27,Fri 1/22/27,,1,,50%,NA,NA,NA,\n"
    "2,12,Freeze schema,5 days,Mon 1/4/27,Fri 1/8/27,,2,Ann Lee,100%,Mon 1/4/27,Mon 1/4/27,Fri 1/8/27,Core\n"
    "3,13,Migrate accounts,10 days,Mon 1/11/27,Fri 1/22/27,2FS+2 days,2,Raj Patel,25%,Mon 1/11/27,"
    "NA,NA,Core\n"
)


def test_an_ms_project_csv_is_read_as_its_tool_wrote_it(service: MigrationService, tmp_path: Path) -> None:
    path = tmp_path / "cards.csv"
    path.write_text(MS_PROJECT_CSV, encoding="utf-8")
    report = import_plan_into(service, path)
    assert report.source_label == "MS Project export"
    assert report.column_fields[:3] == ["id", "unique_id", "title"]
    assert report.choices.team_from == OUTLINE
    assert report.choices.columns is not None and report.choices.columns["title"] == "Task Name"
    assert report.skipped == ["UID 11 'Card Ops' (summary task: made team Card Ops)"]
    assert plan_rows(service) == [
        ("CO-1", "Freeze schema", "Card Ops", "Ann Lee", Status.DONE, date(2027, 1, 4), date(2027, 1, 8), 100,
         False, "UID 12"),
        ("CO-2", "Migrate accounts", "Card Ops", "Raj Patel", Status.IN_PROGRESS, date(2027, 1, 11),
         date(2027, 1, 22), 25, False, "UID 13"),
    ]  # fmt: skip
    assert links_of(service) == {("CO-1", "CO-2", DependencyType.FS, 2)}
    freeze = service.workstreams()[0]
    assert (freeze.actual_start, freeze.baseline_start, freeze.baseline_due) == (
        date(2027, 1, 4), date(2027, 1, 4), date(2027, 1, 8)
    )  # fmt: skip


SMARTSHEET_CSV = (
    "Task Name,Start,Finish,Duration,Predecessors,% Complete,Assigned To,Department\n"
    "Freeze schema,02/03/27,04/03/27,3d,,100%,Ann Lee,Cards\n"
    "Migrate accounts,05/03/27,09/04/27,25d,1,25%,Raj Patel,Cards\n"
)


def test_dates_that_read_either_way_ask_for_the_order(service: MigrationService, tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(SMARTSHEET_CSV, encoding="utf-8")
    with pytest.raises(ImportProblemsError) as caught:
        import_plan_into(service, path, dry_run=True)
    assert caught.value.report.date_order_needed
    assert caught.value.report.source_label == "Smartsheet export"
    assert service.workstreams() == []
    report = import_plan_into(service, path, choices=ImportChoices(date_order="dmy"))
    assert report.date_order_needed and report.choices.date_order == "dmy"
    assert [(w.title, w.planned_start, w.planned_due) for w in service.workstreams()] == [
        ("Freeze schema", date(2027, 3, 2), date(2027, 3, 4)),
        ("Migrate accounts", date(2027, 3, 5), date(2027, 4, 9)),
    ]
    # The next export of that sheet is read in the same order without asking.
    again = import_plan_into(service, path, dry_run=True)
    assert again.choices.date_order == "dmy" and again.choices_remembered and not again.changes_anything


def test_chosen_columns_of_a_tools_table_are_used_and_remembered(
    service: MigrationService, tmp_path: Path
) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(SMARTSHEET_CSV.replace("Department", "Owner team"), encoding="utf-8")
    choices = ImportChoices(date_order="dmy", columns={"owner": "Owner team"})
    report = import_plan_into(service, path, choices=choices)
    assert report.choices.columns is not None and report.choices.columns["owner"] == "Owner team"
    assert [w.owner_name for w in service.workstreams()] == ["Cards", "Cards"]
    again = import_plan_into(service, path, dry_run=True)
    assert again.choices_remembered and again.choices.columns == report.choices.columns


# ---------------------------------------------------------------- GanttProject, and what is said

GANTT = Path(__file__).parents[1] / "importing" / "files" / "core-banking.gan"


def test_a_ganttproject_plan_by_role(service: MigrationService) -> None:
    report = import_plan_into(service, GANTT, choices=ImportChoices(team_from="Role"))
    assert report.source_label == "GanttProject (version 3.2.3240)"
    assert report.grouping_choices == [OUTLINE, "Role", "Team"]
    assert report.teams_created == [
        "Project manager",
        "Card specialist",
        "Unassigned",
        "Payments engineer",
        "Tester",
    ]
    assert report.workstreams_created == ["PM-1", "CS-1", "UNA-1", "PE-1", "TES-1", "TES-2", "UNA-2"]
    assert sorted(report.dependencies_added) == [
        "CS-1 → UNA-1 FS+1", "PE-1 → TES-1 SS-2", "PE-1 → TES-2 SF", "PM-1 → CS-1 FS",
        "TES-1 → TES-2 SF", "TES-1 → UNA-1 FF", "TES-2 → UNA-2 FS",
    ]  # fmt: skip
    assert report.calendar_changed == [
        "non-working day 2027-04-02 (Good Friday) added",
        "non-working day 2027-12-31 (Bank closing day) added",
        "non-working day 2028-12-25 (Christmas Day) added",
    ]
    assert report.skipped == [
        "GP 0 'Card Ops' (summary task: its tasks are imported)",
        "GP 4 'Payments' (summary task: its tasks are imported)",
        "GP 5 'SEPA gateway' (summary task: its tasks are imported)",
    ]
    assert {w.source_ref for w in service.workstreams()} == {
        "GP 1",
        "GP 2",
        "GP 3",
        "GP 6",
        "GP 7",
        "GP 8",
        "GP 9",
    }


def test_an_applied_import_says_how_it_read_the_file_then_what_it_did(
    service: MigrationService, tmp_path: Path
) -> None:
    plan = card_plan(holidays={})
    plan.resources[2].email = None
    report = import_plan_into(
        service, plan.write(tmp_path / "cards.xml"), choices=ImportChoices(team_from="Team")
    )
    lines = report.summary_lines()
    assert lines[0] == "Read as MS Project XML (saved by Project 2010 or later)"
    assert lines[3:] == [
        "Teams from: Team (--team-from: Resource Group, Team, summary tasks, none)",
        "Teams created: 3",
        "  Core",
        "  Rails",
        "  Unassigned",
        "People created: 3",
        "  Ann Lee",
        "  Raj Patel",
        "  Chen Wei",
        "Workstreams created: 4",
        "  COR-1 Freeze schema",
        "  COR-2 Migrate accounts",
        "  RAI-1 Switch gateway",
        "  UNA-1 Go-live",
        "Dependencies added: 3",
        "  COR-1 → COR-2 FS",
        "  COR-2 → RAI-1 SS+2",
        "  RAI-1 → UNA-1 FS",
        "Skipped: 2",
        "  UID 1 'Card Ops' (summary task: its tasks are imported)",
        "  UID 4 'Payments' (summary task: its tasks are imported)",
        "Notices: 1",
        "  the link UID 4 'Payments' → UID 6 'Go-live': UID 4 'Payments' is a summary task, so the link "
        "applies to its 1 task.",
    ]


def test_a_newer_exports_progress_moves_the_status_on_never_back(
    service: MigrationService, tmp_path: Path
) -> None:
    import_plan_into(service, card_plan().write(tmp_path / "cards.xml"))
    newer = card_plan()
    newer.tasks[2].percent, newer.tasks[2].actual_finish = 100, date(2027, 2, 12)  # Migrate accounts: done
    newer.tasks[4].percent = 10  # Switch gateway: begun
    newer.tasks[1].percent = 0  # Freeze schema: a tool that forgot its progress moves nothing back
    report = import_plan_into(service, newer.write(tmp_path / "cards-v2.xml"))
    assert report.workstreams_updated == ["CO-1", "CO-2", "PAY-1"]
    rows = {w.key: (w.status, w.progress, w.actual_start, w.actual_finish) for w in service.workstreams()}
    assert rows["CO-1"] == (Status.DONE, 0, date(2027, 1, 4), date(2027, 1, 15))
    assert rows["CO-2"] == (Status.DONE, 100, date(2027, 1, 18), date(2027, 2, 12))
    assert rows["PAY-1"] == (Status.IN_PROGRESS, 10, TODAY, None)


def test_our_own_columns_carry_actual_and_baseline_dates(service: MigrationService, tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text(
        "Key,Title,Team,Status,Start,Due,Actual start,Actual finish,Baseline start,Baseline due\n"
        ",Ledger,Banking,done,2027-01-04,2027-01-29,2027-01-05,2027-01-28,2027-01-04,2027-01-22\n"
        ",Cards,Banking,in progress,2027-02-01,2027-03-31,2027-02-03,,2027-02-01,2027-03-19\n",
        encoding="utf-8",
    )
    report = import_plan_into(service, path)
    assert report.workstreams_created == ["BAN-1", "BAN-2"]
    assert [
        (w.actual_start, w.actual_finish, w.baseline_start, w.baseline_due) for w in service.workstreams()
    ] == [
        (date(2027, 1, 5), date(2027, 1, 28), date(2027, 1, 4), date(2027, 1, 22)),
        (date(2027, 2, 3), None, date(2027, 2, 1), date(2027, 3, 19)),
    ]
    path.write_text("Key,Title,Baseline due\nBAN-2,Cards,2027-03-26\n", encoding="utf-8")
    again = import_plan_into(service, path)
    assert again.workstreams_updated == ["BAN-2"]
    assert service.workstreams()[1].baseline_due == date(2027, 3, 26)
