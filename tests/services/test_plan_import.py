"""Importing a plan into a migration file: created, updated, linked, or nothing at all."""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from migrator.domain.errors import MigrationFileError
from migrator.domain.model import DependencyType, Status
from migrator.domain.places import Place, ServerAddress
from migrator.services import MigrationService, NewMigration
from migrator.services.plan_import import (
    ColumnUse,
    ImportChoices,
    ImportReport,
    PlanFileError,
    PlanImportError,
    import_plan,
    import_plan_into,
)
from migrator.store import copying
from tests.conftest import Places

TODAY = date(2027, 3, 1)


def csv_plan(tmp_path: Path, text: str, name: str = "plan.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def digest(place: Place) -> str:
    """A file's bytes, or every row of a shared plan, as a checksum: the same when untouched."""
    if isinstance(place, Path):
        return hashlib.sha256(place.read_bytes()).hexdigest()
    return copying.checksum(copying.read_plan_rows(place))


def no_plan_at(place: Place) -> bool:
    """Nothing was created: no file, or a database that is still empty."""
    if isinstance(place, Path):
        return not place.exists()
    with pytest.raises(MigrationFileError, match="holds no Migrator plan"):
        MigrationService.open(place)
    return True


def links(place: Place) -> set[tuple[str, str, DependencyType, int]]:
    with MigrationService.open(place) as service:
        return {(d.predecessor_key, d.successor_key, d.type, d.lag) for d in service.dependencies()}


def existing_file(places: Places) -> Place:
    """BNK-1 → BNK-2 (FS), BNK-1 → BNK-3 (SS+1); BNK-2 owned by Ann; MS Project ID 7 on BNK-3."""
    path = places("existing")
    with MigrationService.create(path, NewMigration("Cards", date(2027, 1, 4), date(2027, 6, 30))) as service:
        team = service.create_team("Banking", "BNK")
        ann = service.create_person("Ann Smith", None, team)
        one = service.create_workstream(
            "Ledger", team, planned_start=date(2027, 3, 1), planned_due=date(2027, 3, 31)
        )
        two = service.create_workstream("Cards", team, owner_id=ann, description="Keep me", progress=20)
        three = service.create_workstream("Branches", team, source_ref="7")
        service.add_dependency(one, two)
        service.add_dependency(one, three, DependencyType.SS, 1)
    return path


# ---------------------------------------------------------------- a new file


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_a_csv_plan_creates_the_file_with_teams_people_workstreams_and_links(
    tmp_path: Path, places: Places
) -> None:
    plan = csv_plan(
        tmp_path,
        "Key,Team,Workstream,Owner,Status,Start,Due,Progress,Milestone,Depends on,Description\n"
        "BNK-1,Banking,Ledger,Ann Smith,in progress,2027-02-01,2027-03-31,40%,no,,Core ledger\n"
        "OPS-1,Operations,Cutover,Bob Jones,Backlog,2027-04-01,2027-04-01,,yes,BNK-1FS+2d,\n"
        ',Operations,Training,Bob Jones,,2027-04-05,2027-04-09,,,"OPS-1SS, Ledger",\n',
    )
    into = places("new", user="ann")
    report = import_plan(
        plan, into, start=date(2027, 1, 4), target=date(2027, 6, 30), today=TODAY, actor="ann"
    )
    assert report.created_file and not report.dry_run
    assert report.teams_created == ["Banking", "Operations"]
    assert report.people_created == ["Ann Smith", "Bob Jones"]
    # Explicit keys are kept; a row without one gets a key from its team's code (Operations: OPE).
    assert report.workstreams_created == ["BNK-1", "OPS-1", "OPE-1"]
    assert report.dependencies_added == ["BNK-1 → OPS-1 FS+2", "OPS-1 → OPE-1 SS", "BNK-1 → OPE-1 FS"]
    with MigrationService.open(into) as service:
        migration = service.migration()
        assert (migration.name, migration.start, migration.target_go_live) == (
            "plan",
            date(2027, 1, 4),
            date(2027, 6, 30),
        )
        ledger = service.workstream_by_key("BNK-1")
        assert (ledger.title, ledger.owner_name, ledger.status, ledger.progress) == (
            "Ledger",
            "Ann Smith",
            Status.IN_PROGRESS,
            40,
        )
        assert ledger.actual_start == date(2027, 2, 1)  # started as planned: the start is in the past
        assert ledger.description == "Core ledger"
        cutover = service.workstream_by_key("OPS-1")
        assert cutover.is_milestone and cutover.status == Status.NOT_STARTED
        created = service.workstream_history(ledger.id)
        assert any(e.action == "created" and e.actor == "ann" for e in created)
    assert ("BNK-1", "OPS-1", DependencyType.FS, 2) in links(into)


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_without_a_team_column_rows_go_to_the_default_team(tmp_path: Path, places: Places) -> None:
    plan = csv_plan(tmp_path, "Workstream\nLedger\nCards\n")
    report = import_plan(plan, places("a"), today=TODAY)
    assert report.teams_created == ["Unassigned"]
    other = places("b")
    report = import_plan(plan, other, default_team="Platform", name="Platform plan", today=TODAY)
    assert report.teams_created == ["Platform"]
    with MigrationService.open(other) as service:
        assert service.migration().name == "Platform plan"
        assert {w.team_name for w in service.workstreams()} == {"Platform"}


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_ms_project_ids_become_source_refs_that_predecessors_use(tmp_path: Path, places: Places) -> None:
    plan = csv_plan(
        tmp_path,
        "ID;Task Name;Group;Start date;Finish;Predecessors\n"
        "5;Access;Banking;2027-03-01;2027-03-05;\n"
        "7;Build;Banking;2027-03-08;2027-03-19;Access\n"
        '9;Test;Banking;2027-03-22;2027-03-26;"7FS+3 days;5SS"\n',
    )
    into = places("p")
    report = import_plan(plan, into, today=TODAY)
    assert report.workstreams_created == ["BAN-1", "BAN-2", "BAN-3"]
    with MigrationService.open(into) as service:
        by_ref = {w.source_ref: w.key for w in service.workstreams()}
    assert set(by_ref) == {"5", "7", "9"}
    assert links(into) == {
        (by_ref["5"], by_ref["7"], DependencyType.FS, 0),
        (by_ref["7"], by_ref["9"], DependencyType.FS, 3),
        (by_ref["5"], by_ref["9"], DependencyType.SS, 0),
    }


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_an_xlsx_plan_with_real_dates_percentages_and_formula_like_text(
    tmp_path: Path, places: Places
) -> None:
    path = tmp_path / "plan.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Tasks"
    sheet.append(["Issue key", "Summary", "Assignee", "Status", "Start", "Due date", "% Complete"])
    sheet.append(["PAY-1", "placeholder", "Chloé", "Done", datetime(2027, 2, 1), datetime(2027, 2, 26), 1.0])
    sheet.append([12, "Reports", None, "WIP", datetime(2027, 3, 1, 9, 0), None, 0.25])
    sheet["B2"].value = '=HYPERLINK("http://intranet/pay","Payments")'
    sheet["B2"].data_type = "s"  # text that looks like a formula
    sheet["G2"].number_format = "0%"
    sheet["G3"].number_format = "0%"
    workbook.save(path)
    into = places("p")
    import_plan(path, into, sheet="Tasks", default_team="Payments", today=TODAY)
    with MigrationService.open(into) as service:
        pay = service.workstream_by_key("PAY-1")
        assert pay.title == '=HYPERLINK("http://intranet/pay","Payments")'
        assert (pay.status, pay.progress, pay.planned_due) == (Status.DONE, 100, date(2027, 2, 26))
        assert pay.actual_finish == date(2027, 2, 26)  # finished as planned, before the import
        reports = next(w for w in service.workstreams() if w.source_ref == "12")
        assert (reports.progress, reports.planned_start, reports.status) == (
            25,
            date(2027, 3, 1),
            Status.IN_PROGRESS,
        )


def test_a_team_column_may_name_an_existing_team_by_code(tmp_path: Path, places: Places) -> None:
    into = existing_file(places)
    report = import_plan(csv_plan(tmp_path, "Team,Workstream\nbnk,Statements\n"), into, today=TODAY)
    assert report.teams_created == []
    assert report.workstreams_created == ["BNK-4"]


# ---------------------------------------------------------------- re-import


def test_re_import_updates_only_the_columns_present_and_keeps_empty_cells(
    tmp_path: Path, places: Places
) -> None:
    into = existing_file(places)
    plan = csv_plan(tmp_path, "Key,Workstream,Status,Progress\nBNK-2,Cards v2,,60\nBNK-9,Statements,,\n")
    report = import_plan(plan, into, today=TODAY)
    assert report.workstreams_updated == ["BNK-2"]
    assert report.workstreams_created == ["BNK-9"]
    assert report.dependencies_removed == []  # no Depends on column: links stay
    with MigrationService.open(into) as service:
        cards = service.workstream_by_key("BNK-2")
        assert (cards.title, cards.progress, cards.owner_name, cards.description) == (
            "Cards v2",
            60,
            "Ann Smith",
            "Keep me",
        )
        changes = {
            (e.field, e.old_value, e.new_value)
            for e in service.workstream_history(cards.id)
            if e.action == "changed"
        }
        assert changes == {("title", "Cards", "Cards v2"), ("progress", "20", "60")}
    assert len(links(into)) == 2


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_re_importing_the_same_plan_changes_nothing(tmp_path: Path, places: Places) -> None:
    plan = csv_plan(tmp_path, "Key,Workstream,Depends on\nBNK-1,Ledger,\nBNK-2,Cards,BNK-1\n")
    into = places("p")
    import_plan(plan, into, today=TODAY)
    again = import_plan(plan, into, today=TODAY)
    assert not again.changes_anything
    assert again.summary_lines() == ["Nothing to change: the file already matches the plan."]


def test_re_importing_into_an_existing_plan_says_it_already_matches_where_it_is(
    tmp_path: Path, places: Places
) -> None:
    into = existing_file(places)
    plan = csv_plan(tmp_path, "Key,Workstream\nBNK-1,Ledger\nBNK-2,Cards\n7,Branches\n")
    import_plan(plan, into, today=TODAY)
    again, dry = import_plan(plan, into, today=TODAY), import_plan(plan, into, today=TODAY, dry_run=True)
    assert not again.changes_anything
    if isinstance(into, ServerAddress):
        assert again.summary_lines() == ["Nothing to change: the plan on the server already matches."]
        assert dry.summary_lines()[1:] == ["  nothing: the plan on the server already matches"]
    else:
        assert again.summary_lines() == ["Nothing to change: the file already matches the plan."]
        assert dry.summary_lines()[1:] == ["  nothing: the file already matches the plan"]


def test_depends_on_makes_the_predecessors_exactly_those_listed(tmp_path: Path, places: Places) -> None:
    into = existing_file(places)
    plan = csv_plan(
        tmp_path,
        "Key,Workstream,Depends on\n"
        "BNK-2,Cards,\n"  # BNK-1 → BNK-2 goes
        "7,Branches,BNK-1FF+1w\n"  # matched by source ref; SS+1 becomes FF+5
        "BNK-4,Statements,BNK-2; Branches\n",
    )
    report = import_plan(plan, into, today=TODAY)
    assert report.workstreams_created == ["BNK-4"]
    assert report.dependencies_removed == ["BNK-1 → BNK-2 FS"]
    assert report.dependencies_changed == ["BNK-1 → BNK-3 SS+1 → FF+5"]
    assert report.dependencies_added == ["BNK-2 → BNK-4 FS", "BNK-3 → BNK-4 FS"]
    assert links(into) == {
        ("BNK-1", "BNK-3", DependencyType.FF, 5),
        ("BNK-2", "BNK-4", DependencyType.FS, 0),
        ("BNK-3", "BNK-4", DependencyType.FS, 0),
    }
    with MigrationService.open(into) as service:
        history = service.recent_history()
        assert any(e.action == "deleted" and e.entity_label == "BNK-1 → BNK-2" for e in history)
        assert any(e.action == "changed" and e.field == "lag" and e.new_value == "5" for e in history)
        assert len({e.change_id for e in history if e.entity_label != "Cards"}) >= 1
        import_change = history[0].change_id
        assert all(e.change_id == import_change for e in history[:5])  # one action in history


def test_start_and_target_of_an_existing_migration_change_when_given(tmp_path: Path, places: Places) -> None:
    into = existing_file(places)
    report = import_plan(csv_plan(tmp_path, "Key,Workstream\nBNK-1,Ledger\n"), into, target=date(2027, 9, 30))
    assert report.migration_changed == ["target go-live: 2027-09-30"]
    with MigrationService.open(into) as service:
        assert service.migration().target_go_live == date(2027, 9, 30)
        assert service.migration().start == date(2027, 1, 4)


def test_an_id_two_workstreams_share_matches_the_first_made_whatever_was_edited_since(
    tmp_path: Path, places: Places
) -> None:
    into = places("p")
    with MigrationService.create(into, NewMigration("Cards", date(2027, 1, 4))) as service:
        team = service.create_team("Banking", "BNK")
        first = service.create_workstream("Ledger", team, source_ref="7")
        service.create_workstream("Ledger, second phase", team, source_ref="7")  # an earlier import's ID 7
        service.update_workstream(first, {"description": "Core ledger"})  # edited since: a new row version
    report = import_plan(csv_plan(tmp_path, "ID,Task Name,% Complete\n7,Ledger,50%\n"), into, today=TODAY)
    assert report.workstreams_updated == ["BNK-1"]
    with MigrationService.open(into) as service:
        assert [(w.key, w.progress) for w in service.workstreams()] == [("BNK-1", 50), ("BNK-2", 0)]


# ---------------------------------------------------------------- problems: nothing changes


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Key,Workstream,Depends on\nBNK-3,A,OPS-7\nOPS-7,B,BNK-3\n", "the dependencies form a loop: "),
        ("Key,Workstream,Depends on\nBNK-3,A,OPS-7\n", 'row 2, column Depends on: "OPS-7" is not a key'),
        ("Key,Workstream\nBNK-3,A\nBNK-3,B\n", "row 3, column Key: BNK-3 is also on row 2"),
        ("Key,Workstream\nBNK-3,\n", "row 2, column Workstream: the title cannot be empty."),
        (
            "Workstream,Start,Due\nA,2027-03-10,2027-03-01\n",
            "due date 2027-03-01 is before start date 2027-03-10",
        ),
        (
            "Workstream,Due\nA,next week\n",
            'plan.csv, row 2, column Due: "next week" is not a date (use YYYY-MM-DD)',
        ),
        ("Workstream,Progress\nA,140\n", "Progress must be from 0 to 100 percent, not 140."),
        ("", "the sheet is empty"),
        ("Key,Owner\nBNK-1,Ann\n", "no Workstream column"),
    ],
)
def test_bad_plans_create_no_file(tmp_path: Path, places: Places, text: str, expected: str) -> None:
    into = places("new")
    with pytest.raises(PlanImportError) as caught:
        import_plan(csv_plan(tmp_path, text), into, today=TODAY)
    assert expected in str(caught.value)
    assert no_plan_at(into)
    assert list(tmp_path.glob("*.partial")) == []


def test_every_problem_is_reported_at_once_and_the_file_is_untouched(tmp_path: Path, places: Places) -> None:
    into = existing_file(places)
    before = digest(into)
    plan = csv_plan(
        tmp_path,
        "Key,Workstream,Due,Progress,Depends on\n"
        "BNK-2,Cards,next week,,\n"
        "BNK-8,Mail,,140,\n"
        "BNK-3,Branches,,,BNK-2; NOPE-1\n",
    )
    with pytest.raises(PlanImportError) as caught:
        import_plan(plan, into, today=TODAY)
    error = caught.value
    assert [str(p) for p in error.problems] == [
        'plan.csv, row 2, column Due: "next week" is not a date (use YYYY-MM-DD).',
        "plan.csv, row 3, column Progress: Progress must be from 0 to 100 percent, not 140.",
        'plan.csv, row 4, column Depends on: "NOPE-1" is not a key, ID or title of a workstream in the '
        "plan or the file.",
    ]
    lines = str(error).splitlines()
    assert lines[0] == "The plan has 3 problems; nothing was changed."
    assert lines[1:] == [str(p) for p in error.problems]
    assert digest(into) == before


def test_a_loop_with_links_already_in_the_file_is_refused(tmp_path: Path, places: Places) -> None:
    into = existing_file(places)  # BNK-1 → BNK-2 already
    before = digest(into)
    with pytest.raises(PlanImportError) as caught:
        import_plan(csv_plan(tmp_path, "Key,Workstream,Depends on\nBNK-1,Ledger,BNK-2\n"), into, today=TODAY)
    message = str(caught.value)
    assert "BNK-1 → BNK-2 → BNK-1" in message or "BNK-2 → BNK-1 → BNK-2" in message
    assert digest(into) == before


def test_a_rule_broken_only_while_applying_is_positioned_and_rolls_back(
    tmp_path: Path, places: Places
) -> None:
    into = existing_file(places)
    with MigrationService.open(into) as service:
        later = service.workstream_by_key("BNK-3")
        service.update_workstream(later.id, {"status": Status.IN_PROGRESS, "actual_start": date(2027, 3, 10)})
    before = digest(into)
    # Done "today" (2027-03-01) would finish before the actual start of 2027-03-10.
    plan = csv_plan(tmp_path, "Key,Team,Workstream,Status\nNEW-1,Newcomers,Fresh,\nBNK-3,,,done\n")
    with pytest.raises(PlanImportError) as caught:
        import_plan(plan, into, today=TODAY)
    assert [str(p) for p in caught.value.problems] == [
        "plan.csv, row 3: BNK-3: actual finish 2027-03-01 is before actual start 2027-03-10."
    ]
    assert digest(into) == before  # the new team and workstream were rolled back too


def test_a_broken_workbook_is_a_clear_error_and_creates_nothing(tmp_path: Path, places: Places) -> None:
    plan = tmp_path / "plan.xlsx"
    plan.write_bytes(b"PK\x03\x04 definitely not a workbook")
    with pytest.raises(PlanFileError, match="not an Excel workbook"):
        import_plan(plan, into := places("new"))
    assert no_plan_at(into)


# ---------------------------------------------------------------- dry run


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_dry_run_of_a_new_file_reports_and_creates_nothing(tmp_path: Path, places: Places) -> None:
    plan = csv_plan(
        tmp_path, "Team,Workstream,Owner,Depends on\nBanking,Ledger,Ann,\nBanking,Cards,Ann,Ledger\n"
    )
    into = places("new")
    report = import_plan(plan, into, dry_run=True, today=TODAY)
    assert no_plan_at(into)
    assert list(tmp_path.iterdir()) == [plan]
    # How the file was read, beside what the import would do:
    assert report.columns == [
        ColumnUse("Team", "team"), ColumnUse("Workstream", "title"), ColumnUse("Owner", "owner"),
        ColumnUse("Depends on", "depends_on"),
    ]  # fmt: skip
    assert report.choices == ImportChoices(
        columns={"team": "Team", "title": "Workstream", "owner": "Owner", "depends_on": "Depends on"}
    )
    assert replace(report, columns=[], column_fields=[], choices=ImportChoices()) == ImportReport(
        dry_run=True, created_file=True, teams_created=["Banking"], people_created=["Ann"],
        workstreams_created=["BAN-1", "BAN-2"], workstreams_updated=[],
        dependencies_added=["BAN-1 → BAN-2 FS"], dependencies_removed=[],
        titles={"BAN-1": "Ledger", "BAN-2": "Cards"},
    )  # fmt: skip
    lines = report.summary_lines()
    assert lines[0] == "Dry run: nothing was changed. The import would:"
    assert "create workstreams (2):" in lines and "  BAN-2 Cards" in lines and "  BAN-1 → BAN-2 FS" in lines


def test_dry_run_on_an_existing_file_leaves_it_byte_for_byte(tmp_path: Path, places: Places) -> None:
    into = existing_file(places)
    before = digest(into)
    plan = csv_plan(tmp_path, "Key,Workstream,Depends on\nBNK-2,Cards v2,\nBNK-5,New,BNK-2\n")
    report = import_plan(plan, into, dry_run=True, today=TODAY)
    assert (report.workstreams_updated, report.workstreams_created) == (["BNK-2"], ["BNK-5"])
    assert report.dependencies_removed == ["BNK-1 → BNK-2 FS"]
    assert report.dependencies_added == ["BNK-2 → BNK-5 FS"]
    assert digest(into) == before


def test_import_into_an_open_service(service: MigrationService, tmp_path: Path) -> None:
    plan = csv_plan(tmp_path, "Team,Workstream\nBanking,Ledger\n")
    report = import_plan_into(service, plan)
    assert report.workstreams_created == ["BAN-1"] and not report.created_file
    assert [w.title for w in service.workstreams()] == ["Ledger"]


@pytest.mark.file_only  # an import makes a new plan only as a file; a server gets one by copy
def test_without_status_progress_tells_it_and_past_dates_become_actual_dates(
    tmp_path: Path, places: Places
) -> None:
    plan = csv_plan(
        tmp_path,
        "ID,Task Name,Start,Finish,% Complete\n"
        "1,Issuer contract,2027-01-04,2027-02-05,100%\n"
        "2,BIN sponsorship,2027-02-08,2027-03-19,40%\n"
        "3,Card stock order,2027-03-22,2027-04-30,0%\n",
    )
    into = places("fleet")
    import_plan(plan, into, today=date(2027, 3, 1))
    with MigrationService.open(into) as service:
        found = {w.title: (w.status, w.actual_start, w.actual_finish) for w in service.workstreams()}
    assert found == {
        "Issuer contract": (Status.DONE, date(2027, 1, 4), date(2027, 2, 5)),
        "BIN sponsorship": (Status.IN_PROGRESS, date(2027, 2, 8), None),
        "Card stock order": (Status.NOT_STARTED, None, None),
    }


def test_dry_run_on_a_file_from_an_older_migrator_does_not_upgrade_it(tmp_path: Path) -> None:
    old = tmp_path / "legacy.migrator"
    shutil.copyfile(Path(__file__).parent.parent / "support" / "fixtures" / "r0001.migrator", old)
    before = old.read_bytes()
    plan = csv_plan(tmp_path, "Key,Workstream,Due\nBNK-1,Issuer contract signed,2027-02-12\nBNK-9,New,\n")

    report = import_plan(plan, old, dry_run=True)

    assert report.workstreams_updated == ["BNK-1"] and report.workstreams_created == ["BNK-9"]
    assert old.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["legacy.migrator", "plan.csv"]
