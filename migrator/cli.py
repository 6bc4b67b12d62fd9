"""The ``migrator`` command line: demo, import-plan, info, check, analyze, impact, export,
snapshots and baseline."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from migrator import __version__
from migrator.domain.errors import MigratorError
from migrator.domain.model import Status
from migrator.logs import write_crash_log
from migrator.terminal import EscapingStream, lines_text, one_line, shown

if TYPE_CHECKING:  # the commands import the services lazily, so `--help` starts fast
    from migrator.analysis.plan_state import SnapshotInfo
    from migrator.services import MigrationService

EXIT_OK, EXIT_UNHEALTHY, EXIT_BAD_INPUT = 0, 1, 2
EXIT_BROKEN_PIPE = 141  # as a shell reports a command that SIGPIPE ended


class UsageError(MigratorError):
    """The command line itself is wrong (a bad date, a missing argument)."""


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date; use YYYY-MM-DD") from None


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of exiting, so every error reads the same."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="migrator", description="Coordinate a large cross-team migration.")
    parser.add_argument("--version", action="version", version=f"migrator {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    demo = commands.add_parser("demo", help="write the card-fleet replacement demo migration")
    demo.add_argument("file", type=Path)
    demo.add_argument("--as-of", type=iso_date, help="date the demo is laid out around (default: today)")

    plan = commands.add_parser("import-plan", help="import workstreams from a CSV or .xlsx plan")
    plan.add_argument("plan", type=Path)
    plan.add_argument("--into", type=Path, required=True, help="migration file (created when missing)")
    plan.add_argument("--name", help="migration name when the file is created (default: plan file name)")
    plan.add_argument("--start", type=iso_date, help="migration start date")
    plan.add_argument("--target", type=iso_date, help="target go-live date")
    plan.add_argument("--sheet", help="worksheet to read (default: the first)")
    plan.add_argument("--default-team", default="Unassigned", help="team for rows without one")
    plan.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    plan.add_argument("--as-of", type=iso_date, help="date used for status moves (default: today)")

    info = commands.add_parser("info", help="name, dates and counts per team and status")
    info.add_argument("file", type=Path)

    check = commands.add_parser("check", help="integrity, schema revision and application id")
    check.add_argument("file", type=Path)

    analyze = commands.add_parser(
        "analyze", help="forecast, critical path, health with reasons and dependency conflicts"
    )
    analyze.add_argument("file", type=Path)
    analyze.add_argument("--as-of", type=iso_date, help="date the plan is judged at (default: today)")
    analyze.add_argument("--json", action="store_true", help="print the whole analysis as JSON")

    impact = commands.add_parser("impact", help="what moves if one workstream slips (changes nothing)")
    impact.add_argument("file", type=Path)
    impact.add_argument("key", help="the workstream that slips, e.g. BNK-3")
    how_far = impact.add_mutually_exclusive_group(required=True)
    how_far.add_argument("--slip", type=int, metavar="N", help="working days it finishes later")
    how_far.add_argument("--due", type=iso_date, metavar="YYYY-MM-DD", help="the date it would finish")
    impact.add_argument("--as-of", type=iso_date, help="date the plan is judged at (default: today)")
    impact.add_argument("--json", action="store_true", help="print the impact as JSON")

    export = commands.add_parser("export", help="write the Excel status report and keep its snapshot")
    export.add_argument("file", type=Path)
    export.add_argument("-o", "--output", type=Path, required=True, metavar="REPORT.xlsx")
    export.add_argument("--as-of", type=iso_date, help="date the report is as of (default: today)")
    export.add_argument(
        "--audience",
        choices=("full", "executive", "team"),
        default="full",
        help="full: every sheet; executive: the one-page summary and the changes; team: one team's view",
    )
    export.add_argument("--team", metavar="CODE", help="the team, for --audience team (e.g. BNK)")
    export.add_argument(
        "--since",
        metavar="SNAPSHOT",
        help="snapshot to compare with: number or as-of date (default: the last report as of an earlier day)",
    )
    export.add_argument("--label", default="", help="a name for this report, e.g. 'Week 9'")
    export.add_argument(
        "--no-snapshot", action="store_true", help="don't keep this report's state in the file"
    )

    snapshots = commands.add_parser("snapshots", help="list the snapshots kept by earlier exports")
    snapshots.add_argument("file", type=Path)

    baseline = commands.add_parser(
        "baseline", help="set the baseline dates from a snapshot (default: the plan as it is now)"
    )
    baseline.add_argument("file", type=Path)
    baseline.add_argument("--snapshot", metavar="ID", help="snapshot number or as-of date (see snapshots)")
    baseline.add_argument("--as-of", type=iso_date, help="date the plan is judged at (default: today)")
    # Who history and reports credit, before or after the command's name.
    said = "who history and reports credit (default: $MIGRATOR_USER, else your account's full name)"
    parser.add_argument("--user", metavar="NAME", help=said)
    for command in commands.choices.values():
        command.add_argument("--user", metavar="NAME", default=argparse.SUPPRESS, help=said)
    return parser


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
    from migrator.analysis.json_text import indented_json
    from migrator.analysis.report import analysis_json, summary_lines
    from migrator.services import MigrationService

    with MigrationService.open(args.file) as service:
        analysis = service.analyse(args.as_of)
    if args.json:
        return indented_json(analysis_json(analysis))
    return lines_text(summary_lines(analysis))


def run_impact(args: argparse.Namespace) -> int:
    from migrator.analysis.json_text import indented_json
    from migrator.analysis.report import impact_json, impact_lines
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


COMMANDS = {
    "demo": run_demo,
    "import-plan": run_import_plan,
    "info": run_info,
    "check": run_check,
    "analyze": run_analyze,
    "impact": run_impact,
    "export": run_export,
    "snapshots": run_snapshots,
    "baseline": run_baseline,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; bad input is one line on stderr and exit code 2, never a traceback.

    Everything printed, to stdout or stderr, goes through ``shown``: plan text that holds
    terminal control characters is shown escaped, never obeyed by the terminal."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = cast(TextIO, EscapingStream(out)), cast(TextIO, EscapingStream(err))
    try:
        return _run(argv)
    finally:
        sys.stdout, sys.stderr = out, err


def _run(argv: Sequence[str] | None) -> int:
    try:
        args = build_parser().parse_args(argv)
        from migrator.services.who import acting_as

        with acting_as(args.user):
            code = COMMANDS[args.command](args)
        sys.stdout.flush()  # a reader that went away (`| head -1`) shows here, not at exit
        return code
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except MigratorError as error:
        print(f"migrator: {_message(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("migrator: interrupted; nothing was half-written.", file=sys.stderr)
        return 130
    except Exception as error:  # a bug: keep the details in the log, not on the screen
        logged = write_crash_log(traceback.format_exc())
        where = f"details in {logged}" if logged else "no crash log could be written"
        print(f"migrator: unexpected error ({type(error).__name__}: {error}); {where}", file=sys.stderr)
        return EXIT_UNHEALTHY


def _message(error: MigratorError) -> str:
    """The error's message with the plan text in it kept on its line: one line per problem for
    a message that lists them (a plan's or a file's bad values), else one line."""
    text = str(error)
    problems = [str(problem) for problem in getattr(error, "problems", ())]
    for problem in problems:
        text = text.replace(problem, one_line(problem))
    return text if problems else one_line(text)


def _silence_stdout() -> None:
    """The reader of stdout is gone: send what is still buffered to devnull, so that the exit's
    own flush does not fail again (the recipe of Python's signal docs, "Note on SIGPIPE")."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is no real file (captured by a test harness)
        pass


if __name__ == "__main__":
    sys.exit(main())
