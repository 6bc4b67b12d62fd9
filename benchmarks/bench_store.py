"""Benchmark plan import and loading a large migration file through the service layer."""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import pstats
import resource
import sqlite3
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.generate import benchmark_parser, generate_plan, write_xlsx

LOAD_GOAL = 3.0  # service open + load at most 3x a raw sqlite3 select of the same rows

# The rows the service returns, with the same columns and order (see store/plan_reader.py).
RAW_WORKSTREAMS = """
    SELECT w.id, w.key, w.title, w.team_id, t.code, t.name, w.owner_id, p.name,
           w.status, w.planned_start, w.planned_due, w.actual_start, w.actual_finish,
           w.progress, w.is_milestone, w.description, w.blocker_note, w.health_override,
           w.health_override_reason, w.baseline_start, w.baseline_due, w.source_ref, w.version
    FROM workstream AS w
    JOIN team AS t ON w.team_id = t.id
    LEFT JOIN person AS p ON w.owner_id = p.id
    ORDER BY t.name, length(w.key), w.key
"""
RAW_DEPENDENCIES = """
    SELECT d.id, d.predecessor_id, d.successor_id, a.key, b.key, d.type, d.lag, d.note, d.version
    FROM dependency AS d
    JOIN workstream AS a ON d.predecessor_id = a.id
    JOIN workstream AS b ON d.successor_id = b.id
    ORDER BY d.id
"""
RAW_TEAMS = """
    SELECT t.id, t.name, t.code, t.colour, t.lead_id, p.name, t.version
    FROM team AS t LEFT JOIN person AS p ON t.lead_id = p.id
    ORDER BY t.name
"""


@dataclass
class Timed:
    seconds: float
    parts: dict[str, float] = field(default_factory=dict)
    counts: tuple[int, ...] = ()


def best_of(runs: int, action: Callable[[], Timed]) -> Timed:
    """The fastest of ``runs`` runs, with a full garbage collection before each."""
    best: Timed | None = None
    for _ in range(runs):
        gc.collect()
        result = action()
        if best is None or result.seconds < best.seconds:
            best = result
    assert best is not None
    return best


# ---------------------------------------------------------------- what is measured


def read_xlsx(path: Path) -> Timed:
    """Baseline: every value of every row, through openpyxl's read-only mode."""
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = [row for row in workbook.worksheets[0].iter_rows(values_only=True)]
    workbook.close()
    return Timed(time.perf_counter() - start, counts=(len(rows) - 1,))


def import_xlsx(xlsx: Path, target: Path, start_date: Any, target_date: Any) -> Timed:
    """The real import path: migrator.services.plan_import.import_plan into a new file."""
    from migrator.services.plan_import import import_plan

    start = time.perf_counter()
    result = import_plan(xlsx, target, name="Benchmark migration", start=start_date, target=target_date)
    close = getattr(result, "close", None)
    if callable(close):
        close()
    return Timed(time.perf_counter() - start)


def service_load(path: Path) -> Timed:
    """Open the file and load everything the main window shows, through the service."""
    from migrator.services import MigrationService

    clock = time.perf_counter
    start = clock()
    service = MigrationService.open(path)
    opened = clock()
    workstreams = service.workstreams()
    loaded_ws = clock()
    dependencies = service.dependencies()
    loaded_deps = clock()
    teams = service.teams()
    loaded_teams = clock()
    service.close()
    end = clock()
    parts = {
        "open": opened - start,
        "workstreams()": loaded_ws - opened,
        "dependencies()": loaded_deps - loaded_ws,
        "teams()": loaded_teams - loaded_deps,
        "close": end - loaded_teams,
    }
    return Timed(end - start, parts, (len(workstreams), len(dependencies), len(teams)))


def service_analyse(path: Path) -> Timed:
    """``MigrationService.analyse``: the plan read in one transaction, then analysed (the file stays open)."""
    from migrator.services import MigrationService

    service = MigrationService.open(path)
    try:
        start = time.perf_counter()
        analysis = service.analyse()
        elapsed = time.perf_counter() - start
    finally:
        service.close()
    return Timed(elapsed, counts=(len(analysis.workstreams),))


def raw_select(path: Path) -> Timed:
    """The floor: the same rows and columns through sqlite3, no conversion at all."""
    start = time.perf_counter()
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        workstreams = conn.execute(RAW_WORKSTREAMS).fetchall()
        dependencies = conn.execute(RAW_DEPENDENCIES).fetchall()
        teams = conn.execute(RAW_TEAMS).fetchall()
    finally:
        conn.close()
    return Timed(time.perf_counter() - start, counts=(len(workstreams), len(dependencies), len(teams)))


def traced_peak(action: Callable[[], Any]) -> int:
    """tracemalloc's peak (bytes) while ``action`` runs (timed separately: tracing is slow)."""
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def profile_load(path: Path, limit: int = 18) -> str:
    """cProfile of ``workstreams()`` and ``dependencies()`` on an open service."""
    from migrator.services import MigrationService

    service = MigrationService.open(path)
    try:
        profiler = cProfile.Profile()
        profiler.enable()
        service.workstreams()
        service.dependencies()
        profiler.disable()
    finally:
        service.close()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(limit)
    return out.getvalue()


# ---------------------------------------------------------------- report


class Table:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str]] = []

    def add(self, label: str, value: str = "", ratio: str = "", note: str = "") -> None:
        self.rows.append((label, value, ratio, note))

    def render(self) -> str:
        widths = [max(len(row[i]) for row in self.rows) for i in range(3)]
        lines = []
        for label, value, ratio, note in self.rows:
            if not value and not ratio:
                lines.append(label)
                continue
            line = f"{label:<{widths[0]}}  {value:>{widths[1]}}  {ratio:<{widths[2]}}  {note}"
            lines.append(line.rstrip())
        return "\n".join(lines)


def seconds(value: float) -> str:
    return f"{value:.3f} s"


def megabytes(value: int) -> str:
    return f"{value / 2**20:.1f} MB"


def run(args: argparse.Namespace, folder: Path) -> int:
    n, m = args.workstreams, args.dependencies if args.dependencies is not None else 2 * args.workstreams
    xlsx = folder / f"bench-{n}.xlsx"
    migration = folder / f"bench-{n}.migrator"
    for stale in (xlsx, migration):
        stale.unlink(missing_ok=True)
    table = Table()

    start = time.perf_counter()
    plan = generate_plan(n, m, args.seed, args.chain_length)
    generated = time.perf_counter() - start
    write_xlsx(plan, xlsx)
    written = time.perf_counter() - start
    cross = sum(1 for e in plan.edges if e.predecessor.split("-")[0] != e.successor.split("-")[0])
    print(
        f"Migrator store benchmark: {len(plan.rows):,} workstreams, {len(plan.edges):,} dependencies "
        f"({cross:,} across teams), {len(plan.teams)} teams, seed {args.seed}"
    )
    print(f"Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}, files in {folder}\n")

    table.add("Import")
    table.add(
        "  generate plan + write .xlsx", seconds(written), "", f"informational (plan {generated:.2f} s)"
    )
    gc.collect()
    baseline = read_xlsx(xlsx)
    table.add("  openpyxl read-only iteration", seconds(baseline.seconds), "1.0x", "baseline")
    gc.collect()
    imported = import_xlsx(xlsx, migration, plan.start, plan.target)
    ratio = imported.seconds / baseline.seconds
    table.add("  import_plan into a new file", seconds(imported.seconds), f"{ratio:.1f}x", "of openpyxl read")

    raw = best_of(args.runs, lambda: raw_select(migration))
    load = best_of(args.runs, lambda: service_load(migration))
    if load.counts != (len(plan.rows), len(plan.edges), len(plan.teams)):
        print(f"warning: the service loaded {load.counts}, the plan has "
              f"{(len(plan.rows), len(plan.edges), len(plan.teams))}")  # fmt: skip
    ratio = load.seconds / raw.seconds
    verdict = "PASS" if ratio <= LOAD_GOAL else "ABOVE GOAL"
    table.add(f"Load (best of {args.runs})")
    table.add("  raw sqlite3 select, same rows", seconds(raw.seconds), "1.0x", "baseline")
    table.add(
        "  service open + load",
        seconds(load.seconds),
        f"{ratio:.2f}x",
        f"goal <= {LOAD_GOAL:.0f}x: {verdict}",
    )
    for part, value in load.parts.items():
        table.add(f"    {part}", seconds(value), f"{value / raw.seconds:.1f}x")
    analysed = best_of(args.runs, lambda: service_analyse(migration))
    table.add(
        "  service.analyse(): read + analysis",
        seconds(analysed.seconds),
        f"{analysed.seconds / raw.seconds:.2f}x",
        "informational: what the window redoes after an edit",
    )

    load_peak = traced_peak(lambda: service_load(migration))
    raw_peak = traced_peak(lambda: raw_select(migration))
    table.add("Memory")
    table.add("  tracemalloc peak, service load", megabytes(load_peak), f"{load_peak / raw_peak:.1f}x")
    table.add("  tracemalloc peak, raw select", megabytes(raw_peak), "1.0x", "baseline")
    table.add("  process max RSS (getrusage)", megabytes(max_rss_bytes()))
    print(table.render())

    if args.profile:
        print("\ncProfile of workstreams() + dependencies(), by own time:\n")
        print(profile_load(migration))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_store", __doc__, what="load")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep the files in DIR")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of the load")
    args = parser.parse_args(argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args, args.keep)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-") as folder:
        return run(args, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
