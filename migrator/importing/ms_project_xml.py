"""Reading a plan MS Project (or ProjectLibre) saved as XML (MSPDI) into a SourcePlan, in one pass.

The file is streamed through defusedxml's parser: each task, resource, assignment and calendar is
read into a dict when its element ends and then cleared, so a 20,000-task plan never sits in
memory as a tree. What needs the whole file (owners, lags in percent of a predecessor, the
calendar's holidays over the plan's years) is settled once the stream ends."""

from __future__ import annotations

import calendar as calendar_module
import math
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar
from xml.etree.ElementTree import Element, ParseError, TreeBuilder
from xml.parsers.expat import ExpatError

import defusedxml
import defusedxml.ElementTree as SafeET

from migrator.domain.model import DependencyType
from migrator.importing.readers import PlanFileError, check_plan_file
from migrator.importing.source_plan import (
    OUTLINE,
    ColumnUse,
    SourceCalendar,
    SourceFormat,
    SourceLink,
    SourcePerson,
    SourcePlan,
    SourceTask,
)

_T = TypeVar("_T")

NAMESPACE = "http://schemas.microsoft.com/project"
MIGRATOR_KEY_ALIAS = "Migrator key"  # the task text field a plan exported by Migrator carries its keys in
RESOURCE_GROUP = "Resource Group"
BINARY_SUFFIXES = (".mpp", ".mpt", ".mpx")
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # an .mpp (an OLE compound file), whatever its name
SAVE_AS_XML = "save it as XML from MS Project (File → Save As → XML) or ProjectLibre, and import that"
CHUNK_BYTES = 1 << 16
MANUAL_NOTICES = 20  # past this many manually scheduled tasks, one notice counts them all

# PredecessorLink/Type
LINK_TYPES = {"0": DependencyType.FF, "1": DependencyType.FS, "2": DependencyType.SF, "3": DependencyType.SS}

# PredecessorLink/LagFormat → (unit, elapsed). LinkLag is in tenths of a minute (working minutes,
# or clock minutes for the elapsed units), except for the percent units, where it is the percent.
# 35–52 are the same units marked "estimated" (a "?" after the lag in MS Project).
LAG_FORMATS: dict[int, tuple[str, bool]] = {
    3: ("minute", False), 4: ("minute", True), 5: ("hour", False), 6: ("hour", True),
    7: ("day", False), 8: ("day", True), 9: ("week", False), 10: ("week", True),
    11: ("month", False), 12: ("month", True), 19: ("percent", False), 20: ("percent", True),
}  # fmt: skip
ESTIMATED_OFFSET = 32
ELAPSED_MINUTES = {"minute": 1, "hour": 60, "day": 1440, "week": 10080, "month": 43200}

# Task text fields by FieldID, for files whose <ExtendedAttributes> do not define the field.
TEXT_FIELD_IDS: dict[str, str] = {
    **{str(f): f"Text{n}" for n, f in enumerate((188743731, 188743734, 188743737, 188743740, 188743743), 1)},
    **{str(188743746 + i): f"Text{6 + i}" for i in range(5)},  # Text6 … Text10
    **{str(188743997 + i): f"Text{11 + i}" for i in range(20)},  # Text11 … Text30
}

# The elements of a task that are read; MS Project writes some 80 more (costs, slack, work …).
TASK_ELEMENTS = frozenset(
    {
        "UID", "ID", "Name", "Active", "Manual", "IsNull", "WBS", "OutlineNumber", "OutlineLevel", "Start",
        "Finish", "Duration", "Milestone", "Summary", "ExternalTask", "PercentComplete", "ActualStart",
        "ActualFinish", "Notes", "PredecessorLink", "ExtendedAttribute", "Baseline",
    }
)  # fmt: skip

# Project-level elements read from the header (the children of <Project> before <Tasks>).
HEADER = frozenset(
    {
        "SaveVersion", "Name", "Title", "StartDate", "FinishDate", "ScheduleFromStart", "CalendarUID",
        "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth",
    }
)  # fmt: skip
# <SaveVersion> → the Project that wrote the file; Project 2013, 2016, 2019 and 2021 all write 14.
SAVED_BY = {"9": "Project 2002 or 2003", "12": "Project 2007", "14": "Project 2010 or later"}
MSPDI_MARKERS = frozenset({"Tasks", "Calendars", "SaveVersion", "MinutesPerDay", "ScheduleFromStart"})

ISO_DURATION = re.compile(
    r"^(-)?P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$"
)

COLUMNS = (
    ColumnUse("UID", "source_ref"),
    ColumnUse("Name", "title"),
    ColumnUse("OutlineLevel", "parent"),
    ColumnUse("Start", "start"),
    ColumnUse("Finish", "due"),
    ColumnUse("PercentComplete", "progress"),
    ColumnUse("Milestone", "milestone"),
    ColumnUse("Notes", "description"),
    ColumnUse("ActualStart", "actual_start"),
    ColumnUse("ActualFinish", "actual_finish"),
    ColumnUse("Baseline Start", "baseline_start"),
    ColumnUse("Baseline Finish", "baseline_due"),
    ColumnUse("Assignment (resource)", "owner"),
    ColumnUse("PredecessorLink", "depends_on"),
)


def read_ms_project_xml(path: str | os.PathLike[str]) -> SourcePlan:
    """The plan in the MSPDI file at ``path``. Whole-file refusals (not XML, another kind of XML,
    hostile XML, too large, a binary .mpp) raise PlanFileError naming the file; anything wrong
    with single tasks is a notice or a problem on the returned SourcePlan."""
    path = Path(path)
    _check_file(path)
    reader = _Reader(path)
    try:
        reader.read()
    except defusedxml.DefusedXmlException as error:
        raise PlanFileError(
            f"{path.name} declares its own entities or a DTD ({type(error).__name__}); plans never need "
            "them and they can be used to attack the computer reading the file, so it was not read."
        ) from None
    except (ParseError, UnicodeDecodeError) as error:
        raise PlanFileError(
            f"{path.name} is not a readable XML file (it is damaged, cut short, or not XML at all): {error}."
        ) from None
    return reader.finish()


def _check_file(path: Path) -> None:
    if path.is_file() and path.suffix.lower() in BINARY_SUFFIXES:
        raise PlanFileError(
            f"{path.name} is an MS Project file in its own binary format ({path.suffix}), which cannot be "
            f"read here: {SAVE_AS_XML}."
        )
    check_plan_file(path)
    with path.open("rb") as file:
        head = file.read(8)
    if head.startswith(OLE_SIGNATURE):
        raise PlanFileError(
            f"{path.name} is not XML but a binary MS Project file (.mpp) renamed; {SAVE_AS_XML}."
        )


# ---------------------------------------------------------------- small parsers


class _BadValueError(ValueError):
    """A value the file states cannot be read; the message names it."""


def _int(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            raise _BadValueError(f"'{text}' is not a number") from None
        if not math.isfinite(number):
            raise _BadValueError(f"'{text}' is not a number") from None
        return round(number)


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        number = float(text)
    except ValueError:
        raise _BadValueError(f"'{text}' is not a number") from None
    if not math.isfinite(number):
        raise _BadValueError(f"'{text}' is not a number")
    return number


def _date(text: str | None) -> date | None:
    """``2027-01-04T08:00:00`` (or a bare date) → the day."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    try:
        if len(text) < 10 or text[4] != "-" or text[7] != "-":
            raise ValueError
        return date(int(text[0:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        raise _BadValueError(f"'{text}' is not a date") from None


def _finish(text: str | None, start: date | None) -> date | None:
    """A finish at midnight ends the day before (ProjectLibre and 24-hour calendars write them)."""
    day = _date(text)
    midnight = day is not None and text is not None and text.strip()[11:19] == "00:00:00"
    if day is not None and midnight and (start is None or day > start):
        return day - timedelta(days=1)
    return day


def _minutes(text: str | None) -> float | None:
    """An ISO 8601 duration as MS Project writes it (``PT80H0M0S``) → minutes."""
    if text is None or not text.strip():
        return None
    match = ISO_DURATION.match(text.strip())
    if match is None:
        raise _BadValueError(f"'{text}' is not a duration")
    sign, days, hours, minutes, seconds = match.groups()
    total = float(days or 0) * 1440 + float(hours or 0) * 60 + float(minutes or 0) + float(seconds or 0) / 60
    return -total if sign else total


def _fields(element: Element, cut: int) -> dict[str, str | None]:
    return {child.tag[cut:]: child.text for child in element}


def _number_text(value: float) -> str:
    return f"{value:g}"


def _round(value: float) -> int:
    """Half away from zero: a lead of 1.5 days is 2 days of lead, as a lag of 1.5 is 2."""
    return math.floor(abs(value) + 0.5) * (1 if value >= 0 else -1)


# ---------------------------------------------------------------- the calendar


@dataclass
class _Exception:
    name: str
    first: date
    last: date
    # 1 daily, 2 yearly on a date, 3 yearly relative, 4 monthly on a date, 5 monthly relative,
    # 6 weekly, 7 every n days
    type: int
    working: bool
    occurrences: int | None = None
    period: int = 1
    days_of_week: int = 0  # bit 1 Sunday, 2 Monday … 64 Saturday
    month: int | None = None  # 0 = January
    month_day: int | None = None
    month_item: int | None = None  # 0 day, 1 weekday, 2 weekend day, 3 Sunday … 9 Saturday
    month_position: int | None = None  # 0 first … 3 fourth, 4 last


@dataclass
class _Calendar:
    uid: str
    name: str
    base_uid: str | None
    weekdays: dict[int, bool] = field(default_factory=dict)  # Python weekday → working
    minutes: dict[int, float] = field(default_factory=dict)  # Python weekday → working minutes
    exceptions: list[_Exception] = field(default_factory=list)


def _weekday_of(day_type: int) -> int:
    """MSPDI DayType 1 = Sunday … 7 = Saturday → Python's 0 = Monday … 6 = Sunday."""
    return (day_type - 2) % 7


def _working_minutes(times: Element | None, cut: int) -> float:
    total = 0.0
    if times is None:
        return total
    for period in times:
        values = _fields(period, cut)
        start, finish = values.get("FromTime"), values.get("ToTime")
        try:
            begin = int(start[0:2]) * 60 + int(start[3:5]) if start else None
            end = int(finish[0:2]) * 60 + int(finish[3:5]) if finish else None
        except ValueError:
            continue  # an unreadable time of day: that period is not counted
        if begin is not None and end is not None:
            total += (end - begin) if end > begin else (1440 - begin + end)
    return total


def _nth_weekday(year: int, month: int, item: int, position: int) -> date | None:
    """The ``position``-th (4 = last) day of kind ``item`` in a month (MSPDI MonthItem)."""
    days_in_month = calendar_module.monthrange(year, month)[1]
    days = [date(year, month, d) for d in range(1, days_in_month + 1)]
    if item == 0:
        matching = days
    elif item == 1:
        matching = [d for d in days if d.weekday() < 5]
    elif item == 2:
        matching = [d for d in days if d.weekday() >= 5]
    elif 3 <= item <= 9:
        matching = [d for d in days if d.weekday() == _weekday_of(item - 2)]
    else:
        return None
    if not matching:
        return None
    if position >= 4:
        return matching[-1]
    return matching[position] if position < len(matching) else None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _occurrences(exception: _Exception, window: tuple[date, date] | None) -> Iterator[date]:
    """Every day an exception covers, first to last, at most ``occurrences`` of its recurrences,
    and only within ``window`` (the plan's years): a range or a recurrence over centuries costs
    no more than the years the plan spans."""
    first, last = exception.first, exception.last
    if window is not None:
        if last < window[0] or first > window[1]:
            return
        last = min(last, window[1])
    lower = max(first, window[0]) if window is not None else first  # recurrences before it still count
    count = exception.occurrences if exception.occurrences and exception.occurrences > 0 else None
    kind = exception.type
    period = max(exception.period, 1)
    month = exception.month
    if kind in (2, 3) and (month is None or not 0 <= month <= 11):
        kind = 1  # a yearly recurrence in no month: read as the range it spans
    if kind not in (2, 3, 4, 5, 6, 7):  # 1: one day, or a range of days
        day = lower
        while day <= last:
            yield day
            day += timedelta(days=1)
        return
    produced = 0
    if kind == 7:
        day = first
        if window is not None and first < window[0]:  # jump to the first recurrence in the window
            skipped = -(-(window[0] - first).days // period)
            day, produced = first + timedelta(days=skipped * period), skipped
        while day <= last and (count is None or produced < count):
            yield day
            produced += 1
            day += timedelta(days=period)
        return
    if kind == 6:
        week_start = first - timedelta(days=(first.weekday() + 1) % 7)  # the Sunday of its week
        day = first
        while day <= last and (count is None or produced < count):
            weeks = (day - week_start).days // 7
            bit = 1 << ((day.weekday() + 1) % 7)
            if weeks % period == 0 and exception.days_of_week & bit:
                if day >= lower:
                    yield day
                produced += 1
            day += timedelta(days=1)
        return
    year, month_number = first.year, first.month
    if kind in (2, 3) and month is not None:
        month_number = month + 1
        if month_number < first.month:
            year += 1
    step = 12 if kind in (2, 3) else period
    while (count is None or produced < count) and date(year, month_number, 1) <= last:
        found: date | None
        if kind in (2, 4):
            month_day = exception.month_day or 1
            length = calendar_module.monthrange(year, month_number)[1]
            found = date(year, month_number, month_day) if 1 <= month_day <= length else None
        else:
            found = _nth_weekday(year, month_number, exception.month_item or 0, exception.month_position or 0)
        if found is not None and first <= found <= last:
            if found >= lower:
                yield found
            produced += 1
        year, month_number = _add_months(year, month_number, step)


# ---------------------------------------------------------------- the reader


@dataclass(frozen=True)
class _Units:
    """How the project converts lags: MS Project stores them in minutes and shows them in its units."""

    minutes_per_day: float
    minutes_per_week: float
    days_per_month: float
    working_days: int  # in the project calendar's week, for elapsed lags


@dataclass
class _RawLink:
    successor_uid: str
    position: int
    values: dict[str, str | None]


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.source = SourcePlan(format=SourceFormat.MS_PROJECT_XML, label="MS Project XML", sheet=path.name)
        self.cut = 0  # length of "namespace}" in the tags the parser reports
        self.namespaced = False
        self.header: dict[str, str | None] = {}
        self.seen: set[str] = set()  # the project's own elements
        self.task_tags: dict[str, str] = {}  # a task element's tag, namespace and all → its name
        self.field_names: dict[str, str] = {}  # FieldID → the name shown: alias, else "Text3"
        self.aliases: set[str] = set()  # the names the plan's author gave its custom fields
        self.key_field: str | None = None  # FieldID of the "Migrator key" text field
        self.calendars: dict[str, _Calendar] = {}
        self.tasks: dict[str, SourceTask] = {}  # by UID
        self.durations: dict[str, float] = {}  # UID → working minutes
        self.outline: list[SourceTask] = []  # the task at each level above the one being read
        self.links: list[_RawLink] = []
        self.manual: list[SourceTask] = []
        self.resources: dict[str, SourcePerson] = {}  # the work resources (people), by UID
        self.assignments: dict[str, list[tuple[str, float]]] = {}  # task UID → (resource UID, units)
        self.used_fields: list[str] = []  # grouping names used on tasks, first use first
        self.summary_name: str | None = None  # the project summary task's name
        self.dates: list[date] = []

    # ------------------------------------------------------------ streaming

    def read(self) -> None:
        """Stream the file through defusedxml's parser (entities, DTDs and external references
        refused). Elements are built by the C tree builder, called straight from the parser; only
        the end of each element passes through Python, so that each record (a task, a resource, an
        assignment, a calendar) is read and cleared as soon as it ends."""
        builder = TreeBuilder()
        parser = SafeET.DefusedXMLParser(target=builder, forbid_dtd=True)
        expat = parser.parser
        expat.ordered_attributes = False  # the tree builder takes attributes as a dict
        start_element, end_element = builder.start, builder.end
        records: dict[str, Callable[[Element], None]] = {}
        root: list[Element] = []

        def start_root(tag: str, attributes: dict[str, str]) -> None:
            self._root(tag)
            prefix = tag[: self.cut]
            records.update((prefix + name, handler) for name, handler in self._records().items())
            self.task_tags = {prefix + name: name for name in TASK_ELEMENTS}
            root.append(start_element(tag, attributes))
            expat.StartElementHandler = start_element  # every other element: no Python at all

        def end(tag: str) -> None:
            element = end_element(tag)
            handler = records.get(tag)
            if handler is not None:
                handler(element)
                element.clear()

        expat.StartElementHandler = start_root
        expat.EndElementHandler = end
        expat.CharacterDataHandler = builder.data
        with self.path.open("rb") as file:
            while chunk := file.read(CHUNK_BYTES):
                parser.feed(chunk)
        try:
            expat.Parse(b"", True)
        except ExpatError as error:
            raise ParseError(str(error)) from None
        for child in root[0]:  # the project's own elements, before and between its lists
            name = child.tag[self.cut :]
            self.seen.add(name)
            if name in HEADER:
                self.header[name] = child.text
        if not self.namespaced and not (self.seen & MSPDI_MARKERS):
            raise PlanFileError(
                f"{self.path.name} is XML but not a plan saved by MS Project or ProjectLibre: "
                "its <Project> has no tasks, calendars or scheduling settings."
            )

    def _records(self) -> dict[str, Callable[[Element], None]]:
        """What reads each record, by its element: these names are used for nothing else in MSPDI."""
        return {
            "Task": self._task,
            "Calendar": self._calendar,
            "Resource": self._resource,
            "Assignment": self._assignment,
            "ExtendedAttributes": self._definitions,  # the project's field definitions, before the tasks
        }

    def _root(self, tag: str) -> None:
        namespace, local = tag.split("}", 1) if "}" in tag else ("", tag)
        if local != "Project" or namespace not in ("", NAMESPACE):
            hint = ""
            if local == "project" and not namespace:
                hint = " (it looks like a GanttProject file: import it as .gan)"
            shown = f"{{{namespace}}}{local}" if namespace else local
            raise PlanFileError(
                f"{self.path.name} is XML but not an MS Project XML plan: it starts with <{shown}>, "
                f"not <Project>{hint}."
            )
        self.namespaced = bool(namespace)
        self.cut = len(namespace) + 1 if namespace else 0

    def _definitions(self, element: Element) -> None:
        for definition in element:
            values = _fields(definition, self.cut)
            field_id = values.get("FieldID")
            name = (values.get("FieldName") or "").strip()
            alias = (values.get("Alias") or "").strip()
            if not field_id:
                continue
            if alias:
                self.aliases.add(alias)
            if alias == MIGRATOR_KEY_ALIAS:
                self.key_field = field_id
            elif name.startswith(("Text", "Outline Code")) or field_id in TEXT_FIELD_IDS:
                self.field_names[field_id] = alias or name or TEXT_FIELD_IDS[field_id]

    def _calendar(self, element: Element) -> None:
        cut = self.cut
        uid = name = base = None
        result: _Calendar | None = None
        weekdays: dict[int, bool] = {}
        minutes: dict[int, float] = {}
        exceptions: list[_Exception] = []
        for child in element:
            tag = child.tag[cut:]
            if tag == "UID":
                uid = child.text
            elif tag == "Name":
                name = child.text
            elif tag == "BaseCalendarUID":
                base = child.text
            elif tag == "WeekDays":
                for day in child:
                    self._weekday(day, weekdays, minutes, exceptions)
            elif tag == "Exceptions":
                for exception in child:
                    parsed = self._exception(exception)
                    if parsed is not None:
                        exceptions.append(parsed)
        if uid is None:
            return
        result = _Calendar(uid, name or "", base if base not in (None, "-1", "0", uid) else None)
        result.weekdays, result.minutes, result.exceptions = weekdays, minutes, exceptions
        self.calendars[uid] = result

    def _weekday(
        self,
        element: Element,
        weekdays: dict[int, bool],
        minutes: dict[int, float],
        exceptions: list[_Exception],
    ) -> None:
        cut = self.cut
        day_type = working = None
        first = last = None
        times = None
        for child in element:
            tag = child.tag[cut:]
            if tag == "DayType":
                day_type = child.text
            elif tag == "DayWorking":
                working = child.text == "1"
            elif tag == "TimePeriod":
                period = _fields(child, cut)
                first, last = period.get("FromDate"), period.get("ToDate")
            elif tag == "WorkingTimes":
                times = child
        if day_type is None or working is None:
            return
        if day_type == "0":  # an exception, as Project 2003 writes them (and later versions repeat)
            try:
                start = _date(first)
                end = _finish(last, start)
            except _BadValueError:
                return
            if start is not None and end is not None:
                exceptions.append(_Exception("", start, end, 1, working))
        elif day_type.isdigit() and 1 <= int(day_type) <= 7:
            weekday = _weekday_of(int(day_type))
            weekdays[weekday] = working
            minutes[weekday] = _working_minutes(times, cut) if working else 0.0

    def _exception(self, element: Element) -> _Exception | None:
        values: dict[str, str | None] = {}
        first = last = None
        for child in element:
            tag = child.tag[self.cut :]
            if tag == "TimePeriod":
                period = _fields(child, self.cut)
                first, last = period.get("FromDate"), period.get("ToDate")
            else:
                values[tag] = child.text
        try:
            start = _date(first)
            end = _finish(last, start)
            if start is None or end is None:
                return None
            return _Exception(
                name=(values.get("Name") or "").strip(),
                first=start,
                last=end,
                type=_int(values.get("Type")) or 1,
                working=values.get("DayWorking") == "1",
                occurrences=_int(values.get("Occurrences")),
                period=_int(values.get("Period")) or 1,
                days_of_week=_int(values.get("DaysOfWeek")) or 0,
                month=_int(values.get("Month")),
                month_day=_int(values.get("MonthDay")),
                month_item=_int(values.get("MonthItem")),
                month_position=_int(values.get("MonthPosition")),
            )
        except _BadValueError:
            return None

    def _resource(self, element: Element) -> None:
        values = _fields(element, self.cut)
        uid, name = values.get("UID"), (values.get("Name") or "").strip()
        if uid is None or not name or values.get("IsNull") == "1":
            return
        if values.get("Type") not in (None, "1"):
            return  # a material or cost resource: never a task's owner
        email = (values.get("EmailAddress") or "").strip() or None
        group = (values.get("Group") or "").strip() or None
        self.resources[uid] = SourcePerson(name, email, group)

    def _assignment(self, element: Element) -> None:
        values = _fields(element, self.cut)
        task, resource = values.get("TaskUID"), values.get("ResourceUID")
        if task is None or resource is None:
            return
        try:
            units = _float(values.get("Units"))
        except _BadValueError:
            units = None
        self.assignments.setdefault(task, []).append((resource, 1.0 if units is None else units))

    # ------------------------------------------------------------ tasks

    def _task(self, element: Element) -> None:
        cut = self.cut
        values: dict[str, str | None] = {}
        links: list[dict[str, str | None]] = []
        attributes: list[tuple[str | None, str | None]] = []
        baseline: dict[str, str | None] = {}
        wanted = self.task_tags
        for child in element:
            tag = wanted.get(child.tag)
            if tag is None:
                continue
            if tag == "PredecessorLink":
                links.append(_fields(child, cut))
            elif tag == "ExtendedAttribute":
                attribute = _fields(child, cut)
                attributes.append((attribute.get("FieldID"), attribute.get("Value")))
            elif tag == "Baseline":
                numbered = _fields(child, cut)
                if (numbered.get("Number") or "0").strip() == "0":
                    baseline = numbered
            else:
                values[tag] = child.text
        uid = (values.get("UID") or "").strip()
        source = self.source
        if not uid:
            source.problem(
                _int_or_none(values.get("ID")), "UID", "a task has no UID, so it cannot be matched"
            )
            return
        source_id = f"UID {uid}"
        position = _int_or_none(values.get("ID"))
        if position is None:
            position = _int_or_none(uid) or 0
        name = (values.get("Name") or "").strip() or None
        if uid in self.tasks:
            source.problem(position, "UID", f"UID {uid} is used by two tasks; each task needs its own UID")
            return
        level = _int_or_none(values.get("OutlineLevel"))
        if level is None:  # the level its outline number (or, lacking one, its WBS code) shows
            number = (values.get("OutlineNumber") or values.get("WBS") or "").strip()
            level = number.count(".") + 1 if number and number != "0" else (0 if number == "0" else 1)
        if values.get("IsNull") == "1":  # a blank row, which MS Project writes at outline level 0
            level = max(level, 1)  # skipped as blank (see _place), never taken for the project's summary
        if level < 0:
            source.problem(position, "OutlineLevel", f"{source_id} {_quoted(name)} has outline level {level}")
            return
        if level == 0 or uid == "0":
            self.summary_name = name
            source.notice(
                None, None, f"{source_id} {_quoted(name)} is the project summary task: it is not imported"
            )
            return
        task = SourceTask(position=position, source_id=source_id, name=name, level=level)

        def read(element: str, parse: Callable[[str | None], _T], text: str | None) -> _T | None:
            """The value, or None and a problem naming the element when it cannot be read (the
            task keeps its place in the outline, so its subtasks are placed all the same)."""
            try:
                return parse(text)
            except _BadValueError as error:
                source.problem(position, element, f"{source_id} {_quoted(name)}: {error}")
                return None

        task.start = read("Start", _date, values.get("Start"))
        task.finish = read("Finish", lambda text: _finish(text, task.start), values.get("Finish"))
        task.actual_start = read("ActualStart", _date, values.get("ActualStart"))
        task.actual_finish = read(
            "ActualFinish", lambda text: _finish(text, task.actual_start), values.get("ActualFinish")
        )
        task.baseline_start = read("Baseline", _date, baseline.get("Start"))
        task.baseline_finish = read(
            "Baseline", lambda text: _finish(text, task.baseline_start), baseline.get("Finish")
        )
        progress = read("PercentComplete", _int, values.get("PercentComplete"))
        duration = read("Duration", _minutes, values.get("Duration"))
        if progress is not None:
            task.progress = min(max(progress, 0), 100)
        if duration is not None:
            self.durations[uid] = duration
        milestone = values.get("Milestone")
        task.is_summary = values.get("Summary") == "1"
        if milestone == "1" or (duration == 0 and not task.is_summary):
            task.milestone = True
        elif milestone == "0" or duration is not None:
            task.milestone = False
        notes = (values.get("Notes") or "").strip()
        task.notes = notes or None
        for when in (task.start, task.finish):
            if when is not None:
                self.dates.append(when)
        for field_id, value in attributes:
            text = (value or "").strip()
            if not field_id or not text:
                continue
            if field_id == self.key_field:
                task.key = text
                continue
            grouping = self.field_names.get(field_id) or TEXT_FIELD_IDS.get(field_id)
            if grouping is not None:
                task.groupings[grouping] = text
                if grouping not in self.used_fields:
                    self.used_fields.append(grouping)
        self._place(task, values)
        self.tasks[uid] = task
        if values.get("Manual") == "1" and task.skip_reason is None:
            self.manual.append(task)
        for link in links:
            self.links.append(_RawLink(uid, position, link))

    def _place(self, task: SourceTask, values: dict[str, str | None]) -> None:
        """The task's parent by outline level, and why it is skipped, if it is. A skipped task stays
        in the plan with its reason (the import lists it among the skipped), so its subtasks and
        links can say why they are skipped too."""
        if values.get("IsNull") == "1":
            task.skip_reason = "a blank (null) task"
            return  # a blank row has no place in the outline
        if values.get("ExternalTask") == "1":
            task.skip_reason = "an external task (it belongs to another project)"
        elif values.get("Active") == "0":
            task.skip_reason = "an inactive task"
        outline = self.outline
        while outline and outline[-1].level >= task.level:
            outline.pop()
        above = outline[-1].level if outline else 0
        if task.level > above + 1:
            self.source.problem(
                task.position,
                "OutlineLevel",
                f"{task.source_id} {_quoted(task.name)} is at outline level {task.level} right under "
                f"{f'a level {above} task' if above else 'the top of the plan'}: the outline skips a level",
            )
        if outline:
            parent = outline[-1]
            task.parent_id = parent.source_id
            parent.is_summary = True
            if task.skip_reason is None and parent.skip_reason is not None:
                task.skip_reason = f"under {parent.source_id} {_quoted(parent.name)}, which is skipped"
        outline.append(task)

    # ------------------------------------------------------------ after the stream

    def finish(self) -> SourcePlan:
        source = self.source
        header = self.header
        minutes_per_day = self._minutes_per_day()
        source.label = self._label()
        source.name = (
            _chosen_title(_text(header.get("Title")))
            or _chosen_title(self.summary_name)
            or _stem(_text(header.get("Name")))
        )
        try:
            source.start = _date(header.get("StartDate"))
        except _BadValueError as error:
            source.problem(None, "StartDate", f"the project's start cannot be read: {error}")
        if header.get("ScheduleFromStart") == "1":  # otherwise the finish is where Project works back from
            try:
                source.finish = _finish(header.get("FinishDate"), source.start)
            except _BadValueError as error:
                source.problem(None, "FinishDate", f"the project's finish cannot be read: {error}")
        source.tasks = list(self.tasks.values())
        calendar = self._project_calendar()
        working_days = len(calendar.working_weekdays) if calendar is not None else 5
        source.calendar = calendar
        self._owners()
        self._read_links(
            _Units(
                minutes_per_day,
                self._setting("MinutesPerWeek") or minutes_per_day * 5,
                self._setting("DaysPerMonth") or 20,
                working_days or 5,
            )
        )
        self._manual_notices()
        choices: list[str] = []
        if any(t.is_summary and t.skip_reason is None for t in source.tasks):
            choices.append(OUTLINE)
        if any(RESOURCE_GROUP in t.groupings for t in source.tasks):
            choices.append(RESOURCE_GROUP)
        choices.extend(self.used_fields)
        source.grouping_choices = choices
        columns = list(COLUMNS)
        if RESOURCE_GROUP in choices:
            columns.append(ColumnUse("Resource Group", None))
        columns.extend(ColumnUse(name, None) for name in self.used_fields)
        if self.key_field is not None:
            columns.append(ColumnUse(MIGRATOR_KEY_ALIAS, "key"))
        source.columns = columns
        source.shape = "mspdi" + "".join(f"|{alias}" for alias in sorted(self.aliases))
        return source

    def _label(self) -> str:
        version = _text(self.header.get("SaveVersion"))
        if version is None:  # Project 2003 and ProjectLibre write none
            return "MS Project XML"
        if version in SAVED_BY:
            return f"MS Project XML (saved by {SAVED_BY[version]})"
        return f"MS Project XML (save version {version})"

    def _setting(self, name: str) -> float | None:
        """A positive number the project states (MinutesPerDay …), or None when absent or unreadable."""
        try:
            stated = _float(self.header.get(name))
        except _BadValueError:
            return None
        return stated if stated is not None and stated > 0 else None

    def _minutes_per_day(self) -> float:
        stated = self._setting("MinutesPerDay")
        if stated is not None:
            return stated
        calendar = self._calendar_data(self._project_calendar_uid())
        if calendar is not None:
            working = [m for m in calendar.minutes.values() if m > 0]
            if working:
                return max(working)
        return 480.0

    def _project_calendar_uid(self) -> str | None:
        uid = _text(self.header.get("CalendarUID"))
        if uid in self.calendars:
            return uid
        return next(iter(self.calendars), None)

    def _calendar_data(self, uid: str | None) -> _Calendar | None:
        return self.calendars.get(uid) if uid is not None else None

    def _project_calendar(self) -> SourceCalendar | None:
        own = self._calendar_data(self._project_calendar_uid())
        if own is None:
            return None
        chain = [own]
        while chain[-1].base_uid in self.calendars and len(chain) < 5:
            base = self.calendars[chain[-1].base_uid or ""]
            if base in chain:
                break
            chain.append(base)
        weekdays: dict[int, bool] = {}
        for calendar in reversed(chain):  # the base first, each derived calendar overriding it
            weekdays.update(calendar.weekdays)
        for weekday in range(7):
            weekdays.setdefault(weekday, weekday < 5)
        working_weekdays = frozenset(weekday for weekday, working in weekdays.items() if working)
        window = self._window()
        days: dict[date, tuple[str, bool]] = {}  # a day → its exception's name, and whether it is worked
        for calendar in reversed(chain):  # the base first: a derived calendar's exceptions override it
            own_days: dict[date, tuple[str, bool]] = {}
            # Named exceptions (2007+) first, so their names win over the unnamed copies Project
            # repeats in <WeekDays> for older readers.
            for exception in sorted(calendar.exceptions, key=lambda e: e.name == ""):
                for day in _occurrences(exception, window):
                    own_days.setdefault(day, (exception.name, exception.working))
            days.update(own_days)
        non_working = {day: name for day, (name, worked) in sorted(days.items()) if not worked}
        made_working = [
            day for day, (_, worked) in days.items() if worked and day.weekday() not in working_weekdays
        ]
        if made_working:
            worked = sorted(made_working)
            shown = ", ".join(d.isoformat() for d in worked[:5]) + (
                f" and {len(worked) - 5} more" if len(worked) > 5 else ""
            )
            self.source.notice(
                None,
                "Calendars",
                f"the calendar '{own.name}' makes {shown} "
                f"{'a working day' if len(worked) == 1 else 'working days'}, which Migrator's calendar "
                "cannot hold: its working week applies on those days",
            )
        return SourceCalendar(working_weekdays, non_working)

    def _window(self) -> tuple[date, date] | None:
        """The plan's years: holidays outside them do not matter, and recurring ones stop there."""
        dates = list(self.dates)
        try:
            for text in (self.header.get("StartDate"), self.header.get("FinishDate")):
                when = _date(text)
                if when is not None:
                    dates.append(when)
        except _BadValueError:
            pass
        if not dates:
            return None
        return date(min(dates).year, 1, 1), date(max(dates).year, 12, 31)

    def _owners(self) -> None:
        people: dict[str, SourcePerson] = {}
        for person in self.resources.values():
            people.setdefault(person.name, person)
        self.source.people = list(people.values())
        for uid, assigned in self.assignments.items():
            task = self.tasks.get(uid)
            if task is None or task.skip_reason is not None:
                continue
            candidates = [(self.resources[r], units) for r, units in assigned if r in self.resources]
            if not candidates:
                continue
            owner, _units = max(candidates, key=lambda candidate: candidate[1])  # the first of equals
            task.owner = owner.name
            if owner.group:
                task.groupings[RESOURCE_GROUP] = owner.group
            if len(candidates) > 1:
                listed = ", ".join(
                    f"{person.name} {_number_text(units * 100)}%" for person, units in candidates
                )
                self.source.notice(
                    task.position,
                    "Assignments",
                    f"{task.source_id} {_quoted(task.name)} has {len(candidates)} people assigned "
                    f"({listed}): {owner.name} is taken as its owner",
                )

    def _manual_notices(self) -> None:
        manual = self.manual
        if len(manual) <= MANUAL_NOTICES:
            for task in manual:
                self.source.notice(
                    task.position,
                    "Manual",
                    f"{task.source_id} {_quoted(task.name)} is manually scheduled: "
                    "its dates are taken as written",
                )
        else:
            shown = ", ".join(t.source_id for t in manual[:5])
            self.source.notice(
                None,
                "Manual",
                f"{len(manual)} tasks are manually scheduled ({shown}, …): their dates are taken as written",
            )

    # ------------------------------------------------------------ links

    def _read_links(self, units: _Units) -> None:
        source = self.source
        tasks = self.tasks
        for raw in self.links:
            values = raw.values
            successor = tasks[raw.successor_uid]
            predecessor_uid = (values.get("PredecessorUID") or "").strip()
            what = f"the link from UID {predecessor_uid or '?'} to {successor.source_id}"
            what += f" {_quoted(successor.name)}"
            if values.get("CrossProject") == "1":
                other = _text(values.get("CrossProjectName")) or "another project"
                source.notice(
                    raw.position, "PredecessorLink", f"{what} comes from {other}: it is not imported"
                )
                continue
            predecessor = tasks.get(predecessor_uid)
            if predecessor is None:
                source.notice(
                    raw.position,
                    "PredecessorLink",
                    f"{what} names a task that is not in the file: it is not imported",
                )
                continue
            skipped = next((t for t in (predecessor, successor) if t.skip_reason is not None), None)
            if skipped is not None:
                source.notice(
                    raw.position,
                    "PredecessorLink",
                    f"{what} is not imported: {skipped.source_id} is {skipped.skip_reason}",
                )
                continue
            link_type = LINK_TYPES.get((values.get("Type") or "1").strip())
            if link_type is None:
                source.notice(
                    raw.position,
                    "PredecessorLink",
                    f"{what} has type {values.get('Type')}, which MS Project does not write: "
                    "it is not imported",
                )
                continue
            try:
                lag, approximated = self._lag(values, predecessor_uid, units)
            except _BadValueError as error:
                source.problem(raw.position, "PredecessorLink", f"{what}: its lag {error}")
                continue
            source.links.append(
                SourceLink(predecessor.source_id, successor.source_id, link_type, lag, approximated)
            )

    def _lag(
        self, values: dict[str, str | None], predecessor_uid: str, units: _Units
    ) -> tuple[int, str | None]:
        """The lag in whole working days, and how it was approximated when it was not exact."""
        minutes_per_day = units.minutes_per_day
        raw = _float(values.get("LinkLag")) or 0.0
        if raw == 0:
            return 0, None
        code = _int(values.get("LagFormat")) or 7
        estimated = code >= 35
        unit, elapsed = LAG_FORMATS.get(code - ESTIMATED_OFFSET if estimated else code, ("day", False))
        if unit == "percent":
            duration = self.durations.get(predecessor_uid, 0.0) / minutes_per_day
            days = duration * raw / 100
            if elapsed:
                written = f"{_number_text(raw)}% of the predecessor's elapsed duration"
            else:
                written = f"{_number_text(raw)}% of the predecessor's {_number_text(round(duration, 2))} days"
            lag = _round(days)
            return lag, f"a lag of {written} taken as {_days(lag, 'working ')}"
        minutes = raw / 10
        if elapsed:
            amount = minutes / ELAPSED_MINUTES[unit]
            days = minutes / 1440 * units.working_days / 7
            lag = _round(days)
            written = f"{_number_text(amount)} elapsed {unit}{'s' if amount != 1 else ''}"
            return lag, f"a lag of {written} taken as {_days(lag, 'working ')}"
        days = minutes / minutes_per_day
        lag = _round(days)
        if days == lag:
            return lag, None
        amount = {
            "minute": minutes,
            "hour": minutes / 60,
            "day": days,
            "week": minutes / units.minutes_per_week,
            "month": days / units.days_per_month,
        }[unit]
        written = f"{_number_text(round(amount, 2))} {unit}{'s' if amount != 1 else ''}"
        return (
            lag,
            f"a lag of {written} ({_number_text(round(days, 2))} working days) rounded to {_days(lag)}",
        )


def _days(count: int, kind: str = "") -> str:
    return f"{count} {kind}day{'s' if abs(count) != 1 else ''}"


def _int_or_none(text: str | None) -> int | None:
    try:
        return _int(text)
    except _BadValueError:
        return None


def _text(text: str | None) -> str | None:
    return (text.strip() or None) if text is not None else None


DEFAULT_TITLE = re.compile(r"^Project\d*$")  # what MS Project and MPXJ call a plan nobody named


def _chosen_title(title: str | None) -> str | None:
    """A title someone gave the project; None for "Project1", the one nobody chose."""
    return None if title is None or DEFAULT_TITLE.match(title.strip()) else title


def _stem(name: str | None) -> str | None:
    if name is None:
        return None
    return name[: -len(Path(name).suffix)] if Path(name).suffix.lower() in (".xml", ".mpp") else name


def _quoted(name: str | None) -> str:
    return f"'{name}'" if name else "(no name)"
