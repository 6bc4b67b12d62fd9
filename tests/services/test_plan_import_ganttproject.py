"""Importing a GanttProject plan (.gan) end to end: teams from its top-level tasks or from its
custom Team property, owners with their e-mail, links, baselines, the calendar, and a newer save
of the same plan imported again."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from migrator.domain.model import DependencyType, Status
from migrator.services import MigrationService
from migrator.services.plan_import import OUTLINE, ImportChoices, import_plan_into

FILES = Path(__file__).parents[1] / "importing" / "files"
FS, SS, FF, SF = DependencyType.FS, DependencyType.SS, DependencyType.FF, DependencyType.SF
NOT_STARTED, IN_PROGRESS, DONE = Status.NOT_STARTED, Status.IN_PROGRESS, Status.DONE


def who_rows(service: MigrationService) -> list[tuple[object, ...]]:
    return [(w.key, w.title, w.team_name, w.owner_name, w.source_ref) for w in service.workstreams()]


def date_rows(service: MigrationService) -> list[tuple[object, ...]]:
    return [
        (w.key, w.status, w.planned_start, w.planned_due, w.progress, w.is_milestone)
        for w in service.workstreams()
    ]


def links_of(service: MigrationService) -> set[tuple[str, str, DependencyType, int]]:
    return {(d.predecessor_key, d.successor_key, d.type, d.lag) for d in service.dependencies()}


def test_a_ganttproject_plan_makes_teams_of_its_top_level_tasks(service: MigrationService) -> None:
    report = import_plan_into(service, FILES / "core-banking.gan")
    assert report.source_label == "GanttProject (version 3.2.3240)"
    assert report.grouping_choices == [OUTLINE, "Role", "Team"]
    assert report.choices.team_from == OUTLINE
    assert who_rows(service) == [
        ("CO-1", "Card data extract", "Card Ops", "Ann Dupont", "GP 1"),
        ("CO-2", "Card cut-over rehearsal", "Card Ops", "Bob Martin", "GP 2"),
        ("CO-3", "Cards live", "Card Ops", None, "GP 3"),
        ("PAY-1", "Gateway build", "Payments", "Chen Li", "GP 6"),
        ("PAY-2", "Gateway test", "Payments", "Dana Smith", "GP 7"),
        ("PAY-3", "Year-end freeze check", "Payments", "Dana Smith", "GP 8"),
        ("UNA-1", "Decommission mainframe", "Unassigned", None, "GP 9"),
    ]
    assert date_rows(service) == [
        ("CO-1", DONE, date(2027, 3, 1), date(2027, 3, 12), 100, False),
        ("CO-2", NOT_STARTED, date(2027, 3, 29), date(2027, 4, 5), 0, False),
        ("CO-3", NOT_STARTED, date(2027, 4, 6), date(2027, 4, 6), 0, True),
        ("PAY-1", IN_PROGRESS, date(2027, 3, 15), date(2027, 4, 5), 60, False),
        ("PAY-2", NOT_STARTED, date(2027, 4, 6), date(2027, 4, 8), 0, False),
        ("PAY-3", NOT_STARTED, date(2027, 12, 29), date(2028, 1, 4), 0, False),
        ("UNA-1", NOT_STARTED, date(2028, 1, 5), date(2028, 1, 6), 0, False),
    ]
    # The SF link from the SEPA gateway summary applies to both of its tasks.
    assert links_of(service) == {
        ("CO-1", "CO-2", FS, 0),
        ("CO-2", "CO-3", FS, 1),
        ("PAY-1", "PAY-2", SS, -2),
        ("PAY-2", "CO-3", FF, 0),
        ("PAY-1", "PAY-3", SF, 0),
        ("PAY-2", "PAY-3", SF, 0),
        ("PAY-3", "UNA-1", FS, 0),
    }
    extract = next(w for w in service.workstreams() if w.key == "CO-1")
    assert (extract.baseline_start, extract.baseline_due) == (date(2027, 3, 1), date(2027, 3, 10))
    assert [(p.name, p.email) for p in service.people()] == [
        ("Ann Dupont", "ann.dupont@bank.example"),
        ("Bob Martin", None),
        ("Chen Li", "chen.li@bank.example"),
        ("Dana Smith", "dana.smith@bank.example"),
    ]
    # Holidays on a weekend change nothing (25 December 2027, 31 December 2028).
    assert service.non_working_days() == {
        date(2027, 4, 2): "Good Friday",
        date(2027, 12, 31): "Bank closing day",
        date(2028, 12, 25): "Christmas Day",
    }
    assert report.skipped == [
        "GP 0 'Card Ops' (summary task: made team Card Ops)",
        "GP 4 'Payments' (summary task: made team Payments)",
        "GP 5 'SEPA gateway' (summary task: its tasks go to team Payments)",
    ]


def test_the_custom_team_property_can_name_the_teams(service: MigrationService) -> None:
    import_plan_into(service, FILES / "core-banking.gan", choices=ImportChoices(team_from="Team"))
    teams = {w.title: w.team_name for w in service.workstreams()}
    assert teams == {
        "Card data extract": "CARD",
        "Card cut-over rehearsal": "CARD",
        "Cards live": "Unassigned",
        "Gateway build": "PAY",
        "Gateway test": "PAY",
        "Year-end freeze check": "PAY",
        "Decommission mainframe": "Unassigned",
    }


def test_a_newer_save_of_the_plan_updates_the_workstreams_it_made(
    service: MigrationService, tmp_path: Path
) -> None:
    import_plan_into(service, FILES / "core-banking.gan")
    newer = (FILES / "core-banking.gan").read_text(encoding="utf-8")
    newer = newer.replace('name="Card cut-over rehearsal"', 'name="Card cut-over dress rehearsal"')
    test = 'name="Gateway test" color="#8cb6ce" meeting="false" start='
    newer = newer.replace(test + '"2027-04-06"', test + '"2027-04-07"')
    newer = newer.replace(
        '<task id="9" uid="9f8e7d6c5b4a4999" name="Decommission mainframe" color="#8cb6ce" meeting="false" '
        'start="2028-01-05" duration="2" complete="0" expand="true"/>',
        '<task id="10" name="Archive card statements" color="#8cb6ce" meeting="false" start="2027-05-03" '
        'duration="5" complete="0" expand="true"/>',
    )
    path = tmp_path / "core-banking.gan"
    path.write_text(newer, encoding="utf-8")
    report = import_plan_into(service, path)
    assert report.workstreams_updated == ["CO-2", "PAY-2"]
    assert report.workstreams_created == ["UNA-2"]
    assert report.missing_from_plan == ["UNA-1 Decommission mainframe (GP 9)"]
    rows = {w.key: (w.title, w.planned_start, w.planned_due, w.source_ref) for w in service.workstreams()}
    assert rows["CO-2"] == ("Card cut-over dress rehearsal", date(2027, 3, 29), date(2027, 4, 5), "GP 2")
    assert rows["PAY-2"] == ("Gateway test", date(2027, 4, 7), date(2027, 4, 9), "GP 7")
    assert rows["UNA-2"] == ("Archive card statements", date(2027, 5, 3), date(2027, 5, 7), "GP 10")
    assert rows["UNA-1"] == ("Decommission mainframe", date(2028, 1, 5), date(2028, 1, 6), "GP 9")  # kept
