"""Reading a GanttProject plan (.gan, GanttProject 2.x and 3.x XML) into a SourcePlan."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from migrator.domain import rules
from migrator.domain.model import DependencyType
from migrator.importing.readers import MAX_ROWS, PlanFileError, check_plan_file
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

ROLE = "Role"  # the grouping a resource's role feeds, as the preview names it
MAX_DURATION_DAYS = 36_500  # working days; a longer task is a typo, and counting it would take long

# GanttProject's <depend type>: ConstraintType's persistent values.
DEPENDENCY_TYPES = {
    "1": DependencyType.SS,
    "2": DependencyType.FS,
    "3": DependencyType.FF,
    "4": DependencyType.SF,
}
# <default-week> attributes in Python's weekday order (0 = Monday).
WEEK_ATTRIBUTES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The role sets GanttProject ships, by the persistent id an allocation's `function` names
# ("Default:1"); a bare number names a role of the project's own <roles> first.
BUILT_IN_ROLES: dict[str, dict[int, str | None]] = {
    "Default": {0: None, 1: "Project manager"},  # role 0 is "Undefined": no role at all
    "SoftwareDevelopment": {
        2: "Developer",
        3: "Doc writer",
        4: "Tester",
        5: "Graphic designer",
        6: "Doc translator",
        7: "Packager",
        8: "Analysis",
        9: "Web designer",
        10: "No specific role",
    },
}
# What each part of a .gan file feeds, for the preview's mapping table.
COLUMNS = (
    ColumnUse("task id", "key"),
    ColumnUse("task name", "title"),
    ColumnUse("task start", "start"),
    ColumnUse("task duration", "due"),
    ColumnUse("task complete", "progress"),
    ColumnUse("task meeting", "milestone"),
    ColumnUse("task notes", "description"),
    ColumnUse("depend", "depends_on"),
    ColumnUse("allocation", "owner"),
    ColumnUse("task color", None),
    ColumnUse("task priority", None),
    ColumnUse("vacation", None),
)


def read_ganttproject(path: Path) -> SourcePlan:
    """The plan a GanttProject file holds: tasks with their nesting, links, people and calendar.

    Whole-file refusals (not XML, not GanttProject, hostile XML, too large) raise PlanFileError;
    everything else is a problem or a notice on the returned plan."""
    root = _parse(Path(path))
    version = root.get("version", "").strip()
    plan = SourcePlan(
        format=SourceFormat.GANTTPROJECT,
        label=f"GanttProject (version {version})" if version else "GanttProject",
        sheet=Path(path).name,
        name=(root.get("name") or "").strip() or None,
        columns=list(COLUMNS),
    )
    return _Reader(plan, root).read()


def _parse(path: Path) -> Element:
    check_plan_file(path)
    try:
        tree = defusedxml.ElementTree.parse(path, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise PlanFileError(
            f"{path.name} declares a DTD or entities, which GanttProject never writes; "
            "it was not read, because such declarations can expand without limit or read other files."
        ) from None
    except ParseError as error:
        raise PlanFileError(
            f"{path.name} is not a GanttProject file: it is not readable XML ({error})."
        ) from None
    root: Element = tree.getroot()
    if root.tag != "project" or root.find("tasks") is None:
        raise PlanFileError(
            f"{path.name} is XML but not a GanttProject file (it has no <project> with <tasks>); "
            "save the plan from GanttProject as a .gan file."
        )
    return root


@dataclass
class _Week:
    """GanttProject's calendar: weekend days, dated and yearly holidays, worked days off."""

    working_weekdays: frozenset[int] = frozenset(range(5))
    holidays: dict[date, str] = field(default_factory=dict)
    yearly: dict[tuple[int, int], str] = field(default_factory=dict)  # (month, day) → name
    worked: set[date] = field(default_factory=set)  # WORKING_DAY events: a weekend day worked
    # Filled once the calendar is read: many tasks share a start and a duration, and days repeat.
    finishes: dict[tuple[date, int], date | None] = field(default_factory=dict)
    working: dict[date, bool] = field(default_factory=dict)

    def is_working(self, day: date) -> bool:
        if day in self.worked:
            return True
        if day in self.holidays or (day.month, day.day) in self.yearly:
            return False
        return day.weekday() in self.working_weekdays

    def finish(self, start: date, duration: int) -> date | None:
        """The last day of ``duration`` working days from ``start`` (start counts when it is working);
        None when a calendar of holidays leaves too few working days (ten years past a full week's pace)."""
        if (start, duration) in self.finishes:
            return self.finishes[(start, duration)]
        day, left, found, one = start, duration, None, timedelta(days=1)
        for _ in range(duration * 7 + 3653):
            working = self.working.get(day)
            if working is None:
                working = self.working[day] = self.is_working(day)
            if working:
                left -= 1
                if left == 0:
                    found = day
                    break
            day += one
        self.finishes[(start, duration)] = found
        return found


@dataclass
class _Allocation:
    resource: str  # the resource's id
    responsible: bool
    load: float
    function: str | None


class _Reader:
    def __init__(self, plan: SourcePlan, root: Element) -> None:
        self.plan = plan
        self.root = root
        self.week = _Week()
        self.tasks: dict[str, SourceTask] = {}  # by the .gan's id
        self.elements: dict[str, Element] = {}

    def read(self) -> SourcePlan:
        plan = self.plan
        self._read_calendar()
        properties = self._custom_properties()
        self._read_tasks(properties)
        self._read_links()
        self._read_baseline()
        roles = self._roles()
        self._read_people(roles)
        self._read_allocations(roles)
        self._fill_calendar()
        starts = [t.start for t in plan.tasks if t.start is not None]
        plan.start = min(starts) if starts else None
        used = {name for task in plan.tasks for name in task.groupings}
        choices = [OUTLINE] if any(t.is_summary for t in plan.tasks) else []
        choices += [ROLE] if ROLE in used else []
        choices += [name for name in properties.values() if name in used and name not in choices]
        plan.grouping_choices = choices
        plan.columns += [ColumnUse(name, None) for name in properties.values()]
        plan.shape = "ganttproject:" + "|".join(sorted(properties.values()))
        if not plan.tasks and not plan.problems:
            plan.problem(None, None, "the plan has no tasks to import.")
        return plan

    # ------------------------------------------------------------ calendar

    def _read_calendar(self) -> None:
        calendars = self.root.find("calendars")
        if calendars is None:
            return
        week = calendars.find(".//default-week")  # under <day-types>, or its <calendar> (2.0)
        if week is not None:
            weekdays = frozenset(
                i for i, name in enumerate(WEEK_ATTRIBUTES) if week.get(name, "0").strip() != "1"
            )
            if not weekdays:
                self.plan.problem(None, "calendar", "the calendar's week has no working day.")
            else:
                self.week.working_weekdays = weekdays
        for event in calendars.iter("date"):
            self._read_calendar_day(event)

    def _read_calendar_day(self, event: Element) -> None:
        year, month, day = (event.get(name, "").strip() for name in ("year", "month", "date"))
        kind = event.get("type", "").strip() or "HOLIDAY"
        name = " ".join((event.text or "").split())
        shown = f"{year or 'every year'}-{month}-{day}"
        try:
            # A yearly event is checked against a leap year, so 29 February is accepted.
            when = date(int(year) if year else 2000, int(month), int(day))
        except ValueError:
            self.plan.notice(None, "calendar", f"the calendar day {shown} is not a date; it was ignored.")
            return
        if kind == "HOLIDAY":
            if year:
                self.week.holidays[when] = name
            else:
                self.week.yearly[(when.month, when.day)] = name
        elif kind == "WORKING_DAY":
            if not year:
                self.plan.notice(
                    None, "calendar", f"the yearly working day {shown} is not kept: only dated ones are."
                )
                return
            self.week.worked.add(when)
            self.plan.notice(
                None,
                "calendar",
                f"{when.isoformat()} is a working day in GanttProject: task dates count it, but Migrator's "
                "calendar keeps only the working week and non-working days.",
            )
        elif kind != "NEUTRAL":  # a neutral day only carries a note in GanttProject
            self.plan.notice(
                None, "calendar", f"the calendar day {shown} has an unknown type '{kind}'; ignored."
            )

    def _fill_calendar(self) -> None:
        """The source calendar, with yearly holidays expanded over the years the plan spans."""
        if self.root.find("calendars") is None:
            return
        days = dict(self.week.holidays)
        dated = [d for t in self.plan.tasks for d in (t.start, t.finish) if d is not None]
        if dated and self.week.yearly:
            for year in range(min(dated).year, max(dated).year + 1):
                for (month, day), name in self.week.yearly.items():
                    if month == 2 and day == 29 and not calendar.isleap(year):
                        continue
                    days.setdefault(date(year, month, day), name)
        self.plan.calendar = SourceCalendar(self.week.working_weekdays, dict(sorted(days.items())))

    # ------------------------------------------------------------ tasks

    def _custom_properties(self) -> dict[str, str]:
        """Custom task property id → its name, for text properties (those can name a team)."""
        found: dict[str, str] = {}
        for definition in self.root.iterfind("tasks/taskproperties/taskproperty"):
            if definition.get("type") != "custom":
                continue
            prop_id, name = definition.get("id", ""), (definition.get("name") or "").strip()
            if prop_id and name and definition.get("valuetype", "text") == "text":
                found[prop_id] = name
        return found

    def _read_tasks(self, properties: dict[str, str]) -> None:
        tasks = self.root.find("tasks")
        assert tasks is not None  # _parse checked it
        # Depth first in document order, without recursion: a hostile nesting cannot exhaust the stack.
        stack: list[tuple[Iterator[Element], SourceTask | None]] = [(iter(tasks.findall("task")), None)]
        while stack:
            children, parent = stack[-1]
            element = next(children, None)
            if element is None:
                stack.pop()
                continue
            if len(self.plan.tasks) == MAX_ROWS:
                raise PlanFileError(
                    f"{self.plan.sheet} has more than {MAX_ROWS:,} tasks; a plan holds at most {MAX_ROWS:,}. "
                    "Split it into several plans and import each."
                )
            task = self._read_task(element, parent, properties)
            subtasks = element.findall("task")
            if subtasks:
                stack.append((iter(subtasks), task or parent))

    def _read_task(
        self, element: Element, parent: SourceTask | None, properties: dict[str, str]
    ) -> SourceTask | None:
        plan = self.plan
        raw_id = element.get("id", "").strip()
        name = " ".join((element.get("name") or "").split()) or None
        if not raw_id.isdigit():
            plan.problem(
                None, "id", f"the task {name or '(no name)'!r} has no valid id ({raw_id or 'none'})."
            )
            return None
        position = int(raw_id)
        if raw_id in self.tasks:
            plan.problem(
                position,
                "id",
                f"two tasks have the id {raw_id} ({self.tasks[raw_id].name!r} and {name!r}); "
                "GanttProject never writes that, so the file was edited by hand.",
            )
            return None
        task = SourceTask(
            position=position,
            source_id=f"GP {raw_id}",
            name=name,
            level=parent.level + 1 if parent is not None else 1,
            parent_id=parent.source_id if parent is not None else None,
            is_summary=element.find("task") is not None,
        )
        self._read_dates(task, element)
        complete = element.get("complete", "").strip()
        if complete:
            if complete.isdigit() and int(complete) <= 100:
                task.progress = int(complete)
            else:
                plan.problem(position, "complete", f"'{complete}' is not a percentage from 0 to 100.")
        notes = element.find("notes")
        if notes is not None and notes.text and notes.text.strip():
            task.notes = notes.text.strip()
        for value in element.iterfind("customproperty"):
            prop = properties.get(value.get("taskproperty-id", ""))
            text = " ".join((value.get("value") or "").split())
            if prop is not None and text:
                task.groupings[prop] = text
        self.tasks[raw_id] = task
        self.elements[raw_id] = element
        plan.tasks.append(task)
        return task

    def _read_dates(self, task: SourceTask, element: Element) -> None:
        plan, position = self.plan, task.position
        start_text = element.get("start", "").strip()
        duration_text = element.get("duration", "").strip()
        meeting = element.get("meeting", "").strip().casefold() == "true"
        try:
            start = date.fromisoformat(start_text) if len(start_text) == 10 else None
        except ValueError:
            start = None
        if start is None:
            plan.problem(position, "start", f"'{start_text}' is not a date (GanttProject writes YYYY-MM-DD).")
            return
        if start.year not in rules.PLAUSIBLE_YEARS:
            first, last = rules.PLAUSIBLE_YEARS.start, rules.PLAUSIBLE_YEARS.stop - 1
            plan.problem(
                position,
                "start",
                f"{start_text} looks like a typo: plan dates fall between {first} and {last}.",
            )
            return
        task.start = start
        if not duration_text.isdigit() or int(duration_text) > MAX_DURATION_DAYS:
            plan.problem(
                position,
                "duration",
                f"'{duration_text}' is not a duration in working days (0 to {MAX_DURATION_DAYS:,}).",
            )
            return
        duration = int(duration_text)
        task.milestone = meeting or duration == 0
        task.finish = start if task.milestone else self.week.finish(start, duration)
        if task.finish is None:
            plan.problem(
                position, "duration", f"the calendar has no {duration} working days after {start_text}."
            )

    # ------------------------------------------------------------ baseline

    def _read_baseline(self) -> None:
        """Baseline dates from the first baseline saved (<previous-tasks>): the plan as first agreed."""
        baselines = self.root.findall("previous/previous-tasks")
        if not baselines:
            return
        first = baselines[0]
        name = (first.get("name") or "").strip() or "(unnamed)"
        if len(baselines) > 1:
            self.plan.notice(
                None,
                "baseline",
                f"the file has {len(baselines)} baselines; the first, {name!r}, gives the baseline dates.",
            )
        for element in first.iterfind("previous-task"):
            task = self.tasks.get(element.get("id", "").strip())
            start_text, duration_text = element.get("start", "").strip(), element.get("duration", "").strip()
            try:
                start = date.fromisoformat(start_text) if len(start_text) == 10 else None
            except ValueError:
                start = None
            if task is None or start is None or start.year not in rules.PLAUSIBLE_YEARS:
                continue  # a task deleted since, or a damaged entry: the baseline stays empty for it
            task.baseline_start = start
            milestone = element.get("meeting", "").strip().casefold() == "true" or duration_text == "0"
            if milestone:
                task.baseline_finish = start
            elif duration_text.isdigit() and int(duration_text) <= MAX_DURATION_DAYS:
                task.baseline_finish = self.week.finish(start, int(duration_text))

    # ------------------------------------------------------------ links

    def _read_links(self) -> None:
        plan = self.plan
        seen: set[tuple[str, str]] = set()
        for raw_id, element in self.elements.items():
            predecessor = self.tasks[raw_id]
            for depend in element.iterfind("depend"):
                target = depend.get("id", "").strip()
                kind = depend.get("type", "").strip() or "2"
                difference = depend.get("difference", "").strip() or "0"
                where = f"the link from {predecessor.name!r} to task {target}"
                successor = self.tasks.get(target)
                if successor is None:
                    plan.notice(
                        predecessor.position, "depend", f"{where} was skipped: there is no task {target}."
                    )
                    continue
                if successor is predecessor:
                    plan.notice(
                        predecessor.position, "depend", f"{where} was skipped: it links the task to itself."
                    )
                    continue
                if kind not in DEPENDENCY_TYPES:
                    plan.problem(
                        predecessor.position, "depend", f"{where} has an unknown type '{kind}' (1 to 4)."
                    )
                    continue
                try:
                    lag = int(difference)
                except ValueError:
                    plan.problem(
                        predecessor.position,
                        "depend",
                        f"{where} has a lag '{difference}' that is not whole days.",
                    )
                    continue
                if (raw_id, target) in seen:
                    plan.notice(
                        predecessor.position, "depend", f"{where} is listed twice; the first one is kept."
                    )
                    continue
                seen.add((raw_id, target))
                plan.links.append(
                    SourceLink(predecessor.source_id, successor.source_id, DEPENDENCY_TYPES[kind], lag)
                )

    # ------------------------------------------------------------ people

    def _roles(self) -> dict[str, str | None]:
        """A role's persistent id ("4", "Default:1", "Custom:2") → its name, from the file's <roles>."""
        roles: dict[str, str | None] = {}
        for group in self.root.iterfind("roles"):
            role_set = group.get("roleset-name")
            for role in group.iterfind("role"):
                role_id, name = role.get("id", "").strip(), (role.get("name") or "").strip() or None
                roles[f"{role_set}:{role_id}" if role_set else role_id] = name
        return roles

    def _role_name(self, roles: dict[str, str | None], function: str | None) -> str | None:
        if not function:
            return None
        if function in roles:
            return roles[function]
        role_set, _, number = function.rpartition(":")
        if not number.isdigit():
            return None
        if role_set:
            return BUILT_IN_ROLES.get(role_set, {}).get(int(number))
        built_in = BUILT_IN_ROLES["Default" if int(number) <= 1 else "SoftwareDevelopment"]
        return built_in.get(int(number))

    def _read_people(self, roles: dict[str, str | None]) -> None:
        self.people: dict[str, tuple[str, str | None]] = {}  # resource id → (name, its role's name)
        for resource in self.root.iterfind("resources/resource"):
            resource_id = resource.get("id", "").strip()
            name = " ".join((resource.get("name") or "").split())
            if not resource_id or not name:
                self.plan.notice(
                    None,
                    "resource",
                    f"a resource without an id or a name ({name or resource_id}) was skipped.",
                )
                continue
            contacts = (resource.get("contacts") or "").strip()
            role = self._role_name(roles, resource.get("function"))
            self.people[resource_id] = (name, role)
            self.plan.people.append(SourcePerson(name, contacts if "@" in contacts else None, role))

    def _read_allocations(self, roles: dict[str, str | None]) -> None:
        by_task: dict[str, list[_Allocation]] = {}
        for element in self.root.iterfind("allocations/allocation"):
            task_id, resource_id = element.get("task-id", "").strip(), element.get("resource-id", "").strip()
            if task_id not in self.tasks or resource_id not in self.people:
                self.plan.notice(
                    None,
                    "allocation",
                    f"the allocation of resource {resource_id or '?'} to task {task_id or '?'} was skipped: "
                    f"there is no such {'task' if task_id not in self.tasks else 'resource'}.",
                )
                continue
            try:
                load = float(element.get("load", "100") or "100")
            except ValueError:
                load = 100.0
            responsible = element.get("responsible", "").strip().casefold() == "true"
            by_task.setdefault(task_id, []).append(
                _Allocation(resource_id, responsible, load, element.get("function"))
            )
        for task_id, allocations in by_task.items():
            task = self.tasks[task_id]
            owner = self._owner(task, allocations)
            name, role = self.people[owner.resource]
            task.owner = name
            role = self._role_name(roles, owner.function) or role
            if role is not None:
                task.groupings[ROLE] = role

    def _owner(self, task: SourceTask, allocations: list[_Allocation]) -> _Allocation:
        """The responsible person; else (or among several responsible) the largest load, first of equals."""
        responsible = [a for a in allocations if a.responsible]
        if len(responsible) == 1:
            return responsible[0]
        candidates = responsible or allocations
        owner = max(candidates, key=lambda a: a.load)  # max keeps the first of equals
        if len(candidates) > 1:
            names = [self.people[a.resource][0] for a in candidates]
            listed = ", ".join(names[:-1]) + " and " + names[-1]
            why = "are all responsible for it" if responsible else "work on it and none is responsible"
            tie = sum(a.load == owner.load for a in candidates) > 1
            self.plan.notice(
                task.position,
                "allocation",
                f"{listed} {why}: {self.people[owner.resource][0]} is taken as the owner of {task.name!r} "
                f"({'the first of equal loads' if tie else 'the largest load'}).",
            )
        return owner
