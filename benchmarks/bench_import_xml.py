"""Benchmark importing a plan saved as MS Project XML against what that costs at the least.

The generated plan (20,000 workstreams and 40,000 dependencies by default) is imported into a
migration file and exported from it with ``export_plan``, as MS Project XML and as CSV (the
plan Migrator hands back; not timed against the goal). Then, in this process, best of
``--runs``, with a full garbage collection before each run:

- (a) a bare ``xml.etree.ElementTree.parse`` of the XML: reading the file at all;
- (b) today's CSV import: ``import_plan`` of the CSV into a new file;
- (c) ``import_plan`` of the XML into a new file: the MS Project import.

The goal is c / (a + b) <= 2: reading MS Project's format costs at most one more parse of the
file and one more import of the same plan.

    python -m benchmarks.bench_import_xml [--workstreams 20000] [--runs 3] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench_store import Table, Timed, best_of, megabytes, seconds
from benchmarks.generate import GeneratedPlan, benchmark_arguments, benchmark_parser, write_migration
from migrator.domain.errors import MigratorError

GOAL = 2.0  # the MS Project import at most twice a bare parse plus the CSV import


def parse_xml(path: Path) -> Timed:
    """Baseline: the whole file through ElementTree, nothing made of it."""
    start = time.perf_counter()
    root = ET.parse(path).getroot()
    return Timed(time.perf_counter() - start, counts=(len(root),))


def import_into_new_file(plan: Path, target: Path) -> Timed:
    """``import_plan`` of ``plan`` into a new migration file (removed first)."""
    from migrator.services.plan_import import import_plan

    target.unlink(missing_ok=True)
    start = time.perf_counter()
    report = import_plan(plan, target, name="Benchmark migration")
    elapsed = time.perf_counter() - start
    return Timed(elapsed, counts=(len(report.workstreams_created),))


def export(migration: Path, xml: Path, csv: Path) -> tuple[Timed, Timed]:
    """The plan written as MS Project XML and as CSV, each timed (for information)."""
    from migrator.services import MigrationService
    from migrator.services.plan_export import export_plan

    with MigrationService.open(migration) as service:
        start = time.perf_counter()
        as_xml = export_plan(service, xml)
        written_xml = time.perf_counter()
        as_csv = export_plan(service, csv)
        written_csv = time.perf_counter()
    return (
        Timed(written_xml - start, counts=(as_xml.workstreams, as_xml.dependencies)),
        Timed(written_csv - written_xml, counts=(as_csv.workstreams, as_csv.dependencies)),
    )


def run(args: argparse.Namespace, plan: GeneratedPlan, folder: Path) -> int:
    migration, xml, csv = folder / "source.migrator", folder / "plan.xml", folder / "plan.csv"
    for stale in (migration, xml, csv):
        stale.unlink(missing_ok=True)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(
        f"Migrator MS Project XML import benchmark: {len(plan.rows):,} workstreams, "
        f"{len(plan.edges):,} dependencies, {len(plan.teams)} teams, seed {args.seed}"
    )
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}, files in {folder}\n")

    start = time.perf_counter()
    write_migration(plan, migration)
    made = time.perf_counter() - start
    as_xml, as_csv = export(migration, xml, csv)
    table = Table()
    table.add("The plan")
    table.add("  generate + import into a .migrator", seconds(made), "", "informational")
    table.add("  export_plan as MS Project XML", seconds(as_xml.seconds), "", megabytes(xml.stat().st_size))
    table.add("  export_plan as CSV", seconds(as_csv.seconds), "", megabytes(csv.stat().st_size))

    parsed = best_of(args.runs, lambda: parse_xml(xml))
    from_csv = best_of(args.runs, lambda: import_into_new_file(csv, folder / "from-csv.migrator"))
    table.add(f"Import (best of {args.runs})")
    table.add("  (a) ElementTree.parse of the XML", seconds(parsed.seconds), "", "baseline")
    table.add(
        "  (b) import_plan of the CSV, new file",
        seconds(from_csv.seconds),
        "",
        f"{from_csv.counts[0]:,} workstreams created",
    )
    floor = parsed.seconds + from_csv.seconds
    table.add("  (a) + (b)", seconds(floor), "1.00x")
    try:
        from_xml = best_of(args.runs, lambda: import_into_new_file(xml, folder / "from-xml.migrator"))
    except MigratorError as error:
        print(table.render())
        print(f"\n(c) import_plan of the XML refused the file: {error}")
        return 1
    ratio = from_xml.seconds / floor
    verdict = "PASS" if ratio <= GOAL else "ABOVE GOAL"
    table.add(
        "  (c) import_plan of the XML, new file",
        seconds(from_xml.seconds),
        f"{ratio:.2f}x",
        f"c / (a + b), goal <= {GOAL:.0f}x: {verdict} ({from_xml.counts[0]:,} workstreams created)",
    )
    print(table.render())
    if from_xml.counts[0] != len(plan.rows) or from_csv.counts[0] != len(plan.rows):
        print(
            f"warning: the imports created {from_xml.counts[0]:,} (XML) and {from_csv.counts[0]:,} (CSV) "
            f"workstreams; the plan has {len(plan.rows):,}"
        )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = benchmark_parser("bench_import_xml", __doc__, what="import")
    parser.add_argument("--keep", type=Path, default=None, metavar="DIR", help="keep the files in DIR")
    args, plan = benchmark_arguments(parser, argv)
    if args.keep is not None:
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args, plan, args.keep)
    with tempfile.TemporaryDirectory(prefix="migrator-bench-") as folder:
        return run(args, plan, Path(folder))


if __name__ == "__main__":
    sys.exit(main())
