"""The document's import of another tool's plan: the preview under choices, the import as one
undo step that also puts the calendar back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from migrator.services.plan_import import OUTLINE, ImportChoices, ImportProblemsError
from migrator.ui.document.plan_document import PlanDocument
from tests.support.mspdi import Mspdi, Resource, Task
from tests.ui.document.test_plan_document import Ids, document, ids, refusals, undoable

__all__ = ["document", "ids", "refusals"]  # the fixtures this module uses from the document's tests


def cards_xml(folder: Path) -> Path:
    return Mspdi(
        "Card platform",
        date(2027, 1, 4),
        date(2027, 2, 26),
        [
            Task(1, "Card Ops", summary=True, start=date(2027, 1, 4), finish=date(2027, 2, 12), days=30),
            Task(2, "Freeze schema", 2, start=date(2027, 1, 4), finish=date(2027, 1, 15), days=10,
                 team="Core"),
            Task(3, "Migrate accounts", 2, start=date(2027, 1, 18), finish=date(2027, 2, 12), days=20,
                 links=[(2, "FS", 0)], team="Core"),
        ],
        resources=[Resource(1, "Ann Lee", "Card Ops", "ann.lee@bank.example")],
        assignments=[(2, 1)],
        holidays={date(2027, 4, 2): "Good Friday"},
    ).write(folder / "cards.xml")  # fmt: skip


def test_the_preview_follows_the_choices_and_changes_nothing(
    document: PlanDocument, ids: Ids, tmp_path: Path
) -> None:
    path = cards_xml(tmp_path)
    guessed = document.import_preview(path)
    assert guessed.dry_run and guessed.choices.team_from == OUTLINE
    assert guessed.teams_created == ["Card Ops"]
    by_field = document.import_preview(path, choices=ImportChoices(team_from="Team"))
    assert by_field.teams_created == ["Core"]
    assert document.undo_stack.count() == 0
    assert "Card Ops" not in {team.name for team in document.plan.teams}


def test_a_preview_with_problems_says_how_the_file_was_read(
    document: PlanDocument, ids: Ids, tmp_path: Path
) -> None:
    with pytest.raises(ImportProblemsError) as caught:
        document.import_preview(cards_xml(tmp_path), choices=ImportChoices(team_from="Text9"))
    assert caught.value.report.grouping_choices == [OUTLINE, "Resource Group", "Team"]


def test_an_ms_project_import_with_its_calendar_is_one_undo_step(
    document: PlanDocument, ids: Ids, refusals: list[str], tmp_path: Path
) -> None:
    path = cards_xml(tmp_path)
    report = undoable(
        document, refusals, lambda: document.import_plan(path, choices=ImportChoices(team_from="Team"))
    )
    assert report is not None
    assert report.teams_created == ["Core"] and report.workstreams_created == ["COR-1", "COR-2"]
    assert report.calendar_changed == ["non-working day 2027-04-02 (Good Friday) added"]
    assert document.undo_stack.undoText() == "Import cards.xml"
    document.undo_stack.undo()
    assert date(2027, 4, 2) not in document.service.non_working_days()
