"""Two shapes MS Project itself writes that a hand-made file rarely has: the blank rows a
coordinator leaves between tasks (null tasks, at outline level 0) and a project whose title was
never set (MS Project and MPXJ write "Project1")."""

from __future__ import annotations

from pathlib import Path

from migrator.importing.ms_project_xml import read_ms_project_xml

PROJECT_2007 = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <SaveVersion>12</SaveVersion>
  <Name>Card rollout.xml</Name>
  <Title>{title}</Title>
  <StartDate>2027-03-01T08:00:00</StartDate>
  <MinutesPerDay>480</MinutesPerDay>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>{summary}</Name><OutlineLevel>0</OutlineLevel><Summary>1</Summary></Task>
    <Task><UID>1</UID><ID>1</ID><Name>Card Operations</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary>
      <Start>2027-03-01T08:00:00</Start><Finish>2027-03-12T17:00:00</Finish></Task>
    <Task><UID>2</UID><ID>2</ID><Name>Extract card data</Name><OutlineLevel>2</OutlineLevel>
      <Start>2027-03-01T08:00:00</Start><Finish>2027-03-12T17:00:00</Finish><Duration>PT80H0M0S</Duration></Task>
    <Task><UID>3</UID><ID>3</ID><IsNull>1</IsNull><OutlineLevel>0</OutlineLevel>
      <Start>2027-03-01T08:00:00</Start><Finish>2027-03-02T08:00:00</Finish></Task>
    <Task><UID>4</UID><ID>4</ID><Name>Rehearse the cut-over</Name><OutlineLevel>2</OutlineLevel>
      <Start>2027-03-15T08:00:00</Start><Finish>2027-03-19T17:00:00</Finish><Duration>PT40H0M0S</Duration></Task>
  </Tasks>
</Project>
"""


def test_a_blank_row_is_skipped_as_blank_and_keeps_the_outline(tmp_path: Path) -> None:
    path = tmp_path / "Card rollout.xml"
    path.write_text(PROJECT_2007.format(title="Debit card rollout", summary="Debit card rollout"), "utf-8")
    source = read_ms_project_xml(path)
    assert [(task.source_id, task.name, task.parent_id, task.skip_reason) for task in source.tasks] == [
        ("UID 1", "Card Operations", None, None),
        ("UID 2", "Extract card data", "UID 1", None),
        ("UID 3", None, None, "a blank (null) task"),  # skipped as blank, not as the project's summary
        ("UID 4", "Rehearse the cut-over", "UID 1", None),  # still under its summary task
    ]
    assert not any("UID 3" in str(notice) for notice in source.notices)


def test_the_project_is_named_by_its_title(tmp_path: Path) -> None:
    path = tmp_path / "Card rollout.xml"
    path.write_text(PROJECT_2007.format(title="Debit card rollout", summary="Rollout"), "utf-8")
    assert read_ms_project_xml(path).name == "Debit card rollout"


def test_a_title_nobody_set_gives_way_to_the_summary_task_then_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "Card rollout.xml"
    path.write_text(PROJECT_2007.format(title="Project1", summary="Debit cards for everyone"), "utf-8")
    assert read_ms_project_xml(path).name == "Debit cards for everyone"
    path.write_text(PROJECT_2007.format(title="Project1", summary="Project1"), "utf-8")
    assert read_ms_project_xml(path).name == "Card rollout"
