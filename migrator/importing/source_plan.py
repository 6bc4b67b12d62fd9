"""A plan as another tool wrote it (MS Project, GanttProject, Jira, Smartsheet), before the
coordinator's choices turn it into workstreams: tasks with their outline, links, calendar and people.

Each reader (ms_project_xml, ganttproject, table_dialects) fills a SourcePlan; source_mapping
turns it into the rows the import applies, under the ImportChoices made in the preview."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from migrator.domain.model import DependencyType, Status
from migrator.importing.plan import PlanProblem

OUTLINE = "Summary tasks"  # ImportChoices.team_from: a task's top-level summary task names its team
NO_TEAM = "None"  # ImportChoices.team_from: every task goes to the default team
DateOrder = Literal["dmy", "mdy"]


class SourceFormat(enum.StrEnum):
    MIGRATOR = "Migrator plan"  # our own columns, or any table without a known tool's shape
    MS_PROJECT_XML = "MS Project XML"
    GANTTPROJECT = "GanttProject"
    MS_PROJECT_TABLE = "MS Project export"
    JIRA = "Jira export"
    SMARTSHEET = "Smartsheet export"


@dataclass
class SourceTask:
    """One task (or summary task) as the tool wrote it; None means the tool did not say."""

    position: int  # where the coordinator finds it: the sheet's row number, or the task's ID in the tool
    source_id: str  # the tool's stable id, stored as the workstream's source reference: "UID 12", "PAY-12"
    name: str | None
    level: int = 1  # outline level, 1 = top
    parent_id: str | None = None  # source_id of the summary task it sits under
    is_summary: bool = False  # a summary task (MS Project), a parent task (GanttProject), an epic (Jira)
    start: date | None = None
    finish: date | None = None
    milestone: bool | None = None  # a milestone flag, or a duration of zero
    progress: int | None = None  # 0–100
    status: Status | None = None
    actual_start: date | None = None
    actual_finish: date | None = None
    baseline_start: date | None = None
    baseline_finish: date | None = None
    notes: str | None = None
    owner: str | None = None
    # What could name its team, by the name shown in the preview: {"Resource Group": "Card Ops"}.
    groupings: dict[str, str] = field(default_factory=dict)
    skip_reason: str | None = None  # a null, inactive or external task: reported, never imported
    # A plan Migrator exported carries its own keys back: the workstream's key ("BNK-3"), or on a
    # team's summary task the team's code ("BNK").
    key: str | None = None


@dataclass(frozen=True)
class SourceLink:
    """A dependency between two tasks, by their source ids; lag in working days (negative: lead)."""

    predecessor_id: str
    successor_id: str
    type: DependencyType = DependencyType.FS
    lag: int = 0
    approximated: str | None = None  # how the tool's lag was converted, when not exactly: reported


@dataclass(frozen=True)
class SourcePerson:
    name: str
    email: str | None = None
    group: str | None = None  # MS Project's resource group, a GanttProject role


@dataclass(frozen=True)
class SourceCalendar:
    working_weekdays: frozenset[int]  # 0 = Monday … 6 = Sunday
    non_working_days: dict[date, str]  # a holiday → its name ("" when the tool gives none)


@dataclass(frozen=True)
class ColumnUse:
    """What one column (or element) of the file was read as, for the preview: "Finish" → "due"."""

    source: str  # the header, or the element, as the file names it
    field: str | None  # the field it feeds, or None when it is not read


@dataclass
class SourcePlan:
    format: SourceFormat
    label: str  # the format as the preview names it: "MS Project XML (saved by Project 2016)"
    sheet: str  # where problems are: the file's name, or "File.xlsx, sheet Tasks"
    name: str | None = None  # the project's name
    start: date | None = None  # the project's start
    finish: date | None = None  # the project's finish (a target), when the tool states one
    tasks: list[SourceTask] = field(default_factory=list)
    links: list[SourceLink] = field(default_factory=list)
    people: list[SourcePerson] = field(default_factory=list)
    calendar: SourceCalendar | None = None
    columns: list[ColumnUse] = field(default_factory=list)
    grouping_choices: list[str] = field(default_factory=list)  # the team_from choices, best first
    notices: list[PlanProblem] = field(default_factory=list)  # handled and reported (skipped, approximated)
    problems: list[PlanProblem] = field(default_factory=list)  # stop the import: nothing is changed
    shape: str = ""  # the same for two exports of one plan from one tool: its choices are remembered
    # Dates such as 03/04/2027 that no date of the file reads one way only: the day/month order is
    # the coordinator's choice (ImportChoices.date_order), so the preview offers it.
    date_order_needed: bool = False

    def problem(self, position: int | None, column: str | None, message: str) -> None:
        self.problems.append(PlanProblem(self.sheet, position, column, message))

    def notice(self, position: int | None, column: str | None, message: str) -> None:
        self.notices.append(PlanProblem(self.sheet, position, column, message))


@dataclass(frozen=True)
class ImportChoices:
    """What the coordinator chose in the preview (or on the command line); None means "as guessed"."""

    team_from: str | None = None  # OUTLINE, NO_TEAM, or one of SourcePlan.grouping_choices
    date_order: DateOrder | None = None  # for dates such as 03/04/2027 when the file does not prove it
    columns: dict[str, str] | None = None  # tables: field → header, overriding the guess
