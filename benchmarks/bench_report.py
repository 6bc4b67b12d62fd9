"""Benchmark the status report export against a raw openpyxl dump of the same cells.

The plan is generated and imported (not timed) with a RAID log (``--raid`` items, each linked
to three workstreams), exported once as last week's report, then edited (a week of stand-ups,
items closed, escalated and raised) so the measured export has real changes to list. The
measured export is everything ``migrator export`` does: read and analyse the plan, compare
with the snapshot, write every sheet with its styles and conditional formatting, keep the
new snapshot and move the file into place. The baseline reads that workbook's values back
(not timed) and writes the very same values with openpyxl's write-only mode, no styles.

    python -m benchmarks.bench_report [--workstreams 20000] [--raid 2000] [--runs 2]
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_analysis import plan_as_of
from benchmarks.bench_store import Table, Timed, best_of, megabytes, seconds
from benchmarks.generate import (
    GeneratedPlan,
    benchmark_arguments,
    benchmark_parser,
    write_migration,
)
from migrator.domain.model import Status
from migrator.domain.raid import Escalation, LinkRole, RaidStatus, RaidType, Response
from migrator.services import MigrationService
from migrator.services.reporting import ExportRequest, export_report

EXPORT_GOAL = 1.3  # the whole export at most 1.3x the raw dump of its cell values
EDITS = 200  # workstreams edited between the two reports
RAID_PER_WORKSTREAMS = 10  # a RAID item per ten workstreams (2,000 at 20,000), a quarter of each type
RAID_LINKS = 3  # workstreams each item is linked to
RAID_EDITS = 50  # items closed, escalated and raised (each) between the two reports


@dataclass
class Sheets:
    """Every sheet's cell values, as the export wrote them."""

    names: list[str]
    rows: list[list[tuple[Any, ...]]]

    @property
    def cells(self) -> int:
        return sum(1 for sheet in self.rows for row in sheet for value in row if value is not None)


def read_values(path: Path) -> Sheets:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    names = list(book.sheetnames)
    sheets = Sheets(names, [list(book[name].iter_rows(values_only=True)) for name in names])
    book.close()
    return sheets


# The export and its baseline in CPU seconds: both run in this one thread, so a machine busy with
# other work (wall-clock ratios moved by 2x between runs on a shared one) does not decide the ratio.
CLOCK = time.process_time


def raw_dump(sheets: Sheets, path: Path) -> Timed:
    """Baseline: the same values through openpyxl's write-only mode, no styles at all."""
    from openpyxl import Workbook

    start = CLOCK()
    book = Workbook(write_only=True)
    for name, rows in zip(sheets.names, sheets.rows, strict=True):
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return Timed(CLOCK() - start)


def timed_export(service: MigrationService, request: ExportRequest) -> Timed:
    """The export, with the time spent in each phase from its progress messages."""
    marks: list[tuple[float, str]] = []
    start = CLOCK()
    export_report(service, request, lambda _fraction, message: marks.append((CLOCK(), message)))
    total = CLOCK() - start
    parts: dict[str, float] = {}
    ends = [at for at, _message in marks[1:]] + [start + total]
    for (at, message), end in zip(marks, ends, strict=True):
        parts[message] = parts.get(message, 0.0) + end - at
    return Timed(total, parts)


def edit_a_week(service: MigrationService, count: int) -> None:
    """Status moves, due-date moves and progress on ``count`` open workstreams."""
    open_work = [
        w
        for w in service.workstreams()
        if w.status in (Status.NOT_STARTED, Status.IN_PROGRESS) and not w.is_milestone
    ]
    with service.changing():
        for n, w in enumerate(open_work[:count]):
            if n % 3 == 0 and w.status is Status.NOT_STARTED:
                changes: dict[str, Any] = {"status": Status.IN_PROGRESS}
            elif n % 3 == 1 and w.planned_due is not None:
                changes = {"planned_due": w.planned_due + timedelta(days=7)}
            else:
                changes = {"progress": min(100, w.progress + 10)}
            service.workstream_service.update(w.id, changes, comment="Stand-up")


_ROLES = {
    RaidType.RISK: LinkRole.THREATENS,
    RaidType.ASSUMPTION: LinkRole.ASSUMED_BY,
    RaidType.ISSUE: LinkRole.THREATENS,
    RaidType.DECISION: LinkRole.DECIDED_FOR,
}


def raid_fields(kind: RaidType, n: int, as_of: date) -> dict[str, Any]:
    """An item's fields of its type, spread over scores and dates around ``as_of``."""
    if kind is RaidType.RISK:
        return {
            "probability": 1 + n % 5, "impact": 1 + n // 5 % 5, "response": list(Response)[n % 5],
            "actions": f"Action plan {n}: agree a fallback with the vendor and review it weekly",
            "proximity": as_of + timedelta(days=n % 90),
        }  # fmt: skip
    if kind is RaidType.ASSUMPTION:
        return {"validation": f"Confirm in writing ({n})", "validate_by": as_of + timedelta(days=n % 60)}
    if kind is RaidType.ISSUE:
        return {
            "priority": 1 + n % 4,
            "target_date": as_of + timedelta(days=n % 40 - 10),
            "actions": "Fix it",
        }
    return {
        "question": f"Which way for case {n}?", "decider": "Steering committee",
        "needed_by": as_of + timedelta(days=n % 50 - 5), "recommendation": "The first option",
    }  # fmt: skip


def add_raid_log(service: MigrationService, count: int, as_of: date, first: int = 0) -> None:
    """``count`` items, a quarter of each type, each linked to RAID_LINKS open workstreams."""
    people = [p.id for p in service.people()]
    work = [w.id for w in service.workstreams() if w.status is not Status.DONE]
    kinds = list(RaidType)
    with service.changing():
        for n in range(first, first + count):
            kind = kinds[n % 4]
            item = service.raid.create(
                kind, f"{kind.label} {n}: the card bureau's capacity may fall short in the peak weeks",
                owner_id=people[n % len(people)], **raid_fields(kind, n, as_of),
            )  # fmt: skip
            for step in range(RAID_LINKS):
                service.raid.link(item, _ROLES[kind], workstream_id=work[(n * 7 + step * 101) % len(work)])


def edit_the_log(service: MigrationService, count: int, as_of: date, total: int) -> None:
    """Close ``count`` open items, escalate ``count`` risks and raise ``count`` new items."""
    items = service.raid.items()
    closable = [i for i in items if i.is_open and i.type is not RaidType.DECISION][:count]
    risks = [i for i in items if i.is_open and i.type is RaidType.RISK][-count:]
    with service.changing():
        for item in closable:
            service.raid.update(item.id, {"status": RaidStatus.CLOSED})
        for item in risks:
            service.raid.update(item.id, {"escalated_to": Escalation.PROGRAMME, "escalated_on": as_of})
    add_raid_log(service, count, as_of, first=total)


def peak_memory(action: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(args: argparse.Namespace, plan: GeneratedPlan, folder: Path) -> int:
    n, m = len(plan.rows), len(plan.edges)
    print(f"Migrator report benchmark: {n:,} workstreams, {m:,} dependencies, {len(plan.teams)} teams")
    start = time.perf_counter()
    migration = write_migration(plan, folder / "bench.migrator")
    as_of = plan_as_of(plan)
    last_week = as_of - timedelta(days=7)
    raid = n // RAID_PER_WORKSTREAMS if args.raid is None else args.raid
    with MigrationService.open(migration, today=lambda: as_of) as service:
        add_raid_log(service, raid, last_week)
        export_report(service, ExportRequest(folder / "last-week.xlsx", as_of=last_week, label="Last week"))
        edits = min(EDITS, n // 4)
        edit_a_week(service, edits)
        raid_edits = min(RAID_EDITS, raid // 8)
        edit_the_log(service, raid_edits, as_of, raid)
        prepared = time.perf_counter() - start
        print(
            f"Plan imported with {raid:,} RAID items ({raid * RAID_LINKS:,} links), last week's "
            f"report, {edits} edits and {raid_edits} RAID items each closed, escalated and raised "
            f"in {prepared:.1f} s (not timed)"
        )
        print(f"Python {sys.version.split()[0]}; as of {as_of}, compared with the report as of {last_week}\n")

        report = folder / "status.xlsx"

        def export() -> Timed:
            return timed_export(service, ExportRequest(report, as_of=as_of, since="1", label="This week"))

        full = best_of(args.runs, export)
        sheets = read_values(report)
        raw = best_of(args.runs, lambda: raw_dump(sheets, folder / "raw.xlsx"))
        held_before_writing: list[int] = []

        def note_memory(_fraction: float, message: str) -> None:
            if message.startswith("Writing") and not held_before_writing:
                held_before_writing.append(tracemalloc.get_traced_memory()[0])

        def watched_export() -> None:
            export_report(service, ExportRequest(report, as_of=as_of, since="1"), note_memory)

        export_peak = peak_memory(watched_export) if args.memory else 0
        raw_peak = peak_memory(lambda: raw_dump(sheets, folder / "raw.xlsx")) if args.memory else 0

    table = Table()
    table.add(f"Status report, full audience (best of {args.runs})")
    add_export_rows(table, full, raw, sheets)
    table.add(
        "  workbook size",
        megabytes(report.stat().st_size),
        f"{report.stat().st_size / (folder / 'raw.xlsx').stat().st_size:.2f}x",
        "of the raw dump's file",
    )
    if args.memory:
        table.add("Peak Python memory (tracemalloc, one run each)")
        held = held_before_writing[0] if held_before_writing else 0
        table.add("  raw dump (its values already in memory)", megabytes(raw_peak), "1.0x")
        table.add(
            "  export_report, writing the workbook",
            megabytes(export_peak - held),
            f"{(export_peak - held) / raw_peak:.2f}x",
            "of raw: peak above what it held when the first sheet began (rows are streamed)",
        )
        table.add(
            "  export_report, whole",
            megabytes(export_peak),
            "",
            f"of which {megabytes(held)} is the plan, its analysis and the two states compared",
        )
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    table.add("  process max RSS", megabytes(peak_rss), "", "whole run, plan generation included")
    print(table.render())
    return 0


def add_export_rows(
    table: Table, full: Timed, raw: Timed, sheets: Sheets, baseline: str = "the same values"
) -> None:
    """The export against a raw openpyxl dump of its own values, with the time of each phase."""
    ratio = full.seconds / raw.seconds
    table.add(
        f"  raw openpyxl write-only dump of {baseline}",
        seconds(raw.seconds),
        "1.0x",
        f"baseline: {sheets.cells:,} values on {len(sheets.names)} sheets, no styles",
    )
    table.add(
        "  export_report (read, analyse, compare, write, snapshot)",
        seconds(full.seconds),
        f"{ratio:.2f}x",
        f"goal <= {EXPORT_GOAL}x: {'PASS' if ratio <= EXPORT_GOAL else 'ABOVE GOAL'}",
    )
    for message, spent in full.parts.items():
        table.add(f"    {message.rstrip('…')}", seconds(spent), f"{spent / raw.seconds:.2f}x", "of raw")


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_report", __doc__, runs=2)
    parser.add_argument("--no-memory", dest="memory", action="store_false", help="skip the tracemalloc runs")
    parser.add_argument(
        "--raid",
        type=int,
        default=None,
        metavar="ITEMS",
        help="RAID items in the plan (0: none; default N/10)",
    )
    args, plan = benchmark_arguments(parser, argv)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-report-") as folder:
        return run(args, plan, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
