"""What each ``migrator`` command does: its run function, given the parsed arguments, prints
its answer and returns the exit code. The services are imported inside each, so ``--help``
starts fast."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from migrator.domain.model import Status
from migrator.terminal import lines_text, one_line, shown

if TYPE_CHECKING:
    from migrator.analysis.plan_state import SnapshotInfo
    from migrator.services import MigrationService

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2


def run_demo(args: argparse.Namespace) -> int:
    from migrator.services.demo import write_demo

    path = write_demo(args.file, args.as_of or date.today())
    print(f"Wrote the demo migration to {path}")
    return EXIT_OK


def run_import_plan(args: argparse.Namespace) -> int:
    from migrator.services.plan_import import import_plan

    report = import_plan(
        args.plan,
        args.into,
        name=args.name,
        start=args.start,
        target=args.target,
        sheet=args.sheet,
        default_team=args.default_team,
        dry_run=args.dry_run,
        today=args.as_of,
    )
    print(lines_text(report.summary_lines()))
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    from migrator.services import MigrationService

    with MigrationService.open(args.file) as service:  # opening upgrades an older file, as the window does
        print(lines_text(info_lines(service)))
    return EXIT_OK


def info_lines(service: MigrationService) -> list[str]:
    migration = service.migration()
    workstreams = service.workstreams()
    go_live = next((w for w in workstreams if w.id == migration.go_live_milestone_id), None)
    lines = [
        migration.name,
        f"  start:             {_date(migration.start)}",
        f"  target go-live:    {_date(migration.target_go_live)}",
        f"  go-live milestone: {f'{go_live.key} {go_live.title}' if go_live else '—'}",
        f"  workstreams:       {len(workstreams)} ({sum(w.is_milestone for w in workstreams)} milestones)",
        f"  dependencies:      {len(service.dependencies())}",
        "",
    ]
    statuses = list(Status)
    header = ["Team", "Code", "Total", *(s.label for s in statuses)]
    rows = [
        [s.team.name, s.team.code, str(s.workstreams), *(str(s.by_status.get(st, 0)) for st in statuses)]
        for s in service.team_summaries()
    ]
    totals = ["All teams", "", str(len(workstreams))]
    totals += [str(sum(w.status == st for w in workstreams)) for st in statuses]
    lines += _table(header, [*rows, totals])
    if service.read_only:
        lines += ["", "This file is read-only: it can be viewed, not changed."]
    return lines


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"


def _table(header: list[str], rows: list[list[str]], numeric: Sequence[int] | None = None) -> list[str]:
    """A plain text table; ``numeric`` columns are right-aligned (default: all but the first).
    Cells are measured as they will show, escapes included, so plan text cannot skew the columns."""
    header, rows = [shown(one_line(c)) for c in header], [[shown(one_line(c)) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    right = set(range(1, len(header)) if numeric is None else numeric)

    def line(cells: list[str]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in pairs).rstrip()

    return [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)]


def run_check(args: argparse.Namespace) -> int:
    from migrator.store.database import check_file

    result = check_file(args.file)  # a file that is not a readable Migrator file raises
    print(f"{args.file}: {'healthy' if result.healthy else 'PROBLEMS FOUND'}")
    for line in result.lines:
        print(f"  {one_line(line)}")
    return EXIT_OK if result.healthy else EXIT_UNHEALTHY


def run_analyze(args: argparse.Namespace) -> int:
    from migrator.analysis.collector import collector_paused

    # The analysis, its results and rows are a million small objects without cycles, freed
    # by reference counting when the text is written: resuming the collector only then spares
    # it walking them all (0.1-0.5 s at 20,000 workstreams) for nothing to collect.
    with collector_paused():
        text = _analysis_text(args)
    print(text)
    return EXIT_OK


def _analysis_text(args: argparse.Namespace) -> str:
    from migrator.cli.analysis_text import analysis_json, summary_lines
    from migrator.cli.json_text import indented_json
    from migrator.services import MigrationService

    with MigrationService.open(args.file) as service:
        analysis = service.analyse(args.as_of)
    if args.json:
        return indented_json(analysis_json(analysis))
    return lines_text(summary_lines(analysis))


def run_impact(args: argparse.Namespace) -> int:
    from migrator.cli.analysis_text import impact_json, impact_lines
    from migrator.cli.json_text import indented_json
    from migrator.services import MigrationService

    with MigrationService.open(args.file) as service:
        analysis = service.analyse(args.as_of)
    impact = analysis.slip_impact(args.key, days=args.slip, new_due=args.due)
    if args.json:
        print(indented_json(impact_json(impact)))
    else:
        print(lines_text(impact_lines(impact, analysis)))
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    from migrator.reports import Audience
    from migrator.services import MigrationService
    from migrator.services.reporting import ExportRequest, export_report

    request = ExportRequest(
        output=args.output,
        as_of=args.as_of,
        audience=Audience(args.audience),
        team=args.team,
        since=args.since,
        label=args.label,
        keep_snapshot=not args.no_snapshot,
    )
    with MigrationService.open(args.file) as service:
        result = export_report(service, request)
    print(f"Wrote {result.path} ({', '.join(result.sheets)})")
    if result.compared_with is None:
        print("  First report: nothing to compare with.")
    else:
        print(f"  Compared with {_snapshot_name(result.compared_with)}: {result.changes} change(s)")
    if result.snapshot is not None:
        print(f"  Kept as {_snapshot_name(result.snapshot)}")
    return EXIT_OK


def run_snapshots(args: argparse.Namespace) -> int:
    from migrator.services import MigrationService

    with MigrationService.open(args.file) as service:
        known = service.snapshots()
    if not known:
        print(f"{args.file.name} keeps no snapshots yet; each `migrator export` keeps one.")
        return EXIT_OK
    header = ["#", "Taken (UTC)", "As of", "Go-live", "Health", "By", "Audience", "Label"]
    rows = [
        [
            str(s.id),
            s.taken_at.strftime("%Y-%m-%d %H:%M"),
            s.as_of.isoformat(),
            _date(s.projected_go_live),
            s.overall_health.value,
            s.actor,
            s.audience,
            s.label,
        ]
        for s in known
    ]
    print(lines_text(_table(header, rows, numeric=(0,))))
    return EXIT_OK


def run_baseline(args: argparse.Namespace) -> int:
    from migrator.services import MigrationService
    from migrator.services.reporting import take_baseline

    with MigrationService.open(args.file) as service:
        result = take_baseline(service, snapshot=args.snapshot, as_of=args.as_of)
    print(
        f"Baseline set from {_snapshot_name(result.snapshot)}: "
        f"{result.changed} workstream(s) got new baseline dates."
    )
    return EXIT_OK


def _snapshot_name(snapshot: SnapshotInfo) -> str:
    label = f" '{one_line(snapshot.label)}'" if snapshot.label else ""
    return f"snapshot #{snapshot.id}{label} (as of {snapshot.as_of.isoformat()})"
