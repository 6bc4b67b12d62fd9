"""Reading plans MS Project and ProjectLibre saved as XML (MSPDI): every element read, every refusal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from migrator.domain.model import DependencyType
from migrator.importing.ms_project_xml import read_ms_project_xml
from migrator.importing.source_plan import OUTLINE, SourceFormat, SourceLink, SourcePerson

FILES = Path(__file__).parent / "files"


def test_a_project_2016_plan_reads_its_tasks_outline_and_dates() -> None:
    source = read_ms_project_xml(FILES / "project-2016.xml")

    assert source.format is SourceFormat.MS_PROJECT_XML
    assert source.label == "MS Project XML (saved by Project 2010 or later)"
    assert source.name == "Core Banking Migration"
    assert (source.start, source.finish) == (date(2027, 1, 4), date(2027, 3, 22))
    tasks = {t.source_id: t for t in source.tasks}
    assert [t.source_id for t in source.tasks] == [f"UID {n}" for n in range(1, 11)]
    freeze = tasks["UID 2"]
    assert (freeze.position, freeze.name) == (2, "Freeze card schema")
    assert (freeze.level, freeze.parent_id) == (2, "UID 1")
    assert (freeze.start, freeze.finish) == (date(2027, 1, 4), date(2027, 1, 15))
    assert (freeze.actual_start, freeze.actual_finish) == (date(2027, 1, 4), date(2027, 1, 15))
    assert (freeze.baseline_start, freeze.baseline_finish) == (date(2027, 1, 4), date(2027, 1, 13))
    assert freeze.progress == 100
    assert freeze.milestone is False
    assert freeze.owner == "Ann Lee"
    assert freeze.notes == "Schema v3 signed off by the card scheme & the bank's architects."
    assert tasks["UID 1"].is_summary and tasks["UID 5"].is_summary
    assert tasks["UID 4"].milestone is True
    assert tasks["UID 10"].level == 1 and tasks["UID 10"].parent_id is None
    assert source.links[:2] == [
        SourceLink("UID 2", "UID 3", DependencyType.FS, 0),
        SourceLink("UID 3", "UID 4", DependencyType.FS, 2),
    ]
    assert source.people == [
        SourcePerson("Ann Lee", "ann.lee@bank.example", "Card Ops"),
        SourcePerson("Raj Patel", "raj.patel@bank.example", "Card Ops"),
        SourcePerson("Chen Wei", "chen.wei@bank.example", "Payments"),
    ]
    assert source.grouping_choices == [OUTLINE, "Resource Group", "Team", "Workstream code"]
    assert source.problems == []
