"""Benchmark the status report export against a raw openpyxl dump of the same cells.

The plan is generated and imported (not timed), exported once as last week's report,
then edited (a week of stand-ups) so the measured export has real changes to list. The
measured export is everything ``migrator export`` does: read and analyse the plan, compare
with the snapshot, write every sheet with its styles and conditional formatting, keep the
new snapshot and move the file into place. The baseline reads that workbook's values back
(not timed) and writes the very same values with openpyxl's write-only mode, no styles.

    python -m benchmarks.bench_report [--workstreams 20000] [--runs 2]
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
from datetime import timedelta
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
from migrator.services import MigrationService
from migrator.services.reporting import ExportRequest, export_report

EXPORT_GOAL = 1.3  # the whole export at most 1.3x the raw dump of its cell values
EDITS = 200  # workstreams edited between the two reports


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
    with MigrationService.open(migration, today=lambda: as_of) as service:
        export_report(service, ExportRequest(folder / "last-week.xlsx", as_of=last_week, label="Last week"))
        edits = min(EDITS, n // 4)
        edit_a_week(service, edits)
        prepared = time.perf_counter() - start
        print(f"Plan imported, last week's report and {edits} edits in {prepared:.1f} s (not timed)")
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
    args, plan = benchmark_arguments(parser, argv)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-report-") as folder:
        return run(args, plan, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
