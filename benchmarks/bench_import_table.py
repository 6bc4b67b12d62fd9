"""Benchmark reading an MS Project "Save As" CSV export against today's reading of the same plan.

The generated plan (``--workstreams``, ``--dependencies``) is written twice, not timed: as MS
Project saves it to CSV (a summary task per team, then its tasks; IDs, Unique IDs, outline
levels, dates such as "Mon 1/4/27", durations such as "10 days", "0 days" for milestones,
predecessors by ID such as "12SS+2 days", Resource Names, Resource Group, % Complete, Notes) and
in Migrator's own columns (ISO dates, keys). Measured, best of ``--runs``: (a) ``read_table`` and
``read_table_source`` of the MS Project CSV, the whole reading into a SourcePlan (day/month
order, outline, links by ID); (b) ``read_table`` and ``parse_rows`` of our own CSV, today's
reading of the cells. Goal: (a) at most twice (b).

    python -m benchmarks.bench_import_table [--workstreams 20000] [--runs 3]
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from benchmarks.bench_store import Table, Timed, best_of, seconds
from benchmarks.generate import GeneratedPlan, benchmark_arguments, benchmark_parser, spreadsheet_rows
from migrator.importing.plan import parse_rows
from migrator.importing.readers import read_table
from migrator.importing.table_dialects import read_table_source

GOAL = 2.0  # the MS Project export read at most twice as long as today's reading of the same plan
MS_PROJECT_HEADER = (
    "ID", "Unique ID", "Name", "Duration", "Start", "Finish", "Predecessors", "Outline Level",
    "Resource Names", "Resource Group", "% Complete", "Milestone", "Notes",
)  # fmt: skip
OWN_HEADER = (
    "Key", "Team", "Workstream", "Owner", "Status", "Start", "Due", "Progress", "Milestone", "Depends on",
    "Description",
)  # fmt: skip


def ms_project_date(day: date) -> str:
    """MS Project's default US date format: "Mon 1/4/27"."""
    return f"{day.strftime('%a')} {day.month}/{day.day}/{day.year % 100:02d}"


def working_days(start: date, finish: date) -> int:
    """Weekdays from start to finish, both counted."""
    days, day = 0, start
    while day <= finish:
        days += day.weekday() < 5
        day += timedelta(days=1)
    return days


def write_ms_project_csv(plan: GeneratedPlan, path: Path) -> Path:
    """The plan as MS Project's "Save As" CSV writes it: each team a summary task over its tasks."""
    names = dict(plan.teams)
    rows_by_team: dict[str, list[int]] = {}
    for index, row in enumerate(plan.rows):
        rows_by_team.setdefault(row.team, []).append(index)
    ids: dict[str, int] = {}
    order: list[tuple[str, int | None]] = []  # (team, row index) with None for the team's summary
    for team, indexes in rows_by_team.items():
        order.append((team, None))
        for member in indexes:
            ids[plan.rows[member].key] = len(order) + 1
            order.append((team, member))
    incoming = plan.predecessors()
    with path.open("w", encoding="cp1252", errors="replace", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(MS_PROJECT_HEADER)
        for number, (team, at) in enumerate(order, start=1):
            if at is None:
                members = [plan.rows[i] for i in rows_by_team[team]]
                start, finish = min(r.start for r in members), max(r.due for r in members)
                days = working_days(start, finish)
                writer.writerow(
                    (number, number + 100, names[team], f"{days} days", ms_project_date(start),
                     ms_project_date(finish), "", 1, "", "", "", "No", "")
                )  # fmt: skip
                continue
            row = plan.rows[at]
            links = []
            for edge in incoming.get(row.key, ()):
                lag = f"{edge.lag:+d} days" if edge.lag else ""
                links.append(f"{ids[edge.predecessor]}{edge.type if lag or edge.type != 'FS' else ''}{lag}")
            days = 0 if row.milestone else working_days(row.start, row.due)
            writer.writerow(
                (number, number + 100, row.title, f"{days} days", ms_project_date(row.start),
                 ms_project_date(row.due), ",".join(links), 2, row.owner or "", names[team],
                 f"{row.progress}%", "Yes" if row.milestone else "No", row.description)
            )  # fmt: skip
    return path


def write_own_csv(plan: GeneratedPlan, path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(OWN_HEADER)
        for values in spreadsheet_rows(plan):
            writer.writerow(value.isoformat() if isinstance(value, date) else value for value in values)
    return path


def read_export(path: Path) -> Timed:
    began = time.perf_counter()
    table = read_table(path)
    read = time.perf_counter()
    source = read_table_source(table)
    done = time.perf_counter()
    if source.problems:
        raise SystemExit(f"the export has problems: {source.problems[0]}")
    return Timed(
        done - began,
        {"read_table": read - began, "read_table_source": done - read},
        (len(source.tasks), len(source.links)),
    )


def read_own(path: Path) -> Timed:
    began = time.perf_counter()
    table = read_table(path)
    read = time.perf_counter()
    plan = parse_rows(table)
    done = time.perf_counter()
    if plan.problems:
        raise SystemExit(f"our own CSV has problems: {plan.problems[0]}")
    return Timed(done - began, {"read_table": read - began, "parse_rows": done - read}, (len(plan.rows),))


def main(argv: Sequence[str] | None = None) -> int:
    args, plan = benchmark_arguments(benchmark_parser("bench_import_table", __doc__), argv)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-") as folder:
        export = write_ms_project_csv(plan, Path(folder) / "ms-project.csv")
        own = write_own_csv(plan, Path(folder) / "plan.csv")
        exported = best_of(args.runs, lambda: read_export(export))
        today = best_of(args.runs, lambda: read_own(own))
    tasks, links = exported.counts
    table = Table()
    table.add(f"MS Project CSV export: {tasks:,} tasks, {links:,} links ({export.name})")
    table.add("  read_table", seconds(exported.parts["read_table"]))
    table.add("  read_table_source", seconds(exported.parts["read_table_source"]))
    table.add("  (a) the export read", seconds(exported.seconds))
    table.add(f"Our own CSV of the same plan: {today.counts[0]:,} rows")
    table.add("  read_table", seconds(today.parts["read_table"]))
    table.add("  parse_rows", seconds(today.parts["parse_rows"]))
    table.add("  (b) today's reading", seconds(today.seconds))
    ratio = exported.seconds / today.seconds
    table.add("(a) / (b)", f"{ratio:.2f}x", f"goal ≤ {GOAL:.0f}x", "met" if ratio <= GOAL else "NOT met")
    print(table.render())
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
