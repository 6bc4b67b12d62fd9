"""The rules MS Project enforces when it opens an MSPDI file, checked on a parsed file: what the
export tests (and the round trip) hold every written file to. Written from MS Project's schema
(mspdi_pj12.xsd) and from files Project 2016 saved, not from the writer."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

NS = "{http://schemas.microsoft.com/project}"

# A Task's children in the order Project 2016 writes them (repeatable ones once).
TASK_ORDER = (
    "UID", "ID", "Name", "Active", "Manual", "Type", "IsNull", "CreateDate", "WBS",
    "OutlineNumber", "OutlineLevel", "Priority", "Start", "Finish", "Duration", "ManualStart",
    "ManualFinish", "ManualDuration", "DurationFormat", "Work", "ResumeValid", "EffortDriven",
    "Recurring", "OverAllocated", "Estimated", "Milestone", "Summary", "DisplayAsSummary",
    "Critical", "IsSubproject", "IsSubprojectReadOnly", "ExternalTask", "EarlyStart",
    "EarlyFinish", "LateStart", "LateFinish", "StartVariance", "FinishVariance", "WorkVariance",
    "FreeSlack", "TotalSlack", "StartSlack", "FinishSlack", "FixedCost", "FixedCostAccrual",
    "PercentComplete", "PercentWorkComplete", "Cost", "OvertimeCost", "OvertimeWork",
    "ActualStart", "ActualFinish", "ActualDuration", "ActualCost", "ActualOvertimeCost",
    "ActualWork", "ActualOvertimeWork", "RegularWork", "RemainingDuration", "RemainingCost",
    "RemainingWork", "RemainingOvertimeCost", "RemainingOvertimeWork", "ACWP", "CV",
    "ConstraintType", "CalendarUID", "ConstraintDate", "Deadline", "LevelAssignments",
    "LevelingCanSplit", "LevelingDelay", "LevelingDelayFormat", "IgnoreResourceCalendar", "Notes",
    "HideBar", "Rollup", "BCWS", "BCWP", "PhysicalPercentComplete", "EarnedValueMethod",
    "PredecessorLink", "IsPublished", "CommitmentType", "ExtendedAttribute", "Baseline",
)  # fmt: skip
PROJECT_ORDER = (
    "SaveVersion", "UID", "Name", "Title", "Subject", "Category", "Company", "Manager", "Author",
    "CreationDate", "Revision", "LastSaved", "ScheduleFromStart", "StartDate", "FinishDate",
    "FYStartDate", "CriticalSlackLimit", "CurrencyDigits", "CurrencySymbol", "CurrencyCode",
    "CurrencySymbolPosition", "CalendarUID", "DefaultStartTime", "DefaultFinishTime",
    "MinutesPerDay", "MinutesPerWeek", "DaysPerMonth", "DefaultTaskType",
    "DefaultFixedCostAccrual", "DefaultStandardRate", "DefaultOvertimeRate", "DurationFormat",
    "WorkFormat", "EditableActualCosts", "HonorConstraints", "EarnedValueMethod",
    "InsertedProjectsLikeSummary", "MultipleCriticalPaths", "NewTasksEffortDriven",
    "NewTasksEstimated", "SplitsInProgressTasks", "SpreadActualCost", "SpreadPercentComplete",
    "TaskUpdatesResource", "FiscalYearStart", "WeekStartDay", "MoveCompletedEndsBack",
    "MoveRemainingStartsBack", "MoveRemainingStartsForward", "MoveCompletedEndsForward",
    "BaselineForEarnedValue", "AutoAddNewResourcesAndTasks", "StatusDate", "CurrentDate",
    "OutlineCodes", "WBSMasks", "ExtendedAttributes", "Calendars", "Tasks", "Resources",
    "Assignments",
)  # fmt: skip
LINK_ORDER = ("PredecessorUID", "Type", "CrossProject", "CrossProjectName", "LinkLag", "LagFormat")
BASELINE_ORDER = ("Number", "Interim", "Start", "Finish", "Duration", "DurationFormat", "Work", "Cost")
RESOURCE_ORDER = (
    "UID", "ID", "Name", "Type", "IsNull", "Initials", "Group", "WorkGroup", "EmailAddress",
    "MaxUnits", "CalendarUID",
)  # fmt: skip
ASSIGNMENT_ORDER = (
    "UID", "TaskUID", "ResourceUID", "PercentWorkComplete", "Finish", "Start", "Units", "Work",
)  # fmt: skip
EXCEPTION_ORDER = ("EnteredByOccurrences", "TimePeriod", "Occurrences", "Name", "Type", "DayWorking")

DATE_ELEMENTS = {
    "StartDate", "FinishDate", "CreationDate", "LastSaved", "Start", "Finish", "ActualStart",
    "ActualFinish", "ConstraintDate", "FromDate", "ToDate",
}  # fmt: skip
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")
DURATION = re.compile(r"^PT\d+H\d+M\d+S$")


def local(tag: str) -> str:
    return tag.removeprefix(NS)


def _order_problems(parent: ET.Element, order: tuple[str, ...], where: str) -> list[str]:
    problems = []
    last = -1
    for child in parent:
        name = local(child.tag)
        if name not in order:
            problems.append(f"{where}: <{name}> is not an element MS Project knows there")
            continue
        position = order.index(name)
        if position < last:
            problems.append(f"{where}: <{name}> comes after <{order[last]}>")
        last = position
    return problems


def mspdi_problems(root: ET.Element) -> list[str]:
    """Every broken rule of the file, in words; an empty list for a file MS Project opens."""
    problems: list[str] = []
    if root.tag != f"{NS}Project":
        return [f"the root is {root.tag}, not a Project in MS Project's namespace"]
    problems += _order_problems(root, PROJECT_ORDER, "Project")
    for element in root.iter():
        name = local(element.tag)
        text = (element.text or "").strip()
        if name in DATE_ELEMENTS and len(element) == 0 and not DATE.match(text):
            problems.append(f"<{name}>{text}</{name}> is not a date as YYYY-MM-DDTHH:MM:SS")
        if name == "Duration" and not DURATION.match(text):
            problems.append(f"<Duration>{text}</Duration> is not an ISO 8601 duration such as PT8H0M0S")

    tasks = root.findall(f"{NS}Tasks/{NS}Task")
    uids = [int(task.findtext(f"{NS}UID", "-1")) for task in tasks]
    if len(set(uids)) != len(uids):
        problems.append(f"task UIDs repeat: {sorted(uids)}")
    known = set(uids)
    counters: list[int] = []  # the outline number the next task continues from
    for task in tasks:
        uid = task.findtext(f"{NS}UID")
        problems += _order_problems(task, TASK_ORDER, f"task {uid}")
        level = int(task.findtext(f"{NS}OutlineLevel", "-1"))
        number = task.findtext(f"{NS}OutlineNumber", "")
        if level == 0:
            if number != "0" or uid != "0":
                problems.append(f"task {uid}: only the project summary (UID 0, outline 0) is at level 0")
        elif level > len(counters) + 1:
            problems.append(f"task {uid}: level {level} jumps more than one level below the task before")
        else:
            counters = counters[:level]
            if len(counters) == level:
                counters[-1] += 1
            else:
                counters.append(1)
            expected = ".".join(map(str, counters))
            if number != expected:
                where = f"outline number {number} at level {level}, where {expected} comes"
                problems.append(f"task {uid}: {where}")
        for link in task.findall(f"{NS}PredecessorLink"):
            problems += _order_problems(link, LINK_ORDER, f"task {uid}'s link")
            kind = link.findtext(f"{NS}Type", "1")
            if kind not in {"0", "1", "2", "3"}:
                problems.append(f"task {uid}: link type {kind} is not 0 to 3")
            if int(link.findtext(f"{NS}PredecessorUID", "-1")) not in known:
                problems.append(f"task {uid}: its predecessor is not a task of the file")
        for baseline in task.findall(f"{NS}Baseline"):
            problems += _order_problems(baseline, BASELINE_ORDER, f"task {uid}'s baseline")
    resources = root.findall(f"{NS}Resources/{NS}Resource")
    resource_uids = [int(r.findtext(f"{NS}UID", "-1")) for r in resources]
    if len(set(resource_uids)) != len(resource_uids):
        problems.append("resource UIDs repeat")
    for resource in resources:
        problems += _order_problems(resource, RESOURCE_ORDER, "a resource")
    for assignment in root.findall(f"{NS}Assignments/{NS}Assignment"):
        problems += _order_problems(assignment, ASSIGNMENT_ORDER, "an assignment")
        if int(assignment.findtext(f"{NS}TaskUID", "-1")) not in known:
            problems.append("an assignment's task is not in the file")
        if int(assignment.findtext(f"{NS}ResourceUID", "-1")) not in set(resource_uids):
            problems.append("an assignment's resource is not in the file")
    for exception in root.iter(f"{NS}Exception"):
        problems += _order_problems(exception, EXCEPTION_ORDER, "a calendar exception")
    return problems
