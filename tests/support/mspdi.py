"""Small MS Project XML (MSPDI) files for tests, in the shape Project 2016 saves: the project's
settings, a calendar with its week and exceptions, extended attribute definitions, tasks with
outline, baselines and links, resources with groups and e-mail, and assignments."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

TEXT1 = "188743731"  # MS Project's FieldID of the task field Text1
TEXT2 = "188743734"
LINK_TYPES = {"FF": 0, "FS": 1, "SF": 2, "SS": 3}


@dataclass
class Task:
    uid: int
    name: str
    level: int = 1
    summary: bool = False
    start: date | None = None
    finish: date | None = None
    days: int = 0  # working days (the Duration element, in hours)
    milestone: bool = False
    percent: int = 0
    actual_start: date | None = None
    actual_finish: date | None = None
    baseline: tuple[date, date] | None = None
    notes: str | None = None
    key: str | None = None  # the "Migrator key" text field, as Migrator's export writes it
    team: str | None = None  # the "Team" text field (Text2)
    links: list[tuple[int, str, int]] = field(default_factory=list)  # (predecessor UID, type, lag days)
    active: bool = True


@dataclass
class Resource:
    uid: int
    name: str
    group: str | None = None
    email: str | None = None


@dataclass
class Mspdi:
    title: str
    start: date
    finish: date
    tasks: list[Task]
    resources: list[Resource] = field(default_factory=list)
    assignments: list[tuple[int, int]] = field(default_factory=list)  # (task UID, resource UID)
    working_days: tuple[int, ...] = (2, 3, 4, 5, 6)  # MSPDI DayType: 1 = Sunday … 7 = Saturday
    holidays: dict[date, str] = field(default_factory=dict)
    keyed: bool = False  # defines Text1 as "Migrator key" (a plan Migrator exported)

    def write(self, path: Path) -> Path:
        path.write_text(self.text(), encoding="utf-8")
        return path

    def text(self) -> str:
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
            '<Project xmlns="http://schemas.microsoft.com/project">',
            "<SaveVersion>14</SaveVersion>",
            f"<Name>{escape(self.title)}.xml</Name>",
            f"<Title>{escape(self.title)}</Title>",
            "<ScheduleFromStart>1</ScheduleFromStart>",
            f"<StartDate>{_at(self.start, 8)}</StartDate>",
            f"<FinishDate>{_at(self.finish, 17)}</FinishDate>",
            "<CalendarUID>1</CalendarUID>",
            "<MinutesPerDay>480</MinutesPerDay>",
            "<MinutesPerWeek>2400</MinutesPerWeek>",
            "<DaysPerMonth>20</DaysPerMonth>",
            "<WeekStartDay>1</WeekStartDay>",
            "<ExtendedAttributes>",
            *_attribute(TEXT1, "Text1", "Migrator key" if self.keyed else "Phase code"),
            *_attribute(TEXT2, "Text2", "Team"),
            "</ExtendedAttributes>",
            *self._calendar(),
            "<Tasks>",
            *(line for task in self.tasks for line in self._task(task)),
            "</Tasks>",
            "<Resources>",
            *(line for resource in self.resources for line in _resource(resource)),
            "</Resources>",
            "<Assignments>",
            *(
                f"<Assignment><UID>{n}</UID><TaskUID>{task}</TaskUID><ResourceUID>{resource}</ResourceUID>"
                "<Units>1</Units></Assignment>"
                for n, (task, resource) in enumerate(self.assignments, start=1)
            ),
            "</Assignments>",
            "</Project>",
        ]
        return "\n".join(parts) + "\n"

    def _calendar(self) -> list[str]:
        lines = ["<Calendars>", "<Calendar>", "<UID>1</UID>", "<Name>Standard</Name>"]
        lines += ["<IsBaseCalendar>1</IsBaseCalendar>", "<BaseCalendarUID>-1</BaseCalendarUID>", "<WeekDays>"]
        for day_type in range(1, 8):
            working = day_type in self.working_days
            lines.append(f"<WeekDay><DayType>{day_type}</DayType><DayWorking>{int(working)}</DayWorking>")
            if working:
                lines.append(
                    "<WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime>"
                    "</WorkingTime><WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime>"
                    "</WorkingTime></WorkingTimes>"
                )
            lines.append("</WeekDay>")
        lines.append("</WeekDays>")
        lines.append("<Exceptions>")
        for day, name in sorted(self.holidays.items()):
            lines.append(
                f"<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>"
                f"<FromDate>{day.isoformat()}T00:00:00</FromDate><ToDate>{day.isoformat()}T23:59:00</ToDate>"
                f"</TimePeriod><Occurrences>1</Occurrences><Name>{escape(name)}</Name><Type>1</Type>"
                "<DayWorking>0</DayWorking></Exception>"
            )
        lines += ["</Exceptions>", "</Calendar>", "</Calendars>"]
        return lines

    def _task(self, task: Task) -> list[str]:
        number = self._outline_number(task)
        lines = [
            "<Task>",
            f"<UID>{task.uid}</UID>",
            f"<ID>{task.uid}</ID>",
            f"<Name>{escape(task.name)}</Name>",
            f"<Active>{int(task.active)}</Active>",
            "<Manual>0</Manual>",
            "<IsNull>0</IsNull>",
            f"<WBS>{number}</WBS>",
            f"<OutlineNumber>{number}</OutlineNumber>",
            f"<OutlineLevel>{task.level}</OutlineLevel>",
        ]
        if task.start:
            lines.append(f"<Start>{_at(task.start, 8)}</Start>")
        if task.finish:
            lines.append(f"<Finish>{_at(task.finish, 8 if task.milestone else 17)}</Finish>")
        lines += [
            f"<Duration>PT{8 * task.days}H0M0S</Duration>",
            "<DurationFormat>7</DurationFormat>",
            f"<Milestone>{int(task.milestone)}</Milestone>",
            f"<Summary>{int(task.summary)}</Summary>",
            "<ExternalTask>0</ExternalTask>",
            f"<PercentComplete>{task.percent}</PercentComplete>",
        ]
        if task.actual_start:
            lines.append(f"<ActualStart>{_at(task.actual_start, 8)}</ActualStart>")
        if task.actual_finish:
            lines.append(f"<ActualFinish>{_at(task.actual_finish, 17)}</ActualFinish>")
        if task.notes:
            lines.append(f"<Notes>{escape(task.notes)}</Notes>")
        for predecessor, link_type, lag in task.links:
            lines.append(
                f"<PredecessorLink><PredecessorUID>{predecessor}</PredecessorUID>"
                f"<Type>{LINK_TYPES[link_type]}</Type><CrossProject>0</CrossProject>"
                f"<LinkLag>{lag * 4800}</LinkLag><LagFormat>7</LagFormat></PredecessorLink>"
            )
        for field_id, value in ((TEXT1, task.key), (TEXT2, task.team)):
            if value:
                lines.append(
                    f"<ExtendedAttribute><FieldID>{field_id}</FieldID><Value>{escape(value)}</Value>"
                    "</ExtendedAttribute>"
                )
        if task.baseline:
            first, last = task.baseline
            lines.append(
                f"<Baseline><Number>0</Number><Start>{_at(first, 8)}</Start><Finish>{_at(last, 17)}</Finish>"
                "</Baseline>"
            )
        lines.append("</Task>")
        return lines

    def _outline_number(self, task: Task) -> str:
        """1, 1.1, 1.2, 2 …: the position of the task among its level, counted down the list."""
        counters: list[int] = []
        for other in self.tasks:
            del counters[other.level :]
            while len(counters) < other.level:
                counters.append(0)
            counters[other.level - 1] += 1
            if other is task:
                return ".".join(str(n) for n in counters)
        raise ValueError(task.name)


def _at(day: date, hour: int) -> str:
    return f"{day.isoformat()}T{hour:02d}:00:00"


def _attribute(field_id: str, name: str, alias: str) -> list[str]:
    return [
        f"<ExtendedAttribute><FieldID>{field_id}</FieldID><FieldName>{name}</FieldName>"
        f"<Alias>{escape(alias)}</Alias></ExtendedAttribute>"
    ]


def _resource(resource: Resource) -> list[str]:
    lines = ["<Resource>", f"<UID>{resource.uid}</UID>", f"<ID>{resource.uid}</ID>"]
    lines += [f"<Name>{escape(resource.name)}</Name>", "<Type>1</Type>", "<IsNull>0</IsNull>"]
    if resource.group:
        lines.append(f"<Group>{escape(resource.group)}</Group>")
    if resource.email:
        lines.append(f"<EmailAddress>{escape(resource.email)}</EmailAddress>")
    lines.append("</Resource>")
    return lines
