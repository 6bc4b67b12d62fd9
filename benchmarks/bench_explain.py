"""Benchmark the explanations (every health reason) on plans with short and long dependency chains.

For each chain length, the plan is generated and imported (not timed). Then, in this process:

- ``migrator analyze --json`` exactly as the command line runs it (open the file, read and analyse
  the plan, write every reason, dump the JSON) against a baseline of a raw ``sqlite3`` read of the
  same rows, a bare forward pass (every link finish-to-start plus its lag, calendar days) and a
  ``json.dumps`` of each workstream with the dates it found;
- the same command with every reason left out, and the difference: what the explanations
  themselves cost, and the floor that no faster explanation could go below;
- the status report export (as ``bench_report`` measures it, after last week's report and a week
  of edits) against a raw openpyxl write-only dump of its own cells.

    python -m benchmarks.bench_explain [--workstreams 20000] [--chain-lengths 10,400] [--runs 3]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import gc
import io
import json
import pstats
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from benchmarks.bench_analysis import BareInputs, bare_kernel, plan_as_of
from benchmarks.bench_report import (
    EDITS,
    add_export_rows,
    edit_a_week,
    raw_dump,
    read_values,
    timed_export,
)
from benchmarks.bench_store import Table, Timed, best_of, seconds
from benchmarks.generate import GeneratedPlan, benchmark_parser, chained_links, generate_plan, write_migration
from migrator import cli
from migrator.analysis.collector import collector_paused
from migrator.analysis.health import HealthJudge
from migrator.cli.analysis_text import analysis_json
from migrator.cli.json_text import indented_json
from migrator.services import MigrationService
from migrator.services.reporting import ExportRequest, export_report
from migrator.terminal import shown

ANALYZE_GOAL = 2.5  # analyze --json, every reason written, at most 2.5x the bare read, pass and dump
REASONS_GOAL = 1.0  # every reason's own cost (with them less without) at most the baseline's time
CHAIN_LENGTHS = (10, 400)  # short chains, and long ones where a late step pushes hundreds after it

RAW_ROWS = """
    SELECT w.id, w.key, w.title, t.name, w.status, w.is_milestone, w.planned_start, w.planned_due
    FROM workstream AS w JOIN team AS t ON w.team_id = t.id
    ORDER BY t.name, length(w.key), w.key
"""
RAW_LINKS = "SELECT predecessor_id, successor_id, lag FROM dependency ORDER BY id"


def raw_analyze(path: Path) -> str:
    """The baseline: a raw read, a bare forward pass and a JSON dump of what it found."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        rows = conn.execute(RAW_ROWS).fetchall()
        links = conn.execute(RAW_LINKS).fetchall()
    finally:
        conn.close()
    index = {row[0]: i for i, row in enumerate(rows)}
    earliest, duration = [], []
    for row in rows:
        first = date.fromisoformat(row[6]).toordinal()
        earliest.append(first)
        duration.append(0 if row[5] else date.fromisoformat(row[7]).toordinal() + 1 - first)
    finish = bare_kernel(
        BareInputs(
            earliest,
            duration,
            [index[pred] for pred, _succ, _lag in links],
            [index[succ] for _pred, succ, _lag in links],
            [lag for _pred, _succ, lag in links],
        )
    )
    found = [
        {
            "key": key,
            "title": title,
            "team": team,
            "status": status,
            "milestone": bool(milestone),
            "forecast_start": date.fromordinal(end - length).isoformat(),
            "forecast_finish": date.fromordinal(end - (0 if milestone else 1)).isoformat(),
        }
        for (_id, key, title, team, status, milestone, _start, _due), end, length in zip(
            rows, finish, duration, strict=True
        )
    ]
    return json.dumps({"workstreams": found}, indent=2, ensure_ascii=False)


def analyze_json(path: Path, as_of: date) -> str:
    """``migrator analyze FILE --json --as-of DAY``, in this process; what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(["analyze", str(path), "--json", "--as-of", as_of.isoformat()])
    if status != 0:
        raise RuntimeError(f"migrator analyze ended with status {status}")
    return out.getvalue()


def timed_text(make: Any, *args: Any) -> Timed:
    """CPU seconds: both sides run in this one thread, and a busy machine's waits are not theirs."""
    start = time.process_time()
    text = make(*args)
    return Timed(time.process_time() - start, counts=(len(text),))


@contextlib.contextmanager
def reasons_left_out() -> Iterator[None]:
    """Every workstream explained by no reason at all: the same run, less what the reasons cost."""
    given = HealthJudge.reasons
    HealthJudge.reasons = lambda _judge, _node: ()  # type: ignore[method-assign, assignment]
    try:
        yield
    finally:
        HealthJudge.reasons = given  # type: ignore[method-assign]


def analyze_json_without_reasons(path: Path, as_of: date) -> str:
    with reasons_left_out():
        return analyze_json(path, as_of)


def push_chains(printed: str) -> tuple[int, int]:
    """How many workstreams a predecessor pushed, and the longest run of pushes, from the
    ``pushed by`` the reasons name (the JSON's own words, so the figure is the output's)."""
    rows = json.loads(printed)["workstreams"]
    pushed = {
        row["key"]: reason.split(", pushed by ", 1)[1].split(" ", 1)[0]
        for row in rows
        for reason in row["health_reasons"]
        if ", pushed by " in reason
    }
    depth: dict[str, int] = {}
    for key in pushed:
        trail = []
        while key in pushed and key not in depth:
            trail.append(key)
            key = pushed[key]
        known = depth.get(key, 0)
        for step in reversed(trail):
            known += 1
            depth[step] = known
    return len(pushed), max(depth.values(), default=0)


def step_times(path: Path, as_of: date, runs: int) -> str:
    """CPU seconds of each step ``migrator analyze --json`` takes, best of ``runs`` each, taken
    as ``migrator.cli.commands`` (``_analysis_text``, ``run_analyze``) takes them."""
    clock, best = time.process_time, dict[str, float]()

    def mark(step: str, since: float) -> float:
        now = clock()
        best[step] = min(best.get(step, now - since), now - since)
        return now

    for _ in range(runs):
        gc.collect()
        with collector_paused():
            at = clock()
            with MigrationService.open(path) as service:
                at = mark("opening and checking the file", at)
                analysis = service.analyse(as_of)
                at = mark("reading the plan, scheduling, judging health", at)
            made = analysis_json(analysis)
            at = mark("every result with its reasons, as JSON rows", at)
            text = indented_json(made)
            at = mark("the JSON text", at)
            shown(text)
            at = mark("escaping control characters for the terminal", at)
            del analysis, made, text
            mark("freeing the analysis", at)
    return "\n".join(f"  {step:<48} {spent:.3f} s" for step, spent in best.items())


def profile_analyze(path: Path, as_of: date, limit: int = 20) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    analyze_json(path, as_of)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(limit)
    return out.getvalue()


def measure(args: argparse.Namespace, length: int, folder: Path, table: Table) -> list[str]:
    """One chain length's rows of the table; returns its profile when asked for."""
    start = time.perf_counter()
    plan: GeneratedPlan = generate_plan(args.workstreams, args.dependencies, args.seed, length)
    name = f"chains-{length}-{len(plan.rows)}-{len(plan.edges)}-{args.seed}.migrator"
    kept = args.keep / name if args.keep is not None else folder / name
    if not kept.exists():  # imported beside the measured copy, then moved: never half a plan kept
        shutil.move(write_migration(plan, folder / "imported.migrator"), kept)
    path = Path(shutil.copy(kept, folder / "measured.migrator"))  # the export adds to it
    as_of = plan_as_of(plan)
    printed = analyze_json(path, as_of)
    pushed, longest = push_chains(printed)
    print(
        f"Chains of {length}: {len(plan.rows):,} workstreams, {len(plan.edges):,} dependencies, as of "
        f"{as_of}; {pushed:,} pushed by a predecessor, the longest run of pushes {longest:,} "
        f"(generated and imported or copied in {time.perf_counter() - start:.0f} s, not timed)"
    )
    table.add(f"Chains of {length}")
    raw = best_of(args.runs, lambda: timed_text(raw_analyze, path))
    full = best_of(args.runs, lambda: timed_text(analyze_json, path, as_of))
    bare = best_of(args.runs, lambda: timed_text(analyze_json_without_reasons, path, as_of))
    ratio = full.seconds / raw.seconds
    reasons = max(full.seconds - bare.seconds, 0.0) / raw.seconds
    table.add(
        "  raw sqlite3 read, bare forward pass, json.dumps",
        seconds(raw.seconds),
        "1.0x",
        f"baseline: {raw.counts[0] / 2**20:.1f} MB of JSON",
    )
    table.add(
        "  migrator analyze --json (every reason written)",
        seconds(full.seconds),
        f"{ratio:.2f}x",
        f"{full.counts[0] / 2**20:.1f} MB of JSON; goal <= {ANALYZE_GOAL}x: "
        f"{'PASS' if ratio <= ANALYZE_GOAL else 'ABOVE GOAL'}",
    )
    table.add(
        "  the same with every reason left out",
        seconds(bare.seconds),
        f"{bare.seconds / raw.seconds:.2f}x",
        f"{bare.counts[0] / 2**20:.1f} MB of JSON; the floor for any faster explanation",
    )
    table.add(
        "  every reason's own cost (the difference)",
        seconds(max(full.seconds - bare.seconds, 0.0)),
        f"{reasons:.2f}x",
        f"goal <= {REASONS_GOAL}x: {'PASS' if reasons <= REASONS_GOAL else 'ABOVE GOAL'}",
    )
    if args.export:
        export_rows(args, plan, path, as_of, folder, table)
    if not args.profile:
        return []
    return [f"{step_times(path, as_of, args.runs)}\n\n{profile_analyze(path, as_of)}"]


def export_rows(
    args: argparse.Namespace, plan: GeneratedPlan, path: Path, as_of: date, folder: Path, table: Table
) -> None:
    """The export against a raw dump of its cells, prepared as ``bench_report`` prepares it."""
    report = folder / "status.xlsx"
    with MigrationService.open(path, today=lambda: as_of) as service:
        last_week = ExportRequest(
            folder / "last-week.xlsx", as_of=as_of - timedelta(days=7), label="Last week"
        )
        export_report(service, last_week)
        edit_a_week(service, min(EDITS, len(plan.rows) // 4))
        request = ExportRequest(report, as_of=as_of, since="1", label="This week")
        full = best_of(args.runs, lambda: timed_export(service, request))
    sheets = read_values(report)
    raw = best_of(args.runs, lambda: raw_dump(sheets, folder / "raw.xlsx"))
    add_export_rows(table, full, raw, sheets, baseline="the export's values")


def chain_lengths(text: str) -> tuple[int, ...]:
    try:
        lengths = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"chain lengths are whole numbers separated by commas: {text!r}"
        ) from None
    if not lengths or min(lengths) < 1:
        raise argparse.ArgumentTypeError(f"each chain length is at least 1: {text!r}")
    return lengths


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_explain", __doc__, chains=False)
    parser.add_argument(
        "--chain-lengths",
        type=chain_lengths,
        default=CHAIN_LENGTHS,
        metavar="L,L",
        help=f"the plans measured, one per chain length (default {','.join(map(str, CHAIN_LENGTHS))})",
    )
    parser.add_argument("--no-export", dest="export", action="store_false", help="skip the export")
    parser.add_argument(
        "--keep", type=Path, default=None, metavar="DIR", help="keep the imported plans in DIR and reuse them"
    )
    parser.add_argument(
        "--profile", action="store_true", help="also print analyze --json's steps and a cProfile of it"
    )
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    n = args.workstreams
    m = 2 * n if args.dependencies is None else args.dependencies
    for length in args.chain_lengths:  # checked before the long runs start
        if n < 1 or not chained_links(n, length) <= m <= n * (n - 1) // 2:
            parser.error(f"{n} workstreams in chains of {length} cannot carry {m} links")
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
    print(f"Migrator explanations benchmark: best of {args.runs}; Python {sys.version.split()[0]}\n")
    table = Table()
    profiles: list[str] = []
    with tempfile.TemporaryDirectory(prefix="migrator-bench-explain-") as folder:
        for length in args.chain_lengths:
            profiles += measure(args, length, Path(folder), table)
    print(f"\n{table.render()}")
    for length, profile in zip(args.chain_lengths, profiles, strict=False):
        print(
            f"\nanalyze --json on chains of {length}, CPU seconds of each step, then a cProfile by own time:"
        )
        print(f"\n{profile}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
