"""The plan as MS Project XML (MSPDI), the file MS Project, ProjectLibre and GanttProject open.

One summary task per team holds its workstreams; the project's summary task (UID 0) holds all.
Dates are written at the calendar's 08:00 start and 17:00 finish, durations in working hours
(eight a day), and each dated workstream is held at its planned start by a "start no earlier
than" constraint, so MS Project keeps the plan's dates instead of pulling work forward. Links
carry their type and their lag in tenths of a minute (4,800 a working day) shown in days; owners
become work resources assigned at 100%; the working week and each non-working day make the
project calendar. The Migrator key of each workstream (and the code of each team, on its summary
task) travels in the task field Text1, named "Migrator key", so an import of the file later
finds the same workstreams again.

Elements are written in the order Project 2016 writes them. A team without workstreams is left
out: MS Project would show its summary task as an ordinary task.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from pathlib import Path

from migrator.domain.model import DependencyType, Workstream
from migrator.reports.plan_content import PlanContent
from migrator.reports.safe_file import AtomicFile

NAMESPACE = "http://schemas.microsoft.com/project"
KEY_FIELD_ID = 188743731  # the task field Text1
KEY_FIELD_NAME = "Text1"
KEY_ALIAS = "Migrator key"
HOURS_PER_DAY = 8
MINUTES_PER_DAY = 60 * HOURS_PER_DAY
LAG_PER_DAY = 10 * MINUTES_PER_DAY  # LinkLag counts tenths of a minute
LAG_FORMAT_DAYS = 7
DURATION_FORMAT_DAYS = 7
START_TIME = "08:00:00"
FINISH_TIME = "17:00:00"
WORKING_TIMES = (("08:00:00", "12:00:00"), ("13:00:00", "17:00:00"))
LINK_TYPES = {DependencyType.FF: 0, DependencyType.FS: 1, DependencyType.SF: 2, DependencyType.SS: 3}
START_NO_EARLIER_THAN = 4
FINISH_NO_EARLIER_THAN = 6
AS_SOON_AS_POSSIBLE = 0
FIXED_DURATION = 1
UNNAMED_EXCEPTION = "Non-working day"

# XML 1.0 has no place for these control characters, even escaped.
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def write_ms_project_xml(content: PlanContent, path: Path) -> None:
    """Write the plan to ``path`` as MS Project XML (UTF-8), all or nothing."""
    text = ms_project_xml(content)
    with AtomicFile(path) as target:
        with target.temp.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        target.commit()


def ms_project_xml(content: PlanContent) -> str:
    """The whole MSPDI document."""
    return _Writer(content).document()


# ---------------------------------------------------------------- values


def _text(value: str) -> str:
    cleaned = _NOT_IN_XML.sub("", value)
    return cleaned.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _at(day: date, time: str) -> str:
    return f"{day.isoformat()}T{time}"


def _hours(days: int) -> str:
    return f"PT{HOURS_PER_DAY * days}H0M0S"


def _day_type(weekday: int) -> int:
    """MSPDI's DayType: 1 = Sunday … 7 = Saturday; ours: 0 = Monday … 6 = Sunday."""
    return (weekday + 1) % 7 + 1


class _WorkingDays:
    """Working days counted over a span by a running total: a duration is one subtraction."""

    def __init__(self, content: PlanContent, days: Iterable[date]) -> None:
        dated = sorted(set(days))
        self._first = dated[0] if dated else date(2000, 1, 1)
        last = dated[-1] if dated else self._first
        self._total = [0]
        day = self._first
        while day <= last:
            working = day.weekday() in content.working_weekdays and day not in content.non_working_days
            self._total.append(self._total[-1] + working)
            day += timedelta(days=1)

    def between(self, start: date, finish: date) -> int:
        """Working days from ``start`` to ``finish``, both counted."""
        if finish < start:
            return 0
        first = (start - self._first).days
        last = (finish - self._first).days
        return self._total[last + 1] - self._total[first]


class _Writer:
    def __init__(self, content: PlanContent) -> None:
        self.content = content
        self.lines: list[str] = []
        self.groups = content.by_team()
        dates = [d for w in content.workstreams for d in (w.planned_start, w.planned_due) if d is not None]
        for extra in (content.start, content.target_go_live):
            if extra is not None:
                dates.append(extra)
        self.span = (min(dates), max(dates)) if dates else None
        baselines = [d for w in content.workstreams for d in (w.baseline_start, w.baseline_due) if d]
        self.days = _WorkingDays(content, [*dates, *baselines])
        self.task_uid: dict[int, int] = {}  # workstream id → its task's UID
        uid = 0
        for _team, work in self.groups:
            uid += 1
            for workstream in work:
                uid += 1
                self.task_uid[workstream.id] = uid
        self.predecessors: dict[int, list[tuple[int, DependencyType, int]]] = {}
        for link in content.dependencies:
            if link.predecessor_id in self.task_uid and link.successor_id in self.task_uid:
                self.predecessors.setdefault(link.successor_id, []).append(
                    (self.task_uid[link.predecessor_id], link.type, link.lag)
                )
        self.resources = list(content.people)
        self.resource_uid = {person.id: uid for uid, person in enumerate(self.resources, start=1)}

    def add(self, depth: int, element: str, value: object) -> None:
        text = _text(value) if isinstance(value, str) else str(value)
        self.lines.append(f"{chr(9) * depth}<{element}>{text}</{element}>")

    def open(self, depth: int, element: str) -> None:
        self.lines.append(f"{chr(9) * depth}<{element}>")

    def close(self, depth: int, element: str) -> None:
        self.lines.append(f"{chr(9) * depth}</{element}>")

    # ------------------------------------------------------------ the document

    def document(self) -> str:
        self.lines.append('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>')
        self.lines.append(f'<Project xmlns="{NAMESPACE}">')
        self._header()
        self._extended_attributes()
        self._calendar()
        self.open(1, "Tasks")
        self._project_summary()
        for outline, (team, work) in enumerate(self.groups, start=1):
            self._team_summary(team.name, team.code, outline, work)
            for number, workstream in enumerate(work, start=1):
                self._workstream(workstream, f"{outline}.{number}")
        self.close(1, "Tasks")
        self._resources()
        self._assignments()
        self.lines.append("</Project>")
        self.lines.append("")
        return "\n".join(self.lines)

    def _header(self) -> None:
        content = self.content
        saved = content.saved_at.replace(microsecond=0, tzinfo=None).isoformat()
        start = content.start or (self.span[0] if self.span else None)
        working_week = len(content.working_weekdays)
        self.add(1, "SaveVersion", 14)
        self.add(1, "Name", content.name)
        self.add(1, "Title", content.name)
        self.add(1, "CreationDate", saved)
        self.add(1, "LastSaved", saved)
        self.add(1, "ScheduleFromStart", 1)
        if start is not None:
            self.add(1, "StartDate", _at(start, START_TIME))
        if content.target_go_live is not None:
            self.add(1, "FinishDate", _at(content.target_go_live, FINISH_TIME))
        self.add(1, "FYStartDate", 1)
        self.add(1, "CriticalSlackLimit", 0)
        self.add(1, "CalendarUID", 1)
        self.add(1, "DefaultStartTime", START_TIME)
        self.add(1, "DefaultFinishTime", FINISH_TIME)
        self.add(1, "MinutesPerDay", MINUTES_PER_DAY)
        self.add(1, "MinutesPerWeek", MINUTES_PER_DAY * working_week)
        self.add(1, "DaysPerMonth", 20)
        self.add(1, "DefaultTaskType", FIXED_DURATION)
        self.add(1, "DurationFormat", DURATION_FORMAT_DAYS)
        self.add(1, "WorkFormat", 2)
        self.add(1, "HonorConstraints", 0)
        self.add(1, "NewTasksEstimated", 0)
        self.add(1, "WeekStartDay", 1)

    def _extended_attributes(self) -> None:
        self.open(1, "ExtendedAttributes")
        self.open(2, "ExtendedAttribute")
        self.add(3, "FieldID", KEY_FIELD_ID)
        self.add(3, "FieldName", KEY_FIELD_NAME)
        self.add(3, "Alias", KEY_ALIAS)
        self.close(2, "ExtendedAttribute")
        self.close(1, "ExtendedAttributes")

    def _calendar(self) -> None:
        self.open(1, "Calendars")
        self.open(2, "Calendar")
        self.add(3, "UID", 1)
        self.add(3, "Name", "Standard")
        self.add(3, "IsBaseCalendar", 1)
        self.add(3, "IsBaselineCalendar", 0)
        self.add(3, "BaseCalendarUID", 0)
        self.open(3, "WeekDays")
        for weekday in (6, 0, 1, 2, 3, 4, 5):  # Sunday first, as DayType counts
            working = weekday in self.content.working_weekdays
            self.open(4, "WeekDay")
            self.add(5, "DayType", _day_type(weekday))
            self.add(5, "DayWorking", int(working))
            if working:
                self.open(5, "WorkingTimes")
                for start, finish in WORKING_TIMES:
                    self.open(6, "WorkingTime")
                    self.add(7, "FromTime", start)
                    self.add(7, "ToTime", finish)
                    self.close(6, "WorkingTime")
                self.close(5, "WorkingTimes")
            self.close(4, "WeekDay")
        self.close(3, "WeekDays")
        holidays = sorted(self.content.non_working_days.items())
        if holidays:
            self.open(3, "Exceptions")
            for day, name in holidays:
                self.open(4, "Exception")
                self.add(5, "EnteredByOccurrences", 0)
                self.open(5, "TimePeriod")
                self.add(6, "FromDate", _at(day, "00:00:00"))
                self.add(6, "ToDate", _at(day, "23:59:00"))
                self.close(5, "TimePeriod")
                self.add(5, "Occurrences", 1)
                self.add(5, "Name", name.strip() or UNNAMED_EXCEPTION)
                self.add(5, "Type", 1)
                self.add(5, "DayWorking", 0)
                self.close(4, "Exception")
            self.close(3, "Exceptions")
        self.close(2, "Calendar")
        self.close(1, "Calendars")

    # ------------------------------------------------------------ tasks

    def _task_head(self, uid: int, name: str, outline: str, level: int) -> None:
        self.open(2, "Task")
        self.add(3, "UID", uid)
        self.add(3, "ID", uid)
        self.add(3, "Name", name)
        self.add(3, "Active", 1)
        self.add(3, "Manual", 0)
        self.add(3, "Type", FIXED_DURATION)
        self.add(3, "IsNull", 0)
        self.add(3, "WBS", outline)
        self.add(3, "OutlineNumber", outline)
        self.add(3, "OutlineLevel", level)
        self.add(3, "Priority", 500)

    def _dates(self, start: date | None, finish: date | None, *, milestone: bool) -> None:
        if milestone and (start or finish):
            day = start or finish
            assert day is not None
            self.add(3, "Start", _at(day, START_TIME))
            self.add(3, "Finish", _at(day, START_TIME))
            self.add(3, "Duration", _hours(0))
            self.add(3, "DurationFormat", DURATION_FORMAT_DAYS)
            return
        if start is not None:
            self.add(3, "Start", _at(start, START_TIME))
        if finish is not None:
            self.add(3, "Finish", _at(finish, FINISH_TIME))
        if start is not None and finish is not None:
            self.add(3, "Duration", _hours(max(1, self.days.between(start, finish))))
            self.add(3, "DurationFormat", DURATION_FORMAT_DAYS)

    def _flags(self, *, milestone: bool, summary: bool) -> None:
        self.add(3, "EffortDriven", 0)
        self.add(3, "Estimated", 0)
        self.add(3, "Milestone", int(milestone))
        self.add(3, "Summary", int(summary))

    def _key(self, key: str) -> None:
        self.open(3, "ExtendedAttribute")
        self.add(4, "FieldID", KEY_FIELD_ID)
        self.add(4, "Value", key)
        self.close(3, "ExtendedAttribute")

    def _project_summary(self) -> None:
        self._task_head(0, self.content.name, "0", 0)
        if self.span is not None:
            self._dates(self.span[0], self.span[1], milestone=False)
        self._flags(milestone=False, summary=True)
        self.add(3, "PercentComplete", 0)
        self.add(3, "ConstraintType", AS_SOON_AS_POSSIBLE)
        self.add(3, "CalendarUID", -1)
        self.close(2, "Task")

    def _team_summary(self, name: str, code: str, outline: int, work: Sequence[Workstream]) -> None:
        uid = self.task_uid[work[0].id] - 1
        dates = [d for w in work for d in (w.planned_start, w.planned_due) if d is not None]
        self._task_head(uid, name, str(outline), 1)
        if dates:
            self._dates(min(dates), max(dates), milestone=False)
        self._flags(milestone=False, summary=True)
        self.add(3, "PercentComplete", _weighted_progress(work))
        self.add(3, "ConstraintType", AS_SOON_AS_POSSIBLE)
        self.add(3, "CalendarUID", -1)
        self._key(code)
        self.close(2, "Task")

    def _workstream(self, workstream: Workstream, outline: str) -> None:
        w = workstream
        milestone = w.is_milestone
        self._task_head(self.task_uid[w.id], w.title, outline, 2)
        self._dates(w.planned_start, w.planned_due, milestone=milestone)
        self._flags(milestone=milestone, summary=False)
        self.add(3, "PercentComplete", w.progress)
        if w.actual_start is not None:
            self.add(3, "ActualStart", _at(w.actual_start, START_TIME))
        if w.actual_finish is not None:
            self.add(3, "ActualFinish", _at(w.actual_finish, START_TIME if milestone else FINISH_TIME))
        anchor = w.planned_start or (w.planned_due if milestone else None)
        if anchor is not None:
            self.add(3, "ConstraintType", START_NO_EARLIER_THAN)
        elif w.planned_due is not None:
            self.add(3, "ConstraintType", FINISH_NO_EARLIER_THAN)
        else:
            self.add(3, "ConstraintType", AS_SOON_AS_POSSIBLE)
        self.add(3, "CalendarUID", -1)
        if anchor is not None:
            self.add(3, "ConstraintDate", _at(anchor, START_TIME))
        elif w.planned_due is not None:
            self.add(3, "ConstraintDate", _at(w.planned_due, FINISH_TIME))
        if w.description.strip():
            self.add(3, "Notes", w.description)
        for predecessor, link_type, lag in self.predecessors.get(w.id, ()):
            self.open(3, "PredecessorLink")
            self.add(4, "PredecessorUID", predecessor)
            self.add(4, "Type", LINK_TYPES[link_type])
            self.add(4, "CrossProject", 0)
            self.add(4, "LinkLag", lag * LAG_PER_DAY)
            self.add(4, "LagFormat", LAG_FORMAT_DAYS)
            self.close(3, "PredecessorLink")
        self._key(w.key)
        self._baseline(w)
        self.close(2, "Task")

    def _baseline(self, w: Workstream) -> None:
        start, finish = w.baseline_start, w.baseline_due
        if start is None and finish is None:
            return
        self.open(3, "Baseline")
        self.add(4, "Number", 0)
        if w.is_milestone:
            day = start or finish
            assert day is not None
            self.add(4, "Start", _at(day, START_TIME))
            self.add(4, "Finish", _at(day, START_TIME))
            self.add(4, "Duration", _hours(0))
            self.add(4, "DurationFormat", DURATION_FORMAT_DAYS)
        else:
            if start is not None:
                self.add(4, "Start", _at(start, START_TIME))
            if finish is not None:
                self.add(4, "Finish", _at(finish, FINISH_TIME))
            if start is not None and finish is not None:
                self.add(4, "Duration", _hours(max(1, self.days.between(start, finish))))
                self.add(4, "DurationFormat", DURATION_FORMAT_DAYS)
        self.close(3, "Baseline")

    # ------------------------------------------------------------ people

    def _resources(self) -> None:
        teams = {team.id: team.name for team in self.content.teams}
        self.open(1, "Resources")
        for person in self.resources:
            self.open(2, "Resource")
            self.add(3, "UID", self.resource_uid[person.id])
            self.add(3, "ID", self.resource_uid[person.id])
            self.add(3, "Name", person.name)
            self.add(3, "Type", 1)  # a work resource
            self.add(3, "IsNull", 0)
            if person.team_id in teams:
                self.add(3, "Group", teams[person.team_id])
            if person.email:
                self.add(3, "EmailAddress", person.email)
            self.add(3, "MaxUnits", "1.00")
            self.close(2, "Resource")
        self.close(1, "Resources")

    def _assignments(self) -> None:
        self.open(1, "Assignments")
        uid = 0
        for _team, work in self.groups:
            for w in work:
                if w.owner_id is None or w.owner_id not in self.resource_uid:
                    continue
                uid += 1
                self.open(2, "Assignment")
                self.add(3, "UID", uid)
                self.add(3, "TaskUID", self.task_uid[w.id])
                self.add(3, "ResourceUID", self.resource_uid[w.owner_id])
                self.add(3, "PercentWorkComplete", w.progress)
                if w.planned_due is not None:
                    finish_time = START_TIME if w.is_milestone else FINISH_TIME
                    self.add(3, "Finish", _at(w.planned_due, finish_time))
                if w.planned_start is not None:
                    self.add(3, "Start", _at(w.planned_start, START_TIME))
                self.add(3, "Units", 1)
                self.close(2, "Assignment")
        self.close(1, "Assignments")


def _weighted_progress(work: Sequence[Workstream]) -> int:
    """A summary task's % complete: its workstreams' progress, each counted once."""
    return round(sum(w.progress for w in work) / len(work)) if work else 0
