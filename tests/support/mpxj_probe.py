"""Run by tests/support/projectlibre.py in a process of its own (the JVM starts once per process and
never stops): MPXJ, the Java library ProjectLibre opens and saves MS Project files with, reads a
plan file and prints what it sees as JSON, or converts a plan file to MS Project XML.

    python mpxj_probe.py read PLAN
    python mpxj_probe.py build SPEC.json TARGET.xml

``build`` makes a plan through MPXJ's own API (summary tasks, tasks, links with lags, people,
assignments, a holiday) and saves it with MPXJ's MS Project XML writer, as ProjectLibre would.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import jpype  # type: ignore[import-not-found]
import jpype.imports  # type: ignore[import-not-found]
import mpxj  # type: ignore[import-not-found]  # noqa: F401  (puts MPXJ's jars on the class path)


def _day(value: Any) -> str | None:
    return None if value is None else str(value)[:10]


def _days(duration: Any) -> float | None:
    return None if duration is None else round(float(duration.getDuration()), 2)


def read(path: str) -> dict[str, Any]:
    from org.mpxj.reader import UniversalProjectReader  # type: ignore[import-not-found]

    project = UniversalProjectReader().read(path)
    if project is None:
        raise SystemExit(f"MPXJ cannot read {path}")
    properties = project.getProjectProperties()
    calendar = project.getDefaultCalendar()
    tasks = []
    for task in project.getTasks():
        tasks.append(
            {
                "id": int(task.getID()) if task.getID() is not None else None,
                "uid": int(task.getUniqueID()),
                "name": str(task.getName()) if task.getName() is not None else None,
                "level": int(task.getOutlineLevel()) if task.getOutlineLevel() is not None else None,
                "summary": bool(task.getSummary()),
                "milestone": bool(task.getMilestone()),
                "start": _day(task.getStart()),
                "finish": _day(task.getFinish()),
                "duration_days": _days(task.getDuration()),
                "percent": float(task.getPercentageComplete() or 0),
                "notes": str(task.getNotes() or ""),
                "predecessors": [
                    {
                        "uid": int(link.getPredecessorTask().getUniqueID()),
                        "type": str(link.getType()),
                        "lag": str(link.getLag()),
                    }
                    for link in task.getPredecessors()
                ],
                "resources": sorted(
                    str(a.getResource().getName()) for a in task.getResourceAssignments() if a.getResource()
                ),
            }
        )
    resources = [
        {
            "name": str(r.getName()),
            "email": str(r.getEmailAddress()) if r.getEmailAddress() else None,
            "group": str(r.getGroup()) if r.getGroup() else None,
        }
        for r in project.getResources()
        if r.getName() is not None
    ]
    return {
        "name": str(properties.getName()) if properties.getName() else None,
        "start": _day(properties.getStartDate()),
        "finish": _day(properties.getFinishDate()),
        "calendar": None
        if calendar is None
        else {
            "name": str(calendar.getName()),
            "exceptions": sorted(_day(e.getFromDate()) for e in calendar.getCalendarExceptions()),
        },
        "tasks": tasks,
        "resources": resources,
    }


def _when(text: str, hour: int) -> Any:
    from java.time import LocalDateTime  # type: ignore[import-not-found]

    year, month, day = (int(part) for part in text.split("-"))
    return LocalDateTime.of(year, month, day, hour, 0)


def build(spec_path: str, target: str) -> dict[str, Any]:
    from java.time import LocalDate  # type: ignore[import-not-found]
    from org.mpxj import (  # type: ignore[import-not-found]
        Duration,
        ProjectFile,
        Relation,
        RelationType,
        TimeUnit,
    )
    from org.mpxj.mspdi import MSPDIWriter  # type: ignore[import-not-found]

    with open(spec_path, encoding="utf-8") as handle:
        spec = json.load(handle)
    units = {"d": TimeUnit.DAYS, "ed": TimeUnit.ELAPSED_DAYS, "h": TimeUnit.HOURS}
    kinds = {
        "FS": RelationType.FINISH_START, "SS": RelationType.START_START,
        "FF": RelationType.FINISH_FINISH, "SF": RelationType.START_FINISH,
    }  # fmt: skip
    project = ProjectFile()
    calendar = project.addDefaultBaseCalendar()
    project.setDefaultCalendar(calendar)
    for day, name in spec["holidays"].items():
        year, month, date = (int(part) for part in day.split("-"))
        day_off = LocalDate.of(year, month, date)
        calendar.addCalendarException(day_off, day_off).setName(name)
    properties = project.getProjectProperties()
    properties.setName(spec["name"])
    properties.setStartDate(_when(spec["start"], 8))
    people = {}
    for person in spec["people"]:
        resource = project.addResource()
        resource.setName(person["name"])
        resource.setEmailAddress(person["email"])
        resource.setGroup(person["group"])
        people[person["name"]] = resource
    tasks = {}
    for summary in spec["summaries"]:
        parent = project.addTask()
        parent.setName(summary["name"])
        for item in summary["tasks"]:
            task = parent.addTask()
            task.setName(item["name"])
            task.setStart(_when(item["start"], 8))
            task.setFinish(_when(item["finish"], 8 if item.get("milestone") else 17))
            task.setDuration(Duration.getInstance(item["days"], TimeUnit.DAYS))
            task.setMilestone(bool(item.get("milestone")))
            task.setPercentageComplete(jpype.JDouble(item.get("percent", 0)))
            if "notes" in item:
                task.setNotes(item["notes"])
            if "owner" in item:
                task.addResourceAssignment(people[item["owner"]])
            tasks[item["name"]] = task
    for link in spec["links"]:
        amount, unit = link.get("lag", [0, "d"])
        tasks[link["to"]].addPredecessor(
            Relation.Builder()
            .predecessorTask(tasks[link["from"]])
            .type(kinds[link["type"]])
            .lag(Duration.getInstance(amount, units[unit]))
        )
    MSPDIWriter().write(project, target)
    return {"written": target}


def main(argv: list[str]) -> int:
    jpype.startJVM()
    command, *paths = argv
    result = read(*paths) if command == "read" else build(*paths)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
